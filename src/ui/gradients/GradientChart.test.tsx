// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EpochRecord, OutputGradient } from '../../core';
import { GradientChart, decades, gradientReading } from './GradientChart';

afterEach(cleanup);

function epoch(n: number, valMetric: number, outputGradient?: OutputGradient): EpochRecord {
  return {
    epoch: n,
    epochs: 3,
    steps: 47,
    loss: 1,
    metric: valMetric,
    valLoss: 1,
    valMetric,
    epochMs: 100,
    msPerStep: 2,
    ...(outputGradient ? { outputGradient } : {}),
  };
}

// Shapes of src/ml/gradientStall.test.ts's runs: linear + from_logits=False + CCE clips most
// outputs (their gradient is exactly 0) while softmax keeps every output learning.
const STALL = [
  epoch(1, 0.15, { meanAbs: 0.041, zeroShare: 0.71 }),
  epoch(2, 0.16, { meanAbs: 0.022, zeroShare: 0.84 }),
  epoch(3, 0.17, { meanAbs: 0.018, zeroShare: 0.88 }),
];
const SOFTMAX = [
  epoch(1, 0.86, { meanAbs: 0.031, zeroShare: 0 }),
  epoch(2, 0.89, { meanAbs: 0.021, zeroShare: 0 }),
  epoch(3, 0.9, { meanAbs: 0.016, zeroShare: 0.001 }),
];

describe('decades', () => {
  it('spans whole decades around the values, at least one', () => {
    expect(decades([0.018, 0.041])).toEqual({ domain: [0.01, 0.1], ticks: [0.01, 0.1] });
    expect(decades([2e-5, 0.3])).toEqual({
      domain: [1e-5, 1],
      ticks: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1],
    });
    expect(decades([0.1]).domain).toEqual([0.1, 1]);
  });
});

describe('GradientChart', () => {
  it('draws one point per epoch record for both series, on a log axis and a 0–100% axis', () => {
    const { container } = render(<GradientChart history={STALL} epochs={3} width={480} />);
    const figure = screen.getByTestId('curve-gradient');
    expect(figure.getAttribute('data-points')).toBe('3');
    expect(container.querySelectorAll('.recharts-line').length).toBe(2);
    expect(container.querySelectorAll('.recharts-line-dot, .recharts-dot').length).toBe(6);
    const ticks = [
      ...container.querySelectorAll(
        '.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value',
      ),
    ].map((t) => t.textContent);
    expect(ticks).toContain('100%');
    // 0.018 to 0.041: the decades 1e-2 and 1e-1.
    expect(ticks).toEqual(expect.arrayContaining(['1e-2', '1e-1']));
  });

  it('says the linear + from_logits=False + CCE run stalls: most outputs get no gradient', () => {
    render(<GradientChart history={STALL} epochs={3} width={480} />);
    expect(screen.getByTestId('gradient-reading').textContent).toBe(
      'Epoch 3: mean |∂L/∂z| 0.018, 88% of the outputs get no gradient. Most outputs are clipped: their gradient is exactly zero, so the loss no longer pulls on those logits and training stalls.',
    );
  });

  it('says a softmax run keeps learning', () => {
    expect(gradientReading(SOFTMAX.at(-1))).toBe(
      'Epoch 3: mean |∂L/∂z| 0.016, 0% of the outputs get no gradient: every output still learns.',
    );
    expect(gradientReading(epoch(1, 0.5, { meanAbs: 2e-5, zeroShare: 0.2 }))).toMatch(
      /2\.00e-5, 20% .*Some outputs are clipped/,
    );
  });

  it('skips records made before LossLab measured the gradient, and explains itself when empty', () => {
    render(<GradientChart history={[epoch(1, 0.5)]} epochs={3} width={480} />);
    expect(screen.getByTestId('curve-gradient').getAttribute('data-points')).toBe('0');
    expect(screen.getByTestId('gradient-reading').textContent).toMatch(/How hard the loss pulls/);
  });

  it('draws an exactly zero mean on the axis floor instead of dropping it', () => {
    const { container } = render(
      <GradientChart
        history={[epoch(1, 0.1, { meanAbs: 0, zeroShare: 1 }), ...STALL.slice(1)]}
        epochs={3}
        width={480}
      />,
    );
    expect(container.querySelectorAll('.recharts-line-dot, .recharts-dot').length).toBe(6);
  });
});
