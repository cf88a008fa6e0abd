/**
 * The worker's training commands: `train` runs one configuration and streams `TrainEvent`s through
 * a single callback; `pause`, `resume` and `stop` steer the run in progress. One run at a time: a
 * new `train` stops the previous run and waits for it to finish cleanly first.
 *
 * Backends (every decision in ./backendChoice.ts): `auto` starts at once on the fastest backend
 * measured on this device, or on the documented guess; nothing is measured between the click and
 * the first step. A named backend is tried first with the usual fallbacks. A backend that fails
 * during training is replaced by the next one, and a run whose backend a background measurement
 * finds clearly slower moves to the faster one after the current epoch (`noteMeasurement`); both
 * resume from the last completed epoch with its weights and optimizer state, so the numbers are
 * those of an uninterrupted run, with a `backend-fallback` event saying so. `runTraining` returns
 * each of these endings as a value. Every failure reaches the page as an `error` event.
 */
import * as tf from '../ml/tfjs';
import { transfer } from 'comlink';
import type {
  BackendName,
  Dataset,
  DatasetRef,
  DoneReason,
  MeasurementRecord,
  RunConfig,
  TrainEvent,
  TrainEventHandler,
} from '../core';
import {
  composeMultiLabel,
  messageOf,
  probeSpecOf,
  ownSplitIndices,
  splitDataset,
  splitIndices,
  splitOwnData,
  taskProblem,
} from '../core';
import { RunControl } from '../ml/control';
import type { DigitSet } from '../ml/data';
import type { ResumeState } from '../ml/run';
import { runTraining } from '../ml/run';
import type { LeaveCause } from './backendChoice';
import { acceptMeasurement, nextBackend, startBackend } from './backendChoice';
import { keepModel } from './modelExport';

/** How a `train` call ended: as the `done` event says, or `error` after an `error` event. */
export type TrainOutcome = DoneReason | 'error';

interface ActiveRun {
  config: RunConfig;
  control: RunControl;
  finished: Promise<TrainOutcome>;
  /** The backend training now (null until chosen). */
  backend: BackendName | null;
  /** A faster backend to move to after the current epoch, and why. */
  switchTo: { backend: BackendName; reason: string } | null;
}

let active: ActiveRun | null = null;

/** Where a run gets the images its configuration names (the worker's data registry). */
export type GetDataset = (ref: DatasetRef) => Promise<Dataset>;

/**
 * The training and test images of a run: digits split by the seed, or, for the multi-label task,
 * canvases composed only from the training (resp. test) digits, with seeds `seed` and `seed + 1`.
 * A dataset with a separate `testSet` (own files) gives the test digits from that set.
 */
export function splitFor(config: RunConfig, dataset: Dataset): { train: DigitSet; test: DigitSet } {
  const held = dataset.testSet;
  if (config.task !== 'multilabel') {
    return held ? splitOwnData(dataset, held, config) : splitDataset(dataset, config);
  }
  const indices = held
    ? ownSplitIndices(dataset.count, held.count, config)
    : splitIndices(dataset.count, config);
  const compose = (from: Uint32Array, count: number, seed: number, source = dataset): DigitSet => {
    const set = composeMultiLabel(source, from, { seed, count });
    return {
      count: set.count,
      rows: set.rows,
      cols: set.cols,
      images: set.images,
      labels: Uint8Array.from(set.digitSets, (digits) => digits[0] ?? 0),
      targets: set.targets,
      digitSets: set.digitSets,
    };
  };
  return {
    train: compose(indices.train, config.trainSize, config.seed),
    test: compose(indices.test, config.testSize, config.seed + 1, held ?? dataset),
  };
}

/**
 * One run from data to its final event: loads the data, starts on the chosen backend and trains;
 * each time the backend hands the run over or fails, `nextBackend` says where it goes next and
 * the run resumes there. Resolves with how it ended; never rejects.
 */
