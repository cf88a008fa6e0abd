import { useId, useMemo, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Activation, TestOutputs } from '../../core';
import { multiLabelReport, thresholdSweep } from '../../core';
import { LabelTable } from '../LabelTable';
import {
  DEFAULT_THRESHOLD,
  SWEEP_THRESHOLDS,
  THRESHOLD_MAX,
  THRESHOLD_MIN,
  THRESHOLD_STEP,
  toThreshold,
} from './thresholds';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

const SERIES = [
  { key: 'precision', name: 'precision (micro)', stroke: 'var(--series-train)', dash: undefined },
  { key: 'recall', name: 'recall (micro)', stroke: 'var(--series-val)', dash: '6 3' },
  { key: 'f1', name: 'F1 (micro)', stroke: 'var(--ok)', dash: undefined },
  { key: 'subsetAccuracy', name: 'subset accuracy', stroke: 'var(--muted)', dash: '2 3' },
] as const;

/**
 * Multi-label results re-scored at a threshold the student picks: the slider re-counts every test
 * output on the page (no new run), the numbers and the per-digit table follow it, and the chart
 * shows precision, recall, F1 and subset accuracy over all thresholds with the current one marked.
 */
export function ThresholdPanel({
  testOutputs,
  activation,
}: {
  testOutputs: TestOutputs;
  activation: Activation;
}) {
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const sliderId = useId();
  const { outputs, targets, labels } = testOutputs;
  const report = useMemo(
    () => multiLabelReport(outputs, targets, { numLabels: labels, threshold }),
    [outputs, targets, labels, threshold],
  );
  const sweep = useMemo(
    () => thresholdSweep(outputs, targets, SWEEP_THRESHOLDS, labels),
    [outputs, targets, labels],
  );
  const numbers: [string, string, number][] = [
    ['subset accuracy', 'subset-accuracy', report.subsetAccuracy],
    ['precision (micro)', 'precision', report.micro.precision],
    ['recall (micro)', 'recall', report.micro.recall],
    ['F1 (micro)', 'f1', report.micro.f1],
    ['Hamming loss', 'hamming', report.hammingLoss],
  ];
  return (
    <div className="threshold-panel" data-testid="threshold-panel">
      <div className="threshold-control">
        <label htmlFor={sliderId}>
          Threshold: a digit counts as present when its output is above{' '}
          <output htmlFor={sliderId} data-testid="threshold-value">
            {threshold.toFixed(2)}
          </output>
        </label>
        <input
          id={sliderId}
          type="range"
          min={THRESHOLD_MIN}
          max={THRESHOLD_MAX}
          step={THRESHOLD_STEP}
          value={threshold}
          aria-valuetext={`${threshold.toFixed(2)}: subset accuracy ${percent(report.subsetAccuracy)}, F1 ${percent(report.micro.f1)}`}
          onChange={(event) => setThreshold(toThreshold(Number(event.currentTarget.value)))}
        />
        {activation === 'linear' && (
          <p className="muted small">
            A linear output gives logits, and the threshold applies to them as given, as Keras&apos;
            binary_accuracy does; sigmoid outputs would make it a probability.
          </p>
        )}
      </div>
      <dl className="threshold-numbers" aria-live="polite">
        {numbers.map(([name, id, value]) => (
          <div key={id}>
            <dt>{name}</dt>
            <dd data-testid={`threshold-${id}`}>{percent(value)}</dd>
          </div>
        ))}
      </dl>
      <figure className="chart" data-testid="threshold-chart">
        <figcaption>Precision, recall, F1 and subset accuracy against the threshold</figcaption>
        <p className="muted small">
          Micro averages pool all digits. A low threshold finds every digit but also many that are
          not there (recall up, precision down); a high one the reverse. Precision counts as 0 where
          no output passes.
        </p>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={sweep} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="threshold"
              domain={[0, 1]}
              ticks={[0, 0.2, 0.4, 0.5, 0.6, 0.8, 1]}
              stroke="var(--muted)"
              label={{
                value: 'threshold',
                position: 'insideBottom',
                offset: -14,
                fill: 'var(--muted)',
              }}
            />
            <YAxis
              type="number"
              domain={[0, 1]}
              ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
              stroke="var(--muted)"
              width={48}
              tickFormatter={(v: number) => v.toFixed(1)}
            />
            <Tooltip
              formatter={(value) => (typeof value === 'number' ? percent(value) : String(value))}
              labelFormatter={(x) => (typeof x === 'number' ? `threshold ${x.toFixed(2)}` : '')}
              contentStyle={{ background: 'var(--panel)', borderColor: 'var(--border)' }}
            />
            <Legend verticalAlign="top" wrapperStyle={{ fontSize: '0.85em', paddingBottom: 4 }} />
            <ReferenceLine
              x={threshold}
              stroke="var(--fg)"
              strokeDasharray="4 2"
              label={{
                value: `now ${threshold.toFixed(2)}`,
                position: 'insideTopRight',
                fill: 'var(--fg)',
              }}
            />
            {SERIES.map((s) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.name}
                stroke={s.stroke}
                strokeWidth={2}
                {...(s.dash ? { strokeDasharray: s.dash } : {})}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <LabelTable
        threshold={threshold}
        counts={report.perLabel}
        accuracy={report.perLabel.map((p) => p.accuracy)}
      />
    </div>
  );
}
