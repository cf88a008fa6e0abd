import { useId, useMemo, useState } from 'react';
import type { BinaryScores, RunConfig, SamplePrediction, TestOutputs } from '../../core';
import {
  DEFAULT_THRESHOLD,
  binaryClassNames,
  binaryCurve,
  binaryQuestion,
  binaryReport,
  kerasAuc,
} from '../../core';
import {
  THRESHOLD_MAX,
  THRESHOLD_MIN,
  THRESHOLD_STEP,
  toThreshold,
} from '../multiLabel/thresholds';
import { AccuracyResolution } from './AccuracyResolution';
import { BinaryConfusion } from './BinaryConfusion';
import { BinaryCurves } from './BinaryCurves';
import { BinaryGallery } from './BinaryGallery';
import { KerasMetricsLine } from './KerasMetricsLine';
import './binary.css';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

export type BinaryRunConfig = Pick<
  RunConfig,
  'target' | 'outputs' | 'activation' | 'loss' | 'labels' | 'metric'
>;

/**
 * What a binary run shows: the question and its base rate, a threshold the student moves (every
 * number, the 2×2 matrix and the digits are re-scored on the page, no new run), precision, recall
 * and Keras' AUC, the ROC and precision-recall curves, and test digits with their "yes" output.
 */
export function BinaryResults({
  testOutputs,
  samples,
  config,
  logged,
}: {
  testOutputs: TestOutputs;
  samples: readonly SamplePrediction[];
  config: BinaryRunConfig;
  /** The last epoch's compiled val_precision, val_recall and val_auc, when the run logged them. */
  logged?: BinaryScores | undefined;
}) {
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const sliderId = useId();
  const { outputs, targets } = testOutputs;
  const names = binaryClassNames(config.target);
  const report = useMemo(
    () => binaryReport(outputs, targets, threshold),
    [outputs, targets, threshold],
  );
  const atDefault = useMemo(() => binaryReport(outputs, targets), [outputs, targets]);
  const curve = useMemo(() => binaryCurve(outputs, targets), [outputs, targets]);
  const rocAuc = useMemo(() => kerasAuc(outputs, targets), [outputs, targets]);
  const prAuc = useMemo(() => kerasAuc(outputs, targets, 'PR'), [outputs, targets]);
  const numbers: [string, string, string][] = [
    ['binary accuracy', 'accuracy', percent(report.accuracy)],
    ['“always say no”', 'always-no', percent(report.alwaysNoAccuracy)],
    ['precision', 'precision', percent(report.precision)],
    ['recall', 'recall', percent(report.recall)],
    ['F1', 'f1', percent(report.f1)],
    [`said ${names[1]}`, 'predicted-rate', percent(report.predictedRate)],
    ['AUC (ROC)', 'auc', rocAuc.toFixed(3)],
    ['AUC (PR)', 'pr-auc', prAuc.toFixed(3)],
  ];
  return (
    <div className="binary-results" data-testid="binary-results">
      <p className="binary-question">
        <strong>{binaryQuestion(config.target)}</strong>{' '}
        <span data-testid="positive-rate">
          {percent(report.positiveRate)} of the {report.count.toLocaleString('en-US')} test digits
          are {names[1]}
        </span>
        : a model that always answers {names[0]} scores {percent(report.alwaysNoAccuracy)} accuracy,
        so judge it by precision, recall and AUC.
      </p>
      <div className="threshold-control">
        <label htmlFor={sliderId}>
          Threshold: the model says {names[1]} when its output is above{' '}
          <output htmlFor={sliderId} data-testid="binary-threshold">
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
          aria-valuetext={`${threshold.toFixed(2)}: precision ${percent(report.precision)}, recall ${percent(report.recall)}`}
          onChange={(event) => setThreshold(toThreshold(Number(event.currentTarget.value)))}
        />
      </div>
      <dl className="threshold-numbers" aria-live="polite">
        {numbers.map(([name, id, value]) => (
          <div key={id}>
            <dt>{name}</dt>
            <dd data-testid={`binary-${id}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <KerasMetricsLine
        config={config}
        report={atDefault}
        rocAuc={rocAuc}
        threshold={threshold}
        logged={logged}
      />
      <AccuracyResolution config={config} />
      <div className="binary-grid">
        <BinaryConfusion
          counts={report.counts}
          names={names}
          rule={`${names[1]} when its output is above ${threshold.toFixed(2)}`}
        />
        <BinaryCurves curve={curve} report={report} rocAuc={rocAuc} prAuc={prAuc} />
      </div>
      {samples.length > 0 && (
        <BinaryGallery
          samples={samples}
          names={names}
          activation={config.activation}
          threshold={threshold}
        />
      )}
    </div>
  );
}
