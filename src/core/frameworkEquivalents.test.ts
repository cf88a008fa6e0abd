import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LOSS_CATALOGUE, SAMPLED_SOFTMAX_NOTE, lossEntry } from './catalogue';
import type { Activation, LossName, Semantics } from './config';
import { ACTIVATIONS, LOSSES, SEMANTICS } from './config';
import type { EquivalentsKey } from './frameworkEquivalents';
import { equivalentsExample, frameworkEquivalents } from './frameworkEquivalents';
import type { LabExample } from './lossLab';
import { LAB_PRESETS } from './lossLabPresets';

const MODERATE = [1.2, -0.4, 0.3, 2.5, -1.1, 0.8, -2.0, 0.1, 1.7, -0.6];
const SATURATED = LAB_PRESETS.find((p) => p.id === 'extreme')?.example.logits ?? [];

const EXAMPLES: Record<string, LabExample> = {
  'moderate one-hot': { logits: MODERATE, label: { encoding: 'onehot', classes: [3] } },
  'moderate int': { logits: MODERATE, label: { encoding: 'int', classes: [6] } },
  'moderate multi-hot': { logits: MODERATE, label: { encoding: 'multihot', classes: [0, 3, 8] } },
  'saturated one-hot': { logits: SATURATED, label: { encoding: 'onehot', classes: [8] } },
  'saturated multi-hot': { logits: SATURATED, label: { encoding: 'multihot', classes: [3, 8] } },
  'three logits': { logits: [2, 1, 0.1], label: { encoding: 'onehot', classes: [0] } },
};

const CONFIGS: EquivalentsKey[] = LOSSES.flatMap((loss) =>
  ACTIVATIONS.flatMap((activation) =>
    SEMANTICS.flatMap((semantics) =>
      [false, true].map((fromLogits) => ({ loss, activation, semantics, fromLogits })),
    ),
  ),
);

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logSoftmax = (z: readonly number[]) => {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
};
const close = (a: number, b: number, rel = 1e-4) => Math.abs(a - b) <= 1e-6 + rel * Math.abs(b);

function key(
  loss: LossName,
  activation: Activation,
  fromLogits: boolean,
  semantics: Semantics = 'tf',
): EquivalentsKey {
  return { loss, activation, fromLogits, semantics };
}

/** tfjs' tf.losses.* are TensorFlow 1's compat losses (SUM_BY_NONZERO_WEIGHTS by default). */
function tfjsCompat(code: string, z: number[], p: number[], y: number[]): number | undefined {
  const run = (f: () => tf.Tensor) => tf.tidy(() => f().dataSync()[0] ?? NaN);
  const Y = () => tf.tensor2d([y]);
  if (code.startsWith('tf.compat.v1.losses.softmax_cross_entropy'))
    return run(() => tf.losses.softmaxCrossEntropy(Y(), tf.tensor2d([z])));
  if (code.startsWith('tf.compat.v1.losses.sigmoid_cross_entropy'))
    return run(() => tf.losses.sigmoidCrossEntropy(Y(), tf.tensor2d([z])));
  if (code.startsWith('tf.compat.v1.losses.log_loss'))
    return run(() => tf.losses.logLoss(Y(), tf.tensor2d([p])));
  if (code.startsWith('tf.compat.v1.losses.mean_squared_error'))
    return run(() => tf.losses.meanSquaredError(Y(), tf.tensor2d([p])));
  return undefined;
}

