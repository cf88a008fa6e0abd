/**
 * The benchmark page. bench/run.mjs calls `window.losslabBench` through Playwright: the engine
 * runs through LossLab's real worker API (src/worker/client.ts), the baseline through
 * bench/baselineWorker.ts, one at a time. Long tasks on this (main) thread are recorded while the
 * engine trains.
 */
import { proxy, wrap } from 'comlink';
import type {
  BackendReport,
  EpochRecord,
  MeasurementRecord,
  ProbeSpec,
  RunConfig,
  TrainEvent,
} from '../src/core';
import { DEFAULT_CONFIG } from '../src/core';
import { createWorkerClient } from '../src/worker/client';
import type { BaselineOptions, BaselineResult } from './baselineFit';
import type { BaselineApi } from './baselineWorker';
import type { JaxApi, JaxOptions, JaxResult } from './jaxWorker';
import type { KernelsApi, MatMulRate } from './kernelsWorker';
import type { PeakApi } from './peakWorker';
import type { PeakVariant } from './simdPeak';
import { workerName } from './threads';

export interface EngineResult {
  outcome: string;
  backend: string | null;
  /** The first backend report (with `auto`: why it chose, from the measurement or the guess). */
  report: BackendReport | null;
  fallbacks: string[];
  history: EpochRecord[];
  /** Samples per second of the last epoch's training steps. */
  samplesPerSec: number;
  valAccuracy: number;
  error: string | null;
  tensorsBefore: number;
  tensorsAfter: number;
  longTasks: { count: number; maxMs: number };
  batchEvents: number;
  wallMs: number;
}

const defaultClient = createWorkerClient();
/** Every logical core the browser reports (the pthread pool's limit is 8). */
const ALL_CORES = Math.min(8, navigator.hardwareConcurrency);
/** The same worker API with WASM on every core (the app's default leaves one for the page). */
const allCoresClient = createWorkerClient({
  factory: () =>
    new Worker(new URL('./engineWorker.ts', import.meta.url), {
      type: 'module',
      name: workerName('engine', { threads: ALL_CORES }),
    }),
});
const baselineWorker = wrap<BaselineApi>(
  new Worker(new URL('./baselineWorker.ts', import.meta.url), { type: 'module', name: 'baseline' }),
);

const kernelsWorker = wrap<KernelsApi>(
  new Worker(new URL('./kernelsWorker.ts', import.meta.url), { type: 'module', name: 'kernels' }),
);
const oneThreadKernelsWorker = wrap<KernelsApi>(
  new Worker(new URL('./kernelsWorker.ts', import.meta.url), {
    type: 'module',
    name: workerName('kernels', { threads: 1 }),
  }),
);
const allCoresKernelsWorker = wrap<KernelsApi>(
  new Worker(new URL('./kernelsWorker.ts', import.meta.url), {
    type: 'module',
    name: workerName('kernels', { threads: ALL_CORES }),
  }),
);
/** tfjs' single-threaded SIMD build (Node's): the profile separates the build from the threads. */
const simdBuildKernelsWorker = wrap<KernelsApi>(
  new Worker(new URL('./kernelsWorker.ts', import.meta.url), {
    type: 'module',
    name: workerName('kernels', { singleThreadedBuild: true }),
  }),
);

const longTasks: number[] = [];
let recording = false;
new PerformanceObserver((list) => {
  if (!recording) return;
  for (const entry of list.getEntries()) longTasks.push(entry.duration);
}).observe({ type: 'longtask', buffered: false });

/** The engine through the worker API, with the app's WASM threads or on every core. */
async function engine(
  config: RunConfig,
  setup: 'default' | 'all-cores' = 'default',
): Promise<EngineResult> {
  const client = setup === 'all-cores' ? allCoresClient : defaultClient;
  const events: TrainEvent[] = [];
  const before = await client.call((api) => api.memory());
  longTasks.length = 0;
  recording = true;
  const start = performance.now();
  const outcome = await client.call((api) =>
    api.train(
      config,
      proxy((event: TrainEvent) => {
        events.push(event);
      }),
    ),
  );
  const wallMs = performance.now() - start;
  recording = false;
  // Let the last events arrive (they are posted before train resolves, but be safe).
  await new Promise((resolve) => setTimeout(resolve, 50));
  const after = await client.call((api) => api.memory());
  const history = events.flatMap((e) => (e.type === 'epoch' ? [e.record] : []));
  const reports = events.flatMap((e) => (e.type === 'backend' ? [e.report] : []));
  const done = events.find((e) => e.type === 'done');
  const error = events.find((e) => e.type === 'error');
  const last = history.at(-1);
  return {
    outcome,
    backend: reports.at(-1)?.backend ?? null,
    report: reports[0] ?? null,
    fallbacks: events.flatMap((e) =>
      e.type === 'backend-fallback' ? [`${e.from}→${e.to}: ${e.reason}`] : [],
    ),
    history,
    samplesPerSec: last ? (config.batchSize * 1000) / last.msPerStep : NaN,
    valAccuracy: done?.type === 'done' ? (done.result.history.at(-1)?.valMetric ?? NaN) : NaN,
    error: error?.type === 'error' ? error.message : null,
    tensorsBefore: before.numTensors,
    tensorsAfter: after.numTensors,
    longTasks: { count: longTasks.length, maxMs: Math.max(0, ...longTasks) },
    batchEvents: events.filter((e) => e.type === 'batch').length,
    wallMs,
  };
}

