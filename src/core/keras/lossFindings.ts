/**
 * Findings about a loss that runs: from_logits mistakes, probability losses on raw outputs,
 * cross activation/loss pairs (and what each semantics makes of them), multi-label traps, and
 * the regression-style losses.
 */
import type { LossName } from '../config';
import type { CheckContext, Finding } from './findings';
import { fix, matchingLossFix } from './findings';
import { activationAppliedTwice, lossPath } from './formulas';

const CE_LOSSES: readonly LossName[] = [
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
];

const SQUASH: Record<'sigmoid' | 'softmax', string> = {
  sigmoid: 'a sigmoid squashes each output into (0, 1)',
  softmax: 'a softmax turns the outputs into probabilities that add up to 1',
};

function fromLogitsFinding(c: CheckContext, act: 'sigmoid' | 'softmax', warning?: string): Finding {
  const lossAct = c.loss === 'binary_crossentropy' ? 'sigmoid' : 'softmax';
  const explanation =
    c.semantics === 'tf'
      ? `from_logits=True says the outputs are raw scores (logits), but ${SQUASH[act]} first. On TensorFlow, Keras notices: it finds the logits the ${act} left behind, uses those and prints a warning, so the numbers happen to be right. On JAX or PyTorch the ${lossAct} would be applied a second time. Turn from_logits off, or make the output linear.`
      : `from_logits=True says the outputs are raw scores (logits), but ${SQUASH[act]} first. Keras on JAX or PyTorch believes you and applies a ${lossAct} on top: squashed twice, the predictions barely move (a sigmoid of a probability stays between 0.5 and 0.73; a softmax of numbers in [0, 1] is almost uniform), so the loss stays high and training crawls.`;
  return {
    level: 'warning',
    code: 'from_logits_after_activation',
    title: `from_logits=True, but the output is already a ${act}`,
    explanation,
    ...(warning ? { kerasMessage: warning } : {}),
    suggestedFix: fix({ fromLogits: false }),
  };
}

function rawOutputFinding(c: CheckContext): Finding {
  const how: Partial<Record<LossName, string>> = {
    binary_crossentropy:
      'clips the raw outputs into [1e-7, 1 − 1e-7] and takes their logs. Every output outside that range is flattened to the edge and gets no gradient, so the model learns slowly or not at all.',
    categorical_crossentropy:
      'divides the raw outputs by their sum to make "probabilities", then clips them into [1e-7, 1 − 1e-7]. Raw scores can be negative, so the sum can be near zero or negative: the loss jumps around or turns into NaN.',
    sparse_categorical_crossentropy:
      c.semantics === 'tf'
        ? 'clips the raw outputs into [1e-7, 1 − 1e-7] and then divides by their sum. Negative scores all become 1e-7, with no gradient, so most of the model stops learning.'
        : 'divides the raw outputs by their sum and clips them into [1e-7, 1 − 1e-7]. Raw scores can be negative, so the sum can be near zero or negative: the loss jumps around or turns into NaN.',
  };
  return {
    level: 'warning',
    code: 'probability_loss_on_raw_outputs',
    title: `${c.loss} expects probabilities, but the output is linear`,
    explanation: `With from_logits=False Keras treats the raw outputs as probabilities: it ${how[c.loss] ?? ''} Set from_logits=True so Keras applies the ${c.loss === 'binary_crossentropy' ? 'sigmoid' : 'softmax'} itself, exactly.`,
    suggestedFix: fix({ fromLogits: true }),
  };
}

