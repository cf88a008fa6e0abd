/**
 * The loss lab: one example (a logits vector and a label), every Keras loss under every output
 * activation, both semantics and both `from_logits` values, with the value Keras prints or the
 * error it raises, and the computation broken into labelled steps (clip, normalise, log, reduce).
 *
 * Values come from LossLab's Keras reference (`kerasLoss`, src/core/keras), so the lab and the
 * trainer can never disagree; the steps re-trace the same path in float32 for display, and the
 * tests check that their last step lands on the reference value.
 */
import type { Activation, LabelEncoding, LossName, Semantics } from './config';
import { ACTIVATIONS, LOSSES, SEMANTICS } from './config';
import { activate, encodeLabels, isKerasError, kerasLoss } from './keras';
import {
  EPSILON,
  ONE_MINUS_EPSILON,
  clip,
  f32,
  log32,
  logSoftmax32,
  mean32,
  sigmoidCrossEntropy32,
  sum32,
  weightedCrossEntropy32,
} from './keras/float32';

/** The label of the example, in one of LossLab's encodings; `classes` are class ids < K. */
export interface LabLabel {
  encoding: LabelEncoding;
  /** Exactly one id for `int` and `onehot`; any set (even empty) for `multihot`. */
  classes: number[];
}

export interface LabExample {
  /** Pre-activation outputs z (K ≥ 2). */
  logits: number[];
  label: LabLabel;
  /** `pos_weight` of the weighted BCE (default 9, as the trainer). */
  posWeight?: number;
}

export interface LabStep {
  /** What this step computes, in words and symbols, e.g. "clip(p, ε, 1−ε)". */
  label: string;
  value: number | number[];
}

export interface LabRow {
  loss: LossName;
  semantics: Semantics;
  fromLogits: boolean;
  activation: Activation;
  /** The loss Keras prints for this one example, when it does not raise. */
  value?: number;
  /** Keras' error (Python class and text), when it raises. */
  error?: { type: string; message: string };
  /** Keras' warnings, verbatim. */
  warnings: string[];
  /** Which formula ran: the exact logits path, or the clipped probability path. */
  path?: 'logits' | 'probabilities' | 'other';
  steps: LabStep[];
}

export interface LabResult {
  /** `y_true` as Keras receives it: `[id]` for int, a row of K values otherwise. */
  yTrue: number[];
  activated: Record<Activation, number[]>;
  rows: LabRow[];
}

const CE: ReadonlySet<LossName> = new Set([
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
]);

const DEFAULT_POS_WEIGHT = 9;

function yTrueOf(example: LabExample): number[] | number[][] {
  const { encoding, classes } = example.label;
  const K = example.logits.length;
  if (encoding === 'multihot') return encodeLabels([classes], 'multihot', K);
  return encodeLabels(classes.length === 1 ? classes : [classes], encoding, K);
}

/** Dense (K,) targets for the step traces; a class id becomes one-hot. */
function denseRow(yTrue: number[] | number[][], K: number): number[] {
  const first = yTrue[0];
  if (Array.isArray(first)) return first;
  return Array.from({ length: K }, (_, k) => (k === first ? 1 : 0));
}

/** The step trace of a cross-entropy on logits x (the exact path). */
function logitSteps(loss: LossName, x: number[], y: number[], source: string): LabStep[] {
  if (loss === 'binary_crossentropy') {
    const el = x.map((v, k) => sigmoidCrossEntropy32(y[k] ?? 0, v));
    return [
      { label: `logits x = ${source}`, value: x },
      { label: 'max(x, 0) − x·y + log(1 + e^−|x|) per class', value: el },
      { label: 'mean over classes', value: mean32(el) },
    ];
  }
  const ls = logSoftmax32(x);
  const terms = ls.map((v, k) => f32(-(y[k] ?? 0) * v));
  return [
    { label: `logits x = ${source}`, value: x },
    { label: 'log_softmax(x) = x − log Σ eˣ', value: ls },
    { label: '−y · log_softmax(x)', value: terms },
    { label: 'sum over classes', value: sum32(terms) },
  ];
}

/** The step trace of the clipped probability path on the activated output p. */
function probabilitySteps(loss: LossName, p: number[], y: number[], s: Semantics): LabStep[] {
  const clipP = (v: number) => clip(v, EPSILON, ONE_MINUS_EPSILON);
  const first: LabStep = { label: 'p = activated output', value: p };
  switch (loss) {
    case 'binary_crossentropy': {
      const pc = p.map(clipP);
      const el = pc.map((v, k) => {
        const yk = y[k] ?? 0;
        return f32(-f32(f32(yk * log32(v)) + f32(f32(1 - yk) * log32(f32(1 - v)))));
      });
      return [
        first,
        { label: 'clip(p, ε, 1−ε), ε = 1e-7', value: pc },
        { label: '−[y·log p + (1−y)·log(1−p)] per class', value: el },
        { label: 'mean over classes', value: mean32(el) },
      ];
    }
    case 'categorical_crossentropy': {
      const total = sum32(p);
      const norm = p.map((v) => f32(v / total));
      const pc = norm.map(clipP);
      const terms = pc.map((v, k) => f32(-(y[k] ?? 0) * log32(v)));
      return [
        first,
        { label: 'normalise: p / Σp', value: norm },
        { label: 'clip(·, ε, 1−ε)', value: pc },
        { label: '−y · log(·)', value: terms },
        { label: 'sum over classes', value: sum32(terms) },
      ];
    }
    case 'sparse_categorical_crossentropy': {
      const id = y.indexOf(1);
      if (s === 'tf') {
        const logs = p.map((v) => log32(clipP(v)));
        const ls = logSoftmax32(logs);
        return [
          first,
          { label: 'clip(p, ε, 1−ε) then log (TensorFlow clips first)', value: logs },
          { label: 'log_softmax: normalise in log space', value: ls },
          { label: `−log_softmax[${id}]`, value: f32(-(ls[id] ?? NaN)) },
        ];
      }
      const total = sum32(p);
      const logs = p.map((v) => log32(clipP(f32(v / total))));
      return [
        first,
        { label: 'normalise p / Σp, clip, log (JAX normalises first)', value: logs },
        { label: `−log(·)[${id}]`, value: f32(-(logs[id] ?? NaN)) },
      ];
    }
    case 'mean_squared_error':
    case 'kl_divergence':
    case 'weighted_binary_crossentropy':
      return [first]; // not cross-entropies: traced by otherSteps
  }
}