describe('frameworkEquivalents over every configuration', () => {
  for (const [name, example] of Object.entries(EXAMPLES)) {
    it(`is consistent for every loss × activation × semantics × from_logits (${name})`, () => {
      const K = example.logits.length;
      for (const cfg of CONFIGS) {
        const eq = frameworkEquivalents(cfg, example);
        const entry = lossEntry(cfg.loss);
        const where = `${cfg.loss} ${cfg.activation} ${cfg.semantics} from_logits=${cfg.fromLogits}`;
        expect(eq.rows, where).toHaveLength(entry.frameworks.length);
        expect(eq.kerasCall, where).toContain(
          entry.keras.kind === 'custom' ? entry.keras.callable : entry.keras.className,
        );
        const softmaxFamily = entry.family === 'categorical' || entry.family === 'sparse';
        expect(eq.notes.includes(SAMPLED_SOFTMAX_NOTE), where).toBe(softmaxFamily);
        const keras = 'value' in eq.keras ? eq.keras.value : undefined;
        eq.rows.forEach((row, i) => {
          const call = entry.frameworks[i];
          expect(row.code, where).toBe(call?.code);
          expect(row.reduction.length, where).toBeGreaterThan(0);
          if (row.relation === 'fails') {
            expect(row.value, where).toBeUndefined();
            expect(row.why, where).toMatch(/^On this example it /);
            return;
          }
          expect(Number.isFinite(row.value), `${where} ${row.code}`).toBe(true);
          const value = row.value ?? NaN;
          if (row.relation === 'no-keras') {
            expect(keras, where).toBeUndefined();
            expect(row.why, where).toMatch(/^Keras raises here/);
            return;
          }
          expect(keras, where).toBeDefined();
          const k = keras ?? NaN;
          expect(row.ratio, where).toBeCloseTo(value / k, 10);
          if (row.relation === 'same') expect(close(value, k), `${where} ${row.code}`).toBe(true);
          if (row.relation === 'scaled') {
            expect(close(value, (call?.scale?.(K) ?? NaN) * k), where).toBe(true);
            expect(row.why, where).toBeTruthy();
          }
          if (row.relation === 'differs') {
            expect(close(value, k), `${where} ${row.code}`).toBe(false);
            expect(row.why?.length, where).toBeGreaterThan(20);
          }
          // The TF1 compat rows against tfjs' own implementation of the same family.
          const p = cfg.activation === 'linear' ? example.logits : undefined;
          const sample = { z: example.logits, y: yRow(example) };
          const pOut =
            p ??
            (cfg.activation === 'softmax'
              ? logSoftmax(example.logits).map(Math.exp)
              : example.logits.map(sigmoid));
          const reference = tfjsCompat(row.code, sample.z, pOut, sample.y);
          // tfjs computes 1 − sigmoid(12.5) in float32 (3.70e-6 for 3.73e-6): 3e-4 of log_loss.
          const rel = row.code.includes('log_loss') ? 5e-4 : 2e-4;
          if (reference !== undefined)
            expect(
              close(value, reference, rel),
              `${where} ${row.code} ${value} vs ${reference}`,
            ).toBe(true);
        });
      }
    });
  }
});

function yRow(example: LabExample): number[] {
  return example.logits.map((_, k) => (example.label.classes.includes(k) ? 1 : 0));
}

describe('the seed multi-label snippet', () => {
  const seed = (rows: ReturnType<typeof frameworkEquivalents>['rows']) =>
    rows.find((r) => r.framework === 'Seed snippet');

  it('is 10 × Keras’ binary cross-entropy on ten classes: 10·ln 2 at zero logits', () => {
    const eq = frameworkEquivalents(key('binary_crossentropy', 'sigmoid', false), {
      logits: Array<number>(10).fill(0),
      label: { encoding: 'multihot', classes: [2, 7] },
    });
    expect('value' in eq.keras && eq.keras.value).toBeCloseTo(Math.LN2, 6);
    const row = seed(eq.rows);
    expect(row?.relation).toBe('scaled');
    expect(row?.value).toBeCloseTo(10 * Math.LN2, 6); // 6.9315
    expect(row?.ratio).toBeCloseTo(10, 5);
    expect(row?.why).toMatch(/sums over the classes where Keras averages/);
  });

  it('is the class sum of the sigmoid cross-entropy, ten times Keras’, on a real example', () => {
    const labels = [0, 3, 8];
    const terms = MODERATE.map((z, k) => softplus(z) - (labels.includes(k) ? z : 0));
    const classSum = terms.reduce((a, b) => a + b, 0);
    for (const cfg of [
      key('binary_crossentropy', 'sigmoid', false, 'tf'),
      key('binary_crossentropy', 'linear', true, 'plain'),
      key('binary_crossentropy', 'linear', true, 'tf'),
    ]) {
      const eq = frameworkEquivalents(cfg, {
        logits: MODERATE,
        label: { encoding: 'multihot', classes: labels },
      });
      const kerasValue = 'value' in eq.keras ? eq.keras.value : NaN;
      expect(kerasValue).toBeCloseTo(classSum / 10, 5);
      const row = seed(eq.rows);
      expect(row?.value).toBeCloseTo(classSum, 6);
      expect(row?.relation).toBe('scaled');
      expect((row?.value ?? NaN) / kerasValue).toBeCloseTo(10, 4);
      // Every other sigmoid call (TF, TF1, BCEWithLogitsLoss, MultiLabelSoftMarginLoss) is Keras’.
      for (const r of eq.rows.filter((r) => r !== row && r.code.includes('ogits')))
        expect(r.relation, r.code).toBe('same');
    }
  });

  it('on three classes is three times Keras’ (the factor is the class count)', () => {
    const eq = frameworkEquivalents(key('binary_crossentropy', 'linear', true), {
      logits: [2, -1, 0.5],
      label: { encoding: 'multihot', classes: [0] },
    });
    expect(seed(eq.rows)?.ratio).toBeCloseTo(3, 5);
  });
});

