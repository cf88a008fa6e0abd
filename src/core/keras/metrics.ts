/**
 * Accuracy metrics as Keras 3 computes them (`keras/src/metrics/accuracy_metrics.py`), plus
 * LossLab's two multi-label metrics. Metrics never use the logits cache on any backend: they see
 * the activated output, so with a linear output they see logits (spec §2, §3).
 */
import { DEFAULT_THRESHOLD, TOP_K, historyKeys, metricEntry } from '../catalogue';
import type { ConcreteMetric, MetricEngineKey } from '../catalogue';
import type { Activation, LabelEncoding, LossName, MetricName, Semantics, Task } from '../config';
import { NUM_CLASSES } from '../config';
import { activateTensor } from './activations';
import {
  broadcastError,
  inTopKLengthError,
  inTopKRankError,
  lossLabMetricShapeError,
} from './errors';
import { f32, mean32 } from './float32';
import type { Labels, Matrix, Tensor } from './tensor';
import {
  argmaxLast,
  broadcastBinary,
  broadcastShape,
  labelsToTensor,
  lastDim,
  map,
  matrixToTensor,
  rank,
  reduceLast,
  rowsOf,
  squeezeLast,
  squeezeOrExpandToSameRank,
} from './tensor';

export type AccuracyMetric =
  'binary_accuracy' | 'categorical_accuracy' | 'sparse_categorical_accuracy';

/** A shape as Keras sees it; `null` is an unknown (batch) dimension. */
export type Shape = readonly (number | null)[];

/**
 * What `metrics=['accuracy']` becomes in Keras 3 (`compile_utils.get_metric`), from the shapes of
 * the first batch only; the loss is ignored. `y_pred` ending in 1 → binary; `y_true` of lower rank,
 * or ending in 1 while `y_pred` does not → sparse categorical; otherwise categorical.
 */
export function resolveAccuracy(shapes: { yTrueShape: Shape; yPredShape: Shape }): AccuracyMetric {
  const { yTrueShape, yPredShape } = shapes;
  const yPredLast = yPredShape[yPredShape.length - 1];
  const yTrueLast = yTrueShape[yTrueShape.length - 1];
  if (yPredLast === 1) return 'binary_accuracy';
  const sparse =
    yTrueShape.length < yPredShape.length ||
    (yTrueLast === 1 && yPredLast !== null && yPredLast !== undefined && yPredLast > 1);
  return sparse ? 'sparse_categorical_accuracy' : 'categorical_accuracy';
}

export interface ResolvedMetric {
  /** The metric actually computed. */
  metric: ConcreteMetric;
  /** Keras 3 names the metric exactly as written in `compile`: `accuracy` stays `accuracy`. */
  historyKey: string;
  valHistoryKey: string;
}

/**
 * The concrete metric and the Keras 3 history keys for a configuration, assuming (B,) labels for
 * `int` and (B, K) labels otherwise, and a (B, K) output. (TF.js would name `'accuracy'` `acc`;
 * LossLab follows Keras 3.)
 */
export function resolveMetric(
  config: { metric: MetricName; labels: LabelEncoding; task?: Task },
  numClasses: number = NUM_CLASSES,
): ResolvedMetric {
  const yTrueShape = config.labels === 'int' ? [null] : [null, numClasses];
  const metric =
    config.metric === 'accuracy'
      ? resolveAccuracy({ yTrueShape, yPredShape: [null, numClasses] })
      : config.metric;
  return { metric, ...historyKeys(config.metric) };
}

export interface KerasMetricArgs {
  metric: MetricName;
  /** Accepted for convenience; Keras 3 resolves `'accuracy'` from shapes, never from the loss. */
  loss?: LossName;
  activation: Activation;
  yTrue: Labels;
  /** Pre-activation outputs z (B, K); the metric sees `activate(z)`. */
  logits: Matrix;
  /** Threshold on the *activated* output (binary accuracy, subset accuracy, Hamming loss). Default `DEFAULT_THRESHOLD`. */
  threshold?: number;
  /** k of the top-k metrics. Default `TOP_K`, as Keras. */
  k?: number;
  /** Only chooses the error texts (TF or JAX); metric values are the same on every backend. */
  semantics?: Semantics;
}

const eq = (a: number, b: number) => (a === b ? 1 : 0);

function compare(a: Tensor, b: Tensor, s: Semantics, fn: (x: number, y: number) => number): Tensor {
  const shape = broadcastShape(a.shape, b.shape);
  if (!shape) throw broadcastError(s, a.shape, b.shape);
  return broadcastBinary(a, b, shape, fn);
}

/**
 * `ops.in_top_k`: true when fewer than k classes score strictly higher than the target, so ties
 * straddling the boundary count as in. TF: an out-of-range target or a non-finite row is false.
 * JAX: a negative target wraps around, one past the end reads NaN (treated as -inf).
 */
