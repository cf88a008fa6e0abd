/**
 * The backward pass of a Dense layer's ReLU and bias as one kernel: from the gradient `dy` of the
 * layer's output `y = relu(x·W + b)` (both `[B, H]`) it returns the gradient of the
 * pre-activation, `dy · step(y)`, and the bias gradient, its sum over the batch (`[H]`).
 *
 * On tfjs' ops this is `Step`, `Cast`, `Mul`, then `Transpose` and `Sum` for the bias: five
 * kernels and four heap blocks. On WASM it is one WebAssembly SIMD function on tfjs' heap, four
 * columns at a time, with the same float32 operations in the same order, so the results are bit
 * for bit those of the ops (src/ml/wasmReluGrad.test.ts):
 * - the mask is tfjs' `step` (1 where y > 0, NaN where y is NaN, else 0) and multiplies `dy`, so a
 *   negative gradient under a closed unit stays −0 as it does with `Mul`;
 * - each column's sum starts at 0 and adds the rows in order, as the WASM `Sum` kernel does after
 *   transposing the batch axis last.
 * `step(y)` equals `step` of the pre-activation that tfjs-core's ReLU gradient uses: y > 0 exactly
 * where the pre-activation is, and ReLU passes NaN.
 */
import * as tf from './tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { FunctionSpec } from './wasmAssembler';
import { F32, I32, V128, heapOf, instantiate, op } from './wasmAssembler';

/** The kernel's name: inputs `dy` and `y` (`[B, H]` float32), outputs `[dx, db]`. */
export const RELU_BIAS_GRAD_KERNEL = 'LossLabReluBiasGrad';

// Parameters: byte offsets of dy, y, dx and db, then the row and column counts.
const [DY, Y, DX, DB, ROWS, COLS] = [0, 1, 2, 3, 4, 5];
const [C, R, OFFSET, ROW_BYTES] = [6, 7, 8, 9];
const [V_ACC, V_Y, V_MASK, V_D, ONE, ZERO] = [10, 11, 12, 13, 14, 15];
const [S_ACC, S_Y, S_MASK, S_D] = [16, 17, 18, 19];

interface Lanes {
  width: number;
  load: number[];
  store: number[];
  add: number[];
  mul: number[];
  gt: number[];
  ne: number[];
  /** `(a, b, condition) → condition ? a : b`, lane by lane. */
  choose: number[];
  one: number[];
  zero: number[];
  locals: { acc: number; y: number; mask: number; d: number };
}

const VECTOR: Lanes = {
  width: 4,
  load: op.v128Load,
  store: op.v128Store,
  add: op.f32x4Add,
  mul: op.f32x4Mul,
  gt: op.f32x4Gt,
  ne: op.f32x4Ne,
  choose: op.v128Bitselect,
  one: op.get(ONE),
  zero: op.get(ZERO),
  locals: { acc: V_ACC, y: V_Y, mask: V_MASK, d: V_D },
};

const SCALAR: Lanes = {
  width: 1,
  load: op.f32Load,
  store: op.f32Store,
  add: op.f32Add,
  mul: op.f32Mul,
  gt: op.f32Gt,
  ne: op.f32Ne,
  choose: op.select,
  one: op.f32(1),
  zero: op.f32(0),
  locals: { acc: S_ACC, y: S_Y, mask: S_MASK, d: S_D },
};

/** Columns `C…C+width−1` of every row, then the next group, while a whole group fits. */
function columns(lanes: Lanes): number[] {
  const { get, set, i32 } = op;
  const { acc, y, mask, d } = lanes.locals;
  const at = (pointer: number) => [...get(pointer), ...get(OFFSET), ...op.i32Add];
  // prettier-ignore
  return [
    ...op.block, ...op.loop,
    ...get(C), ...i32(lanes.width), ...op.i32Add, ...get(COLS), ...op.i32GtU, ...op.brIf(1),
    ...lanes.zero, ...set(acc),
    ...get(C), ...i32(2), ...op.i32Shl, ...set(OFFSET),
    ...i32(0), ...set(R),
    ...op.block, ...op.loop,
    ...get(R), ...get(ROWS), ...op.i32GeU, ...op.brIf(1),
    ...at(Y), ...lanes.load, ...set(y),
    // mask = isNaN(y) ? y : (y > 0 ? 1 : 0)
    ...lanes.one, ...lanes.zero, ...get(y), ...lanes.zero, ...lanes.gt, ...lanes.choose, ...set(mask),
    ...get(y), ...get(mask), ...get(y), ...get(y), ...lanes.ne, ...lanes.choose, ...set(mask),
    ...at(DY), ...lanes.load, ...get(mask), ...lanes.mul, ...set(d),
    ...at(DX), ...get(d), ...lanes.store,
    ...get(acc), ...get(d), ...lanes.add, ...set(acc),
    ...get(OFFSET), ...get(ROW_BYTES), ...op.i32Add, ...set(OFFSET),
    ...get(R), ...i32(1), ...op.i32Add, ...set(R),
    ...op.br(0), ...op.end, ...op.end,
    ...get(DB), ...get(C), ...i32(2), ...op.i32Shl, ...op.i32Add, ...get(acc), ...lanes.store,
    ...get(C), ...i32(lanes.width), ...op.i32Add, ...set(C),
    ...op.br(0), ...op.end, ...op.end,
  ];
}

