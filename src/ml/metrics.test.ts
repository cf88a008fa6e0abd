import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedMetric } from './metrics';
import { perSampleMetric } from './metrics';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function metricOf(metric: ResolvedMetric, y: number[][] | number[], p: number[][]): number[] {
  return tf.tidy(() => {
    const yt = Array.isArray(y[0]) ? tf.tensor2d(y) : tf.tensor1d(y as number[], 'int32');
    return Array.from(perSampleMetric(metric, yt, tf.tensor2d(p)).dataSync());
  });
}

describe('perSampleMetric', () => {
  it('M1: binary accuracy (strictly greater than 0.5)', () => {
    expect(metricOf('binary_accuracy', [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])).toEqual([
      1, 1, 1, 0,
    ]);
    expect(metricOf('binary_accuracy', [[1]], [[0.5]])).toEqual([0]);
  });

  it('M3/M5: categorical and sparse categorical accuracy', () => {
    const p = [
      [0.1, 0.9, 0.8],
      [0.05, 0.95, 0],
    ];
    expect(
      metricOf(
        'categorical_accuracy',
        [
          [0, 0, 1],
          [0, 1, 0],
        ],
        p,
      ),
    ).toEqual([0, 1]);
    expect(metricOf('sparse_categorical_accuracy', [2, 1], p)).toEqual([0, 1]);
  });

  it('argmax ties resolve to the lowest index', () => {
    expect(
      metricOf(
        'sparse_categorical_accuracy',
        [1, 2],
        [
          [0.2, 0.5, 0.5],
          [0.2, 0.5, 0.5],
        ],
      ),
    ).toEqual([1, 0]);
  });

  it('top-k is inclusive of ties', () => {
    const p = [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.1]];
    expect(metricOf('sparse_top_k_categorical_accuracy', [0], p)).toEqual([0]);
    expect(metricOf('sparse_top_k_categorical_accuracy', [1], p)).toEqual([1]);
    expect(
      metricOf('sparse_top_k_categorical_accuracy', [6], [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]]),
    ).toEqual([1]);
  });

  it('multi-label metrics: subset accuracy and hamming loss', () => {
    const y = [
      [1, 0, 1, 0],
      [0, 1, 0, 0],
    ];
    const p = [
      [0.9, 0.1, 0.7, 0.2],
      [0.9, 0.8, 0.1, 0.1],
    ];
    expect(metricOf('subset_accuracy', y, p)).toEqual([1, 0]);
    expect(metricOf('hamming_loss', y, p)).toEqual([0, 0.25]);
  });
});
