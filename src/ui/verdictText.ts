import type { RunConfig } from '../core';
import { findPreset } from '../core';
import type { Verdict } from '../store';

/** The verdict's level in one word, as the badges print it. */
export const LEVEL_WORD = { ok: 'OK', warning: 'Warning', error: 'Error' } as const;

/**
 * The verdict in one line, for places with no room for the panel (the action bar, a phone's
 * screen, the screen reader announcement): the title of the finding that set the level.
 */
export function verdictHeadline(verdict: Verdict): string {
  if (verdict.level === 'ok') return 'Keras trains this as intended';
  const first = verdict.findings.find((finding) => finding.level === verdict.level);
  if (first) return first.title;
  return verdict.level === 'error'
    ? 'Keras would raise an exception'
    : 'Keras trains this, but read on';
}

/** A configuration's short name: its classic experiment's title, else "activation + loss". */
export function shortConfigName(config: RunConfig): string {
  return findPreset(config)?.title ?? `${config.activation} + ${config.loss}`;
}
