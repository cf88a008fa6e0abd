/**
 * Evaluation on the held-out split: the per-epoch `val_loss` / `val_<metric>` and, at the end of
 * a run, the confusion matrix, per-class accuracy and sample predictions. Batched so that the CNN
 * never holds the activations of the whole split at once; reads the device once per call.
 */
import * as tf from './tfjs';
import type {
  Activation,
  BinaryScores,
  OutputGradient,
  SamplePrediction,
  TestOutputs,
} from '../core';
import {
  DEFAULT_THRESHOLD,
  binaryEpochScores,
  argmax,
  confusionMatrix,
  overallAccuracy,
  perClassAccuracy,
} from '../core';
import type { TensorSplit } from './data';
import { outputGradientSums } from './gradientStats';
import { sliceRows } from './data';
import type { LossSpec } from './losses';
import { activate, perSampleLoss } from './losses';
import type { ResolvedMetric } from './metrics';
import { perSampleMetric } from './metrics';

/** Rows per evaluation batch: big enough to be quick, small enough for the CNN's activations. */
export const EVAL_BATCH = 500;

/** Logits of the model for images `[N, 784]`, in evaluation mode. Owned by the caller's scope. */
function predict(model: tf.LayersModel, x: tf.Tensor): tf.Tensor2D {
  return model.apply(x, { training: false }) as tf.Tensor2D;
}

/** The model's output units K (one per class of the data; 1 or 2 for the binary task). */
function outputWidth(model: tf.LayersModel): number {
  const units = model.outputs[0]?.shape.at(-1);
  if (typeof units !== 'number') throw new Error('the model has no fixed number of output units');
  return units;
}

/**
 * Mean loss and mean metric over a split, as Keras' `evaluate` reports them (the mean of the
 * per-sample values; the same as Keras' batch-size-weighted mean of batch means), the loss's
 * gradient at the output on the same logits (gradientStats.ts) and, with `binary`, the binary
 * task's Precision, Recall and AUC over the split (binaryEpoch.ts; `split.labels` are the answers).
 */
export async function evaluateSplit(
  model: tf.LayersModel,
  split: TensorSplit,
  lossSpec: LossSpec,
  metric: ResolvedMetric,
  binary = false,
): Promise<{
  loss: number;
  metric: number;
  outputGradient: OutputGradient;
  binary?: BinaryScores;
}> {
  let sums = tf.zeros([4]);
  const outputParts: tf.Tensor[] = [];
  try {
    for (let start = 0; start < split.count; start += EVAL_BATCH) {
      const size = Math.min(EVAL_BATCH, split.count - start);
      const next = tf.tidy(() => {
        const z = predict(model, sliceRows(split.x, start, size));
        const y = sliceRows(split.y, start, size);
        const p = activate(z, lossSpec.activation);
        if (binary) outputParts.push(tf.keep(p));
        const loss = tf.sum(perSampleLoss(lossSpec, y, z));
        const value = tf.sum(perSampleMetric(metric, y, p));
        const gradient = outputGradientSums(lossSpec, y, z);
        return tf.add(sums, tf.concat([tf.stack([loss, value]), gradient]));
      });
      sums.dispose();
      sums = next;
    }
  } catch (error) {
    sums.dispose();
    tf.dispose(outputParts);
    throw error;
  }
  const all = binary ? tf.concat(outputParts) : undefined;
  tf.dispose(outputParts);
  const [summed, predicted] = await Promise.all([sums.data(), all?.data()]);
  const [loss, value, gradientSum, zeros] = summed as Float32Array;
  sums.dispose();
  const scores =
    all && predicted ? binaryEpochScores(predicted, split.labels, all.shape[1] ?? 1) : undefined;
  all?.dispose();
  const outputs =
    split.count * ((split.y.rank === 2 ? split.y.shape[1] : undefined) ?? outputWidth(model));
  return {
    loss: (loss ?? NaN) / split.count,
    metric: (value ?? NaN) / split.count,
    outputGradient: {
      meanAbs: (gradientSum ?? NaN) / outputs,
      zeroShare: (zeros ?? NaN) / outputs,
    },
    ...(scores ? { binary: scores } : {}),
  };
}

export interface FinalEvaluation {
  confusion: number[][];
  perClassAccuracy: number[];
  testAccuracy: number;
  labelCounts?: { tp: number; fp: number; fn: number; tn: number }[];
  /** Multi-label splits: all test outputs and targets (fresh buffers the caller may transfer). */
  testOutputs?: TestOutputs;
  samples: SamplePrediction[];
}

/** Per label: true/false positives/negatives of `positives` (0/1, `[N·K]`) against `targets`. */
function countLabels(targets: Uint8Array, positives: ArrayLike<number>, classes: number) {
  const counts = Array.from({ length: classes }, () => ({ tp: 0, fp: 0, fn: 0, tn: 0 }));
  for (let i = 0; i < targets.length; i++) {
    const c = counts[i % classes] as { tp: number; fp: number; fn: number; tn: number };
    const truth = targets[i] === 1;
    const said = positives[i] === 1;
    if (truth && said) c.tp++;
    else if (said) c.fp++;
    else if (truth) c.fn++;
    else c.tn++;
  }
  return counts;
}

