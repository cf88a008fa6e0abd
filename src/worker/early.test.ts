import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkerClient, takeEarlyWorker } from './client';
import { EARLY_WORKER_NAME, WORKER_LOADED } from './protocol';

/** A Worker stand-in that records what the page posts to it. */
class FakeWorker extends EventTarget {
  static started: FakeWorker[] = [];
  posted: unknown[] = [];
  terminated = false;
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    super();
    FakeWorker.started.push(this);
  }
  postMessage(data: unknown): void {
    this.posted.push(data);
  }
  terminate(): void {
    this.terminated = true;
  }
  start(): void {}
  emitError(message: string): void {
    const event = new Event('error', { cancelable: true });
    Object.defineProperty(event, 'message', { value: message });
    this.dispatchEvent(event);
  }
}

/** Runs index.html's first script (a fresh copy of the module) with the fake Worker. */
async function runEarlyScript(): Promise<FakeWorker> {
  FakeWorker.started = [];
  vi.stubGlobal('Worker', FakeWorker);
  vi.resetModules();
  await import('./early');
  const [worker] = FakeWorker.started;
  if (!worker) throw new Error('the early script started no worker');
  return worker;
}

afterEach(() => {
  globalThis.losslabEarlyWorker = undefined;
  vi.unstubAllGlobals();
});

describe('the early worker (src/worker/early.ts)', () => {
  it("starts the trainer's worker module under the name that makes it prepare", async () => {
    const worker = await runEarlyScript();
    expect(worker.url.pathname).toMatch(/\/src\/worker\/entry\.ts$/);
    expect(worker.options).toEqual({ type: 'module', name: EARLY_WORKER_NAME });
    expect(worker.posted).toHaveLength(0);
  });

  it('is taken once, by the first client, which hears the "loaded" message sent before it', async () => {
    const worker = await runEarlyScript();
    worker.dispatchEvent(new MessageEvent('message', { data: WORKER_LOADED }));
    const onUncaughtError = vi.fn();
    const client = createWorkerClient({ onUncaughtError });
    expect(globalThis.losslabEarlyWorker).toBeUndefined();
    expect(takeEarlyWorker()).toBeNull();
    // Loaded, so an error is an uncaught exception in a running worker, not a failed start.
    worker.emitError('Uncaught TypeError: x is undefined');
    expect(onUncaughtError).toHaveBeenCalledWith('Uncaught TypeError: x is undefined');
    await expect(client.call(() => Promise.resolve('alive'))).resolves.toBe('alive');
    client.terminate();
    expect(worker.terminated).toBe(true);
  });

  it('hands on a load failure that came before the client, so its calls reject', async () => {
    const worker = await runEarlyScript();
    worker.emitError('Failed to fetch');
    const client = createWorkerClient();
    await expect(client.call((api) => api.init({ backend: 'cpu' }))).rejects.toThrow(
      'The training worker could not start: Failed to fetch',
    );
    client.terminate();
  });

  it('leaves clients with their own factory alone', async () => {
    await runEarlyScript();
    const own = new FakeWorker(new URL('file:///own.js'), {});
    const client = createWorkerClient({ factory: () => own as unknown as Worker });
    expect(globalThis.losslabEarlyWorker).toBeDefined();
    client.terminate();
  });
});