function inTopK(targets: readonly number[], yPred: Tensor, k: number, s: Semantics): number[] {
  const rows = rowsOf(yPred);
  if (targets.length !== rows.length) throw inTopKLengthError(s, yPred.shape, targets.length);
  const K = lastDim(yPred) ?? 0;
  return rows.map((row, i) => {
    const t = targets[i] ?? NaN;
    let pred: number;
    if (s === 'tf') {
      if (!(t >= 0 && t < K) || row.some((v) => !Number.isFinite(v))) return 0;
      pred = row[t] ?? NaN;
    } else {
      const idx = t < 0 ? t + K : t;
      pred = row[idx] ?? NaN;
      if (Number.isNaN(pred)) pred = -Infinity;
    }
    return row.filter((v) => v > pred).length < k ? 1 : 0;
  });
}

function multiLabelMatches(
  name: ConcreteMetric,
  yTrue: Tensor,
  yPred: Tensor,
  thr: number,
): Tensor {
  const K = lastDim(yPred) ?? 0;
  if (rank(yTrue) !== 2 || lastDim(yTrue) !== K)
    throw lossLabMetricShapeError(name, yTrue.shape, K);
  const yhat = map(yPred, (v) => (v > thr ? 1 : 0));
  return broadcastBinary(yTrue, yhat, yPred.shape, eq);
}

interface MetricInput {
  name: ConcreteMetric;
  yTrue: Tensor;
  yPred: Tensor;
  s: Semantics;
  thr: number;
  k: number;
}

/**
 * The per-sample values each metric returns before `Mean` averages them (Keras'
 * `MeanMetricWrapper`). Keyed like the catalogue's `engine`, so a new metric does not compile
 * until it has maths here (and in ml/metrics.ts).
 */
const METRIC_MATHS: Record<MetricEngineKey, (m: MetricInput) => Tensor> = {
  binary: ({ yTrue, yPred, s, thr }) => {
    const [yt, yp] = squeezeOrExpandToSameRank(yTrue, yPred);
    return compare(
      yt,
      map(yp, (v) => (v > thr ? 1 : 0)),
      s,
      eq,
    );
  },
  // argmax of (B,) integer labels is a scalar: Keras silently compares every prediction with it.
  categorical: ({ yTrue, yPred, s }) => compare(argmaxLast(yTrue), argmaxLast(yPred), s, eq),
  sparse_categorical: ({ yTrue, yPred, s }) => {
    const yt = rank(yTrue) === rank(yPred) && lastDim(yTrue) === 1 ? squeezeLast(yTrue) : yTrue;
    return compare(yt, argmaxLast(yPred), s, eq);
  },
  top_k: ({ yTrue, yPred, s, k }) => {
    const ids = argmaxLast(yTrue);
    if (rank(ids) === 0) throw inTopKRankError(s, yPred.shape);
    return { shape: ids.shape, data: inTopK(ids.data, yPred, k, s) };
  },
  sparse_top_k: ({ yTrue, yPred, s, k }) => {
    const ids = yTrue.data.map(Math.trunc); // cast to int32, flattened when rank > 1
    return { shape: [ids.length], data: inTopK(ids, yPred, k, s) };
  },
  subset: ({ name, yTrue, yPred, thr }) =>
    reduceLast(multiLabelMatches(name, yTrue, yPred, thr), (row) =>
      row.every((v) => v === 1) ? 1 : 0,
    ),
  hamming: ({ name, yTrue, yPred, thr }) =>
    reduceLast(multiLabelMatches(name, yTrue, yPred, thr), (row) =>
      f32(row.filter((v) => v === 0).length / row.length),
    ),
};

/**
 * One batch's value of a metric as Keras 3 reports it: the mean over samples of each sample's
 * mean match (`MeanMetricWrapper`), in [0, 1]. `'accuracy'` is resolved by `resolveAccuracy`.
 * Throws a `KerasError` with Keras' (TF or JAX) text where the metric cannot run on these shapes.
 * Over an epoch Keras averages batch values weighted by batch size.
 */
export function kerasMetric(args: KerasMetricArgs): number {
  const yTrue = labelsToTensor(args.yTrue);
  const z = matrixToTensor(args.logits);
  if (yTrue.shape[0] !== z.shape[0]) {
    throw new RangeError(`yTrue has ${yTrue.shape[0]} samples but logits has ${z.shape[0]}`);
  }
  const yPred = activateTensor(z, args.activation);
  const metric =
    args.metric === 'accuracy'
      ? resolveAccuracy({ yTrueShape: yTrue.shape, yPredShape: yPred.shape })
      : args.metric;
  const values = METRIC_MATHS[metricEntry(metric).engine]({
    name: metric,
    yTrue,
    yPred,
    s: args.semantics ?? 'tf',
    thr: f32(args.threshold ?? DEFAULT_THRESHOLD),
    k: args.k ?? TOP_K,
  });
  // reduce_to_samplewise_values: average everything past the first axis, then Mean over samples.
  const perSample = rank(values) > 1 ? reduceLast(values, mean32).data : values.data;
  if (perSample.length === 0) return 0;
  return f32(perSample.reduce((a, b) => a + b, 0) / perSample.length);
}
