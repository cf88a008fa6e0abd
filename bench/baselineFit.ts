/**
 * The bare TensorFlow.js baseline: the same model (LossLab's builder, with a softmax layer on top
 * of the logits), trained with `model.fit` and tfjs' built-in `categoricalCrossentropy`, on the
 * same backend, digits and batch size as the engine. Runs in a worker like the engine (headless
 * WebGPU only works in one): bench/baselineWorker.ts with tfjs' stock kernels, and
 * bench/kernelsWorker.ts with LossLab's WASM kernels registered.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, ModelKind } from '../src/core';
import { DEFAULT_CONFIG, fetchBuiltinDataset, inputShapeOf, splitDataset } from '../src/core';
import { initBackend } from '../src/ml/backends';
import { buildModel } from '../src/ml/models';
import { BUILT_IN_MNIST, builtInUrl } from '../src/worker/builtInData';

/** The engine's input for the default configuration (28×28 MNIST digits). */
const INPUT = inputShapeOf(DEFAULT_CONFIG);

export interface BaselineOptions {
  backend: BackendName;
  model: ModelKind;
  units: number;
  batchSize: number;
  epochs: number;
  trainSize: number;
  seed: number;
}

export interface BaselineResult {
  backend: string;
  /** Samples per second of the last epoch (the first one pays for shader compilation). */
  samplesPerSec: number;
  epochMs: number[];
  accuracy: number;
  tensorsBefore: number;
  tensorsAfter: number;
  /** Why `model.fit` could not train here (e.g. a kernel the backend lacks), or null. */
  error: string | null;
}

/** The training digits of a benchmark run (the same seeded split as the engine's). */
export async function benchDigits(trainSize: number, seed: number) {
  const ds = await fetchBuiltinDataset(builtInUrl(BUILT_IN_MNIST, self.location.href));
  return splitDataset(ds, { trainSize, testSize: 100, seed }).train;
}

/**
 * Trains with `model.fit` on `options.backend` (initialised here unless `digits` are given: then
 * the caller has set the backend, as the Node GPU benchmark does) and times each epoch.
 */
export async function fitBaseline(
  options: BaselineOptions,
  digits?: Awaited<ReturnType<typeof benchDigits>>,
): Promise<BaselineResult> {
  if (!digits) await initBackend([options.backend]);
  const train = digits ?? (await benchDigits(options.trainSize, options.seed));
  const tensorsBefore = tf.memory().numTensors;
  const x = tf.tidy(() =>
    tf.div(tf.tensor2d(train.images, [train.count, INPUT.pixels], 'int32'), 255),
  );
  const y = tf.tidy(() =>
    tf.oneHot(tf.tensor1d(Int32Array.from(train.labels), 'int32'), 10).toFloat(),
  );
  const model = buildModel({
    kind: options.model,
    units: options.units,
    outputs: 10,
    seed: options.seed,
    rows: INPUT.rows,
    cols: INPUT.cols,
  });
  model.add(tf.layers.activation({ activation: 'softmax' }));
  model.compile({
    optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const epochMs: number[] = [];
  let epochStart = 0;
  let accuracy = NaN;
  let error: string | null = null;
  try {
    await model.fit(x, y, {
      batchSize: options.batchSize,
      epochs: options.epochs,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochBegin: () => {
          epochStart = performance.now();
        },
        onEpochEnd: (_epoch, logs) => {
          epochMs.push(performance.now() - epochStart);
          accuracy = logs?.acc ?? NaN;
        },
      },
    });
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  model.optimizer.dispose();
  model.dispose();
  x.dispose();
  y.dispose();
  const last = epochMs.at(-1) ?? NaN;
  return {
    backend: tf.getBackend(),
    samplesPerSec: error ? NaN : (options.trainSize * 1000) / last,
    epochMs,
    accuracy,
    tensorsBefore,
    tensorsAfter: tf.memory().numTensors,
    error,
  };
}
