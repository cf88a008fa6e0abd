/**
 * The smallest program tfjs' WebGPU backend runs (its `WebGPUProgram`), for LossLab's own WGSL:
 * one invocation per output element, workgroups of 64 along x (tfjs spreads dispatches past
 * WebGPU's 65,535 workgroups per dimension over y and z, and `main` receives the flat index).
 *
 * No program built here uses workgroup memory or barriers. Each invocation reads its inputs from
 * storage and writes only its own output element, so there is nothing to race on, on any GPU; and
 * SwiftShader, the software adapter Chromium falls back to without a GPU, runs barrier-free
 * shaders many times faster than tfjs' tiled ones (README, "On WebGPU").
 *
 * Only types come from the WebGPU backend: the kernels receive the backend instance, so these
 * modules add nothing to a bundle that never loads WebGPU.
 */
import type * as tf from './tfjs';

export interface Uniform {
  type: 'float32' | 'int32';
  data: number[];
}

/** A flat program in the form tfjs' WebGPU backend compiles. */
export interface FlatProgram {
  variableNames: string[];
  uniforms: string;
  outputShape: number[];
  shaderKey: string;
  size: boolean;
  workgroupSize: [number, number, number];
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  getUserCode: () => string;
}

/** What the kernels use of tfjs' `WebGPUBackend` (its typings pull in @webgpu/types). */
export interface WebGPUBackendLike {
  runWebGPUProgram(
    program: FlatProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    uniforms?: Uniform[],
  ): tf.TensorInfo;
  disposeData(dataId: tf.DataId): boolean;
}

/** Invocations per workgroup, along x. */
export const WORKGROUP = 64;

/**
 * A program computing `outputShape` with `body` run for each flat output index `index` (already
 * checked against `uniforms.size`). `uniforms` declares the extra uniforms (`name : i32,` …) in
 * the order of the values passed to `runWebGPUProgram`. Input `v` is the storage array `v`, and
 * its shape is `uniforms.vShape`; `getCoordsFromIndex(index)` gives the output's coordinates.
 * The shader key must name every choice baked into `body` (sizes travel as uniforms).
 * `invocations` (default: one per output element) is for programs that write several elements
 * each; their body checks its own bound.
 */
export function flatProgram(
  outputShape: number[],
  shaderKey: string,
  variableNames: string[],
  uniforms: string,
  body: string,
  invocations = outputShape.reduce((a, b) => a * b, 1),
): FlatProgram {
  return {
    variableNames,
    uniforms,
    outputShape,
    shaderKey,
    size: true,
    workgroupSize: [WORKGROUP, 1, 1],
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(invocations / WORKGROUP), 1, 1],
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
        }
      }`,
  };
}

/** Integer uniforms, one per value, for `name : i32,` declarations. */
export const ints = (...values: number[]): Uniform[] =>
  values.map((value) => ({ type: 'int32', data: [value] }));

/**
 * `out[k] = Σ_p partial[p, k]`: the second pass of a sum split into partials (`partial` is
 * `[partials, size]`, `outShape` holds `size` elements), one invocation per output element. The
 * caller owns the result and still owns `partial`.
 */
export function sumPartials(
  backend: WebGPUBackendLike,
  partial: tf.TensorInfo,
  outShape: number[],
): tf.TensorInfo {
  return backend.runWebGPUProgram(
    flatProgram(
      outShape,
      'losslab_sum_partials',
      ['partial'],
      '',
      `let n = uniforms.partialShape.y;
      var sum = 0.0;
      for (var p = 0; p < uniforms.partialShape.x; p++) {
        sum = sum + partial[p * n + index];
      }
      setOutputAtIndex(index, sum);`,
    ),
    [partial],
    'float32',
  );
}
