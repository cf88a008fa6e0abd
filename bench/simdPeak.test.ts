import { describe, expect, it } from 'vitest';
import { FLOPS_PER_ITERATION, hasVariant, measurePeak, peakModule } from './simdPeak';

/** What `run(n)` must return for the mul-add variant: float32 arithmetic, step by step. */
function expected(n: number): number {
  const a = Math.fround(0.999);
  const b = Math.fround(0.001);
  let acc = 0;
  for (let i = 0; i < n; i++) acc = Math.fround(Math.fround(acc * a) + b);
  let sum = acc;
  for (let i = 1; i < 12; i++) sum = Math.fround(sum + acc);
  return sum;
}

describe('the WASM SIMD peak kernel', () => {
  it('is a valid module that computes 12 float32 accumulators of acc × a + b', async () => {
    expect(hasVariant('mul-add')).toBe(true);
    const { instance } = await WebAssembly.instantiate(peakModule('mul-add'));
    const run = instance.exports.run as (n: number) => number;
    for (const n of [0, 1, 7, 1000]) expect(run(n)).toBe(expected(n));
    expect(FLOPS_PER_ITERATION).toBe(96);
  });

  it('measures a positive rate, and the relaxed variant where the engine has it', async () => {
    expect(await measurePeak('mul-add', 0.05)).toBeGreaterThan(0);
    const relaxed = await measurePeak('relaxed-madd', 0.05);
    if (hasVariant('relaxed-madd')) {
      expect(relaxed).toBeGreaterThan(0);
      const { instance } = await WebAssembly.instantiate(peakModule('relaxed-madd'));
      // Fused or not, the same recurrence to within a float32 rounding per step.
      expect((instance.exports.run as (n: number) => number)(1000)).toBeCloseTo(expected(1000), 4);
    } else expect(relaxed).toBeNull();
  });
});
