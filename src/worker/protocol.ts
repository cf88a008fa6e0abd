/**
 * The messages the worker sends outside comlink. `WORKER_LOADED`: its module loaded. Before it,
 * an `error` event on the Worker means the script itself could not load; after it, an error is an
 * uncaught exception inside a running worker (for example in one of tfjs' own helper workers),
 * which the page reports without giving up on the worker. `WORKER_HEARTBEAT`: sent on a timer,
 * so the page can tell a worker that died without an event (closed, killed, out of memory) or
 * hangs (a loop that never yields) from one that is busy. `EARLY_WORKER_NAME`
 * names the worker index.html starts. `markStage` leaves marks for profiles.
 */
export const WORKER_LOADED = { losslab: 'worker-loaded' } as const;
export const WORKER_HEARTBEAT = { losslab: 'heartbeat' } as const;
/**
 * The name the page's first script (./early.ts, which imports nothing and so spells it out) gives
 * the worker it starts: that worker starts the downloads `prepare` starts as soon as its script
 * runs. A message would come too late: the worker reads it only after TensorFlow.js' chunk,
 * evaluated in one long task, if that chunk arrives first.
 */
export const EARLY_WORKER_NAME = 'losslab-trainer-early';

/** How often the worker says it is alive, in ms. */
export const HEARTBEAT_INTERVAL_MS = 1000;

/**
 * Inside a worker, after its API is exposed: says it has loaded, then keeps saying it lives. The
 * heartbeat is a timer task, so it runs only while the training loop yields and a hung loop falls
 * silent. Every worker the page's client talks to (the app's, the benchmark's) calls this.
 */
export function announceWorker(): void {
  self.postMessage(WORKER_LOADED);
  setInterval(() => self.postMessage(WORKER_HEARTBEAT), HEARTBEAT_INTERVAL_MS);
}

function isTagged(data: unknown, tag: string): boolean {
  return (
    typeof data === 'object' && data !== null && (data as { losslab?: unknown }).losslab === tag
  );
}

export function isWorkerLoaded(data: unknown): boolean {
  return isTagged(data, WORKER_LOADED.losslab);
}

/**
 * A mark on the worker's clock (User Timing) for a stage of its start, so a profile or the
 * benchmark's first-visit timeline (bench/firstRun.mjs) shows where the time goes.
 */
export function markStage(name: 'api-loaded' | 'digits-ready' | 'backend-ready'): void {
  globalThis.performance?.mark?.(`losslab:${name}`);
}
