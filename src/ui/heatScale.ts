/**
 * The heat-map colour scale (confusion matrix, grid heat maps), with the contrast rules it is
 * tested against: every non-empty cell stands out from the panel at 3:1 or more (WCAG 1.4.11 for
 * graphics), and the number printed in it reads at 4.5:1 or more (WCAG 1.4.3). A cell's fill is
 * `color-mix(in srgb, heat f, base)` with f = MIN_MIX + (1 − MIN_MIX) · share; its text is black
 * or white, whichever the fill needs, decided here per theme because the two themes' scales run
 * in opposite directions (dark blue on white, light blue on near-black).
 *
 * The fills are computed here and handed to CSS as custom properties (`--fill-light`,
 * `--fill-dark`), so the colours tested are the colours shown.
 */
export type HeatTheme = 'light' | 'dark';

export const HEAT_COLORS: Readonly<Record<HeatTheme, { heat: string; base: string }>> = {
  light: { heat: '#1f4fb8', base: '#ffffff' },
  dark: { heat: '#8fb0ff', base: '#1c1e22' },
};

/** The share of the heat colour in the lightest non-empty cell. */
export const MIN_MIX = 0.62;

export function mixFraction(share: number): number {
  const s = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  return MIN_MIX + (1 - MIN_MIX) * s;
}

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** What `color-mix(in srgb, a f, b)` gives, as 0–255 channels (gamma-encoded, as CSS mixes). */
export function mix(a: string, b: string, f: number): [number, number, number] {
  const x = channels(a);
  const y = channels(b);
  return [0, 1, 2].map((i) => x[i]! * f + y[i]! * (1 - f)) as [number, number, number];
}

/** WCAG relative luminance of 0–255 sRGB channels. */
export function luminance([r, g, b]: readonly [number, number, number]): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(l1: number, l2: number): number {
  const [hi, lo] = l1 > l2 ? [l1, l2] : [l2, l1];
  return (hi + 0.05) / (lo + 0.05);
}

/** The fill of a cell holding `share` of its row (0–1) in `theme`, as 0–255 channels. */
export function heatFill(share: number, theme: HeatTheme): [number, number, number] {
  const { heat, base } = HEAT_COLORS[theme];
  return mix(heat, base, mixFraction(share));
}

/** Black or white text for a cell's fill: the one with more contrast. */
export function heatInk(share: number, theme: HeatTheme): 'black' | 'white' {
  const l = luminance(heatFill(share, theme));
  return contrast(l, 0) >= contrast(l, 1) ? 'black' : 'white';
}

/**
 * The attributes a heat cell needs: its share for the fill, and the ink for each theme
 * (styles.css picks the one of the theme in force). An empty cell has no fill.
 */
export function heatCellProps(share: number): {
  style: Record<string, string>;
  'data-ink-light'?: 'black' | 'white';
  'data-ink-dark'?: 'black' | 'white';
  'data-filled'?: 'true';
} {
  if (!(share > 0)) return { style: {} };
  const rgb = (theme: HeatTheme) =>
    `rgb(${heatFill(share, theme)
      .map((c) => Math.round(c))
      .join(' ')})`;
  return {
    style: { '--fill-light': rgb('light'), '--fill-dark': rgb('dark') },
    'data-filled': 'true',
    'data-ink-light': heatInk(share, 'light'),
    'data-ink-dark': heatInk(share, 'dark'),
  };
}
