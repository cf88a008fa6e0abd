import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOST_AFTER_MS, WorkerLostError, createWorkerClient } from './client';
import { HEARTBEAT_INTERVAL_MS, WORKER_HEARTBEAT, WORKER_LOADED } from './protocol';

/** A Worker stand-in: an EventTarget that swallows posted messages (no comlink replies). */
class FakeWorker extends EventTarget {
  terminated = false;
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
  start(): void {}
  emitError(message: string): void {
    const event = new Event('error', { cancelable: true }) as Event & { message: string };
    Object.defineProperty(event, 'message', { value: message });
    this.dispatchEvent(event);
  }
  emitLoaded(): void {
    this.dispatchEvent(new MessageEvent('message', { data: WORKER_LOADED }));
  }
  beat(): void {
    this.dispatchEvent(new MessageEvent('message', { data: WORKER_HEARTBEAT }));
  }
}

function setup(
  onUncaughtError?: (message: string) => void,
  onLost?: (error: WorkerLostError) => void,
) {
  const worker = new FakeWorker();
  const client = createWorkerClient({
    factory: () => worker as unknown as Worker,
    ...(onUncaughtError ? { onUncaughtError } : {}),
    ...(onLost ? { onLost } : {}),
  });
  return { worker, client };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createWorkerClient', () => {
  it('rejects pending calls when the worker script fails to load', async () => {
    const { worker, client } = setup();
    const pending = client.call((api) => api.init({ backend: 'cpu' }));
    worker.emitError('Failed to fetch');
    await expect(pending).rejects.toThrow('The training worker could not start: Failed to fetch');
    // ...and later calls too, instead of hanging.
    await expect(
      client.call((api) => api.getSamples({ count: 1, seed: 1, dataset: { id: 'mnist' } })),
    ).rejects.toThrow('could not start');
  });

  it('reports an uncaught error in a loaded worker without failing its calls', async () => {
    const onUncaughtError = vi.fn();
    const { worker, client } = setup(onUncaughtError);
    worker.emitLoaded();
    const pending = client.call(() => Promise.resolve('still alive'));
    worker.emitError('Uncaught ReferenceError: e is not defined');
    expect(onUncaughtError).toHaveBeenCalledWith('Uncaught ReferenceError: e is not defined');
    await expect(pending).resolves.toBe('still alive');
  });

  it('terminates the worker once and rejects calls made after', async () => {
    const { worker, client } = setup();
    client.terminate();
    client.terminate();
    expect(worker.terminated).toBe(true);
    await expect(client.call(() => Promise.resolve(1))).rejects.toThrow('was stopped');
  });

  it('gives up on a loaded worker that falls silent: calls reject, the worker is terminated', async () => {
    vi.useFakeTimers();
    const onLost = vi.fn();
    const { worker, client } = setup(undefined, onLost);
    worker.emitLoaded();
    const pending = client.call(() => new Promise<never>(() => undefined));
    // Alive while it beats, however long the call takes.
    for (let i = 0; i < 30; i++) {
      vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
      worker.beat();
    }
    expect(worker.terminated).toBe(false);
    expect(onLost).not.toHaveBeenCalled();
    // Closed, killed or stuck in a loop: no more beats.
    vi.advanceTimersByTime(LOST_AFTER_MS + HEARTBEAT_INTERVAL_MS);
    await expect(pending).rejects.toBeInstanceOf(WorkerLostError);
    expect(worker.terminated).toBe(true);
    expect(onLost).toHaveBeenCalledTimes(1);
    await expect(client.call(() => Promise.resolve(1))).rejects.toThrow('stopped responding');
  });

  it('does not count a late tick of its own timer (a suspended page) as silence', () => {
    vi.useFakeTimers();
    const onLost = vi.fn();
    const { worker } = setup(undefined, onLost);
    worker.emitLoaded();
    // The page's timers were frozen for a minute (setSystemTime moves the clock, not the timers).
    vi.setSystemTime(Date.now() + 60_000);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    worker.beat();
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(onLost).not.toHaveBeenCalled();
    expect(worker.terminated).toBe(false);
  });

  it('never calls a worker lost before it has loaded (a slow network is not a dead worker)', () => {
    vi.useFakeTimers();
    const onLost = vi.fn();
    const { worker } = setup(undefined, onLost);
    vi.advanceTimersByTime(LOST_AFTER_MS * 3);
    expect(onLost).not.toHaveBeenCalled();
    expect(worker.terminated).toBe(false);
  });
});
