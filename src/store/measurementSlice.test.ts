/**
 * The page's side of backend measurements: stored records reach the worker before it chooses,
 * stale ones are forgotten, the background measurement runs in a worker of its own only when the
 * page is idle, yields at once to a run, keeps what it found when cut short, and is stored.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  BackendMeasurement,
  DeviceInfo,
  MeasurementRecord,
  ProbeSpec,
  TrainEventHandler,
} from '../core';
import { MEASUREMENT_VERSION, measurementKey, probeSpecOf, DEFAULT_CONFIG } from '../core';
import type { WorkerClient } from '../worker/client';
import { createAppStore, type AppStore } from './appStore';
import { openMeasurementDb } from './persistence/measurementDb';
import { FAKE_REPORT, MNIST_SUMMARY } from './testing';

const device: DeviceInfo = {
  userAgent: 'test',
  tfjs: '4.22.0',
  crossOriginIsolated: true,
  cores: 2,
};
const KEY = measurementKey(device, probeSpecOf(DEFAULT_CONFIG));

function stored(results: BackendMeasurement[], complete = true): MeasurementRecord {
  return {
    version: MEASUREMENT_VERSION,
    key: KEY,
    device,
    spec: probeSpecOf(DEFAULT_CONFIG),
    measuredAt: 1,
    results,
    complete,
  };
}

const ALL: BackendMeasurement[] = [
  { backend: 'wasm', samplesPerSec: 3000 },
  { backend: 'webgl', samplesPerSec: 900 },
  { backend: 'cpu', samplesPerSec: 1000 },
  { backend: 'webgpu', samplesPerSec: 200 },
];

interface Harness {
  store: AppStore;
  /** What the training worker's `init` received. */
  initMeasurements: MeasurementRecord[] | null;
  /** The records the training worker was told about. */
  noted: MeasurementRecord[];
  /** Probe workers started, and which of them were terminated. */
  probes: {
    only: readonly string[] | undefined;
    terminated: boolean;
    onResult: (r: BackendMeasurement) => void;
    finish: (r: BackendMeasurement[]) => void;
  }[];
  /** Runs the pending idle task. */
  idle: () => void;
  idlePending: () => boolean;
  endTraining: () => void;
}

