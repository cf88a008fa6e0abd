/** A fake worker and frame scheduler for store tests: events are pushed by hand. */
import type { BackendReport, RunConfig, TrainEvent, TrainEventHandler } from '../core';
import type { WorkerClient } from '../worker/client';
import { createAppStore, type AppStore } from './appStore';

export const FAKE_REPORT: BackendReport = {
  backend: 'cpu',
  reason: 'chosen by you',
  attempts: [{ backend: 'cpu', ok: true }],
  backendEpsilon: 1e-7,
};

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

export function createFakeWorker(): FakeWorker {
  let onEvent: TrainEventHandler | null = null;
  let resolveTrain: (() => void) | null = null;
  const frames: (() => void)[] = [];
  const fake: FakeWorker = {
    store: null as unknown as AppStore,
    client: null as unknown as WorkerClient,
    calls: [],
    trained: null,
    emit: (...events) => events.forEach((event) => onEvent?.(event)),
    frame: () => frames.splice(0).forEach((run) => run()),
    finish: () => resolveTrain?.(),
  };
  const api = {
    init: () => {
      fake.calls.push('init');
      return Promise.resolve({
        backend: FAKE_REPORT,
        dataset: { file: 'data/mnist-10k.bin', count: 10_000, rows: 28, cols: 28, classCounts: [] },
        device: { userAgent: 'test', tfjs: '0.0.0', crossOriginIsolated: false, cores: 2 },
        staleMeasurements: [],
      });
    },
    getSamples: () =>
      Promise.resolve({ rows: 28, cols: 28, images: new Uint8Array(0), labels: [], indices: [] }),
    train: (config: RunConfig, handler: TrainEventHandler) => {
      fake.calls.push('train');
      fake.trained = config;
      onEvent = handler;
      return new Promise<string>((resolve) => {
        resolveTrain = () => resolve('completed');
      });
    },
    /** Own data: any file named `bad…` is rejected as the worker would; else two files, one set. */
    loadOwnData: (files: { name: string; bytes: ArrayBuffer }[]) => {
      fake.calls.push('loadOwnData');
      const bad = files.find((f) => f.name.startsWith('bad'));
      if (bad) return Promise.reject(new Error(`${bad.name}: not an MNIST IDX file`));
      const count = files[0]?.bytes.byteLength ?? 0;
      return Promise.resolve({
        file: files[0]?.name ?? '',
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
      });
    },
    backToBuiltIn: () => {
      fake.calls.push('backToBuiltIn');
      return Promise.resolve({
        file: 'data/mnist-10k.bin',
        count: 10_000,
        rows: 28,
        cols: 28,
        classCounts: [],
      });
    },
    pause: () => (fake.calls.push('pause'), true),
    resume: () => (fake.calls.push('resume'), true),
    stop: () => (fake.calls.push('stop'), true),
  };
  const client: WorkerClient = {
    call: (invoke) => invoke(api as never),
    terminate: () => fake.calls.push('terminate'),
  };
  fake.client = client;
  fake.store = createAppStore({
    createClient: () => client,
    scheduleFrame: (run) => frames.push(run),
    whenIdle: null, // no background measurement in these tests
  });
  return fake;
}
