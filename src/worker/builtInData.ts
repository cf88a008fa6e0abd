/**
 * Where the built-in datasets are served. Each catalogue entry names its file in the repository's
 * data/ folder (scripts/build-mnist.mjs writes data/mnist-10k.bin.gz); Vite's `?url` import, here
 * for every gzipped file there at once, gives each a content hash in its name when the app is
 * built (assets/mnist-10k.bin-<hash>.gz), so browsers and the service worker can keep it for
 * good and a new file always gets a new name. The dev server serves them unhashed.
 */
import {
  BUILTIN_DATASETS,
  DatasetError,
  shownFileName,
  type BuiltinDataset,
  type BuiltinDatasetId,
} from '../core';

const SERVED = import.meta.glob<string>('../../data/*.gz', {
  query: '?url',
  import: 'default',
  eager: true,
});

export interface BuiltInDataFile {
  /** The name the page shows ("10,000 digits loaded from mnist-10k.bin"). */
  name: string;
  /** Where the file is served, as Vite wrote it (root-relative, or absolute for a relative base). */
  url: string;
}

/** The served file of a built-in dataset, or null when the app was built without it. */
export function servedFile(id: BuiltinDatasetId): BuiltInDataFile | null {
  const url = SERVED[`../../data/${BUILTIN_DATASETS[id].file}`];
  return url ? { name: shownFileName(BUILTIN_DATASETS[id]), url } : null;
}

/**
 * The served file of a built-in dataset. Throws a DatasetError that says how to create the file
 * (and what the machine needs first, from the catalogue entry) when the app was built without it.
 */
export function builtInFile(id: BuiltinDatasetId): BuiltInDataFile {
  const served = servedFile(id);
  if (served) return served;
  const dataset: BuiltinDataset = BUILTIN_DATASETS[id];
  const setup = dataset.setup ? `To add it, ${dataset.setup}, run` : 'Run';
  throw new DatasetError(
    'missing',
    shownFileName(dataset),
    `the app was built without data/${dataset.file}. ${setup} \`npm run data\` and build again.`,
  );
}

/** The default built-in dataset's file (the benchmark reads it too). */
export const BUILT_IN_MNIST: BuiltInDataFile = builtInFile('mnist');

/**
 * The file's absolute URL as seen from `from` (the worker's own location): a relative URL would
 * otherwise resolve against the worker script, which may live elsewhere.
 */
export function builtInUrl(file: BuiltInDataFile, from: string): string {
  return new URL(file.url, from).href;
}
