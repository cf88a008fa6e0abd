import type { RunConfig } from '../core';
import { findPreset } from '../core';

/** The verdict's level in one word, as the badges print it. */
export const LEVEL_WORD = { ok: 'OK', warning: 'Warning', error: 'Error' } as const;

/** A configuration's short name: its classic experiment's title, else "activation + loss". */
export function shortConfigName(config: RunConfig): string {
  return findPreset(config)?.title ?? `${config.activation} + ${config.loss}`;
}
