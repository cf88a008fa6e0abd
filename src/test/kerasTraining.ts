/**
 * The step-by-step training check against real Keras (issue 14): five configurations, one per
 * loss family, trained for 30 Adam steps, and the classic configuration with each other optimizer
 * the page offers (SGD, SGD with momentum, RMSprop, Adagrad, Adadelta), from LossLab's seeded initial weights in LossLab's batch
 * order. Shared by the engine test (src/ml/kerasTraining.test.ts), which trains with the engine,
 * and by the oracle's input writer (scripts/keras-oracle/trainingInputs.gen.ts), which hands the
 * same digits, weights and batch order to Keras (scripts/keras-oracle/training.py).
 *
 * Fixture encoding of the final weights: per variable, (final − initial) / 2^-17 rounded to int16
 * (a resolution of 7.6e-6, inside the 1e-4 the check allows), zlib-deflated, base64.
 */
import { inflateSync } from 'node:zlib';
import type { RunConfig } from '../core';
import { DEFAULT_CONFIG, NUM_CLASSES, composeMultiLabel, resolveMetric } from '../core';
import { RunControl } from '../ml/control';
import type { DigitSet } from '../ml/data';
import { disposeSplit, toTensors } from '../ml/data';
import type { ModelSpec } from '../ml/models';
import { buildModel, readWeights } from '../ml/models';
import { createOptimizer, disposeOptimizer } from '../ml/optimizers';
import { lossSpecOf } from '../ml/run';
import { epochOrder, trainEpochs } from '../ml/trainer';
import { loadDigits } from './mnistDigits';

/** 30 steps of 64: one epoch of 1,920 digits. */
export const STEPS = 30;
const BATCH = 64;

export interface TrainingCase {
  id: string;
  config: RunConfig;
}

const base: RunConfig = {
  ...DEFAULT_CONFIG,
  model: 'mlp',
  units: 128,
  optimizer: 'adam',
  learningRate: 0.001,
  batchSize: BATCH,
  epochs: 1,
  trainSize: STEPS * BATCH,
  testSize: 100,
  seed: 42,
  semantics: 'tf',
  backend: 'cpu',
};

/** One configuration per loss family (issue 14), then one per optimizer. */
export const TRAINING_CASES: readonly TrainingCase[] = [
  {
    id: 'softmax-cce-onehot',
    config: { ...base, activation: 'softmax', loss: 'categorical_crossentropy', labels: 'onehot' },
  },
  {
    id: 'sigmoid-scce-int',
    config: {
      ...base,
      activation: 'sigmoid',
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
    },
  },
  {
    id: 'softmax-bce-onehot',
    config: { ...base, activation: 'softmax', loss: 'binary_crossentropy', labels: 'onehot' },
  },
  {
    id: 'linear-scce-logits-int',
    config: {
      ...base,
      activation: 'linear',
      loss: 'sparse_categorical_crossentropy',
      fromLogits: true,
      labels: 'int',
    },
  },
  {
    id: 'sigmoid-bce-multihot',
    config: {
      ...base,
      task: 'multilabel',
      activation: 'sigmoid',
      loss: 'binary_crossentropy',
      labels: 'multihot',
      metric: 'binary_accuracy',
    },
  },
  // Every other optimizer the page offers, on the classic configuration, at a learning rate
  // where 30 steps move the weights well past the check's resolution.
  ...(
    [
      ['sgd', 0.1, 0],
      ['sgd', 0.01, 0.9],
      ['rmsprop', 0.001, 0],
      ['adagrad', 0.02, 0],
      ['adadelta', 1, 0],
    ] as const
  ).map(([optimizer, learningRate, momentum]) => ({
    id: `softmax-cce-onehot-${optimizer}${momentum > 0 ? '-momentum' : ''}`,
    config: {
      ...base,
      activation: 'softmax' as const,
      loss: 'categorical_crossentropy' as const,
      labels: 'onehot' as const,
      optimizer,
      learningRate,
      momentum,
    },
  })),
];

