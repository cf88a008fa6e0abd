/**
 * The core's written-out gradients ∂L/∂z (gradients.ts: what the loss lab draws and the lessons
 * read) against real Keras: `tf.GradientTape` / `jax.grad` of each Keras loss through its output
 * activation, recorded by scripts/keras-oracle/oracle.py. Every loss LossLab has, every semantics,
 * label encoding, activation and from_logits, on moderate and on saturated logits; where Keras
 * raises, the core raises too. (src/ml/kerasGradients.test.ts holds the engine's tfjs tensors to
 * the same fixtures; this holds the independent float32 reference.)
 */
import { describe, expect, it } from 'vitest';
import type { OracleBackend } from '../../test/kerasOracle';
import {
  ORACLE_BACKENDS,
  SEMANTICS_OF,
  coreLoss,
  labelsOf,
  loadOracle,
  logitsOf,
  num,
} from '../../test/kerasOracle';
import { isKerasError } from './errors';
import { kerasLossGradient } from './gradients';

/**
 * Float32 agreement, relative to the largest |∂L/∂z| of the row's batch: Keras differentiates
 * through the float32 activation step by step where the core applies the written-out derivative,
 * so each differs from the exact one by a few float32 roundings of the row's largest terms.
 */
const ABS = 1e-6;
const REL = 1e-4;
/** Largest disagreement seen (in units of the row's largest |g|), for the report. */
let worst = 0;

function gradientsOf(backend: OracleBackend) {
  const fx = loadOracle(backend);
  const semantics = SEMANTICS_OF[backend];
  describe(`core ∂L/∂z against Keras ${fx.versions.keras} on ${backend}`, () => {
    for (const [vid, variant] of Object.entries(fx.variants)) {
      const core = coreLoss(variant);
      const rows = fx.losses.filter((r) => r.variant === vid);
      it.skipIf('missing' in core)(vid, () => {
        if ('missing' in core) return;
        const problems: string[] = [];
        const zeros: string[] = [];
        let compared = 0;
        for (const row of rows) {
          const part = fx.data[row.regime];
          const where = `${row.regime} ${row.activation} ${row.labels}`;
          let grad: number[][];
          try {
            grad = kerasLossGradient({
              ...core,
              activation: row.activation,
              semantics,
              yTrue: labelsOf(part, row.labels, fx.K),
              logits: logitsOf(part),
            }).grad;
          } catch (e) {
            if (!isKerasError(e)) throw e;
            if (row.grad)
              problems.push(`${where}: Keras has a gradient, the core raises ${e.message}`);
            continue;
          }
          if (!row.grad) {
            if (row.error)
              problems.push(`${where}: Keras raises ${row.error.type}, the core does not`);
            continue;
          }
          compared++;
          const expected = row.grad.map((r) => r.map(num));
          let first = '';
          expected.forEach((r, i) =>
            r.forEach((g, k) => {
              const actual = grad[i]?.[k] ?? NaN;
              const off = Math.abs(actual - g);
              if (Number.isNaN(g) ? !Number.isNaN(actual) : !(off <= ABS + REL * Math.abs(g))) {
                first ||= `${where} [${i},${k}]: Keras ${g}, core ${actual}`;
              } else if (Math.abs(g) >= 1e-3) worst = Math.max(worst, off / Math.abs(g));
              if (g === 0 && actual !== 0)
                zeros.push(`${where} [${i},${k}]: Keras 0, core ${actual}`);
            }),
          );
          if (first) problems.push(first);
        }
        expect(problems).toEqual([]);
        expect(zeros).toEqual([]);
        if (rows.some((r) => r.grad)) expect(compared).toBeGreaterThan(0);
      });
    }
  });
}

for (const backend of ORACLE_BACKENDS) gradientsOf(backend);

describe('report', () => {
  it('the largest disagreement is within float32 rounding', () => {
    console.info(
      `core ∂L/∂z vs Keras: largest |Δg|/|g| where |g| ≥ 1e-3: ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThanOrEqual(REL);
  });
});
