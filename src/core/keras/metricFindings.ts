/**
 * Findings about the accuracy metric: errors Keras raises for the label shape, silent nonsense it
 * computes without raising, and the classic traps (binary accuracy's ~0.9, thresholds on logits,
 * arg-max metrics on multi-label targets).
 */
import type { KerasError } from './errors';
import type { CheckContext, Finding, SuggestedFix } from './findings';
import { fix, silentBroadcastFinding } from './findings';

const THRESHOLD_METRICS = ['binary_accuracy', 'subset_accuracy', 'hamming_loss'] as const;

function denseLabelsFix(c: CheckContext): SuggestedFix {
  if (c.multiLabel) return fix({ metric: 'binary_accuracy' });
  return c.metric === 'sparse_top_k_categorical_accuracy'
    ? fix({ metric: 'top_k_categorical_accuracy' })
    : fix({ metric: 'accuracy' });
}

function intLabelsFix(c: CheckContext): SuggestedFix {
  return c.metric === 'top_k_categorical_accuracy'
    ? fix({ metric: 'sparse_top_k_categorical_accuracy' })
    : fix({ metric: 'accuracy' });
}

/** Explains the error Keras raised on the probe batch for this metric and these labels. */
export function metricErrorFinding(c: CheckContext, e: KerasError): Finding {
  const base = { level: 'error' as const, kerasMessage: e.message };
  if (c.labels === 'int') {
    const why: Record<string, string> = {
      top_k_categorical_accuracy:
        'top_k_categorical_accuracy takes the arg-max of each one-hot label row to find the true digit. Integer labels have no rows: their arg-max is one number for the whole batch, which in_top_k rejects. sparse_top_k_categorical_accuracy reads class ids.',
      binary_accuracy: `binary_accuracy compares each of the ${c.K} outputs with a 0/1 label, so it needs (B, ${c.K}) labels; class ids of shape (B,) cannot be lined up with them.`,
    };
    return {
      ...base,
      code: 'int_labels_dense_metric',
      title: `${c.metric} needs (B, ${c.K}) labels`,
      explanation:
        why[c.metric] ??
        `${c.metric} compares every output unit with a 0/1 label, so it needs one-hot or multi-hot labels.`,
      suggestedFix: intLabelsFix(c),
    };
  }
  if (
    c.resolved === 'sparse_categorical_accuracy' ||
    c.resolved === 'sparse_top_k_categorical_accuracy'
  ) {
    return {
      ...base,
      code: 'dense_labels_sparse_metric',
      title: `${c.metric} needs class ids`,
      explanation: `${c.metric} compares a class id per image with the outputs, but these labels are (B, ${c.K}) rows; Keras 3 only squeezes a (B, 1) column, so the shapes don't match and the first batch fails.`,
      suggestedFix: denseLabelsFix(c),
    };
  }
  return {
    ...base,
    code: 'keras_error',
    title: `Keras stops with ${e.kerasType}`,
    explanation: `Keras cannot compute ${c.metric} for labels and outputs of these shapes.`,
    suggestedFix: fix({ metric: 'accuracy' }),
  };
}

/** B equal to K (or 1) lets a broken metric broadcast silently. */
export function metricSilentFinding(c: CheckContext): Finding | null {
  const broadcasts =
    (c.labels === 'int' && c.resolved === 'binary_accuracy' && c.K > 1) ||
    (c.labels !== 'int' && c.resolved === 'sparse_categorical_accuracy');
  if (!broadcasts) return null;
  return silentBroadcastFinding(
    c,
    c.metric,
    c.labels === 'int' ? intLabelsFix(c) : denseLabelsFix(c),
  );
}

