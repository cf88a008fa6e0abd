/**
 * The verdict's levels as a student reads them. A green "OK" over a TensorFlow-only quirk reads
 * as "a correct pairing", so each level says what it means: the correct pairing; trains, but
 * only because of a TensorFlow quirk; trains, but the loss or the metric is not what you think;
 * Keras raises. Every place that names a level (verdict, action bar, plain-semantics line,
 * classic-experiment buttons, grid) reads it from here.
 */
import type { FindingLevel } from './findings';

export type VerdictLevel = 'ok' | 'quirk' | 'warning' | 'error';

export interface LevelName {
  /** A badge of one or two words. */
  word: string;
  /** The badge where a button carries it (the classic experiments): one short word. */
  short: string;
  /** The level in a sentence, after the badge. */
  sentence: string;
}

export const VERDICT_LEVELS: Readonly<Record<VerdictLevel, LevelName>> = {
  ok: { word: 'Correct pairing', short: 'correct', sentence: 'Keras trains this as intended' },
  quirk: {
    word: 'TensorFlow quirk',
    short: 'TF quirk',
    sentence: 'trains only through a TensorFlow quirk: JAX and PyTorch differ',
  },
  warning: {
    word: 'Misleading',
    short: 'misleading',
    sentence: 'trains, but the loss or the metric is not what you think',
  },
  error: {
    word: 'Keras raises',
    short: 'raises',
    sentence: 'Keras stops with an error before training',
  },
};

/** Most serious first: the verdict takes the level of its most serious finding. */
export const FINDING_RANK: Readonly<Record<FindingLevel, number>> = {
  error: 0,
  warning: 1,
  quirk: 2,
  info: 3,
};

/** The verdict level a list of findings earns. */
export function levelOf(findings: readonly { level: FindingLevel }[]): VerdictLevel {
  let best: FindingLevel = 'info';
  for (const f of findings) if (FINDING_RANK[f.level] < FINDING_RANK[best]) best = f.level;
  return best === 'info' ? 'ok' : best;
}
