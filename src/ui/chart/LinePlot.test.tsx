// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChartSeries } from './LineChartFrame';
import { LinePlot, linePath, scalesOf, type PlotArea } from './LinePlot';

afterEach(cleanup);

const AREA: PlotArea = {
  width: 200,
  height: 120,
  left: 40,
  right: 190,
  top: 10,
  bottom: 100,
  x: [0, 3],
  y: [0, 1],
};

const SERIES: ChartSeries[] = [
  {
    id: 'batch',
    name: 'per batch (smoothed)',
    points: [
      { x: 0.5, y: 0.9 },
      { x: 1.5, y: 0.6 },
    ],
    color: 'red',
    thin: true,
  },
  {
    id: 'train',
    name: 'loss',
    points: [
      { x: 1, y: 0.8 },
      { x: 2, y: 0.5 },
      { x: 3, y: 0.25 },
    ],
    color: 'blue',
  },
];

describe('scalesOf', () => {
  it('maps the data range onto the plot box, y upwards', () => {
    const { sx, sy } = scalesOf(AREA);
    expect(sx(0)).toBe(40);
    expect(sx(3)).toBe(190);
    expect(sy(0)).toBe(100);
    expect(sy(1)).toBe(10);
    expect(sy(0.5)).toBe(55);
  });
});

describe('linePath', () => {
  const id = (v: number) => v;
  it('draws through the points and leaves a gap at a value that is not finite', () => {
    expect(
      linePath(
        [
          { x: 0, y: 1 },
          { x: 1, y: 2 },
          { x: 2, y: NaN },
          { x: 3, y: 4 },
          { x: 4, y: Infinity },
          { x: 5, y: 6 },
          { x: 6, y: 7 },
        ],
        id,
        id,
      ),
    ).toBe('M0.0 1.0L1.0 2.0M3.0 4.0M5.0 6.0L6.0 7.0');
    expect(linePath([], id, id)).toBe('');
  });
});

describe('LinePlot', () => {
  const draw = () =>
    render(
      <LinePlot
        area={AREA}
        series={SERIES}
        xTicks={[0, 1, 2, 3]}
        yTicks={[0, 0.5, 1]}
        yLabel={(v) => v.toFixed(1)}
        fontPx={12}
      />,
    );

  it('draws one line per series, dots on the epoch series only, and every tick', () => {
    const { container } = draw();
    // Hidden from assistive technology: the figure's caption and legend name the chart.
    expect(container.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(container.querySelectorAll('.chart-line')).toHaveLength(2);
    expect(container.querySelector('[data-series="batch"] circle')).toBeNull();
    expect(container.querySelectorAll('[data-series="train"] circle')).toHaveLength(3);
    const labels = (axis: string) =>
      [...container.querySelectorAll(`.chart-${axis}-axis text`)].map((t) => t.textContent);
    expect(labels('x')).toEqual(['0', '1', '2', '3']);
    expect(labels('y')).toEqual(['0.0', '0.5', '1.0']);
  });

  it('shows the values at the point nearest the pointer, and hides them when it leaves', () => {
    const { container } = draw();
    const svg = container.querySelector('svg') as SVGSVGElement;
    // jsdom lays nothing out: the SVG's box starts at 0, 0, so client coordinates are plot pixels.
    fireEvent.pointerMove(svg, { clientX: scalesOf(AREA).sx(2) + 3, clientY: 50 });
    const tooltip = screen.getByTestId('chart-tooltip');
    expect(tooltip.textContent).toContain('epoch 2');
    expect(tooltip.textContent).toContain('loss : 0.5000');
    expect(tooltip.textContent).not.toContain('per batch');
    fireEvent.pointerMove(svg, { clientX: scalesOf(AREA).sx(1.5), clientY: 50 });
    expect(screen.getByTestId('chart-tooltip').textContent).toContain(
      'per batch (smoothed) : 0.6000',
    );
    fireEvent.pointerLeave(svg);
    expect(screen.queryByTestId('chart-tooltip')).toBeNull();
  });
});