function harness(
  options: { stale?: { key: string; why: string }[]; cores?: number; blocked?: boolean } = {},
): Harness {
  let idleTask: (() => void) | null = null;
  let endTraining: () => void = () => undefined;
  const h: Harness = {
    store: null as unknown as AppStore,
    initMeasurements: null,
    noted: [],
    probes: [],
    idle: () => {
      const task = idleTask;
      idleTask = null;
      task?.();
    },
    idlePending: () => idleTask !== null,
    endTraining: () => endTraining(),
  };
  let clients = 0;
  const createClient = (): WorkerClient => {
    const first = clients++ === 0;
    const probe = {
      only: undefined as readonly string[] | undefined,
      terminated: false,
      onResult: (_: BackendMeasurement) => undefined as void,
      finish: (_: BackendMeasurement[]) => undefined as void,
    };
    let rejectProbe: (e: Error) => void = () => undefined;
    const api = {
      prepare: () => Promise.resolve(),
      init: (init: { measurements?: MeasurementRecord[] }) => {
        h.initMeasurements = init.measurements ?? [];
        return Promise.resolve({
          backend: FAKE_REPORT,
          dataset: MNIST_SUMMARY,
          device,
          staleMeasurements: options.stale ?? [],
        });
      },
      getSamples: () =>
        Promise.resolve({ rows: 28, cols: 28, images: new Uint8Array(0), labels: [], indices: [] }),
      noteMeasurement: (record: MeasurementRecord) => {
        h.noted.push(record);
        return null;
      },
      train: (_: unknown, __: TrainEventHandler) =>
        new Promise<string>((resolve) => (endTraining = () => resolve('completed'))),
      measureBackends: (
        spec: ProbeSpec,
        opts: { only?: readonly string[] },
        onResult: (r: BackendMeasurement) => void,
      ) => {
        probe.only = opts.only;
        probe.onResult = onResult;
        return new Promise((resolve, reject) => {
          rejectProbe = reject;
          probe.finish = (results) => resolve({ ...stored(results), spec, measuredAt: 2 });
        });
      },
    };
    if (!first) h.probes.push(probe);
    return {
      call: (invoke) => invoke(api as never),
      terminate: () => {
        probe.terminated = true;
        rejectProbe(new Error('The training worker was stopped.'));
      },
    };
  };
  h.store = createAppStore({
    createClient,
    scheduleFrame: (run) => run(),
    openMeasurementDb: options.blocked
      ? () => Promise.reject(new DOMException('blocked', 'SecurityError'))
      : () => openMeasurementDb('test-measurements'),
    whenIdle: (task) => {
      idleTask = task;
      return () => (idleTask = null);
    },
    cores: options.cores ?? 2,
  });
  return h;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function ready(h: Harness) {
  await h.store.getState().startWorker({ backend: 'auto', sampleCount: 0, seed: 42 });
  await flush();
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('backend measurements on the page', () => {
  it('measures in the background when idle, stores the result and tells the worker', async () => {
    const h = harness();
    await ready(h);
    expect(h.initMeasurements).toEqual([]);
    expect(h.probes).toHaveLength(0); // nothing before the page is idle
    h.idle();
    expect(h.probes).toHaveLength(1);
    expect(h.store.getState().measurement.running?.key).toBe(KEY);
    h.probes[0]!.onResult(ALL[0]!);
    expect(h.store.getState().measurement.records[KEY]?.complete).toBe(false);
    h.probes[0]!.finish(ALL);
    await flush();
    const state = h.store.getState().measurement;
    expect(state.running).toBeNull();
    expect(state.records[KEY]?.complete).toBe(true);
    expect(h.noted.map((r) => r.key)).toEqual([KEY]);
    expect(h.probes[0]!.terminated).toBe(true);
  });

  it('hands stored records to the worker before it chooses, and measures no more', async () => {
    const db = await openMeasurementDb('test-measurements');
    await db.put(stored(ALL));
    db.close();
    const h = harness();
    await ready(h);
    expect(h.initMeasurements?.map((r) => r.key)).toEqual([KEY]);
    expect(h.store.getState().measurement.records[KEY]?.complete).toBe(true);
    expect(h.idlePending()).toBe(false);
  });

  it('forgets stale records and measures again silently', async () => {
    const db = await openMeasurementDb('test-measurements');
    await db.put(stored(ALL));
    db.close();
    const h = harness({ stale: [{ key: KEY, why: 'measured with TensorFlow.js 3.0.0' }] });
    await ready(h);
    await flush();
    expect(h.store.getState().measurement.records[KEY]).toBeUndefined();
    const reopened = await openMeasurementDb('test-measurements');
    expect(await reopened.loadAll()).toEqual([]);
    reopened.close();
    h.idle();
    expect(h.probes).toHaveLength(1);
  });

  it('yields at once to a run, keeps what it found, and measures only the rest later', async () => {
    const h = harness();
    await ready(h);
    h.idle();
    h.probes[0]!.onResult(ALL[0]!);
    const training = h.store.getState().train();
    expect(h.probes[0]!.terminated).toBe(true); // at the click, not after the run
    expect(h.store.getState().measurement.running).toBeNull();
    expect(h.idlePending()).toBe(false);
    h.endTraining();
    await training;
    h.store.setState({
      training: { ...h.store.getState().training, status: 'done' },
      runOwner: null,
    });
    h.idle();
    expect(h.probes).toHaveLength(2);
    expect(h.probes[1]!.only).toEqual(['webgpu', 'webgl', 'cpu']);
  });

  it('goes on during a run where the machine has cores to spare', async () => {
    const h = harness({ cores: 8 });
    await ready(h);
    h.idle();
    void h.store.getState().train();
    expect(h.probes[0]!.terminated).toBe(false);
    h.probes[0]!.finish(ALL);
    await flush();
    expect(h.noted).toHaveLength(1);
    h.endTraining();
  });

  it('"measure again" replaces a complete record', async () => {
    const db = await openMeasurementDb('test-measurements');
    await db.put(stored(ALL));
    db.close();
    const h = harness();
    await ready(h);
    void h.store.getState().measureBackends({ force: true });
    expect(h.probes).toHaveLength(1);
    expect(h.probes[0]!.only).toBeUndefined();
    expect(h.store.getState().measurement.records[KEY]).toBeUndefined();
  });

  it('works without storage (private browsing): measured for the session only', async () => {
    const h = harness({ blocked: true });
    await ready(h);
    expect(h.initMeasurements).toEqual([]);
    expect(h.store.getState().measurement.storage).toBe('unavailable');
    h.idle();
    h.probes[0]!.finish(ALL);
    await flush();
    expect(h.store.getState().measurement.records[KEY]?.complete).toBe(true);
    expect(h.noted).toHaveLength(1);
  });

  it('forgets a record a run found stale, and measures again when idle', async () => {
    const db = await openMeasurementDb('test-measurements');
    await db.put(stored(ALL));
    db.close();
    const h = harness();
    await ready(h);
    expect(h.store.getState().measurement.records[KEY]).toBeDefined();
    h.store.setState({
      training: {
        ...h.store.getState().training,
        status: 'done',
        backend: {
          ...FAKE_REPORT,
          basis: { kind: 'guess', key: KEY, stale: 'wasm no longer initialises' },
        },
      },
    });
    expect(h.store.getState().measurement.records[KEY]).toBeUndefined();
    h.idle();
    expect(h.probes).toHaveLength(1);
  });
});
