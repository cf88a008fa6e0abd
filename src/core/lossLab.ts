/**
 * The loss lab: one example (a logits vector and a label), every Keras loss under every output
 * activation, both semantics and both `from_logits` values, with the value Keras prints or the
 * error it raises, and the computation broken into labelled steps (clip, normalise, log, reduce).
 *
 * Values and steps both come from LossLab's Keras reference (`kerasLoss` with `trace`,
 * src/core/keras): the steps are the very intermediate values the loss is computed from, so the
 * lab, the verdict and the trainer's reference can never disagree. The gradient ∂L/∂z of every
 * row comes from the same reference (`kerasLossGradient`), with a line on what it does to training.
 */
import type { LossPath } from './catalogue';
import { appliedTwice, lossEntry, lossPathOf } from './catalogue';
import type { Activation, LabelEncoding, LossName, Semantics } from './config';
import { ACTIVATIONS, LOSSES, SEMANTICS } from './config';
import { activate, encodeLabels, isKerasError, kerasLossGradient } from './keras';
import type { LossStep } from './keras';

/**
 * The label of the example, in one of LossLab's encodings; `classes` are class ids below
 * `labClasses(K)` (0 or 1 on one logit: the binary task's no and yes).
 */
export interface LabLabel {
  encoding: LabelEncoding;
  /** Exactly one id for `int` and `onehot`; any set (even empty) for `multihot`. */
  classes: number[];
}

export interface LabExample {
  /** Pre-activation outputs z (K ≥ 1: one logit is the binary task's single output unit). */
  logits: number[];
  label: LabLabel;
}

/** What one step computes (e.g. "clip(p, ε, 1−ε)") and its value per class, or once reduced. */
export type LabStep = LossStep;

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
  /** Which input the loss read (the catalogue's rule): cached logits, logits, probabilities. */
  path?: LossPath;
  /** The reference computation's own intermediate values, ending on `value`. */
  steps: LabStep[];
  /** ∂L/∂z for every logit (float32, written-out derivatives), when Keras does not raise. */
  gradient?: number[];
  /** What that gradient means for training, in a line or two. */
  gradientNote?: string;
}

export interface LabResult {
  /** `y_true` as Keras receives it: `[id]` for int, a row of K values otherwise. */
  yTrue: number[];
  activated: Record<Activation, number[]>;
  rows: LabRow[];
}

/**
 * How many classes an example's labels come from: one per logit, and two (no, yes) on a single
 * logit, whose one-hot rows are then wider than the output, as a binary model's are.
 */
export function labClasses(logitCount: number): number {
  return Math.max(logitCount, 2);
}

/** `y_true` as Keras receives it for one example: `[id]`, `[[id]]` or a row of `labClasses(K)`. */
export function labYTrue(example: LabExample): number[] | number[][] {
  const { encoding, classes } = example.label;
  const width = labClasses(example.logits.length);
  if (encoding === 'multihot') return encodeLabels([classes], 'multihot', width);
  return encodeLabels(classes.length === 1 ? classes : [classes], encoding, width);
}

function row(
  example: LabExample,
  yTrue: number[] | number[][],
  key: Pick<LabRow, 'loss' | 'semantics' | 'fromLogits' | 'activation'>,
): LabRow {
  try {
    // Every keyword (pos_weight, gamma…) is the catalogue's, as in the trainer and the exports.
    const result = kerasLossGradient({ ...key, yTrue, logits: [example.logits], trace: true });
    const entry = lossEntry(key.loss);
    const path = lossPathOf(entry, key);
    const gradient = result.grad[0] ?? [];
    const note = entry.gradientNote({
      ...key,
      path,
      twice: appliedTwice(entry, key),
      K: gradient.length,
      zero: gradient.filter((g) => g === 0).length,
      positives: example.label.encoding === 'multihot' ? example.label.classes.length : 1,
    });
    return {
      ...key,
      value: result.perSample[0] ?? result.value,
      warnings: result.warnings,
      path,
      steps: result.steps,
      gradient,
      gradientNote: note,
    };
  } catch (e) {
    if (!isKerasError(e)) throw e;
    return { ...key, error: { type: e.kerasType, message: e.message }, warnings: [], steps: [] };
  }
}

/**
 * Every loss × semantics × from_logits × activation for one example. Throws a RangeError when the
 * example is not one (no logits, a non-finite logit, a class id outside [0, labClasses(K)), or
 * `int`/`onehot` labels without exactly one class).
 */
export function computeLossLab(example: LabExample): LabResult {
  const K = example.logits.length;
  if (K < 1) throw new RangeError('the loss lab needs at least 1 logit');
  if (example.logits.some((z) => !Number.isFinite(z)))
    throw new RangeError('every logit must be a finite number');
  const yTrue = labYTrue(example);
  const activated = Object.fromEntries(
    ACTIVATIONS.map((a) => [a, activate([example.logits], a)[0] ?? []]),
  ) as Record<Activation, number[]>;
  const rows: LabRow[] = [];
  for (const loss of LOSSES)
    for (const semantics of SEMANTICS)
      for (const fromLogits of [false, true])
        for (const activation of ACTIVATIONS) {
          rows.push(row(example, yTrue, { loss, semantics, fromLogits, activation }));
        }
  const flat = yTrue[0];
  return { yTrue: Array.isArray(flat) ? flat : (yTrue as number[]), activated, rows };
}
