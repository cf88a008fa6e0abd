/**
 * A dense layer's matrix products as one WebAssembly SIMD function on tfjs' heap that reads the
 * weights where they are: `C = A·B (+ bias) (ReLU)` and `C = Aᵀ·B`, B row-major `[K, N]`.
 *
 * Why: tfjs' WASM `BatchMatMul` hands B to XNNPACK's fully-connected operator, which first packs
 * it into its own layout and caches the packed copy per tensor. Adam writes new weights every step,
 * so the MLP's forward product repacks its 100,352 weights every step, and each gradient product
 * packs its batch-sized operand and, for `xᵀ·δ`, first transposes the images. A row-major `[K, N]`
 * matrix is already what a 4×8 register tile needs (eight consecutive floats of a row per step of
 * the sum), so this function skips the packing and the transpose.
 *
 * The numbers are XNNPACK's, bit for bit (src/ml/wasmGemm.test.ts): every output starts from its
 * bias (or +0) and adds `a·b` products in the order of the summed index, one float32 multiply and
 * one add each (tfjs 4.22's XNNPACK has no fused multiply-add on WASM), and ReLU is
 * `pmax(0, c)` as in XNNPACK's WASM clamp.
 */
import * as tf from './tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { FunctionSpec } from './wasmAssembler';
import { I32, V128, heapOf, instantiate, leb, op } from './wasmAssembler';

/** The kernel's name: inputs `a`, `b` and optionally `bias`; attrs `transposeA`, `relu`. */
export const DENSE_MATMUL_KERNEL = 'LossLabDenseMatMul';

/** Output columns one tile covers: the function needs N to be a multiple of it. */
const TILE_COLS = 8;

// Parameters: byte offsets, sizes in elements, A's strides in bytes, the ReLU flag.
const [A, B, C, BIAS, M, N, K, ROW_STRIDE, K_STRIDE, RELU] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const [J, I, PB, KK, B_STRIDE] = [10, 11, 12, 13, 14];
const P = 15; // four row pointers into A: 15…18
const ACC = 19; // eight accumulators, two per row: 19…26
const [VB0, VB1, VA, ZERO] = [27, 28, 29, 30];

const load = (offset: number) => [0xfd, ...leb(0x00), 0, ...leb(offset)];
const store = (offset: number) => [0xfd, ...leb(0x0b), 0, ...leb(offset)];
const load32Splat = [0xfd, ...leb(0x09), 0, 0];
const f32x4Pmax = [0xfd, ...leb(0xeb)];
const ifV128 = [0x04, V128];
const ifVoid = [0x04, 0x40];
const elseOp = [0x05];
const i32Eqz = [0x45];

/** Rows `I…I+rows−1` against the column panel at J, for every row group that fits. */
function tiles(rows: number): number[] {
  const { get, set, i32 } = op;
  const acc = (r: number, c: number) => ACC + 2 * r + c;
  const each = (f: (r: number) => number[]) => Array.from({ length: rows }, (_, r) => f(r)).flat();
  // prettier-ignore
  const initial = (c: number) => [
    ...get(BIAS), ...ifV128,
    ...get(BIAS), ...get(J), ...i32(2), ...op.i32Shl, ...op.i32Add, ...load(16 * c),
    ...elseOp, ...get(ZERO), ...op.end,
  ];
  // prettier-ignore
  return [
    ...op.block, ...op.loop,
    ...get(I), ...i32(rows), ...op.i32Add, ...get(M), ...op.i32GtU, ...op.brIf(1),
    ...initial(0), ...set(VB0), ...initial(1), ...set(VB1),
    ...each((r) => [...get(VB0), ...set(acc(r, 0)), ...get(VB1), ...set(acc(r, 1))]),
    ...each((r) => [
      ...get(A), ...get(I), ...i32(r), ...op.i32Add, ...get(ROW_STRIDE), ...op.i32Mul,
      ...op.i32Add, ...set(P + r),
    ]),
    ...get(B), ...get(J), ...i32(2), ...op.i32Shl, ...op.i32Add, ...set(PB),
    ...get(K), ...set(KK),
    ...op.block, ...op.loop,
    ...get(KK), ...i32Eqz, ...op.brIf(1),
    ...get(PB), ...load(0), ...set(VB0),
    ...get(PB), ...load(16), ...set(VB1),
    ...each((r) => [
      ...get(P + r), ...load32Splat, ...set(VA),
      ...get(acc(r, 0)), ...get(VA), ...get(VB0), ...op.f32x4Mul, ...op.f32x4Add, ...set(acc(r, 0)),
      ...get(acc(r, 1)), ...get(VA), ...get(VB1), ...op.f32x4Mul, ...op.f32x4Add, ...set(acc(r, 1)),
      ...get(P + r), ...get(K_STRIDE), ...op.i32Add, ...set(P + r),
    ]),
    ...get(PB), ...get(B_STRIDE), ...op.i32Add, ...set(PB),
    ...get(KK), ...i32(1), ...op.i32Sub, ...set(KK),
    ...op.br(0), ...op.end, ...op.end,
    ...get(RELU), ...ifVoid,
    ...each((r) => [0, 1].flatMap((c) => [
      ...get(ZERO), ...get(acc(r, c)), ...f32x4Pmax, ...set(acc(r, c)),
    ])),
    ...op.end,
    ...each((r) => [
      // &C[I + r][J]
      ...get(C), ...get(I), ...i32(r), ...op.i32Add, ...get(N), ...op.i32Mul, ...get(J),
      ...op.i32Add, ...i32(2), ...op.i32Shl, ...op.i32Add, ...set(PB),
      ...get(PB), ...get(acc(r, 0)), ...store(0),
      ...get(PB), ...get(acc(r, 1)), ...store(16),
    ]),
    ...get(I), ...i32(rows), ...op.i32Add, ...set(I),
    ...op.br(0), ...op.end, ...op.end,
  ];
}

