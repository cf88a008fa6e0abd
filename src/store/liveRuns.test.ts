import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type EpochRecord, type RunResult, type TrainEvent } from '../core';
import { openRunDb, type RunDb } from './persistence/runDb';
import { createRunJournal, type JournalStorage } from './persistence/runJournal';
import { createRunLocks, type LockApi } from './persistence/runLocks';
import { FAKE_REPORT, createFakeWorker } from './testing';
import type { StoreDeps } from './appStore';

const config = { ...DEFAULT_CONFIG, epochs: 40 };

const epoch = (n: number): EpochRecord => ({
  epoch: n,
  epochs: 40,
  steps: 4,
  loss: n === 3 ? NaN : 1 / n,
  metric: 0.5,
  valLoss: 1 / n,
  valMetric: 0.5,
  epochMs: 100,
  msPerStep: 25,
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
    stepsPerEpoch: 4,
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

/** localStorage as one origin's tabs share it. */
function memoryStorage(): JournalStorage & { size: () => number } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    key: (i) => [...items.keys()][i] ?? null,
    get length() {
      return items.size;
    },
    size: () => items.size,
  };
}

/**
 * Web Locks as the browser grants them: one holder per name, waiters served in order, and every
 * lock of a tab freed when it closes.
 */
function memoryLocks() {
  const queues = new Map<string, (() => void)[]>();
  const held = new Set<string>();
  const grant = (name: string) => {
    const next = queues.get(name)?.shift();
    if (next) next();
  };
  const request = (name: string, granted: () => unknown) =>
    new Promise((resolve, reject) => {
      const run = () => {
        held.add(name);
        Promise.resolve()
          .then(granted)
          .then(resolve, reject)
          .finally(() => {
            held.delete(name);
            grant(name);
          });
      };
      const queue = queues.get(name) ?? [];
      queues.set(name, queue);
      queue.push(run);
      if (!held.has(name) && queue.length === 1) grant(name);
    });
  const query = () => Promise.resolve({ held: [...held].map((name) => ({ name })) });
  return {
    /** One tab's lock manager; `close()` frees what it holds. */
    tab(): LockApi & { close: () => void } {
      let close = () => undefined as void;
      const closed = new Promise<void>((resolve) => (close = resolve));
      return {
        request: (name, granted) => request(name, () => Promise.race([granted(), closed])),
        query,
        close: () => close(),
      };
    },
  };
}

/** The database as a reload finds it: writes of runs still training never completed. */
async function cutOffDb(): Promise<RunDb> {
  const db = await openRunDb();
  return {
    ...db,
    putRun: (run) =>
      run.reason === 'interrupted' ? new Promise<void>(() => undefined) : db.putRun(run),
  };
}