/** The training and test digits of a case: MNIST digits, or 2×2 multi-label canvases. */
export function caseData(config: RunConfig): { train: DigitSet; test: DigitSet } {
  if (config.task !== 'multilabel') {
    return { train: loadDigits(config.trainSize, 0), test: loadDigits(config.testSize, 400) };
  }
  const pool = loadDigits(2000, 0);
  const testPool = loadDigits(200, 400);
  const canvases = (ds: DigitSet, count: number, seed: number): DigitSet => {
    const all = Array.from({ length: ds.count }, (_, i) => i);
    const set = composeMultiLabel(ds, all, { seed, count });
    return {
      count: set.count,
      rows: set.rows,
      cols: set.cols,
      images: set.images,
      labels: Uint8Array.from(set.digitSets, (d) => d[0] ?? 0),
      targets: set.targets,
      digitSets: set.digitSets,
    };
  };
  return {
    train: canvases(pool, config.trainSize, config.seed),
    test: canvases(testPool, config.testSize, config.seed + 1),
  };
}

/** The model a run of this configuration builds on these images. */
function modelSpec(config: RunConfig, train: DigitSet): ModelSpec {
  return {
    kind: config.model,
    units: config.units,
    outputs: NUM_CLASSES,
    seed: config.seed,
    rows: train.rows,
    cols: train.cols,
  };
}

/** LossLab's initial weights for a case (`buildModel`'s seeded Glorot), in `getWeights` order. */
export async function initialWeights(config: RunConfig, train: DigitSet): Promise<Float32Array[]> {
  const model = buildModel(modelSpec(config, train));
  try {
    return await readWeights(model);
  } finally {
    model.dispose();
  }
}

/** The order in which the engine visits the training digits in epoch 1. */
export function batchOrder(config: RunConfig): Int32Array {
  return epochOrder(config.trainSize, config.seed, 1);
}

export interface EngineSteps {
  /** The loss of each step, before its update (what Keras' `train_on_batch` returns). */
  losses: number[];
  initial: Float32Array[];
  final: Float32Array[];
}

/**
 * Trains one epoch with the engine's own loop (`trainEpochs`) on the current tfjs backend,
 * recording each step's loss as the engine's step (src/ml/step.ts) returns it, computed before
 * the update.
 */
export async function trainWithEngine(config: RunConfig): Promise<EngineSteps> {
  const { train, test } = caseData(config);
  const trainSplit = toTensors(train, config.labels, NUM_CLASSES);
  const testSplit = toTensors(test, config.labels, NUM_CLASSES);
  const model = buildModel(modelSpec(config, train));
  const optimizer = createOptimizer(config);
  const losses: number[] = [];
  try {
    const initial = await readWeights(model);
    await trainEpochs({
      config,
      model,
      optimizer,
      train: trainSplit,
      test: testSplit,
      lossSpec: lossSpecOf(config),
      metric: resolveMetric(config, NUM_CLASSES).metric,
      emit: () => {},
      control: new RunControl(),
      history: [],
      throttleMs: 1e9,
      onStepLoss: (loss) => losses.push((loss.dataSync() as Float32Array)[0] ?? NaN),
    });
    return { losses, initial, final: await readWeights(model) };
  } finally {
    disposeOptimizer(optimizer);
    model.dispose();
    disposeSplit(trainSplit);
    disposeSplit(testSplit);
  }
}

/** Resolution of the stored weight differences. */
export const DELTA_SCALE = 2 ** -17;

/**
 * The final weights from the initial ones and the stored differences: (final − initial) as deflated
 * int16 steps of DELTA_SCALE, base64, as scripts/keras-oracle/training.py writes them.
 */
export function decodeDelta(initial: Float32Array, encoded: string): Float32Array {
  const bytes = inflateSync(Buffer.from(encoded, 'base64'));
  const q = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  if (q.length !== initial.length) {
    throw new RangeError(`${q.length} stored differences for ${initial.length} weights`);
  }
  return Float32Array.from(initial, (w, i) => w + (q[i] ?? NaN) * DELTA_SCALE);
}

export function toBase64(values: Float32Array | Uint8Array | Int32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** A short fingerprint of weights, so a fixture notices when LossLab's initialiser changes. */
export function fingerprint(weights: readonly Float32Array[]): string {
  let h = 0x811c9dc5;
  for (const w of weights) {
    const bytes = new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
