import { useEffect, useId, useRef } from 'react';
import { lessonLinkHref, type Lesson, type LessonLink } from '../../core';
import { isJudgeable, lessonRunOf, type LessonRunState } from '../../store';
import { LessonReference } from './LessonReference';

/** The lesson's links, plus the trainer with its configuration where the lesson has none. */
function linksOf(lesson: Lesson): readonly LessonLink[] {
  if (lesson.links.some((l) => l.kind === 'trainer')) return lesson.links;
  return [...lesson.links, { kind: 'trainer', label: 'This configuration in the trainer' }];
}

/**
 * What the run showed against what the student predicted, the numbers behind it (when the run
 * is still in this page), the explanation and the links to look further.
 */
export function LessonResult({
  lesson,
  predicted,
  observed,
  run,
  focusOnMount,
  onRetry,
}: {
  lesson: Lesson;
  predicted: string | undefined;
  observed: string;
  run: LessonRunState | null;
  /** The run just finished here: the result takes the focus from the run's status. */
  focusOnMount: boolean;
  /** Try again: the step forgets this prediction and result. */
  onRetry: () => void;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  useEffect(() => {
    if (focusOnMount) headingRef.current?.focus();
    // Only when the result appears, not on every later render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const text = (choice: string | undefined) =>
    lesson.choices.find((c) => c.id === choice)?.text ?? 'no prediction';
  const right = predicted === observed;
  const numbers = run && isJudgeable(run) ? lesson.judge(lessonRunOf(run)).observed : null;

  return (
    <section className="lesson-result" aria-labelledby={id} data-testid="lesson-result">
      <h3 id={id} ref={headingRef} tabIndex={-1}>
        What the run showed
      </h3>
      <dl className="lesson-compare">
        <div className={right ? 'is-right' : 'is-wrong'} data-testid="lesson-predicted">
          <dt>You predicted</dt>
          <dd>
            {text(predicted)}{' '}
            <strong className="lesson-badge">{right ? '✓ right' : '✗ not what happened'}</strong>
          </dd>
        </div>
        <div data-testid="lesson-observed">
          <dt>The run showed</dt>
          <dd>{text(observed)}</dd>
        </div>
        {observed !== lesson.answer && (
          <div>
            <dt>The lesson’s answer</dt>
            <dd>
              {text(lesson.answer)} (this run came out differently: small runs vary with the backend
              and the seed)
            </dd>
          </div>
        )}
      </dl>
      {numbers && (
        <p className="lesson-numbers" data-testid="lesson-numbers">
          {numbers}
        </p>
      )}
      {run && isJudgeable(run) && <LessonReference lesson={lesson} run={run} />}
      <p className="lesson-explanation">{lesson.explanation}</p>
      <ul className="lesson-links">
        {linksOf(lesson).map((link) => (
          <li key={link.label}>
            <a href={lessonLinkHref(lesson, link)} data-testid={`lesson-link-${link.kind}`}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="link-button small"
        onClick={onRetry}
        data-testid="lesson-retry"
      >
        Try again: predict and run this step afresh
      </button>
    </section>
  );
}
