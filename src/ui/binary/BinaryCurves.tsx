import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { BinaryReport, CurvePoint } from '../../core';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];

interface CurveSpec {
  id: 'roc' | 'pr';
  title: string;
  x: keyof CurvePoint;
  y: keyof CurvePoint;
  xLabel: string;
  yLabel: string;
  /** The current threshold's point on this curve. */
  at: { x: number; y: number };
  /** What a model that guesses scores: the diagonal (ROC) or the base rate (PR). */
  chance: { label: string; from: [number, number]; to: [number, number] };
  auc: number;
  data: readonly CurvePoint[];
}

function Curve({ spec }: { spec: CurveSpec }) {
  return (
    <figure className="chart binary-curve" data-testid={`binary-${spec.id}`}>
      <figcaption>
        {spec.title}: {spec.yLabel} against {spec.xLabel} · area {spec.auc.toFixed(3)}
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={spec.data} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey={spec.x}
            domain={[0, 1]}
            ticks={TICKS}
            stroke="var(--muted)"
            label={{
              value: spec.xLabel,
              position: 'insideBottom',
              offset: -14,
              fill: 'var(--muted)',
            }}
          />
          <YAxis
            type="number"
            domain={[0, 1]}
            ticks={TICKS}
            stroke="var(--muted)"
            width={40}
            tickFormatter={(v: number) => v.toFixed(1)}
          />
          <Tooltip
            formatter={(value) => (typeof value === 'number' ? percent(value) : String(value))}
            labelFormatter={(x) => (typeof x === 'number' ? `${spec.xLabel} ${percent(x)}` : '')}
            contentStyle={{ background: 'var(--panel)', borderColor: 'var(--border)' }}
          />
          <ReferenceLine
            segment={[
              { x: spec.chance.from[0], y: spec.chance.from[1] },
              { x: spec.chance.to[0], y: spec.chance.to[1] },
            ]}
            stroke="var(--muted)"
            strokeDasharray="2 3"
            label={{
              value: spec.chance.label,
              position: 'insideBottomRight',
              fill: 'var(--muted)',
            }}
          />
          <Line
            dataKey={spec.y}
            name={spec.yLabel}
            stroke="var(--series-train)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <ReferenceDot
            x={spec.at.x}
            y={spec.at.y}
            r={5}
            fill="var(--fg)"
            stroke="var(--panel)"
            label={{ value: 'now', position: 'right', fill: 'var(--fg)' }}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * The ROC and precision-recall curves on Keras' 200 AUC thresholds, with the slider's threshold
 * marked on each, so a student sees what moving it trades.
 */
export function BinaryCurves({
  curve,
  report,
  rocAuc,
  prAuc,
}: {
  curve: readonly CurvePoint[];
  report: BinaryReport;
  rocAuc: number;
  prAuc: number;
}) {
  const { counts } = report;
  const fpr = counts.fp + counts.tn === 0 ? 0 : counts.fp / (counts.fp + counts.tn);
  const specs: CurveSpec[] = [
    {
      id: 'roc',
      title: 'ROC',
      x: 'fpr',
      y: 'recall',
      xLabel: 'false-positive rate',
      yLabel: 'recall',
      at: { x: fpr, y: report.recall },
      chance: { label: 'guessing', from: [0, 0], to: [1, 1] },
      auc: rocAuc,
      data: curve,
    },
    {
      id: 'pr',
      title: 'Precision-recall',
      x: 'recall',
      y: 'precision',
      xLabel: 'recall',
      yLabel: 'precision',
      at: { x: report.recall, y: report.precision },
      chance: {
        label: 'base rate',
        from: [0, report.positiveRate],
        to: [1, report.positiveRate],
      },
      auc: prAuc,
      // Above every score nothing is said yes: Keras counts that precision as 0, not a point.
      data: curve.filter((p) => p.recall > 0 || p.precision > 0),
    },
  ];
  return (
    <div className="binary-curves">
      {specs.map((spec) => (
        <Curve key={spec.id} spec={spec} />
      ))}
    </div>
  );
}
