/**
 * The worker's training commands: `train` runs one configuration and streams `TrainEvent`s through
 * a single callback; `pause`, `resume` and `stop` steer the run in progress. One run at a time: a
 * new `train` stops the previous run and waits for it to finish cleanly first.
 *
 * Backends: `auto` starts at once on the fastest backend measured on this device, or on the
 * documented guess (./backendChoice.ts); nothing is measured between the click and the first
 * step. A named backend is tried first with the usual fallbacks. A backend that fails during
 * training is replaced by the next one, and a run whose backend a background measurement finds
 * clearly slower moves to the faster one after the current epoch (`noteMeasurement`); both
 * resume from the last completed epoch with its weights and optimizer state, so the numbers are
 * those of an uninterrupted run, with a `backend-fallback` event saying so. Every failure
 * reaches the page as an `error` event.
 */
import * as tf from '@tensorflow/tfjs';
import { transfer } from 'comlink';
import type {
  BackendName,
  BackendReport,
  Dataset,
  DatasetRef,
  DoneReason,
  MeasurementRecord,
  RunConfig,
  TrainEvent,
  TrainEventHandler,
} from '../core';
import {
  BACKEND_ORDER,
  CLEARLY_FASTER,
  composeMultiLabel,
  messageOf,
  probeSpecOf,
  ownSplitIndices,
  splitDataset,
  splitIndices,
  splitOwnData,
} from '../core';
import { ruleOut } from '../ml/autoBackend';
import { backendCandidates, initBackend } from '../ml/backends';
import { RunControl } from '../ml/control';
import type { DigitSet } from '../ml/data';
import type { ResumeState } from '../ml/run';
import { BackendSwitchRequested, TrainingInterrupted, runTraining } from '../ml/run';
import { acceptMeasurement, chooseAutoBackend } from './backendChoice';
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

/** Picks the backend for a run, at once, and reports why. */
async function selectBackend(config: RunConfig): Promise<BackendReport> {
  if (config.backend === 'auto') return chooseAutoBackend(probeSpecOf(config));
  const candidates = backendCandidates(config.backend).filter(
    (name) => !ruleOut(name, config.model),
  );
  const report = await initBackend(candidates, 'chosen by you');
  const ruled = ruleOut(config.backend, config.model);
  if (ruled) {
    return {
      ...report,
      reason: `${config.backend} ${ruled}, so ${report.backend} instead`,
      attempts: [{ backend: config.backend, ok: false, reason: ruled }, ...report.attempts],
    };
  }
  return report;
}

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

/** Where a resumed run picks up, in words. */
function resumePoint(resume: ResumeState): string {
  return resume.history.length > 0
    ? `resuming after epoch ${resume.history.length} with its weights and optimizer state`
    : 'restarting from the first epoch';
}

async function runSession(
  run: ActiveRun,
  { emit, emitFinal }: { emit: TrainEventHandler; emitFinal: (event: TrainEvent) => Promise<void> },
  getDataset: GetDataset,
): Promise<TrainOutcome> {
  const { config, control } = run;
  try {
    emit({ type: 'stage', stage: 'loading-data' });
    const dataset = await getDataset(config.dataset);
    const { train, test } = splitFor(config, dataset);
    emit({ type: 'stage', stage: 'choosing-backend' });
    const report = await selectBackend(config);
    emit({ type: 'backend', report });

    let backend: BackendName = report.backend;
    run.backend = backend;
    const failed = new Set<BackendName>();
    let resume: ResumeState | undefined;
    for (;;) {
      try {
        const { reason, result } = await runTraining({
          config,
          train,
          test,
          backend,
          emit,
          control,
          snapshotEachEpoch: backend !== 'cpu',
          switchRequested: () => run.switchTo !== null && !control.stopRequested,
          onTrained: (model) => keepModel(config, model),
          ...(resume ? { resume } : {}),
        });
        await emitFinal({ type: 'done', reason, result });
        return reason;
      } catch (error) {
        if (!(error instanceof TrainingInterrupted)) throw error;
        const from = backend;
        resume = error.resume;
        const target = run.switchTo;
        run.switchTo = null;
        if (error.original instanceof BackendSwitchRequested && target) {
          // A clearly faster backend: move there, or stay if it does not initialise after all.
          const next = await initBackend([target.backend, from], 'faster, measured');
          backend = next.backend;
          run.backend = backend;
          if (backend === from) continue;
          emit({
            type: 'backend-fallback',
            from,
            to: backend,
            why: 'faster',
            reason: `${target.reason}; ${resumePoint(resume)}`,
          });
          emit({ type: 'backend', report: { ...next, reason: target.reason } });
          continue;
        }
        failed.add(backend);
        const remaining = BACKEND_ORDER.filter(
          (name) => !failed.has(name) && !ruleOut(name, config.model),
        );
        if (remaining.length === 0) throw error;
        const next = await initBackend(remaining, `fallback after ${backend} failed`);
        backend = next.backend;
        run.backend = backend;
        emit({
          type: 'backend-fallback',
          from,
          to: backend,
          why: 'failed',
          reason: `${from} failed during training (${error.message}); ${resumePoint(resume)}`,
        });
        emit({ type: 'backend', report: next });
      }
    }
  } catch (error) {
    const original = error instanceof TrainingInterrupted ? error.original : error;
    await emitFinal({
      type: 'error',
      message: messageOf(original),
      ...(original instanceof Error && original.stack ? { detail: original.stack } : {}),
    });
    return 'error';
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
  run.finished = runSession(run, { emit, emitFinal }, getDataset);
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
  const target = acceptMeasurement(record, running, CLEARLY_FASTER);
  if (run && target) run.switchTo = target;
  return target?.backend ?? null;
}

/** tfjs' memory counters now, for leak checks (tests, the benchmark). */
export function memory(): { numTensors: number; numBytes: number; backend: string | null } {
  // The engine's own counters: `tf.memory()` throws before any backend has initialised.
  const { numTensors, numBytes } = tf.engine().state;
  return { numTensors, numBytes, backend: tf.engine().backendName ?? null };
}
