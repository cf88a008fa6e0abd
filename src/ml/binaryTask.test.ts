/**
 * The binary task in the engine (issue 21): one or two output units, 0/1 labels as (B,), (B, 1)
 * or one-hot rows of two, trained on the CPU backend. The headline case of the table:
 * on TensorFlow, softmax + binary cross-entropy on one unit trains exactly like sigmoid + BCE
 * (the loss reads the softmax's cached logits), while its accuracy is frozen at the positive
 * rate (the softmax of one number is 1, always "yes").
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../core';
import { DEFAULT_CONFIG, binaryCounts, toBinaryLabels } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { RunControl } from './control';
import { trainToEnd } from '../test/trainToEnd';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const train = loadDigits(400, 0);
const test = loadDigits(200, 400);

function binary(overrides: Partial<RunConfig>): RunConfig {
  return {
    ...DEFAULT_CONFIG,
    task: 'binary',
    target: '3',
    outputs: 1,
    activation: 'sigmoid',
    loss: 'binary_crossentropy',
    labels: 'column',
    units: 32,
    batchSize: 32,
    epochs: 3,
    trainSize: 400,
    testSize: 200,
    ...overrides,
  };
}

async function run(config: RunConfig) {
  return trainToEnd({
    config,
    train,
    test,
    backend: 'cpu',
    control: new RunControl(),
    emit: () => {},
    throttleMs: 0,
  });
}

const share = (labels: Uint8Array) => labels.reduce((a, b) => a + b, 0) / labels.length;

describe('the binary task on the CPU backend', () => {
  it('trains sigmoid + BCE on one unit: the loss falls, accuracy beats always-no, 2×2 confusion', async () => {
    const before = tf.memory().numTensors;
    const { result } = await run(binary({}));
    expect(tf.memory().numTensors).toBe(before);
    const [first, , last] = result.history;
    expect(last!.loss).toBeLessThan(first!.loss);
    const positives = share(toBinaryLabels(test.labels, '3'));
    expect(positives).toBeGreaterThan(0.03);
    expect(positives).toBeLessThan(0.2);
    expect(last!.valMetric).toBeGreaterThan(1 - positives);
    expect(result.confusion).toHaveLength(2);
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(200);
    expect(result.testAccuracy).toBeCloseTo(last!.valMetric, 6);
    expect(result.samples[0]!.logits).toHaveLength(1);
    // Every test digit's yes probability and answer, for the page's threshold and curves: at 0.5
    // they count exactly the confusion matrix.
    const outputs = result.testOutputs!;
    expect(outputs.labels).toBe(1);
    expect(outputs.outputs).toHaveLength(200);
    expect(Array.from(outputs.targets)).toEqual(Array.from(toBinaryLabels(test.labels, '3')));
    const counts = binaryCounts(outputs.outputs, outputs.targets);
    expect([
      [counts.tn, counts.fp],
      [counts.fn, counts.tp],
    ]).toEqual(result.confusion);
  });

  it("TF: softmax + BCE on one unit has sigmoid + BCE's loss, with accuracy frozen at the positive rate", async () => {
    const sigmoid = await run(binary({ semantics: 'tf' }));
    const softmax = await run(binary({ semantics: 'tf', activation: 'softmax' }));
    const positives = share(toBinaryLabels(train.labels, '3'));
    const valPositives = share(toBinaryLabels(test.labels, '3'));
    softmax.result.history.forEach((epoch, i) => {
      const twin = sigmoid.result.history[i]!;
      expect(epoch.loss).toBeCloseTo(twin.loss, 6);
      expect(epoch.valLoss).toBeCloseTo(twin.valLoss, 6);
      expect(epoch.metric).toBeCloseTo(positives, 6);
      expect(epoch.valMetric).toBeCloseTo(valPositives, 6);
    });
    // The sigmoid model's own accuracy is nowhere near the positive rate.
    expect(sigmoid.result.history.at(-1)!.valMetric).toBeGreaterThan(1 - valPositives);
  });

  it('plain (JAX): softmax + BCE on one unit learns nothing: the loss stays where it started', async () => {
    const { result } = await run(binary({ semantics: 'plain', activation: 'softmax' }));
    const losses = result.history.map((e) => e.loss);
    expect(new Set(losses.map((l) => l.toFixed(5))).size).toBe(1);
  });

  it('two softmax units on one-hot rows of two train like one sigmoid unit (the same model)', async () => {
    const one = await run(binary({ target: 'even' }));
    const two = await run(
      binary({
        target: 'even',
        outputs: 2,
        activation: 'softmax',
        loss: 'categorical_crossentropy',
        labels: 'onehot',
      }),
    );
    expect(two.result.confusion).toHaveLength(2);
    expect(two.result.samples[0]!.outputs).toHaveLength(2);
    // On two units the yes output is the second softmax unit, as Precision(class_id=1) reads it.
    const sample = two.result.samples[0]!;
    expect(two.result.testOutputs!.outputs[sample.index]).toBeCloseTo(sample.outputs[1]!, 6);
    // Different initial weights, the same capacity: both learn even/odd well past chance.
    expect(one.result.history.at(-1)!.valMetric).toBeGreaterThan(0.7);
    expect(two.result.history.at(-1)!.valMetric).toBeGreaterThan(0.7);
  });

  it('reads (B,) ids on one unit as Keras does (expanded to a column)', async () => {
    const column = await run(binary({}));
    const ids = await run(binary({ labels: 'int' }));
    expect(ids.result.history.map((e) => e.loss)).toEqual(column.result.history.map((e) => e.loss));
  });
});
