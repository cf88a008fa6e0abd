/**
 * The training state and the pure function that folds worker events into it. The store applies a
 * whole burst of events (one animation frame's worth) with one call, so a fast worker costs one
 * React render per frame, not one per event.
 */
import {
  assertNever,
  formatEpochLine,
  type BackendReport,
  type DoneReason,
  type EpochRecord,
  type EventOf,
  type RunResult,
  type Stage,
  type TrainEvent,
} from '../core';

export type TrainingStatus =
  'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'done' | 'error';

/** Whether a run holds the worker: started and not yet done, failed or reset. */
export const isTrainerBusy = (status: TrainingStatus): boolean =>
  status === 'starting' || status === 'running' || status === 'paused' || status === 'stopping';

/** One point of the per-batch series: `x` in epochs (2.5 = half-way through epoch 3). */
export interface BatchPoint {
  x: number;
  /** Mean training loss over the batches since the previous point. */
  loss: number;
  metric: number;
}

export interface TrainingProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  seen: number;
  elapsedMs: number;
  /** Running means over the epoch so far, as Keras' progress bar shows them. */
  loss: number;
  metric: number;
}

export interface TrainingState {
  status: TrainingStatus;
  stage: Stage | null;
  stageMessage: string | null;
  run: EventOf<'run-start'> | null;
  backend: BackendReport | null;
  fallback: EventOf<'backend-fallback'> | null;
  progress: TrainingProgress | null;
  history: EpochRecord[];
  batches: BatchPoint[];
  /** What Keras' `fit(verbose=2)` prints, line by line. */
  log: string[];
  result: RunResult | null;
  doneReason: DoneReason | null;
  /** `lost`: the worker died or hung mid-run; the epochs it completed are kept as interrupted. */
  error: { message: string; detail?: string; lost?: true } | null;
}

export const INITIAL_TRAINING: TrainingState = {
  status: 'idle',
  stage: null,
  stageMessage: null,
  run: null,
  backend: null,
  fallback: null,
  progress: null,
  history: [],
  batches: [],
  log: [],
  result: null,
  doneReason: null,
  error: null,
};

/** Most per-batch points kept: beyond it every other point is dropped (curves stay light). */
export const MAX_BATCH_POINTS = 1200;

function thin(points: BatchPoint[]): BatchPoint[] {
  return points.length <= MAX_BATCH_POINTS ? points : points.filter((_, i) => i % 2 === 1);
}

/**
 * The batch event carries running means over the epoch so far (as Keras' progress bar shows).
 * The mean over the batches since the previous event follows from two running means:
 * (m₂·n₂ − m₁·n₁) / (n₂ − n₁), with n counted in batches.
 */
function intervalMean(m1: number, n1: number, m2: number, n2: number): number {
  if (n2 <= n1) return m2;
  const value = (m2 * n2 - m1 * n1) / (n2 - n1);
  return Number.isFinite(value) ? value : m2;
}

function onBatch(state: TrainingState, event: EventOf<'batch'>): TrainingState {
  const previous = state.progress;
  const sameEpoch = previous !== null && previous.epoch === event.epoch;
  const n1 = sameEpoch ? previous.batch : 0;
  const m1 = sameEpoch ? previous.loss : 0;
  const k1 = sameEpoch ? previous.metric : 0;
  const point: BatchPoint = {
    x: event.epoch - 1 + event.batch / event.batches,
    loss: intervalMean(m1, n1, event.loss, event.batch),
    metric: intervalMean(k1, n1, event.metric, event.batch),
  };
  return {
    ...state,
    status: state.status === 'starting' ? 'running' : state.status,
    progress: {
      epoch: event.epoch,
      epochs: state.run?.config.epochs ?? previous?.epochs ?? event.epoch,
      batch: event.batch,
      batches: event.batches,
      seen: event.seen,
      elapsedMs: event.elapsedMs,
      loss: event.loss,
      metric: event.metric,
    },
    batches: thin([...state.batches, point]),
  };
}

function onEpoch(state: TrainingState, record: EpochRecord): TrainingState {
  const metricKey = state.run?.metricKey ?? 'accuracy';
  const log = [...state.log, formatEpochLine(record, metricKey)];
  if (record.epoch < record.epochs) log.push(`Epoch ${record.epoch + 1}/${record.epochs}`);
  return {
    ...state,
    history: [...state.history.filter((r) => r.epoch < record.epoch), record],
    log,
  };
}

function onDone(state: TrainingState, event: EventOf<'done'>): TrainingState {
  const log = [...state.log];
  // A stopped or diverged run leaves a dangling "Epoch n/N" header; Keras' TerminateOnNaN says why.
  if (event.result.divergence) {
    log.push(`Batch ${event.result.divergence.batch - 1}: Invalid loss, terminating training`);
  }
  return {
    ...state,
    status: 'done',
    stage: null,
    stageMessage: null,
    result: event.result,
    doneReason: event.reason,
    history: event.result.history.length > 0 ? event.result.history : state.history,
    log,
  };
}

/** Folds one event into the state (pure). */
export function applyEvent(state: TrainingState, event: TrainEvent): TrainingState {
  switch (event.type) {
    case 'stage':
      return { ...state, stage: event.stage, stageMessage: event.message ?? null };
    case 'backend':
      return { ...state, backend: event.report };
    case 'backend-fallback':
      // Keras prints nothing like it; the log says it so a copied log explains a change in ms/step.
      return {
        ...state,
        fallback: event,
        log: [...state.log, `LossLab: switched from ${event.from} to ${event.to}: ${event.reason}`],
      };
    case 'run-start':
      return {
        ...state,
        status: state.status === 'starting' ? 'running' : state.status,
        run: event,
        // A run restarted on a fallback backend repeats its header; keep one.
        log: state.log.length === 0 ? [`Epoch 1/${event.config.epochs}`] : state.log,
      };
    case 'batch':
      return onBatch(state, event);
    case 'epoch':
      return onEpoch(state, event.record);
    case 'paused':
      return state.status === 'stopping' ? state : { ...state, status: 'paused' };
    case 'resumed':
      return state.status === 'stopping' ? state : { ...state, status: 'running' };
    case 'done':
      return onDone(state, event);
    case 'error':
      return {
        ...state,
        status: 'error',
        stage: null,
        stageMessage: null,
        error: {
          message: event.message,
          ...(event.detail !== undefined ? { detail: event.detail } : {}),
          ...(event.lost ? { lost: true as const } : {}),
        },
      };
    default:
      return assertNever(event, 'training event');
  }
}

/** Folds a burst of events, in order. */
export function applyEvents(state: TrainingState, events: readonly TrainEvent[]): TrainingState {
  return events.reduce(applyEvent, state);
}
