/**
 * The loss lab on the binary task's one and two logits, against real Keras: every eager loss call
 * of the binary oracle fixtures (scripts/keras-oracle, Keras 3.15.1 on TensorFlow and JAX, one and
 * two output units) is replayed example by example in the lab. Each example's value must be the
 * per-sample value Keras printed, and its ∂L/∂z the gradient Keras took of the batch mean, times
 * the batch size. Calls Keras rejected are the verdict's business (oracle.test.ts) and are skipped
 * here.
 */
import { describe, expect, it } from 'vitest';
import { POS_WEIGHT } from './catalogue';
import type { LabExample, LabResult } from './lossLab';
import { computeLossLab } from './lossLab';
import type { OracleBackend } from '../test/kerasOracle';
import {
  BINARY_UNITS,
  ORACLE_BACKENDS,
  SEMANTICS_OF,
  coreLoss,
  loadBinaryOracle,
  logitsOf,
  num,
  ulps,
} from '../test/kerasOracle';

/**
 * The tolerances the oracle suites use (oracle.test.ts, kerasGradients.core.test.ts): a value
 * within 8 float32 units in the last place or 2·2^-23 (TensorFlow's float32 sigmoid is off a
 * correctly rounded one by up to 2^-22 near 1), a gradient within 1e-4 relative or 1e-6 absolute
 * per sample of Keras' batch.
 */
const MAX_ULPS = 8;
const ABS_FLOOR = 2 * 2 ** -23;

/**
 * On saturated logits (±6 and beyond) a probability within 1e-5 of 1 leaves 1 − p resolved to
 * about 1% in float32, and the probability path's gradient divides by it: Keras' own gradient
 * (JAX's float32 chain) and the written-out one then agree to 1%, not 1e-4.
 */
const SATURATED_REL = 1e-2;

function closeGradient(lab: number, keras: number, B: number, rel: number): boolean {
  if (Number.isNaN(keras)) return Number.isNaN(lab);
  return Math.abs(lab - keras) <= 1e-6 * B + rel * Math.abs(keras);
}

function sameValue(lab: number | undefined, keras: number): boolean {
  if (lab === undefined) return false;
  if (Number.isNaN(keras)) return Number.isNaN(lab);
  return Math.abs(lab - keras) <= ABS_FLOOR || ulps(lab, keras) <= MAX_ULPS;
}

describe.each(
  ORACLE_BACKENDS.flatMap((backend) => BINARY_UNITS.map((units) => [backend, units] as const)),
)('the loss lab against Keras on %s, %i logit(s)', (backend: OracleBackend, units) => {
  const fx = loadBinaryOracle(backend, units);
  const semantics = SEMANTICS_OF[backend];
  const labs = new Map<string, LabResult>();
  const labOf = (example: LabExample) => {
    const key = JSON.stringify(example);
    let lab = labs.get(key);
    if (!lab) {
      lab = computeLossLab(example);
      labs.set(key, lab);
    }
    return lab;
  };

  it('every example of every loss Keras computed: its value and its gradient', () => {
    const problems: string[] = [];
    let compared = 0;
    for (const row of fx.losses) {
      const variant = fx.variants[row.variant];
      if (!variant || row.error || !row.perSample || !row.grad) continue;
      const core = coreLoss(variant);
      // The lab computes with the catalogue's keywords: Keras rows with other keywords are not its.
      const options = Object.entries(variant.options ?? {});
      if ('missing' in core || options.some(([k, v]) => k !== 'pos_weight' || v !== POS_WEIGHT))
        continue;
      const part = fx.data[row.regime];
      const logits = logitsOf(part);
      const B = part.ids.length;
      part.ids.forEach((id, i) => {
        const lab = labOf({
          logits: logits[i] ?? [],
          label: { encoding: row.labels, classes: [id] },
        });
        const cell = lab.rows.find(
          (r) =>
            r.loss === core.loss &&
            r.fromLogits === core.fromLogits &&
            r.activation === row.activation &&
            r.semantics === semantics,
        );
        const where = `${row.variant} ${row.regime} ${row.activation} ${row.labels} sample ${i}`;
        const keras = num(row.perSample?.[i]);
        if (!cell || cell.error) {
          problems.push(`${where}: the lab says ${cell?.error?.message ?? 'nothing'}`);
          return;
        }
        if (!sameValue(cell.value, keras)) problems.push(`${where}: ${cell.value} vs ${keras}`);
        const grad = row.grad?.[i] ?? [];
        grad.forEach((g, k) => {
          const expected = num(g) * B;
          const got = cell.gradient?.[k] ?? NaN;
          if (!closeGradient(got, expected, B, row.regime === 'saturated' ? SATURATED_REL : 1e-4))
            problems.push(`${where} ∂L/∂z${k}: ${got} vs ${expected}`);
        });
        compared++;
      });
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // Most of the fixture's calls run: the comparison is not vacuous.
    expect(compared).toBeGreaterThan(300);
  });
});
