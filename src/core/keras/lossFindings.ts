/**
 * Findings about a loss that runs: from_logits mistakes, probability losses on raw outputs,
 * cross activation/loss pairs (and what each semantics makes of them), multi-label traps; then
 * the loss's own notes from its catalogue entry (regression-style losses, custom losses, …).
 * Everything here reads the loss's properties from the catalogue, never its name.
 */
import type { LossEntry, LossFamily, LossNote } from '../catalogue';
import { appliedTwice, lossEntry, lossPathOf, multiLabelPatch, takesKeyword } from '../catalogue';
import type { CheckContext, Finding, RunClaim } from './findings';
import { fix } from './findings';

const SQUASH: Record<'sigmoid' | 'softmax', string> = {
  sigmoid: 'a sigmoid squashes each output into (0, 1)',
  softmax: 'a softmax turns the outputs into probabilities that add up to 1',
};

const SIGMOID_OR_SOFTMAX: Record<LossFamily, 'sigmoid' | 'softmax'> = {
  binary: 'sigmoid',
  categorical: 'softmax',
  sparse: 'softmax',
  elementwise: 'softmax',
};

function fromLogitsFinding(
  c: CheckContext,
  entry: LossEntry,
  act: 'sigmoid' | 'softmax',
  warning?: string,
): Finding {
  const lossAct = SIGMOID_OR_SOFTMAX[entry.family];
  const said = `from_logits=True says the outputs are raw scores (logits), but ${SQUASH[act]} first.`;
  // What the run shows, checked on real digits: a softmax squashed twice lags behind, a sigmoid
  // squashed twice stalls a binary loss but still learns the arg-max of a softmax one.
  const outcome: { text: string; claims: RunClaim[] } =
    act === 'softmax'
      ? { text: ' and the accuracy lags behind', claims: [{ kind: 'crawls' }] }
      : entry.family === 'binary'
        ? { text: ' and training stalls', claims: [{ kind: 'stalls' }] }
        : { text: ', though the arg-max, and with it the accuracy, is still learned', claims: [] };
  const twice = `squashed twice, the predictions barely move (a sigmoid of a probability stays between 0.5 and 0.73; a softmax of numbers in [0, 1] is almost uniform), so the loss stays high${outcome.text}.`;
  const explanation = !appliedTwice(entry, c)
    ? `${said} On TensorFlow, Keras notices: it finds the logits the ${act} left behind, uses those and prints a warning, so the numbers happen to be right. On JAX or PyTorch the ${lossAct} would be applied a second time. Turn from_logits off, or make the output linear.`
    : c.semantics === 'tf'
      ? `${said} Even on TensorFlow, ${c.loss} does not look for the logits under the ${act}: it takes the ${act} outputs as logits and applies a ${lossAct} on top, without a warning. ${twice[0]?.toUpperCase()}${twice.slice(1)} Turn from_logits off, or make the output linear.`
      : `${said} Keras on JAX or PyTorch believes you and applies a ${lossAct} on top: ${twice}`;
  const quirk = !appliedTwice(entry, c);
  return {
    // Right on TensorFlow only: it finds the logits the activation left behind.
    level: quirk ? 'quirk' : 'warning',
    code: 'from_logits_after_activation',
    title: `from_logits=True, but the output is already a ${act}`,
    explanation,
    ...(warning ? { kerasMessage: warning } : {}),
    suggestedFix: fix({ fromLogits: false }),
    claims: quirk ? [{ kind: 'trains_like', patch: { activation: 'linear' } }] : outcome.claims,
  };
}

/**
 * What a probability loss does with raw scores, and what the run shows (checked on real digits):
 * normalising first leaves most "probabilities" outside [1e-7, 1 − 1e-7], so training stalls;
 * clipping first (TensorFlow's sparse loss, every binary loss) keeps some gradient, so it crawls.
 */
const NORMALISED_THEN_CLIPPED =
  'divides the raw outputs by their sum to make "probabilities", then clips them into [1e-7, 1 − 1e-7]. Raw scores can be negative or larger than their sum, so most of these "probabilities" land outside that range and are clipped to its edge, where they pass no gradient at all: the loss stays flat, far above the softmax model\'s, and training stalls with the accuracy far below it.';

