import { useMemo, type ReactNode } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { EpochRecord } from '../../core';
import { OUTPUT_GRADIENT_ZERO } from '../../core';

/** The log axis's floor: a mean |∂L/∂z| of exactly 0 is drawn here (a log axis has no 0). */
const LOG_FLOOR = 1e-12;

/** A gradient at a readable precision (3 significant digits, exponent form when tiny). */
export function formatMagnitude(g: number): string {
  if (g === 0) return '0';
  return g >= 1e-3 && g < 1e4 ? String(Number(g.toPrecision(3))) : g.toExponential(2);
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Whole decades around the values, so the log axis reads 1e-3, 1e-2, 1e-1 and no point is cut. */
export function decades(values: readonly number[]): { domain: [number, number]; ticks: number[] } {
  if (values.length === 0) return { domain: [1e-3, 1], ticks: [1e-3, 1e-2, 1e-1, 1] };
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.max(Math.ceil(Math.log10(Math.max(...values))), lo + 1);
  // `1e-3` parses to the nearest double of 0.001, where 10 ** -3 is off by an ulp.
  const decade = (n: number) => Number(`1e${n}`);
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => decade(lo + i));
  return { domain: [decade(lo), decade(hi)], ticks };
}

interface Point {
  x: number;
  mean: number;
  zero: number;
}

/** What the last epoch's gradient says about learning, in a sentence. */
export function gradientReading(last: EpochRecord | undefined): string | undefined {
  const g = last?.outputGradient;
  if (!last || !g) return undefined;
  const head = `Epoch ${last.epoch}: mean |∂L/∂z| ${formatMagnitude(g.meanAbs)}, ${percent(g.zeroShare)} of the outputs get no gradient`;
  if (g.zeroShare >= 0.5) {
    return `${head}. Most outputs are clipped: their gradient is exactly zero, so the loss no longer pulls on those logits and training stalls.`;
  }
  if (g.zeroShare >= 0.05) {
    return `${head}. Some outputs are clipped and learn nothing from this loss.`;
  }
  return `${head}: every output still learns.`;
}

interface Props {
  history: readonly EpochRecord[];
  epochs: number;
  /** A fixed width in pixels instead of the container's (tests, where nothing has a size). */
  width?: number;
}

/**
 * The loss's gradient at the output per epoch, from the epoch records: the mean |∂L/∂z| on a log
 * axis (left) and the share of outputs whose gradient is numerically zero (right, 0–100%).
 */
export function GradientChart({ history, epochs, width }: Props) {
  const points: Point[] = useMemo(
    () =>
      history.flatMap((r) =>
        r.outputGradient
          ? [
              {
                x: r.epoch,
                mean: Math.max(r.outputGradient.meanAbs, LOG_FLOOR),
                zero: r.outputGradient.zeroShare,
              },
            ]
          : [],
      ),
    [history],
  );
  const reading = gradientReading(history.at(-1));
  const axis = decades(points.map((p) => p.mean));
  const chart: ReactNode = (
    <LineChart
      data={points}
      margin={{ top: 8, right: 8, bottom: 24, left: 8 }}
      {...(width ? { width, height: 240 } : {})}
    >
      <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
      <XAxis
        type="number"
        dataKey="x"
        domain={[0, Math.max(epochs, 1)]}
        allowDecimals={false}
        tickCount={Math.min(Math.max(epochs, 1), 10) + 1}
        stroke="var(--muted)"
        label={{ value: 'epoch', position: 'insideBottom', offset: -14, fill: 'var(--muted)' }}
      />
      <YAxis
        yAxisId="mean"
        type="number"
        scale="log"
        domain={axis.domain}
        ticks={axis.ticks}
        stroke="var(--muted)"
        width={64}
        tickFormatter={(v: number) => (v >= 1 ? String(v) : v.toExponential(0))}
        label={{ value: 'mean |∂L/∂z|', angle: -90, position: 'insideLeft', fill: 'var(--muted)' }}
      />
      <YAxis
        yAxisId="zero"
        orientation="right"
        type="number"
        domain={[0, 1]}
        stroke="var(--muted)"
        width={60}
        tickFormatter={percent}
      />
      <Tooltip
        formatter={(value, name) =>
          typeof value === 'number'
            ? name === 'mean |∂L/∂z|'
              ? formatMagnitude(value)
              : percent(value)
            : String(value)
        }
        labelFormatter={(x) => `epoch ${typeof x === 'number' ? x : ''}`}
        contentStyle={{ background: 'var(--panel)', borderColor: 'var(--border)' }}
      />
      <Legend verticalAlign="top" wrapperStyle={{ fontSize: '0.85em', paddingBottom: 4 }} />
      <Line
        yAxisId="mean"
        dataKey="mean"
        name="mean |∂L/∂z|"
        stroke="var(--series-train)"
        strokeWidth={2.5}
        dot={{ r: 3 }}
        isAnimationActive={false}
      />
      <Line
        yAxisId="zero"
        dataKey="zero"
        name={`outputs with |∂L/∂z| < ${OUTPUT_GRADIENT_ZERO}`}
        stroke="var(--series-val)"
        strokeWidth={2.5}
        strokeDasharray="6 3"
        dot={{ r: 3 }}
        isAnimationActive={false}
      />
    </LineChart>
  );
  return (
    <figure className="chart" data-testid="curve-gradient" data-points={points.length}>
      <figcaption>Gradient at the output (validation digits)</figcaption>
      {width ? (
        chart
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          {chart}
        </ResponsiveContainer>
      )}
      <p className="muted chart-reading" data-testid="gradient-reading">
        {reading ??
          'How hard the loss pulls on the logits, per epoch: the mean |∂L/∂z| (log axis) and the share of outputs it does not pull at all.'}
      </p>
    </figure>
  );
}
