/**
 * The configuration's loss under every framework's name: for a loss, output activation,
 * `from_logits` and backend, and one example (logits and label), each low-level TensorFlow and
 * PyTorch call of the catalogue (catalogue/frameworks.ts) with its reduction, its value computed
 * here on the example, and how that value relates to the one Keras prints: the same, a fixed
 * multiple (the seed's class sum, ×K), different (and why), or a call that fails on this input.
 */
import type { FrameworkCall, LossPath } from './catalogue';
import { SAMPLED_SOFTMAX_NOTE, appliedTwice, lossEntry, lossPathOf } from './catalogue';
import type { Activation, LabelEncoding, LossName, Semantics } from './config';
import { activate, encodeLabels, isKerasError, kerasLoss } from './keras';
import type { LabExample } from './lossLab';
import { labClasses, labYTrue } from './lossLab';

/** Which configuration: the loss lab's cell, or the trainer's fields. */
export interface EquivalentsKey {
  loss: LossName;
  activation: Activation;
  fromLogits: boolean;
  semantics: Semantics;
}

export type Relation = 'same' | 'scaled' | 'differs' | 'fails' | 'no-keras';

export interface EquivalentRow {
  framework: FrameworkCall['framework'];
  code: string;
  reduction: string;
  /** Its value on the example; absent when the call fails on it. */
  value?: number;
  relation: Relation;
  /** value / Keras' value, when both exist. */
  ratio?: number;
  /** What differs from Keras here, in a sentence; absent when the numbers agree. */
  why?: string;
  /** What differs in general (e.g. a clamp), even where this example agrees. */
  note?: string;
}

export interface Equivalents {
  /** The Keras call the rows are compared with, as a script writes it. */
  kerasCall: string;
  /** Keras' value on the example, or its error. */
  keras: { value: number } | { error: string };
  rows: EquivalentRow[];
  /** Notes for the whole family (sampled softmax and NCE under the softmax cross-entropies). */
  notes: string[];
}

/** Which input Keras reads for this configuration, and as what. */
interface Reading {
  source: 'z' | 'p';
  as: 'logits' | 'probabilities';
}

function kerasReading(key: EquivalentsKey, path: LossPath, twice: boolean): Reading {
  if (path === 'cached-logits') return { source: 'z', as: 'logits' };
  if (path === 'logits') return { source: twice ? 'p' : 'z', as: 'logits' };
  return { source: key.activation === 'linear' ? 'z' : 'p', as: 'probabilities' };
}

function callReading(call: FrameworkCall, activation: Activation): Reading {
  const source = call.input === 'logits' || activation === 'linear' ? 'z' : 'p';
  return { source, as: call.input === 'logits' ? 'logits' : call.readsAs };
}

/** Why the call and Keras read different things, or nothing when they read the same. */
function readingDifference(keras: Reading, call: Reading, act: Activation): string | undefined {
  if (keras.source === call.source && keras.as === call.as) return undefined;
  const outputs = act === 'linear' ? 'the raw outputs' : `the ${act} outputs`;
  if (keras.as === 'logits' && keras.source === 'z') {
    return `Keras reads the logits cached under the ${act} (TensorFlow's logits cache); this call reads ${outputs}.`;
  }
  if (keras.as === 'logits') {
    return call.as === 'logits'
      ? `Keras reads ${outputs} as logits (from_logits=True after a ${act}: the activation applied twice); this call reads z, before the ${act}.`
      : `Keras reads ${outputs} as logits; this call reads them as probabilities.`;
  }
  if (act === 'linear') {
    return 'Keras takes the raw outputs for probabilities (from_logits=False) and clips them into [1e-7, 1 − 1e-7]; this call reads them as logits.';
  }
  return `Keras reads ${outputs} as probabilities and clips them into [1e-7, 1 − 1e-7] (no logits cache on this backend); this call reads z, before the ${act}, exactly.`;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 + 1e-4 * Math.abs(b);
}

