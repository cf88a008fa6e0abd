/**
 * A student's predictions and runs, filed with the class as they happen: a prediction for the
 * step the class is on, a lesson run once judged, a trainer run once finished. Each run gets its
 * id when it ends, so it is filed once however often the connection drops.
 */
import {
  CLASS_LIMITS,
  LESSONS,
  encodeConfig,
  lessonConfig,
  type ClassRun,
  type EpochRecord,
  type RunConfig,
} from '../../core';
import type { AppState, AppStore } from '../appStore';
import type { TrainingState } from '../trainingReducer';

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export const runLabel = (config: RunConfig): string =>
  `${config.activation} · ${config.loss}${config.fromLogits ? ' (logits)' : ''} · ${config.labels} labels`;

/** The epoch curve the class keeps of a run: its last `curveLength` epochs, NaN as null. */
export const curveOf = (history: readonly EpochRecord[]): ClassRun['epochs'] =>
  history.slice(-CLASS_LIMITS.curveLength).map((e) => ({
    loss: finite(e.loss),
    metric: finite(e.metric),
    valLoss: finite(e.valLoss),
    valMetric: finite(e.valMetric),
  }));

/** What the class keeps of a finished run. */
export function classRunOf(
  config: RunConfig,
  training: TrainingState,
  extra: Partial<ClassRun> = {},
): ClassRun {
  const epochs = curveOf(training.history);
  const reason = training.doneReason;
  return {
    at: Date.now(),
    source: 'trainer',
    config: encodeConfig(config),
    label: runLabel(config),
    metric: training.run?.metric ?? config.metric,
    status: reason === 'stopped' ? 'stopped' : reason === 'diverged' ? 'diverged' : 'done',
    ...(training.result ? { testAccuracy: finite(training.result.testAccuracy) } : {}),
    epochs,
    ...extra,
  };
}

const newRunId = (): string => crypto.randomUUID();

export function keepClassRuns(store: AppStore): () => void {
  return store.subscribe((state: AppState, previous: AppState) => {
    const { classroom } = state;
    if (classroom.role !== 'student' || classroom.snapshot?.control.ended) return;
    const round = classroom.snapshot?.control.round ?? null;
    if (round) {
      const entry = state.lessons.progress[round.lesson];
      const before = previous.lessons.progress[round.lesson];
      if (entry?.predicted !== undefined && entry.predicted !== before?.predicted) {
        state.postPrediction(round.seq, round.lesson, entry.predicted);
      }
      const run = state.lessons.run;
      const lesson = LESSONS[round.step];
      if (
        lesson &&
        run?.lessonId === round.lesson &&
        entry?.observed !== undefined &&
        before?.observed === undefined
      ) {
        state.postRun(
          newRunId(),
          classRunOf(lessonConfig(lesson), run.training, {
            source: 'lesson',
            round: round.seq,
            lesson: round.lesson,
            observed: entry.observed,
            ...(run.rejected ? { status: 'rejected' as const } : {}),
          }),
        );
      }
    }
    if (state.training.status === 'done' && previous.training.status !== 'done') {
      state.postRun(newRunId(), classRunOf(state.config, state.training));
    }
  });
}
