/**
 * Keras optimizers with Keras' defaults (the optimizer catalogue's keywords), built on tfjs' own.
 * Every ε is Keras' 1e-7, passed explicitly: tfjs would otherwise default to
 * `backend().epsilon()` (1e-4 on float16 WebGL).
 */
import * as tf from './tfjs';
import type { OptimizerName } from '../core';
import { OPTIMIZER_CATALOGUE } from '../core';
import { LossLabAdam } from './fusedAdam';

/**
 * `keras.optimizers.Adam`. Keras adds ε to √v and folds the bias correction into the step size
 * (`w -= lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)`); tfjs adds ε to the bias-corrected √v̂
 * (`w -= lr · m̂ / (√v̂ + ε)`). They agree when tfjs' ε at step t is ε / √(1 − β2ᵗ): 3e-6 instead
 * of 1e-7 at the first step. The difference matters for weights with tiny gradients (pixels that
 * are rarely inked), which tfjs' Adam moves by almost the full learning rate and Keras' does not;
 * with tfjs' own Adam, 30 steps of softmax + binary cross-entropy drifted 1e-3 from Keras' losses
 * (src/ml/kerasTraining.test.ts). `LossLabAdam` is tfjs' Adam with the update fused on the CPU and
 * WASM backends; it reads `epsilon` at every step, so the fused kernel computes Keras' Adam too.
 */
export class KerasAdam extends LossLabAdam {
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

type Gradients = Parameters<tf.Optimizer['applyGradients']>[0];

/** A slot variable as tfjs' optimizers keep them (the name `getWeights` reports). */
interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/**
 * Runs `update` once per variable with its gradient and its slots (created on the first step
 * with `init`, named as tfjs names them so `getWeights`/`setWeights` keep working), inside a
 * tidy, then counts the step: the loop every tfjs optimizer's `applyGradients` runs.
 */
function applyPerVariable(
  variableGradients: Gradients,
  slotLists: { slots: Slot[]; suffix: string; init: (value: tf.Variable) => tf.Tensor }[],
  update: (value: tf.Variable, gradient: tf.Tensor, slots: tf.Variable[]) => void,
): void {
  const entries = Array.isArray(variableGradients)
    ? variableGradients.map((g) => [g.name, g.tensor] as const)
    : Object.entries(variableGradients);
  entries.forEach(([name, gradient], i) => {
    const value = tf.engine().registeredVariables[name];
    if (!value) throw new Error(`no variable ${name}`);
    const slots = slotLists.map(({ slots: list, suffix, init }) => {
      list[i] ??= {
        originalName: `${name}/${suffix}`,
        variable: tf.tidy(() => init(value).variable(false)),
      };
      return list[i].variable;
    });
    tf.tidy(() => update(value, gradient, slots));
  });
}

/**
 * `keras.optimizers.Adadelta(rho=0.95, epsilon=1e-7)` with the page's learning rate:
 * `a = ρa + (1−ρ)g²; Δ = −√(d + ε)/√(a + ε)·g; d = ρd + (1−ρ)Δ²; w += lr·Δ`. tfjs 4.22 divides by
 * the accumulator before it adds this step's g² (`√(a_old + ε)`), so its first step moves every
 * weight by lr·g (Keras: lr·√ε/√((1−ρ)g² + ε)·g, a thousand times less for g ≈ 0.01).
 */
export class KerasAdadelta extends tf.AdadeltaOptimizer {
  override applyGradients(variableGradients: Gradients): void {
    const own = this as unknown as { accumulatedGrads: Slot[]; accumulatedUpdates: Slot[] };
    const { rho, epsilon, learningRate } = this;
    applyPerVariable(
      variableGradients,
      [
        { slots: own.accumulatedGrads, suffix: 'accum_grad', init: tf.zerosLike },
        { slots: own.accumulatedUpdates, suffix: 'accum_var', init: tf.zerosLike },
      ],
      (value, g, [accGrad, accDelta]) => {
        if (!accGrad || !accDelta) return;
        const newAccGrad = accGrad.mul(rho).add(g.square().mul(1 - rho));
        const delta = accDelta.add(epsilon).sqrt().mul(g).div(newAccGrad.add(epsilon).sqrt()).neg();
        accGrad.assign(newAccGrad);
        accDelta.assign(accDelta.mul(rho).add(delta.square().mul(1 - rho)));
        value.assign(value.add(delta.mul(learningRate)));
      },
    );
    this.incrementIterations();
  }
}

/**
 * `keras.optimizers.Adagrad(initial_accumulator_value=0.1, epsilon=1e-7)`:
 * `a += g²; w −= lr·g/√(a + ε)`. tfjs' Adagrad is the same formula with the backend's ε (1e-4 on
 * float16 WebGL); this one always uses Keras' 1e-7.
 */
export class KerasAdagrad extends tf.AdagradOptimizer {
  constructor(
    learningRate: number,
    private readonly initialValue: number,
    private readonly epsilon: number,
  ) {
    super(learningRate, initialValue);
  }

  override applyGradients(variableGradients: Gradients): void {
    const own = this as unknown as { accumulatedGrads: Slot[] };
    const { learningRate, epsilon, initialValue } = this;
    applyPerVariable(
      variableGradients,
      [
        {
          slots: own.accumulatedGrads,
          suffix: 'accumulator',
          init: (v) => tf.fill(v.shape, initialValue),
        },
      ],
      (value, g, [acc]) => {
        if (!acc) return;
        const newAcc = acc.add(g.square());
        acc.assign(newAcc);
        value.assign(value.sub(g.mul(learningRate).div(newAcc.add(epsilon).sqrt())));
      },
    );
    this.incrementIterations();
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
  return UPDATE_RULES[spec.optimizer](spec.learningRate, spec);
}

const { adam, rmsprop, adagrad, adadelta } = OPTIMIZER_CATALOGUE;

/** Each optimizer's update rule on tensors, with its catalogue entry's keywords. */
const UPDATE_RULES: Record<OptimizerName, (lr: number, spec: OptimizerSpec) => tf.Optimizer> = {
  // With its update fused into one kernel per variable on WASM and CPU (same numbers, fusedAdam.ts).
  adam: (lr) =>
    new KerasAdam(lr, adam.keywords.beta_1, adam.keywords.beta_2, adam.keywords.epsilon),
  // Keras: v = m·v - lr·g; w += v. tfjs: a = m·a + g; w -= lr·a. The same for a fixed lr.
  sgd: (lr, { momentum }) => (momentum > 0 ? tf.train.momentum(lr, momentum) : tf.train.sgd(lr)),
  rmsprop: (lr) => {
    const k = rmsprop.keywords;
    return tf.train.rmsprop(lr, k.rho, k.momentum, k.epsilon, k.centered);
  },
  adagrad: (lr) =>
    new KerasAdagrad(lr, adagrad.keywords.initial_accumulator_value, adagrad.keywords.epsilon),
  adadelta: (lr) => new KerasAdadelta(lr, adadelta.keywords.rho, adadelta.keywords.epsilon),
};

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
