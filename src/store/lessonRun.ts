/**
 * What a lesson's run means for its judge: whether it has an outcome yet, and which of its runs
 * is training. Used by the lessons' slice and view (no lesson data here, so the first screen's
 * chunk can hold it).
 */
import type { LessonRun } from '../core';
import type { LessonRunState } from './lessonsSlice';
import type { TrainingState } from './trainingReducer';

/** What the judge reads from a run's state. */
export function lessonRunOf(run: LessonRunState): LessonRun {
  const { training } = run;
  return {
    ...(run.rejected ? { rejected: run.rejected } : {}),
    ...(training.run ? { metric: training.run.metric } : {}),
    history: training.history,
    ...(training.result ? { result: training.result } : {}),
    ...(run.reference ? { reference: { history: run.reference.history } } : {}),
  };
}

/** Whether a run trained to the end (or diverged): not stopped, not failed, not under way. */
export const isFinished = ({ status, doneReason, result }: TrainingState): boolean =>
  status === 'done' && result !== null && doneReason !== 'stopped';

/**
 * Whether a run has an outcome the judge may read: refused, or trained to the end (or
 * diverged), and so has its reference run where the lesson has one.
 */
export function isJudgeable(run: LessonRunState): boolean {
  if (run.rejected) return true;
  return isFinished(run.training) && (run.reference === null || isFinished(run.reference));
}

/** The run in progress: the lesson's own, or its reference once the own one has finished. */
export function activeLessonTraining(run: LessonRunState): TrainingState {
  return run.reference && isFinished(run.training) ? run.reference : run.training;
}
