/**
 * The built-in digit file, in one place: scripts/build-mnist.mjs writes data/mnist-10k.bin.gz and
 * Vite's `?url` import gives it a content hash in its name when the app is built
 * (assets/mnist-10k.bin-<hash>.gz), so browsers and the service worker can keep it for good and a
 * new file always gets a new name. The dev server serves it unhashed.
 */
import mnistUrl from '../../data/mnist-10k.bin.gz?url';
import { MNIST_FILE } from '../core';

export interface BuiltInDataFile {
  /** The name the page shows ("10,000 digits loaded from mnist-10k.bin"). */
  name: string;
  /** Where the file is served, as Vite wrote it (root-relative, or absolute for a relative base). */
  url: string;
}

export const BUILT_IN_MNIST: BuiltInDataFile = { name: MNIST_FILE, url: mnistUrl };

/**
 * The file's absolute URL as seen from `from` (the worker's own location): a relative URL would
 * otherwise resolve against the worker script, which may live elsewhere.
 */
export function builtInUrl(file: BuiltInDataFile, from: string): string {
  return new URL(file.url, from).href;
}
