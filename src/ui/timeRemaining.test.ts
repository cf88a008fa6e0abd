import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../core';
import { estimateRemaining, formatDuration } from './timeRemaining';

const record = (epoch: number, msPerStep: number, epochMs: number): EpochRecord => ({
  epoch,
  epochs: 3,
  steps: 10,
  loss: 1,
  metric: 0.5,
  valLoss: 1,
  valMetric: 0.5,
  epochMs,
  msPerStep,
});

describe('time remaining', () => {
  it('waits for two reports of the first epoch before estimating', () => {
    const current = { epoch: 1, batch: 2, elapsedMs: 40 };
    expect(
      estimateRemaining({ current, batches: 10, epochs: 3, samples: [current], history: [] }),
    ).toBeNull();
  });

  it('uses the current epoch’s measured step time', () => {
    const samples = [
      { epoch: 1, batch: 2, elapsedMs: 40 },
      { epoch: 1, batch: 6, elapsedMs: 120 }, // 20 ms per step
    ];
    const estimate = estimateRemaining({
      current: samples[1]!,
      batches: 10,
      epochs: 3,
      samples,
      history: [],
    });
    // 4 steps left here, then 2 epochs of 10 steps; no validation measured yet.
    expect(estimate).toEqual({ epochMs: 80, runMs: 80 + 400, msPerStep: 20 });
  });

  it('adds the validation time the finished epochs took, and uses their rate until it can', () => {
    // Epoch 1: 10 steps × 30 ms of training, 500 ms in all: 200 ms of validation.
    const history = [record(1, 30, 500)];
    const current = { epoch: 2, batch: 1, elapsedMs: 530 };
    const estimate = estimateRemaining({
      current,
      batches: 10,
      epochs: 3,
      samples: [current],
      history,
    });
    // 9 steps × 30 + 200 here; epoch 3: 10 × 30 + 200; the final evaluation: 200.
    expect(estimate).toEqual({ epochMs: 470, runMs: 470 + 500 + 200, msPerStep: 30 });
  });

  it('ignores reports of an earlier epoch', () => {
    const samples = [
      { epoch: 1, batch: 9, elapsedMs: 100 },
      { epoch: 2, batch: 1, elapsedMs: 900 },
      { epoch: 2, batch: 3, elapsedMs: 960 }, // 30 ms per step
    ];
    const estimate = estimateRemaining({
      current: samples[2]!,
      batches: 10,
      epochs: 2,
      samples,
      history: [record(1, 90, 900)],
    });
    expect(estimate?.msPerStep).toBe(30);
  });

  it('formats durations for people', () => {
    expect(formatDuration(400)).toBe('< 1 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});
