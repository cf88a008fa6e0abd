import { describe, expect, it } from 'vitest';
import { contrast, heatCellProps, heatFill, heatInk, luminance, type HeatTheme } from './heatScale';

const hexLuminance = (hex: string) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return luminance([(n >> 16) & 255, (n >> 8) & 255, n & 255]);
};
const SHARES = Array.from({ length: 1000 }, (_, i) => (i + 1) / 1000);
// The panels a heat map sits on: the theme's own, and presentation mode's white or black.
const PANELS: Record<HeatTheme, string[]> = {
  light: ['#ffffff'],
  dark: ['#1c1e22', '#000000'],
};

describe('heat scale contrast', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: every non-empty cell stands out from the panel at 3:1`, () => {
      for (const panel of PANELS[theme]) {
        const worst = Math.min(
          ...SHARES.map((s) => contrast(luminance(heatFill(s, theme)), hexLuminance(panel))),
        );
        expect(worst).toBeGreaterThanOrEqual(3);
      }
    });
    it(`${theme}: the number in every cell reads at 4.5:1`, () => {
      for (const share of SHARES) {
        const fill = luminance(heatFill(share, theme));
        const ink = heatInk(share, theme) === 'black' ? 0 : 1;
        expect(contrast(fill, ink)).toBeGreaterThanOrEqual(4.5);
      }
    });
  }

  it('darker (light theme) or lighter (dark theme) as the share grows', () => {
    expect(luminance(heatFill(1, 'light'))).toBeLessThan(luminance(heatFill(0.1, 'light')));
    expect(luminance(heatFill(1, 'dark'))).toBeGreaterThan(luminance(heatFill(0.1, 'dark')));
  });

  it('leaves empty cells unfilled', () => {
    expect(heatCellProps(0)).toEqual({ style: {} });
    const props = heatCellProps(0.5);
    expect(props['data-filled']).toBe('true');
    expect(props.style['--fill-light']).toMatch(/^rgb\(\d+ \d+ \d+\)$/);
  });
});
