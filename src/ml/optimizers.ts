/**
 * Keras optimizers with Keras' defaults, built on tfjs' own. Every ε is Keras' 1e-7, passed
 * explicitly: tfjs would otherwise default to `backend().epsilon()` (1e-4 on float16 WebGL).
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../core';
import { KERAS_EPSILON as EPSILON } from '../core';

/**
 * `keras.optimizers.Adam`. Keras adds ε to √v and folds the bias correction into the step size
 * (`w -= lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)`); tfjs adds ε to the bias-corrected √v̂
 * (`w -= lr · m̂ / (√v̂ + ε)`). They agree when tfjs' ε at step t is ε / √(1 − β2ᵗ): 3e-6 instead
 * of 1e-7 at the first step. The difference matters for weights with tiny gradients (pixels that
 * are rarely inked), which tfjs' Adam moves by almost the full learning rate and Keras' does not;
 * with tfjs' own Adam, 30 steps of softmax + binary cross-entropy drifted 1e-3 from Keras' losses
 * (src/ml/kerasTraining.test.ts).
 */
export class KerasAdam extends tf.AdamOptimizer {
  private readonly kerasEpsilon: number;

  constructor(learningRate: number, beta1: number, beta2: number, epsilon: number) {
    super(learningRate, beta1, beta2, epsilon);
    this.kerasEpsilon = epsilon;
  }

  override applyGradients(
    variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0],
  ): void {
    const step = this.iterations + 1;
    this.epsilon = this.kerasEpsilon / Math.sqrt(1 - this.beta2 ** step);
    super.applyGradients(variableGradients);
  }
}

export interface OptimizerSpec {
  optimizer: OptimizerName;
  learningRate: number;
  /** SGD momentum; 0 is plain SGD (Keras' default). Ignored by the others. */
  momentum: number;
}

/**
 * A fresh optimizer. The caller owns it and must `dispose()` it (it holds slot variables such as
 * Adam's moments once it has stepped).
 */
export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  const lr = spec.learningRate;
  switch (spec.optimizer) {
    case 'adam':
      // keras.optimizers.Adam(beta_1=0.9, beta_2=0.999, epsilon=1e-7)
      return new KerasAdam(lr, 0.9, 0.999, EPSILON);
    case 'sgd':
      // Keras: v = m·v - lr·g; w += v. tfjs: a = m·a + g; w -= lr·a. The same for a fixed lr.
      return spec.momentum > 0 ? tf.train.momentum(lr, spec.momentum) : tf.train.sgd(lr);
    case 'rmsprop':
      // keras.optimizers.RMSprop(rho=0.9, momentum=0, epsilon=1e-7, centered=False)
      return tf.train.rmsprop(lr, 0.9, 0, EPSILON, false);
    case 'adagrad':
      // keras.optimizers.Adagrad(initial_accumulator_value=0.1)
      return tf.train.adagrad(lr, 0.1);
    case 'adadelta':
      // keras.optimizers.Adadelta(rho=0.95, epsilon=1e-7)
      return tf.train.adadelta(lr, 0.95, EPSILON);
  }
}

/**
 * Disposes an optimizer completely. tfjs 4.22's `MomentumOptimizer.dispose` forgets the
 * learning-rate scalar its `SGDOptimizer` parent keeps, leaking one tensor per run.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer) {
    const parent = optimizer as unknown as { c?: tf.Tensor };
    if (parent.c && !parent.c.isDisposed) parent.c.dispose();
  }
}

/**
 * An optimizer's state on the host, so a run can move to another backend and go on exactly as
 * if it had not: the step count, every slot (Adam's moments, RMSprop's mean squares…) in
 * `getWeights` order, and Adam's running β powers, which `setWeights` would recompute with `pow`
 * and so round differently from the repeated products of an uninterrupted run.
 */
export interface OptimizerState {
  slots: { name: string; shape: number[]; values: Float32Array }[];
  /** Adam's `accBeta1`/`accBeta2` (private in tfjs 4.22); absent for the other optimizers. */
  betaPowers?: [number, number];
}

interface AdamPrivate {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

/** Reads `optimizer`'s state (async reads, no tensors left behind). */
export async function readOptimizerState(optimizer: tf.Optimizer): Promise<OptimizerState> {
  const weights = await optimizer.getWeights();
  try {
    const slots = await Promise.all(
      weights.map(async ({ name, tensor }) => ({
        name,
        shape: tensor.shape,
        values: Float32Array.from(await tensor.data()),
      })),
    );
    const adam = optimizer as unknown as AdamPrivate;
    if (!(optimizer instanceof tf.AdamOptimizer) || !adam.accBeta1 || !adam.accBeta2) {
      return { slots };
    }
    const [b1, b2] = await Promise.all([adam.accBeta1.data(), adam.accBeta2.data()]);
    return { slots, betaPowers: [b1[0] ?? 0, b2[0] ?? 0] };
  } finally {
    // The first entry is the step count, a fresh tensor; the others are the optimizer's own.
    weights[0]?.tensor.dispose();
  }
}

/** Restores a state read by `readOptimizerState` into a fresh optimizer of the same kind. */
export async function writeOptimizerState(
  optimizer: tf.Optimizer,
  state: OptimizerState,
): Promise<void> {
  const tensors = state.slots.map(({ name, shape, values }, i) => ({
    name,
    // The step count is an int32 scalar; the slots are float32.
    tensor: tf.tensor(values, shape, i === 0 ? 'int32' : 'float32'),
  }));
  try {
    await optimizer.setWeights(tensors);
  } finally {
    // setWeights copies them into variables of its own.
    tensors.forEach(({ tensor }) => tensor.dispose());
  }
  const adam = optimizer as unknown as AdamPrivate;
  if (state.betaPowers && adam.accBeta1 && adam.accBeta2) {
    const [b1, b2] = state.betaPowers;
    tf.tidy(() => {
      adam.accBeta1?.assign(tf.scalar(b1));
      adam.accBeta2?.assign(tf.scalar(b2));
    });
  }
}
