/**
 * The images the worker holds, by the `DatasetRef` a configuration names: built-in datasets are
 * fetched once on first use; a student's own IDX files are parsed, hashed and kept (the last set
 * loaded). A run asks for its configuration's data by reference and gets exactly that, or an
 * error that says which files it needs: nothing trains on MNIST by accident.
 */
import type { BuiltinDatasetId, Dataset, DatasetRef, OwnDatasetRef, OwnFileInfo } from '../core';
import {
  BUILTIN_DATASETS,
  MAX_DATASET_NAME,
  assembleOwnData,
  classCountOf,
  contentHash,
  describeDataset,
  encodeDatasetRef,
  readIdx,
  shownFileName,
} from '../core';

/** What the page shows about a dataset the worker holds. */
export interface DatasetSummary {
  /** The reference a configuration uses for this data. */
  ref: DatasetRef;
  /** The file's URL path as served by the app (own data: the training images file's name). */
  file: string;
  /** Images runs train on (own data with a test set: the training set's). */
  count: number;
  rows: number;
  cols: number;
  /** How many images of each class 0..K−1 the (training) set holds. */
  classCounts: number[];
  /** Own IDX files: each file and its part, and the test set's size (null: split off). */
  own?: { files: OwnFileInfo[]; testCount: number | null };
}

/** Own files as the page hands them over (the buffers are transferred, not copied). */
export interface OwnFile {
  name: string;
  bytes: ArrayBuffer;
}

export interface DataRegistry {
  /** The data a reference names; rejects with a sentence for the page if it is not here. */
  resolve(ref: DatasetRef): Promise<Dataset>;
  /** Loads a built-in dataset (once) and describes it. */
  builtin(id: BuiltinDatasetId): Promise<DatasetSummary>;
  /**
   * Parses own IDX files (2 or 4, gzipped or not), hashes them and keeps them in place of any
   * earlier own files. Rejects with a DatasetError naming the file; the data held stays then.
   */
  loadOwn(files: readonly OwnFile[]): Promise<DatasetSummary>;
}

function summarise(ref: DatasetRef, ds: Dataset, file: string): DatasetSummary {
  const classCounts = new Array<number>(classCountOf(ref)).fill(0);
  for (const label of ds.labels) classCounts[label] = (classCounts[label] ?? 0) + 1;
  return { ref, file, count: ds.count, rows: ds.rows, cols: ds.cols, classCounts };
}

/** The error for a run or a sample that names own files this worker does not hold. */
export function missingDataMessage(ref: OwnDatasetRef): string {
  return (
    `This configuration trains on ${describeDataset(ref)}, which are not loaded. ` +
    'Load those files in the Data panel (or go back to the built-in MNIST digits).'
  );
}

export function createDataRegistry(
  fetchBuiltin: (id: BuiltinDatasetId) => Promise<Dataset>,
): DataRegistry {
  const loading = new Map<BuiltinDatasetId, Promise<Dataset>>();
  let own: { ref: OwnDatasetRef; dataset: Dataset; summary: DatasetSummary } | null = null;

  const loadBuiltin = (id: BuiltinDatasetId): Promise<Dataset> => {
    let promise = loading.get(id);
    if (!promise) {
      promise = fetchBuiltin(id);
      loading.set(id, promise);
      // A later call may succeed (e.g. the file was being regenerated).
      promise.catch(() => loading.delete(id));
    }
    return promise;
  };

  return {
    async resolve(ref) {
      if (ref.id !== 'own') return loadBuiltin(ref.id);
      if (own && encodeDatasetRef(own.ref) === encodeDatasetRef(ref)) return own.dataset;
      throw new Error(missingDataMessage(ref));
    },
    async builtin(id) {
      return summarise({ id }, await loadBuiltin(id), shownFileName(BUILTIN_DATASETS[id]));
    },
    async loadOwn(files) {
      const parsed = await Promise.all(files.map((f) => readIdx(new Uint8Array(f.bytes), f.name)));
      const data = assembleOwnData(parsed);
      const dataset: Dataset = { ...data.train, ...(data.test ? { testSet: data.test } : {}) };
      const parts = [data.train.images, data.train.labels];
      if (data.test) parts.push(data.test.images, data.test.labels);
      const trainImages = data.files.find((f) => f.role === 'train' && f.kind === 'images');
      const name = trainImages?.name.trim() || 'own files';
      const ref: OwnDatasetRef = {
        id: 'own',
        name: name.slice(0, MAX_DATASET_NAME),
        trainCount: data.train.count,
        testCount: data.test?.count ?? 0,
        hash: await contentHash(parts),
      };
      const summary: DatasetSummary = {
        ...summarise(ref, data.train, name),
        own: { files: data.files, testCount: data.test?.count ?? null },
      };
      own = { ref, dataset, summary };
      return summary;
    },
  };
}
