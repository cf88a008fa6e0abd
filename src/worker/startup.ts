/**
 * What the worker's entry exposes: `prepare`, answered at once, and every function of ./api.ts,
 * each waiting for that module to load. ./api.ts brings TensorFlow.js (about 2.4 MB of
 * JavaScript, a second or more to download, parse and run on a slow machine); its import starts
 * when this module runs, and `prepare`, which the page sends first, starts in the meantime what
 * "Ready to train." also waits for: the default digits (downloaded, decompressed and checked) and
 * the WASM backend's binary. Nothing here imports TensorFlow.js.
 */
import type { BackendChoice } from '../core';
import { DEFAULT_DATASET_ID, messageOf } from '../core';
import { prefetchWasm } from '../ml/wasmFiles';
import type { api as loadedApi } from './api';
import { EARLY_WORKER_NAME, markStage } from './protocol';
import { workerData } from './workerData';

type LoadedApi = typeof loadedApi;

// Started now, before any message is read: the download and the parse of TensorFlow.js are the
// longest part of the worker's start.
const loading: Promise<LoadedApi> = import('./api').then(
  (module) => {
    markStage('api-loaded');
    return module.api;
  },
  (error: unknown) => {
    throw new Error(
      `The training code could not be loaded (${messageOf(error)}). Check the connection and reload the page.`,
    );
  },
);
// A worker that is never called (closed early) must not report an unhandled rejection.
loading.catch(() => undefined);

/**
 * Starts, without waiting for TensorFlow.js, the downloads `init` will need: the default digits
 * (fetched, decompressed and checked into the data the runs use) and, unless the page chose
 * another backend, the WASM binary. Failures are left for `init` to report.
 */
export function prepare(options: { backend: BackendChoice }): void {
  workerData.builtin(DEFAULT_DATASET_ID).then(
    () => markStage('digits-ready'),
    () => undefined,
  );
  if (options.backend === 'auto' || options.backend === 'wasm') prefetchWasm(self.location.href);
}

// The worker index.html's first script started, before the app (and its configuration) loaded:
// as for `auto`. Downloading the WASM binary for a link that forces another backend costs
// nothing extra, since the service worker downloads it for offline use anyway.
if (self.name === EARLY_WORKER_NAME) prepare({ backend: 'auto' });

type Later<F> = F extends (...args: infer A) => infer R
  ? (...args: A) => Promise<Awaited<R>>
  : never;
type LaterApi = { [K in keyof LoadedApi]: Later<LoadedApi[K]> };

/** The API's functions; listed so that the compiler rejects one missing here or not there. */
const LOADED: Record<keyof LoadedApi, true> = {
  init: true,
  measureBackends: true,
  noteMeasurement: true,
  getSamples: true,
  train: true,
  pause: true,
  resume: true,
  stop: true,
  memory: true,
  exportModel: true,
  loadOwnData: true,
  loadBuiltin: true,
};

function later<K extends keyof LoadedApi>(name: K): Later<LoadedApi[K]> {
  const call = async (...args: unknown[]) => {
    const api = await loading;
    return (api[name] as (...a: unknown[]) => unknown)(...args);
  };
  return call as Later<LoadedApi[K]>;
}

export const workerApi = {
  prepare,
  ...(Object.fromEntries(
    (Object.keys(LOADED) as (keyof LoadedApi)[]).map((name) => [name, later(name)]),
  ) as LaterApi),
};

/** The worker's API as the page sees it (through comlink). */
export type WorkerApi = typeof workerApi;
