/**
 * The worker's API: plain exported async functions, exposed to the page through comlink by
 * ./entry.ts, each once this module (and with it TensorFlow.js) has loaded (./startup.ts). The
 * page derives its types from them, so a change here is a compile error there, not a silent
 * protocol mismatch.
 */
import type {
  BackendChoice,
  BackendMeasurement,
  BackendName,
  BackendReport,
  BuiltinDatasetId,
  DatasetRef,
  DeviceInfo,
  MeasurementRecord,
  ProbeSpec,
  RunConfig,
  TrainEventHandler,
} from '../core';
import {
  BACKEND_ORDER,
  DEFAULT_CONFIG,
  DEFAULT_DATASET_ID,
  MEASUREMENT_VERSION,
  createRng,
  guessOrder,
  isComplete,
  measurementKey,
  probeSpecOf,
} from '../core';
import { measureBackends as measureEach } from '../ml/measureBackends';
import { currentDevice, rememberMeasurements, startBackend } from './backendChoice';
import type { DatasetSummary, OwnFile } from './datasets';
import { exportModel } from './modelExport';
import type { TrainOutcome } from './training';
import { memory, noteMeasurement, pause, resume, stop, train as trainWith } from './training';
import { markStage } from './protocol';
import { workerData as data } from './workerData';

export type { DatasetSummary } from './datasets';

/** What the page learns once the worker is ready. */
export interface WorkerReady {
  backend: BackendReport;
  /** The default built-in dataset, loaded and checked. */
  dataset: DatasetSummary;
  /** This device, as backend measurements are keyed. */
  device: DeviceInfo;
  /** The stored measurements that no longer hold here, and why (the page forgets them). */
  staleMeasurements: { key: string; why: string }[];
}

/** A few digits to draw: `images` holds `labels.length` images of rows×cols grey bytes. */
export interface SampleDigits {
  /** The data they were drawn from. */
  dataset: DatasetRef;
  rows: number;
  cols: number;
  images: Uint8Array;
  labels: number[];
  /** Index of each sample in the dataset file. */
  indices: number[];
}

/**
 * Reads a student's MNIST or Fashion-MNIST IDX files (gzipped or not; 2 files = one images +
 * labels pair, 4 = training and test pairs, told apart by their headers) and keeps them for runs
 * whose configuration names them (`summary.ref`). Pass the buffers with comlink's `transfer`:
 * they are moved, not copied. Rejects with a DatasetError message naming the file and the
 * problem; the data held stays as it was then.
 */
export function loadOwnData(files: readonly OwnFile[]): Promise<DatasetSummary> {
  return data.loadOwn(files);
}

/** Loads (once) and checks a built-in dataset, for the runs and samples that name it. */
export function loadBuiltin(id: BuiltinDatasetId): Promise<DatasetSummary> {
  return data.builtin(id);
}

export interface InitOptions {
  backend: BackendChoice;
  /**
   * The configuration the page opened with: `auto` starts on the backend a run of it would
   * (default: LossLab's default configuration).
   */
  config?: Pick<RunConfig, 'model' | 'units' | 'batchSize' | 'task' | 'dataset'>;
  /** The page's stored backend measurements (any device; the worker keeps those valid here). */
  measurements?: readonly MeasurementRecord[];
}

/**
 * Loads the default dataset and initialises a TensorFlow.js backend: for `auto` the one a run of
 * the page's configuration would start on (measured or guessed, never measured now), else the
 * chosen one with the usual fallbacks. Both run concurrently; either failure rejects with a
 * message for the page.
 */
export async function init(options: InitOptions): Promise<WorkerReady> {
  const { stale } = rememberMeasurements(options.measurements ?? []);
  const [backend, dataset] = await Promise.all([
    startBackend(options.backend, probeSpecOf(options.config ?? DEFAULT_CONFIG)).then((report) => {
      markStage('backend-ready');
      return report;
    }),
    data.builtin(DEFAULT_DATASET_ID),
  ]);
  const staleMeasurements =
    backend.basis?.kind === 'guess' && backend.basis.stale
      ? [...stale, { key: backend.basis.key, why: backend.basis.stale }]
      : stale;
  return { backend, dataset, device: currentDevice(), staleMeasurements };
}

/**
 * Measures every backend (or `only` these) on `spec` and returns the record to store; each
 * result also goes to `onResult` as it comes, so a measurement cut short still leaves what it
 * found. Call it in a worker of its own (the page terminates that worker to cancel): it switches
 * tfjs' backend as it goes. Candidates are measured in the order of the guess, likeliest first.
 */
export async function measureBackends(
  spec: ProbeSpec,
  options: { only?: readonly BackendName[] } = {},
  onResult: (result: BackendMeasurement) => void = () => undefined,
): Promise<MeasurementRecord> {
  const device = currentDevice();
  const order = [...new Set([...guessOrder(spec.model), ...BACKEND_ORDER])];
  const candidates = options.only ? order.filter((b) => options.only?.includes(b)) : order;
  const results = await measureEach(spec, candidates, onResult);
  return {
    version: MEASUREMENT_VERSION,
    key: measurementKey(device, spec),
    device,
    spec,
    measuredAt: Date.now(),
    results,
    complete: isComplete(results),
  };
}

/**
 * `count` distinct images of the named data, drawn with a seeded shuffle, so a link shows the
 * same samples. Rejects (with which files to load) for own files this worker does not hold.
 */
export async function getSamples(options: {
  count: number;
  seed: number;
  dataset: DatasetRef;
}): Promise<SampleDigits> {
  const ds = await data.resolve(options.dataset);
  const pixels = ds.rows * ds.cols;
  const count = Math.max(0, Math.min(options.count, ds.count));
  const order = Array.from({ length: ds.count }, (_, i) => i);
  createRng(options.seed).shuffle(order);
  const indices = order.slice(0, count);
  const images = new Uint8Array(count * pixels);
  indices.forEach((index, i) => {
    images.set(ds.images.subarray(index * pixels, (index + 1) * pixels), i * pixels);
  });
  return {
    dataset: options.dataset,
    rows: ds.rows,
    cols: ds.cols,
    images,
    labels: indices.map((index) => ds.labels[index] ?? -1),
    indices,
  };
}

/**
 * Trains `config` on the data it names and streams `TrainEvent`s to `onEvent` (pass it wrapped
 * in comlink's `proxy`). Resolves after the `done` or `error` event; a new call stops the run in
 * progress first.
 */
export function train(config: RunConfig, onEvent: TrainEventHandler): Promise<TrainOutcome> {
  return trainWith(config, onEvent, (ref) => data.resolve(ref));
}

/** The functions ./startup.ts exposes (each once this module has loaded) beside `prepare`. */
export const api = {
  init,
  measureBackends,
  noteMeasurement,
  getSamples,
  train,
  pause,
  resume,
  stop,
  memory,
  exportModel,
  loadOwnData,
  loadBuiltin,
};
