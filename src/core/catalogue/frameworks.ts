/**
 * Every framework's name for a loss: the low-level TensorFlow calls (`tf.nn.*`, the
 * `tf.compat.v1.losses.*` family), PyTorch's modules, and the seed's multi-label snippet, each
 * with its reduction, what it reads, the formula for one sample (so core can compute its number
 * next to Keras'), and what always differs from Keras. Each loss's entry (losses.ts) names its
 * list in `frameworks`; a new loss writes its own list there, or names none.
 */
import { KERAS_EPSILON, POS_WEIGHT } from './constants';

/** What a call reads: the logits z before the output activation, or the model's output p. */
export type CallInput = 'logits' | 'output';

/** What a call takes `output` to be (irrelevant for `logits`). */
export type CallReadsAs = 'logits' | 'probabilities';

/** One sample, as a call receives it. */
export interface CallSample {
  /** Logits before the activation (K,). */
  z: readonly number[];
  /** The model's output after its activation (K,); `z` itself for a linear output. */
  p: readonly number[];
  /** Label row (K,): one-hot or multi-hot. */
  y: readonly number[];
  /** The class id, when the label holds exactly one class. */
  id?: number;
}

export interface FrameworkCall {
  framework: 'TensorFlow' | 'TensorFlow 1.x' | 'PyTorch' | 'torchvision' | 'Seed snippet';
  /** The call as one would write it, on a batch `z` (logits), `p` (outputs), `y` / `ids`. */
  code: string;
  /** How it reduces a batch (B samples × K classes) to one number. */
  reduction: string;
  input: CallInput;
  readsAs: CallReadsAs;
  /** Needs one class id per image (sparse calls). */
  needsId?: boolean;
  /** Its value for one sample; NaN when the call would fail (see `fails`). */
  compute: (s: CallSample) => number;
  /** Why the call fails on this sample, when it does (e.g. BCELoss outside [0, 1]). */
  fails?: (s: CallSample) => string | undefined;
  /** Its value is this many times Keras' (the seed's class sum), K the number of classes. */
  scale?: (K: number) => number;
  /** What differs from Keras even on the same input, in a sentence; omitted when nothing does. */
  note?: string;
}

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function logSumExp(z: readonly number[]): number {
  const m = Math.max(...z);
  return m + Math.log(sum(z.map((v) => Math.exp(v - m))));
}

/** −Σ y·log_softmax(z): softmax cross-entropy with label rows. */
const softmaxCe = ({ z, y }: CallSample) => {
  const lse = logSumExp(z);
  return sum(y.map((t, k) => t * (lse - (z[k] ?? NaN))));
};

/** −log_softmax(z)[id]. */
const sparseCe = ({ z, id }: CallSample) =>
  id === undefined ? NaN : logSumExp(z) - (z[id] ?? NaN);

/** Per-class sigmoid cross-entropy max(z, 0) − z·y + log(1 + e^−|z|). */
const sigmoidCeTerms = ({ z, y }: CallSample) =>
  y.map((t, k) => softplus(z[k] ?? NaN) - (z[k] ?? NaN) * t);

const meanSigmoidCe = (s: CallSample) => mean(sigmoidCeTerms(s));

/** A call that takes the logits z (before any activation). */
const ON_LOGITS = { input: 'logits', readsAs: 'logits' } as const;

const outsideUnit = ({ p }: CallSample) =>
  p.some((v) => !(v >= 0 && v <= 1))
    ? 'it raises: every input must lie in [0, 1], and a linear output does not'
    : undefined;

const logOfOutsideUnit = ({ p }: CallSample) =>
  p.some((v) => !(v >= 0 && v <= 1))
    ? 'it returns NaN: it takes the log of outputs outside [0, 1] (a linear output), unchecked'
    : undefined;

const logOfNonPositive = ({ p }: CallSample) =>
  p.some((v) => !(v > 0))
    ? 'it returns NaN: torch.log of an output ≤ 0 (a linear output) is NaN or −∞, and KLDivLoss multiplies it by y even where y = 0'
    : undefined;

