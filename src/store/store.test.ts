import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, decodeConfig } from '../core';
import { createAppStore } from './appStore';
import { selectCanTrain, selectTrainBlocker, selectVerdict } from './selectors';
import { FAKE_REPORT, createFakeWorker, emptyResult } from './testing';
import { createUrlSync, URL_WRITE_DELAY_MS, type UrlSyncEnv } from './urlSync';

async function readyWorker() {
  const fake = createFakeWorker();
  await fake.store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 42 });
  return fake;
}

describe('training slice', () => {
  it('trains the current configuration and applies a burst of events in one update', async () => {
    const fake = await readyWorker();
    const { store } = fake;
    store.getState().setConfig({ epochs: 2 });
    const done = store.getState().train();
    expect(store.getState().training.status).toBe('starting');
    expect(fake.trained).toEqual({ ...DEFAULT_CONFIG, epochs: 2 });

    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    fake.emit(
      { type: 'stage', stage: 'loading-data' },
      { type: 'backend', report: FAKE_REPORT },
      { type: 'stage', stage: 'training' },
    );
    expect(listener).not.toHaveBeenCalled();
    fake.frame();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getState().training.backend).toEqual(FAKE_REPORT);
    unsubscribe();
    fake.finish();
    await done;
  });

  it('refuses a second run while one is active, and sends pause, resume and stop', async () => {
    const fake = await readyWorker();
    const { store } = fake;
    void store.getState().train();
    await store.getState().train();
    expect(fake.calls.filter((c) => c === 'train')).toHaveLength(1);
    await store.getState().pause();
    await store.getState().resume();
    await store.getState().stop();
    expect(store.getState().training.status).toBe('stopping');
    expect(fake.calls.slice(-3)).toEqual(['pause', 'resume', 'stop']);
  });

  it('reset clears the run and drops late events from it', async () => {
    const fake = await readyWorker();
    const { store } = fake;
    void store.getState().train();
    store.getState().resetTraining();
    fake.emit({ type: 'stage', stage: 'training' });
    fake.frame();
    expect(store.getState().training.status).toBe('idle');
    expect(store.getState().training.stage).toBeNull();
  });

  it("shows a worker that fails during a run as the run's error", async () => {
    const fake = await readyWorker();
    const { store } = fake;
    const run = store.getState().train();
    fake.emit({ type: 'error', message: 'WebGL context lost' });
    fake.finish();
    await run;
    fake.frame();
    expect(store.getState().training).toMatchObject({
      status: 'error',
      error: { message: 'WebGL context lost' },
    });
  });

  it('a reset during a run drops that run, and a new run starts clean', async () => {
    const fake = await readyWorker();
    const { store } = fake;
    void store.getState().train();
    fake.emit({ type: 'stage', stage: 'training' });
    store.getState().resetTraining();
    expect(fake.calls).toContain('stop');
    fake.finish();
    fake.frame();
    expect(store.getState().training.status).toBe('idle');
    void store.getState().train();
    fake.emit({ type: 'paused' });
    fake.frame();
    expect(store.getState().training.status).toBe('paused');
  });

  it('only lets a ready page with an acceptable configuration train, and says why not', async () => {
    const fake = createFakeWorker();
    expect(selectTrainBlocker(fake.store.getState())).toBe('The training worker is not ready.');
    await fake.store.getState().train();
    expect(fake.calls).not.toContain('train');
    await fake.store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 42 });
    expect(selectCanTrain(fake.store.getState())).toBe(true);
  });
});

describe('an error configuration', () => {
  it('cannot start a run, and its verdict carries the Keras message and a fix', async () => {
    const fake = await readyWorker();
    const { store } = fake;
    store.getState().applyPreset('error-int-cce');
    const verdict = selectVerdict(store.getState());
    expect(verdict.level).toBe('error');
    expect(verdict.kerasError).toMatch(/must have the same rank/);
    expect(selectCanTrain(store.getState())).toBe(false);
    await store.getState().train();
    expect(fake.calls).not.toContain('train');
    store.getState().setConfig(verdict.suggestedFix!.patch);
    expect(selectVerdict(store.getState()).level).toBe('ok');
    expect(selectCanTrain(store.getState())).toBe(true);
  });
});

describe('system slice', () => {
  it('asks the worker to prepare the downloads before anything else, then initialises it', async () => {
    const fake = createFakeWorker();
    await fake.store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 1 });
    expect(fake.calls.slice(0, 2)).toEqual(['prepare', 'init']);
  });

  it('keeps errors the running worker survived, once each', async () => {
    let report: ((message: string) => void) | undefined;
    const fake = createFakeWorker();
    const { store } = fake;
    const original = fake.client;
    const wrapped = createAppStore({
      createClient: (hooks) => {
        report = hooks?.onUncaughtError;
        return original;
      },
      scheduleFrame: (run) => run(),
    });
    await wrapped.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 1 });
    report?.('boom in a helper worker');
    report?.('boom in a helper worker');
    expect(wrapped.getState().system.warnings).toEqual(['boom in a helper worker']);
    expect(wrapped.getState().system.status).toBe('ready');
    expect(store.getState().system.warnings).toEqual([]);
  });
});

