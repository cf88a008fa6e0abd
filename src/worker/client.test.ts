import { describe, expect, it, vi } from 'vitest';
import { createWorkerClient } from './client';
import { WORKER_LOADED } from './protocol';

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
}

function setup(onUncaughtError?: (message: string) => void) {
  const worker = new FakeWorker();
  const client = createWorkerClient({
    factory: () => worker as unknown as Worker,
    ...(onUncaughtError ? { onUncaughtError } : {}),
  });
  return { worker, client };
}

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
});
