import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type EpochRecord, type RunResult, type TrainEvent } from '../core';
import { openRunDb } from './persistence/runDb';
import { defaultRunName } from './runKeeper';
import { FAKE_REPORT, createFakeWorker } from './testing';

const config = { ...DEFAULT_CONFIG, epochs: 3 };

const epoch = (n: number): EpochRecord => ({
  epoch: n,
  epochs: 3,
  steps: 10,
  loss: 1 / n,
  metric: 0.5 + n / 10,
  valLoss: 1.1 / n,
  valMetric: 0.45 + n / 10,
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

const result = (history: EpochRecord[]): RunResult => ({
  history,
  confusion: [[5]],
  perClassAccuracy: [1],
  testAccuracy: 0.9,
  samples: [],
  totalMs: 300,
  backend: 'cpu',
});

/** A page with a ready fake worker and its history loaded; settles IndexedDB writes. */
async function page() {
  const fake = createFakeWorker();
  await fake.store.getState().startWorker({ backend: 'cpu', sampleCount: 0, seed: 1 });
  await fake.store.getState().loadHistory();
  fake.store.getState().setConfig(config);
  return fake;
}

const stored = async () => (await (await openRunDb()).loadAll()).runs;

/** Polls until IndexedDB holds what `check` wants (the keeper's writes are fire-and-forget). */
const until = <T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> =>
  vi.waitFor(async () => {
    const value = await read();
    if (!check(value)) throw new Error('IndexedDB does not hold it yet');
    return value;
  });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('runs kept while they train', () => {
  it('a reload mid-run leaves the run in the history, interrupted, with its completed epochs', async () => {
    const first = await page();
    void first.store.getState().train();
    first.emit(...start, { type: 'epoch', record: epoch(1) }, { type: 'epoch', record: epoch(2) });
    first.frame();
    // Stored after each epoch, but not listed by the page that is still training it.
    const kept = await until(stored, (runs) => runs[0]?.history.length === 2);
    expect(kept).toHaveLength(1);
    await first.store.getState().loadHistory();
    expect(first.store.getState().history.runs).toEqual([]);

    // The reload: a new page on the same storage.
    const second = await page();
    const [run] = second.store.getState().history.runs;
    expect(run?.reason).toBe('interrupted');
    expect(run?.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(run?.config).toEqual(config);
    expect(run?.confusion).toEqual([]);
    expect(run?.testAccuracy).toBeNaN();
    expect(run?.totalMs).toBe(200);
    expect(run?.backend).toBe('cpu');
  });

  it('a finished run replaces its interrupted record (one run, finished)', async () => {
    const fake = await page();
    void fake.store.getState().train();
    fake.emit(...start, { type: 'epoch', record: epoch(1) });
    fake.frame();
    const [partial] = await until(stored, (runs) => runs.length === 1);
    const history = [epoch(1), epoch(2), epoch(3)];
    fake.emit(
      { type: 'epoch', record: epoch(2) },
      { type: 'epoch', record: epoch(3) },
      { type: 'done', reason: 'completed', result: result(history) },
    );
    fake.frame();
    expect(fake.store.getState().history.runs.map((r) => [r.id, r.reason])).toEqual([
      [partial?.id, 'completed'],
    ]);
    const runs = await until(stored, (list) => list[0]?.reason === 'completed');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.id).toBe(partial?.id);
    expect(runs[0]?.history).toHaveLength(3);
  });

  it('a run the user resets is not kept', async () => {
    const fake = await page();
    void fake.store.getState().train();
    fake.emit(...start, { type: 'epoch', record: epoch(1) });
    fake.frame();
    await until(stored, (runs) => runs.length === 1);
    fake.store.getState().resetTraining();
    await until(stored, (runs) => runs.length === 0);
    const again = await page();
    expect(again.store.getState().history.runs).toEqual([]);
  });
});

describe('default run names', () => {
  it('tell apart runs that differ only in the optimiser or learning rate', () => {
    const a = defaultRunName({ ...DEFAULT_CONFIG, learningRate: 0.001 });
    const b = defaultRunName({ ...DEFAULT_CONFIG, learningRate: 0.05 });
    expect(a).not.toBe(b);
    expect(b).toMatch(/lr=0\.05$/);
    expect(defaultRunName({ ...DEFAULT_CONFIG, fromLogits: true, activation: 'linear' })).toMatch(
      /from_logits=True/,
    );
  });
});
