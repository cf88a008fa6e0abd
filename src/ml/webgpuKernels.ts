/**
 * Kernels LossLab registers for tfjs' WebGPU backend: barrier-free WGSL programs
 * (webgpuProgram.ts) in place of the stock kernels that dominate a training step on WebGPU.
 * Registered by `useWebGPUTrainingKernels()` before the engine trains or measures, once tfjs'
 * WebGPU backend is loaded; plain tfjs (the benchmark's bare `model.fit`) keeps the stock kernels.
 *
 * - `Add` of a bias along the last axis: one modulo per element instead of broadcast coordinates.
 * - `Conv2D`, `FusedConv2D` (bias and ReLU inside), `Conv2DBackpropInput`, `Conv2DBackpropFilter`: webgpuConv.ts; `MaxPoolGrad`: webgpuPool.ts.
 * - LossLab's own kernels (not replacements): `LossLabReluBiasGrad`, the ReLU mask and bias
 *   gradient of the written-out steps (webgpuReluGrad.ts), and TF's softmax cross-entropy and
 *   its gradient for the default configuration's loss (webgpuLoss.ts).
 * - `BatchMatMul` and `_FusedMatMul` (bias and ReLU inside): one invocation per 4 × 4 block of
 *   the output, a loop over the inner dimension, either operand read through its transpose's
 *   strides (no copy).
 *
 * Each returns what the stock kernel returns, to float32 rounding, checked against the CPU
 * backend in src/ml/webgpuKernels.test.ts; any case a program does not cover (another layout,
 * dtype, activation or rank) runs the stock kernel.
 */
import * as tf from './tfjs';
import { conv2D, conv2DBackpropFilter, conv2DBackpropInput } from './webgpuConv';
import { maxPoolGrad } from './webgpuPool';
import type { WebGPUBackendLike } from './webgpuProgram';
import { flatProgram, ints } from './webgpuProgram';
import { reluBiasGrad } from './webgpuReluGrad';
import {
  SOFTMAX_CE_GRAD_KERNEL,
  SOFTMAX_CE_KERNEL,
  softmaxCrossEntropy,
  softmaxCrossEntropyGrad,
} from './webgpuLoss';
import { RELU_BIAS_GRAD_KERNEL } from './wasmReluGrad';

type Attrs = Record<string, unknown>;

/** The operand's batch dimensions (all but the last two), or null below rank 2. */
const batchDims = (t: tf.TensorInfo): number[] | null =>
  t.shape.length >= 2 ? t.shape.slice(0, -2) : null;
const product = (dims: number[]) => dims.reduce((x, y) => x * y, 1);

