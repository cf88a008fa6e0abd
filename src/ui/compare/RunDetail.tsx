import { useMemo } from 'react';
import {
  binaryClassNames,
  checkConfig,
  describeDataset,
  perClassAccuracy,
  type RunRecord,
} from '../../core';
import { BinaryConfusion, countsOf, storedRule } from '../binary/BinaryConfusion';
import { ConfusionMatrix } from '../ConfusionMatrix';
import { runEndText } from '../history/runEnd';
import { LinesChart } from './LinesChart';
import { RunConfigList } from './RunConfigList';
import { ModelDownload } from './ModelDownload';
import { LEVEL_WORD } from '../verdictText';

/** One stored run: its curves, confusion matrix and the verdict's explanation. */
export function RunDetail({ run, elsewhere = false }: { run: RunRecord; elsewhere?: boolean }) {
  const verdict = useMemo(() => checkConfig(run.config), [run.config]);
  const at = (key: 'loss' | 'valLoss' | 'metric' | 'valMetric') =>
    run.history.map((h) => ({ x: h.epoch, y: h[key] }));
  const m = run.metricKey;
  return (
    <div className="run-detail" data-testid="run-detail">
      <p className={`verdict-line level-${verdict.level}`}>
        <strong>{LEVEL_WORD[verdict.level]}</strong> — {verdict.explanation}
      </p>
      <p
        className="muted small"
        data-testid="run-end"
        data-reason={elsewhere ? 'elsewhere' : run.reason}
      >
        {runEndText(run, elsewhere)}
        {run.divergence ? ` ${run.divergence}` : ''}
      </p>
      <p className="muted small" data-testid="run-data">
        Data: {describeDataset(run.config.dataset)}.
      </p>
      <RunConfigList config={run.config} />
      <div className="chart-pair">
        <LinesChart
          title="Loss"
          yLabel="loss"
          testId="detail-loss"
          series={[
            { name: 'loss', points: at('loss') },
            { name: 'val_loss', points: at('valLoss'), dashed: true },
          ]}
        />
        <LinesChart
          title={m}
          yLabel={m}
          unitInterval
          testId="detail-metric"
          series={[
            { name: m, points: at('metric') },
            { name: `val_${m}`, points: at('valMetric'), dashed: true },
          ]}
        />
      </div>
      {run.confusion.length > 0 &&
        (run.config.task === 'binary' ? (
          <BinaryConfusion
            counts={countsOf(run.confusion)}
            names={binaryClassNames(run.config.target)}
            rule={storedRule(run.config.outputs, binaryClassNames(run.config.target)[1])}
          />
        ) : (
          <ConfusionMatrix
            matrix={run.confusion}
            perClass={perClassAccuracy(run.confusion)}
            dataset={run.config.dataset}
          />
        ))}
      <ModelDownload config={run.config} />
    </div>
  );
}