/**
 * Measures every backend on `spec` as the app does in the background, and hands the result to
 * the worker, so that `auto` then starts on the fastest measured backend.
 */
async function measure(spec: ProbeSpec): Promise<MeasurementRecord> {
  const record = await defaultClient.call((api) => api.measureBackends(spec));
  await defaultClient.call((api) => api.noteMeasurement(record));
  await allCoresClient.call((api) => api.noteMeasurement(record));
  return record;
}

function baseline(options: BaselineOptions): Promise<BaselineResult> {
  return baselineWorker.run(options);
}

/** `model.fit` with LossLab's WASM kernels (the baseline otherwise runs tfjs' stock ones). */
function baselineWithKernels(options: BaselineOptions): Promise<BaselineResult> {
  return kernelsWorker.fit(options);
}

/** One jax-js worker per device (jax-js sets its device up once per worker). */
const jaxWorkers = new Map<string, ReturnType<typeof wrap<JaxApi>>>();

function jax(options: JaxOptions): Promise<JaxResult> {
  let worker = jaxWorkers.get(options.device);
  if (!worker) {
    worker = wrap<JaxApi>(
      new Worker(new URL('./jaxWorker.ts', import.meta.url), {
        type: 'module',
        name: `jax-js ${options.device}`,
      }),
    );
    jaxWorkers.set(options.device, worker);
  }
  return worker.train(options);
}

/** Which WASM setup a profile runs on: the app's, every core, or the single-threaded build. */
export type WasmSetup = 'default' | 'all-cores' | 'simd-build';

function profile(options: Parameters<KernelsApi['profile']>[0], setup: WasmSetup = 'default') {
  const worker = {
    default: kernelsWorker,
    'all-cores': allCoresKernelsWorker,
    'simd-build': simdBuildKernelsWorker,
  }[setup];
  return worker.profile(options);
}

export interface PeakRates {
  /** GFLOP/s of one worker running the kernel alone, and of one per logical core at once. */
  oneThread: number | null;
  allThreads: number | null;
  threads: number;
}

/**
 * The roofline's ceilings. `simd`: the arithmetic peak of WASM SIMD (bench/simdPeak.ts) with and
 * without relaxed SIMD, one thread and one per logical core at once. `matmul`: XNNPACK's matrix
 * product through tfjs, on one thread and on every core: what the models' kernels can reach.
 */
async function roofline(options: { shapes: [number, number, number][]; seconds: number }) {
  const cores = navigator.hardwareConcurrency;
  const workers = Array.from({ length: cores }, (_, i) =>
    wrap<PeakApi>(
      new Worker(new URL('./peakWorker.ts', import.meta.url), {
        type: 'module',
        name: `peak ${i}`,
      }),
    ),
  );
  const simd: Partial<Record<PeakVariant, PeakRates>> = {};
  for (const variant of ['mul-add', 'relaxed-madd'] as const) {
    const oneThread = await workers[0]!.measure(variant, options.seconds);
    const all = await Promise.all(workers.map((w) => w.measure(variant, options.seconds)));
    const allThreads = all.every((r) => r !== null)
      ? all.reduce<number>((x, y) => x + (y ?? 0), 0)
      : null;
    simd[variant] = { oneThread, allThreads, threads: cores };
  }
  const one = await oneThreadKernelsWorker.matmul(options);
  const all = await allCoresKernelsWorker.matmul(options);
  const matmul: { shape: [number, number, number]; oneThread: number; allThreads: number }[] =
    one.rates.map((rate: MatMulRate, i) => ({
      shape: rate.shape,
      oneThread: rate.gflops,
      allThreads: all.rates[i]?.gflops ?? NaN,
    }));
  return { simd, matmul, matmulThreads: all.threads };
}

function machine() {
  return {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: globalThis.crossOriginIsolated,
  };
}

declare global {
  interface Window {
    losslabBench: {
      engine: typeof engine;
      measure: typeof measure;
      baseline: typeof baseline;
      baselineWithKernels: typeof baselineWithKernels;
      profile: typeof profile;
      roofline: typeof roofline;
      jax: typeof jax;
      machine: typeof machine;
      defaults: RunConfig;
    };
  }
}

// The runner reads the defaults from here, so it never keeps a copy that could drift.
window.losslabBench = {
  engine,
  measure,
  baseline,
  baselineWithKernels,
  profile,
  roofline,
  jax,
  machine,
  defaults: { ...DEFAULT_CONFIG },
};
document.getElementById('status')!.textContent = 'ready';