/** Each invocation computes a TILE × TILE block of the output (register tiling, no barriers). */
const TILE = 4;

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
  const tiles = product(outShape.slice(0, -2)) * Math.ceil(m / TILE) * Math.ceil(n / TILE);
  const finish = (v: string) => {
    const biased = bias ? `${v} + bias[cols[j]]` : v;
    return activation === 'relu' ? `select(${biased}, 0.0, ${biased} < 0.0)` : biased;
  };
  const program = flatProgram(
    outShape,
    `losslab_matmul_${bias ? 'bias' : 'nobias'}_${activation}`,
    bias ? ['a', 'b', 'bias'] : ['a', 'b'],
    'm : i32, n : i32, k : i32, aRow : i32, aStep : i32, aBatch : i32, bCol : i32, bStep : i32, bBatch : i32, tiles : i32,',
    `if (index >= uniforms.tiles) { return; }
    let tilesN = (uniforms.n + 3) / 4;
    let tilesM = (uniforms.m + 3) / 4;
    let col0 = (index % tilesN) * 4;
    let row0 = ((index / tilesN) % tilesM) * 4;
    let q = index / (tilesN * tilesM);
    // Rows and columns past the edge read the last one (always in bounds) and are not written.
    let rows = min(vec4<i32>(row0) + vec4<i32>(0, 1, 2, 3), vec4<i32>(uniforms.m - 1));
    var cols = min(vec4<i32>(col0) + vec4<i32>(0, 1, 2, 3), vec4<i32>(uniforms.n - 1));
    let ai = vec4<i32>(q * uniforms.aBatch) + rows * uniforms.aRow;
    let bi = vec4<i32>(q * uniforms.bBatch) + cols * uniforms.bCol;
    var acc0 = vec4<f32>(0.0);
    var acc1 = vec4<f32>(0.0);
    var acc2 = vec4<f32>(0.0);
    var acc3 = vec4<f32>(0.0);
    for (var i = 0; i < uniforms.k; i++) {
      let ao = i * uniforms.aStep;
      let bo = i * uniforms.bStep;
      let bv = vec4<f32>(b[bi.x + bo], b[bi.y + bo], b[bi.z + bo], b[bi.w + bo]);
      acc0 = acc0 + a[ai.x + ao] * bv;
      acc1 = acc1 + a[ai.y + ao] * bv;
      acc2 = acc2 + a[ai.z + ao] * bv;
      acc3 = acc3 + a[ai.w + ao] * bv;
    }
    var accs = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
    for (var r = 0; r < 4; r++) {
      if (row0 + r >= uniforms.m) { break; }
      let base = (q * uniforms.m + row0 + r) * uniforms.n;
      for (var j = 0; j < 4; j++) {
        if (col0 + j >= uniforms.n) { break; }
        let v = accs[r][j];
        setOutputAtIndex(base + cols[j], ${finish('v')});
      }
    }`,
    tiles,
  );
  return backend.runWebGPUProgram(
    program,
    bias ? [a, b, bias] : [a, b],
    'float32',
    ints(
      m,
      n,
      k,
      aRow,
      aStep,
      batchA === 1 ? 0 : m * k,
      bCol,
      bStep,
      batchB === 1 ? 0 : k * n,
      tiles,
    ),
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

/**
 * `a + b` where `b` is a vector along `a`'s last axis (a layer's bias, as tfjs-layers adds it
 * under the gradient tape): the stock program works out broadcast coordinates per element.
 */
function biasAdd(backend: WebGPUBackendLike, a: tf.TensorInfo, b: tf.TensorInfo) {
  const channels = a.shape.at(-1);
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || b.shape.length !== 1) return null;
  if (a.shape.length < 2 || channels !== b.shape[0]) return null;
  const program = flatProgram(
    a.shape,
    'losslab_bias_add',
    ['a', 'b'],
    '',
    'setOutputAtIndex(index, a[index] + b[index % uniforms.bShape]);',
  );
  return backend.runWebGPUProgram(program, [a, b], 'float32');
}

const REPLACEMENTS: Record<string, Replacement> = {
  Add: (args) => biasAdd(args.backend, input(args, 'a'), input(args, 'b')),
  Conv2D: (args) => conv2D(args.backend, input(args, 'x'), input(args, 'filter'), args.attrs),
  FusedConv2D: (args) => {
    const activation = args.attrs.activation ?? 'linear';
    if (args.inputs.preluActivationWeights) return null;
    if (activation !== 'linear' && activation !== 'relu') return null;
    const { bias } = args.inputs;
    return conv2D(args.backend, input(args, 'x'), input(args, 'filter'), args.attrs, {
      ...(bias ? { bias } : {}),
      activation,
    });
  },
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

/** LossLab's own kernels on WebGPU (no stock kernel of that name); their callers check inputs. */
const OWN_KERNELS: Record<string, (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[] | null> = {
  [RELU_BIAS_GRAD_KERNEL]: (args) =>
    reluBiasGrad(args.backend, input(args, 'dy'), input(args, 'y')),
  [SOFTMAX_CE_KERNEL]: (args) =>
    softmaxCrossEntropy(args.backend, input(args, 'labels'), input(args, 'logits')),
  [SOFTMAX_CE_GRAD_KERNEL]: (args) =>
    softmaxCrossEntropyGrad(
      args.backend,
      input(args, 'dy'),
      input(args, 'labels'),
      input(args, 'logits'),
      input(args, 'stats'),
    ),
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
  for (const [name, own] of Object.entries(OWN_KERNELS)) {
    tf.registerKernel({
      kernelName: name,
      backendName: 'webgpu',
      kernelFunc: ((args: KernelArgs) => {
        const result = own(args);
        if (!result) throw new Error(`${name}: inputs of a shape or dtype it does not take`);
        return result;
      }) as unknown as tf.KernelFunc,
    });
  }
  registered = true;
  return true;
}