function reluBiasGradFunction(): FunctionSpec {
  const { get, set, i32 } = op;
  // prettier-ignore
  const setup = [
    ...get(COLS), ...i32(2), ...op.i32Shl, ...set(ROW_BYTES),
    ...op.f32(1), ...op.f32x4Splat, ...set(ONE),
    ...op.f32(0), ...op.f32x4Splat, ...set(ZERO),
    ...i32(0), ...set(C),
  ];
  return {
    params: Array<number>(6).fill(I32),
    locals: [
      [4, I32],
      [6, V128],
      [4, F32],
    ],
    // Groups of four columns, then the last `cols mod 4` one at a time (C carries over).
    body: [...setup, ...columns(VECTOR), ...columns(SCALAR)],
  };
}

/** The same operations in JavaScript, where WASM SIMD cannot compile. */
function reluBiasGradLoop(
  dy: Float32Array,
  y: Float32Array,
  dx: Float32Array,
  db: Float32Array,
): void {
  const cols = db.length;
  const rows = cols === 0 ? 0 : dy.length / cols;
  for (let c = 0; c < cols; c++) {
    let acc = 0;
    for (let r = 0; r < rows; r++) {
      const i = r * cols + c;
      const yi = y[i] as number;
      const mask = Number.isNaN(yi) ? yi : yi > 0 ? 1 : 0;
      const d = Math.fround((dy[i] as number) * mask);
      dx[i] = d;
      acc = Math.fround(acc + d);
    }
    db[c] = acc;
  }
}

function wasmKernel({
  inputs,
  backend,
}: {
  inputs: { dy: tf.TensorInfo; y: tf.TensorInfo };
  backend: BackendWasm;
}): tf.TensorInfo[] {
  const { dy, y } = inputs;
  const [rows, cols] = dy.shape as [number, number];
  const dx = backend.makeOutput([rows, cols], 'float32');
  const db = backend.makeOutput([cols], 'float32');
  // Views are taken after both outputs exist: allocating may grow the heap and detach them.
  const view = (info: tf.TensorInfo) => backend.typedArrayFromHeap(info) as Float32Array;
  const memory = heapOf(backend);
  const run = memory ? instantiate(memory, 'reluBiasGrad', reluBiasGradFunction) : null;
  if (run) {
    run(
      view(dy).byteOffset,
      view(y).byteOffset,
      view(dx).byteOffset,
      view(db).byteOffset,
      rows,
      cols,
    );
  } else {
    reluBiasGradLoop(view(dy), view(y), view(dx), view(db));
  }
  return [dx, db];
}

let registered = false;

function registerKernel(): void {
  if (registered) return;
  if (!tf.getKernel(RELU_BIAS_GRAD_KERNEL, 'wasm')) {
    tf.registerKernel({
      kernelName: RELU_BIAS_GRAD_KERNEL,
      backendName: 'wasm',
      kernelFunc: wasmKernel as unknown as tf.KernelFunc,
    });
  }
  registered = true;
}

/**
 * `[dy · step(y), Σ_batch dy · step(y)]` for a ReLU layer's output `y` and its gradient `dy`
 * (`[B, H]`): the pre-activation's gradient `[B, H]` and the bias gradient `[H]`. One kernel on
 * WASM, three barrier-free programs on WebGPU once its kernels are registered, tfjs' ops elsewhere;
 * the same numbers either way (to float32 rounding on WebGPU, which sums in another order). The
 * caller owns both results.
 */
export function reluBiasGrad(dy: tf.Tensor2D, y: tf.Tensor2D): [tf.Tensor2D, tf.Tensor1D] {
  registerKernel();
  // WASM's kernel is registered here; WebGPU's by useWebGPUTrainingKernels (webgpuReluGrad.ts).
  const own = tf.getKernel(RELU_BIAS_GRAD_KERNEL, tf.getBackend()) !== undefined;
  if (own && dy.dtype === 'float32' && y.dtype === 'float32') {
    return tf.engine().runKernel(RELU_BIAS_GRAD_KERNEL, { dy, y }, {}) as unknown as [
      tf.Tensor2D,
      tf.Tensor1D,
    ];
  }
  return tf.tidy((): [tf.Tensor2D, tf.Tensor1D] => {
    const dx = tf.mul<tf.Tensor2D>(dy, tf.cast(tf.step(y), 'float32'));
    return [dx, tf.sum<tf.Tensor1D>(dx, 0)];
  });
}
