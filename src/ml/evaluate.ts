/**
 * Evaluation on the held-out split: the per-epoch `val_loss` / `val_<metric>` and, at the end of
 * a run, the confusion matrix, per-class accuracy and sample predictions. Batched so that the CNN
 * never holds the activations of the whole split at once; reads the device once per call.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation, SamplePrediction } from '../core';
import { argmax, confusionMatrix, overallAccuracy, perClassAccuracy } from '../core';
import type { TensorSplit } from './data';
import type { LossSpec } from './losses';
import { activate, perSampleLoss } from './losses';
import type { ResolvedMetric } from './metrics';
import { perSampleMetric } from './metrics';

/** Rows per evaluation batch: big enough to be quick, small enough for the CNN's activations. */
export const EVAL_BATCH = 500;

function rows(x: tf.Tensor, start: number, size: number): tf.Tensor {
  return tf.slice(x, [start, ...x.shape.slice(1).map(() => 0)], [size, ...x.shape.slice(1)]);
}

/** Logits of the model for images `[N, 784]`, in evaluation mode. Owned by the caller's scope. */
function predict(model: tf.LayersModel, x: tf.Tensor): tf.Tensor2D {
  return model.apply(x, { training: false }) as tf.Tensor2D;
}

/**
 * Mean loss and mean metric over a split, as Keras' `evaluate` reports them (the mean of the
 * per-sample values; the same as Keras' batch-size-weighted mean of batch means).
 */
export async function evaluateSplit(
  model: tf.LayersModel,
  split: TensorSplit,
  lossSpec: LossSpec,
  metric: ResolvedMetric,
): Promise<{ loss: number; metric: number }> {
  let sums = tf.zeros([2]);
  for (let start = 0; start < split.count; start += EVAL_BATCH) {
    const size = Math.min(EVAL_BATCH, split.count - start);
    const next = tf.tidy(() => {
      const z = predict(model, rows(split.x, start, size));
      const y = rows(split.y, start, size);
      const loss = tf.sum(perSampleLoss(lossSpec, y, z));
      const value = tf.sum(perSampleMetric(metric, y, activate(z, lossSpec.activation)));
      return tf.add(sums, tf.stack([loss, value]));
    });
    sums.dispose();
    sums = next;
  }
  const [loss, value] = await sums.data();
  sums.dispose();
  return { loss: (loss as number) / split.count, metric: (value as number) / split.count };
}

export interface FinalEvaluation {
  confusion: number[][];
  perClassAccuracy: number[];
  testAccuracy: number;
  samples: SamplePrediction[];
}

/**
 * The confusion matrix (true digit × argmax of the output), per-class accuracy and the logits and
 * outputs of the test digits at `sampleIndices`. `pixels` are the split's raw images.
 */
export async function evaluateFinal(
  model: tf.LayersModel,
  split: TensorSplit,
  activation: Activation,
  sampleIndices: readonly number[],
  pixels: Uint8Array,
): Promise<FinalEvaluation> {
  const classes = (model.outputs[0]?.shape.at(-1) as number | null) ?? 10;
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < split.count; start += EVAL_BATCH) {
    const size = Math.min(EVAL_BATCH, split.count - start);
    parts.push(
      tf.tidy(() =>
        tf.argMax(activate(predict(model, rows(split.x, start, size)), activation), -1),
      ),
    );
  }
  const indices = tf.tensor1d(Int32Array.from(sampleIndices), 'int32');
  const [logitsT, outputsT] = tf.tidy(() => {
    const z = predict(model, tf.gather(split.x, indices));
    return [z, activate(z, activation)];
  });
  const predictedT = tf.concat(parts);
  const [predicted, logits, outputs] = await Promise.all([
    predictedT.data(),
    (logitsT as tf.Tensor).data(),
    (outputsT as tf.Tensor).data(),
  ]);
  [...parts, predictedT, indices, logitsT as tf.Tensor, outputsT as tf.Tensor].forEach((t) =>
    t.dispose(),
  );

  const confusion = confusionMatrix(split.labels, predicted, classes);
  const pixelCount = split.x.shape[1];
  const samples = sampleIndices.map((index, i): SamplePrediction => {
    const row = (values: ArrayLike<number>) =>
      Array.from(values as Float32Array).slice(i * classes, (i + 1) * classes);
    const out = row(outputs);
    return {
      index,
      label: split.labels[index] as number,
      predicted: argmax(out),
      logits: row(logits),
      outputs: out,
      pixels: Array.from(pixels.subarray(index * pixelCount, (index + 1) * pixelCount)),
    };
  });
  return {
    confusion,
    perClassAccuracy: perClassAccuracy(confusion),
    testAccuracy: overallAccuracy(confusion),
    samples,
  };
}
