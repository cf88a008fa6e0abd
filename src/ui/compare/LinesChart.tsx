import { LineChartFrame } from '../chart/LineChartFrame';

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

/**
 * Epoch curves of several series on one chart (the compare view and a run's detail), drawn by
 * the trainer's chart frame: axis titles outside the plot (never cut or printed over the ticks),
 * the legend in the order of `series`, and the x axis from the first epoch to the last.
 */
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
    <div data-testid={testId} data-series={series.length}>
      <LineChartFrame
        title={title}
        yTitle={yLabel}
        xDomain={epochs > 1 ? [1, epochs] : [0, 1]}
        unitInterval={unitInterval ?? false}
        testId={`${testId}-frame`}
        series={series.map((s, i) => ({
          id: `${i}`,
          name: s.name,
          points: s.points,
          color: COLOURS[i % COLOURS.length] ?? '#1f77b4',
          dashed: Boolean(s.dashed) || i >= COLOURS.length,
        }))}
      />
    </div>
  );
}
