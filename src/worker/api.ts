/**
 * The worker's API: plain exported async functions, exposed to the page by ./entry.ts through
 * comlink. The page derives its types from `typeof api`, so a change here is a compile error
 * there, not a silent protocol mismatch.
 */
import type { BackendChoice, BackendReport, Dataset, RunConfig, TrainEventHandler } from '../core';
import { MNIST_FILE, createRng, fetchMnist } from '../core';
import { backendCandidates, initBackend } from '../ml/backends';
import { exportModel } from './modelExport';
import type { TrainOutcome } from './training';
import { memory, pause, resume, stop, train as trainWith } from './training';

/** What the page learns once the worker is ready. */
export interface WorkerReady {
  backend: BackendReport;
  dataset: DatasetSummary;
}

export interface DatasetSummary {
  /** The file's URL path as served by the app, for messages. */
  file: string;
  count: number;
  rows: number;
  cols: number;
  /** How many digits of each class 0..9 the file holds. */
  classCounts: number[];
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

function datasetUrl(): string {
  return new URL(`${import.meta.env.BASE_URL}${MNIST_FILE}`, self.location.origin).href;
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

function summarise(ds: Dataset): DatasetSummary {
  const classCounts = new Array<number>(10).fill(0);
  for (const label of ds.labels) classCounts[label] = (classCounts[label] ?? 0) + 1;
  return { file: MNIST_FILE, count: ds.count, rows: ds.rows, cols: ds.cols, classCounts };
}

/**
 * Loads the dataset and initialises a TensorFlow.js backend (the preferred one first, then the
 * fallbacks). Both run concurrently; either failure rejects with a message for the page.
 */
export async function init(options: { backend: BackendChoice }): Promise<WorkerReady> {
  const [backend, ds] = await Promise.all([
    initBackend(
      backendCandidates(options.backend),
      options.backend === 'auto' ? 'first backend that initialised' : 'chosen by you',
    ),
    loadDataset(),
  ]);
  return { backend, dataset: summarise(ds) };
}

/** `count` distinct digits drawn with a seeded shuffle, so a link shows the same samples. */
export async function getSamples(options: { count: number; seed: number }): Promise<SampleDigits> {
  const ds = dataset ?? (await loadDataset());
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
  return trainWith(config, onEvent, loadDataset);
}

export const api = { init, getSamples, train, pause, resume, stop, memory, exportModel };
export type WorkerApi = typeof api;
