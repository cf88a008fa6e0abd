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

export interface Series {
  name: string;
  /** `[epoch, value]`; NaN values leave a gap. */
  points: { x: number; y: number }[];
  dashed?: boolean;
}

/** A fixed palette that stays readable on both themes; series past it reuse colours dashed. */
const COLOURS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
];

const format = (value: unknown) => (typeof value === 'number' ? value.toFixed(4) : String(value));

/** Epoch curves of several series on one chart (the compare view and a run's detail). */
export function LinesChart({
  title,
  yLabel,
  series,
  unitInterval,
  testId,
}: {
  title: string;
  yLabel: string;
  series: readonly Series[];
  unitInterval?: boolean;
  testId: string;
}) {
  const epochs = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.x)));
  return (
    <figure className="chart" data-testid={testId} data-series={series.length}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[0, epochs]}
            allowDecimals={false}
            stroke="var(--muted)"
            label={{ value: 'epoch', position: 'insideBottom', offset: -12, fill: 'var(--muted)' }}
          />
          <YAxis
            stroke="var(--muted)"
            domain={unitInterval ? [0, 1] : ['auto', 'auto']}
            tickFormatter={(v: number) => v.toFixed(2)}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', fill: 'var(--muted)' }}
          />
          <Tooltip
            formatter={format}
            labelFormatter={(x: unknown) => (typeof x === 'number' ? `epoch ${x}` : '')}
          />
          <Legend verticalAlign="top" />
          {series.map((s, i) => (
            <Line
              key={`${i}-${s.name}`}
              data={s.points.map((p) => ({ x: p.x, y: Number.isFinite(p.y) ? p.y : null }))}
              dataKey="y"
              name={s.name}
              stroke={COLOURS[i % COLOURS.length]}
              strokeDasharray={s.dashed || i >= COLOURS.length ? '5 4' : undefined}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