function kerasCallOf(key: EquivalentsKey): string {
  const entry = lossEntry(key.loss);
  if (entry.keras.kind === 'custom') return `${entry.keras.callable} (a custom function)`;
  const takes = entry.keywords.fromLogits !== undefined;
  return `keras.losses.${entry.keras.className}(${takes ? `from_logits=${key.fromLogits ? 'True' : 'False'}` : ''})`;
}

/**
 * Every framework call for the configuration's loss, computed on the example (one sample), next
 * to Keras' value. Throws a RangeError for an example that is not one (see `computeLossLab`).
 */
export function frameworkEquivalents(key: EquivalentsKey, example: LabExample): Equivalents {
  const entry = lossEntry(key.loss);
  const z = example.logits;
  const K = z.length;
  const { classes } = example.label;
  const yTrue = labYTrue(example);
  let keras: Equivalents['keras'];
  try {
    keras = { value: kerasLoss({ ...key, yTrue, logits: [z] }).value };
  } catch (e) {
    if (!isKerasError(e)) throw e;
    keras = { error: `${e.kerasType}: ${e.message}` };
  }
  const p = activate([z], key.activation)[0] ?? [];
  // On one logit the framework calls take the answer itself as their target.
  const row =
    K === 1 ? [classes[0] ?? 0] : (encodeLabels([classes], 'multihot', labClasses(K))[0] ?? []);
  const sample = {
    z,
    p,
    y: row,
    ...(classes.length === 1 && classes[0] !== undefined ? { id: classes[0] } : {}),
  };
  const reading = kerasReading(key, lossPathOf(entry, key), appliedTwice(entry, key));
  const rows = entry.frameworks.map((call): EquivalentRow => {
    const base = {
      framework: call.framework,
      code: call.code,
      reduction: call.reduction,
      ...(call.note ? { note: call.note } : {}),
    };
    const failure = call.fails?.(sample);
    if (failure) return { ...base, relation: 'fails', why: `On this example ${failure}.` };
    const value = call.compute(sample);
    if (!('value' in keras)) {
      return { ...base, value, relation: 'no-keras', why: `Keras raises here (${keras.error}).` };
    }
    const ratio = value / keras.value;
    const expected = call.scale?.(K);
    if (expected !== undefined && close(value, expected * keras.value)) {
      return { ...base, value, ratio, relation: 'scaled', why: call.note ?? '' };
    }
    if (close(value, keras.value)) return { ...base, value, ratio, relation: 'same' };
    const why =
      readingDifference(reading, callReading(call, key.activation), key.activation) ??
      call.note ??
      'It rounds differently at this saturation.';
    return { ...base, value, ratio, relation: 'differs', why };
  });
  const softmaxFamily = entry.family === 'categorical' || entry.family === 'sparse';
  const notes = softmaxFamily ? [SAMPLED_SOFTMAX_NOTE] : [];
  if (rows.length === 0) {
    notes.push(
      `No framework ships ${key.loss}: it is a custom function in every one, written out by LossLab's Keras, PyTorch and TF.js exports.`,
    );
  }
  return { kerasCall: kerasCallOf(key), keras, rows, notes };
}

/** The trainer's example: ten moderate logits, the largest on the true class 3 (and 8). */
const TRAINER_LOGITS = [1.2, -0.4, 0.3, 2.5, -1.1, 0.8, -2.0, 0.1, 1.7, -0.6];

/**
 * One example for the trainer's equivalents panel, where there is no lab example on screen: ten
 * moderate logits, labelled as the configuration labels its digits (class 3, or 3 and 8 when
 * the task is multi-label, which always feeds multi-hot rows).
 */
export function equivalentsExample(labels: LabelEncoding, multiLabel: boolean): LabExample {
  if (multiLabel)
    return { logits: TRAINER_LOGITS, label: { encoding: 'multihot', classes: [3, 8] } };
  return { logits: TRAINER_LOGITS, label: { encoding: labels, classes: [3] } };
}
