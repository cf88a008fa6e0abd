/**
 * jax-js (`@jax-js/jax`, a bench-only devDependency) training LossLab's two models the way its
 * MNIST demo does: parameters as a tree, the loss's value and gradients by `valueAndGrad`, and
 * here the whole step (gradients and Adam) under one `jit`, so jax-js fuses what it can. The same
 * architecture, batch, loss and optimizer as the engine: MLP 784 → 128 ReLU → 10; CNN conv 8
 * 3×3 ReLU → max-pool 2 → conv 16 3×3 ReLU → max-pool 2 → dense 10 (NCHW, jax-js' layout);
 * softmax cross-entropy; Adam (lr 0.001, β 0.9/0.999, ε 1e-7). jax-js' optimizer package
 * (`@jax-js/optax`) is not on the npm registry, so Adam is written here with jax-js operations
 * (the same formula as Keras'), inside the jitted step.
 *
 * jax-js counts references: a function owns the arrays passed to it, so an array used twice is
 * passed as `.ref` the first time.
 */
import { jit, lax, nn, numpy as np, random, tree, valueAndGrad } from '@jax-js/jax';
import type { ModelKind } from '../src/core';

type Params = { [name: string]: np.Array };

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/** Glorot-uniform weights and zero biases, as Keras initialises the engine's layers. */
function glorot(key: np.Array, shape: number[], fanIn: number, fanOut: number): np.Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return random.uniform(key, shape, { minval: -limit, maxval: limit });
}

export function initParams(kind: ModelKind, seed: number): Params {
  const [k1, k2, k3] = random.split(random.key(seed), 3) as unknown as np.Array[];
  if (kind === 'mlp') {
    k3!.dispose();
    return {
      w1: glorot(k1!, [784, 128], 784, 128),
      b1: np.zeros([128]),
      w2: glorot(k2!, [128, 10], 128, 10),
      b2: np.zeros([10]),
    };
  }
  return {
    c1: glorot(k1!, [8, 1, 3, 3], 9, 72),
    d1: np.zeros([8, 1, 1]),
    c2: glorot(k2!, [16, 8, 3, 3], 72, 144),
    d2: np.zeros([16, 1, 1]),
    w: glorot(k3!, [400, 10], 400, 10),
    b: np.zeros([10]),
  };
}

/** Zeros shaped like each of `p`'s arrays (Adam's moments); `p` is kept. */
const zerosLike = (p: Params): Params =>
  Object.fromEntries(Object.entries(p).map(([name, a]) => [name, np.zerosLike(a.ref)]));

const pool = (x: np.Array) => lax.reduceWindow(x, np.max, [2, 2], [2, 2]);

/** Logits `[B, 10]` of images `x` `[B, 784]`. */
function logits(kind: ModelKind, p: Params, x: np.Array): np.Array {
  if (kind === 'mlp') {
    const h = nn.relu(np.dot(x, p.w1!).add(p.b1!));
    return np.dot(h, p.w2!).add(p.b2!);
  }
  const image = x.reshape([-1, 1, 28, 28]);
  const a1 = pool(nn.relu(lax.convGeneralDilated(image, p.c1!, [1, 1], 'VALID').add(p.d1!)));
  const a2 = pool(nn.relu(lax.convGeneralDilated(a1, p.c2!, [1, 1], 'VALID').add(p.d2!)));
  return np.dot(a2.reshape([-1, 400]), p.w!).add(p.b!);
}

/** Mean softmax cross-entropy of one-hot targets `y` `[B, 10]`. */
function loss(kind: ModelKind, p: Params, x: np.Array, y: np.Array): np.Array {
  const batch = x.shape[0] as number;
  return nn
    .logSoftmax(logits(kind, p, x))
    .mul(y)
    .sum()
    .mul(-1 / batch);
}

/**
 * One jitted training step: `(params, m, v, x, y, lrT) → [loss, params, m, v]`, with Adam's
 * bias-corrected step size `lrT` computed by the caller for step t.
 */
export function trainStepFor(kind: ModelKind) {
  return jit((p: Params, m: Params, v: Params, x: np.Array, y: np.Array, lrT: np.Array) => {
    const [value, grads] = valueAndGrad((q: Params) => loss(kind, q, x, y))(tree.ref(p));
    const next: Params = {};
    const nextM: Params = {};
    const nextV: Params = {};
    const names = Object.keys(p);
    names.forEach((name, i) => {
      const g = grads[name]!;
      const m1 = m[name]!.mul(BETA1).add(g.ref.mul(1 - BETA1));
      const v1 = v[name]!.mul(BETA2).add(g.ref.mul(g).mul(1 - BETA2));
      const rate = i === names.length - 1 ? lrT : lrT.ref;
      next[name] = p[name]!.sub(m1.ref.mul(rate).div(np.sqrt(v1.ref).add(EPSILON)));
      nextM[name] = m1;
      nextV[name] = v1;
    });
    return [value, next, nextM, nextV] as [np.Array, Params, Params, Params];
  });
}

export interface JaxEpochResult {
  /** Samples per second of each epoch (the first includes compilation). */
  samplesPerSec: number[];
  /** Mean training loss of each epoch. */
  losses: number[];
}

/**
 * Trains `kind` for `epochs` epochs on `images` (`[count, 784]`, 0–1) and one-hot `targets`
 * (`[count, 10]`) in batches of `batchSize`, each epoch in a new seeded order, and frees all it
 * made. Losses are summed on the device and read once per epoch, like the engine's throttled reads.
 */
export async function trainJax(options: {
  kind: ModelKind;
  images: Float32Array;
  targets: Float32Array;
  count: number;
  batchSize: number;
  epochs: number;
  seed: number;
  learningRate?: number;
}): Promise<JaxEpochResult> {
  const { kind, count, batchSize } = options;
  const lr = options.learningRate ?? 0.001;
  const batches = Math.floor(count / batchSize);
  const step = trainStepFor(kind);
  let params = initParams(kind, options.seed);
  let m = zerosLike(params);
  let v = zerosLike(params);
  const rates: number[] = [];
  const losses: number[] = [];
  let t = 0;
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = Array.from({ length: count }, (_, i) => i);
      let state = (options.seed + epoch * 7919) >>> 0;
      for (let i = count - 1; i > 0; i--) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        const j = state % (i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const xs = new Float32Array(count * 784);
      const ys = new Float32Array(count * 10);
      order.forEach((from, to) => {
        xs.set(options.images.subarray(from * 784, (from + 1) * 784), to * 784);
        ys.set(options.targets.subarray(from * 10, (from + 1) * 10), to * 10);
      });
      const x = np.array(xs).reshape([count, 784]);
      const y = np.array(ys).reshape([count, 10]);
      const start = performance.now();
      let total: np.Array = np.zeros([]);
      for (let b = 0; b < batches; b++) {
        t++;
        const lrT = (lr * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
        const xb = x.ref.slice([b * batchSize, (b + 1) * batchSize]);
        const yb = y.ref.slice([b * batchSize, (b + 1) * batchSize]);
        const [value, p1, m1, v1] = step(params, m, v, xb, yb, np.array(lrT));
        params = p1;
        m = m1;
        v = v1;
        total = total.add(value);
      }
      losses.push(((await total.jsAsync()) as number) / batches);
      await Promise.all(tree.leaves(tree.ref(params)).map((a: np.Array) => a.blockUntilReady()));
      rates.push((batches * batchSize * 1000) / (performance.now() - start));
      x.dispose();
      y.dispose();
    }
  } finally {
    tree.dispose([params, m, v]);
    step.dispose();
  }
  return { samplesPerSec: rates, losses };
}
