/**
 * The max-pooling gradient as a WebAssembly SIMD function on tfjs' heap, for the common layout:
 * windows that do not overlap (stride ≥ window), no padding, channels a multiple of 4 (NHWC, so
 * four channels of a pixel are one vector). The CNN's two 2×2 pools are this case.
 *
 * The same rule as the JavaScript loop in wasmConvKernels.ts, lane by lane: each output cell's
 * gradient goes to the first strict maximum of its window in row-major order (`f32x4.gt` is
 * false for NaN, so NaN never wins; an all-NaN or −∞ window passes nothing), written as `0 + g`
 * like the loop's `dx[at] += g` on a zeroed output (so −0 becomes +0 there too). Every tap of
 * every window is written, so only the cells no window covers need zeroing first.
 */
import type { FunctionSpec } from './wasmAssembler';
import { I32, V128, instantiate, op } from './wasmAssembler';

// Parameters (byte offsets and sizes in bytes): one output row of windows at a time.
const [X, G, DX, OUT_W, STRIDE, GROUPS, ROW, COL] = [0, 1, 2, 3, 4, 5, 6, 7];
// i32 locals, then one i32 per tap (its byte offset from the window's corner), then the vectors.
const [OW, GROUP, P, DELTA] = [8, 9, 10, 11];
const TAPS = 12;

function poolGradFunction(filterHeight: number, filterWidth: number): () => FunctionSpec {
  const { get, set, i32 } = op;
  const taps = filterHeight * filterWidth;
  const [BEST, WINNER, GV, XV, MASK] = [0, 1, 2, 3, 4].map((k) => TAPS + taps + k) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const tapAddress = (t: number) => [...get(P), ...get(TAPS + t), ...op.i32Add];
  const zero = [...i32(0), ...op.i32x4Splat];
  return () => {
    const tapOffsets = Array.from({ length: taps }, (_, t) => {
      const [r, c] = [Math.floor(t / filterWidth), t % filterWidth];
      // prettier-ignore
      return [...get(ROW), ...i32(r), ...op.i32Mul, ...get(COL), ...i32(c), ...op.i32Mul,
        ...op.i32Add, ...set(TAPS + t)];
    }).flat();
    // prettier-ignore
    const scan = Array.from({ length: taps }, (_, t) => [
      ...tapAddress(t), ...op.v128Load, ...set(XV),
      ...get(XV), ...get(BEST), ...op.f32x4Gt, ...set(MASK), // x > best (false for NaN)
      ...get(XV), ...get(BEST), ...get(MASK), ...op.v128Bitselect, ...set(BEST),
      ...i32(t), ...op.i32x4Splat, ...get(WINNER), ...get(MASK), ...op.v128Bitselect,
      ...set(WINNER),
    ]).flat();
    // prettier-ignore
    const scatter = Array.from({ length: taps }, (_, t) => [
      // dx at the tap = 0 + (winner == t ? g : +0)
      ...tapAddress(t), ...get(DELTA), ...op.i32Add,
      ...zero, ...get(GV), ...get(WINNER), ...i32(t), ...op.i32x4Splat, ...op.i32x4Eq,
      ...op.v128And, ...op.f32x4Add, ...op.v128Store,
    ]).flat();
    // prettier-ignore
    const body = [
      ...tapOffsets,
      ...get(DX), ...get(X), ...op.i32Sub, ...set(DELTA),
      ...i32(0), ...set(OW),
      ...op.block, ...op.loop,
      ...get(OW), ...get(OUT_W), ...op.i32GeU, ...op.brIf(1),
      ...get(X), ...get(OW), ...get(STRIDE), ...op.i32Mul, ...op.i32Add, ...set(P),
      ...i32(0), ...set(GROUP),
      ...op.block, ...op.loop,
      ...get(GROUP), ...get(GROUPS), ...op.i32GeU, ...op.brIf(1),
      ...op.f32(-Infinity), ...op.f32x4Splat, ...set(BEST),
      ...i32(-1), ...op.i32x4Splat, ...set(WINNER),
      ...scan,
      ...get(G), ...op.v128Load, ...set(GV),
      ...scatter,
      ...get(G), ...i32(16), ...op.i32Add, ...set(G),
      ...get(P), ...i32(16), ...op.i32Add, ...set(P),
      ...get(GROUP), ...i32(1), ...op.i32Add, ...set(GROUP),
      ...op.br(0), ...op.end, ...op.end,
      ...get(OW), ...i32(1), ...op.i32Add, ...set(OW),
      ...op.br(0), ...op.end, ...op.end,
    ];
    return {
      params: Array<number>(8).fill(I32),
      locals: [
        [4 + taps, I32],
        [5, V128],
      ],
      body,
    };
  };
}

export interface PoolGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
}

/** Whether the SIMD gradient applies (see the module's comment); the loop handles the rest. */
export function simdPoolApplies(g: PoolGeometry, padded: boolean): boolean {
  return (
    !padded &&
    g.channels % 4 === 0 &&
    g.strideHeight >= g.filterHeight &&
    g.strideWidth >= g.filterWidth
  );
}

/**
 * Writes the gradient into `dx` (byte offset) from the input `x` and the output gradient `g`, or
 * returns false where this engine has no WASM SIMD (the caller then runs its loop).
 */
export function simdMaxPoolGrad(
  memory: WebAssembly.Memory,
  geometry: PoolGeometry,
  pointers: { x: number; g: number; dx: number },
): boolean {
  const { filterHeight: fh, filterWidth: fw } = geometry;
  const run = instantiate(memory, `maxPoolGrad${fh}x${fw}`, poolGradFunction(fh, fw));
  if (!run) return false;
  const { batchSize, inHeight, inWidth, channels, outHeight, outWidth } = geometry;
  const col = channels * 4;
  const row = inWidth * col;
  const coveredRows = outHeight * geometry.strideHeight;
  const coveredCols = outWidth * geometry.strideWidth;
  if (
    coveredRows !== inHeight ||
    coveredCols !== inWidth ||
    geometry.strideHeight !== fh ||
    geometry.strideWidth !== fw
  ) {
    // Cells outside every window (the last rows or columns, or the gaps of a larger stride).
    new Float32Array(memory.buffer, pointers.dx, batchSize * inHeight * inWidth * channels).fill(0);
  }
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const xRow = pointers.x + (b * inHeight + oh * geometry.strideHeight) * row;
      const gRow = pointers.g + (b * outHeight + oh) * outWidth * col;
      run(
        xRow,
        gRow,
        pointers.dx + (xRow - pointers.x),
        outWidth,
        geometry.strideWidth * col,
        channels / 4,
        row,
        col,
      );
    }
  }
  return true;
}
