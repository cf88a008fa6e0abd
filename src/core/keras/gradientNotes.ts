/**
 * One line per loss and configuration on what its gradient ∂L/∂z means for training, for the loss
 * lab's gradient bars. Keyed by the catalogue's engine key, like the maths (losses.ts) and the
 * gradients (gradients.ts), so a new loss does not compile without its line. Each line says the
 * formula the bars show and what it does to learning; numbers come from the computed gradient.
 */
import type { LossEngineKey, LossPath } from '../catalogue';
import type { Activation, Semantics } from '../config';

/** What a gradient note is written for. */
export interface GradientNoteContext {
  path: LossPath;
  activation: Activation;
  semantics: Semantics;
  fromLogits: boolean;
  /** The loss squashes an activated output a second time. */
  twice: boolean;
  /** Output units. */
  K: number;
  /** Logits whose gradient is exactly 0 (a clipped probability, a saturated output…). */
  zero: number;
  /** How many 1s the label row holds (1 for int and one-hot labels). */
  positives: number;
}

const ACT_DERIVATIVE: Record<Activation, string> = {
  linear: '',
  sigmoid: ' times the sigmoid’s derivative p(1 − p)',
  softmax: ' through the softmax’s derivative pₖ(δₖⱼ − pⱼ)',
};

/** "3 of 10 logits get exactly 0", or nothing when none does. */
function zeros(c: GradientNoteContext, why: string): string {
  if (c.zero === 0) return '';
  const which = c.zero === c.K ? `All ${c.K} logits get` : `${c.zero} of ${c.K} logits get`;
  return ` Here: ${which} exactly 0 (${why}), so they cannot learn from this example.`;
}

function twiceNote(c: GradientNoteContext, own: string): string {
  return `The ${c.activation} output is read as logits, so ${own}${ACT_DERIVATIVE[c.activation]}: the doubly squashed output can never reach its label, and the pull fades where the ${c.activation} saturates.`;
}

/** Softmax cross-entropy, categorical or sparse: on logits p − y, else the clipped shares. */
function softmaxCeNote(c: GradientNoteContext, label: string): string {
  if (c.path === 'cached-logits' || (c.path === 'logits' && !c.twice)) {
    const source =
      c.path === 'cached-logits'
        ? `On TensorFlow the loss reads the ${c.activation}’s cached logits${c.activation === 'sigmoid' ? ' (a softmax of the sigmoid’s logits: the sigmoid plays no part in training)' : ''}: `
        : '';
    const multi =
      c.positives > 1 && c.semantics === 'tf'
        ? ` With ${c.positives} ones in the label, TensorFlow still backpropagates softmax(z) − y (its kernel assumes rows that sum to 1); the exact derivative would be ${c.positives}·softmax(z) − y.`
        : c.positives > 1
          ? ` With ${c.positives} ones in the label it is ${c.positives}·softmax(z) − y.`
          : '';
    return `${source}∂L/∂z = softmax(z) − ${label}, the familiar p − y: the true class is pulled up by 1 − p, every other class pushed down by its probability, hard while wrong and never clipped.${multi}`;
  }
  if (c.twice) return twiceNote(c, `∂L/∂z = softmax(p) − ${label}`);
  if (c.activation === 'softmax') {
    return `The clipped probability path: still p − ${label} while the true class’s probability is above 1e-7, but once it is clipped the whole row’s gradient is exactly 0: the most wrong predictions stop learning.${zeros(c, 'clipped')}`;
  }
  if (c.activation === 'sigmoid') {
    return `The sigmoid outputs are normalised by their sum and clipped: a softmax-like pull${ACT_DERIVATIVE.sigmoid}, which fades as the outputs saturate.${zeros(c, 'clipped or saturated')}`;
  }
  return `The raw outputs are normalised by their sum and clipped to [1e-7, 1 − 1e-7]: wherever the true class’s share falls outside (a negative output, or one above the sum) the whole row’s gradient is exactly 0. That is why a linear output with from_logits=False stalls.${zeros(c, 'clipped')}`;
}

function probabilityBceNote(c: GradientNoteContext, base: string): string {
  if (c.activation === 'linear') {
    return `${base} on the raw outputs, clipped to [1e-7, 1 − 1e-7]: an output outside that range gets exactly 0 however wrong it is.${zeros(c, 'clipped')}`;
  }
  const form = c.activation === 'sigmoid' ? ': (p − y)/K, the same pull as on logits,' : '';
  return `${base}${ACT_DERIVATIVE[c.activation]}${form} while p stays inside [1e-7, 1 − 1e-7]; an output that saturates past the clip gets exactly 0 and stops learning.${zeros(c, 'clipped')}`;
}

