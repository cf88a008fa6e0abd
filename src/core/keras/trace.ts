/**
 * Step traces for the loss lab: the reference maths reports its intermediate values as it computes
 * them (clip, normalise, log, reduce…), so the lab shows the very numbers the loss is made of and
 * can never drift from it. Only the first sample of the batch is kept (the lab's batch is one).
 */
import type { Activation } from '../config';
import type { Tensor } from './tensor';
import { rank } from './tensor';

/** One labelled step: a value per class, or one number once the classes are reduced. */
export interface LossStep {
  label: string;
  value: number | number[];
}

/** Called by the maths with a step's label and its (B, …) tensor. */
export type Tracer = (label: string, t: Tensor) => void;

/** A tracer that keeps the first sample of every step, and the steps it kept. */
export function createTrace(): { tracer: Tracer; steps: LossStep[] } {
  const steps: LossStep[] = [];
  const tracer: Tracer = (label, t) => {
    if (rank(t) <= 1) steps.push({ label, value: t.data[0] ?? NaN });
    else {
      const width = t.shape[t.shape.length - 1] ?? 0;
      steps.push({ label, value: t.data.slice(0, width) });
    }
  };
  return { tracer, steps };
}

/** Where a logits formula's x comes from, in words; `cachedLabel` names an unusual cache. */
export function logitsSource(
  output: { activation: Activation; cachedLabel?: string },
  cached: boolean,
): string {
  if (cached) return output.cachedLabel ?? `the ${output.activation}'s cached pre-activation z`;
  return output.activation === 'linear' ? 'z' : `the ${output.activation} output (applied twice)`;
}
