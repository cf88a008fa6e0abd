/**
 * What a lesson's run means for its judge (whether it has an outcome yet, which of its runs is
 * training) and whether the step shown may run. Used by the lessons' slice and view, so it loads
 * with them (./lazySlices.ts), not with the first screen.
 */
import { lessonConfig, type Lesson, type LessonRun } from '../core';
import type { AppState } from './appStore';
import type { LessonRunState } from './lessonsSlice';
import { runBlock } from './runOwner';
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

/**
 * Why `lesson` (the step shown) cannot run now, or null when it can. The caller passes the step,
 * which it has from the lessons' data, so that no lesson data is needed here.
 */
export function selectLessonBlocker(state: AppState, lesson: Lesson | undefined): string | null {
  if (!lesson) return 'There is no such lesson step.';
  const entry = state.lessons.progress[lesson.id];
  if (entry?.predicted === undefined) return 'Make your prediction first.';
  if (entry.observed !== undefined) return 'This step has run; choose Try again to predict afresh.';
  const round = state.classroom.snapshot?.control.round;
  if (
    state.classroom.role === 'student' &&
    round?.lesson === lesson.id &&
    round.phase === 'predict'
  ) {
    return 'Your class runs this step once the instructor reveals the answer.';
  }
  const block = runBlock(state, 'lesson');
  if (block?.by === 'lesson') return block.message;
  // Keras refuses before the first step: the lesson shows that without the worker.
  if (state.derived.verdict(lessonConfig(lesson)).level === 'error') return null;
  return block?.message ?? null;
}
