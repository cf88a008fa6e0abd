/**
 * Kernels LossLab registers for tfjs' WebGPU backend: barrier-free WGSL programs
 * (webgpuProgram.ts) in place of the stock kernels that dominate a training step on WebGPU.
 * Registered by `useWebGPUTrainingKernels()` before the engine trains or measures, once tfjs'
 * WebGPU backend is loaded; plain tfjs (the benchmark's bare `model.fit`) keeps the stock kernels.
 *
 * - `Conv2D`, `Conv2DBackpropInput`, `Conv2DBackpropFilter`, `MaxPoolGrad`: webgpuConv.ts.
 * - `BatchMatMul` and `_FusedMatMul` (bias and ReLU inside): one invocation per output element,
 *   a loop over the inner dimension, either operand transposed by its strides (no copy).
 *
 * Each returns what the stock kernel returns, to float32 rounding, checked against the CPU
 * backend in src/ml/webgpuKernels.test.ts; any case a program does not cover (another layout,
 * dtype, activation or rank) runs the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2D, conv2DBackpropFilter, conv2DBackpropInput, maxPoolGrad } from './webgpuConv';
import type { WebGPUBackendLike } from './webgpuProgram';
import { flatProgram, ints } from './webgpuProgram';

type Attrs = Record<string, unknown>;

/** The operand's batch dimensions (all but the last two), or null below rank 2. */
const batchDims = (t: tf.TensorInfo): number[] | null =>
  t.shape.length >= 2 ? t.shape.slice(0, -2) : null;
const product = (dims: number[]) => dims.reduce((x, y) => x * y, 1);

/**
 * `out[q, m, n] = act(Σ_k a[q, m, k] · b[q, k, n] + bias[n])` over the batch dimensions `q`
 * (equal in both operands, or absent or of size 1 in one), with `a` and `b` read through their
 * transposes' strides.
 */
function matMul(
  backend: WebGPUBackendLike,
  inputs: { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo },
  attrs: Attrs,
  activation: 'linear' | 'relu',
): tf.TensorInfo | null {
  const { a, b, bias } = inputs;
  const dimsA = batchDims(a);
  const dimsB = batchDims(b);
  if (!dimsA || !dimsB) return null;
  if ([a, b, bias].some((t) => t !== undefined && t.dtype !== 'float32')) return null;
  const batchA = product(dimsA);
  const batchB = product(dimsB);
  const sameBatch = dimsA.length === dimsB.length && dimsA.every((d, i) => d === dimsB[i]);
  if (!sameBatch && batchA !== 1 && batchB !== 1) return null;
  const transposeA = attrs.transposeA === true;
  const transposeB = attrs.transposeB === true;
  const [a1, a2] = a.shape.slice(-2) as [number, number];
  const [b1, b2] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [a2, a1] : [a1, a2];
  const [kB, n] = transposeB ? [b2, b1] : [b1, b2];
  if (k !== kB) return null;
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== n)) return null;
  const outShape = [...(batchA >= batchB ? dimsA : dimsB), m, n];
  // Where a[q, m, 0] and b[q, 0, n] sit, and how far apart consecutive k are.
  const [aRow, aStep] = transposeA ? [1, m] : [k, 1];
  const [bCol, bStep] = transposeB ? [k, 1] : [1, n];
  const result = bias ? 'sum + bias[col]' : 'sum';
  const program = flatProgram(
    outShape,
    `losslab_matmul_${bias ? 'bias' : 'nobias'}_${activation}`,
    bias ? ['a', 'b', 'bias'] : ['a', 'b'],
    'm : i32, n : i32, k : i32, aRow : i32, aStep : i32, aBatch : i32, bCol : i32, bStep : i32, bBatch : i32,',
    `let col = index % uniforms.n;
    let row = (index / uniforms.n) % uniforms.m;
    let q = index / (uniforms.n * uniforms.m);
    var ai = q * uniforms.aBatch + row * uniforms.aRow;
    var bi = q * uniforms.bBatch + col * uniforms.bCol;
    var sum = 0.0;
    for (var i = 0; i < uniforms.k; i++) {
      sum = sum + a[ai] * b[bi];
      ai = ai + uniforms.aStep;
      bi = bi + uniforms.bStep;
    }
    let v = ${result};
    setOutputAtIndex(index, ${activation === 'relu' ? 'select(v, 0.0, v < 0.0)' : 'v'});`,
  );
  return backend.runWebGPUProgram(
    program,
    bias ? [a, b, bias] : [a, b],
    'float32',
    ints(m, n, k, aRow, aStep, batchA === 1 ? 0 : m * k, bCol, bStep, batchB === 1 ? 0 : k * n),
  );
}

interface KernelArgs {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: WebGPUBackendLike;
  attrs: Attrs;
}
type Replacement = (args: KernelArgs) => tf.TensorInfo | null;

const input = (args: KernelArgs, name: string): tf.TensorInfo => {
  const info = args.inputs[name];
  if (!info) throw new Error(`missing input ${name}`);
  return info;
};

const REPLACEMENTS: Record<string, Replacement> = {
  Conv2D: (args) => conv2D(args.backend, input(args, 'x'), input(args, 'filter'), args.attrs),
  Conv2DBackpropInput: (args) =>
    conv2DBackpropInput(args.backend, input(args, 'dy'), input(args, 'filter'), args.attrs),
  Conv2DBackpropFilter: (args) =>
    conv2DBackpropFilter(args.backend, input(args, 'x'), input(args, 'dy'), args.attrs),
  MaxPoolGrad: (args) =>
    maxPoolGrad(args.backend, input(args, 'dy'), input(args, 'input'), args.attrs),
  BatchMatMul: (args) =>
    matMul(args.backend, { a: input(args, 'a'), b: input(args, 'b') }, args.attrs, 'linear'),
  _FusedMatMul: (args) => {
    const activation = args.attrs.activation ?? 'linear';
    if (args.inputs.preluActivationWeights) return null;
    if (activation !== 'linear' && activation !== 'relu') return null;
    const { bias } = args.inputs;
    return matMul(
      args.backend,
      { a: input(args, 'a'), b: input(args, 'b'), ...(bias ? { bias } : {}) },
      args.attrs,
      activation,
    );
  },
};

let registered = false;

/**
 * Registers LossLab's WebGPU kernels (idempotent). Returns false, registering nothing, while
 * tfjs' WebGPU backend is not loaded (its stock kernels, which the replacements fall back on,
 * are registered when it loads).
 */
export function useWebGPUTrainingKernels(): boolean {
  if (registered) return true;
  const names = Object.keys(REPLACEMENTS);
  const stocks = names.map((name) => tf.getKernel(name, 'webgpu'));
  if (stocks.some((stock) => !stock)) return false;
  for (const [name, replacement] of Object.entries(REPLACEMENTS)) {
    const stock = stocks[names.indexOf(name)];
    if (!stock) continue;
    tf.unregisterKernel(name, 'webgpu');
    tf.registerKernel({
      ...stock,
      kernelFunc: ((args: KernelArgs) =>
        replacement(args) ??
        stock.kernelFunc(
          args as unknown as Parameters<tf.KernelFunc>[0],
        )) as unknown as tf.KernelFunc,
    });
  }
  registered = true;
  return true;
}
