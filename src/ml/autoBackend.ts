/**
 * `auto` backend selection by measurement. The first backend that initialises is often not the
 * fastest: a software WebGPU adapter (SwiftShader) initialises fine and is many times slower than
 * WebGL or WASM, and WASM is the fastest for the small MLP on many laptops but cannot train the
 * CNN at all (tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel). So each candidate
 * trains the chosen model for a fraction of a second on random digits, and the one with the most
 * samples per second wins. Results are cached for the worker's lifetime.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendAttempt, BackendName, BackendReport, ModelKind } from '../core';
import { BACKEND_ORDER, NUM_CLASSES } from '../core';
import { initBackend } from './backends';
import { buildModel } from './models';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { stepContext, trainStep } from './step';
import { useWasmTrainingKernels, wasmKernelsUnavailable } from './wasmKernels';

export interface ProbeSpec {
  model: ModelKind;
  units: number;
  batchSize: number;
  /** Image side; 28 for digits, 56 for multi-label canvases. */
  side?: number;
}

/** Timed training per backend after the warm-up steps, in milliseconds. */
export const PROBE_BUDGET_MS = 400;
/** Untimed steps first: the first compiles shaders, the second shows the steady step time. */
export const PROBE_WARMUP_STEPS = 2;
const PROBE_MAX_STEPS = 30;

/**
 * Why a backend is not even measured for a model, or `null`. Stock tfjs-backend-wasm 4.22 has no
 * `Conv2DBackpropFilter`, so the CNN trains on WASM only with LossLab's kernels.
 */
export function ruleOut(name: BackendName, model: ModelKind): string | null {
  if (name === 'wasm' && model === 'cnn') {
    const missing = wasmKernelsUnavailable();
    if (missing) return `cannot train the CNN: ${missing}`;
  }
  return null;
}

/**
 * Training throughput of `spec` on the current tfjs backend, in samples per second: warm-up
 * steps, then steps until `budgetMs` has passed, each timed up to the read-back of its loss so
 * queued GPU work is counted. Leaves no tensors behind.
 */
export async function measureThroughput(
  spec: ProbeSpec,
  budgetMs = PROBE_BUDGET_MS,
): Promise<number> {
  const side = spec.side ?? 28;
  useWasmTrainingKernels();
  const model = buildModel({
    kind: spec.model,
    units: spec.units,
    outputs: NUM_CLASSES,
    seed: 1,
    rows: side,
    cols: side,
  });
  const optimizer = createOptimizer({ optimizer: 'adam', learningRate: 0.001, momentum: 0 });
  const x = tf.randomUniform([spec.batchSize, side * side], 0, 1, 'float32', 1);
  const y = tf.tidy(() => {
    const ids = Int32Array.from({ length: spec.batchSize }, (_, i) => i % NUM_CLASSES);
    return tf.oneHot(tf.tensor1d(ids, 'int32'), NUM_CLASSES).toFloat();
  });
  const lossSpec = {
    loss: 'categorical_crossentropy',
    activation: 'softmax',
    fromLogits: false,
    semantics: 'tf',
  } as const;
  // The engine's own step, metric included, so the probe measures what training will run.
  const context = stepContext(model, optimizer, lossSpec, 'categorical_accuracy');
  const step = () => {
    const { loss, metricSum } = trainStep(context, x as tf.Tensor2D, y);
    metricSum.dispose();
    return loss;
  };
  try {
    let warmupMs = 0;
    for (let i = 0; i < PROBE_WARMUP_STEPS; i++) {
      const t0 = performance.now();
      const loss = step();
      await loss.data();
      loss.dispose();
      warmupMs = performance.now() - t0;
    }
    // A backend whose (compiled) warm-up step alone blows the budget several times over is far
    // behind anyway: its last warm-up step is the measurement, instead of seconds more.
    if (warmupMs > 4 * budgetMs) return (spec.batchSize * 1000) / warmupMs;
    const start = performance.now();
    let steps = 0;
    while (steps < PROBE_MAX_STEPS && performance.now() - start < budgetMs) {
      const loss = step();
      steps++;
      // Sync every step: the budget bounds wall time, not the length of a device queue.
      await loss.data();
      loss.dispose();
    }
    const elapsed = performance.now() - start;
    return (steps * spec.batchSize * 1000) / elapsed;
  } finally {
    disposeOptimizer(optimizer);
    model.dispose();
    x.dispose();
    y.dispose();
  }
}

const cache = new Map<string, Map<BackendName, number | string>>();

function describeCandidates(measured: Map<BackendName, number | string>): string {
  return [...measured]
    .map(([name, value]) =>
      typeof value === 'number'
        ? `${name} ${Math.round(value).toLocaleString('en')}/s`
        : `${name} –`,
    )
    .join(', ');
}

/**
 * Initialises every candidate backend in turn, measures `spec` on each, and leaves tfjs on the
 * fastest. The report's `attempts` give each one's throughput or why it was skipped; `reason`
 * names the winner and the numbers it beat.
 */
export async function chooseFastestBackend(
  spec: ProbeSpec,
  candidates: readonly BackendName[] = BACKEND_ORDER,
): Promise<BackendReport & { measured: Partial<Record<BackendName, number>> }> {
  const key = `${spec.model}/${spec.units}/${spec.batchSize}/${spec.side ?? 28}`;
  const known = cache.get(key) ?? new Map<BackendName, number | string>();
  const attempts: BackendAttempt[] = [];
  const measured: Partial<Record<BackendName, number>> = {};
  for (const name of candidates) {
    const ruled = ruleOut(name, spec.model);
    if (ruled) {
      attempts.push({ backend: name, ok: false, reason: ruled });
      continue;
    }
    const cached = known.get(name);
    if (typeof cached === 'string') {
      attempts.push({ backend: name, ok: false, reason: cached });
      continue;
    }
    let report: BackendReport;
    try {
      report = await initBackend([name]);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(
        /^No TensorFlow\.js backend could be initialised: \w+: /,
        '',
      );
      known.set(name, reason);
      attempts.push({ backend: name, ok: false, reason });
      continue;
    }
    const detail = report.attempts[0]?.detail;
    try {
      const rate = cached ?? (await measureThroughput(spec));
      known.set(name, rate);
      measured[name] = rate;
      const text = `${Math.round(rate).toLocaleString('en')} samples/s measured`;
      attempts.push({ backend: name, ok: true, detail: detail ? `${text}; ${detail}` : text });
    } catch (error) {
      const reason = `failed while training: ${error instanceof Error ? error.message : String(error)}`;
      known.set(name, reason);
      attempts.push({ backend: name, ok: false, reason });
    }
  }
  cache.set(key, known);
  const ranked = (Object.entries(measured) as [BackendName, number][]).sort((a, b) => b[1] - a[1]);
  const best = ranked[0];
  if (!best) {
    const why = attempts.map((a) => `${a.backend}: ${a.reason ?? 'failed'}`).join('; ');
    throw new Error(`No backend could train the ${spec.model.toUpperCase()} here (${why})`);
  }
  const final = await initBackend([best[0]]);
  const others = ranked.slice(1);
  const versus = others.length > 0 ? ` vs ${describeCandidates(new Map(others))}` : '';
  return {
    backend: best[0],
    reason:
      `fastest measured for the ${spec.model.toUpperCase()} at batch ${spec.batchSize}: ` +
      `${Math.round(best[1]).toLocaleString('en')} samples/s${versus}`,
    attempts,
    backendEpsilon: final.backendEpsilon,
    measured,
  };
}

/** Forgets cached measurements (tests, or after a backend failed mid-run). */
export function clearThroughputCache(): void {
  cache.clear();
}
