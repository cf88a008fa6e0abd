import { useId, useState, type PointerEvent } from 'react';
import type { ChartSeries } from './LineChartFrame';

/** The plot's box inside its SVG and the data range it shows, in px and data units. */
export interface PlotArea {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  x: readonly [number, number];
  y: readonly [number, number];
}

/** Maps data to pixels: x to the right, y upwards. A range of width 0 maps to its start. */
export function scalesOf(area: PlotArea) {
  const along = (from: number, to: number, lo: number, hi: number) => (value: number) =>
    hi === lo ? from : from + ((value - lo) / (hi - lo)) * (to - from);
  return {
    sx: along(area.left, area.right, area.x[0], area.x[1]),
    sy: along(area.bottom, area.top, area.y[0], area.y[1]),
  };
}

/**
 * An SVG path through the points, in pixels: a non-finite y ends a stretch and the next finite
 * one starts a new one (a gap, as the charts show a diverged run).
 */
export function linePath(
  points: readonly { x: number; y: number }[],
  sx: (x: number) => number,
  sy: (y: number) => number,
): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!Number.isFinite(p.y) || !Number.isFinite(p.x)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${sx(p.x).toFixed(1)} ${sy(p.y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** The x of the point nearest to pixel `px` among all series, or null without points. */
function nearestX(series: readonly ChartSeries[], px: number, sx: (x: number) => number) {
  let best: number | null = null;
  let distance = Infinity;
  for (const s of series) {
    for (const p of s.points) {
      const d = Math.abs(sx(p.x) - px);
      if (Number.isFinite(p.y) && d < distance) {
        distance = d;
        best = p.x;
      }
    }
  }
  return best;
}

const TICK = 6;
const formatValue = (value: number) => value.toFixed(4);
const formatEpoch = (x: number) => `epoch ${x.toFixed(x % 1 === 0 ? 0 : 2)}`;

/**
 * The plot itself: grid, axes with their ticks, one line per series (dots on the epoch series)
 * and, under the pointer, the values at the nearest point. Plain SVG drawn by React: a run
 * redraws the curves several times a second, and this costs well under a millisecond a frame,
 * where a general charting library spent most of the page's main thread on it.
 */
export function LinePlot({
  area,
  series,
  xTicks,
  yTicks,
  yLabel,
  fontPx,
}: {
  area: PlotArea;
  series: readonly ChartSeries[];
  xTicks: readonly number[];
  yTicks: readonly number[];
  /** Formats a y tick. */
  yLabel: (value: number) => string;
  fontPx: number;
}) {
  const clipId = `plot${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { sx, sy } = scalesOf(area);
  const [hover, setHover] = useState<{ x: number; px: number; py: number } | null>(null);
  // A few hundred points per chart: recomputed on each render, well under a millisecond.
  const paths = series.map((s) => linePath(s.points, sx, sy));
  const onMove = (event: PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - box.left;
    const py = event.clientY - box.top;
    const x = px >= area.left && px <= area.right ? nearestX(series, px, sx) : null;
    setHover(x === null ? null : { x, px, py });
  };
  const shown = hover
    ? series.flatMap((s) => {
        const point = s.points.find((p) => Math.abs(p.x - hover.x) < 1e-9);
        return point && Number.isFinite(point.y) ? [{ series: s, y: point.y }] : [];
      })
    : [];
  const text = { fontSize: fontPx, fill: 'var(--muted)' };

  return (
    <>
      <svg
        className="chart-canvas"
        width={area.width}
        height={area.height}
        // The figure's caption and legend name the chart; its numbers are in the Keras log.
        aria-hidden="true"
        onPointerMove={onMove}
        onPointerLeave={() => setHover(null)}
      >
        <defs>
          <clipPath id={clipId}>
            <rect
              x={area.left}
              y={area.top}
              width={Math.max(0, area.right - area.left)}
              height={Math.max(0, area.bottom - area.top)}
            />
          </clipPath>
        </defs>
        <g className="chart-grid-lines" stroke="var(--grid)" strokeDasharray="3 3">
          {yTicks.map((t) => (
            <line key={`y${t}`} x1={area.left} x2={area.right} y1={sy(t)} y2={sy(t)} />
          ))}
          {xTicks.map((t) => (
            <line key={`x${t}`} x1={sx(t)} x2={sx(t)} y1={area.top} y2={area.bottom} />
          ))}
        </g>
        <g className="chart-x-axis" stroke="var(--muted)">
          <line x1={area.left} x2={area.right} y1={area.bottom} y2={area.bottom} />
          {xTicks.map((t) => (
            <g key={t} className="chart-tick">
              <line x1={sx(t)} x2={sx(t)} y1={area.bottom} y2={area.bottom + TICK} />
              <text
                x={sx(t)}
                y={area.bottom + TICK + 2}
                dy="0.71em"
                textAnchor="middle"
                stroke="none"
                {...text}
              >
                {t}
              </text>
            </g>
          ))}
        </g>
        <g className="chart-y-axis" stroke="var(--muted)">
          <line x1={area.left} x2={area.left} y1={area.top} y2={area.bottom} />
          {yTicks.map((t) => (
            <g key={t} className="chart-tick">
              <line x1={area.left - TICK} x2={area.left} y1={sy(t)} y2={sy(t)} />
              <text
                x={area.left - TICK - 2}
                y={sy(t)}
                dy="0.355em"
                textAnchor="end"
                stroke="none"
                {...text}
              >
                {yLabel(t)}
              </text>
            </g>
          ))}
        </g>
        {hover && (
          <line
            className="chart-cursor"
            x1={sx(hover.x)}
            x2={sx(hover.x)}
            y1={area.top}
            y2={area.bottom}
            stroke="var(--muted)"
          />
        )}
        <g clipPath={`url(#${clipId})`}>
          {series.map((s, i) => (
            <g key={s.id} className="chart-series" data-series={s.id}>
              <path
                className="chart-line"
                d={paths[i] ?? ''}
                fill="none"
                stroke={s.color}
                strokeWidth={s.thin ? 1.5 : 2.5}
                strokeDasharray={s.dashed ? '6 3' : undefined}
                strokeLinejoin="round"
              />
              {!s.thin &&
                s.points.map((p) =>
                  Number.isFinite(p.y) ? (
                    <circle
                      key={p.x}
                      cx={sx(p.x)}
                      cy={sy(p.y)}
                      r={3}
                      fill="var(--panel)"
                      stroke={s.color}
                      strokeWidth={2}
                    />
                  ) : null,
                )}
            </g>
          ))}
        </g>
      </svg>
      {hover && shown.length > 0 && (
        <div
          className="chart-tooltip"
          data-testid="chart-tooltip"
          style={{
            top: Math.max(0, Math.min(hover.py, area.height / 2)),
            ...(hover.px < area.width / 2
              ? { left: hover.px + 12 }
              : { right: area.width - hover.px + 12 }),
          }}
        >
          <p className="chart-tooltip-label">{formatEpoch(hover.x)}</p>
          <ul>
            {shown.map(({ series: s, y }) => (
              <li key={s.id}>
                {s.name} : {formatValue(y)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
