import type { LabRow } from '../../core';

/** A gradient at a readable precision (4 significant digits, exponent form when tiny). */
export function formatGradient(g: number): string {
  if (g === 0) return '0';
  const a = Math.abs(g);
  return a >= 1e-3 && a < 1e4 ? String(Number(g.toPrecision(4))) : g.toExponential(2);
}

/** Smallest |g| a spark bar shows; below it the bar is empty (the scale is logarithmic). */
const SPARK_FLOOR = 1e-4;

/** Height of |g| on a log scale from SPARK_FLOOR (0) to `max` (1). */
function logHeight(g: number, max: number): number {
  const a = Math.abs(g);
  if (a <= SPARK_FLOOR || max <= SPARK_FLOOR) return 0;
  return Math.min(1, Math.log10(a / SPARK_FLOOR) / Math.log10(max / SPARK_FLOOR));
}

/**
 * The gradient of one table cell as a strip of tiny bars, one per logit, up for a positive ∂L/∂z
 * (training lowers that logit) and down for a negative one (training raises it), on a log scale
 * shared by the whole table so that "shrunk by the softmax" and "exactly zero" read at a glance.
 */
export function GradientSpark({ gradient, max }: { gradient: readonly number[]; max: number }) {
  const width = 5;
  const gap = 1;
  const half = 9;
  return (
    <svg
      className="gradient-spark"
      width={gradient.length * (width + gap)}
      height={2 * half + 1}
      aria-hidden="true"
      focusable="false"
    >
      <line x1={0} x2={gradient.length * (width + gap)} y1={half + 0.5} y2={half + 0.5} />
      {gradient.map((g, k) => {
        const h = Math.max(logHeight(g, max) * half, g === 0 ? 0 : 0.75);
        return (
          <rect
            key={k}
            className={g > 0 ? 'down' : 'up'}
            x={k * (width + gap)}
            y={g > 0 ? half + 0.5 - h : half + 0.5}
            width={width}
            height={h}
          />
        );
      })}
    </svg>
  );
}

interface BarsProps {
  row: LabRow;
  /** The classes the label marks (the true class, or every present digit). */
  labelled: ReadonlySet<number>;
}

/**
 * ∂L/∂z of the selected cell, one labelled bar per logit on a linear scale, with its value, and
 * the line on what it means for training. Bars are decoration: every number is also text.
 */
export function GradientBars({ row, labelled }: BarsProps) {
  const gradient = row.gradient;
  if (!gradient) return null;
  const max = Math.max(...gradient.map(Math.abs));
  return (
    <section className="gradient-bars" aria-labelledby="gradient-heading">
      <h4 id="gradient-heading">Gradient ∂L/∂z per logit</h4>
      <p className="gradient-note" data-testid="gradient-note">
        {row.gradientNote}
      </p>
      <p className="muted gradient-legend">
        Gradient descent moves each logit against its gradient: a bar to the left (negative) raises
        the logit, to the right lowers it. An empty row is exactly 0: that logit learns nothing from
        this example.
      </p>
      <ol className="gradient-list" data-testid="gradient-bars">
        {gradient.map((g, k) => {
          const share = max > 0 ? (Math.abs(g) / max) * 50 : 0;
          return (
            <li key={k} className={g === 0 ? 'zero' : ''}>
              <span className="gradient-name">
                z<sub>{k}</sub>
                {labelled.has(k) && <span className="muted"> (label)</span>}
              </span>
              <span className="gradient-track" aria-hidden="true">
                <span
                  className={`gradient-bar ${g > 0 ? 'down' : 'up'}`}
                  style={
                    g > 0
                      ? { left: '50%', width: `${share}%` }
                      : { right: '50%', width: `${share}%` }
                  }
                />
              </span>
              <span className="gradient-value">
                {formatGradient(g)}
                {g === 0 ? ' no gradient' : g > 0 ? ' ↓ lowered' : ' ↑ raised'}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
