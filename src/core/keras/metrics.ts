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
import type { ShapeView, TfOp } from './errors';
import { defaultView, inTopKLengthError, inTopKRankError } from './errors';
import { f32, mean32 } from './float32';
import type { Labels, Matrix, Tensor } from './tensor';
import {
  argmaxLast,
  elementwise,
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

/**
 * What `'accuracy'` became before TF 2.2 (Keras ≤ 2.3.1, tf.keras ≤ 2.1), and still becomes in
 * TF.js (`handleMetrics`), where the loss decides: one output unit or binary cross-entropy →
 * binary, sparse categorical cross-entropy → sparse categorical, anything else → categorical.
 * This is the rule behind "Keras infers categorical_accuracy from categorical_crossentropy".
 */
export function resolveAccuracyFromLoss(loss: LossName, outputUnits: number): AccuracyMetric {
  if (outputUnits === 1 || loss === 'binary_crossentropy') return 'binary_accuracy';
  if (loss === 'sparse_categorical_crossentropy') return 'sparse_categorical_accuracy';
  return 'categorical_accuracy';
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
 * `int`, (B, 1) for `column`, (B, 2) one-hot rows for the binary task and (B, K) labels
 * otherwise, and a (B, K) output (K = `numClasses`, the output units). (TF.js would name `'accuracy'` `acc`;
 * LossLab follows Keras 3.)
 */
export function resolveMetric(
  config: { metric: MetricName; labels: LabelEncoding; task?: Task },
  numClasses: number = NUM_CLASSES,
): ResolvedMetric {
  const width = config.labels === 'column' ? 1 : config.task === 'binary' ? 2 : numClasses;
  const yTrueShape = config.labels === 'int' ? [null] : [null, width];
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
  /** Where Keras checks the shapes (errors.ts); default: inside `fit`, TF's batch unknown. */
  view?: Partial<Omit<ShapeView, 'semantics'>>;
}

const eq = (a: number, b: number) => (a === b ? 1 : 0);

/**
 * `ops.in_top_k`: true when fewer than k classes score strictly higher than the target, so ties
 * straddling the boundary count as in. TF: an out-of-range target or a non-finite row is false.
 * JAX: a negative target wraps around, one past the end reads NaN (treated as -inf), and one
 * prediction row broadcasts against any number of targets (take_along_axis).
 */
function inTopK(
  targets: readonly number[],
  yPred: Tensor,
  k: number,
  view: ShapeView,
  activation: Activation,
): number[] {
  const s = view.semantics;
  const rows = rowsOf(yPred);
  const broadcastRow = s !== 'tf' && rows.length === 1;
  if (targets.length !== rows.length && !broadcastRow) {
    throw inTopKLengthError(view, yPred.shape, targets.length, activation);
  }
  const K = lastDim(yPred) ?? 0;
  return targets.map((t, i) => {
    const row = rows[broadcastRow ? 0 : i] ?? [];
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

/**
 * TF graph nodes of the metrics' comparisons, as in LossLab's exported script (for shape-inference
 * errors). `T` is the labels' dtype: uint8 class ids (as `load_data()` returns them) or float32
 * rows.
 */
function comparisonOp(name: ConcreteMetric, yTrue: Tensor): TfOp {
  const dtype = rank(yTrue) === 1 ? 'DT_UINT8' : 'DT_FLOAT';
  const node =
    name === 'hamming_loss'
      ? 'NotEqual'
      : name === 'sparse_categorical_accuracy'
        ? 'Equal_1'
        : 'Equal';
  return {
    node,
    op: name === 'hamming_loss' ? 'NotEqual' : 'Equal',
    attrs: `T=${dtype}, incompatible_shape_error=true`,
    inputs: ['data_1', 'Cast_2'],
  };
}

/**
 * LossLab's multi-label metrics as its Keras export defines them: `y_hat = y_pred > threshold`
 * cast to the labels' dtype, compared element-wise with `y_true` (NumPy broadcasting, so (B,)
 * labels fail unless B is 1 or K), then reduced over the last axis.
 */
function multiLabelMatches(
  name: ConcreteMetric,
  yTrue: Tensor,
  yPred: Tensor,
  thr: number,
  view: ShapeView,
  reduce: (row: number[]) => number,
): Tensor {
  const yhat = map(yPred, (v) => (v > thr ? 1 : 0));
  const same = elementwise(yTrue, yhat, view, eq, comparisonOp(name, yTrue));
  return rank(same) < 2 ? same : reduceLast(same, reduce);
}

interface MetricInput {
  name: ConcreteMetric;
  yTrue: Tensor;
  yPred: Tensor;
  view: ShapeView;
  activation: Activation;
  thr: number;
  k: number;
}

/**
 * The per-sample values each metric returns before `Mean` averages them (Keras'
 * `MeanMetricWrapper`). Keyed like the catalogue's `engine`, so a new metric does not compile
 * until it has maths here (and in ml/metrics.ts).
 */
const METRIC_MATHS: Record<MetricEngineKey, (m: MetricInput) => Tensor> = {
  binary: ({ name, yTrue, yPred, view, thr }) => {
    const [yt, yp] = squeezeOrExpandToSameRank(yTrue, yPred);
    return elementwise(
      yt,
      map(yp, (v) => (v > thr ? 1 : 0)),
      view,
      eq,
      comparisonOp(name, yt),
    );
  },
  // argmax of (B,) integer labels is a scalar: Keras silently compares every prediction with it.
  categorical: ({ yTrue, yPred, view }) =>
    elementwise(argmaxLast(yTrue), argmaxLast(yPred), view, eq),
  sparse_categorical: ({ name, yTrue, yPred, view }) => {
    const yt = rank(yTrue) === rank(yPred) && lastDim(yTrue) === 1 ? squeezeLast(yTrue) : yTrue;
    return elementwise(yt, argmaxLast(yPred), view, eq, comparisonOp(name, yt));
  },
  top_k: ({ yTrue, yPred, view, activation, k }) => {
    const ids = argmaxLast(yTrue);
    if (rank(ids) === 0) throw inTopKRankError(view, yPred.shape, activation);
    return { shape: ids.shape, data: inTopK(ids.data, yPred, k, view, activation) };
  },
  sparse_top_k: ({ yTrue, yPred, view, activation, k }) => {
    // Cast to int32 and flattened when rank > 1; the matches take y_true's shape back.
    const ids = yTrue.data.map(Math.trunc);
    return { shape: yTrue.shape, data: inTopK(ids, yPred, k, view, activation) };
  },
  subset: ({ name, yTrue, yPred, view, thr }) =>
    multiLabelMatches(name, yTrue, yPred, thr, view, (row) => (row.every((v) => v === 1) ? 1 : 0)),
  hamming: ({ name, yTrue, yPred, view, thr }) =>
    multiLabelMatches(name, yTrue, yPred, thr, view, (row) =>
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
  const semantics = args.semantics ?? 'tf';
  const values = METRIC_MATHS[metricEntry(metric).engine]({
    name: metric,
    yTrue,
    yPred,
    view: { ...defaultView(semantics), ...args.view, semantics },
    activation: args.activation,
    thr: f32(args.threshold ?? DEFAULT_THRESHOLD),
    k: args.k ?? TOP_K,
  });
  // reduce_to_samplewise_values: average everything past the first axis, then Mean over samples.
  const perSample = rank(values) > 1 ? reduceLast(values, mean32).data : values.data;
  if (perSample.length === 0) return 0;
  return f32(perSample.reduce((a, b) => a + b, 0) / perSample.length);
}
