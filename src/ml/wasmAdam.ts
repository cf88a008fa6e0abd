/**
 * Adam's update as one WebAssembly SIMD function that works in place on tfjs' WASM heap.
 *
 * The JavaScript pass in fusedAdam.ts is exact but scalar: on the MLP's 100,352-weight kernel it
 * takes longer than tfjs' 14 SIMD ops. This function does the same float32 operations in the same
 * order four lanes at a time (`f32x4` add, mul, div and sqrt are IEEE-exact per lane, subnormals
 * included, like `Math.fround` of each step), reading and writing tfjs' own heap: no copies, and
 * the weights and moments stay bit for bit those of tfjs' Adam (fusedAdam.test.ts,
 * wasmAdam.test.ts).
 */
import type { FunctionSpec } from './wasmAssembler';
import { F32, I32, V128, instantiate, op } from './wasmAssembler';

// Parameters: byte offsets of value, gradient, m, v and the three outputs, the element count,
// then the scalars as float32. Locals follow the parameters.
const [VALUE, GRAD, M, V, OUT_VALUE, OUT_M, OUT_V, N] = [0, 1, 2, 3, 4, 5, 6, 7];
const SCALARS = 8; // β1, 1 − β1, β2, 1 − β2, ε, −lr, 1 − β1ᵗ, 1 − β2ᵗ
const I = 16;
const OFFSET = 17;
const SPLATS = 18; // the 8 scalars as f32x4, in the same order
const VECTOR_TEMPS: Temps = [26, 27, 28];
const SCALAR_TEMPS: Temps = [29, 30, 31];
const [B1, C1, B2, C2, EPS, NEG_LR, OM1, OM2] = [0, 1, 2, 3, 4, 5, 6, 7];

/** Locals for g, m1 and v1. */
type Temps = [number, number, number];

interface Arithmetic {
  load: number[];
  store: number[];
  add: number[];
  mul: number[];
  div: number[];
  sqrt: number[];
}

const VECTOR: Arithmetic = {
  load: op.v128Load,
  store: op.v128Store,
  add: op.f32x4Add,
  mul: op.f32x4Mul,
  div: op.f32x4Div,
  sqrt: op.f32x4Sqrt,
};

const SCALAR: Arithmetic = {
  load: op.f32Load,
  store: op.f32Store,
  add: op.f32Add,
  mul: op.f32Mul,
  div: op.f32Div,
  sqrt: op.f32Sqrt,
};

/** One element group's update; `k(s)` pushes scalar s (a splat or the parameter). */
function step(k: (s: number) => number[], a: Arithmetic, [g, m1, v1]: Temps): number[] {
  const { get, set } = op;
  const at = (pointer: number) => [...get(pointer), ...get(OFFSET), ...op.i32Add];
  // prettier-ignore
  return [
    ...at(GRAD), ...a.load, ...set(g),
    // m1 = m·β1 + g·(1 − β1)
    ...at(M), ...a.load, ...k(B1), ...a.mul, ...get(g), ...k(C1), ...a.mul, ...a.add, ...set(m1),
    // v1 = v·β2 + (g·g)·(1 − β2)
    ...at(V), ...a.load, ...k(B2), ...a.mul,
    ...get(g), ...get(g), ...a.mul, ...k(C2), ...a.mul, ...a.add, ...set(v1),
    ...at(OUT_M), ...get(m1), ...a.store,
    ...at(OUT_V), ...get(v1), ...a.store,
    // value + ((m1 / (1 − β1ᵗ)) / (√(v1 / (1 − β2ᵗ)) + ε)) · (−lr)
    ...at(OUT_VALUE),
    ...get(m1), ...k(OM1), ...a.div,
    ...get(v1), ...k(OM2), ...a.div, ...a.sqrt, ...k(EPS), ...a.add,
    ...a.div, ...k(NEG_LR), ...a.mul,
    ...at(VALUE), ...a.load, ...a.add, ...a.store,
  ];
}

/** A loop over `i` in steps of `width` while `i + width ≤ n`, with OFFSET = 4i. */
function loop(width: number, body: number[]): number[] {
  const { get, set, i32 } = op;
  // prettier-ignore
  return [
    ...op.block, ...op.loop,
    ...get(I), ...i32(width), ...op.i32Add, ...get(N), ...op.i32GtU, ...op.brIf(1),
    ...get(I), ...i32(2), ...op.i32Shl, ...set(OFFSET),
    ...body,
    ...get(I), ...i32(width), ...op.i32Add, ...set(I),
    ...op.br(0), ...op.end, ...op.end,
  ];
}

function adamFunction(): FunctionSpec {
  const splats = Array.from({ length: 8 }, (_, s) => [
    ...op.get(SCALARS + s),
    ...op.f32x4Splat,
    ...op.set(SPLATS + s),
  ]).flat();
  const vector = step((s) => op.get(SPLATS + s), VECTOR, VECTOR_TEMPS);
  // The last n mod 4 elements, in scalar float32 (the same operations).
  const tail = step((s) => op.get(SCALARS + s), SCALAR, SCALAR_TEMPS);
  return {
    params: [...Array<number>(8).fill(I32), ...Array<number>(8).fill(F32)],
    locals: [
      [2, I32],
      [11, V128],
      [3, F32],
    ],
    body: [...splats, ...loop(4, vector), ...loop(1, tail)],
  };
}

export interface AdamScalars {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}

/** Byte offsets in the heap of the inputs and outputs, and the element count. */
export interface AdamPointers {
  value: number;
  gradient: number;
  m: number;
  v: number;
  outValue: number;
  outM: number;
  outV: number;
  length: number;
}

type AdamFunction = (pointers: AdamPointers, scalars: AdamScalars) => void;

const bound = new WeakMap<WebAssembly.Memory, AdamFunction | null>();

/** The SIMD update bound to `memory` (once per heap), or null where there is no WASM SIMD. */
export function simdAdamFor(memory: WebAssembly.Memory): AdamFunction | null {
  let adam = bound.get(memory);
  if (adam === undefined) bound.set(memory, (adam = bind(memory)));
  return adam;
}

function bind(memory: WebAssembly.Memory): AdamFunction | null {
  const run = instantiate(memory, 'adam', adamFunction);
  if (!run) return null;
  // tfjs turns each JavaScript number into a float32 scalar tensor; the f32 parameters round the
  // same way, so 1 − β is computed in double and rounded once, as tfjs does.
  return (p, s) =>
    run(
      p.value,
      p.gradient,
      p.m,
      p.v,
      p.outValue,
      p.outM,
      p.outV,
      p.length,
      s.beta1,
      1 - s.beta1,
      s.beta2,
      1 - s.beta2,
      s.epsilon,
      -s.learningRate,
      s.oneMinusAccBeta1,
      s.oneMinusAccBeta2,
    );
}
