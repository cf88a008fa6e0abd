import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkerClient, takeEarlyWorker } from './client';
import { DIGITS_EARLY_NAME, isDigitsPort, type DigitsPortMessage } from './digitsProtocol';
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
  for (const worker of FakeWorker.started) {
    for (const message of worker.posted) {
      if (message instanceof MessagePort) message.close();
      if (isDigitsPort(message)) message.port?.close();
    }
  }
  globalThis.losslabEarlyWorker = undefined;
  vi.unstubAllGlobals();
});

describe('the early worker (src/worker/early.ts)', () => {
  it("starts the trainer's worker module under the name that makes it prepare", async () => {
    const worker = await runEarlyScript();
    expect(worker.url.pathname).toMatch(/\/src\/worker\/entry\.ts$/);
    expect(worker.options).toEqual({ type: 'module', name: EARLY_WORKER_NAME });
    // Its only message: the port on which the digits' worker will answer.
    expect(worker.posted).toHaveLength(1);
    expect(isDigitsPort(worker.posted[0])).toBe(true);
    expect((worker.posted[0] as DigitsPortMessage).port).toBeInstanceOf(MessagePort);
  });

  it("starts the digits' worker beside it and hands it the other end of that port", async () => {
    await runEarlyScript();
    const digits = FakeWorker.started[1];
    expect(digits?.url.pathname).toMatch(/\/src\/worker\/digits\.ts$/);
    expect(digits?.options).toEqual({ type: 'module', name: DIGITS_EARLY_NAME });
    expect(digits?.posted).toHaveLength(1);
    expect(digits?.posted[0]).toBeInstanceOf(MessagePort);
  });

  it("tells the training worker to check the digits itself when the digits' worker fails", async () => {
    const worker = await runEarlyScript();
    FakeWorker.started[1]?.emitError('digits-x.js: 404');
    expect(worker.posted).toHaveLength(2);
    expect(worker.posted[1]).toEqual({ losslab: 'digits-port', port: null });
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