/** Findings about a metric that runs. */
export function metricFindings(c: CheckContext): Finding[] {
  const out: Finding[] = [];
  const silent = metricSilentFinding(c);
  if (silent) out.push(silent);
  const m = c.resolved;
  if (c.metric === 'accuracy') {
    out.push({
      level: 'info',
      code: 'accuracy_resolved',
      title: `'accuracy' means ${m} here`,
      explanation:
        `Keras 3 picks the accuracy from the shapes of the first batch, not from the loss: class ids (B,) give sparse_categorical_accuracy, (B, ${c.K}) rows give categorical_accuracy, a single output unit gives binary_accuracy. The history key stays 'accuracy'.` +
        (c.loss === 'binary_crossentropy' && !c.multiLabel
          ? ' TF.js and Keras before 2.2 chose binary accuracy for binary_crossentropy, which scores 0.9 for a model that predicts nothing; Keras 3 does not.'
          : ''),
    });
  }
  if (c.multiLabel && (m === 'categorical_accuracy' || m === 'top_k_categorical_accuracy')) {
    out.push({
      level: 'warning',
      code: 'argmax_metric_multilabel',
      title:
        c.metric === 'accuracy'
          ? "'accuracy' became categorical_accuracy, which sees only one digit"
          : `${m} sees only one digit per image`,
      explanation: `${m} takes the arg-max of the label row, which is the lowest-numbered digit present, and compares it with the ${m === 'categorical_accuracy' ? 'top prediction' : 'top 5 predictions'}. Every other digit in the image is ignored. binary_accuracy scores every digit; subset_accuracy asks for all of them at once.`,
      suggestedFix: fix({ metric: 'binary_accuracy' }),
    });
  }
  if (m === 'categorical_accuracy' && c.labels === 'int') {
    out.push({
      level: 'warning',
      code: 'categorical_metric_int_labels',
      title: "categorical_accuracy can't read class ids",
      explanation:
        'categorical_accuracy first takes the arg-max of each label row. A (B,) vector of class ids has no rows: its arg-max is the position of the largest id in the batch, a single number that Keras then compares with every prediction. No error, just a meaningless score.',
      suggestedFix: fix({ metric: 'accuracy' }),
    });
  }
  if ((THRESHOLD_METRICS as readonly string[]).includes(m) && c.activation === 'linear') {
    out.push({
      level: 'warning',
      code: 'threshold_on_logits',
      title: `${m} thresholds logits at 0.5`,
      explanation:
        `${m} counts an output as "yes" when it is above 0.5, applied to what the model outputs. With a linear output those are logits, and a logit of 0.5 is a probability of 0.62, so the score is off. In Keras you would pass BinaryAccuracy(threshold=0.0) for logits.` +
        (c.loss === 'weighted_binary_crossentropy' && c.multiLabel
          ? ' The weighted loss needs a linear output, so only binary_crossentropy with a sigmoid output gives this metric probabilities.'
          : ''),
      suggestedFix: !c.multiLabel
        ? fix({ metric: 'accuracy' })
        : c.loss === 'weighted_binary_crossentropy'
          ? fix({ loss: 'binary_crossentropy', activation: 'sigmoid', fromLogits: false })
          : fix({ activation: 'sigmoid', fromLogits: false }),
    });
  }
  if (!c.multiLabel && c.labels !== 'int') out.push(...singleLabelTraps(c));
  if (c.multiLabel && m === 'binary_accuracy') {
    out.push({
      level: 'info',
      code: 'binary_accuracy_baseline',
      title: `binary_accuracy averages ${c.K} yes/no answers`,
      explanation:
        'Most digits are absent from most images, so predicting "none" already scores high. Watch subset_accuracy (every digit right) or hamming_loss as well.',
    });
  }
  if (m === 'top_k_categorical_accuracy' || m === 'sparse_top_k_categorical_accuracy') {
    out.push(
      c.K <= 5
        ? {
            level: 'warning',
            code: 'top_k_trivial',
            title: `With ${c.K} classes, top-5 accuracy is always 1`,
            explanation: `Keras' top-k metrics use k = 5. With only ${c.K} classes every class is in the top 5, so the metric is 1.0 whatever the model does.`,
            suggestedFix: fix({ metric: 'accuracy' }),
          }
        : {
            level: 'info',
            code: 'top_k_lenient',
            title: 'Top-5 accuracy is lenient',
            explanation: `It counts a hit when the right digit is among the 5 highest outputs: half of the ${c.K} digits, so even random guessing scores about ${(5 / c.K).toFixed(1)}.`,
          },
    );
  }
  return out;
}

function singleLabelTraps(c: CheckContext): Finding[] {
  const m = c.resolved;
  if (m === 'binary_accuracy') {
    return [
      {
        level: 'warning',
        code: 'binary_accuracy_single_label',
        title: 'binary_accuracy rewards predicting nothing',
        explanation: `binary_accuracy scores each of the ${c.K} outputs as a separate yes/no answer. With one digit per image, ${c.K - 1} of the ${c.K} answers are "no", so a model that predicts nothing at all already scores ${((c.K - 1) / c.K).toFixed(2)}. Use 'accuracy' (categorical here): is the top output the right digit?`,
        suggestedFix: fix({ metric: 'accuracy' }),
      },
    ];
  }
  if (m === 'subset_accuracy' || m === 'hamming_loss') {
    return [
      {
        level: 'warning',
        code: 'multilabel_metric_single_label',
        title: `${m} is a multi-label metric`,
        explanation:
          m === 'subset_accuracy'
            ? `subset_accuracy counts an image only if all ${c.K} thresholded outputs are right: the true digit above 0.5 and every other below. With one digit per image that is stricter than accuracy, and Keras has no such metric.`
            : `Hamming loss is the share of the ${c.K} yes/no answers that are wrong. With one digit per image, answering "no" everywhere already gives ${(1 / c.K).toFixed(1)}, which looks good and means nothing.`,
        suggestedFix: fix({ metric: 'accuracy' }),
      },
    ];
  }
  return [];
}
