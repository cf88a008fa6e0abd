import { outputUnits, resolveAccuracyFromLoss, resolveMetric } from '../../core';
import type { BinaryRunConfig } from './BinaryResults';

/**
 * What `metrics=['accuracy']` became for this model, in Keras 3 and in the Keras 2 most answers
 * online were written for: the rule changed in TF 2.2 from "look at the loss" to "look at the
 * shapes", and the two disagree on some binary models.
 */
export function AccuracyResolution({ config }: { config: BinaryRunConfig }) {
  if (config.metric !== 'accuracy') return null;
  const units = outputUnits({ task: 'binary', outputs: config.outputs });
  const now = resolveMetric({ ...config, task: 'binary' }, units).metric;
  const before = resolveAccuracyFromLoss(config.loss, units);
  return (
    <p className="small accuracy-resolution" data-testid="accuracy-resolution">
      <strong>Which accuracy?</strong> Keras 3 (and tf.keras since TF 2.2) turns{' '}
      <code>&apos;accuracy&apos;</code> into <code>{now}</code> here, from the shapes alone: one
      output unit gives binary accuracy, two give categorical or sparse categorical accuracy. Keras
      2.3 and older, and TF.js today, chose from the loss instead: <code>{before}</code> for{' '}
      <code>{config.loss}</code> on {units === 1 ? 'one unit' : 'two units'}.{' '}
      {now === before
        ? 'Both rules agree for this model.'
        : 'The two rules disagree for this model, so an older tutorial’s accuracy is not this one.'}{' '}
      “Keras infers categorical_accuracy from categorical_crossentropy” describes that older,
      loss-based rule.
    </p>
  );
}
