import type { BinaryReport } from '../../core';
import type { BinaryRunConfig } from './BinaryResults';

/**
 * Precision, recall and AUC as Keras would log them for this model (`val_` keys, four decimals,
 * sorted, at Keras' default threshold 0.5 whatever the slider says), with the `compile` line that
 * asks for them: on two units the "yes" unit is `class_id=1`.
 */
export function KerasMetricsLine({
  config,
  report,
  rocAuc,
  threshold,
}: {
  config: BinaryRunConfig;
  /** The counts at 0.5, Keras' default threshold. */
  report: BinaryReport;
  rocAuc: number;
  /** The slider's threshold: when it is off 0.5, say how to ask Keras for it. */
  threshold: number;
}) {
  const moved = threshold !== report.threshold;
  const two = config.outputs === 2;
  const classId = two ? 'class_id=1' : '';
  const code = `metrics=['accuracy', keras.metrics.Precision(${classId}), keras.metrics.Recall(${classId}), keras.metrics.AUC()]`;
  const log = [
    `val_auc: ${rocAuc.toFixed(4)}`,
    `val_precision: ${report.precision.toFixed(4)}`,
    `val_recall: ${report.recall.toFixed(4)}`,
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
            On two units the numbers are the yes unit&apos;s. Without <code>class_id=1</code>,
            Precision and Recall would pool both columns of the one-hot rows (each digit counted
            twice), and <code>AUC()</code>, which has no <code>class_id</code>, does pool them.
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