const needsOneId = (s: CallSample) =>
  s.id === undefined ? 'it needs one class id per image, and this label has several' : undefined;

const REDUCE_BATCH = 'mean over the batch';
const REDUCE_ALL = 'mean over the batch and the classes';

/** The counterparts of sparse_categorical_crossentropy. */
export const SPARSE_CALLS: readonly FrameworkCall[] = [
  {
    framework: 'TensorFlow',
    code: 'tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ids, logits=z))',
    reduction: `none (one loss per image); ${REDUCE_BATCH} by tf.reduce_mean`,
    ...ON_LOGITS,
    needsId: true,
    compute: sparseCe,
    fails: needsOneId,
  },
  {
    framework: 'TensorFlow 1.x',
    code: 'tf.compat.v1.losses.sparse_softmax_cross_entropy(labels=ids, logits=z)',
    reduction: `SUM_BY_NONZERO_WEIGHTS: ${REDUCE_BATCH}`,
    ...ON_LOGITS,
    needsId: true,
    compute: sparseCe,
    fails: needsOneId,
  },
  {
    framework: 'PyTorch',
    code: 'nn.CrossEntropyLoss()(z, ids)',
    reduction: REDUCE_BATCH,
    ...ON_LOGITS,
    needsId: true,
    compute: sparseCe,
    fails: needsOneId,
  },
  {
    framework: 'PyTorch',
    code: 'nn.NLLLoss()(F.log_softmax(z, dim=1), ids)',
    reduction: REDUCE_BATCH,
    ...ON_LOGITS,
    needsId: true,
    compute: sparseCe,
    fails: needsOneId,
    note: 'NLLLoss only picks −input[id]: without the log_softmax it would read z itself.',
  },
];

const SEED_NOTE =
  'It sums over the classes where Keras averages them, so it is K times Keras’ binary cross-entropy. Its gradient is K times larger too: under SGD that is a K times larger learning rate, while Adam and RMSprop divide the scale out.';

/** The counterparts of binary_crossentropy. */
export const BINARY_CALLS: readonly FrameworkCall[] = [
  {
    framework: 'TensorFlow',
    code: 'tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z))',
    reduction: `none (one loss per class); ${REDUCE_ALL} by tf.reduce_mean`,
    ...ON_LOGITS,
    compute: meanSigmoidCe,
  },
  {
    framework: 'TensorFlow 1.x',
    code: 'tf.compat.v1.losses.sigmoid_cross_entropy(multi_class_labels=y, logits=z)',
    reduction: `SUM_BY_NONZERO_WEIGHTS: ${REDUCE_ALL}`,
    ...ON_LOGITS,
    compute: meanSigmoidCe,
  },
  {
    framework: 'TensorFlow 1.x',
    code: 'tf.compat.v1.losses.log_loss(labels=y, predictions=p, epsilon=1e-7)',
    reduction: `SUM_BY_NONZERO_WEIGHTS: ${REDUCE_ALL}`,
    input: 'output',
    readsAs: 'probabilities',
    compute: ({ p, y }) =>
      mean(
        y.map((t, k) => {
          const q = p[k] ?? NaN;
          return -t * Math.log(q + KERAS_EPSILON) - (1 - t) * Math.log(1 - q + KERAS_EPSILON);
        }),
      ),
    fails: logOfOutsideUnit,
    note: 'log_loss adds ε inside the logarithm, log(p + 1e-7), where Keras clips p into [1e-7, 1 − 1e-7]; they part only where p is within about 1e-6 of 0 or 1.',
  },
  {
    framework: 'PyTorch',
    code: 'nn.BCEWithLogitsLoss()(z, y)',
    reduction: REDUCE_ALL,
    ...ON_LOGITS,
    compute: meanSigmoidCe,
  },
  {
    framework: 'PyTorch',
    code: 'nn.BCELoss()(p, y)',
    reduction: REDUCE_ALL,
    input: 'output',
    readsAs: 'probabilities',
    compute: ({ p, y }) =>
      mean(
        y.map((t, k) => {
          const q = p[k] ?? NaN;
          return -(t * Math.max(Math.log(q), -100) + (1 - t) * Math.max(Math.log(1 - q), -100));
        }),
      ),
    fails: outsideUnit,
    note: 'BCELoss clamps each log at −100 where Keras clips p at 1e-7 (a log of −16.1): a saturated wrong output costs 100 instead of 16.1.',
  },
  {
    framework: 'PyTorch',
    code: 'nn.MultiLabelSoftMarginLoss()(z, y)',
    reduction: `mean over the classes, then ${REDUCE_BATCH}`,
    ...ON_LOGITS,
    compute: meanSigmoidCe,
  },
  {
    framework: 'Seed snippet',
    code: 'tf.reduce_mean(tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z), axis=1))',
    reduction: `sum over the classes, then ${REDUCE_BATCH}`,
    ...ON_LOGITS,
    compute: (s) => sum(sigmoidCeTerms(s)),
    scale: (K) => K,
    note: SEED_NOTE,
  },
];

