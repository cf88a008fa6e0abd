/**
 * The gradients of a small convolutional classifier (LossLab's CNN: Reshape → [Conv2D(ReLU) →
 * MaxPooling2D] × n → Flatten → Dense … → Dense(linear)) with the backward pass written out, as
 * denseStep.ts does for the MLP, instead of recorded on tfjs' gradient tape through tfjs-layers.
 *
 * Why: under the tape each op pays for its record, and tfjs-core splits a fused convolution into
 * `Conv2D`, `Add` and `Relu` while a gradient is recorded; their gradients are then `Step`,
 * `Cast`, `Mul`, a transpose and a `Sum` per layer. Here the forward pass is one fused
 * convolution per block (bias and ReLU inside XNNPACK's kernel), only Keras' loss of the logits is
 * taped (losses.ts, so every loss, keyword and semantics is covered), and the backward pass runs
 * the kernels tfjs' own gradients would run, block by block from the last:
 * - the dense head as in denseStep.ts, then its input gradient `δ·Wᵀ` reshaped back to the last
 *   pool's output (Flatten's gradient);
 * - `MaxPoolGrad` (LossLab's SIMD kernel on WASM, wasmPoolGrad.ts);
 * - the ReLU mask and the bias gradient as one kernel over the NHWC rows `B·H·W`
 *   (wasmReluGrad.ts: the bias gradient of a convolution is the column sum of those rows);
 * - `Conv2DBackpropFilter`, and `Conv2DBackpropInput` for every block but the first (nothing
 *   trains below the first convolution, so its input gradient is never needed).
 *
 * The numbers: on the CPU backend these are the taped step's kernels in the same order, so the
 * loss, gradients and weights are bit for bit the generic step's; on WASM the biases are added
 * inside the fused convolution and product instead of after them, a float32 rounding apart
 * (src/ml/convStep.test.ts).
 */
import * as tf from './tfjs';
import type { DenseGradients, DenseLayer } from './denseStep';
import { UNSUPPORTED, denseLayerOf, layerOutput } from './denseStep';
import type { LossSpec } from './losses';
import { batchLoss } from './losses';
import { denseMatMul } from './wasmGemm';
import { reluBiasGrad } from './wasmReluGrad';

/** A Conv2D(ReLU, valid, stride 1) layer and the non-overlapping max pool after it, if any. */
export interface ConvBlock {
  kernel: tf.Variable;
  bias: tf.Variable;
  pool: { size: [number, number]; strides: [number, number] } | null;
}

/** The model as the written-out convolutional step sees it. */
export interface ConvStack {
  /** The image shape `[rows, cols, channels]` the model's Reshape makes of `[B, features]`. */
  image: [number, number, number];
  blocks: ConvBlock[];
  /** The Dense layers after Flatten; the last is linear. */
  head: DenseLayer[];
}

const isPair = (value: unknown, test: (a: number, b: number) => boolean): boolean =>
  Array.isArray(value) &&
  value.length === 2 &&
  typeof value[0] === 'number' &&
  typeof value[1] === 'number' &&
  test(value[0], value[1]);

const ones = (value: unknown) => isPair(value, (a, b) => a === 1 && b === 1);

/** A Conv2D layer's variables when the written-out backward covers it, else null. */
function convBlockOf(layer: tf.layers.Layer): ConvBlock | null {
  if (layer.getClassName() !== 'Conv2D') return null;
  const config = layer.getConfig();
  if (
    config.activation !== 'relu' ||
    config.useBias !== true ||
    config.padding !== 'valid' ||
    config.dataFormat !== 'channelsLast' ||
    !ones(config.strides) ||
    !ones(config.dilationRate) ||
    UNSUPPORTED.some((key) => config[key] !== undefined && config[key] !== null)
  ) {
    return null;
  }
  const weights = layer.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const [kernel, bias] = weights;
  if (weights.length !== 2 || !kernel || !bias || kernel.rank !== 4 || bias.rank !== 1) {
    return null;
  }
  return { kernel, bias, pool: null };
}

