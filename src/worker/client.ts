/**
 * The page's side of the worker boundary. comlink turns the worker's exported functions into
 * async calls; this file adds what comlink lacks: a worker that fails to load (a missing chunk,
 * a syntax error, a blocked script) rejects every pending and future call with a clear message
 * instead of leaving them hanging forever, and so does a loaded worker that falls silent (closed,
 * killed, out of memory, or stuck in a loop: its heartbeat stops), which is then terminated.
 */
import { releaseProxy, wrap, type Remote } from 'comlink';
import { HEARTBEAT_INTERVAL_MS, isWorkerLoaded } from './protocol';
import type { EarlyWorker } from './early';
import type { WorkerApi } from './startup';

export type { DatasetSummary, SampleDigits, WorkerReady } from './api';
export type { WorkerApi } from './startup';
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

/**
 * The worker index.html's first script started (./early.ts), once: the first client takes it,
 * later ones start their own. Null where that script did not run or its worker is taken.
 */
export function takeEarlyWorker(): ReturnType<EarlyWorker['take']> | null {
  const early = globalThis.losslabEarlyWorker;
  globalThis.losslabEarlyWorker = undefined;
  return early ? early.take() : null;
}

/** A copy of an event the early worker sent before the client listened, to dispatch again. */
function replayable(event: Event): Event {
  if (event instanceof MessageEvent) {
    return new MessageEvent(event.type, { data: (event as MessageEvent<unknown>).data });
  }
  const copy = new Event(event.type, { cancelable: true });
  Object.defineProperty(copy, 'message', { value: (event as Partial<ErrorEvent>).message ?? '' });
  return copy;
}

/**
 * How long a loaded worker may stay silent (no heartbeat, no reply) before it counts as lost, in
 * ms. Its heartbeat comes every second whenever the training loop yields, which it does several
 * times a second; but one synchronous piece of work cannot be interrupted: the CNN's first
 * WebGPU step compiles its shaders in one task, and on a software adapter (SwiftShader) on a
 * 2-core machine at load average 16 that kept a worker silent for over 10 s. Thirty missed beats
 * is a worker that is gone or stuck; a slow one is left to finish.
 */
export const LOST_AFTER_MS = 30_000;

/** The rejection of every call to a worker that died or stopped responding after it loaded. */
export class WorkerLostError extends Error {
  constructor(silentMs: number) {
    super(
      `The training worker stopped responding (no sign of life for ${Math.round(silentMs / 1000)} s: ` +
        'it crashed, ran out of memory or was closed).',
    );
    this.name = 'WorkerLostError';
  }
}

export interface WorkerClientOptions {
  /** Where the worker comes from; by default the early worker (`takeEarlyWorker`) or a new one. */
  factory?: WorkerFactory;
  /** An uncaught error inside a worker that had loaded: reported, but not fatal to the worker. */
  onUncaughtError?: (message: string) => void;
  /** The loaded worker fell silent and was terminated; every call has been rejected. */
  onLost?: (error: WorkerLostError) => void;
  /** Silence that counts as lost, in ms (default `LOST_AFTER_MS`). */
  lostAfterMs?: number;
}

export function createWorkerClient(options: WorkerClientOptions = {}): WorkerClient {
  const early = options.factory ? null : takeEarlyWorker();
  const worker = early?.worker ?? (options.factory ?? createModuleWorker)();
  const lostAfterMs = options.lostAfterMs ?? LOST_AFTER_MS;
  let loaded = false;
  let heardAt = Date.now();
  // Any message is a sign of life: heartbeats, comlink replies, progress events.
  worker.addEventListener('message', (event: MessageEvent<unknown>) => {
    heardAt = Date.now();
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
  let lost: WorkerLostError | null = null;
  const shutDown = (error: Error) => {
    terminated = true;
    clearInterval(watchdog);
    rejectFailure(error);
    api[releaseProxy]();
    worker.terminate();
  };

  // The page's own timer can be late (a hidden tab, a suspended laptop, a long task): silence is
  // only counted across ticks that came on time, so a late tick never reads as a lost worker.
  let tickedAt = Date.now();
  const watchdog = setInterval(() => {
    const now = Date.now();
    const late = now - tickedAt > 3 * HEARTBEAT_INTERVAL_MS;
    tickedAt = now;
    if (late) heardAt = Math.max(heardAt, now - HEARTBEAT_INTERVAL_MS);
    if (!loaded || terminated || now - heardAt < lostAfterMs) return;
    lost = new WorkerLostError(now - heardAt);
    shutDown(lost);
    options.onLost?.(lost);
  }, HEARTBEAT_INTERVAL_MS);
  // What the early worker said before these listeners existed ("loaded", a failed load), in order.
  for (const event of early?.missed ?? []) worker.dispatchEvent(replayable(event));

  return {
    call(invoke) {
      if (lost) return Promise.reject(lost);
      if (terminated) return Promise.reject(new Error('The training worker was stopped.'));
      return Promise.race([invoke(api), failure]);
    },
    terminate() {
      if (terminated) return;
      shutDown(new Error('The training worker was stopped.'));
    },
  };
}