function crossPairFinding(c: CheckContext): Finding | null {
  const softmaxBce = c.activation === 'softmax' && c.loss === 'binary_crossentropy';
  const sigmoidCce =
    c.activation === 'sigmoid' &&
    (c.loss === 'categorical_crossentropy' || c.loss === 'sparse_categorical_crossentropy');
  if ((!softmaxBce && !sigmoidCce) || (softmaxBce && c.multiLabel)) return null;
  if (c.semantics === 'tf') {
    return {
      level: 'info',
      code: 'cross_activation_cached_logits',
      title: softmaxBce
        ? "softmax output with binary_crossentropy: Keras uses the softmax's logits"
        : `sigmoid output with ${c.loss}: Keras uses the sigmoid's logits`,
      explanation: softmaxBce
        ? `On TensorFlow, binary_crossentropy finds the logits under the softmax and applies a sigmoid cross-entropy to each, as if the model ended in ${c.K} independent sigmoids. It trains like sigmoid + binary_crossentropy, while the outputs you see (and the metric uses) are softmax probabilities; the loss is not the binary cross-entropy of those probabilities. JAX or PyTorch would compute something else.`
        : `On TensorFlow, ${c.loss} finds the logits under the sigmoid and applies a softmax cross-entropy to them: the loss and the training are exactly those of a softmax model. The outputs you see are still sigmoids, which don't add up to 1, but their arg-max is the same. JAX or PyTorch would compute something else.`,
    };
  }
  return {
    level: 'warning',
    code: 'mismatched_activation_loss',
    title: softmaxBce ? 'binary_crossentropy on softmax outputs' : `${c.loss} on sigmoid outputs`,
    explanation: softmaxBce
      ? `binary_crossentropy scores each of the ${c.K} softmax probabilities as a separate yes/no answer, though the softmax ties them together. It trains, more slowly than the textbook pair, and its value can't be compared with categorical cross-entropy. For one digit per image use categorical_crossentropy.`
      : `Keras on JAX or PyTorch divides the ${c.K} sigmoid outputs by their sum and takes the log. It trains, more slowly than softmax + cross-entropy, and the sigmoids you see don't add up to 1. Use a softmax output.`,
    suggestedFix: softmaxBce
      ? fix(
          c.labels === 'int'
            ? { loss: 'sparse_categorical_crossentropy' }
            : { loss: 'categorical_crossentropy' },
        )
      : fix({ activation: 'softmax' }),
  };
}

/** Findings about the loss path, for a configuration whose loss runs without error. */
export function lossFindings(c: CheckContext, kerasWarnings: readonly string[]): Finding[] {
  const out: Finding[] = [];
  const act = c.activation;
  const ce = CE_LOSSES.includes(c.loss);
  if (ce && act !== 'linear' && c.fromLogits) out.push(fromLogitsFinding(c, act, kerasWarnings[0]));
  if (ce && act === 'linear' && lossPath(c) === 'probabilities') out.push(rawOutputFinding(c));
  const cross = crossPairFinding(c);
  if (cross && !(c.semantics === 'plain' && c.fromLogits)) out.push(cross);
  if (c.multiLabel && act === 'softmax') {
    out.push({
      level: 'warning',
      code: 'softmax_multilabel',
      title: "Softmax can't say yes to several digits",
      explanation:
        `Softmax makes the ${c.K} outputs compete: they always add up to 1, so when two digits are present each can reach at most 0.5 and neither passes the 0.5 threshold. Use sigmoid, which scores every digit on its own.` +
        (c.semantics === 'tf' && c.loss === 'binary_crossentropy'
          ? ' (On TensorFlow binary_crossentropy even trains the logits as independent sigmoids, but the outputs and the metric still go through the softmax.)'
          : ''),
      suggestedFix:
        c.loss === 'weighted_binary_crossentropy'
          ? fix({ activation: 'linear' })
          : fix(
              ce && c.loss !== 'binary_crossentropy'
                ? { activation: 'sigmoid', loss: 'binary_crossentropy' }
                : { activation: 'sigmoid' },
            ),
    });
  }
  if (c.multiLabel && c.loss === 'categorical_crossentropy') {
    out.push({
      level: 'warning',
      code: 'cce_multihot',
      title: 'categorical_crossentropy with several 1s per row',
      explanation:
        'Keras accepts multi-hot targets and adds −log p for every digit present. But a softmax can at best share the probability between the present digits (0.5 each for two), so no output becomes confident. binary_crossentropy with a sigmoid output scores each digit on its own.',
      suggestedFix: fix({
        loss: 'binary_crossentropy',
        ...(act === 'softmax' ? { activation: 'sigmoid' as const } : {}),
      }),
    });
  }
  if (c.loss === 'mean_squared_error') {
    out.push({
      level: 'warning',
      code: 'mse_for_classification',
      title: 'Mean squared error is a regression loss',
      explanation:
        act === 'linear'
          ? `On a linear output this is least-squares classification: the ${c.K} outputs are pulled towards 0 and 1. It trains, but it also punishes outputs for being "too right" (above 1), and it learns more slowly than cross-entropy.`
          : `MSE pulls the ${c.K} outputs towards 0 and 1 like numbers in a regression. After a ${act} its gradient fades as the outputs saturate, so a confidently wrong prediction learns slowly; cross-entropy does not have that problem.`,
      suggestedFix: matchingLossFix(c),
    });
  }
  if (c.loss === 'kl_divergence') out.push(kldFinding(c));
  if (c.loss === 'weighted_binary_crossentropy') out.push(...weightedFindings(c));
  if (c.loss === 'binary_crossentropy' && !c.multiLabel && act !== 'softmax') {
    out.push({
      level: 'info',
      code: 'one_vs_rest',
      title: `${c.K} independent yes/no questions`,
      explanation: `Sigmoid + binary_crossentropy treats the ${c.K} digits as separate yes/no questions. That trains fine with one digit per image; the outputs just don't add up to 1. softmax + categorical_crossentropy is the usual pair when exactly one digit is present.`,
    });
  }
  if (c.loss === 'sparse_categorical_crossentropy') {
    out.push({
      level: 'info',
      code: 'sparse_label_range',
      title: `Class ids must lie in 0…${c.K - 1}`,
      explanation:
        c.semantics === 'tf'
          ? `On TensorFlow a class id outside 0…${c.K - 1} stops training with "Received a label value of ${c.K} which is outside the valid range of [0, ${c.K})" (a GPU gives NaN instead).`
          : `On JAX an id outside 0…${c.K - 1} gets an all-zero one-hot row and silently adds 0 to the loss, so a labelling bug goes unnoticed (TensorFlow raises an error, PyTorch an IndexError).`,
    });
  }
  return out;
}

