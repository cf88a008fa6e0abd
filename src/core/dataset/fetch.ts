/**
 * Downloading the dataset file. `fetch` is a standard global in workers, pages and Node, but the
 * core's type library (ES2023 only, no DOM) does not declare it, so this module describes the
 * little it uses structurally; the real `fetch` satisfies these types.
 */
import { messageOf } from '../messages';
import type { DatasetShape } from '../datasetCatalog';
import { BUILTIN_DATASETS } from '../datasetCatalog';
import { DatasetError, parseMnistFile } from './format';
import type { Dataset } from './format';
import { gunzip, isGzip } from './idx';

/** The part of a fetch `Response` that `fetchBuiltinDataset` reads. */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  statusText: string;
  headers?: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The part of `fetch` that `fetchBuiltinDataset` calls. */
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

/** Whether the standard `DecompressionStream` exists here (every current browser, Node ≥ 18). */
function canGunzip(): boolean {
  return (
    typeof (globalThis as { DecompressionStream?: unknown }).DecompressionStream === 'function'
  );
}

/**
 * Downloads the LossLab dataset file at `url` (an absolute URL: in a worker a relative one would
 * resolve against the worker script's own URL) and validates it against the built-in dataset it
 * should hold (`expected`: its image size and classes; MNIST unless given). The file travels gzipped
 * (scripts/build-mnist.mjs); it is decompressed here with `DecompressionStream`, and every check
 * (size, header, CRC-32) runs on the decompressed bytes. Bytes that do not start with gzip's
 * magic number are parsed as they are: a host that labels `.gz` files `Content-Encoding: gzip`
 * makes the browser decompress them already.
 *
 * Rejects with a DatasetError naming `url`: `missing` for HTTP 404 (or an HTML page, which is what
 * a dev server sends for a missing file), `http` for other error statuses, `network` when the
 * request or the download fails, `gzip` for a compressed file that is corrupt or cut short (or a
 * browser without `DecompressionStream`), and any of `parseMnistFile`'s errors for a damaged file.
 */
export async function fetchBuiltinDataset(
  url: string,
  fetchFn: FetchLike = globalFetch,
  expected: DatasetShape = BUILTIN_DATASETS.mnist,
): Promise<Dataset> {
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
  const bytes = new Uint8Array(buffer);
  if (!isGzip(bytes)) return parseMnistFile(bytes, url, expected);
  if (!canGunzip()) {
    throw new DatasetError(
      'gzip',
      url,
      'this browser cannot decompress the digits (DecompressionStream is missing). Use a current ' +
        'version of Chrome, Edge, Firefox or Safari.',
    );
  }
  return parseMnistFile(await gunzip(bytes, url, MAX_DECOMPRESSED_BYTES), url, expected);
}

/** Far above the real file (7.85 MB): a bound against a damaged or hostile archive. */
const MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024;
