/**
 * One training step, as the engine runs it for every batch and as `auto`'s probe and the
 * benchmark's profile measure it: Keras' loss of the logits under the gradient tape, the
 * optimizer's update, then the metric from the same (pre-update) predictions, off the tape.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossSpec } from './losses';
import { activate, batchLoss } from './losses';
import type { ResolvedMetric } from './metrics';
import { perSampleMetric } from './metrics';
import { forward, trainableVariables } from './models';

/** What every step of a run needs; `stepContext` builds it once per run. */
export interface StepContext {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  variables: tf.Variable[];
  lossSpec: LossSpec;
  metric: ResolvedMetric;
  /** Also return each step's activated outputs (the binary task's Precision, Recall and AUC). */
  keepOutputs: boolean;
}

export function stepContext(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  lossSpec: LossSpec,
  metric: ResolvedMetric,
  keepOutputs = false,
): StepContext {
  return { model, optimizer, variables: trainableVariables(model), lossSpec, metric, keepOutputs };
}

/** What a step leaves on the device for the caller to read and dispose. */
export interface StepResult {
  loss: tf.Scalar;
  metricSum: tf.Scalar;
  /** The activated outputs `[B, K]` the metric read, when the context keeps them. */
  outputs?: tf.Tensor2D;
}

/** The parts of a step, in order, as `trainStep` reports them to a profiler. */
export const STEP_PHASES = ['forward', 'loss', 'backward', 'optimizer', 'metric'] as const;
export type StepPhase = (typeof STEP_PHASES)[number];

/**
 * Trains on one batch: images `x` `[B, pixels]` and labels `y` (`[B, K]` float or `[B]` int32),
 * both owned by the caller. Returns the batch loss and the metric's sum over the batch (scalars
 * the caller disposes; they stay on the device until read) and, with `keepOutputs`, the
 * pre-update activated outputs `[B, K]` (the caller disposes them too); frees everything else,
 * also when it throws. `lap`, if given, is called as each phase ends (on GPU backends a phase's time is only
 * its dispatch; WASM and CPU compute synchronously).
 */
export function trainStep(
  context: StepContext,
  x: tf.Tensor2D,
  y: tf.Tensor,
  lap?: (phase: StepPhase) => void,
): StepResult {
  const { model, optimizer, variables, lossSpec, metric, keepOutputs } = context;
  // The logits outlive the tape for the metric: Keras updates its metrics with the step's
  // pre-update predictions.
  let z: tf.Tensor2D | undefined;
  try {
    const { value, grads } = optimizer.computeGradients(() => {
      z = tf.keep(forward(model, x));
      lap?.('forward');
      const loss = batchLoss(lossSpec, y, z);
      lap?.('loss');
      return loss;
    }, variables);
    lap?.('backward');
    try {
      optimizer.applyGradients(grads);
    } catch (error) {
      value.dispose();
      throw error;
    } finally {
      tf.dispose(grads);
    }
    lap?.('optimizer');
    const logits = z;
    if (!logits) throw new Error('training step produced no logits');
    const { metricSum, outputs } = tf.tidy(() => {
      const p = activate(logits, lossSpec.activation);
      // A linear output is the logits themselves, which this step disposes: the caller gets its
      // own reference (a clone shares the data).
      return {
        metricSum: tf.sum<tf.Scalar>(perSampleMetric(metric, y, p)),
        ...(keepOutputs ? { outputs: tf.clone(p) } : {}),
      };
    });
    lap?.('metric');
    return { loss: value, metricSum, ...(outputs ? { outputs } : {}) };
  } finally {
    z?.dispose();
  }
}
