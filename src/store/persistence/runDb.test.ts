import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, RECORD_VERSION, type GridRecord, type RunRecord } from '../../core';
import { StorageError, openRunDb, toStorageError } from './runDb';

function run(id: string, createdAt = 1, grid?: RunRecord['grid']): RunRecord {
  return {
    version: RECORD_VERSION,
    id,
    name: `run ${id}`,
    createdAt,
    config: { ...DEFAULT_CONFIG },
    metricKey: 'accuracy',
    reason: 'completed',
    history: [
      {
        epoch: 1,
        epochs: 1,
        steps: 3,
        loss: NaN,
        metric: 0.5,
        valLoss: 1,
        valMetric: 0.6,
        epochMs: 9,
        msPerStep: 3,
      },
    ],
    confusion: [
      [3, 1],
      [0, 4],
    ],
    testAccuracy: 0.875,
    totalMs: 12,
    backend: 'cpu',
    ...(grid ? { grid } : {}),
  };
}

const grid: GridRecord = {
  version: RECORD_VERSION,
  id: 'g',
  name: 'classic',
  createdAt: 5,
  updatedAt: 5,
  spec: { base: { ...DEFAULT_CONFIG }, axes: { activation: ['sigmoid', 'softmax'] } },
  runs: {},
  status: 'running',
};

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('runDb', () => {
  it('round-trips runs (NaN included) and grids, newest first', async () => {
    const db = await openRunDb();
    await db.putRun(run('a', 1));
    await db.putRun(run('b', 2));
    await db.putGrid(grid);
    const loaded = await db.loadAll();
    expect(loaded.runs.map((r) => r.id)).toEqual(['b', 'a']);
    expect(loaded.runs[1]).toEqual(run('a', 1));
    expect(loaded.grids).toEqual([grid]);
    expect(loaded.problems).toEqual([]);
    db.close();
  });

  it('survives reopening (a reload)', async () => {
    const first = await openRunDb();
    await first.putRun(run('a'));
    first.close();
    const second = await openRunDb();
    expect((await second.loadAll()).runs.map((r) => r.id)).toEqual(['a']);
    second.close();
  });

  it('writes a cell with its grid, and deletes a grid with its runs', async () => {
    const db = await openRunDb();
    const cell = run('c1', 3, { id: 'g', cellId: 'act=sigmoid' });
    await db.putCell({ ...grid, runs: { 'act=sigmoid': 'c1' } }, cell);
    await db.putRun(run('single', 4));
    let loaded = await db.loadAll();
    expect(loaded.grids[0]!.runs).toEqual({ 'act=sigmoid': 'c1' });
    expect(loaded.runs.map((r) => r.id)).toEqual(['single', 'c1']);
    await db.deleteGrid('g');
    loaded = await db.loadAll();
    expect(loaded.grids).toEqual([]);
    expect(loaded.runs.map((r) => r.id)).toEqual(['single']);
    await db.deleteRun('single');
    expect((await db.loadAll()).runs).toEqual([]);
    db.close();
  });

  it('skips and reports a corrupted record, keeping the others', async () => {
    const db = await openRunDb();
    await db.putRun(run('good'));
    db.close();
    // Another version of the page (or a bug) wrote records this one cannot read.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open('losslab');
      request.onsuccess = () => {
        const raw = request.result;
        const tx = raw.transaction(['runs', 'grids'], 'readwrite');
        tx.objectStore('runs').put({ ...run('bad'), config: { activation: 'tanh' } }, 'bad');
        tx.objectStore('runs').put('garbage', 'worse');
        tx.objectStore('grids').put({ ...grid, status: 'paused' }, 'g');
        tx.oncomplete = () => (raw.close(), resolve());
        tx.onerror = () => reject(new Error(String(tx.error)));
      };
    });
    const again = await openRunDb();
    const loaded = await again.loadAll();
    expect(loaded.runs.map((r) => r.id)).toEqual(['good']);
    expect(loaded.grids).toEqual([]);
    expect(loaded.problems).toEqual([
      { store: 'runs', key: 'bad', reason: expect.stringMatching(/^config\./) as string },
      { store: 'runs', key: 'worse', reason: expect.any(String) as string },
      { store: 'grids', key: 'g', reason: expect.stringMatching(/^status: /) as string },
    ]);
    again.close();
  });

  it('a quota failure rejects with a clear message and loses nothing already kept', async () => {
    const db = await openRunDb();
    await db.putRun(run('kept'));
    const proto = IDBObjectStore.prototype;
    const original = Object.getOwnPropertyDescriptor(proto, 'put')!;
    Object.defineProperty(proto, 'put', {
      ...original,
      value: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    });
    try {
      const error = await db.putRun(run('new')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).kind).toBe('quota');
      expect((error as StorageError).message).toMatch(/storage for this page is full/);
      const cellError = await db
        .putCell({ ...grid, runs: { x: 'new2' } }, run('new2'))
        .catch((e: unknown) => e);
      expect((cellError as StorageError).kind).toBe('quota');
    } finally {
      Object.defineProperty(proto, 'put', original);
    }
    const loaded = await db.loadAll();
    expect(loaded.runs.map((r) => r.id)).toEqual(['kept']);
    expect(loaded.grids).toEqual([]);
    db.close();
  });

  it('no IndexedDB (some private modes) is reported as unavailable', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error: simulating a browser without IndexedDB
    delete globalThis.indexedDB;
    try {
      const error = await openRunDb().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).kind).toBe('unavailable');
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it.each([
    [new DOMException('x', 'QuotaExceededError'), false, 'quota'],
    [new DOMException('x', 'SecurityError'), false, 'unavailable'],
    [new Error('boom'), true, 'unavailable'],
    [new Error('boom'), false, 'unknown'],
  ] as const)('toStorageError(%s, opening=%s) is %s', (error, opening, kind) => {
    expect(toStorageError(error, opening).kind).toBe(kind);
  });
});
