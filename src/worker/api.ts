/**
 * The worker's API: plain exported async functions, exposed to the page by ./entry.ts through
 * comlink. The page derives its types from `typeof api`, so a change here is a compile error
 * there, not a silent protocol mismatch.
 */
import type {
  BackendChoice,
  BackendMeasurement,
  BackendName,
  BackendReport,
  Dataset,
  DeviceInfo,
  MeasurementRecord,
  OwnFileInfo,
  ProbeSpec,
  RunConfig,
  TrainEventHandler,
} from '../core';
import {
  BACKEND_ORDER,
  DEFAULT_CONFIG,
  MEASUREMENT_VERSION,
  isComplete,
  MNIST_FILE,
  assembleOwnData,
  createRng,
  fetchMnist,
  guessOrder,
  measurementKey,
  probeSpecOf,
  readIdx,
} from '../core';
import { measureBackends as measureEach } from '../ml/autoBackend';
import { backendCandidates, initBackend } from '../ml/backends';
import { chooseAutoBackend, currentDevice, rememberMeasurements } from './backendChoice';
import { BUILT_IN_MNIST, builtInUrl } from './builtInData';
import { exportModel } from './modelExport';
import type { TrainOutcome } from './training';
import { memory, noteMeasurement, pause, resume, stop, train as trainWith } from './training';

/** What the page learns once the worker is ready. */
export interface WorkerReady {
  backend: BackendReport;
  dataset: DatasetSummary;
  /** This device, as backend measurements are keyed. */
  device: DeviceInfo;
  /** The stored measurements that no longer hold here, and why (the page forgets them). */
  staleMeasurements: { key: string; why: string }[];
}

export interface DatasetSummary {
  /** The file's URL path as served by the app (own data: the training images file's name). */
  file: string;
  /** Digits runs train on (own data with a test set: the training set's). */
  count: number;
  rows: number;
  cols: number;
  /** How many digits of each class 0..9 the (training) set holds. */
  classCounts: number[];
  /** Own IDX files in use instead of the built-in digits: each file and its part. */
  own?: { files: OwnFileInfo[]; testCount: number | null };
}

/** A few digits to draw: `images` holds `labels.length` images of rows×cols grey bytes. */
export interface SampleDigits {
  rows: number;
  cols: number;
  images: Uint8Array;
  labels: number[];
  /** Index of each sample in the dataset file. */
  indices: number[];
}

let dataset: Dataset | null = null;
let datasetPromise: Promise<Dataset> | null = null;
/** A student's own files, used instead of the built-in digits while set. */
let own: { dataset: Dataset; summary: DatasetSummary } | null = null;

function datasetUrl(): string {
  return builtInUrl(BUILT_IN_MNIST, self.location.href);
}

/** Loads (once) and validates the MNIST file; rejects with a message naming the file. */
function loadDataset(): Promise<Dataset> {
  datasetPromise ??= fetchMnist(datasetUrl()).then(
    (loaded) => (dataset = loaded),
    (error: unknown) => {
      datasetPromise = null; // a later retry may succeed (e.g. the file was being regenerated)
      throw error;
    },
  );
  return datasetPromise;
}

function summarise(ds: Dataset, file = MNIST_FILE): DatasetSummary {
  const classCounts = new Array<number>(10).fill(0);
  for (const label of ds.labels) classCounts[label] = (classCounts[label] ?? 0) + 1;
  return { file, count: ds.count, rows: ds.rows, cols: ds.cols, classCounts };
}

/** The digits runs use now: the student's own files if loaded, else the built-in file. */
function currentDataset(): Promise<Dataset> {
  return own ? Promise.resolve(own.dataset) : loadDataset();
}

/**
 * Reads a student's MNIST or Fashion-MNIST IDX files (gzipped or not; 2 files = one images +
 * labels pair, 4 = training and test pairs, told apart by their headers) and uses them for the
 * following runs and samples. Pass the buffers with comlink's `transfer`: they are moved, not
 * copied. Rejects with a DatasetError message naming the file and the problem; the data in use
 * stays as it was then.
 */
export async function loadOwnData(
  files: readonly { name: string; bytes: ArrayBuffer }[],
): Promise<DatasetSummary> {
  const parsed = await Promise.all(files.map((f) => readIdx(new Uint8Array(f.bytes), f.name)));
  const data = assembleOwnData(parsed);
  const trainImages = data.files.find((f) => f.role === 'train' && f.kind === 'images');
  const ds: Dataset = { ...data.train, ...(data.test ? { testSet: data.test } : {}) };
  const summary: DatasetSummary = {
    ...summarise(data.train, trainImages?.name ?? 'own files'),
    own: { files: data.files, testCount: data.test?.count ?? null },
  };
  own = { dataset: ds, summary };
  return summary;
}

/** Goes back to the built-in digits (after `loadOwnData`). */
export async function backToBuiltIn(): Promise<DatasetSummary> {
  own = null;
  return summarise(await loadDataset());
}

export interface InitOptions {
  backend: BackendChoice;
  /**
   * The configuration the page opened with: `auto` starts on the backend a run of it would
   * (default: LossLab's default configuration).
   */
  config?: Pick<RunConfig, 'model' | 'units' | 'batchSize' | 'task'>;
  /** The page's stored backend measurements (any device; the worker keeps those valid here). */
  measurements?: readonly MeasurementRecord[];
}

/**
 * Loads the dataset and initialises a TensorFlow.js backend: for `auto` the one a run of the
 * page's configuration would start on (measured or guessed, never measured now), else the chosen
 * one with the usual fallbacks. Both run concurrently; either failure rejects with a message for
 * the page.
 */
export async function init(options: InitOptions): Promise<WorkerReady> {
  const { stale } = rememberMeasurements(options.measurements ?? []);
  const [backend, ds] = await Promise.all([
    options.backend === 'auto'
      ? chooseAutoBackend(probeSpecOf(options.config ?? DEFAULT_CONFIG))
      : initBackend(backendCandidates(options.backend), 'chosen by you'),
    loadDataset(),
  ]);
  const staleMeasurements =
    backend.basis?.kind === 'guess' && backend.basis.stale
      ? [...stale, { key: backend.basis.key, why: backend.basis.stale }]
      : stale;
  return {
    backend,
    dataset: own?.summary ?? summarise(ds),
    device: currentDevice(),
    staleMeasurements,
  };
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

/** `count` distinct digits drawn with a seeded shuffle, so a link shows the same samples. */
export async function getSamples(options: { count: number; seed: number }): Promise<SampleDigits> {
  const ds = own?.dataset ?? dataset ?? (await loadDataset());
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
    rows: ds.rows,
    cols: ds.cols,
    images,
    labels: indices.map((index) => ds.labels[index] ?? -1),
    indices,
  };
}

/**
 * Trains `config` and streams `TrainEvent`s to `onEvent` (pass it wrapped in comlink's `proxy`).
 * Resolves after the `done` or `error` event; a new call stops the run in progress first.
 */
export function train(config: RunConfig, onEvent: TrainEventHandler): Promise<TrainOutcome> {
  return trainWith(config, onEvent, currentDataset);
}

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
  backToBuiltIn,
};
export type WorkerApi = typeof api;
