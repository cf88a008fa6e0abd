/**
 * The parts the losses' gradient notes are written with (each entry's `gradientNote`, losses.ts):
 * one line per loss and configuration on what its gradient ∂L/∂z means for training, for the
 * loss lab's gradient bars. Each line says the formula the bars show and what it does to
 * learning; numbers come from the computed gradient.
 */
import type { Activation } from '../vocabulary';
import type { GradientNoteContext } from './lossEntry';

export const ACT_DERIVATIVE: Record<Activation, string> = {
  linear: '',
  sigmoid: ' times the sigmoid’s derivative p(1 − p)',
  softmax: ' through the softmax’s derivative pₖ(δₖⱼ − pⱼ)',
};

/** "3 of 10 logits get exactly 0", or nothing when none does. */
export function zeros(c: GradientNoteContext, why: string): string {
  if (c.zero === 0) return '';
  const which = c.zero === c.K ? `All ${c.K} logits get` : `${c.zero} of ${c.K} logits get`;
  return ` Here: ${which} exactly 0 (${why}), so they cannot learn from this example.`;
}

export function twiceNote(c: GradientNoteContext, own: string): string {
  return `The ${c.activation} output is read as logits, so ${own}${ACT_DERIVATIVE[c.activation]}: the doubly squashed output can never reach its label, and the pull fades where the ${c.activation} saturates.`;
}

/** Softmax cross-entropy, categorical or sparse: on logits p − y, else the clipped shares. */
export function softmaxCeNote(c: GradientNoteContext, label: string): string {
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

export function probabilityBceNote(c: GradientNoteContext, base: string): string {
  if (c.activation === 'linear') {
    return `${base} on the raw outputs, clipped to [1e-7, 1 − 1e-7]: an output outside that range gets exactly 0 however wrong it is.${zeros(c, 'clipped')}`;
  }
  const form = c.activation === 'sigmoid' ? ': (p − y)/K, the same pull as on logits,' : '';
  return `${base}${ACT_DERIVATIVE[c.activation]}${form} while p stays inside [1e-7, 1 − 1e-7]; an output that saturates past the clip gets exactly 0 and stops learning.${zeros(c, 'clipped')}`;
}