function subsetAccuracy(
  targets: Uint8Array,
  positives: ArrayLike<number>,
  classes: number,
): number {
  const count = targets.length / classes;
  let exact = 0;
  for (let i = 0; i < count; i++) {
    let all = true;
    for (let k = 0; k < classes && all; k++)
      all = targets[i * classes + k] === positives[i * classes + k];
    if (all) exact++;
  }
  return count === 0 ? NaN : exact / count;
}

/**
 * The confusion matrix (true class × argmax of the output, or on one output unit the output above
 * the threshold), per-class accuracy and the logits and outputs of the test images at
 * `sampleIndices`. Multi-label splits (with `targets`) get per-label counts and subset accuracy
 * instead of a confusion matrix. Binary splits (`binary`) also return every test image's "yes"
 * output and answer as `testOutputs` (one label), for the page's threshold slider and curves.
 * `pixels` are the split's raw images.
 */
export async function evaluateFinal(
  model: tf.LayersModel,
  split: TensorSplit,
  activation: Activation,
  sampleIndices: readonly number[],
  pixels: Uint8Array,
  binary = false,
): Promise<FinalEvaluation> {
  const classes = outputWidth(model);
  const multiLabel = split.targets !== undefined;
  const parts: tf.Tensor[] = [];
  const yesParts: tf.Tensor[] = [];
  for (let start = 0; start < split.count; start += EVAL_BATCH) {
    const size = Math.min(EVAL_BATCH, split.count - start);
    parts.push(
      tf.tidy(() => {
        const p = activate(predict(model, sliceRows(split.x, start, size)), activation);
        // The binary task: the output Keras' metrics read for "yes" (the last unit), kept whole.
        if (binary) yesParts.push(tf.keep(tf.squeeze(tf.slice(p, [0, classes - 1], [-1, 1]), [1])));
        // Multi-label: every output (thresholded below, and again by the page's slider);
        // otherwise the one digit.
        // One output unit (the binary task): yes where the output is above the threshold.
        if (classes === 1)
          return tf.cast(tf.greater(tf.squeeze(p, [1]), DEFAULT_THRESHOLD), 'int32');
        return multiLabel ? p : tf.argMax(p, -1);
      }),
    );
  }
  const indices = tf.tensor1d(Int32Array.from(sampleIndices), 'int32');
  const [logitsT, outputsT] = tf.tidy(() => {
    const z = predict(model, tf.gather(split.x, indices));
    return [z, activate(z, activation)];
  });
  const predictedT = tf.concat(parts);
  const yesT = binary ? tf.concat(yesParts) : undefined;
  const [predicted, logits, outputs, yes] = await Promise.all([
    predictedT.data(),
    (logitsT as tf.Tensor).data(),
    (outputsT as tf.Tensor).data(),
    yesT?.data(),
  ]);
  [
    ...parts,
    ...yesParts,
    predictedT,
    indices,
    logitsT as tf.Tensor,
    outputsT as tf.Tensor,
    ...(yesT ? [yesT] : []),
  ].forEach((t) => t.dispose());

  const side = Math.round(Math.sqrt(split.x.shape[1]));
  const pixelCount = split.x.shape[1];
  const samples = sampleIndices.map((index, i): SamplePrediction => {
    const row = (values: ArrayLike<number>) =>
      Array.from(values as Float32Array).slice(i * classes, (i + 1) * classes);
    const out = row(outputs);
    const digits = split.digitSets?.[index];
    return {
      index,
      label: split.labels[index] as number,
      ...(digits ? { labels: digits } : {}),
      predicted: classes === 1 ? ((out[0] ?? 0) > DEFAULT_THRESHOLD ? 1 : 0) : argmax(out),
      logits: row(logits),
      outputs: out,
      pixels: Array.from(pixels.subarray(index * pixelCount, (index + 1) * pixelCount)),
      ...(side !== 28 ? { rows: side, cols: side } : {}),
    };
  });
  if (split.targets) {
    // Copies with buffers of their own: tfjs may hand back its backing store or a view.
    const testOutputs: TestOutputs = {
      labels: classes,
      outputs: Float32Array.from(predicted),
      targets: split.targets.slice(),
    };
    const positives = Uint8Array.from(testOutputs.outputs, (p) => (p > DEFAULT_THRESHOLD ? 1 : 0));
    const labelCounts = countLabels(split.targets, positives, classes);
    return {
      confusion: [],
      perClassAccuracy: labelCounts.map((c) => (c.tp + c.tn) / split.count),
      testAccuracy: subsetAccuracy(split.targets, positives, classes),
      labelCounts,
      testOutputs,
      samples,
    };
  }
  // One unit answers one of two classes (no, yes).
  const confusion = confusionMatrix(split.labels, predicted, Math.max(classes, 2));
  return {
    confusion,
    perClassAccuracy: perClassAccuracy(confusion),
    testAccuracy: overallAccuracy(confusion),
    ...(yes
      ? {
          testOutputs: {
            labels: 1,
            outputs: Float32Array.from(yes),
            targets: Uint8Array.from(split.labels),
          },
        }
      : {}),
    samples,
  };
}
