/**
 * Backend measurements on the page's side: read the stored ones before the worker starts, keep
 * those the worker finds valid on this device, measure in a worker of its own while the page is
 * idle (never between a click and the first step), store the result, and tell the training
 * worker, which moves an `auto` run to a clearly faster backend after its current epoch.
 */
import { proxy } from 'comlink';
import type { StateCreator } from 'zustand/vanilla';
import type { BackendMeasurement, DeviceInfo, MeasurementRecord } from '../core';
import {
  BACKEND_ORDER,
  MEASUREMENT_VERSION,
  isComplete,
  measurementKey,
  mergeResults,
  messageOf,
  probeSpecOf,
} from '../core';
import type { WorkerClient, WorkerReady } from '../worker/client';
import type { AppState, StoreDeps } from './appStore';
import { openMeasurementDb, type MeasurementDb } from './persistence/measurementDb';
import { selectRunBusy } from './runOwner';

export interface MeasurementState {
  /** Whether measurements survive a reload in this browser (`unavailable`: private browsing…). */
  storage: 'unknown' | 'ok' | 'unavailable';
  /** This device, as measurements are keyed (known once the worker is ready). */
  device: DeviceInfo | null;
  /** The records valid on this device, by key. */
  records: Record<string, MeasurementRecord>;
  /** The measurement in progress: its key and the results so far. */
  running: { key: string; results: BackendMeasurement[] } | null;
  /** Keys whose measurement failed (not retried in the background until asked). */
  failed: Record<string, string>;
}

export interface MeasurementSlice {
  measurement: MeasurementState;
  /** Reads the stored measurements (once; [] where storage is blocked). */
  loadMeasurements: () => Promise<MeasurementRecord[]>;
  /** After the worker's `init`: keeps the records valid here and forgets the stale ones. */
  acceptDevice: (ready: WorkerReady) => void;
  /**
   * Measures the backends for the current configuration's model in a worker of its own (only
   * those not measured yet, unless `force`), stores the result and tells the training worker.
   */
  measureBackends: (options?: { force?: boolean }) => Promise<void>;
  /** Ends the measurement in progress at once; what it measured so far is kept. */
  cancelMeasurement: () => void;
  /** Forgets a record the worker found stale during a run (it is measured again when idle). */
  forgetMeasurement: (key: string) => void;
}

/** The key of the current configuration's measurement, or null before the worker is ready. */
export function currentMeasurementKey(state: AppState): string | null {
  const { device } = state.measurement;
  return device ? measurementKey(device, probeSpecOf(state.config)) : null;
}

export const createMeasurementSlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], MeasurementSlice> =>
  (set, get) => {
    let db: Promise<MeasurementDb | null> | null = null;
    let loaded: Promise<MeasurementRecord[]> | null = null;
    let probe: WorkerClient | null = null;
    const patch = (part: Partial<MeasurementState>) =>
      set({ measurement: { ...get().measurement, ...part } });
    const openDb = () =>
      (db ??= (deps.openMeasurementDb ?? openMeasurementDb)().then(
        (opened) => {
          patch({ storage: 'ok' });
          return opened;
        },
        () => {
          patch({ storage: 'unavailable' });
          return null;
        },
      ));
    /** Keeps a record on the page and, where storage works, in the browser. */
    const keep = (record: MeasurementRecord) => {
      patch({ records: { ...get().measurement.records, [record.key]: record } });
      void openDb().then((opened) => opened?.put(record).catch(() => undefined));
    };
    const forget = (keys: readonly string[]) => {
      if (keys.length === 0) return;
      const records = { ...get().measurement.records };
      for (const key of keys) delete records[key];
      patch({ records });
      void openDb().then((opened) => opened?.delete(keys).catch(() => undefined));
    };

    return {
      measurement: { storage: 'unknown', device: null, records: {}, running: null, failed: {} },
      loadMeasurements: () =>
        (loaded ??= openDb().then((opened) => (opened ? opened.loadAll().catch(() => []) : []))),
      acceptDevice(ready) {
        void (async () => {
          const stored = await get().loadMeasurements();
          const stale = new Set(ready.staleMeasurements.map((s) => s.key));
          const records: Record<string, MeasurementRecord> = {};
          for (const record of stored) if (!stale.has(record.key)) records[record.key] = record;
          patch({ device: ready.device, records: { ...records, ...get().measurement.records } });
          forget([...stale]);
        })();
      },
      async measureBackends(options = {}) {
        const state = get();
        const key = currentMeasurementKey(state);
        const device = state.measurement.device;
        if (!key || !device || state.measurement.running) return;
        if (options.force) forget([key]);
        const existing = options.force ? undefined : get().measurement.records[key];
        if (existing?.complete) return;
        const spec = probeSpecOf(state.config);
        const only = existing
          ? BACKEND_ORDER.filter((b) => !existing.results.some((r) => r.backend === b))
          : undefined;
        const client = deps.createClient();
        probe = client;
        const failed = { ...get().measurement.failed };
        delete failed[key];
        patch({ running: { key, results: [] }, failed });
        const now = deps.now ?? (() => Date.now());
        const record = (results: BackendMeasurement[]): MeasurementRecord => {
          const merged = mergeResults(existing?.results ?? [], results);
          return {
            version: MEASUREMENT_VERSION,
            key,
            device,
            spec,
            measuredAt: now(),
            results: merged,
            complete: isComplete(merged),
          };
        };
        const onResult = (result: BackendMeasurement) => {
          const running = get().measurement.running;
          if (probe !== client || !running) return;
          const results = [...running.results, result];
          patch({ running: { key, results } });
          keep(record(results)); // a measurement cut short keeps what it found
        };
        try {
          const fresh = await client.call((api) =>
            api.measureBackends(spec, only ? { only } : {}, proxy(onResult)),
          );
          if (probe !== client) return;
          const final = record(fresh.results);
          keep(final);
          await get()
            .getClient()
            ?.call((api) => api.noteMeasurement(final))
            .catch(() => undefined);
        } catch (error) {
          if (probe === client) {
            patch({ failed: { ...get().measurement.failed, [key]: messageOf(error) } });
          }
        } finally {
          client.terminate();
          if (probe === client) {
            probe = null;
            patch({ running: null });
          }
        }
      },
      forgetMeasurement: (key) => forget([key]),
      cancelMeasurement() {
        const client = probe;
        if (!client) return;
        probe = null;
        client.terminate();
        patch({ running: null });
      },
    };
  };

