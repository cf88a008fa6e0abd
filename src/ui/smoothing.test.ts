import { describe, expect, it } from 'vitest';
import { smooth } from './smoothing';

describe('smooth', () => {
  it('leaves a constant series unchanged (debiased)', () => {
    expect(smooth([2, 2, 2]).map((v) => Number(v.toFixed(12)))).toEqual([2, 2, 2]);
  });
  it('follows a step more slowly with a larger weight', () => {
    const slow = smooth([0, 0, 1, 1], 0.9).at(-1)!;
    const fast = smooth([0, 0, 1, 1], 0.5).at(-1)!;
    expect(slow).toBeLessThan(fast);
    expect(fast).toBeLessThan(1);
  });
  it('passes NaN through without poisoning later points', () => {
    const out = smooth([1, NaN, 1]);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(1);
  });
});
