/**
 * A worker with LossLab's WASM kernels registered (src/ml/wasmKernels.ts): `model.fit` with
 * them, which separates what the kernels gain from what the engine's loop costs, and the
 * per-step profile of the engine's step (src/ml/profile.ts).
 */
import { expose } from 'comlink';
import type { BackendName, ModelKind } from '../src/core';
import { initBackend } from '../src/ml/backends';
import type { StepProfile } from '../src/ml/profile';
import { profileSteps } from '../src/ml/profile';
import { useWasmTrainingKernels } from '../src/ml/wasmKernels';
import type { BaselineOptions, BaselineResult } from './baselineFit';
import { benchDigits, fitBaseline } from './baselineFit';

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
}): Promise<StepProfile> {
  await initBackend([options.backend ?? 'wasm']);
  const digits = await benchDigits(options.batchSize * 16, 42);
  return profileSteps({ ...options, digits });
}

const kernels = { fit, profile };
export type KernelsApi = typeof kernels;
expose(kernels);
