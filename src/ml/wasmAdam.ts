/**
 * Adam's update as one WebAssembly SIMD function that works in place on tfjs' WASM heap.
 *
 * The JavaScript pass in fusedAdam.ts is exact but scalar: on the MLP's 100,352-weight kernel it
 * takes longer than tfjs' 14 SIMD ops, so WASM used to fuse only small variables. This module
 * does the same float32 operations in the same order four lanes at a time (`f32x4` add, mul,
 * div and sqrt are IEEE-exact per lane, subnormals included, like `Math.fround` of each step),
 * reading and writing tfjs' own heap through its imported `WebAssembly.Memory`: no copies, and
 * the weights and moments stay bit for bit those of tfjs' Adam (fusedAdam.test.ts).
 *
 * The bytes are assembled here (a few dozen instructions) rather than shipped as a .wasm file,
 * so that the one module serves tfjs' shared memory (the threaded build) and its plain one.
 */

/** Unsigned LEB128, as WebAssembly encodes sizes, indices and SIMD opcodes. */
function leb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, content: number[]): number[] => [
  id,
  ...leb(content.length),
  ...content,
];
const name = (text: string): number[] => [...leb(text.length), ...new TextEncoder().encode(text)];

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const GET = 0x20;
const SET = 0x21;
const simd = (op: number): number[] => [0xfd, ...leb(op)];
const V128_LOAD = simd(0x00);
const V128_STORE = simd(0x0b);
const F32X4_SPLAT = simd(0x13);
const F32X4_SQRT = simd(0xe3);
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const F32X4_DIV = simd(0xe7);
const MEMARG = [0, 0]; // alignment hint 1 byte (tfjs' heap blocks are 8-aligned), offset 0

// Parameters: byte offsets of value, gradient, m, v and the three outputs, the element count,
// then the scalars as float32. Locals follow the parameters.
const [VALUE, GRAD, M, V, OUT_VALUE, OUT_M, OUT_V, N] = [0, 1, 2, 3, 4, 5, 6, 7];
const SCALARS = 8; // b1, c1, b2, c2, eps, negLr, oneMinusAccBeta1, oneMinusAccBeta2
const I = 16;
const OFFSET = 17;
const SPLATS = 18; // the 8 scalars as f32x4, in the same order
const G = 26;
const M1 = 27;
const V1 = 28;
const [B1, C1, B2, C2, EPS, NEG_LR, OM1, OM2] = [0, 1, 2, 3, 4, 5, 6, 7];

/** The body of one element group: `load`/`store` of type T, scalars or splats by `k`. */
function step(
  k: (index: number) => number[],
  load: number[],
  store: number[],
  [add, mul, div, sqrt]: [number[], number[], number[], number[]],
  [g, m1, v1]: [number, number, number],
): number[] {
  const at = (pointer: number) => [GET, pointer, GET, OFFSET, 0x6a]; // pointer + offset
  const body: number[] = [];
  body.push(...at(GRAD), ...load, SET, g);
  // m1 = m·β1 + g·(1 − β1)
  body.push(...at(M), ...load, ...k(B1), ...mul, GET, g, ...k(C1), ...mul, ...add, SET, m1);
  // v1 = v·β2 + (g·g)·(1 − β2)
  body.push(...at(V), ...load, ...k(B2), ...mul);
  body.push(GET, g, GET, g, ...mul, ...k(C2), ...mul, ...add, SET, v1);
  body.push(...at(OUT_M), GET, m1, ...store);
  body.push(...at(OUT_V), GET, v1, ...store);
  // value + ((m1 / (1 − β1ᵗ)) / (√(v1 / (1 − β2ᵗ)) + ε)) · (−lr)
  body.push(...at(OUT_VALUE));
  body.push(GET, m1, ...k(OM1), ...div);
  body.push(GET, v1, ...k(OM2), ...div, ...sqrt, ...k(EPS), ...add);
  body.push(...div, ...k(NEG_LR), ...mul);
  body.push(...at(VALUE), ...load, ...add, ...store);
  return body;
}

/** A loop over `i` in steps of `width` while `i + width ≤ n`, running `body` with OFFSET = 4i. */
function loop(width: number, body: number[]): number[] {
  // prettier-ignore
  return [
    0x02, 0x40, 0x03, 0x40, // block, loop
    GET, I, 0x41, ...leb(width), 0x6a, GET, N, 0x4b, 0x0d, 1, // leave when i + width > n
    GET, I, 0x41, 2, 0x74, SET, OFFSET, // offset = i << 2
    ...body,
    GET, I, 0x41, ...leb(width), 0x6a, SET, I, // i += width
    0x0c, 0, 0x0b, 0x0b, // continue, end loop, end block
  ];
}

/** The module, importing `env.memory` (shared for tfjs' threaded build). */
export function adamModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const params = [...Array<number>(8).fill(I32), ...Array<number>(8).fill(F32)];
  const type = [0x60, ...vec(params.map((p) => [p])), ...vec([])];
  // Shared memories must declare a maximum; tfjs' threaded build makes its own 4 GiB at most.
  const limits = shared ? [0x03, ...leb(1), ...leb(65536)] : [0x00, ...leb(1)];
  const memoryImport = [...name('env'), ...name('memory'), 0x02, ...limits];
  const splat = Array.from({ length: 8 }, (_, s) => [
    GET,
    SCALARS + s,
    ...F32X4_SPLAT,
    SET,
    SPLATS + s,
  ]).flat();
  const vector = step(
    (s) => [GET, SPLATS + s],
    [...V128_LOAD, ...MEMARG],
    [...V128_STORE, ...MEMARG],
    [F32X4_ADD, F32X4_MUL, F32X4_DIV, F32X4_SQRT],
    [G, M1, V1],
  );
  // The last n mod 4 elements, in scalar float32 (the same operations).
  const tail = step(
    (s) => [GET, SCALARS + s],
    [0x2a, 2, 0],
    [0x38, 2, 0],
    [[0x92], [0x94], [0x95], [0x91]],
    [G + 3, M1 + 3, V1 + 3],
  );
  const locals = vec([
    [2, I32],
    [11, V128],
    [3, F32],
  ]);
  const code = [...locals, ...splat, ...loop(4, vector), ...loop(1, tail), 0x0b];
  // prettier-ignore
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([type])),
    ...section(2, vec([memoryImport])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('adam'), 0x00, 0]])),
    ...section(10, vec([[...leb(code.length), ...code]])),
  ]);
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

const compiled = new WeakMap<WebAssembly.Memory, AdamFunction | null>();

/**
 * The SIMD update bound to `memory`, or null where this engine cannot compile it (no WASM SIMD):
 * the caller then keeps its JavaScript pass. Compiled once per memory, synchronously (the module
 * is under 1 KB, well inside the main-thread limit for synchronous compilation).
 */
export function simdAdamFor(memory: WebAssembly.Memory): AdamFunction | null {
  const known = compiled.get(memory);
  if (known !== undefined) return known;
  let result: AdamFunction | null;
  try {
    const shared =
      typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(adamModuleBytes(shared)), {
      env: { memory },
    });
    const adam = instance.exports.adam as (...args: number[]) => void;
    // tfjs turns each JavaScript number into a float32 scalar tensor; the f32 parameters round
    // the same way, so 1 − β is computed in double and rounded once, as tfjs does.
    result = (p, s) =>
      adam(
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
  } catch {
    result = null;
  }
  compiled.set(memory, result);
  return result;
}
