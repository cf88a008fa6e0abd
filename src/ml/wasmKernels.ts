/**
 * Kernels LossLab registers for tfjs' WASM backend (tfjs-backend-wasm 4.22), so that the CNN can
 * train there at all and both models train several times faster. Registered by
 * `useWasmTrainingKernels()` before the engine trains or measures; plain tfjs (the benchmark's
 * bare `model.fit`) keeps the stock kernels unless it calls it too.
 *
 * Each kernel computes what the stock one computes (to float32 rounding: sums may be taken in
 * another order) and is checked against the CPU backend in src/ml/wasmKernels.test.ts:
 *
 * - `Conv2DBackpropFilter`: missing in 4.22, which is why the CNN could not train on WASM. For
 *   stride 1 without padding it is a WebAssembly SIMD pass (wasmFilterGrad.ts); otherwise the
 *   filter gradient is itself a convolution (of the input, batch and channels swapped, with the
 *   output gradient as the filter, dilated by the stride), so it runs on XNNPACK's `Conv2D`.
 * - `Conv2DBackpropInput`: the stock kernel is a naive loop; for a stride of 1 the input
 *   gradient is the convolution of the padded output gradient with the rotated filter (XNNPACK).
 * - `MaxPoolGrad`: the stock kernel is slow; WebAssembly SIMD over four channels at a time for
 *   non-overlapping windows (wasmPoolGrad.ts), else a direct loop in JavaScript on the WASM heap,
 *   both with the CPU backend's rule (the first strict maximum gets the gradient).
 * - `BatchMatMul` with `transposeA`/`transposeB` (every gradient of a dense layer): the stock
 *   kernel falls back to a naive loop; an explicit `Transpose` first keeps it on the fast path.
 * - `Slice` and `GatherV2`: the stock kernels copy the whole source tensor off the heap
 *   (`readSync`) or gather element by element; these copy only the rows they return.
 * - `Identity` (the tape's copy of every tensor it saves for the backward pass): shares the
 *   data, as the CPU and WebGL backends do, instead of copying it.
 *
 * The conv and pooling kernels live in wasmConvKernels.ts; this file registers them all.
 */
import * as tf from './tfjs';
// The stock kernels must be registered before LossLab's replace them.
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convKernels } from './wasmConvKernels';
import type { WasmKernelFunc } from './wasmStock';
import { free, runStock, stock } from './wasmStock';

/** The kernels a replacement composes; all must be registered for `wasm`. */
const NEEDED = [
  'BatchMatMul',
  'Conv2D',
  'Conv2DBackpropInput',
  'GatherV2',
  'Identity',
  'MaxPoolGrad',
  'Reverse',
  'Slice',
  'Transpose',
] as const;

const identity: WasmKernelFunc = ({ inputs, backend }) => {
  const x = inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return runStock('Identity', backend, inputs);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/** Copies the box `begin`/`size` of `x` row by row (innermost runs are contiguous). */
const slice: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return runStock('Slice', backend, inputs, attrs);
  const [begin, size] = tf.slice_util.parseSliceParams(
    x,
    attrs.begin as number[],
    attrs.size as number[],
  ) as [number[], number[]];
  const out = backend.makeOutput(size, x.dtype);
  const target = backend.typedArrayFromHeap(out);
  const source = backend.typedArrayFromHeap(x);
  const rank = x.shape.length;
  if (rank === 0 || target.length === 0) {
    target.set(source.subarray(0, target.length));
    return out;
  }
  const strides = tf.util.computeStrides(x.shape);
  const inner = size[rank - 1] as number;
  const rows = target.length / inner;
  const index = new Array<number>(Math.max(0, rank - 1)).fill(0);
  for (let row = 0; row < rows; row++) {
    let offset = begin[rank - 1] as number;
    for (let d = 0; d < rank - 1; d++) {
      offset += ((begin[d] as number) + (index[d] as number)) * (strides[d] as number);
    }
    target.set(source.subarray(offset, offset + inner), row * inner);
    for (let d = rank - 2; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (size[d] as number)) break;
      index[d] = 0;
    }
  }
  return out;
};

