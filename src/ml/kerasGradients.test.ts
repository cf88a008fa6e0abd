/**
 * The engine's gradients against real Keras (issue 14): for every loss LossLab trains with, every
 * output activation, label encoding and semantics, on moderate and on saturated logits, the
 * gradient of the batch loss with respect to the logits that the engine's tensor loss
 * (`batchLoss`, what the optimizer differentiates) gives on the CPU backend, against
 * `tf.GradientTape` / `jax.grad` of the Keras loss through the activation (fixtures from
 * scripts/keras-oracle/oracle.py).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OracleBackend } from '../test/kerasOracle';
import {
  ORACLE_BACKENDS,
  SEMANTICS_OF,
  coreLoss,
  keywordOverridesOf,
  labelsOf,
  loadOracle,
  logitsOf,
  num,
} from '../test/kerasOracle';
import type { LossSpec } from './losses';
import { batchLoss } from './losses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Agreement: 1e-5 absolute plus 1e-4 relative. tfjs computes sigmoid and softmax in one rounding
 * from float64 where TF/XLA round each float32 step, so near saturation the activated output
 * (and the clipped probability path's gradient) can differ by an ulp of p.
 */
function close(actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= 1e-5 + 1e-4 * Math.abs(expected);
}

function gradientsOf(backend: OracleBackend) {
  const fx = loadOracle(backend);
  const semantics = SEMANTICS_OF[backend];
  describe(`gradients against Keras ${fx.versions.keras} on ${backend}`, () => {
    for (const [vid, variant] of Object.entries(fx.variants)) {
      const core = coreLoss(variant);
      const rows = fx.losses.filter((r) => r.variant === vid && r.grad);
      const why =
        'missing' in core
          ? core.missing
          : rows.length === 0
            ? 'Keras raised on every row, so there is no gradient'
            : undefined;
      const name = why ? `${vid} (skipped: ${why})` : vid;
      it.skipIf('missing' in core || rows.length === 0)(name, () => {
        if ('missing' in core) return;
        const problems: string[] = [];
        for (const row of rows) {
          const part = fx.data[row.regime];
          const labels = labelsOf(part, row.labels, fx.K);
          const grad = tf.tidy(() => {
            const y = Array.isArray(labels[0])
              ? tf.tensor2d(labels)
              : tf.tensor1d(labels as number[], 'int32');
            const z = tf.tensor2d(logitsOf(part));
            const spec: LossSpec = {
              loss: core.loss,
              fromLogits: core.fromLogits,
              keywords: keywordOverridesOf(core),
              activation: row.activation,
              semantics,
            };
            return tf
              .grad((x: tf.Tensor) => batchLoss(spec, y, x as tf.Tensor2D))(z)
              .arraySync();
          }) as number[][];
          const expected = row.grad ?? [];
          let worst = '';
          expected.forEach((r, i) =>
            r.forEach((g, k) => {
              const actual = grad[i]?.[k] ?? NaN;
              if (!worst && !close(actual, num(g))) {
                worst = `${row.regime} ${row.activation} ${row.labels} [${i},${k}]: Keras ${num(g)}, engine ${actual}`;
              }
            }),
          );
          if (worst) problems.push(worst);
        }
        expect(problems).toEqual([]);
      });
    }
  });
}

for (const backend of ORACLE_BACKENDS) gradientsOf(backend);
