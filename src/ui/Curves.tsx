import { useId, useMemo, useState } from 'react';
import type { BinaryEpochKey, EpochRecord } from '../core';
import { BINARY_EPOCH_KEYS, compilesBinaryMetrics, lowerIsBetter } from '../core';
import {
  selectBatchSeries,
  selectChartEpochs,
  selectConfig,
  selectHistory,
  selectRunInfo,
} from '../store';
import type { BatchPoint } from '../store';
import { LineChartFrame, type ChartPoint } from './chart/LineChartFrame';
import { GradientChart } from './gradients/GradientChart';
import { RunDetails } from './RunDetails';
import { smoothOverBatches } from './smoothing';
import { useStaleRun } from './staleRun';
import { useScrollTarget } from './pageHooks';
import { useAppStore } from './storeContext';

const epochPoints = (history: readonly EpochRecord[], pick: (r: EpochRecord) => number) =>
  history.map((r) => ({ x: r.epoch, y: pick(r) }));

const batchPoints = (
  batches: readonly BatchPoint[],
  pick: (p: BatchPoint) => number,
  steps: number,
): ChartPoint[] =>
  smoothOverBatches(
    batches.map((p) => ({ x: p.x, y: pick(p) })),
    steps,
  );

/** The metric chart's choices: the compiled metric, or a binary run's Precision, Recall or AUC. */
type MetricChoice = 'metric' | BinaryEpochKey;

/**
 * Loss and metric per epoch (train and validation) with a smoothed per-batch series. A binary
 * run also logs Precision, Recall and AUC every epoch; a choice says which one the metric chart
 * plots (per epoch only: Keras' progress bar shows no running value of them either).
 */
export function Curves() {
  const history = useAppStore(selectHistory);
  const batches = useAppStore(selectBatchSeries);
  const run = useAppStore(selectRunInfo);
  const config = useAppStore(selectConfig);
  const stale = useStaleRun();
  const ref = useScrollTarget<HTMLElement>('curves');
  const metricKey = run?.metricKey ?? config.metric;
  // hamming_loss falls as the model improves; the title says so (the metric catalogue knows).
  const better = lowerIsBetter(run?.config.metric ?? config.metric) ? 'lower is better' : '';
  const epochs = useAppStore(selectChartEpochs);
  const steps = run?.stepsPerEpoch ?? 1;
  const [choice, setChoice] = useState<MetricChoice>('metric');
  const choiceId = useId();
  const binary = history.some((r) => r.binary) || compilesBinaryMetrics(run?.config ?? config);
  const shown: MetricChoice = binary ? choice : 'metric';
  const shownKey = shown === 'metric' ? metricKey : shown;
  const series = useMemo(
    () => ({
      loss: epochPoints(history, (r) => r.loss),
      valLoss: epochPoints(history, (r) => r.valLoss),
      metric: epochPoints(history, (r) => r.metric),
      valMetric: epochPoints(history, (r) => r.valMetric),
      batchLoss: batchPoints(batches, (p) => p.loss, steps),
      batchMetric: batchPoints(batches, (p) => p.metric, steps),
    }),
    [history, batches, steps],
  );
  const metricSeries = useMemo(
    () =>
      shown === 'metric'
        ? series
        : {
            metric: epochPoints(history, (r) => r.binary?.train[shown] ?? NaN),
            valMetric: epochPoints(history, (r) => r.binary?.val[shown] ?? NaN),
            batchMetric: [],
          },
    [series, history, shown],
  );
  const empty = history.length === 0 && batches.length === 0;
  const xDomain = [0, Math.max(epochs, 1)] as const;
  return (
    <section
      ref={ref}
      className={`panel curves${stale ? ' is-stale' : ''}`}
      aria-labelledby="curves-heading"
      data-stale={stale ? 'true' : undefined}
    >
      <div className="panel-title curves-title">
        {/* The charts' own titles say what they show; the heading is for navigation. */}
        <h2 id="curves-heading" className="sr-only">
          Curves
        </h2>
        {binary && (
          <label className="inline small curves-choice" htmlFor={choiceId}>
            Metric curve{' '}
            <select
              id={choiceId}
              value={shown}
              data-testid="curve-metric-choice"
              onChange={(e) => setChoice(e.target.value as MetricChoice)}
            >
              <option value="metric">{metricKey}</option>
              {BINARY_EPOCH_KEYS.map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
            </select>
          </label>
        )}
        {stale && (
          <span className="stale-badge" data-testid="curves-stale">
            Previous run: {stale.name} · changed since: {stale.changed}
          </span>
        )}
      </div>
      <div className="chart-grid">
        <LineChartFrame
          title="Loss"
          yTitle="loss"
          xDomain={xDomain}
          testId="curve-loss"
          points={series.loss.length}
          series={[
            {
              id: 'batch',
              name: 'per batch (smoothed)',
              points: series.batchLoss,
              color: 'var(--series-batch)',
              thin: true,
            },
            { id: 'train', name: 'loss', points: series.loss, color: 'var(--series-train)' },
            {
              id: 'val',
              name: 'val_loss',
              points: series.valLoss,
              color: 'var(--series-val)',
              dashed: true,
            },
          ]}
        />
        <LineChartFrame
          title={`Metric: ${shownKey}${better && shown === 'metric' ? ` (${better})` : ''}`}
          yTitle={shownKey}
          xDomain={xDomain}
          testId="curve-metric"
          points={metricSeries.metric.length}
          unitInterval
          series={[
            ...(shown === 'metric'
              ? [
                  {
                    id: 'batch',
                    name: 'per batch (smoothed)',
                    points: metricSeries.batchMetric,
                    color: 'var(--series-batch)',
                    thin: true,
                  },
                ]
              : []),
            {
              id: 'train',
              name: shownKey,
              points: metricSeries.metric,
              color: 'var(--series-train)',
            },
            {
              id: 'val',
              name: `val_${shownKey}`,
              points: metricSeries.valMetric,
              color: 'var(--series-val)',
              dashed: true,
            },
          ]}
        />
      </div>
      <RunDetails
        empty={
          empty ? (
            <p className="muted small" data-testid="curves-empty">
              The curves appear here as soon as training starts.
            </p>
          ) : null
        }
      />
    </section>
  );
}

/**
 * The gradient at the output per epoch, as its own panel under the curves (after the first
 * screen in presentation mode, which belongs to the loss and metric charts).
 */
export function GradientPanel() {
  const history = useAppStore(selectHistory);
  const epochs = useAppStore(selectChartEpochs);
  const ref = useScrollTarget<HTMLElement>('gradients');
  return (
    <section ref={ref} className="panel gradient-panel" aria-label="Gradient at the output">
      <GradientChart history={history} epochs={epochs} />
    </section>
  );
}
