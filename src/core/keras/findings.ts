/**
 * What LossLab tells a student about a configuration: findings with a level, a plain-language
 * explanation, Keras' own message where it has one, and a one-click fix. This file holds the
 * types, the context they are computed from, fix helpers, and the findings about labels and loss
 * errors; lossFindings.ts and metricFindings.ts hold the rest. verdict.ts decides which apply.
 */
import type { LabelEncoding, RunConfig, VerdictInput } from '../config';
import { lossEntry, matchingLossPatch, multiLabelPatch } from '../catalogue';
import type { ConcreteMetric, FindingLevel, FindingText, LossPatch, RunClaim } from '../catalogue';
import type { KerasError } from './errors';

export type { FindingLevel, RunClaim };

export interface SuggestedFix {
  /** Button text, e.g. "Use loss='sparse_categorical_crossentropy'". */
  label: string;
  /** The fields to change; applied to the current configuration it removes the finding. */
  patch: Partial<RunConfig>;
}

export interface Finding extends FindingText {
  suggestedFix?: SuggestedFix;
}

/**
 * Everything a finding may depend on: the configuration fields the field table marks `verdict`
 * (config.ts), K output units and the batch size B (for run-time errors).
 */
export type CheckContext = Omit<
  VerdictInput,
  'batchSize' | 'trainSize' | 'outputs' | 'posWeight'
> & {
  posWeight?: number;
  /** Training size, when known: TensorFlow prints the static batch size unless the last batch is partial. */
  trainSize?: number;
  K: number;
  B: number;
  /** How many classes the labels come from: K, except the binary task's 2 (on 1 or 2 units). */
  classes: number;
  resolved: ConcreteMetric;
  multiLabel: boolean;
  /** What one image shows, in the multi-class texts: the dataset's `noun` ("digit", "digits"). */
  noun: { one: string; many: string };
};

const LABEL_NAMES: Record<LabelEncoding, string> = {
  int: 'integer',
  onehot: 'one-hot',
  multihot: 'multi-hot',
  column: 'column (B, 1)',
};

