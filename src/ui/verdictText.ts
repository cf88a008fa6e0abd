import type { FindingLevel, RunConfig, VerdictLevel } from '../core';
import { findPreset, lossEntry, lossPathOf, VERDICT_LEVELS } from '../core';

/** The verdict's level in a word or two, as the badges print it. */
export const LEVEL_WORD: Readonly<Record<VerdictLevel, string>> = {
  ok: VERDICT_LEVELS.ok.word,
  quirk: VERDICT_LEVELS.quirk.word,
  warning: VERDICT_LEVELS.warning.word,
  error: VERDICT_LEVELS.error.word,
};

/** A finding's badge: a note on a correct pairing is a note; the others name their level. */
export function findingWord(level: FindingLevel): string {
  return level === 'info' ? 'Note' : LEVEL_WORD[level];
}

/** The colour class of a finding's badge (a note shares the correct pairing's). */
export function findingClass(level: FindingLevel): string {
  return `level level-${level === 'info' ? 'ok' : level}`;
}

/** A configuration's short name: its classic experiment's title, else "activation + loss". */
export function shortConfigName(config: RunConfig): string {
  return findPreset(config)?.title ?? `${config.activation} + ${config.loss}`;
}

/**
 * What the loss reads, in plain words, before the formula's symbols: which numbers the
 * cross-entropy is taken of. Null for losses that are not a cross-entropy (the formula says it).
 */
export function plainLossInput(config: RunConfig): string | null {
  switch (lossPathOf(lossEntry(config.loss), config)) {
    case 'cached-logits':
      return `Of the scores before the ${config.activation}, read off the layer:`;
    case 'logits':
      return 'Of the raw outputs, as scores:';
    case 'probabilities':
      return 'Of the outputs, read as probabilities:';
    case 'not-a-cross-entropy':
      return null;
  }
}
