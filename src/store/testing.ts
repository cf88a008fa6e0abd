/**
 * Fake workers and frame schedulers for store tests: events are pushed by hand. The fake API is
 * typed as comlink types the worker's side of the real one (`Local<WorkerApi>`), so a change to
 * the worker's API is a compile error here too, not a silently outdated fake.
 */
import type { Local, Remote } from 'comlink';
import type {
  BackendReport,
  DatasetRef,
  OwnDatasetRef,
  RunConfig,
  RunResult,
  TrainEvent,
  TrainEventHandler,
} from '../core';
import type { DatasetSummary, WorkerApi, WorkerClient } from '../worker/client';
import { createAppStore, type AppStore, type StoreDeps } from './appStore';
import type { UrlSyncEnv } from './urlSync';

export const FAKE_REPORT: BackendReport = {
  backend: 'cpu',
  reason: 'chosen by you',
  attempts: [{ backend: 'cpu', ok: true }],
  backendEpsilon: 1e-7,
};

export const MNIST_SUMMARY: DatasetSummary = {
  ref: { id: 'mnist' },
  file: 'mnist-10k.bin',
  count: 10_000,
  rows: 28,
  cols: 28,
  classCounts: [],
};

/** A finished run with nothing in it: what a fake `done` event carries. */
export function emptyResult(): RunResult {
  return {
    history: [],
    confusion: [],
    perClassAccuracy: [],
    testAccuracy: 0.5,
    samples: [],
    totalMs: 1,
    backend: 'cpu',
  };
}

/** The API a fake worker implements, as comlink types what the worker exposes. */
export type FakeApi = Local<WorkerApi>;

/**
 * A typed fake API: every call the page can make, answered in memory (own data named `bad…` is
 * rejected as the worker would; any other pair of files is one own set), with `overrides` for
 * what a test wants to steer.
 */
export function createFakeApi(overrides: Partial<FakeApi> = {}, calls: string[] = []): FakeApi {
  let own: DatasetSummary | null = null;
  const api: FakeApi = {
    prepare: () => void calls.push('prepare'),
    init: () => {
      calls.push('init');
      return Promise.resolve({
        backend: FAKE_REPORT,
        dataset: MNIST_SUMMARY,
        device: { userAgent: 'test', tfjs: '0.0.0', crossOriginIsolated: false, cores: 2 },
        staleMeasurements: [],
      });
    },
    getSamples: ({ count, dataset }: { count: number; seed: number; dataset: DatasetRef }) => {
      calls.push('getSamples');
      if (dataset.id === 'own' && own?.ref.id === 'own' && own.ref.hash !== dataset.hash) {
        return Promise.reject(new Error('not loaded'));
      }
      if (dataset.id === 'own' && !own) return Promise.reject(new Error('not loaded'));
      const n = Math.min(count, 3);
      return Promise.resolve({
        dataset,
        rows: 28,
        cols: 28,
        images: new Uint8Array(n * 784),
        labels: Array.from({ length: n }, (_, i) => i),
        indices: Array.from({ length: n }, (_, i) => i),
      });
    },
    train: () => Promise.resolve('completed' as const),
    pause: () => (calls.push('pause'), Promise.resolve(true)),
    resume: () => (calls.push('resume'), Promise.resolve(true)),
    stop: () => (calls.push('stop'), Promise.resolve(true)),
    memory: () => Promise.resolve({ numTensors: 0, numBytes: 0, backend: 'cpu' }),
    exportModel: () => Promise.resolve(null),
    measureBackends: () => Promise.reject(new Error('no measurements in these tests')),
    noteMeasurement: () => null,
    loadBuiltin: (id) => {
      calls.push('loadBuiltin');
      return Promise.resolve({ ...MNIST_SUMMARY, ref: { id } });
    },
    loadOwnData: (files) => {
      calls.push('loadOwnData');
      const bad = files.find((f) => f.name.startsWith('bad'));
      if (bad) return Promise.reject(new Error(`${bad.name}: not an MNIST IDX file`));
      const count = files[0]?.bytes.byteLength ?? 0;
      const ref: OwnDatasetRef = {
        id: 'own',
        name: files[0]?.name ?? 'own files',
        trainCount: count,
        testCount: 0,
        hash: count.toString(16).padStart(16, '0'),
      };
      own = {
        ref,
        file: ref.name,
        count,
        rows: 28,
        cols: 28,
        classCounts: [],
        own: {
          files: files.map((f, i) => ({
            name: f.name,
            kind: i % 2 === 0 ? ('images' as const) : ('labels' as const),
            count,
            role: 'train' as const,
          })),
          testCount: null,
        },
      };
      return Promise.resolve(own);
    },
    ...overrides,
  };
  return api;
}

