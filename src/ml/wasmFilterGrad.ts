/**
 * A convolution's filter gradient as WebAssembly SIMD on tfjs' heap, for the layout LossLab's CNN
 * trains: NHWC, stride 1, dilation 1, no padding, output channels a multiple of 4.
 *
 * `dW[i, j, c, o] = Σ_{b,p,q} x[b, p+i, q+j, c] · dy[b, p, q, o]`. XNNPACK can only run this as a
 * convolution of the transposed input with the output gradient as a 26×26 "filter" (three
 * transposes around it, wasmConvKernels.ts), which suits these small shapes badly. Here each
 * call walks every position (b, p, q) once for a few filter rows `(i, j, c)` at a time: the output
 * gradient's channels at the position are loaded as vectors once, and every row multiplies its
 * input value (splatted) into them, accumulating in registers; a row's tap offset is baked into
 * its load instruction. Each output is a float32 sum over positions in (b, p, q) order, starting
 * at 0, with a multiply then an add (WASM SIMD has no fused multiply-add): the CPU backend sums the
 * same products in the same order in float64, so the two agree to float32 rounding
 * (src/ml/wasmFilterGrad.test.ts).
 */
import type { FunctionSpec } from './wasmAssembler';
import { I32, V128, instantiate, leb, op } from './wasmAssembler';

export interface FilterGradGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  filterHeight: number;
  filterWidth: number;
  outChannels: number;
}

// Parameters: byte offsets of x, dy (at the chunk's first channel) and dW (at the group's first
// row and the chunk's first channel); the loop counts; the byte steps of x and dy.
const [X, DY, DW, BATCH, OUT_H, OUT_W, X_STEP, X_ROW_SKIP, X_IMAGE_SKIP, DY_STEP, DW_ROW] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
];
const [B, P, Q] = [11, 12, 13];
const FIRST_VECTOR = 14;

/** `f32.load` / `v128.load` with a constant byte offset in the instruction. */
const f32LoadAt = (offset: number) => [0x2a, 2, ...leb(offset)];
const v128LoadAt = (offset: number) => [0xfd, ...leb(0x00), 0, ...leb(offset)];
const v128StoreAt = (offset: number) => [0xfd, ...leb(0x0b), 0, ...leb(offset)];
const teeLocal = (local: number) => [0x22, ...leb(local)];

/** Counts `counter` down from `count`, running `body` each time (the count is at least 1). */
function countdown(counter: number, count: number, body: number[], after: number[]): number[] {
  const { get, set, i32 } = op;
  // prettier-ignore
  return [
    ...get(count), ...set(counter),
    ...op.loop, ...body,
    ...get(counter), ...i32(1), ...op.i32Sub, ...teeLocal(counter), ...op.brIf(0),
    ...op.end,
    ...after,
  ];
}

/**
 * The function for `vectors` output-channel vectors (1–4) and rows whose input values sit at
 * `offsets` bytes from the position's input pointer.
 */
