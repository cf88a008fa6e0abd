import { useMemo, useRef } from 'react';
import { LinePlot } from './LinePlot';
import { decimalsFor, epochTicks, niceTicks, yAxisWidth, yTickBudget } from './scale';
import { useElementSize } from './useElementSize';

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
export function LineChartFrame({
  title,
  yTitle,
  xTitle = 'epoch',
  series,
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
  const yMax = useMemo(() => {
    const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
    return ys.length > 0 ? Math.max(...ys) : 1;
  }, [series]);
  const yTicks = niceTicks(0, unitInterval ? 1 : yMax, yTickBudget(height, fontPx));
  const yDecimals = decimalsFor((yTicks[1] ?? 1) - (yTicks[0] ?? 0));
  const yLabels = yTicks.map((t) => t.toFixed(yDecimals));
  const axisWidth = yAxisWidth(yLabels, fontPx);
  const xTicks = epochTicks(xDomain[0], xDomain[1], Math.max(0, width - axisWidth), fontPx);

  return (
    <figure className="chart" data-testid={testId} data-points={points}>
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
            <LinePlot
              area={{
                width,
                height,
                left: axisWidth,
                right: width - fontPx * 1.2,
                top: fontPx * 0.7,
                bottom: height - fontPx * 1.9,
                x: xDomain,
                y: [yTicks[0] ?? 0, yTicks.at(-1) ?? 1],
              }}
              series={series}
              xTicks={xTicks}
              yTicks={yTicks}
              yLabel={(v) => v.toFixed(yDecimals)}
              fontPx={fontPx}
            />
          )}
        </div>
        <span className="chart-x-title" aria-hidden="true">
          {xTitle}
        </span>
      </div>
    </figure>
  );
}
