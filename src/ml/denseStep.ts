/**
 * The gradients of a stack of Dense layers (LossLab's MLP: Dense(ReLU) → … → Dense(linear)) with
 * the backward pass written out, instead of recorded on tfjs' gradient tape through tfjs-layers.
 *
 * Why: under the tape every op pays for its record (~15 µs on WASM against ~5 µs without), and
 * tfjs-core does not fuse a ReLU while a gradient is recorded, so each hidden layer runs as three
 * kernels plus their gradients. Here the forward pass is one fused product per layer (bias and
 * ReLU inside the kernel), only Keras' loss of the logits is taped (the same code as the generic
 * step, src/ml/losses.ts, so every loss, keyword and semantics is covered), and each layer's
 * backward is the products tfjs' own gradients would run:
 * `dW = xᵀ·δ`, `db = Σ_batch δ`, `dx = δ·Wᵀ`, `δ ← dx · step(y)` for the ReLU below. On WASM the
 * ReLU mask and the bias sum are one kernel (wasmReluGrad.ts) and the large products run on
 * LossLab's product, which reads the weights without XNNPACK's repacking (wasmGemm.ts).
 *
 * The numbers: on the CPU backend the same kernels run in the same order as under the tape, so the
 * loss, gradients and weights are bit for bit the generic step's; on WASM the hidden layer's bias
 * is added inside the product (its accumulator starts at the bias, as in XNNPACK's) instead of
 * after it, a float32 rounding apart (src/ml/denseStep.test.ts).
 */
import * as tf from './tfjs';
import type { LossSpec } from './losses';
import { batchLoss } from './losses';
import { denseMatMul } from './wasmGemm';
import { reluBiasGrad } from './wasmReluGrad';

/** One Dense layer's variables; every layer but the last has a ReLU, the last is linear. */
export interface DenseLayer {
  kernel: tf.Variable;
  bias: tf.Variable;
  relu: boolean;
}

/** Keyword settings a Dense layer must leave unset for the written-out backward to be exact. */
export const UNSUPPORTED = [
  'kernelRegularizer',
  'biasRegularizer',
  'activityRegularizer',
  'kernelConstraint',
  'biasConstraint',
] as const;

/**
 * The model as a dense stack, or null when the written-out backward does not cover it (any
 * layer that is not a Dense layer with a bias, ReLU activations but a linear last layer, inputs
 * other than `[B, features]`, a regularizer or constraint, or trainable variables other than
 * the layers' kernels and biases in `variables`' order). The generic step trains those.
 */
export function denseStackOf(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
): DenseLayer[] | null {
  if (model.inputs.length !== 1 || model.inputs[0]?.shape.length !== 2) return null;
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  const stack: DenseLayer[] = [];
  for (const [index, layer] of layers.entries()) {
    const dense = denseLayerOf(layer, index === layers.length - 1);
    if (!dense) return null;
    stack.push(dense);
  }
  const own = stack.flatMap((layer) => [layer.kernel, layer.bias]);
  if (stack.length === 0 || own.length !== variables.length) return null;
  return own.every((variable, i) => variable === variables[i]) ? stack : null;
}

/**
 * A Dense layer's variables when the written-out backward covers it: a bias, no regularizer or
 * constraint, ReLU unless it is the `last` layer, which must be linear; else null.
 */
export function denseLayerOf(layer: tf.layers.Layer, last: boolean): DenseLayer | null {
  if (layer.getClassName() !== 'Dense') return null;
  const config = layer.getConfig();
  if (config.activation !== (last ? 'linear' : 'relu') || config.useBias !== true) return null;
  if (UNSUPPORTED.some((key) => config[key] !== undefined && config[key] !== null)) return null;
  const weights = layer.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const [kernel, bias] = weights;
  if (weights.length !== 2 || !kernel || !bias || kernel.rank !== 2 || bias.rank !== 1) {
    return null;
  }
  return { kernel, bias, relu: !last };
}

export interface DenseGradients {
  /** The batch loss (Keras' `sum_over_batch_size`), a scalar. */
  value: tf.Scalar;
  /** The gradient of every layer's kernel and bias by variable name, in the stack's order. */
  grads: tf.NamedTensorMap;
  /** The logits `[B, K]` the loss saw (the metric reads them). */
  logits: tf.Tensor2D;
}

/**
 * Forward pass, Keras' batch loss and its gradients for images `x` `[B, features]` and labels `y`
 * (owned by the caller). The caller owns and disposes everything returned; everything else is
 * freed, also when it throws. `lap` is called after the forward pass and after the loss.
 */
export function denseGradients(
  stack: readonly DenseLayer[],
  spec: LossSpec,
  x: tf.Tensor2D,
  y: tf.Tensor,
  lap?: (phase: 'forward' | 'loss') => void,
): DenseGradients {
  // outputs[i] is layer i's output: the next layer's input, saved for the backward pass.
  const outputs: tf.Tensor2D[] = [];
  let value: tf.Scalar | undefined;
  let dz: tf.Tensor2D | undefined;
  try {
    for (const layer of stack) {
      outputs.push(layerOutput(outputs.at(-1) ?? x, layer));
    }
    const logits = outputs.at(-1) as tf.Tensor2D;
    lap?.('forward');
    const taped = tf.valueAndGrad((z: tf.Tensor2D) => batchLoss(spec, y, z))(logits);
    value = taped.value;
    dz = taped.grad;
    lap?.('loss');
    const delta = dz;
    const grads = tf.tidy(() => backward(stack, x, outputs, delta));
    return { value, grads, logits };
  } catch (error) {
    value?.dispose();
    outputs.at(-1)?.dispose();
    throw error;
  } finally {
    dz?.dispose();
    tf.dispose(outputs.slice(0, -1));
  }
}

/** `relu?(x·W + b)`: one kernel, LossLab's product on WASM where it applies (wasmGemm.ts). */
export function layerOutput(x: tf.Tensor2D, layer: DenseLayer): tf.Tensor2D {
  const { kernel, bias, relu } = layer;
  const w = kernel as tf.Tensor2D;
  return (
    denseMatMul(x, w, { bias: bias as tf.Tensor1D, relu }) ??
    (tf.fused.matMul({ a: x, b: w, bias, activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D)
  );
}

/**
 * The kernels' and biases' gradients from `delta`, the loss's gradient with respect to the logits,
 * layer by layer from the last, as tfjs' `MatMul`, `Add` and `Relu` gradients compute them.
 */
function backward(
  stack: readonly DenseLayer[],
  x: tf.Tensor2D,
  outputs: readonly tf.Tensor2D[],
  delta: tf.Tensor2D,
): tf.NamedTensorMap {
  const kernels: tf.Tensor[] = [];
  const biases: tf.Tensor[] = [];
  let current = delta;
  let biasGrad: tf.Tensor1D = tf.sum(delta, 0);
  for (let i = stack.length - 1; i >= 0; i--) {
    const layer = stack[i] as DenseLayer;
    const input = i === 0 ? x : (outputs[i - 1] as tf.Tensor2D);
    kernels[i] =
      denseMatMul(input, current, { transposeA: true }) ?? tf.matMul(input, current, true, false);
    biases[i] = biasGrad;
    if (i > 0) {
      [current, biasGrad] = reluBiasGrad(tf.matMul(current, layer.kernel, false, true), input);
    }
  }
  const grads: tf.NamedTensorMap = {};
  stack.forEach((layer, i) => {
    grads[layer.kernel.name] = kernels[i] as tf.Tensor;
    grads[layer.bias.name] = biases[i] as tf.Tensor;
  });
  return grads;
}