/**
 * The page's view of a fake API, as comlink's `wrap` makes it: every call answers with a promise
 * (the fake runs at once, where comlink would post a message).
 * comlink's own `Remote` type also carries endpoint symbols no store code touches, hence the
 * single cast here.
 */
function remoteOf(api: FakeApi): Remote<WorkerApi> {
  const remote = Object.fromEntries(
    Object.entries(api).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        try {
          return Promise.resolve((fn as (...a: unknown[]) => unknown)(...args));
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    ]),
  );
  return remote as unknown as Remote<WorkerApi>;
}

/** A client over a fake API, as `createWorkerClient` gives the page one over the real worker. */
export function fakeClient(api: FakeApi, calls: string[] = []): WorkerClient {
  const remote = remoteOf(api);
  return {
    call: (invoke) => invoke(remote),
    terminate: () => void calls.push('terminate'),
  };
}

export interface FakeWorker {
  store: AppStore;
  /** The fake client the store uses (to build another store on it). */
  client: WorkerClient;
  /** Calls the API received, by name. */
  calls: string[];
  /** The config of the last `train` call. */
  trained: RunConfig | null;
  /** Sends events as the worker would. */
  emit(...events: TrainEvent[]): void;
  /** Applies the queued burst (one animation frame). */
  frame(): void;
  /** Ends the pending `train` call. */
  finish(): void;
}

/** A store on a fake worker whose `train` waits for `finish()`, with frames run by hand. */
export function createFakeWorker(deps: Partial<StoreDeps> = {}): FakeWorker {
  let onEvent: TrainEventHandler | null = null;
  let resolveTrain: (() => void) | null = null;
  const frames: (() => void)[] = [];
  const calls: string[] = [];
  const fake: FakeWorker = {
    store: null as unknown as AppStore,
    client: null as unknown as WorkerClient,
    calls,
    trained: null,
    emit: (...events) => events.forEach((event) => onEvent?.(event)),
    frame: () => frames.splice(0).forEach((run) => run()),
    finish: () => resolveTrain?.(),
  };
  const api = createFakeApi(
    {
      train: (config, handler) => {
        calls.push('train');
        fake.trained = config;
        onEvent = handler;
        return new Promise((resolve) => {
          resolveTrain = () => resolve('completed');
        });
      },
    },
    calls,
  );
  fake.client = fakeClient(api, calls);
  fake.store = createAppStore({
    createClient: () => fake.client,
    scheduleFrame: (run) => frames.push(run),
    whenIdle: null, // no background measurement in these tests
    ...deps,
  });
  return fake;
}

/** A page's address bar for the URL sync, whose debounced writes run when `tick` is called. */
export function urlEnv(search: string) {
  const written: string[] = [];
  const timers: (() => void)[] = [];
  const value: UrlSyncEnv = {
    location: { search, pathname: '/', hash: '', origin: 'http://localhost' },
    history: { replaceState: (_data, _unused, url) => written.push(String(url)) },
    setTimeout: (callback) => timers.push(callback),
    clearTimeout: () => undefined,
  };
  return { value, written, tick: () => timers.splice(0).forEach((run) => run()) };
}