function otherSteps(loss: LossName, p: number[], y: number[], posWeight: number): LabStep[] {
  const first: LabStep = { label: 'p = activated output', value: p };
  if (loss === 'mean_squared_error') {
    const sq = p.map((v, k) => f32(f32((y[k] ?? 0) - v) ** 2));
    return [
      first,
      { label: '(y − p)² per class', value: sq },
      { label: 'mean over classes', value: mean32(sq) },
    ];
  }
  if (loss === 'kl_divergence') {
    const yc = y.map((v) => clip(v, EPSILON, 1));
    const pc = p.map((v) => clip(v, EPSILON, 1));
    const terms = yc.map((v, k) => f32(v * log32(f32(v / (pc[k] ?? NaN)))));
    return [
      first,
      { label: 'clip(y, ε, 1) and clip(p, ε, 1)', value: pc },
      { label: 'y · log(y / p) per class', value: terms },
      { label: 'sum over classes', value: sum32(terms) },
    ];
  }
  const el = p.map((v, k) => weightedCrossEntropy32(y[k] ?? 0, v, f32(posWeight)));
  return [
    { label: 'x = activated output, read as logits', value: p },
    { label: `weighted sigmoid cross-entropy (pos_weight ${posWeight}) per class`, value: el },
    { label: 'mean over classes', value: mean32(el) },
  ];
}

function row(
  example: LabExample,
  yTrue: number[] | number[][],
  activated: Record<Activation, number[]>,
  key: Pick<LabRow, 'loss' | 'semantics' | 'fromLogits' | 'activation'>,
): LabRow {
  const { loss, semantics, fromLogits, activation } = key;
  const posWeight = example.posWeight ?? DEFAULT_POS_WEIGHT;
  try {
    const result = kerasLoss({
      loss,
      fromLogits,
      activation,
      semantics,
      yTrue,
      logits: [example.logits],
      ...(loss === 'weighted_binary_crossentropy' ? { posWeight } : {}),
    });
    const y = denseRow(yTrue, example.logits.length);
    const p = activated[activation];
    const cached = semantics === 'tf' && activation !== 'linear' && CE.has(loss);
    let path: LabRow['path'];
    let steps: LabStep[];
    if (!CE.has(loss)) {
      path = 'other';
      // An integer label is expanded to (B, 1) and broadcast: every class is compared with the id.
      const intLabel = example.label.encoding === 'int';
      const yRaw = intLabel ? p.map(() => example.label.classes[0] ?? NaN) : y;
      steps = otherSteps(loss, p, yRaw, posWeight);
      if (intLabel)
        steps.unshift({ label: 'y = the class id, broadcast over the classes', value: yRaw });
    } else if (cached || fromLogits) {
      path = 'logits';
      const source = cached
        ? `the ${activation}'s cached pre-activation z`
        : activation === 'linear'
          ? 'z'
          : `the ${activation} output (applied twice)`;
      steps = logitSteps(loss, cached ? example.logits.map(f32) : p, y, source);
    } else {
      path = 'probabilities';
      steps = probabilitySteps(loss, p, y, semantics);
    }
    return {
      ...key,
      value: result.perSample[0] ?? result.value,
      warnings: result.warnings,
      path,
      steps,
    };
  } catch (e) {
    if (!isKerasError(e)) throw e;
    return { ...key, error: { type: e.kerasType, message: e.message }, warnings: [], steps: [] };
  }
}

/**
 * Every loss × semantics × from_logits × activation for one example. Throws a RangeError when the
 * example is not one (fewer than 2 logits, a non-finite logit, a class id outside [0, K), or
 * `int`/`onehot` labels without exactly one class).
 */
export function computeLossLab(example: LabExample): LabResult {
  const K = example.logits.length;
  if (K < 2) throw new RangeError('the loss lab needs at least 2 logits');
  if (example.logits.some((z) => !Number.isFinite(z)))
    throw new RangeError('every logit must be a finite number');
  const yTrue = yTrueOf(example);
  const activated = Object.fromEntries(
    ACTIVATIONS.map((a) => [a, activate([example.logits], a)[0] ?? []]),
  ) as Record<Activation, number[]>;
  const rows: LabRow[] = [];
  for (const loss of LOSSES)
    for (const semantics of SEMANTICS)
      for (const fromLogits of [false, true])
        for (const activation of ACTIVATIONS) {
          rows.push(row(example, yTrue, activated, { loss, semantics, fromLogits, activation }));
        }
  const flat = yTrue[0];
  return { yTrue: Array.isArray(flat) ? flat : (yTrue as number[]), activated, rows };
}
