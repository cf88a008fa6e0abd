import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, EventOf, RunConfig, TrainEvent } from '../core';
import { DEFAULT_CONFIG, inputShapeOf, splitDataset } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { exportModel, modelKey, type ModelFiles } from './modelExport';
import { splitFor, train } from './training';

const digits: Dataset = loadDigits(400, 0);
const getDataset = () => Promise.resolve(digits);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config: RunConfig = {
  ...DEFAULT_CONFIG,
  backend: 'cpu',
  units: 16,
  batchSize: 50,
  epochs: 2,
  trainSize: 300,
  testSize: 100,
  seed: 11,
};

/** Reads exported files back exactly as `tf.loadLayersModel` reads the two downloaded files. */
async function reload(files: ModelFiles): Promise<tf.LayersModel> {
  const json = JSON.parse(files.modelJson) as {
    modelTopology: tf.io.ModelJSON['modelTopology'];
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  expect(json.weightsManifest[0]!.paths).toEqual([`./${files.name}.weights.bin`]);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0]!.weights,
      weightData: files.weights,
    }),
  );
}

async function run(c: RunConfig) {
  const events: TrainEvent[] = [];
  await train(c, (e) => void events.push(e), getDataset);
  const done = events.find((e): e is EventOf<'done'> => e.type === 'done');
  if (!done) throw new Error('no done event');
  return done.result;
}

describe('model export', () => {
  it('same configuration, same seed: identical histories (what makes grid cells comparable)', async () => {
    const a = await run(config);
    const b = await run(config);
    expect(b.history.map((h) => [h.loss, h.valMetric])).toEqual(
      a.history.map((h) => [h.loss, h.valMetric]),
    );
    expect(b.confusion).toEqual(a.confusion);
  });

  it('exports the trained model in TF.js format, with the output activation, predicting as trained', async () => {
    const result = await run(config);
    const before = tf.memory().numTensors;
    const files = await exportModel(config);
    expect(tf.memory().numTensors).toBe(before);
    expect(files).not.toBeNull();
    const json = JSON.parse(files!.modelJson) as {
      format: string;
      modelTopology: unknown;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0]!.paths).toEqual([`./${files!.name}.weights.bin`]);
    expect(files!.modelJson).toContain('"Activation"');

    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology as tf.io.ModelJSON['modelTopology'],
        weightSpecs: json.weightsManifest[0]!.weights,
        weightData: files!.weights,
      }),
    );
    const { test } = splitDataset(digits, config);
    const x = tf.tensor2d(
      Float32Array.from(test.images, (p) => p / 255),
      [test.count, 784],
    );
    const y = model.predict(x) as tf.Tensor2D;
    const sums = (await y.sum(1).data()) as Float32Array;
    expect(Math.max(...sums.map((s) => Math.abs(s - 1)))).toBeLessThan(1e-5);
    const predicted = await y.argMax(1).data();
    const correct = test.labels.filter((label, i) => predicted[i] === label).length;
    expect(correct / test.count).toBeCloseTo(result.testAccuracy, 5);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('exports a multi-label model for its 56×56 canvases, predicting what the run predicted', async () => {
    const multi: RunConfig = {
      ...config,
      task: 'multilabel',
      labels: 'multihot',
      activation: 'sigmoid',
      loss: 'binary_crossentropy',
      metric: 'binary_accuracy',
      epochs: 1,
      trainSize: 120,
      testSize: 40,
    };
    const result = await run(multi);
    const files = await exportModel(multi);
    if (!files) throw new Error('no model files');
    const model = await reload(files);
    const { pixels } = inputShapeOf(multi);
    expect(pixels).toBe(56 * 56);
    expect(model.inputs[0]!.shape).toEqual([null, pixels]);
    const { test } = splitFor(multi, digits);
    const x = tf.tensor2d(
      Float32Array.from(test.images, (p) => p / 255),
      [test.count, pixels],
    );
    const y = model.predict(x) as tf.Tensor2D;
    const predicted = (await y.data()) as Float32Array;
    const trained = result.testOutputs?.outputs;
    if (!trained) throw new Error('no test outputs');
    expect(predicted).toHaveLength(trained.length);
    const worst = predicted.reduce((m, p, i) => Math.max(m, Math.abs(p - (trained[i] ?? NaN))), 0);
    expect(worst).toBeLessThan(1e-5);
    tf.dispose([x, y]);
    model.dispose();
  });

  for (const outputs of [1, 2]) {
    it(`exports a binary model on ${outputs} output unit${outputs === 1 ? '' : 's'}, predicting the yes output the run reported`, async () => {
      const binary: RunConfig = {
        ...config,
        task: 'binary',
        target: '3',
        outputs,
        activation: outputs === 1 ? 'sigmoid' : 'softmax',
        loss: outputs === 1 ? 'binary_crossentropy' : 'categorical_crossentropy',
        labels: outputs === 1 ? 'column' : 'onehot',
        epochs: 1,
      };
      const result = await run(binary);
      const files = await exportModel(binary);
      if (!files) throw new Error('no model files');
      expect(files.name).toBe(
        `losslab-binary-3-${outputs}unit${outputs === 1 ? '' : 's'}-mlp-${binary.activation}-${binary.loss}`,
      );
      const model = await reload(files);
      expect(model.outputs[0]!.shape).toEqual([null, outputs]);
      const { test } = splitFor(binary, digits);
      const x = tf.tensor2d(
        Float32Array.from(test.images, (p) => p / 255),
        [test.count, 784],
      );
      const y = model.predict(x) as tf.Tensor2D;
      // The yes output: the one unit, or the second of two.
      const yes = tf.tidy(() => y.slice([0, outputs - 1], [-1, 1]).reshape([-1]));
      const predicted = (await yes.data()) as Float32Array;
      const trained = result.testOutputs?.outputs;
      if (!trained) throw new Error('no test outputs');
      expect(predicted).toHaveLength(trained.length);
      const worst = predicted.reduce(
        (m, p, i) => Math.max(m, Math.abs(p - (trained[i] ?? NaN))),
        0,
      );
      expect(worst).toBeLessThan(1e-5);
      tf.dispose([x, y, yes]);
      model.dispose();
    });
  }

  it('returns null for a configuration this worker has not trained; the backend is not part of the key', async () => {
    expect(await exportModel({ ...config, seed: 12345 })).toBeNull();
    expect(modelKey({ ...config, backend: 'webgl' })).toBe(modelKey(config));
  });

  it('keys a model by its data too: the run on own files is not the run on MNIST', () => {
    const own = {
      ...config,
      dataset: {
        id: 'own' as const,
        name: 'a',
        trainCount: 400,
        testCount: 0,
        hash: '0123456789abcdef',
      },
    };
    expect(modelKey(own)).not.toBe(modelKey(config));
    expect(modelKey({ ...own, dataset: { ...own.dataset } })).toBe(modelKey(own));
  });
});
