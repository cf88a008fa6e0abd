import { describe, expect, it } from 'vitest';
import type { EpochRecord } from './events';
import kerasLog from './keras/fixtures/keras-log.json';
import {
  argmax,
  confusionMatrix,
  explainDivergence,
  formatEpochLine,
  formatEpochTime,
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

/** A recorded Keras line read back into the record that prints it (times: any that round alike). */
function recordOf(line: string, metricKey: string): EpochRecord {
  const [count, seconds, step, ...logs] = line.split(' - ');
  const steps = Number(count?.split('/')[0]);
  const value = (key: string) => {
    const found = logs.find((part) => part.startsWith(`${key}: `));
    return Number(found?.slice(key.length + 2));
  };
  const stepMatch = /^(\d+)(s|ms|us)\/step$/.exec(step ?? '');
  const unit = { s: 1000, ms: 1, us: 1e-3 }[(stepMatch?.[2] ?? 's') as 's' | 'ms' | 'us'];
  return {
    epoch: 1,
    epochs: 1,
    steps,
    loss: value('loss'),
    metric: value(metricKey),
    valLoss: value('val_loss'),
    valMetric: value(`val_${metricKey}`),
    epochMs: Number(seconds?.replace(/s$/, '')) * 1000 + 196,
    msPerStep: Number(stepMatch?.[1]) * unit,
    // A binary run's Precision, Recall and AUC, where the line has them.
    ...(logs.some((part) => part.startsWith('auc: '))
      ? {
          binary: {
            train: { precision: value('precision'), recall: value('recall'), auc: value('auc') },
            val: {
              precision: value('val_precision'),
              recall: value('val_recall'),
              auc: value('val_auc'),
            },
          },
        }
      : {}),
  };
}

describe('Keras log line', () => {
  it.each(kerasLog.lines.map((l) => [l.line, l] as const))(
    'prints what Keras 3.15 printed: %s',
    (_, { line, metricKey }) => {
      expect(formatEpochLine(recordOf(line, metricKey), metricKey)).toBe(line);
    },
  );

  it('formats an epoch like verbose=2: keys sorted, whole seconds', () => {
    expect(formatEpochLine(record, 'categorical_accuracy')).toBe(
      '94/94 - 1s - 12ms/step - categorical_accuracy: 0.9284 - loss: 0.2872 - val_categorical_accuracy: 0.9300 - val_loss: 0.2917',
    );
    expect(formatEpochLine({ ...record, epochMs: 196 }, 'accuracy')).toMatch(/^94\/94 - 0s - /);
  });

  it("puts a binary run's precision, recall and AUC among the sorted keys, val_ after", () => {
    const scores = (x: number) => ({ precision: x, recall: x + 0.1, auc: x + 0.2 });
    expect(
      formatEpochLine({ ...record, binary: { train: scores(0.5), val: scores(0.6) } }, 'accuracy'),
    ).toBe(
      '94/94 - 1s - 12ms/step - accuracy: 0.9284 - auc: 0.7000 - loss: 0.2872 - precision: 0.5000 - recall: 0.6000 - val_accuracy: 0.9300 - val_auc: 0.8000 - val_loss: 0.2917 - val_precision: 0.6000 - val_recall: 0.7000',
    );
    expect(
      Object.keys(
        toKerasHistory([{ ...record, binary: { train: scores(0), val: scores(0) } }], 'accuracy'),
      ),
    ).toEqual([
      'accuracy',
      'auc',
      'loss',
      'precision',
      'recall',
      'val_accuracy',
      'val_auc',
      'val_loss',
      'val_precision',
      'val_recall',
    ]);
  });

  it('formats numbers and times as Keras does (Python rounding: ties to even)', () => {
    expect(formatKerasNumber(NaN)).toBe('nan');
    expect(formatKerasNumber(Infinity)).toBe('inf');
    // Progbar: above 1e-3 with %.4f, else %.4e (two-digit exponent), negatives included.
    expect(formatKerasNumber(0.0011)).toBe('0.0011');
    expect(formatKerasNumber(0)).toBe('0.0000e+00');
    expect(formatKerasNumber(0.000123456)).toBe('1.2346e-04');
    expect(formatKerasNumber(-0.5)).toBe('-5.0000e-01');
    expect(formatKerasNumber(-Infinity)).toBe('-inf');
    expect(formatStepTime(0.42)).toBe('420us/step');
    expect(formatStepTime(2500)).toBe('2s/step');
    expect(formatStepTime(3500)).toBe('4s/step');
    expect(formatStepTime(0)).toBe('0s/step');
    expect(formatEpochTime(499)).toBe('0s');
    expect(formatEpochTime(500)).toBe('0s');
    expect(formatEpochTime(1500)).toBe('2s');
  });

  it('builds History.history keyed by the metric name, keys sorted', () => {
    const history = toKerasHistory([record], 'accuracy');
    expect(history).toEqual({
      accuracy: [0.92841],
      loss: [0.28719],
      val_accuracy: [0.93],
      val_loss: [0.29172],
    });
    expect(Object.keys(history)).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
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
