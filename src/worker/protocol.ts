/**
 * The one message the worker sends outside comlink: that its module loaded. Before it, an
 * `error` event on the Worker means the script itself could not load; after it, an error is an
 * uncaught exception inside a running worker (for example in one of tfjs' own helper workers),
 * which the page reports without giving up on the worker.
 */
export const WORKER_LOADED = { losslab: 'worker-loaded' } as const;

export function isWorkerLoaded(data: unknown): boolean {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { losslab?: unknown }).losslab === WORKER_LOADED.losslab
  );
}
