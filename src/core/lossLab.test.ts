import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, LOSSES, SEMANTICS } from './config';
import type { LabRow } from './lossLab';
import { computeLossLab } from './lossLab';
import { LAB_PRESETS, getLabPreset } from './lossLabPresets';

function find(
  rows: LabRow[],
  key: Pick<LabRow, 'loss' | 'activation' | 'fromLogits' | 'semantics'>,
) {
  const row = rows.find(
    (r) =>
      r.loss === key.loss &&
      r.activation === key.activation &&
      r.fromLogits === key.fromLogits &&
      r.semantics === key.semantics,
  );
  if (!row) throw new Error(`no row for ${JSON.stringify(key)}`);
  return row;
}

describe('computeLossLab', () => {
  it('has one row per loss × semantics × from_logits × activation', () => {
    const lab = computeLossLab({ logits: [1, 2, 3], label: { encoding: 'int', classes: [2] } });
    expect(lab.rows).toHaveLength(LOSSES.length * SEMANTICS.length * 2 * ACTIVATIONS.length);
    expect(lab.yTrue).toEqual([2]);
    expect(lab.activated.linear).toEqual([1, 2, 3]);
    expect(lab.activated.softmax.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(lab.activated.sigmoid[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });

  it.each(LAB_PRESETS.map((p) => [p.id, p] as const))(
    'reproduces the numbers of preset %s',
    (_, preset) => {
      const lab = computeLossLab(preset.example);
      for (const e of preset.expect) {
        const row = find(lab.rows, e);
        expect(row.error, JSON.stringify(e)).toBeUndefined();
        expect(row.value, JSON.stringify(e)).toBeCloseTo(e.value, e.digits);
      }
    },
  );

  it('ends every step trace on the value Keras prints', () => {
    for (const preset of LAB_PRESETS) {
      for (const row of computeLossLab(preset.example).rows) {
        if (row.error) {
          expect(row.steps).toEqual([]);
          continue;
        }
        const last = row.steps[row.steps.length - 1]?.value;
        expect(typeof last, `${preset.id} ${JSON.stringify(row)}`).toBe('number');
        const value = row.value ?? NaN;
        expect(
          Math.abs((last as number) - value),
          `${preset.id} ${row.loss} ${row.activation}`,
        ).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(value)));
      }
    }
  });

  it('shows the per-label values of keras.ops.binary_crossentropy in the steps', () => {
    const preset = getLabPreset('keras-ops-bce');
    if (!preset) throw new Error('missing preset');
    const row = find(computeLossLab(preset.example).rows, {
      loss: 'binary_crossentropy',
      activation: 'linear',
      fromLogits: false,
      semantics: 'tf',
    });
    const perLabel = row.steps.find((s) => s.label.includes('per class'))?.value as number[];
    [0.10536054, 0.10536054, 0.22314355, 0.22314355].forEach((v, i) =>
      expect(perLabel[i]).toBeCloseTo(v, 6),
    );
    expect(row.steps.map((s) => s.label)[1]).toMatch(/^clip/);
  });

  it("reports Keras' errors and warnings with their texts", () => {
    const lab = computeLossLab({ logits: [1, 2, 3], label: { encoding: 'onehot', classes: [0] } });
    const sparse = find(lab.rows, {
      loss: 'sparse_categorical_crossentropy',
      activation: 'softmax',
      fromLogits: false,
      semantics: 'tf',
    });
    expect(sparse.error?.type).toBe('ValueError');
    expect(sparse.error?.message).toContain(
      'Argument `output` must have rank (ndim) `target.ndim - 1`',
    );
    const mse = find(lab.rows, {
      loss: 'mean_squared_error',
      activation: 'linear',
      fromLogits: true,
      semantics: 'tf',
    });
    expect(mse.error?.type).toBe('TypeError');
    const warned = find(lab.rows, {
      loss: 'binary_crossentropy',
      activation: 'sigmoid',
      fromLogits: true,
      semantics: 'tf',
    });
    expect(warned.warnings[0]).toContain('does not represent logits');
    expect(warned.path).toBe('cached-logits');
  });

  it('marks which path ran', () => {
    const lab = computeLossLab({ logits: [1, 2, 3], label: { encoding: 'onehot', classes: [0] } });
    const key = {
      loss: 'categorical_crossentropy',
      activation: 'softmax',
      fromLogits: false,
    } as const;
    expect(find(lab.rows, { ...key, semantics: 'tf' }).path).toBe('cached-logits');
    expect(find(lab.rows, { ...key, semantics: 'plain' }).path).toBe('probabilities');
    const twice = find(lab.rows, { ...key, fromLogits: true, semantics: 'plain' });
    expect(twice.steps[0]?.label).toContain('applied twice');
  });

  it('traces the losses added through the catalogue step by step', () => {
    const lab = computeLossLab({
      logits: [2, -1, 0.5],
      label: { encoding: 'multihot', classes: [0, 2] },
    });
    const focal = find(lab.rows, {
      loss: 'binary_focal_crossentropy',
      activation: 'sigmoid',
      fromLogits: false,
      semantics: 'tf',
    });
    expect(focal.path).toBe('cached-logits');
    expect(focal.steps.map((s) => s.label)).toEqual([
      "logits x = the sigmoid's cached pre-activation z",
      'max(x, 0) − x·y + log(1 + e^−|x|) per class',
      'p_t = y·q + (1 − y)·(1 − q)',
      'focal factor (1 − p_t)^γ, γ = 2',
      'focal · bce per class',
      'mean over classes',
    ]);
    // Written out: p = sigmoid(z); (1 − p_t)² · sigmoid cross-entropy of z, mean over 3.
    const expected =
      [2, -1, 0.5]
        .map((z, k) => {
          const y = k === 1 ? 0 : 1;
          const p = 1 / (1 + Math.exp(-z));
          const pT = y * p + (1 - y) * (1 - p);
          return (1 - pT) ** 2 * (Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))));
        })
        .reduce((a, b) => a + b, 0) / 3;
    expect(focal.value).toBeCloseTo(expected, 6);
    const twice = find(lab.rows, { ...focal, fromLogits: true });
    expect(twice.path).toBe('logits');
    expect(twice.warnings).toEqual([]); // Keras says nothing: its own sigmoid made the cache
    expect(twice.steps[1]?.label).toBe("logits x = the output, cached by the loss's own sigmoid");
    const abs = find(lab.rows, {
      loss: 'abs_kl_divergence',
      activation: 'softmax',
      fromLogits: false,
      semantics: 'plain',
    });
    expect(abs.path).toBe('not-a-cross-entropy');
    expect(abs.steps.at(-2)?.label).toBe('|(y − p) · log(y / p)| per class');
    expect(abs.value).toBe(find(lab.rows, { ...abs, semantics: 'tf' }).value);
  });

  it('gives every row that runs a gradient per logit and a line on what it means', () => {
    for (const preset of LAB_PRESETS) {
      const K = preset.example.logits.length;
      for (const row of computeLossLab(preset.example).rows) {
        if (row.error) {
          expect(row.gradient).toBeUndefined();
          continue;
        }
        expect(row.gradient, `${preset.id} ${row.loss}`).toHaveLength(K);
        expect(row.gradient?.every(Number.isFinite), `${preset.id} ${row.loss}`).toBe(true);
        expect(row.gradientNote?.length ?? 0).toBeGreaterThan(40);
      }
    }
  });

  it('shows the clipped path learning nothing where the logits path learns p − y', () => {
    const preset = getLabPreset('extreme');
    if (!preset) throw new Error('missing preset');
    const rows = computeLossLab(preset.example).rows;
    const key = {
      loss: 'categorical_crossentropy',
      activation: 'softmax',
      fromLogits: false,
    } as const;
    const plain = find(rows, { ...key, semantics: 'plain' });
    expect(plain.gradient?.every((g) => g === 0)).toBe(true);
    expect(plain.gradientNote).toContain('All 10 logits get exactly 0');
    const tf = find(rows, { ...key, semantics: 'tf' });
    expect(tf.gradient?.[8]).toBeCloseTo(-1, 6); // the true class, p ≈ 0: pulled up by 1
    expect(tf.gradient?.[3]).toBeCloseTo(1, 6); // the 30 logit, p ≈ 1: pushed down by 1
    expect(tf.gradientNote).toContain('softmax(z) − y');
  });

  it('rejects examples that are not one', () => {
    expect(() => computeLossLab({ logits: [], label: { encoding: 'int', classes: [0] } })).toThrow(
      RangeError,
    );
    // One logit answers no (0) or yes (1), nothing else.
    expect(() => computeLossLab({ logits: [1], label: { encoding: 'int', classes: [2] } })).toThrow(
      RangeError,
    );
    expect(() =>
      computeLossLab({ logits: [1, NaN], label: { encoding: 'int', classes: [0] } }),
    ).toThrow(/finite/);
    expect(() =>
      computeLossLab({ logits: [1, 2], label: { encoding: 'int', classes: [2] } }),
    ).toThrow(RangeError);
    expect(() =>
      computeLossLab({ logits: [1, 2], label: { encoding: 'onehot', classes: [0, 1] } }),
    ).toThrow(RangeError);
  });
});