export const GRADIENT_NOTES: Record<LossEngineKey, (c: GradientNoteContext) => string> = {
  bce: (c) => {
    if (c.path === 'cached-logits') {
      return `On TensorFlow the loss reads the ${c.activation}’s cached logits: ∂L/∂zₖ = (σ(zₖ) − yₖ)/K${c.activation === 'softmax' ? ', a sigmoid of the softmax’s logits' : ''}. Each unit is pulled towards its label in proportion to how wrong it is, and the pull never fades while it is wrong.`;
    }
    if (c.path === 'logits') {
      return c.twice
        ? twiceNote(c, '∂L/∂z = (σ(p) − y)/K')
        : '∂L/∂zₖ = (σ(zₖ) − yₖ)/K: each unit is pulled towards its label in proportion to how wrong it is; a confidently wrong unit gets the full pull.';
    }
    return probabilityBceNote(c, '∂L/∂p = (p − y)/(p(1 − p)·K)');
  },
  cce: (c) => softmaxCeNote(c, 'y'),
  scce: (c) => softmaxCeNote(c, 'onehot(id)'),
  weighted_bce: (c) => {
    const base =
      'Absent units are pushed down by σ(x)/K as in binary cross-entropy; present units are pulled up by pos_weight·(1 − σ(x))/K, 9 times harder';
    return c.twice
      ? `${base}. But the ${c.activation} output is read as logits: x = p${ACT_DERIVATIVE[c.activation]}, so the squashed output never reaches its label and the pull fades where it saturates.`
      : `${base}, so predicting “absent” everywhere stops being cheap.`;
  },
  mse: (c) =>
    c.activation === 'linear'
      ? '∂L/∂zₖ = 2(zₖ − yₖ)/K: proportional to the error, and it also pushes outputs above 1 back down: being “too right” costs.'
      : `∂L/∂z = 2(p − y)/K${ACT_DERIVATIVE[c.activation]}: the derivative shrinks it wherever an output saturates near 0 or 1, so a confidently wrong output barely learns, where cross-entropy’s p − y would pull hardest.${zeros(c, 'saturated')}`,
  kld: (c) => {
    if (c.activation === 'softmax') {
      return `∂L/∂p = −y/p${ACT_DERIVATIVE.softmax}: with one-hot labels this is softmax(z) − y, cross-entropy’s gradient, from clipped probabilities: a true class clipped under 1e-7 gets exactly 0.${zeros(c, 'clipped')}`;
    }
    const clipped =
      c.activation === 'linear'
        ? ' The raw outputs are clipped to [1e-7, 1]: negative ones and ones above 1 get exactly 0.'
        : '';
    return `∂L/∂p = −y/p${ACT_DERIVATIVE[c.activation]}: only the labelled outputs are pulled up; an absent one gets only 1e-7/p from its clipped zero label, so nothing pushes wrong digits down.${clipped}${zeros(c, 'clipped')}`;
  },
  focal_bce: (c) => {
    const read =
      c.path === 'probabilities'
        ? ' It comes from the clipped probabilities: an output clipped at 1e-7 or 1 − 1e-7 gets only the focal factor’s term.'
        : '';
    return `Binary cross-entropy’s (σ − y)/K scaled by the focal factor (1 − p_t)^γ, γ = 2, plus the factor’s own term: units already right (p_t near 1) get almost nothing, so the hard units take nearly all the gradient.${read}${zeros(c, 'clipped or already right')}`;
  },
  abs_kld: (c) => {
    const clipped =
      c.activation === 'linear'
        ? ' The raw outputs are clipped to [1e-7, 1]: outputs at or below 0, or above 1, get exactly 0.'
        : '';
    const reaches =
      c.activation === 'linear' ? '' : ` It reaches z${ACT_DERIVATIVE[c.activation]}.`;
    return `∂L/∂p: a present digit is pulled up by (1 − p)/p − log p, an absent one pushed down by log(p/1e-7) + 1 ≈ 17 + log p: wrong digits are pushed down hard, even when they are already small.${reaches}${clipped}${zeros(c, 'clipped')}`;
  },
};