/** A MaxPooling2D layer's window when it is unpadded, channels-last and non-overlapping. */
function poolOf(layer: tf.layers.Layer): ConvBlock['pool'] {
  if (layer.getClassName() !== 'MaxPooling2D') return null;
  const { poolSize, strides, padding, dataFormat } = layer.getConfig();
  if (padding !== 'valid' || dataFormat !== 'channelsLast') return null;
  const positive = (a: number, b: number) => a > 0 && b > 0;
  if (!isPair(poolSize, positive) || !isPair(strides, positive)) return null;
  const [size, step] = [poolSize as [number, number], strides as [number, number]];
  return step[0] >= size[0] && step[1] >= size[1] ? { size, strides: step } : null;
}

/**
 * The model as a convolutional stack, or null when the written-out backward does not cover it:
 * anything but a Reshape of `[B, features]` to an image, then Conv2D layers (ReLU, bias, valid
 * padding, stride and dilation 1, channels last, no regularizer or constraint) each optionally
 * followed by a non-overlapping unpadded MaxPooling2D, then Flatten, then Dense layers as
 * denseStep.ts takes them; or trainable variables other than theirs in `variables`' order.
 */
export function convStackOf(
  model: tf.LayersModel,
  variables: readonly tf.Variable[],
): ConvStack | null {
  if (model.inputs.length !== 1 || model.inputs[0]?.shape.length !== 2) return null;
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  const [reshape, ...rest] = layers;
  if (reshape?.getClassName() !== 'Reshape') return null;
  const target = reshape.getConfig().targetShape;
  if (!Array.isArray(target) || target.length !== 3) return null;
  const image = target as [number, number, number];
  const blocks: ConvBlock[] = [];
  let at = 0;
  for (; rest[at]?.getClassName() === 'Conv2D'; at++) {
    const block = convBlockOf(rest[at] as tf.layers.Layer);
    if (!block) return null;
    if (rest[at + 1]?.getClassName() === 'MaxPooling2D') {
      block.pool = poolOf(rest[++at] as tf.layers.Layer);
      if (!block.pool) return null;
    }
    blocks.push(block);
  }
  if (blocks.length === 0 || rest[at]?.getClassName() !== 'Flatten') return null;
  const tail = rest.slice(at + 1);
  const head: DenseLayer[] = [];
  for (const [index, layer] of tail.entries()) {
    const dense = denseLayerOf(layer, index === tail.length - 1);
    if (!dense) return null;
    head.push(dense);
  }
  if (head.length === 0) return null;
  const own = [...blocks, ...head].flatMap((layer) => [layer.kernel, layer.bias]);
  if (own.length !== variables.length) return null;
  return own.every((variable, i) => variable === variables[i]) ? { image, blocks, head } : null;
}

/** What the backward pass reads of a block's forward pass. */
interface BlockTensors {
  /** The block's input `[B, H, W, C]`. */
  input: tf.Tensor4D;
  /** `relu(conv(input) + bias)`. */
  activated: tf.Tensor4D;
  /** The pool's output (the next block's input), or `activated` without a pool. */
  output: tf.Tensor4D;
}

/**
 * Forward pass, Keras' batch loss and its gradients for images `x` `[B, features]` and labels `y`
 * (owned by the caller). The caller owns and disposes everything returned; everything else is
 * freed, also when it throws. `lap` is called after the forward pass and after the loss.
 */
