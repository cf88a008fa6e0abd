import { useId, useRef, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { LESSONS, lessonConfig, type Lesson, type RunConfig } from '../../core';
import { selectLessonActions, selectLessonBlocker, selectLessons } from '../../store';
import { useAppStore } from '../storeContext';
import { LessonResult } from './LessonResult';
import { LessonRunStatus } from './LessonRunStatus';

/** The configuration in a line: what the student is about to train. */
function configLine(config: RunConfig): string {
  const logits = config.fromLogits ? ', from_logits=True' : '';
  return `${config.labels} labels · ${config.activation} output · ${config.loss}${logits} · ${config.trainSize.toLocaleString('en')} digits, ${config.epochs} epochs`;
}

/**
 * One lesson step: the question, the prediction (a radio group, before anything runs), Run, and
 * once the run is judged the result against the prediction with the explanation.
 */
export function LessonStep({
  lesson,
  step,
  headingRef,
  onStep,
}: {
  lesson: Lesson;
  step: number;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Moves to another step; null when a link keeps the class on this one (no Previous/Next). */
  onStep: ((step: number) => void) | null;
}) {
  const { progress, run } = useAppStore(selectLessons);
  const blocker = useAppStore((state) => selectLessonBlocker(state, lesson));
  const { predictLesson, runLesson, retryLesson } = useAppStore(useShallow(selectLessonActions));
  const choicesRef = useRef<HTMLFieldSetElement>(null);
  const entry = progress[lesson.id];
  const judged = entry?.observed !== undefined;
  const mine = run?.lessonId === lesson.id ? run : null;
  const statusRef = useRef<HTMLDivElement>(null);
  const name = useId();
  const titleId = `${name}-title`;
  const config = lessonConfig(lesson);

  // Run moves the focus to the run's status, so it is not lost with the disabled button; the
  // result takes it over once judged (LessonResult), and keeps it when it came first (a run
  // Keras refuses is judged at once).
  const run_ = (event: { currentTarget: HTMLButtonElement }) => {
    const button = event.currentTarget;
    void runLesson();
    requestAnimationFrame(() => {
      const active = document.activeElement;
      if (active === null || active === document.body || active === button) {
        statusRef.current?.focus();
      }
    });
  };

  return (
    <article className="panel lesson" aria-labelledby={titleId} data-testid="lesson">
      <p className="muted small lesson-kicker">
        Step {step + 1} of {LESSONS.length}
      </p>
      <h2 id={titleId} ref={headingRef} tabIndex={-1} data-testid="lesson-title">
        {lesson.title}
      </h2>
      <p className="lesson-question" data-testid="lesson-question">
        {lesson.question}
      </p>
      <p className="muted small lesson-config">
        <span className="sr-only">The run: </span>
        <code>{configLine(config)}</code>
      </p>
      <fieldset className="lesson-choices" disabled={judged} ref={choicesRef}>
        <legend>{judged ? 'Your prediction' : 'Your prediction, before anything runs'}</legend>
        {lesson.choices.map((choice) => (
          <label key={choice.id} className="lesson-choice">
            <input
              type="radio"
              name={name}
              value={choice.id}
              checked={entry?.predicted === choice.id}
              onChange={() => predictLesson(lesson.id, choice.id)}
              data-testid={`lesson-choice-${choice.id}`}
            />
            <span>{choice.text}</span>
          </label>
        ))}
      </fieldset>
      {!judged && (
        <div className="lesson-run-row">
          <button
            type="button"
            className="primary"
            disabled={blocker !== null}
            aria-describedby={blocker ? `${name}-blocker` : undefined}
            onClick={run_}
            data-testid="lesson-run"
          >
            Run
          </button>
          {blocker && (
            <span id={`${name}-blocker`} className="muted small">
              {blocker}
            </span>
          )}
        </div>
      )}
      <LessonRunStatus lesson={lesson} run={mine} statusRef={statusRef} />
      {judged && entry.observed !== undefined && (
        <LessonResult
          lesson={lesson}
          predicted={entry.predicted}
          observed={entry.observed}
          run={mine}
          focusOnMount={mine !== null}
          onRetry={() => {
            retryLesson(lesson.id);
            // The result is gone: the focus goes back to the prediction.
            requestAnimationFrame(() => choicesRef.current?.querySelector('input')?.focus());
          }}
        />
      )}
      {onStep && (
        <nav className="lesson-nav" aria-label="Step navigation">
          <button
            type="button"
            disabled={step === 0}
            onClick={() => onStep(step - 1)}
            data-testid="lesson-prev"
          >
            ← Previous step
          </button>
          <button
            type="button"
            className={judged ? 'primary' : undefined}
            disabled={step === LESSONS.length - 1}
            onClick={() => onStep(step + 1)}
            data-testid="lesson-next"
          >
            Next step →
          </button>
        </nav>
      )}
    </article>
  );
}