/** `tf.gather`: copies whole slices, checking every index as the stock kernel does. */
const gather: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x as tf.TensorInfo;
  const indices = inputs.indices as tf.TensorInfo;
  if (x.dtype === 'string') return runStock('GatherV2', backend, inputs, attrs);
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0] as number;
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(
    x,
    indices,
    axis,
    (attrs.batchDims as number | undefined) ?? 0,
  );
  const dim = x.shape[axis] as number;
  for (const id of backend.typedArrayFromHeap(indices)) {
    if (id < 0 || id > dim - 1) {
      throw new Error(`GatherV2: the index value ${id} is not in [0, ${dim - 1}]`);
    }
  }
  const out = backend.makeOutput(info.outputShape, x.dtype);
  // Every view of the heap is taken after the output is allocated: allocating may grow the heap,
  // which detaches the views taken before (they read as empty).
  const ids = backend.typedArrayFromHeap(indices);
  const target = backend.typedArrayFromHeap(out);
  const source = backend.typedArrayFromHeap(x);
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const perBatch = ids.length / batchSize;
  let to = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const base = (b * outerSize + o) * dimSize;
      for (let i = 0; i < perBatch; i++) {
        const from = (base + (ids[b * perBatch + i] as number)) * sliceSize;
        target.set(source.subarray(from, from + sliceSize), to);
        to += sliceSize;
      }
    }
  }
  return out;
};

/** Swaps the last two axes of `x` into a new tensor. */
function transposeLast(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  const perm = x.shape.map((_, i) => i);
  const last = perm.length - 1;
  [perm[last - 1], perm[last]] = [last, last - 1];
  return runStock('Transpose', backend, { x }, { perm });
}

const batchMatMul: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  if (!transposeA && !transposeB) return runStock('BatchMatMul', backend, inputs, attrs);
  const a = transposeA ? transposeLast(backend, inputs.a as tf.TensorInfo) : inputs.a;
  const b = transposeB ? transposeLast(backend, inputs.b as tf.TensorInfo) : inputs.b;
  try {
    return runStock(
      'BatchMatMul',
      backend,
      { a: a as tf.TensorInfo, b: b as tf.TensorInfo },
      { transposeA: false, transposeB: false },
    );
  } finally {
    if (transposeA) free(backend, a as tf.TensorInfo);
    if (transposeB) free(backend, b as tf.TensorInfo);
  }
};

const REPLACEMENTS: Record<string, WasmKernelFunc> = {
  Identity: identity,
  Slice: slice,
  GatherV2: gather,
  BatchMatMul: batchMatMul,
  ...convKernels,
};

let registered = false;

/**
 * Why LossLab's WASM kernels cannot be used with this tfjs, or `null`. They compose stock
 * kernels, so each of those must exist (a tfjs upgrade that drops one is caught here, not
 * mid-run).
 */
export function wasmKernelsUnavailable(): string | null {
  const missing = NEEDED.filter((name) => !stock.has(name) && !tf.getKernel(name, 'wasm'));
  return missing.length > 0
    ? `tfjs-backend-wasm ${tf.version_core} lacks the ${missing.join(', ')} kernel(s) LossLab's training kernels build on`
    : null;
}

/**
 * Registers LossLab's kernels for the WASM backend (idempotent). Safe before or after the
 * backend initialises: each replacement keeps the stock kernel's setup function, which the
 * backend runs at initialisation. Returns false, registering nothing, when
 * `wasmKernelsUnavailable()` gives a reason.
 */
export function useWasmTrainingKernels(): boolean {
  if (registered) return true;
  if (wasmKernelsUnavailable() !== null) return false;
  for (const [name, kernelFunc] of Object.entries(REPLACEMENTS)) {
    const original = tf.getKernel(name, 'wasm');
    if (original) {
      stock.set(name, original);
      tf.unregisterKernel(name, 'wasm');
    }
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: kernelFunc as unknown as tf.KernelFunc,
      ...(original?.setupFunc ? { setupFunc: original.setupFunc } : {}),
    });
  }
  registered = true;
  return true;
}