/** The counterparts of categorical_crossentropy. */
export const CATEGORICAL_CALLS: readonly FrameworkCall[] = [
  {
    framework: 'TensorFlow',
    code: 'tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z))',
    reduction: `none (one loss per image); ${REDUCE_BATCH} by tf.reduce_mean`,
    ...ON_LOGITS,
    compute: softmaxCe,
  },
  {
    framework: 'TensorFlow 1.x',
    code: 'tf.compat.v1.losses.softmax_cross_entropy(onehot_labels=y, logits=z)',
    reduction: `SUM_BY_NONZERO_WEIGHTS: ${REDUCE_BATCH}`,
    ...ON_LOGITS,
    compute: softmaxCe,
  },
  {
    framework: 'PyTorch',
    code: 'nn.CrossEntropyLoss()(z, y)',
    reduction: REDUCE_BATCH,
    ...ON_LOGITS,
    compute: softmaxCe,
    note: 'With float label rows (PyTorch 1.10 and later) CrossEntropyLoss takes them as class probabilities; with one-hot rows it equals CrossEntropyLoss(z, y.argmax(1)).',
  },
  ...SPARSE_CALLS.filter((c) => c.framework === 'PyTorch').map((c) => ({
    ...c,
    code: c.code.replace('ids)', 'y.argmax(dim=1))'),
  })),
];

/** The counterparts of weighted_binary_crossentropy. */
export const WEIGHTED_BINARY_CALLS: readonly FrameworkCall[] = [
  {
    framework: 'TensorFlow',
    code: `tf.reduce_mean(tf.nn.weighted_cross_entropy_with_logits(labels=y, logits=p, pos_weight=${POS_WEIGHT}))`,
    reduction: `none (one loss per class); ${REDUCE_ALL} by tf.reduce_mean`,
    input: 'output',
    readsAs: 'logits',
    compute: ({ p, y }) =>
      mean(
        y.map((t, k) => {
          const x = p[k] ?? NaN;
          return (1 - t) * x + (1 + (POS_WEIGHT - 1) * t) * softplus(-x);
        }),
      ),
  },
  {
    framework: 'PyTorch',
    code: `nn.BCEWithLogitsLoss(pos_weight=torch.full((10,), ${POS_WEIGHT}.0))(p, y)`,
    reduction: REDUCE_ALL,
    input: 'output',
    readsAs: 'logits',
    compute: ({ p, y }) =>
      mean(
        y.map(
          (t, k) => POS_WEIGHT * t * softplus(-(p[k] ?? NaN)) + (1 - t) * softplus(p[k] ?? NaN),
        ),
      ),
  },
];

