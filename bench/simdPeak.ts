/**
 * The arithmetic ceiling of WASM SIMD on this machine: a hand-assembled WebAssembly function that
 * updates 12 independent `f32x4` accumulators (`acc = acc × a + b`) in a loop, with nothing else
 * to wait for (no memory traffic, enough independent chains to hide the latency). Two variants:
 * `mul` + `add` (baseline SIMD, what tfjs 4.22's XNNPACK build uses) and `f32x4.relaxed_madd`
 * (relaxed SIMD, a fused multiply-add where the CPU has one). 12 accumulators plus `a` and `b`
 * fit the 16 vector registers of x86-64, so V8 keeps them all in registers.
 */

import { leb } from '../src/ml/wasmAssembler';

function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

function f32(value: number): number[] {
  return [...new Uint8Array(new Float32Array([value]).buffer)];
}

const ACCUMULATORS = 12;
const SIMD = 0xfd;
const F32X4_SPLAT = [SIMD, ...leb(0x13)];
const F32X4_ADD = [SIMD, ...leb(0xe4)];
const F32X4_MUL = [SIMD, ...leb(0xe6)];
const F32X4_RELAXED_MADD = [SIMD, ...leb(0x105)];
const F32X4_EXTRACT_LANE_0 = [SIMD, ...leb(0x1f), 0];
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;

export type PeakVariant = 'mul-add' | 'relaxed-madd';

/**
 * `run(n: i32) -> f32`: n loop iterations, each doing 12 × 4 lanes × 2 flops = 96 flops; returns
 * a lane of the accumulators' sum so the work cannot be optimised away.
 */
export function peakModule(variant: PeakVariant): Uint8Array<ArrayBuffer> {
  // Locals: 0 = n (param), 1..12 = accumulators, 13 = a, 14 = b.
  const a = ACCUMULATORS + 1;
  const b = ACCUMULATORS + 2;
  const body: number[] = [];
  body.push(0x43, ...f32(0.999), ...F32X4_SPLAT, LOCAL_SET, a);
  body.push(0x43, ...f32(0.001), ...F32X4_SPLAT, LOCAL_SET, b);
  body.push(0x02, 0x40, 0x03, 0x40); // block, loop
  body.push(LOCAL_GET, 0, 0x45, 0x0d, 1); // if n == 0, leave the block
  for (let i = 1; i <= ACCUMULATORS; i++) {
    if (variant === 'mul-add') {
      body.push(LOCAL_GET, i, LOCAL_GET, a, ...F32X4_MUL, LOCAL_GET, b, ...F32X4_ADD);
    } else {
      body.push(LOCAL_GET, i, LOCAL_GET, a, LOCAL_GET, b, ...F32X4_RELAXED_MADD);
    }
    body.push(LOCAL_SET, i);
  }
  body.push(LOCAL_GET, 0, 0x41, 1, 0x6b, LOCAL_SET, 0); // n -= 1
  body.push(0x0c, 0, 0x0b, 0x0b); // br loop; end loop; end block
  body.push(LOCAL_GET, 1);
  for (let i = 2; i <= ACCUMULATORS; i++) body.push(LOCAL_GET, i, ...F32X4_ADD);
  body.push(...F32X4_EXTRACT_LANE_0, 0x0b);
  const locals = [1, ...leb(ACCUMULATORS + 2), 0x7b];
  const fn = [...locals, ...body];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]),
    ...section(3, [1, 0]),
    ...section(7, [1, 3, ...[...'run'].map((c) => c.charCodeAt(0)), 0x00, 0]),
    ...section(10, [1, ...leb(fn.length), ...fn]),
  ];
  return new Uint8Array(bytes);
}

/** Flops of one loop iteration of `peakModule`'s `run`. */
export const FLOPS_PER_ITERATION = ACCUMULATORS * 4 * 2;

/** Whether this engine accepts the variant (relaxed SIMD is missing in some browsers). */
export function hasVariant(variant: PeakVariant): boolean {
  return WebAssembly.validate(peakModule(variant));
}

/**
 * Runs the variant for about `seconds` (after a short warm-up) and returns its rate in GFLOP/s,
 * or null where the engine lacks it.
 */
export async function measurePeak(variant: PeakVariant, seconds = 0.5): Promise<number | null> {
  if (!hasVariant(variant)) return null;
  const { instance } = await WebAssembly.instantiate(peakModule(variant));
  const run = instance.exports.run as (n: number) => number;
  run(100_000);
  let iterations = 100_000;
  let best = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const start = performance.now();
    run(iterations);
    const ms = performance.now() - start;
    best = Math.max(best, (iterations * FLOPS_PER_ITERATION) / (ms * 1e6));
    if (ms < 20) iterations *= 2;
  }
  return best;
}
