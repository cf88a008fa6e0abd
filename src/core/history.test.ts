import { describe, expect, it } from 'vitest';
import type { EpochRecord } from './events';
import {
  argmax,
  confusionMatrix,
  explainDivergence,
  formatEpochLine,
  formatKerasNumber,
  formatStepTime,
  overallAccuracy,
  perClassAccuracy,
  toKerasHistory,
} from './history';

const record: EpochRecord = {
  epoch: 1,
  epochs: 5,
  steps: 94,
  loss: 0.28719,
  metric: 0.92841,
  valLoss: 0.29172,
  valMetric: 0.93,
  epochMs: 1234,
  msPerStep: 12.3,
};

describe('Keras log line', () => {
  it('formats an epoch like verbose=2', () => {
    expect(formatEpochLine(record, 'categorical_accuracy')).toBe(
      '94/94 - 1s - 12ms/step - loss: 0.2872 - categorical_accuracy: 0.9284 - val_loss: 0.2917 - val_categorical_accuracy: 0.9300',
    );
  });

  it('formats numbers and step times as Keras does', () => {
    expect(formatKerasNumber(NaN)).toBe('nan');
    expect(formatKerasNumber(Infinity)).toBe('inf');
    expect(formatStepTime(0.42)).toBe('420us/step');
    expect(formatStepTime(2500)).toBe('3s/step');
  });

  it('builds History.history keyed by the metric name', () => {
    expect(toKerasHistory([record], 'accuracy')).toEqual({
      loss: [0.28719],
      accuracy: [0.92841],
      val_loss: [0.29172],
      val_accuracy: [0.93],
    });
  });
});

describe('confusion maths', () => {
  const matrix = confusionMatrix([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3);
  it('counts true × predicted', () => {
    expect(matrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
  });
  it('derives per-class and overall accuracy', () => {
    expect(perClassAccuracy(matrix)).toEqual([0.5, 1, 0]);
    expect(overallAccuracy(matrix)).toBeCloseTo(0.6);
    expect(perClassAccuracy([[0]])).toEqual([NaN]);
  });
  it('argmax takes the lowest index on ties', () => {
    expect(argmax([0.2, 0.5, 0.5])).toBe(1);
  });
});

describe('explainDivergence', () => {
  const base = {
    activation: 'softmax',
    loss: 'categorical_crossentropy',
    optimizer: 'adam',
    fromLogits: false,
  } as const;
  it('blames a high learning rate', () => {
    expect(explainDivergence({ ...base, learningRate: 1 }, NaN)).toMatch(/learning rate/);
  });
  it('blames linear + categorical cross-entropy', () => {
    expect(explainDivergence({ ...base, activation: 'linear', learningRate: 0.001 }, NaN)).toMatch(
      /softmax/,
    );
  });
});
