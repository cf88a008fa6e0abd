/**
 * The worker's API: plain exported async functions, exposed to the page by ./entry.ts through
 * comlink. The page derives its types from `typeof api`, so a change here is a compile error
 * there, not a silent protocol mismatch.
 */
import type {
  BackendChoice,
  BackendReport,
  BuiltinDatasetId,
  DatasetRef,
  RunConfig,
  TrainEventHandler,
} from '../core';
import { BUILTIN_DATASETS, DEFAULT_DATASET_ID, createRng, fetchMnist } from '../core';
import { backendCandidates, initBackend } from '../ml/backends';
import { createDataRegistry, type DatasetSummary, type OwnFile } from './datasets';
import { exportModel } from './modelExport';
import type { TrainOutcome } from './training';
import { memory, pause, resume, stop, train as trainWith } from './training';

export type { DatasetSummary } from './datasets';

/** What the page learns once the worker is ready. */
export interface WorkerReady {
  backend: BackendReport;
  /** The default built-in dataset, loaded and checked. */
  dataset: DatasetSummary;
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

function datasetUrl(id: BuiltinDatasetId): string {
  const { file } = BUILTIN_DATASETS[id];
  return new URL(`${import.meta.env.BASE_URL}${file}`, self.location.origin).href;
}

/** Everything this worker holds of the data, by reference (the worker's one piece of state). */
const data = createDataRegistry((id) => fetchMnist(datasetUrl(id)));

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

/**
 * Loads the default dataset and initialises a TensorFlow.js backend (the preferred one first,
 * then the fallbacks). Both run concurrently; either failure rejects with a message for the page.
 */
export async function init(options: { backend: BackendChoice }): Promise<WorkerReady> {
  const [backend, dataset] = await Promise.all([
    initBackend(
      backendCandidates(options.backend),
      options.backend === 'auto' ? 'first backend that initialised' : 'chosen by you',
    ),
    data.builtin(DEFAULT_DATASET_ID),
  ]);
  return { backend, dataset };
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

export const api = {
  init,
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
export type WorkerApi = typeof api;
