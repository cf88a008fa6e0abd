/**
 * LossLab's two classifiers. The last layer is always a linear Dense layer emitting logits `z`;
 * the output activation the student chose is applied on top by the losses and metrics
 * (src/ml/losses.ts), which is what lets a loss see the cached logits exactly as Keras on
 * TensorFlow does, or only the activated output as Keras on JAX/PyTorch does.
 *
 * Weights are initialised like `GlorotUniform(seed=s)` with one derived seed per layer, biases
 * with zeros (Keras' defaults), so the same seed gives the same starting model on every backend.
 */
import * as tf from './tfjs';
import type { ModelKind } from '../core';

/** Filters of the CNN's two conv + max-pool blocks. */
export const CNN_FILTERS = [8, 16] as const;

export interface ModelSpec {
  kind: ModelKind;
  /** Input image size: `inputShapeOf(config)` (28×28 digits, 56×56 multi-label canvases). */
  rows: number;
  cols: number;
  /** Hidden units of the MLP's ReLU layer. */
  units: number;
  /** Number of output logits (10 digits). */
  outputs: number;
  seed: number;
}

/** The seed of layer `index`: distinct per layer, stable for a given run seed (32-bit). */
export function layerSeed(seed: number, index: number): number {
  // A multiplicative hash keeps neighbouring run seeds from sharing layer seeds.
  return (
    (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0
  );
}

function glorot(seed: number, index: number): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: layerSeed(seed, index) });
}

/**
 * Builds an uncompiled model that maps images `[B, rows·cols]` (pixels scaled to [0, 1]) to logits
 * `[B, outputs]`. The caller owns the model and must `dispose()` it.
 */
export function buildModel(spec: ModelSpec): tf.Sequential {
  const { rows, cols } = spec;
  const model = tf.sequential({ name: `losslab_${spec.kind}` });
  switch (spec.kind) {
    case 'mlp':
      model.add(
        tf.layers.dense({
          inputShape: [rows * cols],
          units: spec.units,
          activation: 'relu',
          kernelInitializer: glorot(spec.seed, 0),
          name: 'hidden',
        }),
      );
      break;
    case 'cnn':
      model.add(tf.layers.reshape({ inputShape: [rows * cols], targetShape: [rows, cols, 1] }));
      CNN_FILTERS.forEach((filters, index) => {
        model.add(
          tf.layers.conv2d({
            filters,
            kernelSize: 3,
            activation: 'relu',
            kernelInitializer: glorot(spec.seed, index),
            name: `conv${index + 1}`,
          }),
        );
        model.add(tf.layers.maxPooling2d({ poolSize: 2, name: `pool${index + 1}` }));
      });
      model.add(tf.layers.flatten({ name: 'flatten' }));
      break;
  }
  model.add(
    tf.layers.dense({
      units: spec.outputs,
      activation: 'linear',
      kernelInitializer: glorot(spec.seed, 10),
      name: 'logits',
    }),
  );
  return model;
}

/** The model's trainable variables, for `optimizer.minimize(f, true, varList)`. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/** Number of trainable parameters. */
export function countParams(model: tf.LayersModel): number {
  return model.countParams();
}

/**
 * Forward pass: images `[B, rows·cols]` to logits `[B, outputs]`. Call inside `tf.tidy` (or a
 * `minimize` closure); the result belongs to that scope.
 */
export function forward(model: tf.LayersModel, images: tf.Tensor2D): tf.Tensor2D {
  return model.apply(images, { training: true }) as tf.Tensor2D;
}

/** A copy of the model's weights on the CPU, in `model.getWeights()` order. */
export async function readWeights(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.getWeights().map((w) => w.data() as Promise<Float32Array>));
}

/** Overwrites the model's weights from `readWeights` output (e.g. after a backend fallback). */
export function writeWeights(model: tf.LayersModel, values: readonly Float32Array[]): void {
  const shapes = model.getWeights().map((w) => w.shape);
  const tensors = values.map((v, i) => tf.tensor(v, shapes[i]));
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
}
