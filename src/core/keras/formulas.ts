/**
 * The loss formula a configuration actually computes, as a readable line for the page. It mirrors
 * the branches of losses.ts/crossentropy.ts: cached logits (tf), explicit logits, or the clipped
 * probability path, on which values (z, the activated output, or the activation applied twice).
 */
import type { Activation, LossName, Semantics } from '../config';

export interface FormulaInput {
  activation: Activation;
  loss: LossName;
  fromLogits: boolean;
  semantics: Semantics;
}

const CROSS_ENTROPIES: readonly LossName[] = [
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
];

/** How a cross-entropy reads the output: cached logits, logits, or probabilities. */
export type LossPath = 'cached-logits' | 'logits' | 'probabilities' | 'not-a-cross-entropy';

/** Which path the loss takes for this configuration (mirrors `_get_logits`, spec §1.2). */
export function lossPath(c: FormulaInput): LossPath {
  if (c.loss === 'weighted_binary_crossentropy') return 'logits';
  if (!CROSS_ENTROPIES.includes(c.loss)) return 'not-a-cross-entropy';
  if (c.semantics === 'tf' && c.activation !== 'linear') return 'cached-logits';
  return c.fromLogits ? 'logits' : 'probabilities';
}

/** Whether the loss squashes an already-activated output again (sigmoid of a softmax, etc.). */
export function activationAppliedTwice(c: FormulaInput): boolean {
  return lossPath(c) === 'logits' && c.activation !== 'linear';
}

function outputName(a: Activation): string {
  return a === 'linear' ? 'p = z (the raw outputs)' : `p = ${a}(z)`;
}

function logitsNote(c: FormulaInput): string {
  if (lossPath(c) === 'cached-logits') {
    const how =
      c.loss === 'binary_crossentropy' && c.activation === 'softmax'
        ? ': each unit is treated as an independent sigmoid'
        : '';
    return `x = z, the cached pre-${c.activation} logits${how}`;
  }
  if (c.activation === 'linear') return 'x = z, the raw outputs';
  return `x = ${c.activation}(z): the activation is applied twice`;
}

const CLIP = 'clip(·, 1e−7, 1 − 1e−7)';

/**
 * One line: the per-batch loss as Keras computes it for this configuration, e.g.
 * "loss = mean over batch of −Σₖ yₖ · log_softmax(x)ₖ; x = z, the cached pre-softmax logits".
 * z are the pre-activation outputs, y the labels, k runs over the output units.
 */
export function describeFormula(c: FormulaInput): string {
  const path = lossPath(c);
  const mean = 'loss = mean over batch of';
  switch (c.loss) {
    case 'binary_crossentropy':
      if (path === 'probabilities') {
        return `${mean} mean over k of −[yₖ·log p̂ₖ + (1 − yₖ)·log(1 − p̂ₖ)]; p̂ = ${CLIP} of p, ${outputName(c.activation)}`;
      }
      return `${mean} mean over k of [max(xₖ, 0) − xₖ·yₖ + log(1 + e^−|xₖ|)]; ${logitsNote(c)}`;
    case 'categorical_crossentropy':
      if (path === 'probabilities') {
        return `${mean} −Σₖ yₖ · log p̂ₖ; p̂ = ${CLIP} of pₖ / Σⱼ pⱼ, ${outputName(c.activation)}`;
      }
      return `${mean} −Σₖ yₖ · log_softmax(x)ₖ; ${logitsNote(c)}`;
    case 'sparse_categorical_crossentropy':
      if (path === 'probabilities') {
        return c.semantics === 'tf'
          ? `${mean} −log(p̂_y / Σₖ p̂ₖ) for the class id y; p̂ = ${CLIP} of p, ${outputName(c.activation)}`
          : `${mean} −log p̂_y for the class id y; p̂ = ${CLIP} of p / Σₖ pₖ, ${outputName(c.activation)}`;
      }
      return `${mean} −log_softmax(x)_y for the class id y; ${logitsNote(c)}`;
    case 'weighted_binary_crossentropy':
      return `${mean} mean over k of (1 − yₖ)·xₖ + (1 + (q − 1)·yₖ)·(log(1 + e^−|xₖ|) + max(−xₖ, 0)); q = pos_weight, ${logitsNote(c)}`;
    case 'mean_squared_error':
      return `${mean} mean over k of (yₖ − pₖ)²; ${outputName(c.activation)}`;
    case 'kl_divergence':
      return `${mean} Σₖ ỹₖ · log(ỹₖ / p̃ₖ); ỹ = clip(y, 1e−7, 1), p̃ = clip(p, 1e−7, 1), ${outputName(c.activation)}`;
  }
}