describe('config slice', () => {
  it('derives the verdict from the config without storing it, cached by its fields', () => {
    const { store } = createFakeWorker();
    const first = selectVerdict(store.getState());
    expect(selectVerdict(store.getState())).toBe(first);
    store.getState().setConfig({ seed: 7, learningRate: 0.1 }); // not verdict fields
    expect(selectVerdict(store.getState())).toBe(first);
    store.getState().setConfig({ activation: 'sigmoid' });
    expect(selectVerdict(store.getState())).not.toBe(first);
  });

  it("keeps each store's caches its own", () => {
    const a = createFakeWorker().store;
    const b = createFakeWorker().store;
    expect(selectVerdict(a.getState())).toEqual(selectVerdict(b.getState()));
    expect(selectVerdict(a.getState())).not.toBe(selectVerdict(b.getState()));
  });

  it('applies a preset on top of the current sizes and seed', () => {
    const { store } = createFakeWorker();
    store.getState().setConfig({ trainSize: 300, seed: 9 });
    store.getState().applyPreset('int-sigmoid-scce');
    expect(store.getState().config).toMatchObject({
      activation: 'sigmoid',
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
      trainSize: 300,
      seed: 9,
    });
  });

  it('loads a link: config, hidden controls, notices and the autorun request', () => {
    const { store } = createFakeWorker();
    store.getState().loadLink(decodeConfig('act=sigmoid&hide=loss&autorun=1'));
    const state = store.getState();
    expect(state.config.activation).toBe('sigmoid');
    expect(state.hidden).toEqual(['loss']);
    expect(state.ui.notices).toEqual([]);
    expect(state.takeAutorun()).toBe(true);
    expect(store.getState().takeAutorun()).toBe(false);
    store.getState().loadLink(decodeConfig('act=sigmoid&bogus=1'));
    expect(store.getState().ui.notices).toEqual([
      { key: 'bogus', value: '1', reason: 'unknown key' },
    ]);
  });
});

function fakeEnv(search: string) {
  const timers = new Map<number, () => void>();
  let next = 0;
  const written: string[] = [];
  const env: UrlSyncEnv = {
    location: { search, pathname: '/', hash: '', origin: 'http://localhost' },
    history: { replaceState: (_data, _unused, url) => written.push(String(url)) },
    setTimeout: (callback, ms) => {
      expect(ms).toBe(URL_WRITE_DELAY_MS);
      timers.set(++next, callback);
      return next;
    },
    clearTimeout: (handle) => timers.delete(handle as number),
  };
  const tick = () => {
    const pending = [...timers.values()];
    timers.clear();
    pending.forEach((run) => run());
  };
  return { env, written, tick, timers };
}

describe('URL sync', () => {
  it('reads the link once at start and writes changes back, debounced', () => {
    const { store } = createFakeWorker();
    const { env, written, tick, timers } = fakeEnv('?act=sigmoid&epochs=2&hide=seed');
    const sync = createUrlSync(store, env);
    expect(store.getState().config).toMatchObject({ activation: 'sigmoid', epochs: 2 });
    expect(written).toEqual([]); // reading does not rewrite the address bar

    store.getState().setConfig({ epochs: 3 });
    store.getState().setConfig({ epochs: 4 });
    expect(timers.size).toBe(1);
    tick();
    expect(written).toHaveLength(1);
    const link = decodeConfig(written[0]!.slice(written[0]!.indexOf('?')));
    expect(link.config).toMatchObject({ activation: 'sigmoid', epochs: 4 });
    expect(link.hide).toEqual(['seed']);
    expect(link.autorun).toBe(false);
    sync.dispose();
  });

  it('ignores state changes that are not configuration changes', () => {
    const { store } = createFakeWorker();
    const { env, timers } = fakeEnv('');
    createUrlSync(store, env);
    store.getState().setPresentation(true);
    expect(timers.size).toBe(0);
  });

  it('drops autorun=1 from the address bar as soon as the run starts, so a reload does not rerun it', async () => {
    const fake = await readyWorker();
    const { env, written } = fakeEnv('?epochs=2&autorun=1');
    createUrlSync(fake.store, env);
    expect(fake.store.getState().ui.autorunPending).toBe(true);
    expect(written).toEqual([]);
    expect(fake.store.getState().takeAutorun()).toBe(true);
    expect(written).toHaveLength(1);
    const link = decodeConfig(written[0]!.slice(written[0]!.indexOf('?')));
    expect(link.autorun).toBe(false);
    expect(link.config.epochs).toBe(2);
  });

  it("drops a grid link's autorun=1 once the grid is started", () => {
    const { store } = createFakeWorker();
    const { env, written } = fakeEnv('?view=grid&v=1&sweep=act&act=linear,softmax&autorun=1');
    createUrlSync(store, env);
    expect(store.getState().grid.autorunPending).toBe(true);
    expect(store.getState().takeGridAutorun()).toBe(true);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/view=grid/);
    expect(written[0]).not.toMatch(/autorun/);
  });

  it('refuses to autorun a trainer link it only partly understood, as a grid link does', () => {
    const { store } = createFakeWorker();
    createUrlSync(store, fakeEnv('?epochs=500&autorun=1').env);
    expect(store.getState().ui.autorunPending).toBe(false);
    // The refusal first: however many notices follow, it stays in sight.
    expect(store.getState().ui.notices.map((n) => n.key)).toEqual(['autorun', 'epochs']);
    expect(store.getState().ui.notices[0]?.reason).toMatch(/^training not started/);
  });

  it('builds the share link, with autorun when asked', () => {
    const { store } = createFakeWorker();
    const { env } = fakeEnv('?seed=7');
    const sync = createUrlSync(store, env);
    expect(sync.shareUrl()).toMatch(/^http:\/\/localhost\/\?v=1&.*&seed=7&/);
    expect(sync.shareUrl({ autorun: true })).toMatch(/&autorun=1$/);
  });
});

