import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CODE_TARGETS,
  DEFAULT_CONFIG,
  POS_WEIGHT,
  checkConfig,
  computeLossLab,
  generateCode,
  lossEntry,
  lossPathOf,
} from '../core';
import type { LossSpec } from './losses';
import { activate, batchLoss, perSampleLoss } from './losses';
import { lossSpecOf } from './run';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function lossOf(spec: LossSpec, y: number[][] | number[], z: number[][]): number[] {
  return tf.tidy(() => {
    const yt = Array.isArray(y[0]) ? tf.tensor2d(y) : tf.tensor1d(y as number[], 'int32');
    return Array.from(perSampleLoss(spec, yt, tf.tensor2d(z)).dataSync());
  });
}

const base = { fromLogits: false } as const;

describe('perSampleLoss reproduces the spec numbers', () => {
  const z = [[2, 1, 0.1]];
  const y = [[1, 0, 0]];
  it.each([
    // spec §1.2: cached logits (tf) versus the probability path (plain)
    ['softmax', 'binary_crossentropy', 'tf', 0.7282],
    ['softmax', 'binary_crossentropy', 'plain', 0.26615],
    ['sigmoid', 'categorical_crossentropy', 'tf', 0.41703],
    ['sigmoid', 'categorical_crossentropy', 'plain', 0.88625],
  ] as const)('%s + %s (%s)', (activation, loss, semantics, expected) => {
    const [value] = lossOf({ ...base, activation, loss, semantics }, y, z);
    expect(value).toBeCloseTo(expected, 4);
  });

  it('L9/L11: CCE and SCCE on probabilities (linear output)', () => {
    const p = [
      [0.05, 0.95, 0],
      [0.1, 0.8, 0.1],
    ];
    const cce = lossOf(
      { ...base, activation: 'linear', loss: 'categorical_crossentropy', semantics: 'tf' },
      [
        [0, 1, 0],
        [0, 0, 1],
      ],
      p,
    );
    expect(cce[0]).toBeCloseTo(0.0513, 4);
    expect(cce[1]).toBeCloseTo(2.3026, 4);
    const scce = lossOf(
      { ...base, activation: 'linear', loss: 'sparse_categorical_crossentropy', semantics: 'tf' },
      [1, 2],
      p,
    );
    expect(scce[0]).toBeCloseTo(0.0513, 4);
    expect(scce[1]).toBeCloseTo(2.3026, 4);
  });

  it('L15: TF clips before normalising in SCCE, JAX normalises first', () => {
    const spec = {
      ...base,
      activation: 'linear',
      loss: 'sparse_categorical_crossentropy',
    } as const;
    const [tfValue] = lossOf({ ...spec, semantics: 'tf' }, [0], [[1, 0, 0]]);
    const [plainValue] = lossOf({ ...spec, semantics: 'plain' }, [0], [[1, 0, 0]]);
    expect(tfValue).toBeCloseTo(2.3841855e-7, 12);
    expect(plainValue).toBeCloseTo(1.1920929e-7, 12);
  });

  it('L1: BCE from logits on a linear output', () => {
    const value = tf.tidy(
      () =>
        batchLoss(
          {
            ...base,
            fromLogits: true,
            activation: 'linear',
            loss: 'binary_crossentropy',
            semantics: 'tf',
          },
          tf.tensor2d([
            [0, 1],
            [0, 0],
          ]),
          tf.tensor2d([
            [-18.6, 0.51],
            [2.94, -12.8],
          ]),
        ).dataSync()[0],
    );
    expect(value).toBeCloseTo(0.865458, 5);
  });

  it('L6: BCE on probabilities', () => {
    const values = lossOf(
      { ...base, activation: 'linear', loss: 'binary_crossentropy', semantics: 'plain' },
      [
        [0, 1],
        [0, 0],
      ],
      [
        [0.6, 0.4],
        [0.4, 0.6],
      ],
    );
    expect(values[0]).toBeCloseTo(0.91629, 4);
    expect(values[1]).toBeCloseTo(0.71356, 4);
  });

  it('saturation: tf semantics is unbounded, plain caps at -log(ε)', () => {
    const spec = { ...base, activation: 'sigmoid', loss: 'binary_crossentropy' } as const;
    expect(lossOf({ ...spec, semantics: 'tf' }, [[0]], [[30]])[0]).toBeCloseTo(30, 3);
    expect(lossOf({ ...spec, semantics: 'plain' }, [[0]], [[30]])[0]).toBeCloseTo(15.942385, 4);
    const softmax = { ...base, activation: 'softmax', loss: 'categorical_crossentropy' } as const;
    expect(lossOf({ ...softmax, semantics: 'plain' }, [[1, 0]], [[-40, 40]])[0]).toBeCloseTo(
      16.118095,
      4,
    );
  });

  it('from_logits on an activated output without a cache applies the activation twice', () => {
    const spec: LossSpec = {
      activation: 'softmax',
      loss: 'categorical_crossentropy',
      fromLogits: true,
      semantics: 'plain',
    };
    const [value] = lossOf(spec, [[1, 0, 0]], [[2, 1, 0.1]]);
    const p = tf.tidy(() => Array.from(tf.softmax(tf.tensor1d([2, 1, 0.1])).dataSync()));
    const expected = tf.tidy(() => -tf.logSoftmax(tf.tensor1d(p)).dataSync()[0]!);
    expect(value).toBeCloseTo(expected, 5);
    expect(lossPathOf(lossEntry(spec.loss), { ...spec, semantics: 'tf' })).toBe('cached-logits');
  });

  it('is differentiable and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const init = tf.tensor2d([[2, -1, 0.5]]);
    const z = tf.variable(init);
    init.dispose();
    const y = tf.tensor2d([[0, 1, 0]]);
    const { value, grads } = tf.variableGrads(
      () =>
        batchLoss(
          { ...base, activation: 'softmax', loss: 'categorical_crossentropy', semantics: 'tf' },
          y,
          z,
        ),
      [z],
    );
    const g = Array.from(grads[z.name]!.dataSync());
    const p = Array.from(tf.tidy(() => activate(z, 'softmax').dataSync()));
    g.forEach((gi, i) => expect(gi).toBeCloseTo((p[i] ?? 0) - (i === 1 ? 1 : 0), 5));
    [value, y, z, ...Object.values(grads)].forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('one pos_weight for weighted_binary_crossentropy', () => {
  const z = [[0.8, -1.5, 2.2, -0.3]];
  const y = [[1, 0, 0, 1]];
  /** tf.nn.weighted_cross_entropy_with_logits written out, mean over the classes. */
  const weighted = (q: number) =>
    y[0]!.reduce((total, t, k) => {
      const x = z[0]![k]!;
      const term =
        (1 - t) * x + (1 + (q - 1) * t) * (Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0));
      return total + term / y[0]!.length;
    }, 0);

  it('the engine trains with the pos_weight the lab, the verdict and every export use', () => {
    const config = {
      ...DEFAULT_CONFIG,
      activation: 'linear',
      loss: 'weighted_binary_crossentropy',
      labels: 'multihot',
    } as const;
    const [engine] = lossOf(lossSpecOf(config), y, z);
    expect(engine).toBeCloseTo(weighted(POS_WEIGHT), 5);
    expect(engine).not.toBeCloseTo(weighted(1), 2);
    const lab = computeLossLab({ logits: z[0]!, label: { encoding: 'multihot', classes: [0, 3] } });
    const row = lab.rows.find(
      (r) =>
        r.loss === config.loss &&
        r.activation === 'linear' &&
        r.semantics === 'tf' &&
        !r.fromLogits,
    );
    expect(row?.value).toBeCloseTo(engine ?? NaN, 5);
    expect(row?.steps.map((s) => s.label).join(' ')).toContain(`pos_weight ${POS_WEIGHT}`);
    expect(checkConfig(config).formula).toContain(`pos_weight = ${POS_WEIGHT}`);
    for (const target of CODE_TARGETS) {
      expect(generateCode(config, target).code).toContain(`POS_WEIGHT = ${POS_WEIGHT}.0`);
    }
  });
});

describe('the two losses added through the catalogue, against formulas written out here', () => {
  const z = [
    [1.5, -0.4, 3.2, -2.1],
    [-0.7, 0.2, -3.5, 4.1],
  ];
  const y = [
    [1, 0, 1, 0],
    [0, 0, 0, 1],
  ];
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const clip = (p: number, hi = 1 - 1e-7) => Math.min(Math.max(p, 1e-7), hi);
  const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  /** Keras' binary focal cross-entropy, gamma 2: BCE (on logits x, or clipped q) × (1 − p_t)². */
  const focal = (t: number[], q: number[], x?: number[]) =>
    meanOf(
      t.map((yk, k) => {
        const qk = q[k]!;
        const bce = x
          ? Math.max(x[k]!, 0) - x[k]! * yk + Math.log1p(Math.exp(-Math.abs(x[k]!)))
          : -(yk * Math.log(clip(qk)) + (1 - yk) * Math.log(1 - clip(qk)));
        return (1 - (yk * qk + (1 - yk) * (1 - qk))) ** 2 * bce;
      }),
    );

  it.each([
    ['sigmoid', false, 'tf', (i: number) => focal(y[i]!, z[i]!.map(sig), z[i])],
    ['sigmoid', false, 'plain', (i: number) => focal(y[i]!, z[i]!.map(sig))],
    ['linear', true, 'tf', (i: number) => focal(y[i]!, z[i]!.map(sig), z[i])],
    ['linear', true, 'plain', (i: number) => focal(y[i]!, z[i]!.map(sig))],
    ['sigmoid', true, 'tf', (i: number) => focal(y[i]!, z[i]!.map(sig).map(sig), z[i]!.map(sig))],
  ] as const)(
    'binary_focal_crossentropy after %s, from_logits=%s, %s',
    (activation, fromLogits, semantics, expected) => {
      const spec = {
        loss: 'binary_focal_crossentropy',
        activation,
        fromLogits,
        semantics,
      } as const;
      lossOf(spec, y, z).forEach((v, i) => expect(v).toBeCloseTo(expected(i), 5));
    },
  );

  it('abs_kl_divergence after softmax and sigmoid', () => {
    const absKl = (t: number[], p: number[]) =>
      t.reduce((s, yk, k) => {
        const a = clip(yk, 1);
        const b = clip(p[k]!, 1);
        return s + Math.abs((a - b) * Math.log(a / b));
      }, 0);
    const softmax = (row: number[]) => {
      const e = row.map(Math.exp);
      const total = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / total);
    };
    for (const semantics of ['tf', 'plain'] as const) {
      const spec = { loss: 'abs_kl_divergence', fromLogits: false, semantics } as const;
      lossOf({ ...spec, activation: 'sigmoid' }, y, z).forEach((v, i) =>
        expect(v).toBeCloseTo(absKl(y[i]!, z[i]!.map(sig)), 4),
      );
      lossOf({ ...spec, activation: 'softmax' }, y, z).forEach((v, i) =>
        expect(v).toBeCloseTo(absKl(y[i]!, softmax(z[i]!)), 4),
      );
    }
  });
});

describe('keyword values instead of the catalogue’s', () => {
  const z = [[0.8, -1.5, 2.2]];
  const y = [[1, 0, 0]];
  const focal: LossSpec = {
    activation: 'sigmoid',
    loss: 'binary_focal_crossentropy',
    fromLogits: false,
    semantics: 'plain',
  };

  it('the engine computes with them (apply_class_balancing weighs class 1 by alpha)', () => {
    const plain = lossOf(focal, y, z)[0] ?? NaN;
    const balanced = lossOf(
      { ...focal, keywords: { applyClassBalancing: true, alpha: 0.25 } },
      y,
      z,
    );
    /** Keras' focal BCE per class, clipped probability path, written out. */
    const p = z[0]!.map((x) => 1 / (1 + Math.exp(-x)));
    const terms = p.map((q, k) => {
      const t = y[0]![k]!;
      const pT = t * q + (1 - t) * (1 - q);
      return (1 - pT) ** 2 * -Math.log(pT);
    });
    const mean = (w: number[]) => terms.reduce((s, v, k) => s + (w[k] ?? 0) * v, 0) / terms.length;
    expect(plain).toBeCloseTo(mean([1, 1, 1]), 5);
    expect(balanced[0]).toBeCloseTo(mean([0.25, 0.75, 0.75]), 5);
  });

  it('a keyword the loss does not take throws instead of being ignored', () => {
    expect(() =>
      lossOf({ ...focal, loss: 'binary_crossentropy', keywords: { gamma: 3 } }, y, z),
    ).toThrow('BinaryCrossentropy takes no gamma');
  });
});
