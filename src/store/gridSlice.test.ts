import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  decodeGridLink,
  encodeGridLink,
  type RunConfig,
  type RunResult,
} from '../core';
import type { WorkerClient } from '../worker/client';
import { createAppStore, type AppStore } from './appStore';
import { openRunDb } from './persistence/runDb';
import { createFakeApi, fakeClient } from './testing';

function result(config: RunConfig): RunResult {
  const acc = config.activation === 'softmax' ? 0.9 : 0.8;
  return {
    history: [
      {
        epoch: 1,
        epochs: 1,
        steps: 6,
        loss: 0.4,
        metric: acc - 0.05,
        valLoss: 0.5,
        valMetric: acc,
        epochMs: 10,
        msPerStep: 1,
      },
    ],
    confusion: [[1]],
    perClassAccuracy: [1],
    testAccuracy: acc,
    samples: [],
    totalMs: 10,
    backend: 'cpu',
  };
}

/**
 * A worker whose `train` finishes at once, or, from the call `holdFrom` on, waits until `stop`.
 * Typed as the worker's real API (through the store's test fakes).
 */
function fakeWorker() {
  const trained: RunConfig[] = [];
  let holdFrom = Infinity;
  let release: (() => void) | null = null;
  const api = createFakeApi({
    train: async (config: RunConfig, onEvent) => {
      trained.push(config);
      void onEvent({
        type: 'run-start',
        config,
        metricKey: config.metric,
        metric: 'accuracy',
        trainSize: 300,
        testSize: 100,
        stepsPerEpoch: 6,
        backend: 'cpu',
        params: 10,
      });
      if (trained.length >= holdFrom) {
        await new Promise<void>((resolve) => (release = resolve));
        void onEvent({
          type: 'done',
          reason: 'stopped',
          result: { ...result(config), history: [] },
        });
        return 'stopped';
      }
      void onEvent({ type: 'done', reason: 'completed', result: result(config) });
      return 'completed';
    },
    stop: () => {
      release?.();
      return true;
    },
  });
  return {
    client: fakeClient(api),
    trained,
    /** The `n`th train call (1-based) and later ones wait for `stop`. */
    holdFrom: (n: number) => (holdFrom = n),
  };
}

let ids = 0;
async function makeStore(client: WorkerClient): Promise<AppStore> {
  const store = createAppStore({
    createClient: () => client,
    scheduleFrame: (run) => run(),
    newId: () => `id${++ids}`,
    now: () => ids,
  });
  // The system slice hands out the client once the worker has started.
  await store.getState().startWorker({ backend: 'cpu', sampleCount: 0, seed: 1 });
  return store;
}

const tinyBase: RunConfig = {
  ...DEFAULT_CONFIG,
  epochs: 1,
  trainSize: 300,
  testSize: 100,
  batchSize: 50,
  seed: 7,
};

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('grid slice', () => {
  it('runs the classic table: 9 cells trained with the same seed and split, 9 skipped', async () => {
    const fake = fakeWorker();
    const store = await makeStore(fake.client);
    await store.getState().loadHistory();
    store.getState().setGridBase(tinyBase);
    expect(store.getState().grid.presetId).toBe('classic');
    await store.getState().runGrid();
    const { grid, history } = store.getState();
    expect(grid.status).toBe('done');
    expect(fake.trained).toHaveLength(9);
    expect(
      new Set(fake.trained.map((c) => `${c.seed}/${c.trainSize}/${c.testSize}/${c.batchSize}`)),
    ).toEqual(new Set(['7/300/100/50']));
    expect(Object.keys(grid.runs)).toHaveLength(9);
    expect(grid.cells.filter((c) => c.skip)).toHaveLength(9);
    expect(history.grids).toHaveLength(1);
    expect(history.grids[0]!.status).toBe('done');
    const stored = await (await openRunDb()).loadAll();
    expect(stored.runs).toHaveLength(9);
    expect(stored.grids[0]!.runs).toEqual(history.grids[0]!.runs);
  });

  it('stops, resumes from the finished cells, and survives a reload', async () => {
    const fake = fakeWorker();
    const store = await makeStore(fake.client);
    await store.getState().loadHistory();
    store.getState().setGridBase(tinyBase);
    const link = encodeGridLink(store.getState().grid.spec);

    // Let two cells finish, hold the third until the grid is stopped.
    fake.holdFrom(3);
    const running = store.getState().runGrid();
    await expect.poll(() => fake.trained.length).toBe(3);
    const third = store.getState().grid.cells.filter((c) => !c.skip)[2];
    expect(store.getState().grid.currentCellId).toBe(third?.id);
    await store.getState().stopGrid();
    await running;
    expect(store.getState().grid.status).toBe('stopped');
    expect(Object.keys(store.getState().grid.runs)).toHaveLength(2);
    expect(fake.trained).toHaveLength(3);

    // A reload: a fresh page on the same database, opened through the grid's link.
    fake.holdFrom(Infinity);
    const again = await makeStore(fake.client);
    again.getState().loadGridLink(decodeGridLink(link));
    await again.getState().loadHistory();
    expect(again.getState().grid.status).toBe('stopped');
    expect(Object.keys(again.getState().grid.runs)).toHaveLength(2);
    await again.getState().runGrid();
    expect(again.getState().grid.status).toBe('done');
    // 3 started before the reload (one discarded), 7 after: no finished cell ran twice.
    expect(fake.trained).toHaveLength(10);
    expect(Object.keys(again.getState().grid.runs)).toHaveLength(9);
    expect(again.getState().history.grids).toHaveLength(1);
  });

  it('a changed spec is a new grid; an over-large one is refused with a reason', async () => {
    const store = await makeStore(fakeWorker().client);
    store.getState().setAxis('semantics', ['tf', 'plain']);
    expect(store.getState().grid.cells).toHaveLength(36);
    store
      .getState()
      .setAxis('metric', [
        'accuracy',
        'binary_accuracy',
        'categorical_accuracy',
        'sparse_categorical_accuracy',
        'subset_accuracy',
      ]);
    expect(store.getState().grid.cells).toEqual([]);
    expect(store.getState().grid.planError).toMatch(/at most 144 cells/);
    store.getState().setAxis('metric', []);
    expect(store.getState().grid.cells).toHaveLength(36);
  });

  it('keeps a finished trainer run in the history', async () => {
    const fake = fakeWorker();
    const store = await makeStore(fake.client);
    await store.getState().loadHistory();
    store.getState().setConfig({ ...tinyBase });
    await store.getState().train();
    // The trainer's finished run is saved by a subscription, asynchronously.
    await expect.poll(() => store.getState().history.runs.length).toBe(1);
    const { runs } = store.getState().history;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      name: 'softmax + categorical_crossentropy (onehot) · adam lr=0.001',
      reason: 'completed',
    });
    expect((await (await openRunDb()).loadAll()).runs).toHaveLength(1);
  });
});

