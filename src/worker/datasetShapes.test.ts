/**
 * A dataset that is not shaped like MNIST's ten digits, through the worker (CPU backend): the
 * built-in clothes entry has six classes, so the labels, the model's outputs, the confusion
 * matrix, the samples, the model export and the data summary are six wide. The images are real
 * MNIST digits of the classes 0–5 standing in for the six garments (the Fashion-MNIST file needs a
 * Debian package; datasetFile.test.ts reads the real one where it is installed).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, EventOf, RunConfig, TrainEvent } from '../core';
import { DEFAULT_CONFIG, classCountOf } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { createDataRegistry } from './datasets';
import { exportModel } from './modelExport';
import { train } from './training';

const K = classCountOf({ id: 'clothes' });

/** Real digits of the classes 0..K−1 only: a K-class dataset of 28×28 images. */
function sixClasses(count: number, offset: number): Dataset {
  const digits = loadDigits(Math.ceil((count * 10) / K) + 10, offset);
  const keep = Array.from(digits.labels.keys())
    .filter((i) => (digits.labels[i] as number) < K)
    .slice(0, count);
  const images = new Uint8Array(keep.length * 784);
  keep.forEach((i, j) => images.set(digits.images.subarray(i * 784, (i + 1) * 784), j * 784));
  const labels = Uint8Array.from(keep, (i) => digits.labels[i] as number);
  return { count: keep.length, rows: 28, cols: 28, images, labels };
}

const data = sixClasses(600, 0);

const config: RunConfig = {
  ...DEFAULT_CONFIG,
  dataset: { id: 'clothes' },
  backend: 'cpu',
  units: 16,
  batchSize: 50,
  epochs: 2,
  trainSize: 480,
  testSize: 120,
};

async function run(c: RunConfig, dataset = data) {
  const events: TrainEvent[] = [];
  await train(
    c,
    (e) => void events.push(e),
    (ref) => {
      expect(ref).toEqual(c.dataset);
      return Promise.resolve(dataset);
    },
  );
  return events;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('a dataset of six classes, through the worker', () => {
  it('trains six outputs and reports six classes everywhere', async () => {
    const events = await run(config);
    const start = events.find((e): e is EventOf<'run-start'> => e.type === 'run-start');
    // The MLP: 784 → 16 → K.
    expect(start?.params).toBe(784 * 16 + 16 + 16 * K + K);
    const done = events.find((e): e is EventOf<'done'> => e.type === 'done');
    expect(done, JSON.stringify(events.find((e) => e.type === 'error'))).toBeDefined();
    const result = done!.result;
    expect(result.confusion).toHaveLength(K);
    expect(result.confusion.every((row) => row.length === K)).toBe(true);
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(120);
    expect(result.perClassAccuracy).toHaveLength(K);
    expect(result.samples.length).toBeGreaterThan(0);
    expect(result.samples.every((s) => s.outputs.length === K && s.label < K)).toBe(true);
    // Six classes of real images are learnable: far above the 1/6 of guessing after two epochs.
    expect(result.testAccuracy).toBeGreaterThan(0.5);
  });

  it('exports a model of six outputs', async () => {
    await run(config);
    const files = await exportModel(config);
    expect(files?.name).toBe('losslab-clothes-mlp-softmax-categorical_crossentropy');
    const json = JSON.parse(files!.modelJson) as { modelTopology: unknown };
    const text = JSON.stringify(json.modelTopology);
    expect(text).toContain(`"units":${K}`);
  });

  it('trains integer labels against six outputs (sparse cross-entropy)', async () => {
    const events = await run({
      ...config,
      labels: 'int',
      loss: 'sparse_categorical_crossentropy',
      epochs: 1,
    });
    const done = events.find((e): e is EventOf<'done'> => e.type === 'done');
    expect(done?.result.confusion).toHaveLength(K);
    expect(Number.isFinite(done?.result.history[0]?.loss)).toBe(true);
  });

  it('refuses the tasks about digits, with the reason, before loading anything', async () => {
    for (const task of ['binary', 'multilabel'] as const) {
      const events = await run({ ...config, task });
      const error = events.find((e): e is EventOf<'error'> => e.type === 'error');
      expect(error?.message).toContain('Fashion-MNIST clothes has no digits');
      expect(events.some((e) => e.type === 'done')).toBe(false);
    }
  });

  it('refuses data with a class the run has no output for, instead of dropping it', async () => {
    const events = await run(config, loadDigits(600, 0));
    const error = events.find((e): e is EventOf<'error'> => e.type === 'error');
    expect(error?.message).toContain("the data has class 9, but this run's labels have 6 classes");
  });

  it('summarises the data with one count per class', async () => {
    const registry = createDataRegistry(() => Promise.resolve(data));
    const summary = await registry.builtin('clothes');
    expect(summary.classCounts).toHaveLength(K);
    expect(summary.classCounts.reduce((a, b) => a + b, 0)).toBe(data.count);
  });
});