describe('the data a configuration names', () => {
  const ownBytes = (n: number) => new Uint8Array(n).buffer;
  /** What the fake worker answers for two files whose first holds `n` bytes. */
  const ownRef = (n: number) => ({
    id: 'own' as const,
    name: 'train-images.gz',
    trainCount: n,
    testCount: 0,
    hash: n.toString(16).padStart(16, '0'),
  });

  it('loading own files makes the configuration and the grid name them, fitting the sizes', async () => {
    const fake = await readyWorker();
    const { store } = fake;
    await store.getState().loadOwnData([
      { name: 'train-images.gz', bytes: ownBytes(500) },
      { name: 'train-labels.gz', bytes: ownBytes(500) },
    ]);
    const state = store.getState();
    expect(state.config.dataset).toEqual(ownRef(500));
    expect([state.config.trainSize, state.config.testSize]).toEqual([400, 100]);
    expect(state.grid.spec.base.dataset).toEqual(ownRef(500));
    expect(state.system.data.notice).toBe(
      'Training and test sizes changed to 400 and 100 to fit these images.',
    );
    expect(state.system.samples?.dataset).toEqual(ownRef(500));
    expect(selectCanTrain(state)).toBe(true);

    await store.getState().backToBuiltIn();
    expect(store.getState().config.dataset).toEqual({ id: 'mnist' });
    expect(store.getState().system.samples?.dataset).toEqual({ id: 'mnist' });
  });

  it('a link made on own files says which files it needs and cannot train until they are loaded', async () => {
    const fake = await readyWorker();
    const { store } = fake;
    const ref = ownRef(40);
    store
      .getState()
      .loadLink(
        decodeConfig(`?data=own,${ref.hash},40,0,train-images.gz&train=30&test=10&autorun=1`),
      );
    expect(store.getState().config.dataset).toEqual(ref);
    expect(selectCanTrain(store.getState())).toBe(false);
    expect(selectTrainBlocker(store.getState())).toBe(
      'This configuration trains on own IDX files: train-images.gz with its labels file, 40 ' +
        'training images (test digits split off them); content hash 0000000000000028. Load ' +
        'those files in the Data panel first.',
    );
    await store.getState().train();
    expect(fake.calls).not.toContain('train');

    await store.getState().loadOwnData([
      { name: 'train-images.gz', bytes: ownBytes(40) },
      { name: 'train-labels.gz', bytes: ownBytes(40) },
    ]);
    expect(selectCanTrain(store.getState())).toBe(true);
    void store.getState().train();
    expect(fake.trained?.dataset).toEqual(ref);
  });

  it('keeps the data of a finished run in its history record', async () => {
    const fake = await readyWorker();
    const { store } = fake;
    await store.getState().loadOwnData([
      { name: 'train-images.gz', bytes: ownBytes(900) },
      { name: 'train-labels.gz', bytes: ownBytes(900) },
    ]);
    const run = store.getState().train();
    const config = store.getState().config;
    fake.emit(
      {
        type: 'run-start',
        config,
        metricKey: 'accuracy',
        metric: 'categorical_accuracy',
        trainSize: config.trainSize,
        testSize: config.testSize,
        stepsPerEpoch: 1,
        backend: 'cpu',
        params: 1,
      },
      { type: 'done', reason: 'completed', result: emptyResult() },
    );
    fake.finish();
    await run;
    fake.frame();
    await expect.poll(() => store.getState().history.runs.length).toBe(1);
    expect(store.getState().history.runs[0]?.config.dataset).toEqual(ownRef(900));
  });
});
