import type { BinaryReport, BinaryScores } from '../../core';
import { binaryMetricsNote, formatKerasNumber } from '../../core';
import type { BinaryRunConfig } from './BinaryResults';

/**
 * Precision, recall and AUC as Keras would log them for this model (`val_` keys, four decimals,
 * sorted, at Keras' default threshold 0.5 whatever the slider says), with the `compile` line that
 * asks for them: on two units the "yes" unit is `class_id=1`. A run that compiled them shows the
 * numbers its last epoch logged (on two units `AUC()` pools both columns); otherwise what they
 * would read on the yes output, with why they were not compiled.
 */
export function KerasMetricsLine({
  config,
  report,
  rocAuc,
  threshold,
  logged,
}: {
  config: BinaryRunConfig;
  /** The counts at 0.5, Keras' default threshold. */
  report: BinaryReport;
  rocAuc: number;
  /** The slider's threshold: when it is off 0.5, say how to ask Keras for it. */
  threshold: number;
  logged?: BinaryScores | undefined;
}) {
  const uncompiled = binaryMetricsNote({ ...config, task: 'binary' });
  const shown = logged ?? { auc: rocAuc, precision: report.precision, recall: report.recall };
  const moved = threshold !== report.threshold;
  const two = config.outputs === 2;
  const classId = two ? 'class_id=1' : '';
  const code = `metrics=['accuracy', keras.metrics.Precision(${classId}), keras.metrics.Recall(${classId}), keras.metrics.AUC()]`;
  const log = [
    `val_auc: ${formatKerasNumber(shown.auc)}`,
    `val_precision: ${formatKerasNumber(shown.precision)}`,
    `val_recall: ${formatKerasNumber(shown.recall)}`,
  ].join(' - ');
  return (
    <div className="keras-metrics" data-testid="binary-keras-metrics">
      <p className="small">
        <strong>In Keras.</strong> <code>{code}</code> logs, on these test digits:
      </p>
      <pre className="keras-metrics-log" data-testid="binary-keras-log">
        {log}
      </pre>
      <ul className="muted small">
        {uncompiled && <li data-testid="binary-metrics-uncompiled">{uncompiled}</li>}
        <li>
          Precision and Recall say yes when the output is strictly above 0.5, their{' '}
          <code>thresholds</code> default
          {moved && (
            <>
              {' '}
              (for the slider&apos;s numbers pass <code>thresholds={threshold.toFixed(2)}</code>)
            </>
          )}
          . A zero division counts as 0. AUC uses 200 thresholds and the trapezoid rule, so it is
          close to, not equal to, the exact area.
        </li>
        {two && (
          <li>
            On two units Precision and Recall read the yes unit (<code>class_id=1</code>; without it
            they would pool both columns of the one-hot rows, each digit counted twice), while{' '}
            <code>AUC()</code>, which has no <code>class_id</code>, pools them: each digit counts
            once as a positive and once as a negative.
          </li>
        )}
        {config.activation === 'linear' && (
          <li>
            The output is linear, so these metrics read logits: Precision and Recall compare them
            with 0.5 as they are, and AUC clips them to [0, 1] first. Keras&apos;{' '}
            <code>AUC(from_logits=True)</code> applies the sigmoid instead.
          </li>
        )}
      </ul>
    </div>
  );
}
