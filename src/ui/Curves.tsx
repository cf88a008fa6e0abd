import { useMemo } from 'react';
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
import type { EpochRecord } from '../core';
import { lowerIsBetter } from '../core';
import { selectBatchSeries, selectConfig, selectHistory, selectRunInfo } from '../store';
import type { BatchPoint } from '../store';
import { smooth } from './smoothing';
import { useAppStore } from './storeContext';

interface Point {
  x: number;
  y: number;
}

const format = (value: unknown) => (typeof value === 'number' ? value.toFixed(4) : String(value));

interface ChartProps {
  title: string;
  yLabel: string;
  epochs: number;
  train: Point[];
  val: Point[];
  batches: Point[];
  names: { train: string; val: string; batches: string };
  unitInterval?: boolean;
  testId: string;
}

function Chart({
  title,
  yLabel,
  epochs,
  train,
  val,
  batches,
  names,
  unitInterval,
  testId,
}: ChartProps) {
  return (
    <figure className="chart" data-testid={testId} data-points={train.length}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
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
            type="number"
            domain={unitInterval ? [0, 1] : [0, 'auto']}
            stroke="var(--muted)"
            width={56}
            tickFormatter={(v: number) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2))}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', fill: 'var(--muted)' }}
          />
          <Tooltip
            formatter={format}
            labelFormatter={(x) => `epoch ${format(x)}`}
            contentStyle={{ background: 'var(--panel)', borderColor: 'var(--border)' }}
          />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: '0.85em', paddingBottom: 4 }} />
          <Line
            data={batches}
            dataKey="y"
            name={names.batches}
            stroke="var(--series-batch)"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            data={train}
            dataKey="y"
            name={names.train}
            stroke="var(--series-train)"
            strokeWidth={2.5}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
          <Line
            data={val}
            dataKey="y"
            name={names.val}
            stroke="var(--series-val)"
            strokeWidth={2.5}
            strokeDasharray="6 3"
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

const epochPoints = (history: readonly EpochRecord[], pick: (r: EpochRecord) => number) =>
  history.map((r) => ({ x: r.epoch, y: pick(r) }));

function smoothed(batches: readonly BatchPoint[], pick: (p: BatchPoint) => number): Point[] {
  const ys = smooth(batches.map(pick));
  return batches.map((p, i) => ({ x: p.x, y: ys[i] ?? NaN }));
}

/** Loss and metric per epoch (train and validation) with a smoothed per-batch series. */
export function Curves() {
  const history = useAppStore(selectHistory);
  const batches = useAppStore(selectBatchSeries);
  const run = useAppStore(selectRunInfo);
  const config = useAppStore(selectConfig);
  const metricKey = run?.metricKey ?? config.metric;
  // hamming_loss falls as the model improves; the title says so (the metric catalogue knows).
  const better = lowerIsBetter(run?.config.metric ?? config.metric) ? 'lower is better' : '';
  const epochs = run?.config.epochs ?? config.epochs;
  const series = useMemo(
    () => ({
      loss: epochPoints(history, (r) => r.loss),
      valLoss: epochPoints(history, (r) => r.valLoss),
      metric: epochPoints(history, (r) => r.metric),
      valMetric: epochPoints(history, (r) => r.valMetric),
      batchLoss: smoothed(batches, (p) => p.loss),
      batchMetric: smoothed(batches, (p) => p.metric),
    }),
    [history, batches],
  );
  return (
    <section className="panel curves" aria-labelledby="curves-heading">
      <h2 id="curves-heading">Curves</h2>
      {history.length === 0 && batches.length === 0 && (
        <p className="muted">The curves appear here as soon as training starts.</p>
      )}
      <div className="chart-grid">
        <Chart
          title="Loss"
          yLabel="loss"
          epochs={epochs}
          train={series.loss}
          val={series.valLoss}
          batches={series.batchLoss}
          names={{ train: 'loss', val: 'val_loss', batches: 'loss per batch (smoothed)' }}
          testId="curve-loss"
        />
        <Chart
          title={`Metric: ${metricKey}${better ? ` (${better})` : ''}`}
          yLabel={metricKey}
          epochs={epochs}
          train={series.metric}
          val={series.valMetric}
          batches={series.batchMetric}
          names={{
            train: metricKey,
            val: `val_${metricKey}`,
            batches: `${metricKey} per batch (smoothed)`,
          }}
          unitInterval
          testId="curve-metric"
        />
      </div>
    </section>
  );
}
