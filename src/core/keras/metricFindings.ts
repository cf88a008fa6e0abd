/**
 * Findings about the accuracy metric: errors Keras raises for the label shape, silent nonsense it
 * computes without raising, and the classic traps (binary accuracy's ~0.9, thresholds on logits,
 * arg-max metrics on multi-label targets).
 */
import { DEFAULT_THRESHOLD, TOP_K, lossEntry, metricEntry, multiLabelPatch } from '../catalogue';
import type { KerasError } from './errors';
import type { CheckContext, Finding, SuggestedFix } from './findings';
import { fix, silentBroadcastFinding } from './findings';

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
    return {
      ...base,
      code: 'int_labels_dense_metric',
      title: `${c.metric} needs (B, ${c.K}) labels`,
      explanation:
        metricEntry(c.resolved).intLabelsError?.(c.K) ??
        `${c.metric} compares every output unit with a 0/1 label, so it needs one-hot or multi-hot labels.`,
      suggestedFix: intLabelsFix(c),
    };
  }
  if (metricEntry(c.resolved).labels === 'ids') {
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
    (c.labels === 'int' && metricEntry(c.resolved).engine === 'binary' && c.K > 1) ||
    (c.labels !== 'int' && metricEntry(c.resolved).engine === 'sparse_categorical');
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
  const entry = metricEntry(m);
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
  if (c.multiLabel && entry.labels === 'argmax') {
    out.push({
      level: 'warning',
      code: 'argmax_metric_multilabel',
      title:
        c.metric === 'accuracy'
          ? "'accuracy' became categorical_accuracy, which sees only one digit"
          : `${m} sees only one digit per image`,
      explanation: `${m} takes the arg-max of the label row, which is the lowest-numbered digit present, and compares it with the ${entry.topK ? `top ${TOP_K} predictions` : 'top prediction'}. Every other digit in the image is ignored. binary_accuracy scores every digit; subset_accuracy asks for all of them at once.`,
      suggestedFix: fix({ metric: 'binary_accuracy' }),
    });
  }
  if (entry.labels === 'argmax' && !entry.topK && c.labels === 'int') {
    out.push({
      level: 'warning',
      code: 'categorical_metric_int_labels',
      title: "categorical_accuracy can't read class ids",
      explanation:
        'categorical_accuracy first takes the arg-max of each label row. A (B,) vector of class ids has no rows: its arg-max is the position of the largest id in the batch, a single number that Keras then compares with every prediction. No error, just a meaningless score near chance, however well the model learns.',
      suggestedFix: fix({ metric: 'accuracy' }),
      claims: [{ kind: 'near_chance' }],
    });
  }
  if (entry.threshold && c.activation === 'linear') {
    const t = DEFAULT_THRESHOLD;
    out.push({
      level: 'warning',
      code: 'threshold_on_logits',
      title: `${m} thresholds logits at ${t}`,
      explanation:
        `${m} counts an output as "yes" when it is above ${t}, applied to what the model outputs. With a linear output those are logits, and a logit of ${t} is a probability of ${(1 / (1 + Math.exp(-t))).toFixed(2)}, so the score is off. In Keras you would pass BinaryAccuracy(threshold=0.0) for logits.` +
        (c.loss === 'weighted_binary_crossentropy' && c.multiLabel
          ? ' The weighted loss needs a linear output, so only binary_crossentropy with a sigmoid output gives this metric probabilities.'
          : ''),
      suggestedFix: !c.multiLabel
        ? fix({ metric: 'accuracy' })
        : fix(multiLabelPatch(lossEntry(c.loss), c, 'probabilities')),
    });
  }
  // The binary task asks one yes/no question: binary_accuracy is its accuracy, not a trap.
  if (!c.multiLabel && c.task !== 'binary' && c.labels !== 'int') out.push(...singleLabelTraps(c));
  if (c.multiLabel && entry.engine === 'binary') {
    out.push({
      level: 'info',
      code: 'binary_accuracy_baseline',
      title: `binary_accuracy averages ${c.K} yes/no answers`,
      explanation:
        'Most digits are absent from most images, so predicting "none" already scores high. Watch subset_accuracy (every digit right) or hamming_loss as well.',
    });
  }
  if (entry.topK) {
    const k = TOP_K;
    out.push(
      c.K <= k
        ? {
            level: 'warning',
            code: 'top_k_trivial',
            title: `With ${c.K} classes, top-${k} accuracy is always 1`,
            explanation: `Keras' top-k metrics use k = ${k}. With only ${c.K} classes every class is in the top ${k}, so the metric is 1.0 whatever the model does.`,
            suggestedFix: fix({ metric: 'accuracy' }),
          }
        : {
            level: 'info',
            code: 'top_k_lenient',
            title: `Top-${k} accuracy is lenient`,
            explanation: `It counts a hit when the right ${c.noun.one} is among the ${k} highest outputs: ${k * 2 === c.K ? 'half' : `${k} out of ${c.K}`} of the ${c.noun.many}, so even random guessing scores about ${(k / c.K).toFixed(1)}, and it reads well above the model's plain accuracy.`,
            claims: [{ kind: 'inflated' }],
          },
    );
  }
  return out;
}

function singleLabelTraps(c: CheckContext): Finding[] {
  const m = c.resolved;
  const entry = metricEntry(m);
  if (entry.engine === 'binary') {
    return [
      {
        level: 'warning',
        code: 'binary_accuracy_single_label',
        title: 'binary_accuracy rewards predicting nothing',
        explanation: `binary_accuracy scores each of the ${c.K} outputs as a separate yes/no answer. With one ${c.noun.one} per image, ${c.K - 1} of the ${c.K} answers are "no", so a model that predicts nothing at all already scores ${((c.K - 1) / c.K).toFixed(2)}. Use 'accuracy' (categorical here): is the top output the right ${c.noun.one}?`,
        suggestedFix: fix({ metric: 'accuracy' }),
        claims: [{ kind: 'inflated' }],
      },
    ];
  }
  if (entry.kerasClass === null) {
    return [
      {
        level: 'warning',
        code: 'multilabel_metric_single_label',
        title: `${m} is a multi-label metric`,
        explanation:
          m === 'subset_accuracy'
            ? `subset_accuracy counts an image only if all ${c.K} thresholded outputs are right: the true ${c.noun.one} above ${DEFAULT_THRESHOLD} and every other below. With one ${c.noun.one} per image that is stricter than accuracy, and Keras has no such metric.`
            : `Hamming loss is the share of the ${c.K} yes/no answers that are wrong. With one ${c.noun.one} per image, answering "no" everywhere already gives ${(1 / c.K).toFixed(1)}, which looks good and means nothing.`,
        suggestedFix: fix({ metric: 'accuracy' }),
      },
    ];
  }
  return [];
}