describe('what differs, said where it matters', () => {
  it('softmax + CCE on TensorFlow reads the cached logits: every call agrees, even saturated', () => {
    const eq = frameworkEquivalents(key('categorical_crossentropy', 'softmax', false, 'tf'), {
      logits: SATURATED,
      label: { encoding: 'onehot', classes: [8] },
    });
    const exact = -(logSoftmax(SATURATED)[8] ?? NaN);
    expect('value' in eq.keras && eq.keras.value).toBeCloseTo(exact, 3); // ≈ 130
    expect(eq.rows.length).toBe(5);
    for (const r of eq.rows) {
      expect(r.relation, r.code).toBe('same');
      expect(r.value).toBeCloseTo(exact, 3);
    }
  });

  it('on JAX the same configuration clips at 1e-7 (16.1) while every framework call gives 130', () => {
    const eq = frameworkEquivalents(key('categorical_crossentropy', 'softmax', false, 'plain'), {
      logits: SATURATED,
      label: { encoding: 'onehot', classes: [8] },
    });
    expect('value' in eq.keras && eq.keras.value).toBeCloseTo(-Math.log(1e-7), 2);
    for (const r of eq.rows) {
      expect(r.relation, r.code).toBe('differs');
      expect(r.why).toMatch(/clips them into \[1e-7, 1 − 1e-7\]/);
    }
  });

  it('a linear output with from_logits=False: Keras takes raw outputs for probabilities', () => {
    const eq = frameworkEquivalents(key('binary_crossentropy', 'linear', false), {
      logits: MODERATE,
      label: { encoding: 'multihot', classes: [3] },
    });
    const bceLoss = eq.rows.find((r) => r.code.startsWith('nn.BCELoss'));
    expect(bceLoss?.relation).toBe('fails');
    expect(bceLoss?.why).toMatch(/\[0, 1\]/);
    const withLogits = eq.rows.find((r) => r.code.startsWith('nn.BCEWithLogitsLoss'));
    expect(withLogits?.relation).toBe('differs');
    expect(withLogits?.why).toMatch(/takes the raw outputs for probabilities/);
  });

  it('BCELoss clamps the log at −100 where Keras stops at −log(1e-7) = 16.1', () => {
    const eq = frameworkEquivalents(key('binary_crossentropy', 'sigmoid', false, 'plain'), {
      logits: [-200, 0],
      label: { encoding: 'multihot', classes: [0] },
    });
    const bceLoss = eq.rows.find((r) => r.code.startsWith('nn.BCELoss'));
    // Class 0: sigmoid(−200) underflows to 0, log clamped to −100; class 1: ln 2.
    expect(bceLoss?.value).toBeCloseTo((100 + Math.LN2) / 2, 5);
    expect(bceLoss?.relation).toBe('differs');
    expect('value' in eq.keras && eq.keras.value).toBeCloseTo((-Math.log(1e-7) + Math.LN2) / 2, 3);
    // BCEWithLogitsLoss reads z exactly: 200 for class 0.
    const exact = eq.rows.find((r) => r.code.startsWith('nn.BCEWithLogitsLoss'));
    expect(exact?.value).toBeCloseTo((200 + Math.LN2) / 2, 5);
  });

  it('sparse calls need one class id: they fail on a multi-hot label', () => {
    const eq = frameworkEquivalents(key('sparse_categorical_crossentropy', 'softmax', false), {
      logits: MODERATE,
      label: { encoding: 'multihot', classes: [1, 2] },
    });
    expect(eq.rows.map((r) => r.relation)).toEqual(['fails', 'fails', 'fails', 'fails']);
    expect(eq.rows[0]?.why).toMatch(/one class id per image/);
  });

  it('sparse calls on int labels are Keras’ SCCE: −log_softmax(z)[id]', () => {
    const eq = frameworkEquivalents(key('sparse_categorical_crossentropy', 'linear', true), {
      logits: MODERATE,
      label: { encoding: 'int', classes: [6] },
    });
    for (const r of eq.rows) {
      expect(r.relation).toBe('same');
      expect(r.value).toBeCloseTo(-(logSoftmax(MODERATE)[6] ?? NaN), 5);
    }
  });

  it('KLDivLoss(reduction="mean") is 1/K of the KL divergence, batchmean is it', () => {
    const eq = frameworkEquivalents(key('kl_divergence', 'softmax', false), {
      logits: MODERATE,
      label: { encoding: 'onehot', classes: [3] },
    });
    const [batchmean, meanRow] = eq.rows;
    expect(batchmean?.relation).toBe('same');
    expect(batchmean?.value).toBeCloseTo(-(logSoftmax(MODERATE)[3] ?? NaN), 5);
    expect(meanRow?.relation).toBe('scaled');
    expect(meanRow?.ratio).toBeCloseTo(0.1, 5);
  });

  it('the weighted seed loss reads the outputs as logits in both frameworks', () => {
    const eq = frameworkEquivalents(key('weighted_binary_crossentropy', 'linear', false), {
      logits: MODERATE,
      label: { encoding: 'multihot', classes: [3] },
    });
    const expected =
      MODERATE.map((z, k) => (k === 3 ? 9 * softplus(-z) : softplus(z))).reduce((a, b) => a + b) /
      10;
    for (const r of eq.rows) {
      expect(r.relation, r.code).toBe('same');
      expect(r.value).toBeCloseTo(expected, 5);
    }
  });

  it('the focal loss matches torchvision with alpha=-1', () => {
    const eq = frameworkEquivalents(key('binary_focal_crossentropy', 'linear', true), {
      logits: MODERATE,
      label: { encoding: 'multihot', classes: [3] },
    });
    expect(eq.rows.map((r) => r.relation)).toEqual(['same']);
  });

  it('a loss no framework ships says so, with no rows', () => {
    const custom = LOSSES.filter((l) => LOSS_CATALOGUE[l].frameworks.length === 0);
    expect(custom.length).toBeGreaterThan(0);
    for (const loss of custom) {
      const eq = frameworkEquivalents(key(loss, 'softmax', false), EXAMPLES['moderate one-hot']!);
      expect(eq.rows).toEqual([]);
      expect(eq.notes.join(' ')).toMatch(/No framework ships/);
    }
  });

  it('a combination Keras rejects still lists the calls, marked as Keras raising', () => {
    const eq = frameworkEquivalents(key('categorical_crossentropy', 'softmax', false), {
      logits: MODERATE,
      label: { encoding: 'int', classes: [3] },
    });
    expect('error' in eq.keras).toBe(true);
    expect(eq.rows.every((r) => r.relation === 'no-keras')).toBe(true);
  });
});

describe('equivalentsExample', () => {
  it('labels the trainer’s example in the configuration’s encoding', () => {
    expect(equivalentsExample('int', false).label).toEqual({ encoding: 'int', classes: [3] });
    expect(equivalentsExample('onehot', false).label.classes).toEqual([3]);
    expect(equivalentsExample('onehot', true).label).toEqual({
      encoding: 'multihot',
      classes: [3, 8],
    });
    expect(equivalentsExample('multihot', false).logits).toHaveLength(10);
  });
});