function kldFinding(c: CheckContext): Finding {
  const base = { code: 'kl_divergence', suggestedFix: matchingLossFix(c) };
  if (c.multiLabel) {
    return {
      ...base,
      level: 'warning',
      title: 'Multi-hot rows are not distributions',
      explanation:
        'KL divergence compares two probability distributions, but a multi-hot row can add up to 2 or 3, so the number means nothing here. Use binary_crossentropy with a sigmoid output.',
    };
  }
  if (c.activation === 'softmax') {
    return {
      level: 'info',
      code: 'kl_divergence',
      title: 'KL divergence equals categorical cross-entropy here',
      explanation:
        'With one-hot targets the target has no entropy of its own, so KL divergence is categorical cross-entropy, apart from tiny terms from Keras clipping the zeros of y up to 1e-7. It is computed from the clipped probabilities, without the logits.',
    };
  }
  return {
    ...base,
    level: 'warning',
    title:
      c.activation === 'sigmoid'
        ? 'Sigmoid outputs are not a distribution'
        : 'KL divergence on raw outputs',
    explanation:
      c.activation === 'sigmoid'
        ? "KL divergence assumes both rows add up to 1. Sigmoid outputs don't, and with one-hot targets only the true digit's output is scored: nothing pushes the wrong digits down, so setting every output to 1 reaches a loss of 0."
        : 'Keras clips the raw outputs into [1e-7, 1] and uses them as probabilities without normalising: negative outputs all become 1e-7 with no gradient, and nothing pushes the wrong digits down.',
  };
}

function weightedFindings(c: CheckContext): Finding[] {
  const out: Finding[] = [
    {
      level: 'info',
      code: 'weighted_bce_not_keras',
      title: 'Keras has no weighted binary cross-entropy',
      explanation: `LossLab computes tf.nn.weighted_cross_entropy_with_logits (PyTorch: BCEWithLogitsLoss(pos_weight=…)): the sigmoid cross-entropy with the "digit present" term multiplied by pos_weight, averaged over the ${c.K} units like binary_crossentropy. It always takes logits, so from_logits changes nothing. In Keras you would write it as a custom loss; BinaryFocalCrossentropy(apply_class_balancing=True) is the closest built-in.`,
    },
  ];
  if (activationAppliedTwice(c)) {
    out.push({
      level: 'warning',
      code: 'weighted_bce_activation_twice',
      title: `The ${c.activation} is applied twice`,
      explanation: `weighted_cross_entropy_with_logits treats its input as logits and applies its own sigmoid; it never looks for cached logits, on any backend. After a ${c.activation} output the predictions are squashed twice (a sigmoid of a probability stays between 0.5 and 0.73), so the loss cannot get low. Use a linear output.`,
      suggestedFix: fix({ activation: 'linear' }),
    });
  }
  return out;
}
