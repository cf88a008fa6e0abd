/**
 * One training step, as the engine runs it for every batch and as `auto`'s probe and the
 * benchmark's profile measure it: Keras' loss of the logits and its gradients, the optimizer's
 * update, then the metric from the same (pre-update) predictions.
 *
 * Three ways to the gradients, the same numbers: a stack of Dense layers (the MLP) and a
 * Conv2D/MaxPooling2D stack with a dense head (the CNN) run their backward pass written out
 * (denseStep.ts, convStep.ts: only the loss is taped); any other model runs the forward pass of
 * tfjs-layers under the optimizer's gradient tape.
 */
import * as tf from './tfjs';
import type { ConvStack } from './convStep';
import { convGradients, convStackOf } from './convStep';
import type { DenseLayer } from './denseStep';
import { denseGradients, denseStackOf } from './denseStep';
import type { LossSpec } from './losses';
import { activate, batchLoss } from './losses';
import type { ResolvedMetric } from './metrics';
import { perSampleMetric } from './metrics';
import { forward, trainableVariables } from './models';

/** How a step computes its gradients: written out for a dense or conv stack, else on the tape. */
export type StepKind = 'dense' | 'conv' | 'tape';

/** What every step of a run needs; `stepContext` builds it once per run. */
export interface StepContext {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  variables: tf.Variable[];
  lossSpec: LossSpec;
  metric: ResolvedMetric;
  /** The model's Dense layers when the written-out backward covers it (`kind` is `dense`). */
  dense: DenseLayer[] | null;
  /** The model's conv blocks and dense head when `kind` is `conv`. */
  conv: ConvStack | null;
  kind: StepKind;
  /** Also return each step's activated outputs (the binary task's Precision, Recall and AUC). */
  keepOutputs: boolean;
}

/** The step's context for a run: a written-out step where one covers the model. */
export function stepContext(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  lossSpec: LossSpec,
  metric: ResolvedMetric,
  options: {
    /** Keep the generic step even where a written-out one applies (profiler's and tests'). */
    tapeOnly?: boolean;
    /** Return each step's activated outputs too (`StepResult.outputs`). */
    keepOutputs?: boolean;
  } = {},
): StepContext {
  const variables = trainableVariables(model);
  const dense = options.tapeOnly ? null : denseStackOf(model, variables);
  const conv = options.tapeOnly || dense ? null : convStackOf(model, variables);
  return {
    model,
    optimizer,
    variables,
    lossSpec,
    metric,
    dense,
    conv,
    kind: dense ? 'dense' : conv ? 'conv' : 'tape',
    keepOutputs: options.keepOutputs ?? false,
  };
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
  const { optimizer, lossSpec, metric, keepOutputs } = context;
  // The logits outlive the gradients for the metric: Keras updates its metrics with the step's
  // pre-update predictions.
  let z: tf.Tensor2D | undefined;
  try {
    let value: tf.Scalar;
    let grads: tf.NamedTensorMap;
    if (context.dense) {
      ({ value, grads, logits: z } = denseGradients(context.dense, lossSpec, x, y, lap));
    } else if (context.conv) {
      ({ value, grads, logits: z } = convGradients(context.conv, lossSpec, x, y, lap));
    } else {
      ({ value, grads } = optimizer.computeGradients(() => {
        z = tf.keep(forward(context.model, x));
        lap?.('forward');
        const loss = batchLoss(lossSpec, y, z);
        lap?.('loss');
        return loss;
      }, context.variables));
    }
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
