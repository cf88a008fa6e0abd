import { DEFAULT_THRESHOLD, evenThresholds } from '../../core';

/** The slider's range and step, and the thresholds of the sweep chart (the same grid). */
export const THRESHOLD_MIN = 0.05;
export const THRESHOLD_MAX = 0.95;
export const THRESHOLD_STEP = 0.05;
/** Where the slider starts: Keras' `BinaryAccuracy` threshold, as the trainer scored. */
export { DEFAULT_THRESHOLD };

export const SWEEP_THRESHOLDS: readonly number[] = evenThresholds(20).filter(
  (t) => t >= THRESHOLD_MIN - 1e-9 && t <= THRESHOLD_MAX + 1e-9,
);

/** A slider value as a threshold on the grid (rounded to the step, clamped to the range). */
export function toThreshold(value: number): number {
  if (!Number.isFinite(value)) return DEFAULT_THRESHOLD;
  const clamped = Math.min(THRESHOLD_MAX, Math.max(THRESHOLD_MIN, value));
  return Math.round(Math.round(clamped / THRESHOLD_STEP) * THRESHOLD_STEP * 100) / 100;
}
