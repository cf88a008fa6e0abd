import { describe, expect, it } from 'vitest';
import { smoothOverBatches } from './smoothing';

const STEPS = 94; // 6,000 digits at batch 64

describe('smoothOverBatches', () => {
  it('leaves a constant series unchanged (debiased)', () => {
    const points = [0.25, 0.5, 1].map((x) => ({ x, y: 2 }));
    expect(smoothOverBatches(points, STEPS).map((p) => Number(p.y.toFixed(12)))).toEqual([2, 2, 2]);
  });

  it('does not lag when each point stands for many batches (fast training)', () => {
    // Five epochs with two points each (the worker's throttle on a fast backend): the interval
    // means fall from 2.0 to 0.36 while the last epoch's loss is 0.38.
    const ys = [2.0, 1.0, 0.7, 0.6, 0.5, 0.45, 0.42, 0.4, 0.39, 0.36];
    const points = ys.map((y, i) => ({ x: (i + 1) / 2, y }));
    const last = smoothOverBatches(points, STEPS).at(-1)!;
    expect(last.x).toBe(5);
    // 47 batches per point: the average is essentially the last interval's mean.
    expect(last.y).toBeCloseTo(0.36, 2);
    expect(last.y).toBeLessThan(0.38);
  });

  it('smooths when each point is one batch (slow training)', () => {
    const points = Array.from({ length: 200 }, (_, i) => ({ x: (i + 1) / STEPS, y: i % 2 }));
    const ys = smoothOverBatches(points, STEPS)
      .slice(100)
      .map((p) => p.y);
    for (const y of ys) expect(Math.abs(y - 0.5)).toBeLessThan(0.1);
  });

  it('follows a step within about a span of batches, whatever the number of points', () => {
    const step = (perPoint: number) => {
      const n = 200 / perPoint;
      const points = Array.from({ length: n }, (_, i) => ({
        x: ((i + 1) * perPoint) / STEPS,
        y: i * perPoint < 100 ? 1 : 0,
      }));
      return smoothOverBatches(points, STEPS, 8).at(-1)!.y;
    };
    expect(step(1)).toBeLessThan(1e-4);
    expect(step(10)).toBeLessThan(1e-4);
  });

  it('passes NaN through without poisoning later points', () => {
    const out = smoothOverBatches(
      [
        { x: 0.5, y: 1 },
        { x: 0.6, y: NaN },
        { x: 0.7, y: 1 },
      ],
      STEPS,
    );
    expect(out[1]!.y).toBeNaN();
    expect(out[2]!.y).toBeCloseTo(1);
  });
});
