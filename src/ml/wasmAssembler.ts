/**
 * A few WebAssembly SIMD functions that run in place on tfjs' WASM heap (wasmAdam.ts,
 * wasmPoolGrad.ts): the byte encoding they are assembled from, and their instantiation against
 * the heap's `WebAssembly.Memory`.
 *
 * They are assembled at run time rather than shipped as .wasm files because one function must
 * import either kind of heap tfjs makes (shared in its threaded build, plain otherwise), and each
 * is a few dozen instructions: smaller as code than as a file and a fetch.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Unsigned LEB128, as WebAssembly encodes sizes, indices and SIMD opcodes. */
export function leb(value: number): number[] {
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

/** Signed LEB128 (`i32.const` immediates). */
export function sleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, content: number[]): number[] => [
  id,
  ...leb(content.length),
  ...content,
];
const name = (text: string): number[] => [...leb(text.length), ...new TextEncoder().encode(text)];

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** The instructions the functions use (opcodes from the WebAssembly core and SIMD specs). */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (local: number) => [0x20, ...leb(local)],
  set: (local: number) => [0x21, ...leb(local)],
  i32: (value: number) => [0x41, ...sleb(value)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  f32: (value: number) => [0x43, ...new Uint8Array(new Float32Array([value]).buffer)],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  i32GtU: [0x4b],
  f32Load: [0x2a, 2, 0],
  f32Store: [0x38, 2, 0],
  f32Add: [0x92],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  f32Gt: [0x5e],
  f32Ne: [0x5c],
  /** `(a, b, condition) → condition ? a : b` for numeric operands. */
  select: [0x1b],
  // SIMD: 0xfd then the opcode in LEB128; loads and stores take an alignment hint of 1 byte
  // (tfjs' heap blocks are 8-aligned) and offset 0.
  v128Load: [0xfd, ...leb(0x00), 0, 0],
  v128Store: [0xfd, ...leb(0x0b), 0, 0],
  v128And: [0xfd, ...leb(0x4e)],
  v128Bitselect: [0xfd, ...leb(0x52)],
  i32x4Splat: [0xfd, ...leb(0x11)],
  i32x4Eq: [0xfd, ...leb(0x37)],
  f32x4Splat: [0xfd, ...leb(0x13)],
  f32x4Ne: [0xfd, ...leb(0x42)],
  f32x4Gt: [0xfd, ...leb(0x44)],
  f32x4Sqrt: [0xfd, ...leb(0xe3)],
  f32x4Add: [0xfd, ...leb(0xe4)],
  f32x4Mul: [0xfd, ...leb(0xe6)],
  f32x4Div: [0xfd, ...leb(0xe7)],
};

export interface FunctionSpec {
  /** Parameter types, in order (locals 0…). */
  params: number[];
  /** Further locals as [count, type] runs, numbered after the parameters. */
  locals: [number, number][];
  /** The body's instructions (the final `end` is added). */
  body: number[];
}

/** A module importing `env.memory` (shared or not) and exporting `run`, with no results. */
export function moduleBytes(shared: boolean, spec: FunctionSpec): Uint8Array<ArrayBuffer> {
  const type = [0x60, ...vec(spec.params.map((p) => [p])), ...vec([])];
  // Shared memories must declare a maximum; tfjs' threaded build makes its own 4 GiB at most.
  const limits = shared ? [0x03, ...leb(1), ...leb(65536)] : [0x00, ...leb(1)];
  const memoryImport = [...name('env'), ...name('memory'), 0x02, ...limits];
  const code = [...vec(spec.locals), ...spec.body, ...op.end];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([type])),
    ...section(2, vec([memoryImport])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('run'), 0x00, 0]])),
    ...section(10, vec([[...leb(code.length), ...code]])),
  ]);
}

type Run = (...args: number[]) => void;

const instances = new WeakMap<WebAssembly.Memory, Map<string, Run | null>>();

/**
 * The function `key` built by `spec` and bound to `memory`, or null where this engine cannot
 * compile it (no WASM SIMD): callers then keep their JavaScript path. Compiled once per memory
 * and key, synchronously (each module is well under the main thread's 4 KB limit for that).
 */
export function instantiate(
  memory: WebAssembly.Memory,
  key: string,
  spec: () => FunctionSpec,
): Run | null {
  let byKey = instances.get(memory);
  if (!byKey) instances.set(memory, (byKey = new Map<string, Run | null>()));
  const known = byKey.get(key);
  if (known !== undefined) return known;
  let result: Run | null;
  try {
    const shared =
      typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = new WebAssembly.Module(moduleBytes(shared, spec()));
    result = new WebAssembly.Instance(module, { env: { memory } }).exports.run as Run;
  } catch {
    result = null;
  }
  byKey.set(key, result);
  return result;
}

/** tfjs' WASM heap (the Emscripten module keeps it under one of two names, by build). */
interface EmscriptenHeap {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
}

/** The `WebAssembly.Memory` of a WASM backend's heap, where its build exposes it. */
export function heapOf(backend: BackendWasm): WebAssembly.Memory | undefined {
  const module = backend.wasm as unknown as EmscriptenHeap;
  return module.wasmMemory ?? module.asm?.memory;
}
