/**
 * Downloading the dataset file. `fetch` is a standard global in workers, pages and Node, but the
 * core's type library (ES2023 only, no DOM) does not declare it, so this module describes the
 * little it uses structurally; the real `fetch` satisfies these types.
 */
import { messageOf } from '../messages';
import { DatasetError, parseMnistFile } from './format';
import type { Dataset } from './format';

/** The part of a fetch `Response` that `fetchMnist` reads. */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  statusText: string;
  headers?: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The part of `fetch` that `fetchMnist` calls. */
export type FetchLike = (url: string) => Promise<FetchResponseLike>;

const REBUILD = 'Run `npm run data` (npm install also does it) and reload.';

/** The global `fetch`, called as a method of the global object (some engines insist). */
const globalFetch: FetchLike = (url) => {
  const scope = globalThis as unknown as { fetch?: FetchLike };
  if (typeof scope.fetch !== 'function') {
    return Promise.reject(new TypeError('fetch is not available in this environment'));
  }
  return scope.fetch(url);
};

/**
 * Downloads and validates the LossLab MNIST file at `url`. In a worker, pass an absolute URL built
 * from the app's base URL (`new URL(import.meta.env.BASE_URL + MNIST_FILE, self.location.origin)`):
 * a relative one would resolve against the worker script's own URL.
 *
 * Rejects with a DatasetError naming `url`: `missing` for HTTP 404 (or an HTML page, which is what
 * a dev server sends for a missing file), `http` for other error statuses, `network` when the
 * request or the download fails, and any of `parseMnistFile`'s errors for a damaged file.
 */
export async function fetchMnist(url: string, fetchFn: FetchLike = globalFetch): Promise<Dataset> {
  let response: FetchResponseLike;
  try {
    response = await fetchFn(url);
  } catch (error) {
    throw new DatasetError('network', url, `could not be downloaded (${messageOf(error)}).`, {
      cause: error,
    });
  }
  if (response.status === 404) {
    throw new DatasetError('missing', url, `the dataset file is missing (HTTP 404). ${REBUILD}`);
  }
  if (!response.ok) {
    const status = `${response.status} ${response.statusText}`.trim();
    throw new DatasetError('http', url, `the server answered HTTP ${status}.`);
  }
  if (response.headers?.get('content-type')?.toLowerCase().includes('text/html')) {
    throw new DatasetError(
      'missing',
      url,
      'the server sent an HTML page instead of the dataset, so the file is probably missing. ' +
        REBUILD,
    );
  }
  let buffer: ArrayBuffer;
  try {
    buffer = await response.arrayBuffer();
  } catch (error) {
    throw new DatasetError('network', url, `the download broke off (${messageOf(error)}).`, {
      cause: error,
    });
  }
  return parseMnistFile(buffer, url);
}
