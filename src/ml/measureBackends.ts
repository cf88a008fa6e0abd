/**
 * Measuring backends, for `auto`. The first backend that initialises is often not the fastest: a
 * software WebGPU adapter (SwiftShader) initialises fine and is many times slower than WebGL or
 * WASM, and WASM with LossLab's kernels (src/ml/wasmKernels.ts) is the fastest for both models on
 * many laptops without a GPU. So each candidate trains the chosen model with the engine's own step
 * for a fraction of a second on random digits and reports its samples per second.
 *
 * This never runs between a Train click and the first step: the page measures in a separate
 * worker while it is idle and remembers the result per device (src/core/measurement.ts); a run
 * starts on the fastest measured backend, or on the documented guess.
 */
import * as tf from './tfjs';
import type { BackendMeasurement, BackendName, ProbeSpec } from '../core';
import { NUM_CLASSES, messageOf } from '../core';
import { initBackend, ruleOut } from './backends';
import { buildModel } from './models';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { stepContext, trainStep } from './step';
import { useWasmTrainingKernels } from './wasmKernels';
import { useWebGPUTrainingKernels } from './webgpuKernels';

/** Timed training per backend after the warm-up steps, in milliseconds. */
export const PROBE_BUDGET_MS = 400;
/** Untimed steps first: the first compiles shaders, the second shows the steady step time. */
export const PROBE_WARMUP_STEPS = 2;
const PROBE_MAX_STEPS = 30;

/**
 * Training throughput of `spec` on the current tfjs backend, in samples per second: warm-up
 * steps, then steps until `budgetMs` has passed, each timed up to the read-back of its loss so
 * queued GPU work is counted. Leaves no tensors behind.
 */
export async function measureThroughput(
  spec: ProbeSpec,
  budgetMs = PROBE_BUDGET_MS,
): Promise<number> {
  const side = spec.side;
  useWasmTrainingKernels();
  useWebGPUTrainingKernels();
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

/**
 * Measures `spec` on each of `candidates` in turn (after `ruleOut`), reporting each result as it
 * comes (`onResult`), and returns them all. Meant for a worker of its own while the page is idle
 * (src/worker/api.ts `measureBackends`): it switches tfjs' global backend as it goes, and the
 * page ends it by terminating that worker when the student gives a command. Leaves no tensors.
 */
export async function measureBackends(
  spec: ProbeSpec,
  candidates: readonly BackendName[],
  onResult: (result: BackendMeasurement) => void = () => undefined,
  budgetMs = PROBE_BUDGET_MS,
): Promise<BackendMeasurement[]> {
  const results: BackendMeasurement[] = [];
  const note = (result: BackendMeasurement) => {
    results.push(result);
    onResult(result);
  };
  for (const backend of candidates) {
    const ruled = ruleOut(backend, spec.model);
    if (ruled) {
      note({ backend, samplesPerSec: null, reason: ruled });
      continue;
    }
    let detail: string | undefined;
    try {
      detail = (await initBackend([backend])).attempts[0]?.detail;
    } catch (error) {
      const reason = messageOf(error).replace(
        /^No TensorFlow\.js backend could be initialised: \w+: /,
        '',
      );
      note({ backend, samplesPerSec: null, reason });
      continue;
    }
    try {
      const rate = await measureThroughput(spec, budgetMs);
      note({ backend, samplesPerSec: rate, ...(detail ? { detail } : {}) });
    } catch (error) {
      note({
        backend,
        samplesPerSec: null,
        reason: `failed while training: ${messageOf(error)}`,
        ...(detail ? { detail } : {}),
      });
    }
  }
  return results;
}