function rawOutputFinding(c: CheckContext, entry: LossEntry): Finding {
  const how: Record<LossFamily, string> = {
    binary:
      'clips the raw outputs into [1e-7, 1 − 1e-7] and takes their logs. Every output outside that range is flattened to the edge and gets no gradient, so the model learns, but more slowly than with from_logits=True.',
    categorical: NORMALISED_THEN_CLIPPED,
    sparse:
      c.semantics === 'tf'
        ? 'clips the raw outputs into [1e-7, 1 − 1e-7] and then divides by their sum. Every negative score becomes 1e-7 and every score above 1 becomes 1 − 1e-7, with no gradient, so most outputs stop learning: the model learns, but slowly.'
        : NORMALISED_THEN_CLIPPED,
    elementwise: '',
  };
  const stalls =
    entry.family === 'categorical' || (entry.family === 'sparse' && c.semantics !== 'tf');
  const exactly = lossPathOf(entry, { ...c, fromLogits: true }) === 'logits' ? ', exactly' : '';
  return {
    level: 'warning',
    code: 'probability_loss_on_raw_outputs',
    title: `${c.loss} expects probabilities, but the output is linear`,
    explanation: `With from_logits=False Keras treats the raw outputs as probabilities: it ${how[entry.family]} Set from_logits=True so Keras applies the ${SIGMOID_OR_SOFTMAX[entry.family]} itself${exactly}.`,
    suggestedFix: fix({ fromLogits: true }),
    claims: [{ kind: stalls ? 'stalls' : 'crawls' }],
  };
}

function crossPairFinding(c: CheckContext, entry: LossEntry): Finding | null {
  const softmaxBce = c.activation === 'softmax' && entry.family === 'binary' && entry.logitsCache;
  const sigmoidCce =
    c.activation === 'sigmoid' && (entry.family === 'categorical' || entry.family === 'sparse');
  if ((!softmaxBce && !sigmoidCce) || (softmaxBce && c.multiLabel)) return null;
  const textbook = softmaxBce
    ? fix(
        c.labels === 'int'
          ? { loss: 'sparse_categorical_crossentropy' }
          : { loss: 'categorical_crossentropy' },
      )
    : fix({ activation: 'softmax' });
  if (c.semantics === 'tf') {
    if (lossPathOf(entry, c) !== 'cached-logits') return null;
    // A focal factor reads the activation's outputs themselves, so only the rest trains alike.
    const focal = takesKeyword(entry, 'gamma');
    return {
      // The numbers are right only because TensorFlow keeps the logits under the activation.
      level: 'quirk',
      code: 'cross_activation_cached_logits',
      title: softmaxBce
        ? `softmax output with ${c.loss}: Keras uses the softmax's logits`
        : `sigmoid output with ${c.loss}: Keras uses the sigmoid's logits`,
      explanation: softmaxBce
        ? `On TensorFlow, ${c.loss} finds the logits under the softmax and applies a sigmoid cross-entropy to each, as if the model ended in ${c.K} independent sigmoids. ${focal ? 'Its cross-entropy part trains like a sigmoid output (the focal factor reads the softmax outputs)' : `It trains like sigmoid + ${c.loss}`}, while the outputs you see (and the metric uses) are softmax probabilities; the loss is not the binary cross-entropy of those probabilities. JAX or PyTorch would compute something else.`
        : `On TensorFlow, ${c.loss} finds the logits under the sigmoid and applies a softmax cross-entropy to them: the loss and the training are exactly those of a softmax model. The outputs you see are still sigmoids, which don't add up to 1, but their arg-max is the same. JAX or PyTorch would compute something else: use a softmax output to get the same numbers everywhere.`,
      suggestedFix: textbook,
      claims: focal
        ? []
        : [{ kind: 'trains_like', patch: { activation: softmaxBce ? 'sigmoid' : 'softmax' } }],
    };
  }
  if (c.fromLogits) return null;
  return {
    level: 'warning',
    code: 'mismatched_activation_loss',
    title: softmaxBce ? `${c.loss} on softmax outputs` : `${c.loss} on sigmoid outputs`,
    explanation: softmaxBce
      ? `${c.loss} scores each of the ${c.K} softmax probabilities as a separate yes/no answer, though the softmax ties them together. It trains, nearly as well as the textbook pair on a small run, but its value can't be compared with categorical cross-entropy. For one ${c.noun.one} per image use categorical_crossentropy.`
      : `Keras on JAX or PyTorch divides the ${c.K} sigmoid outputs by their sum and takes the log. It trains, nearly as well as softmax + cross-entropy on a small run, but the loss is not the cross-entropy of a distribution and the sigmoids you see don't add up to 1. Use a softmax output.`,
    suggestedFix: textbook,
  };
}

