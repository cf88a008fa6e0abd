/**
 * The code planner and the page give one verdict: `planCode` annotates an export with the error
 * Keras raises exactly when `checkConfig` (the page's verdict) says Keras raises, with the same
 * text, for every configuration the page offers and at every batch size that matters (1 and K
 * broadcast silently; the others must agree too).
 */
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../config';
import {
  ACTIVATIONS,
  DEFAULT_CONFIG,
  LABEL_ENCODINGS,
  LIMITS,
  LOSSES,
  METRICS,
  SEMANTICS,
  TASKS,
} from '../config';
import { checkConfig } from '../keras';
import { planCode } from './plan';

const BATCH_SIZES = [1, 2, 3, 10, 64, LIMITS.batchSize.max];

function configurations(): RunConfig[] {
  const out: RunConfig[] = [];
  for (const task of TASKS)
    for (const activation of ACTIVATIONS)
      for (const loss of LOSSES)
        for (const fromLogits of [false, true])
          for (const labels of LABEL_ENCODINGS)
            for (const metric of METRICS)
              for (const semantics of SEMANTICS)
                out.push({
                  ...DEFAULT_CONFIG,
                  task,
                  activation,
                  loss,
                  fromLogits,
                  labels,
                  metric,
                  semantics,
                });
  return out;
}

describe('planCode uses the page verdict', () => {
  it('int labels + SCCE + binary_accuracy at batch 10: a warning on the page, no error in the export', () => {
    const config: RunConfig = {
      ...DEFAULT_CONFIG,
      activation: 'softmax',
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
      metric: 'binary_accuracy',
      batchSize: 10,
    };
    expect(checkConfig(config).level).toBe('warning');
    expect(planCode(config).failure).toBeUndefined();
    // At 64 both say Keras raises, with the same text.
    const at64 = { ...config, batchSize: 64 };
    expect(planCode(at64).failure?.message).toBe(checkConfig(at64).kerasError);
    expect(planCode(at64).failure?.message).toContain('Incompatible shapes');
  });

  it.each(BATCH_SIZES)('agrees with checkConfig on every configuration at batch size %i', (B) => {
    const disagreements: string[] = [];
    let failures = 0;
    for (const config of configurations()) {
      const plan = planCode({ ...config, batchSize: B });
      // The export feeds multi-hot targets to multi-label runs whatever the labels say (a note
      // explains it); the page's verdict for those labels is the one to match.
      const verdict = checkConfig(
        { ...config, labels: plan.labels, batchSize: B },
        { suggestFix: false },
      );
      const same =
        plan.failure?.message === verdict.kerasError &&
        plan.failure?.type === verdict.kerasErrorType &&
        plan.failure?.at === verdict.kerasErrorAt &&
        plan.warnings.join('\n') === verdict.kerasWarnings.join('\n');
      if (!same && disagreements.length < 5) disagreements.push(JSON.stringify(config));
      if (plan.failure) failures++;
    }
    expect(disagreements).toEqual([]);
    // Both outcomes occur at every batch size (the comparison is not vacuous).
    expect(failures).toBeGreaterThan(100);
    expect(failures).toBeLessThan(configurations().length);
  });
});
