/**
 * The loss formula a configuration actually computes, as a readable line for the page: the loss
 * catalogue's entry writes it from prose parts built here (which values the formula reads, what
 * the output is), and its path rule says which input the loss reads.
 */
import type { LossPath } from '../catalogue';
import { keywordsOf, lossEntry, lossPathOf } from '../catalogue';
import type { Activation, LossName, Semantics } from '../config';
import { lossKeywords } from '../config';

export interface FormulaInput {
  activation: Activation;
  loss: LossName;
  fromLogits: boolean;
  semantics: Semantics;
  /** The configuration's `pos_weight`, for the losses that take one (else the catalogue's). */
  posWeight?: number;
}

export type { LossPath };

/** Which input the loss reads for this configuration (spec §1.2, §2; the catalogue's rule). */
export function lossPath(c: FormulaInput): LossPath {
  return lossPathOf(lossEntry(c.loss), c);
}

function outputName(a: Activation): string {
  return a === 'linear' ? 'p = z (the raw outputs)' : `p = ${a}(z)`;
}

function logitsNote(c: FormulaInput): string {
  const entry = lossEntry(c.loss);
  if (lossPath(c) === 'cached-logits') {
    const how =
      entry.family === 'binary' && c.activation === 'softmax'
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
  const entry = lossEntry(c.loss);
  return entry.formula({
    activation: c.activation,
    fromLogits: c.fromLogits,
    semantics: c.semantics,
    path: lossPath(c),
    output: outputName(c.activation),
    logits: logitsNote(c),
    clip: CLIP,
    keywords: keywordsOf(
      entry,
      c.fromLogits,
      c.posWeight === undefined ? {} : lossKeywords({ loss: c.loss, posWeight: c.posWeight }),
    ),
  });
}
