import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, LESSONS, type RunConfig } from '../core';
import { selectCanMeasure } from './measurementSelectors';
import { selectLessonBlocker } from './lessonRun';
import { selectGridBlocker, selectTrainBlocker } from './runBlockers';
import { runBlock, selectRunBusy } from './runOwner';
import { selectCanChangeData } from './selectors';
import { createFakeApi, createFakeWorker, emptyResult, fakeClient } from './testing';
import { createAppStore } from './appStore';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const tiny: RunConfig = { ...DEFAULT_CONFIG, epochs: 1, trainSize: 300, testSize: 100 };

describe('the run owner', () => {
  it('names the trainer while it runs; everything else reads that one answer', async () => {
    const fake = createFakeWorker({ lessonStorage: null });
    const { store } = fake;
    expect(runBlock(store.getState(), 'trainer')?.by).toBe('worker');
    await store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 1 });
    store.getState().setConfig(tiny);
    expect(store.getState().runOwner).toBeNull();
    expect(selectCanChangeData(store.getState())).toBe(true);

    const training = store.getState().train();
    const state = store.getState();
    expect(state.runOwner).toEqual({ kind: 'trainer' });
    expect(selectRunBusy(state)).toBe(true);
    expect(selectTrainBlocker(state)).toBe('A run is in progress.');
    expect(selectGridBlocker(state)).toBe(
      'The trainer is running; stop it or wait for it to finish.',
    );
    state.setLessonStep(LESSONS.findIndex((l) => l.id === 'from-logits'));
    state.predictLesson('from-logits', 'stalls');
    expect(selectLessonBlocker(store.getState(), LESSONS[store.getState().lessons.step])).toBe(
      'The trainer is running; stop it or wait for it to finish.',
    );
    expect(selectCanChangeData(state)).toBe(false);
    expect(selectCanMeasure(state)).toBe(false);

    fake.emit({ type: 'done', reason: 'completed', result: emptyResult() });
    fake.finish();
    await training;
    // The run ended in the worker, but its last burst has not reached the store: still held.
    expect(store.getState().runOwner).toEqual({ kind: 'trainer' });
    fake.frame();
    expect(store.getState().training.status).toBe('done');
    expect(store.getState().runOwner).toBeNull();
    expect(selectGridBlocker(store.getState())).toBeNull();
  });

  it('a reset releases the trainer’s hold at once', async () => {
    const fake = createFakeWorker({ lessonStorage: null });
    const { store } = fake;
    await store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 1 });
    void store.getState().train();
    expect(store.getState().runOwner).toEqual({ kind: 'trainer' });
    store.getState().resetTraining();
    expect(store.getState().runOwner).toBeNull();
    expect(selectTrainBlocker(store.getState())).toBeNull();
  });

  it('the grid holds the worker across its cells, also between two cells', async () => {
    const owners: (string | null)[] = [];
    let store: ReturnType<typeof createAppStore> | null = null;
    const api = createFakeApi({
      train: (config: RunConfig, onEvent) => {
        owners.push(store?.getState().runOwner?.kind ?? null);
        void onEvent({
          type: 'done',
          reason: 'completed',
          result: { ...emptyResult(), testAccuracy: config.learningRate },
        });
        return Promise.resolve('completed' as const);
      },
    });
    store = createAppStore({
      createClient: () => fakeClient(api),
      scheduleFrame: (run) => run(),
      whenIdle: null,
      lessonStorage: null,
    });
    await store.getState().startWorker({ backend: 'cpu', sampleCount: 0, seed: 1 });
    await store.getState().loadHistory();
    store.getState().setGridBase(tiny);
    const seen = new Set<string | null>();
    const unsubscribe = store.subscribe((s) => {
      if (s.grid.status === 'running') seen.add(s.runOwner?.kind ?? null);
    });
    const grid = store.getState().runGrid();
    expect(selectTrainBlocker(store.getState())).toBe(
      'The grid is running; stop it or wait for it to finish (Grid tab).',
    );
    expect(
      selectLessonBlocker(store.getState(), LESSONS[store.getState().lessons.step]),
    ).not.toBeNull();
    await grid;
    unsubscribe();
    expect(store.getState().grid.status).toBe('done');
    expect(owners.length).toBeGreaterThan(1);
    expect(new Set(owners)).toEqual(new Set(['grid']));
    // Every state in which the grid ran (between cells too) named the grid as the owner.
    expect(seen).toEqual(new Set(['grid']));
    expect(store.getState().runOwner).toBeNull();
  });
});
