import type { RefObject } from 'react';
import type { Lesson, LessonEntry } from '../../core';
import { activeLessonTraining, isJudgeable, selectLessons, type LessonRunState } from '../../store';
import { useAppStore } from '../storeContext';
import { statusText } from '../TrainingPanel';

/** The run's state in a sentence, and once judged the result against the prediction. */
function announcement(lesson: Lesson, run: LessonRunState | null, entry?: LessonEntry): string {
  if (!run) return '';
  if (!isJudgeable(run) || entry?.observed === undefined) {
    const training = activeLessonTraining(run);
    // The reference runs second: say which model is training, and why.
    const which =
      training === run.reference && lesson.reference
        ? `${lesson.reference.label}, for comparison: `
        : '';
    if (training.status === 'error') return `${which}The run failed.`;
    return `${which}${statusText(training)}`;
  }
  const shown = lesson.choices.find((c) => c.id === entry.observed)?.text ?? entry.observed;
  const verdict =
    entry.predicted === entry.observed
      ? 'Your prediction was right.'
      : 'Your prediction was wrong.';
  return `Result: ${shown}. ${verdict}`;
}

/**
 * The lesson run's live region: coarse progress while it trains (epochs, not batches, so a
 * screen reader is not flooded) and the result against the prediction when it is judged. It
 * takes the focus when Run is pressed (the button is disabled while the run holds the worker).
 */
export function LessonRunStatus({
  lesson,
  run,
  statusRef,
}: {
  lesson: Lesson;
  run: LessonRunState | null;
  statusRef: RefObject<HTMLDivElement | null>;
}) {
  const { progress } = useAppStore(selectLessons);
  const text = announcement(lesson, run, progress[lesson.id]);
  const active = run ? activeLessonTraining(run) : null;
  const error = active?.status === 'error' ? active.error : null;
  return (
    <>
      <div
        ref={statusRef}
        tabIndex={-1}
        role="status"
        className="lesson-status"
        data-testid="lesson-status"
      >
        {/* Once judged, the result below shows it; the region still announces it. */}
        {run && isJudgeable(run) ? <span className="sr-only">{text}</span> : text}
      </div>
      {error && (
        <p className="error" role="alert" data-testid="lesson-error">
          {error.message} Your prediction is kept; press Run to try again.
        </p>
      )}
    </>
  );
}
