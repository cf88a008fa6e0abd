/**
 * Time left in the epoch and in the run, from measured step times: the rate of the current epoch
 * once two progress reports of it have arrived, else the last finished epoch's ms/step; the
 * validation pass after each epoch from the finished epochs (epoch time minus its steps). Pure.
 */
import type { EpochRecord } from '../core';

/** One progress report: where the run was and how long it had been training. */
export interface ProgressSample {
  epoch: number;
  batch: number;
  /** Milliseconds since training started (pauses excluded by the caller). */
  elapsedMs: number;
}

export interface RemainingEstimate {
  /** Milliseconds left in the current epoch, validation included. */
  epochMs: number;
  /** Milliseconds left in the run (later epochs and the final evaluation included). */
  runMs: number;
  /** Milliseconds per training step the estimate uses. */
  msPerStep: number;
}

/** Reports of the current epoch used for its rate, at most (older ones are dropped). */
export const RATE_WINDOW = 8;

/**
 * The estimate for a run at `current` (epoch, batch of `batches`) of `epochs`, or null while
 * nothing has been measured yet (the first reports of the first epoch).
 */
export function estimateRemaining(input: {
  current: ProgressSample;
  batches: number;
  epochs: number;
  /** Recent reports of the current epoch, oldest first (from one unpaused stretch). */
  samples: readonly ProgressSample[];
  history: readonly EpochRecord[];
}): RemainingEstimate | null {
  const { current, batches, epochs, history } = input;
  const last = history.at(-1);
  const window = input.samples.filter((s) => s.epoch === current.epoch).slice(-RATE_WINDOW);
  const first = window[0];
  const newest = window.at(-1);
  let msPerStep: number | null = null;
  if (first && newest && newest.batch > first.batch && newest.elapsedMs > first.elapsedMs) {
    msPerStep = (newest.elapsedMs - first.elapsedMs) / (newest.batch - first.batch);
  } else if (last && last.msPerStep > 0) {
    msPerStep = last.msPerStep;
  }
  if (msPerStep === null || !Number.isFinite(msPerStep)) return null;
  // Validation after an epoch: what the finished epochs spent beyond their training steps.
  const validationMs = last ? Math.max(0, last.epochMs - last.msPerStep * last.steps) : 0;
  const epochMs = Math.max(0, batches - current.batch) * msPerStep + validationMs;
  const later = Math.max(0, epochs - current.epoch) * (batches * msPerStep + validationMs);
  // The final evaluation on the test digits costs about one validation pass.
  return { epochMs, runMs: epochMs + later + validationMs, msPerStep };
}

/** "8 s", "1 min 05 s", "1 h 02 min"; under a second is "< 1 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return '< 1 s';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
