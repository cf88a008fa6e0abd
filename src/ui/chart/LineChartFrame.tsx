import { useMemo, useRef } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { decimalsFor, epochTicks, niceTicks, yAxisWidth, yTickBudget } from './scale';
import { useElementSize } from './useElementSize';
import { useThrottled } from './useThrottled';

export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartSeries {
  id: string;
  name: string;
  /** NaN or infinite values leave a gap. */
  points: readonly ChartPoint[];
  /** A CSS colour, e.g. `var(--series-train)`. */
  color: string;
  dashed?: boolean;
  /** A thin line without dots (the per-batch series). */
  thin?: boolean;
}

const formatValue = (value: unknown) =>
  typeof value === 'number' ? value.toFixed(4) : String(value);

function Swatch({ series }: { series: ChartSeries }) {
  return (
    <svg className="swatch" width="26" height="10" aria-hidden="true" viewBox="0 0 26 10">
      <line
        x1="1"
        x2="25"
        y1="5"
        y2="5"
        stroke={series.color}
        strokeWidth={series.thin ? 2 : 3}
        strokeDasharray={series.dashed ? '6 3' : undefined}
      />
      {!series.thin && <circle cx="13" cy="5" r="3" fill={series.color} />}
    </svg>
  );
}

/**
 * A line chart whose text scales with the page: the title, legend and axis titles are HTML
 * (outside the plot, so they can never print over the ticks), and the ticks are drawn at the
 * plot's CSS font size, with as many ticks and as wide an axis as that size allows. The plot
 * takes the size its container gives it (CSS decides: fixed on a laptop, the rest of the screen
 * in presentation mode).
 */
/** How often a chart redraws at most while its data change (a run reports several times a second). */
const REDRAW_MS = 1000;

export function LineChartFrame({
  title,
  yTitle,
  xTitle = 'epoch',
  series: liveSeries,
  xDomain,
  unitInterval,
  testId,
  points,
}: {
  title: string;
  yTitle: string;
  xTitle?: string;
  series: readonly ChartSeries[];
  /** Epochs shown, e.g. [0, 5] (0 = before the first epoch, where per-batch points start). */
  xDomain: readonly [number, number];
  /** A metric between 0 and 1: the y axis is [0, 1]. Otherwise it starts at 0 (losses). */
  unitInterval?: boolean;
  testId: string;
  /** For tests: how many points the main series has. */
  points?: number;
}) {
  const plotRef = useRef<HTMLDivElement>(null);
  const { width, height, fontPx } = useElementSize(plotRef);
  const series = useThrottled(liveSeries, REDRAW_MS);
  const yMax = useMemo(() => {
    const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
    return ys.length > 0 ? Math.max(...ys) : 1;
  }, [series]);
  const yTicks = niceTicks(0, unitInterval ? 1 : yMax, yTickBudget(height, fontPx));
  const yDecimals = decimalsFor((yTicks[1] ?? 1) - (yTicks[0] ?? 0));
  const yLabels = yTicks.map((t) => t.toFixed(yDecimals));
  const axisWidth = yAxisWidth(yLabels, fontPx);
  const xTicks = epochTicks(xDomain[0], xDomain[1], Math.max(0, width - axisWidth), fontPx);
  const tick = { fontSize: fontPx, fill: 'var(--muted)' };

  return (
    <figure
      className="chart"
      data-testid={testId}
      data-points={points}
      // Whether the drawing shows the latest data yet (the redraw is throttled to once per
      // REDRAW_MS): pictures of a finished run wait for it.
      data-current={series === liveSeries}
    >
      <figcaption className="chart-title">{title}</figcaption>
      <ul className="chart-legend" aria-label={`${title}: series`}>
        {series.map((s) => (
          <li key={s.id}>
            <Swatch series={s} />
            {s.name}
          </li>
        ))}
      </ul>
      <div className="chart-body">
        <span className="chart-y-title" aria-hidden="true">
          {yTitle}
        </span>
        {/* The plot's size comes from CSS alone: the chart inside is absolutely placed, so its
            own size never feeds back into the layout that measures it. */}
        <div className="chart-plot" ref={plotRef}>
          {width > 0 && height > 0 && (
            <LineChart
              className="chart-canvas"
              width={width}
              height={height}
              margin={{ top: fontPx * 0.7, right: fontPx * 1.2, bottom: 0, left: 0 }}
            >
              <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
              <XAxis
                type="number"
                dataKey="x"
                domain={[xDomain[0], xDomain[1]]}
                ticks={xTicks}
                interval={0}
                allowDataOverflow
                stroke="var(--muted)"
                tick={tick}
                height={fontPx * 1.9}
              />
              <YAxis
                type="number"
                domain={[yTicks[0] ?? 0, yTicks.at(-1) ?? 1]}
                ticks={yTicks}
                interval={0}
                allowDataOverflow
                stroke="var(--muted)"
                tick={tick}
                width={axisWidth}
                tickFormatter={(v: number) => v.toFixed(yDecimals)}
              />
              <Tooltip
                formatter={formatValue}
                labelFormatter={(x: unknown) =>
                  typeof x === 'number' ? `epoch ${x.toFixed(x % 1 === 0 ? 0 : 2)}` : ''
                }
                contentStyle={{ background: 'var(--panel)', borderColor: 'var(--border)' }}
              />
              {series.map((s) => (
                <Line
                  key={s.id}
                  data={s.points.map((p) => ({ x: p.x, y: Number.isFinite(p.y) ? p.y : null }))}
                  dataKey="y"
                  name={s.name}
                  stroke={s.color}
                  strokeWidth={s.thin ? 1.5 : 2.5}
                  strokeDasharray={s.dashed ? '6 3' : undefined}
                  dot={s.thin ? false : { r: 3 }}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          )}
        </div>
        <span className="chart-x-title" aria-hidden="true">
          {xTitle}
        </span>
      </div>
    </figure>
  );
}