function filterGradFunction(vectors: number, offsets: readonly number[]): () => FunctionSpec {
  const { get, set } = op;
  const dyVector = (v: number) => FIRST_VECTOR + v;
  const splat = FIRST_VECTOR + vectors;
  const acc = (row: number, v: number) => splat + 1 + row * vectors + v;
  const accumulators = offsets.length * vectors;
  return () => {
    const zero = [...op.f32(0), ...op.f32x4Splat];
    const init = Array.from({ length: accumulators }, (_, k) => [...zero, ...set(splat + 1 + k)]);
    const loads = Array.from({ length: vectors }, (_, v) => [
      ...get(DY),
      ...v128LoadAt(16 * v),
      ...set(dyVector(v)),
    ]);
    const rows = offsets.map((offset, row) => [
      ...get(X),
      ...f32LoadAt(offset),
      ...op.f32x4Splat,
      ...set(splat),
      ...Array.from({ length: vectors }, (_, v) => [
        ...get(acc(row, v)),
        ...get(splat),
        ...get(dyVector(v)),
        ...op.f32x4Mul,
        ...op.f32x4Add,
        ...set(acc(row, v)),
      ]).flat(),
    ]);
    const advance = (pointer: number, step: number) => [
      ...get(pointer),
      ...get(step),
      ...op.i32Add,
      ...set(pointer),
    ];
    const position = [
      ...loads.flat(),
      ...rows.flat(),
      ...advance(X, X_STEP),
      ...advance(DY, DY_STEP),
    ];
    // The row skip runs after each row of positions, the image skip after each image.
    const loops = countdown(
      B,
      BATCH,
      [
        ...countdown(P, OUT_H, countdown(Q, OUT_W, position, advance(X, X_ROW_SKIP)), []),
        ...advance(X, X_IMAGE_SKIP),
      ],
      [],
    );
    const stores = offsets
      .map((_, row) =>
        Array.from({ length: vectors }, (_, v) => [
          ...get(DW),
          ...get(acc(row, v)),
          ...v128StoreAt(16 * v),
        ]).flat(),
      )
      .map((store, row) => (row === 0 ? store : [...advance(DW, DW_ROW), ...store]))
      .flat();
    return {
      params: Array<number>(11).fill(I32),
      locals: [
        [3, I32],
        [vectors + 1 + accumulators, V128],
      ],
      body: [...init.flat(), ...loops, ...stores],
    };
  };
}

/** Whether the SIMD filter gradient applies to this convolution (see the module's comment). */
export function simdFilterGradApplies(
  g: FilterGradGeometry,
  stride1: boolean,
  unpadded: boolean,
  undilated: boolean,
): boolean {
  return (
    stride1 &&
    unpadded &&
    undilated &&
    g.outChannels % 4 === 0 &&
    g.inHeight >= g.filterHeight &&
    g.inWidth >= g.filterWidth &&
    g.batch > 0
  );
}

/** Accumulator registers per call: enough to hide latency, few enough not to spill. */
const MAX_ACCUMULATORS = 8;

/**
 * Writes the filter gradient `[kh, kw, in, out]` into `dw` (byte offset) from the input `x`
 * `[B, H, W, in]` and the output gradient `dy` `[B, H−kh+1, W−kw+1, out]`, or returns false where
 * this engine has no WASM SIMD (the caller then uses its other path).
 */
export function simdFilterGrad(
  memory: WebAssembly.Memory,
  g: FilterGradGeometry,
  pointers: { x: number; dy: number; dw: number },
): boolean {
  const outH = g.inHeight - g.filterHeight + 1;
  const outW = g.inWidth - g.filterWidth + 1;
  const pixel = g.inChannels * 4;
  const rows: number[] = [];
  for (let i = 0; i < g.filterHeight; i++) {
    for (let j = 0; j < g.filterWidth; j++) {
      for (let c = 0; c < g.inChannels; c++) rows.push((i * g.inWidth + j) * pixel + c * 4);
    }
  }
  const plan: { run: (...args: number[]) => void; first: number; chunk: number }[] = [];
  for (let chunk = 0; chunk < g.outChannels; chunk += 16) {
    const vectors = Math.min(4, (g.outChannels - chunk) / 4);
    const group = Math.max(1, Math.floor(MAX_ACCUMULATORS / vectors));
    for (let first = 0; first < rows.length; first += group) {
      const offsets = rows.slice(first, first + group);
      const key = `filterGrad${vectors}:${offsets.join(',')}`;
      const run = instantiate(memory, key, filterGradFunction(vectors, offsets));
      if (!run) return false;
      plan.push({ run, first, chunk });
    }
  }
  const rowBytes = g.outChannels * 4;
  for (const { run, first, chunk } of plan) {
    run(
      pointers.x,
      pointers.dy + chunk * 4,
      pointers.dw + first * rowBytes + chunk * 4,
      g.batch,
      outH,
      outW,
      pixel,
      (g.filterWidth - 1) * pixel,
      (g.filterHeight - 1) * g.inWidth * pixel,
      rowBytes,
      rowBytes,
    );
  }
  return true;
}
