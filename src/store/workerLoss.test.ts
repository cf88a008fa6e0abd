import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type EpochRecord, type TrainEvent } from '../core';
import { WorkerLostError, type WorkerClient, type WorkerClientOptions } from '../worker/client';
import { MAX_WORKER_REPLACEMENTS } from './systemSlice';
import { FAKE_REPORT, createFakeWorker, type FakeWorker } from './testing';

const config = { ...DEFAULT_CONFIG, epochs: 30 };

const epoch = (n: number): EpochRecord => ({
  epoch: n,
  epochs: 30,
  steps: 10,
  loss: 1 / n,
  metric: 0.5,
  valLoss: 1 / n,
  valMetric: 0.5,
  epochMs: 100,
  msPerStep: 10,
});

const start: TrainEvent[] = [
  { type: 'backend', report: FAKE_REPORT },
  {
    type: 'run-start',
    config,
    metricKey: 'accuracy',
    metric: 'accuracy',
    trainSize: config.trainSize,
    testSize: config.testSize,
    stepsPerEpoch: 10,
    backend: 'cpu',
    params: 10,
  },
];

type Hooks = Pick<WorkerClientOptions, 'onLost'>;

/**
 * A page whose workers can be lost: each client the store creates wraps the fake worker and can
 * be killed as the real client does it (every call rejects, then `onLost`).
 */
async function page() {
  const workers: { hooks: Hooks; kill: () => void }[] = [];
  let fake: FakeWorker | null = null;
  fake = createFakeWorker({
    createClient: (hooks: Hooks = {}) => {
      let reject: (error: Error) => void = () => undefined;
      const failure = new Promise<never>((_, r) => (reject = r));
      failure.catch(() => undefined);
      const client: WorkerClient = {
        call: (invoke) => Promise.race([fake!.client.call(invoke), failure]),
        terminate: () => undefined,
      };
      workers.push({
        hooks,
        kill: () => {
          const error = new WorkerLostError(10_000);
          reject(error);
          hooks.onLost?.(error);
        },
      });
      return client;
    },
  });
  await fake.store.getState().startWorker({ backend: 'cpu', sampleCount: 0, seed: 1 });
  await fake.store.getState().loadHistory();
  fake.store.getState().setConfig(config);
  return { fake, workers, store: fake.store };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('a training worker that dies mid-run', () => {
  it('ends the run, keeps its epochs as interrupted, and a fresh worker trains the next run', async () => {
    const { fake, workers, store } = await page();
    const run = store.getState().train();
    fake.emit(...start, ...[1, 2, 3].map((n) => ({ type: 'epoch', record: epoch(n) }) as const));
    fake.frame();
    workers[0]!.kill();
    await run;
    fake.frame();

    const { training, system } = store.getState();
    expect(training.status).toBe('error');
    expect(training.error?.lost).toBe(true);
    expect(training.history).toHaveLength(3);
    // Listed now, on this page, as interrupted with its three epochs.
    const [kept] = store.getState().history.runs;
    expect(kept?.reason).toBe('interrupted');
    expect(kept?.history).toHaveLength(3);
    // A fresh worker was started and is ready; the page says why.
    expect(workers).toHaveLength(2);
    await expect.poll(() => store.getState().system.status).toBe('ready');
    expect(system.lost).toMatch(/stopped responding.*fresh worker/);

    // Reset keeps the stored run; the next Train runs on the fresh worker.
    store.getState().resetTraining();
    expect(store.getState().history.runs).toHaveLength(1);
    void store.getState().train();
    expect(store.getState().training.status).toBe('starting');
    fake.emit(...start, { type: 'epoch', record: epoch(1) });
    fake.frame();
    expect(store.getState().training.status).toBe('running');
    expect(fake.calls.filter((c) => c === 'train')).toHaveLength(2);
  });

  it('stops replacing workers that keep dying before they are ready', async () => {
    const { workers, store } = await page();
    // Every replacement dies at once; the page gives up and says so.
    for (let i = 0; i <= MAX_WORKER_REPLACEMENTS; i++) workers[i]!.kill();
    expect(workers).toHaveLength(MAX_WORKER_REPLACEMENTS + 1);
    await expect.poll(() => store.getState().system.status).toBe('error');
    expect(store.getState().system.error).toMatch(/Reload the page/);
  });
});