/** The counterparts of mean_squared_error. */
export const MSE_CALLS: readonly FrameworkCall[] = [
  {
    framework: 'TensorFlow 1.x',
    code: 'tf.compat.v1.losses.mean_squared_error(labels=y, predictions=p)',
    reduction: `SUM_BY_NONZERO_WEIGHTS: ${REDUCE_ALL}`,
    input: 'output',
    readsAs: 'probabilities',
    compute: ({ p, y }) => mean(y.map((t, k) => (t - (p[k] ?? NaN)) ** 2)),
  },
  {
    framework: 'PyTorch',
    code: 'nn.MSELoss()(p, y)',
    reduction: REDUCE_ALL,
    input: 'output',
    readsAs: 'probabilities',
    compute: ({ p, y }) => mean(y.map((t, k) => (t - (p[k] ?? NaN)) ** 2)),
  },
];

/** The counterparts of kl_divergence. */
export const KLD_CALLS: readonly FrameworkCall[] = [
  {
    framework: 'PyTorch',
    code: "nn.KLDivLoss(reduction='batchmean')(torch.log(p), y)",
    reduction: 'sum over the classes, then mean over the batch',
    input: 'output',
    readsAs: 'probabilities',
    compute: ({ p, y }) =>
      sum(y.map((t, k) => (t > 0 ? t * (Math.log(t) - Math.log(p[k] ?? NaN)) : 0))),
    fails: logOfNonPositive,
    note: 'PyTorch counts 0·log 0 as 0; Keras clips y and p into [1e-7, 1] first, which adds about 1e-7·log(1e-7/p) per absent class.',
  },
  {
    framework: 'PyTorch',
    code: "nn.KLDivLoss(reduction='mean')(torch.log(p), y)",
    reduction: 'mean over the batch and the classes',
    input: 'output',
    readsAs: 'probabilities',
    compute: ({ p, y }) =>
      mean(y.map((t, k) => (t > 0 ? t * (Math.log(t) - Math.log(p[k] ?? NaN)) : 0))),
    fails: logOfNonPositive,
    scale: (K) => 1 / K,
    note: "reduction='mean' divides by the B·K elements, not by B: 1/K of the KL divergence (PyTorch warns and recommends 'batchmean').",
  },
];

/** The counterparts of binary_focal_crossentropy. */
export const FOCAL_CALLS: readonly FrameworkCall[] = [
  {
    framework: 'torchvision',
    code: "torchvision.ops.sigmoid_focal_loss(z, y, alpha=-1, gamma=2, reduction='mean')",
    reduction: REDUCE_ALL,
    ...ON_LOGITS,
    compute: (s) =>
      mean(
        sigmoidCeTerms(s).map((ce, k) => {
          const q = 1 / (1 + Math.exp(-(s.z[k] ?? NaN)));
          const t = s.y[k] ?? NaN;
          const pT = q * t + (1 - q) * (1 - t);
          return ce * (1 - pT) ** 2;
        }),
      ),
    note: 'torchvision’s default alpha=0.25 always weighs the classes; alpha=-1 turns that off, as Keras’ apply_class_balancing=False does. TensorFlow has no focal op of its own: keras.losses.BinaryFocalCrossentropy is it.',
  },
];

/** Said under the softmax cross-entropies: when sampling the classes is worth it, and why not here. */
export const SAMPLED_SOFTMAX_NOTE =
  'tf.nn.sampled_softmax_loss and tf.nn.nce_loss (noise-contrastive estimation) stand in for the softmax cross-entropy when the classes are too many to score: tens of thousands and more, like the words of a vocabulary, where computing every class’s logit and the normalising sum for every example costs more than the rest of the model. Each training step scores the true class against a few classes sampled from a noise distribution instead; both take the output layer’s weights and biases and compute those few logits themselves, and both are for training only (the TensorFlow docs: evaluate with the full softmax, of which the sampled loss is an estimate). With MNIST’s 10 classes the full softmax costs 10 logits per image, nothing to save: sampling would only add noise.';
