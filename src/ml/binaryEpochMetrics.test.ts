/**
 * The binary task's compiled Precision, Recall and AUC in the engine (issue 21): logged every
 * epoch for training (the steps' pre-update outputs) and validation, where the labels are shaped
 * as Keras' metrics need them; the numbers themselves are held to real Keras by the exported
 * scripts' record (src/worker/notebookExport.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../core';
import { DEFAULT_CONFIG, binaryEpochScores, binaryReport, kerasAuc } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { trainToEnd } from '../test/trainToEnd';
import { RunControl } from './control';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const train = loadDigits(300, 0);
const test = loadDigits(150, 400);

function binary(overrides: Partial<RunConfig>): RunConfig {
  return {
    ...DEFAULT_CONFIG,
    task: 'binary',
    target: '3',
    outputs: 1,
    activation: 'sigmoid',
    loss: 'binary_crossentropy',
    labels: 'column',
    units: 16,
    batchSize: 32,
    epochs: 2,
    trainSize: 300,
    testSize: 150,
    backend: 'cpu',
    ...overrides,
  };
}

async function run(config: RunConfig) {
  const { result } = await trainToEnd({
    config,
    train,
    test,
    backend: 'cpu',
    control: new RunControl(),
    emit: () => {},
    throttleMs: 0,
  });
  return result;
}

describe('per-epoch Precision, Recall and AUC', () => {
  it('one unit: logged every epoch, the last val ones equal to the results on the same digits', async () => {
    const before = tf.memory().numTensors;
    const result = await run(binary({}));
    expect(tf.memory().numTensors).toBe(before);
    expect(result.history).toHaveLength(2);
    for (const epoch of result.history) {
      expect(epoch.binary).toBeDefined();
      for (const scores of [epoch.binary!.train, epoch.binary!.val])
        for (const value of [scores.precision, scores.recall, scores.auc])
          expect(value).toBeGreaterThanOrEqual(0);
    }
    const { outputs, targets } = result.testOutputs!;
    const at05 = binaryReport(outputs, targets);
    const last = result.history.at(-1)!.binary!.val;
    expect(last.precision).toBe(at05.precision);
    expect(last.recall).toBe(at05.recall);
    expect(last.auc).toBe(kerasAuc(outputs, targets));
  });

  it('the training numbers come from the steps, not from the split after the epoch', async () => {
    // After the epoch the model is better than the average of its steps: scoring the split with
    // the final weights (val-like) would not give the logged training numbers.
    const result = await run(binary({ target: 'even', epochs: 1, trainSize: 300, testSize: 300 }));
    const epoch = result.history[0]!;
    expect(epoch.binary!.train.auc).toBeLessThan(epoch.binary!.val.auc);
  });

  it('two softmax units on one-hot rows: Precision and Recall read class_id=1, AUC() pools both columns', async () => {
    const result = await run(
      binary({
        target: 'even',
        outputs: 2,
        activation: 'softmax',
        loss: 'categorical_crossentropy',
        labels: 'onehot',
      }),
    );
    const { outputs: yes, targets } = result.testOutputs!;
    const last = result.history.at(-1)!.binary!.val;
    const at05 = binaryReport(yes, targets);
    expect(last.precision).toBe(at05.precision);
    expect(last.recall).toBe(at05.recall);
    // The softmax's no unit is 1 − yes: the pooled AUC over both columns, not the yes unit's.
    const rows = Float32Array.from({ length: yes.length * 2 }, (_, j) =>
      j % 2 === 1 ? yes[j >> 1]! : 1 - yes[j >> 1]!,
    );
    expect(last.auc).toBeCloseTo(binaryEpochScores(rows, targets, 2).auc, 5);
  });

  it('labels the metrics cannot read, and other tasks, log none', async () => {
    const column = await run(
      binary({ outputs: 2, activation: 'softmax', loss: 'sparse_categorical_crossentropy' }),
    );
    expect(column.history.every((e) => e.binary === undefined)).toBe(true);
    const digits = await run({
      ...binary({}),
      task: 'multiclass',
      labels: 'onehot',
      activation: 'softmax',
      loss: 'categorical_crossentropy',
      epochs: 1,
    });
    expect(digits.history[0]!.binary).toBeUndefined();
  });
});