function gemmFunction(): FunctionSpec {
  const { get, set, i32 } = op;
  // prettier-ignore
  const body = [
    ...get(N), ...i32(2), ...op.i32Shl, ...set(B_STRIDE),
    ...op.f32(0), ...op.f32x4Splat, ...set(ZERO),
    ...i32(0), ...set(J),
    ...op.block, ...op.loop,
    ...get(J), ...i32(TILE_COLS), ...op.i32Add, ...get(N), ...op.i32GtU, ...op.brIf(1),
    ...i32(0), ...set(I),
    // Four rows at a time, then the rest one by one (I carries over).
    ...tiles(4), ...tiles(1),
    ...get(J), ...i32(TILE_COLS), ...op.i32Add, ...set(J),
    ...op.br(0), ...op.end, ...op.end,
  ];
  return {
    params: Array<number>(10).fill(I32),
    locals: [
      [9, I32],
      [12, V128],
    ],
    body,
  };
}

interface DenseMatMulAttrs {
  transposeA: boolean;
  relu: boolean;
}

function wasmKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo };
  backend: BackendWasm;
  attrs: DenseMatMulAttrs;
}): tf.TensorInfo {
  const { a, b, bias } = inputs;
  const [k, n] = b.shape as [number, number];
  const m = (attrs.transposeA ? a.shape[1] : a.shape[0]) as number;
  const out = backend.makeOutput([m, n], 'float32');
  const run = gemmOn(backend);
  if (!run) throw new Error(`${DENSE_MATMUL_KERNEL} needs WebAssembly SIMD`);
  const at = (info: tf.TensorInfo) => backend.typedArrayFromHeap(info).byteOffset;
  run(
    at(a),
    at(b),
    at(out),
    bias ? at(bias) : 0,
    m,
    n,
    k,
    attrs.transposeA ? 4 : k * 4,
    attrs.transposeA ? m * 4 : 4,
    attrs.relu ? 1 : 0,
  );
  return out;
}

function gemmOn(backend: BackendWasm) {
  const memory = heapOf(backend);
  return memory ? instantiate(memory, 'denseGemm', gemmFunction) : null;
}

let registered = false;

function registerKernel(): void {
  if (registered) return;
  if (!tf.getKernel(DENSE_MATMUL_KERNEL, 'wasm')) {
    tf.registerKernel({
      kernelName: DENSE_MATMUL_KERNEL,
      backendName: 'wasm',
      kernelFunc: wasmKernel as unknown as tf.KernelFunc,
    });
  }
  registered = true;
}

/**
 * Whether `denseMatMul` runs here: the WASM backend on one thread (XNNPACK splits its products
 * over its threads; this function runs on one), WASM SIMD, and N a multiple of 8.
 */
function applies(n: number): boolean {
  if (tf.getBackend() !== 'wasm' || n % TILE_COLS !== 0) return false;
  if (tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') && getThreadsCount() > 1) return false;
  return gemmOn(tf.backend() as BackendWasm) !== null;
}

/**
 * `a·b + bias` with an optional ReLU, or `aᵀ·b` (`transposeA`), for float32 `a` `[M, K]` (`[K, M]`
 * transposed) and `b` `[K, N]`: XNNPACK's numbers without its weight packing, where it applies
 * (see `applies`); null elsewhere, and the caller runs tfjs' `fused.matMul` or `matMul`. The
 * caller owns the result.
 */
export function denseMatMul(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  options: { bias?: tf.Tensor1D; transposeA?: boolean; relu?: boolean },
): tf.Tensor2D | null {
  if (!applies(b.shape[1])) return null;
  const k = options.transposeA ? a.shape[0] : a.shape[1];
  if (k !== b.shape[0]) {
    throw new Error(`denseMatMul: inner sizes ${k} and ${b.shape[0]} do not match`);
  }
  registerKernel();
  const inputs: tf.NamedTensorMap = options.bias ? { a, b, bias: options.bias } : { a, b };
  const attrs = { transposeA: options.transposeA ?? false, relu: options.relu ?? false };
  return tf.engine().runKernel<tf.Tensor2D>(DENSE_MATMUL_KERNEL, inputs, attrs);
}