describe('URL sync with views', () => {
  function env(search: string) {
    const writes: string[] = [];
    const timers: (() => void)[] = [];
    return {
      writes,
      flushTimers: () => timers.splice(0).forEach((t) => t()),
      location: { search, pathname: '/', hash: '', origin: 'http://x' },
      history: {
        replaceState: (_: unknown, __: string, url?: string) => void writes.push(url ?? ''),
      },
      setTimeout: (callback: () => void) => timers.push(callback),
      clearTimeout: () => undefined,
    };
  }

  it('opens a grid link in the grid view and writes the grid link back', async () => {
    const { createUrlSync } = await import('./urlSync');
    const store = await makeStore(fakeWorker().client);
    const e = env('?view=grid&v=1&sweep=act&act=sigmoid,softmax&epochs=1&bogus=1');
    createUrlSync(store, e);
    const state = store.getState();
    expect(state.view).toBe('grid');
    expect(state.grid.cells.map((c) => c.id)).toEqual(['act=sigmoid', 'act=softmax']);
    expect(state.grid.spec.base.epochs).toBe(1);
    expect(state.grid.notices).toEqual([{ key: 'bogus', value: '1', reason: 'unknown key' }]);
    expect(state.ui.notices).toEqual([]);
    store.getState().setAxis('loss', ['categorical_crossentropy', 'binary_crossentropy']);
    e.flushTimers();
    expect(e.writes.at(-1)).toMatch(/^\/\?view=grid&v=1&sweep=act,loss&act=sigmoid,softmax&loss=/);
    store.getState().setView('history');
    e.flushTimers();
    expect(e.writes.at(-1)).toBe('/?view=history');
    store.getState().setView('trainer');
    e.flushTimers();
    expect(e.writes.at(-1)).toMatch(/^\/\?v=1&task=multiclass/);
  });
});

describe('the grid and what the user set', () => {
  it('opening the grid from the trainer keeps its sizes, epochs and optimiser', async () => {
    const store = await makeStore(fakeWorker().client);
    store.getState().setConfig({ trainSize: 2000, testSize: 500, epochs: 3, learningRate: 0.01 });
    store.getState().setView('grid');
    const { base } = store.getState().grid.spec;
    expect([base.trainSize, base.testSize, base.epochs, base.learningRate]).toEqual([
      2000, 500, 3, 0.01,
    ]);
    // Still the classic table (the verdict's fields are the grid's to sweep).
    expect(store.getState().grid.presetId).toBe('classic');
    expect(store.getState().grid.cells).toHaveLength(18);
    // A change made in the grid survives a visit to the trainer that changed nothing.
    store.getState().setGridBase({ epochs: 2 });
    store.getState().setView('trainer');
    store.getState().setView('grid');
    expect(store.getState().grid.spec.base.epochs).toBe(2);
  });

  it('`?view=grid` alone opens the classic table, not a one-cell grid', async () => {
    const store = await makeStore(fakeWorker().client);
    store.getState().loadGridLink(decodeGridLink('?view=grid'));
    expect(store.getState().grid.presetId).toBe('classic');
    expect(store.getState().grid.cells).toHaveLength(18);
  });

  it('a half-invalid link with autorun=1 is shown, not run, and says why', async () => {
    const store = await makeStore(fakeWorker().client);
    store.getState().loadGridLink(decodeGridLink('?view=grid&sweep=act&act=bogus&autorun=1'));
    expect(store.getState().takeGridAutorun()).toBe(false);
    expect(store.getState().grid.notices.map((n) => n.key)).toContain('autorun');
    // A clean link still runs.
    store
      .getState()
      .loadGridLink(decodeGridLink('?view=grid&sweep=act&act=sigmoid,softmax&autorun=1'));
    expect(store.getState().takeGridAutorun()).toBe(true);
  });
});
