/**
 * The fused Adam update (fusedAdam.ts) on the WebGPU backend: three compute shaders per variable
 * instead of tfjs' 14 element-wise kernels. On a GPU each kernel is a dispatch with its own
 * buffer allocation, bind group and uniform upload, and for the small variables of these models
 * that fixed cost, not the arithmetic, is what an optimizer step spends. The shaders compute the
 * same float32 expressions in the same order as tfjs' op sequence; the shader compiler may fuse a
 * multiply and an add, so results agree with the stock update to float32 rounding, not bit for
 * bit (the GPU backends never were bit-exact with the CPU).
 *
 * Only types come from the WebGPU backend: the kernel receives the backend instance, so this
 * module adds nothing to a bundle that never loads WebGPU.
 */
import type * as tf from './tfjs';
import type { WebGPUBackendLike } from './webgpuProgram';
import { WORKGROUP, flatProgram } from './webgpuProgram';

/** WebGPU's guaranteed limit on workgroups per dimension. */
const MAX_WORKGROUPS = 65535;
/** Largest variable (elements) one flat dispatch covers; larger ones use tfjs' own ops. */
export const WEBGPU_FUSE_MAX = WORKGROUP * MAX_WORKGROUPS;

/** m' = m·β₁ + g·(1 − β₁), as tfjs' `add(mul(m, β₁), mul(g, 1 − β₁))`. */
const firstMoment = (shape: number[]) =>
  flatProgram(
    shape,
    'losslab_adam_m',
    ['m', 'g'],
    'b : f32, c : f32,',
    'setOutputAtIndex(index, m[index] * uniforms.b + g[index] * uniforms.c);',
  );

/** v' = v·β₂ + g²·(1 − β₂). */
const secondMoment = (shape: number[]) =>
  flatProgram(
    shape,
    'losslab_adam_v',
    ['v', 'g'],
    'b : f32, c : f32,',
    'let gi = g[index]; setOutputAtIndex(index, v[index] * uniforms.b + (gi * gi) * uniforms.c);',
  );

/** x' = ((m'/(1 − β₁ᵗ)) / (√(v'/(1 − β₂ᵗ)) + ε))·(−lr) + x. */
const parameter = (shape: number[]) =>
  flatProgram(
    shape,
    'losslab_adam_x',
    ['x', 'm1', 'v1', 'a1', 'a2'],
    'eps : f32, negLr : f32,',
    `let mHat = m1[index] / a1[0];
          let vHat = v1[index] / a2[0];
          setOutputAtIndex(index, (mHat / (sqrt(vHat) + uniforms.eps)) * uniforms.negLr + x[index]);`,
  );

type Inputs = Record<
  'value' | 'gradient' | 'm' | 'v' | 'oneMinusAccBeta1' | 'oneMinusAccBeta2',
  tf.TensorInfo
>;

interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

/** The kernel: returns the new value, first and second moments, like the CPU and WASM ones. */
export function webgpuAdamKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: Inputs;
  backend: WebGPUBackendLike;
  attrs: AdamAttrs;
}): tf.TensorInfo[] {
  const shape = inputs.value.shape;
  const f32 = (value: number) => ({ type: 'float32' as const, data: [value] });
  const m1 = backend.runWebGPUProgram(firstMoment(shape), [inputs.m, inputs.gradient], 'float32', [
    f32(attrs.beta1),
    f32(1 - attrs.beta1),
  ]);
  const v1 = backend.runWebGPUProgram(secondMoment(shape), [inputs.v, inputs.gradient], 'float32', [
    f32(attrs.beta2),
    f32(1 - attrs.beta2),
  ]);
  const x1 = backend.runWebGPUProgram(
    parameter(shape),
    [inputs.value, m1, v1, inputs.oneMinusAccBeta1, inputs.oneMinusAccBeta2],
    'float32',
    [f32(attrs.epsilon), f32(-attrs.learningRate)],
  );
  return [x1, m1, v1];
}
