/**
 * The page's side of the worker boundary. comlink turns the worker's exported functions into
 * async calls; this file adds what comlink lacks: a worker that fails to load (a missing chunk,
 * a syntax error, a blocked script) rejects every pending and future call with a clear message
 * instead of leaving them hanging forever.
 */
import { releaseProxy, wrap, type Remote } from 'comlink';
import type { WorkerApi } from './api';
import { isWorkerLoaded } from './protocol';

export type { DatasetSummary, SampleDigits, WorkerApi, WorkerReady } from './api';
export type { OwnFile } from './datasets';

export interface WorkerClient {
  /** The worker's API; every call also rejects if the worker itself dies. */
  call<T>(invoke: (api: Remote<WorkerApi>) => Promise<T>): Promise<T>;
  /** Frees everything the worker held (tensors, GPU buffers) at once. */
  terminate(): void;
}

export type WorkerFactory = () => Worker;

export const createModuleWorker: WorkerFactory = () =>
  new Worker(new URL('./entry.ts', import.meta.url), { type: 'module', name: 'losslab-trainer' });

export interface WorkerClientOptions {
  factory?: WorkerFactory;
  /** An uncaught error inside a worker that had loaded: reported, but not fatal to the worker. */
  onUncaughtError?: (message: string) => void;
}

export function createWorkerClient(options: WorkerClientOptions = {}): WorkerClient {
  const worker = (options.factory ?? createModuleWorker)();
  let loaded = false;
  worker.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isWorkerLoaded(event.data)) loaded = true;
  });
  const api = wrap<WorkerApi>(worker);
  let rejectFailure: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    rejectFailure = reject;
  });
  // Keep an unobserved failure from surfacing as an unhandled rejection.
  failure.catch(() => undefined);
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    if (loaded) {
      options.onUncaughtError?.(event.message || 'An unexpected error occurred in the worker.');
      return;
    }
    const detail = event.message ? `: ${event.message}` : '';
    rejectFailure(new Error(`The training worker could not start${detail}. Reload the page.`));
  });
  worker.addEventListener('messageerror', () => {
    rejectFailure(new Error('The training worker sent a message the page could not read.'));
  });
  let terminated = false;
  return {
    call(invoke) {
      if (terminated) return Promise.reject(new Error('The training worker was stopped.'));
      return Promise.race([invoke(api), failure]);
    },
    terminate() {
      if (terminated) return;
      terminated = true;
      rejectFailure(new Error('The training worker was stopped.'));
      api[releaseProxy]();
      worker.terminate();
    },
  };
}
