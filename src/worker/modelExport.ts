/**
 * Download of trained models in the TensorFlow.js Layers format (`model.json` + one weights
 * file, what `tf.loadLayersModel` reads and `tfjs_converter` turns into a Keras `.h5`).
 *
 * The worker keeps the final weights of the last few runs (a small copy on the CPU, keyed by the
 * configuration: training is deterministic for a configuration, so the key names the model).
 * Exporting rebuilds the model, sets the weights, and appends the output activation the student
 * chose as an `Activation` layer, so the saved model outputs `y_pred` as their Keras model would
 * (LossLab's own model ends in logits and applies the activation inside the loss).
 */
import * as tf from '../ml/tfjs';
import { transfer } from 'comlink';
import {
  DEFAULT_DATASET_ID,
  FIELD_NAMES,
  configKey,
  fieldSpec,
  inputShapeOf,
  outputUnits,
  type RunConfig,
} from '../core';
import { buildModel, readWeights, writeWeights } from '../ml/models';

/** Weights kept for this many most recent runs (an MLP of 128 units is about 400 kB). */
export const KEPT_MODELS = 24;

/** A saved model: `model.json` text and the weights file it names. */
export interface ModelFiles {
  /** File name stem (`modelFileName`), e.g. `losslab-mlp-softmax-categorical_crossentropy`. */
  name: string;
  modelJson: string;
  /** The single weights file `model.json` refers to (`<name>.weights.bin`). */
  weights: ArrayBuffer;
}

const kept = new Map<string, Float32Array[]>();

/** Fields that shape the trained weights: all but those the field table marks `notInModel`. */
const MODEL_FIELDS = FIELD_NAMES.filter((f) => !fieldSpec(f).notInModel);

/**
 * The key of a configuration's model: every field that shapes the trained weights, the data
 * included (a run on own files is not the run on MNIST), derived from the field table.
 */
export function modelKey(config: RunConfig): string {
  return configKey(config, MODEL_FIELDS);
}

/** Keeps a copy of a trained model's weights (called by the training loop before it disposes). */
export async function keepModel(config: RunConfig, model: tf.LayersModel): Promise<void> {
  const weights = await readWeights(model);
  const key = modelKey(config);
  kept.delete(key);
  kept.set(key, weights);
  while (kept.size > KEPT_MODELS) {
    const oldest = kept.keys().next().value;
    if (oldest === undefined) break;
    kept.delete(oldest);
  }
}

/**
 * The file name stem of a configuration's model, e.g. `losslab-mlp-softmax-categorical_crossentropy`;
 * a binary model names its question and units (`losslab-binary-3-1unit-mlp-sigmoid-…`), so the
 * one-unit and two-unit models of a question do not overwrite each other in the downloads.
 */
function modelFileName(config: RunConfig): string {
  const task =
    config.task === 'binary'
      ? `binary-${config.target}-${config.outputs}unit${config.outputs === 1 ? '' : 's'}-`
      : '';
  // Another built-in dataset's model names it (`losslab-clothes-mlp-…`); MNIST's keep their names.
  const data =
    config.dataset.id === 'own' || config.dataset.id === DEFAULT_DATASET_ID
      ? ''
      : `${config.dataset.id}-`;
  return `losslab-${data}${task}${config.model}-${config.activation}-${config.loss}`;
}

/**
 * The trained model of `config` in TF.js Layers format, or null if this worker has not trained
 * it (or has dropped it). Creates and disposes its own tensors; the weights buffer is transferred
 * to the page, not copied.
 */
export async function exportModel(config: RunConfig): Promise<ModelFiles | null> {
  const weights = kept.get(modelKey(config));
  if (!weights) return null;
  const { rows, cols } = inputShapeOf(config);
  const model = buildModel({
    kind: config.model,
    units: config.units,
    outputs: outputUnits(config),
    seed: config.seed,
    rows,
    cols,
  });
  try {
    writeWeights(model, weights);
    if (config.activation !== 'linear') {
      model.add(tf.layers.activation({ activation: config.activation, name: 'output' }));
    }
    const name = modelFileName(config);
    let files: ModelFiles | null = null;
    await model.save(
      tf.io.withSaveHandler((artifacts) => {
        const weightsFile = `${name}.weights.bin`;
        const json = {
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
          convertedBy: null,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [`./${weightsFile}`], weights: artifacts.weightSpecs ?? [] }],
        };
        files = {
          name,
          modelJson: JSON.stringify(json),
          weights: tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []),
        };
        return Promise.resolve({
          modelArtifactsInfo: {
            dateSaved: new Date(),
            modelTopologyType: 'JSON',
          },
        });
      }),
    );
    const saved = files as ModelFiles | null;
    return saved ? transfer(saved, [saved.weights]) : null;
  } finally {
    model.dispose();
  }
}