async function trainOnBackends(
  run: ActiveRun,
  { emit, emitFinal }: { emit: TrainEventHandler; emitFinal: (event: TrainEvent) => Promise<void> },
  getDataset: GetDataset,
): Promise<TrainOutcome> {
  const { config, control } = run;
  const fail = async (error: unknown): Promise<TrainOutcome> => {
    await emitFinal({
      type: 'error',
      message: messageOf(error),
      ...(error instanceof Error && error.stack ? { detail: error.stack } : {}),
    });
    return 'error';
  };
  try {
    // A task the data has no classes for would train on wrong labels: refuse it, with the reason.
    const problem = taskProblem(config);
    if (problem) throw new Error(problem);
    emit({ type: 'stage', stage: 'loading-data' });
    const dataset = await getDataset(config.dataset);
    const { train, test } = splitFor(config, dataset);
    emit({ type: 'stage', stage: 'choosing-backend' });
    const report = await startBackend(config.backend, probeSpecOf(config));
    emit({ type: 'backend', report });

    let backend: BackendName = report.backend;
    run.backend = backend;
    const failed = new Set<BackendName>();
    let resume: ResumeState | undefined;
    for (;;) {
      const outcome = await runTraining({
        config,
        train,
        test,
        backend,
        emit,
        control,
        snapshotEachEpoch: backend !== 'cpu',
        handOver: () => run.switchTo !== null && !control.stopRequested,
        onTrained: (model) => keepModel(config, model),
        ...(resume ? { resume } : {}),
      });
      if (outcome.kind === 'finished') {
        await emitFinal({ type: 'done', reason: outcome.reason, result: outcome.result });
        return outcome.reason;
      }
      resume = outcome.resume;
      const target = run.switchTo;
      run.switchTo = null;
      const cause: LeaveCause | null =
        outcome.kind === 'failed'
          ? { kind: 'failed', error: outcome.error }
          : target && { kind: 'faster', ...target };
      if (!cause) continue;
      const move = await nextBackend(backend, cause, { model: config.model, failed, resume });
      if (move.kind === 'give-up') return await fail(cause.kind === 'failed' ? cause.error : null);
      if (move.kind === 'stay') continue;
      backend = move.report.backend;
      run.backend = backend;
      move.events.forEach(emit);
    }
  } catch (error) {
    return fail(error);
  }
}

/** The buffers an event can hand over instead of copying: a multi-label or binary run's test outputs. */
export function transferablesOf(event: TrainEvent): ArrayBuffer[] {
  if (event.type !== 'done' || !event.result.testOutputs) return [];
  const { outputs, targets } = event.result.testOutputs;
  return [outputs.buffer, targets.buffer].filter((b) => b instanceof ArrayBuffer);
}

/**
 * Trains `config` on the dataset and streams events to `onEvent` (a comlink proxy from the page).
 * Resolves when the run is over (after its `done` or `error` event); never rejects.
 */
export async function train(
  config: RunConfig,
  onEvent: TrainEventHandler,
  getDataset: GetDataset,
): Promise<TrainOutcome> {
  if (active) {
    active.control.stop();
    await active.finished;
  }
  // The page's callback is remote: a call returns a promise that may reject if the page has
  // gone; events are fire-and-forget either way. A multi-label result's test outputs are
  // transferred (moved), not copied.
  // The returned promise settles once the page has handled the event. Progress events are not
  // awaited; the final `done`/`error` event is, because comlink delivers callback calls and the
  // `train` reply on different message ports, so without waiting the reply could overtake it.
  const emitFinal = (event: TrainEvent): Promise<void> => {
    try {
      const buffers = transferablesOf(event);
      const sent = buffers.length > 0 ? transfer(event, buffers) : event;
      return Promise.resolve(onEvent(sent) as unknown).then(
        () => undefined,
        () => undefined,
      );
    } catch {
      // The page released the callback; nothing left to tell.
      return Promise.resolve();
    }
  };
  const emit = (event: TrainEvent): void => void emitFinal(event);
  const run: ActiveRun = {
    config,
    control: new RunControl(),
    finished: Promise.resolve('error'),
    backend: null,
    switchTo: null,
  };
  run.finished = trainOnBackends(run, { emit, emitFinal }, getDataset);
  active = run;
  try {
    return await run.finished;
  } finally {
    if (active === run) active = null;
  }
}

/** Pauses the run in progress at the next batch; false if there is none or it is paused. */
export function pause(): boolean {
  return active?.control.pause() ?? false;
}

/** Resumes a paused run; false if nothing was paused. */
export function resume(): boolean {
  return active?.control.resume() ?? false;
}

/** Stops the run in progress at the next batch; it still evaluates and sends `done`. */
export function stop(): boolean {
  if (!active) return false;
  active.control.stop();
  return true;
}

/**
 * A new background measurement from the page. An `auto` run of the same model on a backend it
 * shows clearly slower moves to the faster one after its current epoch. Returns the backend it
 * will move to, or null.
 */
export function noteMeasurement(record: MeasurementRecord): BackendName | null {
  const run = active;
  const running =
    run && run.backend && run.config.backend === 'auto'
      ? { spec: probeSpecOf(run.config), backend: run.backend }
      : null;
  const target = acceptMeasurement(record, running);
  if (run && target) run.switchTo = target;
  return target?.backend ?? null;
}

/** tfjs' memory counters now, for leak checks (tests, the benchmark). */
export function memory(): { numTensors: number; numBytes: number; backend: string | null } {
  // The engine's own counters: `tf.memory()` throws before any backend has initialised.
  const { numTensors, numBytes } = tf.engine().state;
  return { numTensors, numBytes, backend: tf.engine().backendName ?? null };
}
