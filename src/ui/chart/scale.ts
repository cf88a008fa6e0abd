/**
 * Axis arithmetic for the line charts, in pixels of the chart's own font, so that a chart drawn
 * with larger type (presentation mode) gets wider axes and fewer ticks instead of overlapping
 * labels. Pure functions: the component measures, these decide.
 */

/** Decimal places that show every tick of `step` exactly (0.25 → 2, 0.1 → 1, 5 → 0). */
export function decimalsFor(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  for (let d = 0; d <= 6; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 6;
}

/**
 * "Nice" ticks covering [min, max]: a step of 1, 2, 2.5 or 5 × 10^k chosen so that there are at
 * most `maxCount` ticks (at least 2). A range of width 0 is widened to show the value.
 */
export function niceTicks(min: number, max: number, maxCount: number): number[] {
  const count = Math.max(2, Math.floor(maxCount));
  let lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : 1;
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) / 2;
    lo -= lo === 0 ? 0 : pad;
    hi += pad;
  }
  const raw = (hi - lo) / (count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 2.5, 5, 10, 20]) {
    const step = factor * magnitude;
    const first = Math.floor(lo / step + 1e-9) * step;
    const last = Math.ceil(hi / step - 1e-9) * step;
    const n = Math.round((last - first) / step) + 1;
    if (n <= count) {
      const decimals = decimalsFor(step);
      return Array.from({ length: n }, (_, i) => Number((first + i * step).toFixed(decimals)));
    }
  }
  return [lo, hi];
}

/** How many y ticks fit a plot `height` px tall with labels of `fontPx`: one per 2.4 lines. */
export function yTickBudget(height: number, fontPx: number): number {
  return Math.max(3, Math.min(9, Math.floor(height / (fontPx * 2.4)) + 1));
}

/**
 * Integer epoch ticks from `first` to `last` that fit `width` px with labels of `fontPx`: every
 * epoch when there is room, else every 2nd, 5th, 10th… (always including `first`).
 */
export function epochTicks(first: number, last: number, width: number, fontPx: number): number[] {
  const lo = Math.ceil(first);
  const hi = Math.max(lo, Math.floor(last));
  const digits = String(hi).length;
  const room = Math.max(1, Math.floor(width / (fontPx * (digits * 0.6 + 2))));
  const span = hi - lo;
  const step =
    [1, 2, 5, 10, 20, 25, 50, 100].find((s) => span / s < room) ?? Math.ceil(span / room);
  const ticks: number[] = [];
  for (let t = lo; t <= hi; t += step) ticks.push(t);
  return ticks;
}

/** Pixel width of the widest tick label, with the tick mark and a gap, for the y axis. */
export function yAxisWidth(labels: readonly string[], fontPx: number): number {
  const chars = Math.max(1, ...labels.map((label) => label.length));
  return Math.ceil(chars * fontPx * 0.62 + fontPx * 0.9);
}