export function convGradients(
  stack: ConvStack,
  spec: LossSpec,
  x: tf.Tensor2D,
  y: tf.Tensor,
  lap?: (phase: 'forward' | 'loss') => void,
): DenseGradients {
  const saved: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(tensor: T): T => (saved.push(tensor), tensor);
  const blocks: BlockTensors[] = [];
  const dense: tf.Tensor2D[] = [];
  let value: tf.Scalar | undefined;
  let dz: tf.Tensor2D | undefined;
  let logits: tf.Tensor2D | undefined;
  try {
    let input = keep(tf.reshape<tf.Rank.R4>(x, [x.shape[0], ...stack.image]));
    for (const { kernel, bias, pool } of stack.blocks) {
      const activated = keep(
        tf.fused.conv2d({
          x: input,
          filter: kernel as tf.Tensor4D,
          strides: 1,
          pad: 'valid',
          bias,
          activation: 'relu',
        }),
      );
      const output = pool
        ? keep(tf.maxPool(activated, pool.size, pool.strides, 'valid'))
        : activated;
      blocks.push({ input, activated, output });
      input = output;
    }
    let features = keep(tf.reshape<tf.Rank.R2>(input, [input.shape[0], -1]));
    for (const layer of stack.head) {
      features = layerOutput(features, layer);
      dense.push(features);
    }
    logits = dense.pop();
    if (!logits) throw new Error('convGradients: the stack has no dense head');
    lap?.('forward');
    const taped = tf.valueAndGrad((z: tf.Tensor2D) => batchLoss(spec, y, z))(logits);
    value = taped.value;
    dz = taped.grad;
    lap?.('loss');
    const delta = dz;
    const flat = saved.at(-1) as tf.Tensor2D;
    const grads = tf.tidy(() => backward(stack, blocks, flat, dense, delta));
    return { value, grads, logits };
  } catch (error) {
    value?.dispose();
    logits?.dispose();
    throw error;
  } finally {
    dz?.dispose();
    tf.dispose([...saved, ...dense]);
  }
}

/**
 * The gradients of every variable from `delta`, the loss's gradient with respect to the logits:
 * the dense head (whose first layer reads `flat`, the flattened last block), then each block.
 */
function backward(
  stack: ConvStack,
  blocks: readonly BlockTensors[],
  flat: tf.Tensor2D,
  hidden: readonly tf.Tensor2D[],
  delta: tf.Tensor2D,
): tf.NamedTensorMap {
  const grads: tf.NamedTensorMap = {};
  let current = delta;
  let biasGrad: tf.Tensor1D = tf.sum(delta, 0);
  for (let i = stack.head.length - 1; i >= 0; i--) {
    const layer = stack.head[i] as DenseLayer;
    const input = i === 0 ? flat : (hidden[i - 1] as tf.Tensor2D);
    grads[layer.kernel.name] =
      denseMatMul(input, current, { transposeA: true }) ?? tf.matMul(input, current, true, false);
    grads[layer.bias.name] = biasGrad;
    const below = tf.matMul<tf.Tensor2D>(current, layer.kernel, false, true);
    if (i > 0) [current, biasGrad] = reluBiasGrad(below, input);
    else current = below;
  }
  let upstream: tf.Tensor4D = tf.reshape(current, (blocks.at(-1) as BlockTensors).output.shape);
  for (let i = stack.blocks.length - 1; i >= 0; i--) {
    const { kernel, bias, pool } = stack.blocks[i] as ConvBlock;
    const { input, activated, output } = blocks[i] as BlockTensors;
    const dActivated: tf.Tensor4D = pool
      ? tf
          .engine()
          .runKernel(
            'MaxPoolGrad',
            { dy: upstream, input: activated, output },
            { filterSize: pool.size, strides: pool.strides, pad: 'valid' },
          )
      : upstream;
    const [b, h, w, c] = activated.shape;
    const [dPre, dBias] = reluBiasGrad(
      tf.reshape(dActivated, [b * h * w, c]),
      tf.reshape(activated, [b * h * w, c]),
    );
    const dz4 = tf.reshape<tf.Rank.R4>(dPre, activated.shape);
    const attrs = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' };
    grads[kernel.name] = tf.engine().runKernel(
      'Conv2DBackpropFilter',
      { x: input, dy: dz4 },
      {
        ...attrs,
        filterShape: kernel.shape,
      },
    );
    grads[bias.name] = dBias;
    if (i > 0) {
      upstream = tf.engine().runKernel(
        'Conv2DBackpropInput',
        { dy: dz4, filter: kernel },
        {
          ...attrs,
          inputShape: input.shape,
        },
      );
    }
  }
  return grads;
}