function softmaxMultiLabelFinding(c: CheckContext, entry: LossEntry): Finding {
  const cachedBinary = entry.family === 'binary' && lossPathOf(entry, c) === 'cached-logits';
  return {
    level: 'warning',
    code: 'softmax_multilabel',
    title: "Softmax can't say yes to several digits",
    explanation:
      `Softmax makes the ${c.K} outputs compete: they always add up to 1, so when two digits are present each can reach at most 0.5 and neither passes the 0.5 threshold. Use sigmoid, which scores every digit on its own.` +
      (cachedBinary
        ? ` (On TensorFlow ${c.loss} even trains the logits as independent sigmoids, but the outputs and the metric still go through the softmax.)`
        : ''),
    suggestedFix: fix(multiLabelPatch(entry, c)),
  };
}

function fromNote(note: LossNote): Finding {
  const { fix: patch, ...finding } = note;
  return patch ? { ...finding, suggestedFix: fix(patch) } : finding;
}

/** Findings about the loss path, for a configuration whose loss runs without error. */
export function lossFindings(c: CheckContext, kerasWarnings: readonly string[]): Finding[] {
  const entry = lossEntry(c.loss);
  const out: Finding[] = [];
  const act = c.activation;
  const path = lossPathOf(entry, c);
  const takesFromLogits = takesKeyword(entry, 'fromLogits');
  if (takesFromLogits && act !== 'linear' && c.fromLogits) {
    out.push(fromLogitsFinding(c, entry, act, kerasWarnings[0]));
  }
  // With from_logits=True the loss applied its own sigmoid first (focal loss on JAX): not raw.
  if (takesFromLogits && act === 'linear' && path === 'probabilities' && !c.fromLogits) {
    out.push(rawOutputFinding(c, entry));
  }
  const cross = crossPairFinding(c, entry);
  if (cross) out.push(cross);
  if (c.multiLabel && act === 'softmax') out.push(softmaxMultiLabelFinding(c, entry));
  if (c.multiLabel && entry.family === 'categorical') {
    out.push({
      level: 'warning',
      code: 'cce_multihot',
      title: `${c.loss} with several 1s per row`,
      explanation:
        'Keras accepts multi-hot targets and adds −log p for every digit present. But a softmax can at best share the probability between the present digits (0.5 each for two), so no output becomes confident. binary_crossentropy with a sigmoid output scores each digit on its own.',
      suggestedFix: fix(multiLabelPatch(entry, c)),
    });
  }
  const notes = entry.notes?.({
    activation: act,
    fromLogits: c.fromLogits,
    semantics: c.semantics,
    labels: c.labels,
    multiLabel: c.multiLabel,
    K: c.K,
    path,
    appliedTwice: appliedTwice(entry, c),
    ...(c.posWeight !== undefined ? { posWeight: c.posWeight } : {}),
  });
  out.push(...(notes ?? []).map(fromNote));
  if (entry.family === 'binary' && entry.logitsCache && !c.multiLabel && act !== 'softmax') {
    out.push({
      level: 'info',
      code: 'one_vs_rest',
      title: `${c.K} independent yes/no questions`,
      explanation: `${act === 'sigmoid' ? 'Sigmoid' : 'A linear output'} + ${c.loss} treats the ${c.K} ${c.noun.many} as separate yes/no questions. That trains fine with one ${c.noun.one} per image; the outputs just don't add up to 1. softmax + categorical_crossentropy is the usual pair when exactly one ${c.noun.one} is present.`,
    });
  }
  if (entry.family === 'sparse') {
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
