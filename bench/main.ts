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
import type { BaselineApi, BaselineOptions, BaselineResult } from './baselineWorker';

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

const client = createWorkerClient();
const baselineWorker = wrap<BaselineApi>(
  new Worker(new URL('./baselineWorker.ts', import.meta.url), { type: 'module', name: 'baseline' }),
);

const longTasks: number[] = [];
let recording = false;
new PerformanceObserver((list) => {
  if (!recording) return;
  for (const entry of list.getEntries()) longTasks.push(entry.duration);
}).observe({ type: 'longtask', buffered: false });

async function engine(config: RunConfig): Promise<EngineResult> {
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
  const record = await client.call((api) => api.measureBackends(spec));
  await client.call((api) => api.noteMeasurement(record));
  return record;
}

function baseline(options: BaselineOptions): Promise<BaselineResult> {
  return baselineWorker.run(options);
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
      machine: typeof machine;
      defaults: RunConfig;
    };
  }
}

// The runner reads the defaults from here, so it never keeps a copy that could drift.
window.losslabBench = { engine, measure, baseline, machine, defaults: { ...DEFAULT_CONFIG } };
document.getElementById('status')!.textContent = 'ready';