/** A page with a ready fake worker and its history loaded. */
async function page(deps: Partial<StoreDeps>) {
  const fake = createFakeWorker(deps);
  await fake.store.getState().startWorker({ backend: 'cpu', sampleCount: 0, seed: 1 });
  await fake.store.getState().loadHistory();
  fake.store.getState().setConfig(config);
  return fake;
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('a reload while epochs arrive faster than IndexedDB stores them', () => {
  it('keeps every epoch the page showed', async () => {
    const storage = memoryStorage();
    const first = await page({ journal: createRunJournal(storage), openDb: cutOffDb });
    void first.store.getState().train();
    for (let n = 1; n <= 7; n++) {
      first.emit(...(n === 1 ? start : []), { type: 'epoch', record: epoch(n) });
      first.frame();
    }
    const shown = first.store.getState().training.history.length;
    expect(shown).toBe(7);

    // The reload: a new page on the same storage; none of the IndexedDB writes had completed.
    const second = await page({ journal: createRunJournal(storage) });
    const [run] = second.store.getState().history.runs;
    expect(run?.reason).toBe('interrupted');
    expect(run?.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(run?.history[2]?.loss).toBeNaN();
    // Moved into IndexedDB, so the journal is empty again.
    expect(storage.size()).toBe(0);
    expect((await (await openRunDb()).loadAll()).runs[0]?.history).toHaveLength(7);
  });

  it('empties the journal once IndexedDB holds the epochs, and never replaces a finished run', async () => {
    const storage = memoryStorage();
    const fake = await page({ journal: createRunJournal(storage) });
    void fake.store.getState().train();
    fake.emit(...start, { type: 'epoch', record: epoch(1) });
    fake.frame();
    await vi.waitFor(() => expect(storage.size()).toBe(0));

    // An entry left by a page that went away, older than what the database holds by now.
    const stale = createRunJournal(storage);
    const [partial] = (await (await openRunDb()).loadAll()).runs;
    if (!partial) throw new Error('not stored');
    const history = [epoch(1), epoch(2)];
    fake.emit(
      { type: 'epoch', record: epoch(2) },
      { type: 'done', reason: 'completed', result: result(history) },
    );
    fake.frame();
    await vi.waitFor(async () =>
      expect((await (await openRunDb()).loadAll()).runs[0]?.reason).toBe('completed'),
    );
    stale.write(partial);
    const again = await page({ journal: createRunJournal(storage) });
    expect(again.store.getState().history.runs.map((r) => r.reason)).toEqual(['completed']);
    expect(storage.size()).toBe(0);
  });
});

describe('a run another tab is training', () => {
  it('is listed as training there, cannot be deleted here, and is listed as it ended', async () => {
    const storage = memoryStorage();
    const browser = memoryLocks();
    const shared = () => ({
      journal: createRunJournal(storage),
      runLocks: createRunLocks(browser.tab()),
    });
    const trainer = await page(shared());
    const other = await page(shared());
    void trainer.store.getState().train();
    trainer.emit(
      ...start,
      { type: 'epoch', record: epoch(1) },
      { type: 'epoch', record: epoch(2) },
    );
    trainer.frame();
    await vi.waitFor(async () =>
      expect((await (await openRunDb()).loadAll()).runs).toHaveLength(1),
    );

    await other.store.getState().loadHistory();
    const [run] = other.store.getState().history.runs;
    if (!run) throw new Error('not listed');
    expect(other.store.getState().history.elsewhere).toEqual([run.id]);
    // Its journal entry is the training tab's own, not something to recover.
    trainer.emit({ type: 'epoch', record: epoch(3) });
    trainer.frame();
    await other.store.getState().deleteRun(run.id);
    await other.store.getState().renameRun(run.id, 'renamed');
    expect(other.store.getState().history.runs.map((r) => r.name)).toEqual([run.name]);

    // It finishes in the training tab: the other one lists it as finished, without a reload.
    const history = [epoch(1), epoch(2), epoch(3)];
    trainer.emit({ type: 'done', reason: 'completed', result: result(history) });
    trainer.frame();
    await vi.waitFor(() => {
      const { runs, elsewhere } = other.store.getState().history;
      expect(runs.map((r) => [r.id, r.reason])).toEqual([[run.id, 'completed']]);
      expect(elsewhere).toEqual([]);
    });
    await other.store.getState().deleteRun(run.id);
    expect(other.store.getState().history.runs).toEqual([]);
    expect((await (await openRunDb()).loadAll()).runs).toEqual([]);
  });

  it('whose tab went away is listed as interrupted, with every epoch that tab showed', async () => {
    const storage = memoryStorage();
    const browser = memoryLocks();
    const trainerTab = browser.tab();
    // Only the first epoch reaches IndexedDB before the tab goes away.
    const firstOnly = async (): Promise<RunDb> => {
      const db = await openRunDb();
      let writes = 0;
      return {
        ...db,
        putRun: (run) => (writes++ === 0 ? db.putRun(run) : new Promise<void>(() => undefined)),
      };
    };
    const trainer = await page({
      journal: createRunJournal(storage),
      runLocks: createRunLocks(trainerTab),
      openDb: firstOnly,
    });
    const other = await page({
      journal: createRunJournal(storage),
      runLocks: createRunLocks(browser.tab()),
    });
    void trainer.store.getState().train();
    trainer.emit(...start, { type: 'epoch', record: epoch(1) });
    trainer.frame();
    await vi.waitFor(async () =>
      expect((await (await openRunDb()).loadAll()).runs).toHaveLength(1),
    );
    await other.store.getState().loadHistory();
    const [run] = other.store.getState().history.runs;
    if (!run) throw new Error('not listed');
    expect(other.store.getState().history.elsewhere).toEqual([run.id]);
    trainer.emit({ type: 'epoch', record: epoch(2) }, { type: 'epoch', record: epoch(3) });
    trainer.frame();
    await other.store.getState().loadHistory();
    // Still training there: its journal entry is left to it.
    expect(storage.size()).toBe(1);

    trainerTab.close();
    await vi.waitFor(() => {
      const { runs, elsewhere } = other.store.getState().history;
      expect(elsewhere).toEqual([]);
      expect(runs.map((r) => [r.reason, r.history.length])).toEqual([['interrupted', 3]]);
    });
    expect(storage.size()).toBe(0);
  });
});
