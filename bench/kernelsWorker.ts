/**
 * A worker with LossLab's WASM kernels registered (src/ml/wasmKernels.ts): `model.fit` with
 * them, which separates what the kernels gain from what the engine's loop costs, the per-step
 * profile of the engine's step (src/ml/profile.ts), and XNNPACK's matrix-product rate (the
 * roofline's practical peak). Its WASM thread count comes from its name (bench/threads.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { expose } from 'comlink';
import type { BackendName, ModelKind } from '../src/core';
import { initBackend } from '../src/ml/backends';
import type { StepProfile } from '../src/ml/profile';
import { profileSteps } from '../src/ml/profile';
import { useWasmTrainingKernels } from '../src/ml/wasmKernels';
import type { BaselineOptions, BaselineResult } from './baselineFit';
import { benchDigits, fitBaseline } from './baselineFit';
import { applyVariantFromName } from './threads';

applyVariantFromName();

async function fit(options: BaselineOptions): Promise<BaselineResult> {
  useWasmTrainingKernels();
  return fitBaseline(options);
}

async function profile(options: {
  model: ModelKind;
  units: number;
  batchSize: number;
  steps: number;
  /** Default WASM. On WebGL/WebGPU the phases are dispatch times (see profile.ts). */
  backend?: BackendName;
}): Promise<StepProfile & { threads: number | null }> {
  await initBackend([options.backend ?? 'wasm']);
  const digits = await benchDigits(options.batchSize * 16, 42);
  const result = await profileSteps({ ...options, digits });
  return { ...result, threads: tf.getBackend() === 'wasm' ? getThreadsCount() : null };
}

export interface MatMulRate {
  /** `[m, k, n]`: an m×k by k×n product. */
  shape: [number, number, number];
  /** Best of the timed repeats, in GFLOP/s (2·m·k·n flops per product). */
  gflops: number;
}

/**
 * XNNPACK's matrix product on the WASM backend (tfjs' `matMul`, its fastest kernel) for each
 * shape, timed for about `seconds` each after a warm-up: the rate the models' kernels can reach
 * at best on this machine with this worker's threads.
 */
async function matmul(options: {
  shapes: [number, number, number][];
  seconds: number;
}): Promise<{ threads: number; rates: MatMulRate[] }> {
  await initBackend(['wasm']);
  const rates: MatMulRate[] = [];
  for (const shape of options.shapes) {
    const [m, k, n] = shape;
    const a = tf.randomUniform([m, k], -1, 1, 'float32', 1);
    const b = tf.randomUniform([k, n], -1, 1, 'float32', 2);
    const flops = 2 * m * k * n;
    let best = 0;
    // Each call computes synchronously on WASM; disposing keeps the heap flat.
    tf.matMul(a, b).dispose();
    const end = performance.now() + options.seconds * 1000;
    let reps = 1;
    while (performance.now() < end) {
      const start = performance.now();
      for (let i = 0; i < reps; i++) tf.matMul(a, b).dispose();
      const ms = performance.now() - start;
      best = Math.max(best, (reps * flops) / (ms * 1e6));
      if (ms < 10) reps *= 2;
    }
    tf.dispose([a, b]);
    rates.push({ shape, gflops: best });
  }
  return { threads: getThreadsCount(), rates };
}

const kernels = { fit, profile, matmul };
export type KernelsApi = typeof kernels;
expose(kernels);