/** A fix whose label says what it changes, in Keras' words. */
export function fix(patch: LossPatch): SuggestedFix {
  const parts: string[] = [];
  if (patch.loss) parts.push(`loss='${patch.loss}'`);
  if (patch.activation) parts.push(`a ${patch.activation} output`);
  if (patch.fromLogits !== undefined)
    parts.push(`from_logits=${patch.fromLogits ? 'True' : 'False'}`);
  if (patch.labels) parts.push(`${LABEL_NAMES[patch.labels]} labels`);
  if (patch.metric) parts.push(`metrics=['${patch.metric}']`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return { label: `Use ${list ?? 'these settings'}`, patch };
}

/** The loss that matches the task and labels, with the activation it goes with. */
export function matchingLossFix(c: CheckContext): SuggestedFix {
  return fix(matchingLossPatch(c));
}

/** Task/label combinations that cannot represent the targets at all (LossLab's own check). */
export function labelFindings(c: CheckContext): Finding[] {
  const out: Finding[] = [];
  if (c.multiLabel && c.labels !== 'multihot') {
    out.push({
      level: 'error',
      code: 'multilabel_needs_multihot',
      title: `Several digits per image don't fit ${LABEL_NAMES[c.labels]} labels`,
      explanation:
        c.labels === 'int'
          ? 'An integer label holds exactly one class id per image, so every digit after the first would be lost. Encode the targets as multi-hot rows: one 0/1 entry per digit.'
          : 'A one-hot row has exactly one 1, so it cannot say that an image shows two digits. Use multi-hot rows, with a 1 for every digit present.',
      suggestedFix: fix({ labels: 'multihot' }),
    });
  }
  if (c.task === 'binary' && c.labels === 'multihot') {
    out.push({
      level: 'error',
      code: 'binary_one_answer',
      title: 'A yes/no question has one answer per image, not a multi-hot row',
      explanation:
        'The binary task labels each image 1 (yes) or 0 (no). Give the answers as a column of 0s and 1s, shape (B, 1), the way binary labels usually are (or as (B,) ids, or one-hot rows of two).',
      suggestedFix: fix({ labels: 'column' }),
    });
  } else if (!c.multiLabel && c.labels === 'multihot') {
    out.push({
      level: 'info',
      code: 'multihot_single_label',
      title: `With one ${c.noun.one} per image, multi-hot rows are one-hot rows`,
      explanation:
        'Each row has a single 1, so Keras sees exactly the same numbers as with one-hot labels.',
    });
  }
  return out;
}

/** Explains the error Keras raised on the probe batch for this loss and these labels. */
export function lossErrorFinding(c: CheckContext, e: KerasError): Finding {
  const base = { level: 'error' as const, kerasMessage: e.message };
  const entry = lossEntry(c.loss);
  if (e.kerasType === 'TypeError') {
    return {
      ...base,
      code: 'from_logits_not_accepted',
      title: `${c.loss} has no from_logits`,
      explanation:
        entry.keras.kind === 'class'
          ? `Only the cross-entropy losses take from_logits; Keras refuses it for ${c.loss}, which always compares the labels with the output as it is. Switch from_logits off.`
          : `${c.loss} is a custom Python function of y_true and y_pred only: it has no from_logits, so passing one raises a TypeError when fit first calls the loss. It always compares the labels with the output as it is. Switch from_logits off.`,
      suggestedFix: fix({ fromLogits: false }),
    };
  }
  if (c.labels === 'int' && entry.family !== 'sparse') {
    const k2 =
      c.semantics === 'tf' && entry.keras.kind === 'class'
        ? ` (tf.keras 2 said it as "Shapes (None, 1) and (None, ${c.K}) are incompatible".)`
        : '';
    const elementwise = entry.family === 'elementwise';
    return {
      ...base,
      code: 'int_labels_dense_loss',
      title: `Integer labels don't fit ${c.loss}`,
      explanation:
        (elementwise
          ? `${c.loss} compares the labels with the ${c.K} outputs element by element, so it needs (B, ${c.K}) rows; class ids of shape (B,) cannot be lined up with them and the first batch fails. `
          : `${c.loss} compares each of the ${c.K} outputs with its own label, so it needs labels of shape (B, ${c.K}), but integer labels are one class id per image, shape (B,). Keras stops before training. `) +
        (c.multiLabel || entry.family !== 'categorical'
          ? 'Encode the labels as rows of 0s and 1s.'
          : 'Keep the class ids and use sparse_categorical_crossentropy, which reads them directly, or one-hot encode the labels.') +
        k2,
      suggestedFix:
        entry.family === 'categorical' && !c.multiLabel
          ? fix({ loss: 'sparse_categorical_crossentropy' })
          : fix({ labels: c.multiLabel ? 'multihot' : 'onehot' }),
    };
  }
  if (entry.family === 'sparse' && c.labels !== 'int') {
    return {
      ...base,
      code: 'dense_labels_sparse_loss',
      title: 'sparse_categorical_crossentropy needs class ids',
      explanation:
        `The "sparse" loss expects one integer class id per image, shape (B,), but these labels are (B, ${c.K}) rows, and Keras refuses them. ` +
        (c.multiLabel
          ? "Several digits per image can't be one class id anyway: use binary_crossentropy with a sigmoid output."
          : 'Use categorical_crossentropy for rows, or switch the labels to class ids.') +
        (c.semantics === 'tf'
          ? ` (tf.keras 2 failed later, with "logits and labels must have the same first dimension, got logits shape [${c.B},${c.K}] and labels shape [${c.B * c.K}]".)`
          : ''),
      suggestedFix: c.multiLabel
        ? fix(multiLabelPatch(entry, c))
        : fix({ loss: 'categorical_crossentropy' }),
    };
  }
  if (entry.family === 'sparse' && c.K === 1) {
    return {
      ...base,
      code: 'sparse_one_unit',
      title: 'One output unit has only class 0',
      explanation:
        'sparse_categorical_crossentropy reads the output as one probability per class, so one unit means a single class, 0. Every label 1 is out of range: TensorFlow stops on the first batch (on JAX there is no error and the loss of those rows is silently 0). For a yes/no question on one unit use binary_crossentropy with a sigmoid output.',
      suggestedFix: fix({
        loss: 'binary_crossentropy',
        ...(c.activation === 'sigmoid' ? {} : { activation: 'sigmoid' }),
      }),
    };
  }
  if (c.labels !== 'int' && entry.family !== 'sparse') {
    const width = c.labels === 'column' ? 1 : c.classes;
    const binaryFix =
      c.task === 'binary' ? fix({ labels: c.K === 1 ? 'column' : 'onehot' }) : undefined;
    return {
      ...base,
      code: 'label_width_units',
      title: `Labels of width ${width} don't fit ${c.K} output unit${c.K === 1 ? '' : 's'}`,
      explanation:
        `${c.loss} compares every output unit with its own label, so the labels must have the output's shape, (B, ${c.K}); these are (B, ${width}). ` +
        (c.task === 'binary'
          ? c.K === 1
            ? 'One unit answers yes or no: give the labels as a column of 0s and 1s, (B, 1).'
            : 'Two units answer no and yes: give the labels as one-hot rows of two, (B, 2).'
          : 'Class ids in a column go with sparse_categorical_crossentropy, which reads them directly, or one-hot encode them.'),
      suggestedFix: binaryFix ?? fix({ loss: 'sparse_categorical_crossentropy' }),
    };
  }
  return {
    ...base,
    code: 'keras_error',
    title: `Keras stops with ${e.kerasType}`,
    explanation: 'Keras cannot compute this loss for labels and outputs of these shapes.',
    suggestedFix: matchingLossFix(c),
  };
}

/** A broadcast that only succeeds because B happens to equal K (or 1): silent nonsense. */
export function silentBroadcastFinding(
  c: CheckContext,
  what: string,
  suggestedFix: SuggestedFix,
): Finding {
  return {
    level: 'warning',
    code: 'silent_broadcast',
    title: `${what} lines labels up with output units, not images`,
    explanation: `With a batch of exactly ${c.B}, NumPy-style broadcasting pairs the (B,) labels with the ${c.K} output units instead of with the images, so Keras runs without complaint and computes nonsense. Any other batch size stops with an error.`,
    suggestedFix,
  };
}