/**
 * A measurement may go on during a run only with this many cores or more: with fewer it would
 * slow the run it is meant to speed up (and its own numbers would suffer), so it yields.
 */
export const MEASURE_ALONGSIDE_TRAINING_MIN_CORES = 6;

/** Runs `task` once the page has been idle a moment; returns a cancel function. */
export type IdleScheduler = (task: () => void) => () => void;

/**
 * A second after the call, then when the main thread is idle (at most 2 s later). Outside a
 * browser page (tests in Node) never: nothing there to measure.
 */
export const whenPageIdle: IdleScheduler = (task) => {
  if (typeof window === 'undefined') return () => undefined;
  let idle: number | null = null;
  const timer = window.setTimeout(() => {
    if (typeof window.requestIdleCallback === 'function') {
      idle = window.requestIdleCallback(task, { timeout: 2000 });
    } else task();
  }, 1000);
  return () => {
    window.clearTimeout(timer);
    if (idle !== null) window.cancelIdleCallback(idle);
  };
};

/**
 * Keeps the backends of the current configuration measured: when the worker is ready, the
 * backend is `auto`, nothing trains and the measurement is missing or partial, it starts one in
 * idle time; any run (whoever owns it) ends it at once, unless the machine has cores to spare.
 */
export function keepBackendsMeasured(
  store: { getState(): AppState; subscribe(listener: (state: AppState) => void): () => void },
  deps: { whenIdle?: IdleScheduler; cores?: number },
): () => void {
  const whenIdle = deps.whenIdle ?? whenPageIdle;
  const cores = deps.cores ?? globalThis.navigator?.hardwareConcurrency ?? 1;
  let cancelScheduled: (() => void) | null = null;
  const wanted = (state: AppState) => {
    const key = currentMeasurementKey(state);
    const { records, running, failed } = state.measurement;
    return (
      key !== null &&
      state.system.status === 'ready' &&
      state.config.backend === 'auto' &&
      running === null &&
      failed[key] === undefined &&
      records[key]?.complete !== true
    );
  };
  const check = (state: AppState) => {
    // A run found its measured backend gone or on another GPU: forget it, measure again later.
    const basis = state.training.backend?.basis;
    if (basis?.kind === 'guess' && basis.stale && state.measurement.records[basis.key]) {
      state.forgetMeasurement(basis.key);
      return;
    }
    if (selectRunBusy(state)) {
      cancelScheduled?.();
      cancelScheduled = null;
      if (state.measurement.running && cores < MEASURE_ALONGSIDE_TRAINING_MIN_CORES) {
        state.cancelMeasurement();
      }
      return;
    }
    if (cancelScheduled || !wanted(state)) return;
    cancelScheduled = whenIdle(() => {
      cancelScheduled = null;
      const now = store.getState();
      if (wanted(now) && !selectRunBusy(now)) void now.measureBackends();
    });
  };
  return store.subscribe(check);
}
