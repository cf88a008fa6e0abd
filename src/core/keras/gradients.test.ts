import { describe, expect, it } from 'vitest';
import type { Activation, LabelEncoding, LossName, Semantics } from '../config';
import { ACTIVATIONS, LABEL_ENCODINGS, LOSSES, SEMANTICS } from '../config';
import { softmax } from './activations';
import { isKerasError } from './errors';
import { kerasLossGradient } from './gradients';
import type { KerasLossArgs } from './losses';
import { kerasLoss } from './losses';

const Z = [
  [1.2, -0.7, 0.3, 2.1],
  [-1.5, 0.4, 0.9, -0.2],
  [0.25, 1.75, -2.5, 0.6],
];
const IDS = [3, 1, 0];
const LABELS: Record<LabelEncoding, number[] | number[][]> = {
  int: IDS,
  column: IDS.map((id) => [id]),
  onehot: IDS.map((id) => [0, 1, 2, 3].map((k) => (k === id ? 1 : 0))),
  multihot: [
    [1, 0, 0, 1],
    [0, 1, 1, 0],
    [1, 0, 0, 0],
  ],
};

/** Central difference of the float32 loss, step h: O(h²) + float32 noise (~1e-7·L/h). */
function numericGradient(args: KerasLossArgs, h = 2.5e-3): number[][] {
  return args.logits.map((row, i) =>
    row.map((_, k) => {
      const shifted = (d: number) =>
        args.logits.map((r, j) => r.map((v, m) => (j === i && m === k ? v + d : v)));
      const up = kerasLoss({ ...args, logits: shifted(h) }).value;
      const down = kerasLoss({ ...args, logits: shifted(-h) }).value;
      return (up - down) / (2 * h);
    }),
  );
}

function combos() {
  const out: KerasLossArgs[] = [];
  for (const loss of LOSSES)
    for (const activation of ACTIVATIONS)
      for (const semantics of SEMANTICS)
        for (const fromLogits of [false, true])
          for (const labels of LABEL_ENCODINGS)
            out.push({ loss, activation, semantics, fromLogits, yTrue: LABELS[labels], logits: Z });
  return out;
}

describe('kerasLossGradient', () => {
  it('matches central differences of the loss wherever the derivative is the textbook one', () => {
    let compared = 0;
    const problems: string[] = [];
    for (const args of combos()) {
      // TF's softmax cross-entropy kernel backpropagates softmax(z) − y whatever the label row
      // sums to: not the derivative of its value on multi-hot rows (tested below).
      const multiHot = Array.isArray(args.yTrue[0]) && args.yTrue === LABELS.multihot;
      let grad: number[][];
      try {
        grad = kerasLossGradient(args).grad;
      } catch (e) {
        if (isKerasError(e)) continue;
        throw e;
      }
      const numeric = numericGradient(args);
      const tfKernel =
        multiHot && args.semantics === 'tf' && args.loss === 'categorical_crossentropy';
      const cachedOrLogits = args.fromLogits || args.activation !== 'linear';
      if (tfKernel && cachedOrLogits) continue;
      compared++;
      grad.forEach((row, i) =>
        row.forEach((g, k) => {
          const n = numeric[i]?.[k] ?? NaN;
          if (Math.abs(g - n) > 2e-3 * Math.max(1, Math.abs(n))) {
            problems.push(
              `${args.loss} ${args.activation} ${args.semantics} from_logits=${args.fromLogits} [${i},${k}]: ${g} vs numeric ${n}`,
            );
          }
        }),
      );
    }
    expect(compared).toBeGreaterThan(120);
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('is p − y for cross-entropy on logits (divided by B)', () => {
    const { grad } = kerasLossGradient({
      loss: 'categorical_crossentropy',
      activation: 'linear',
      fromLogits: true,
      yTrue: LABELS.onehot,
      logits: Z,
    });
    Z.forEach((row, i) => {
      const p = softmax(row);
      row.forEach((_, k) => {
        const y = (LABELS.onehot as number[][])[i]?.[k] ?? NaN;
        expect(grad[i]?.[k]).toBeCloseTo(((p[k] ?? NaN) - y) / Z.length, 7);
      });
    });
  });

  it("follows TF's kernel on multi-hot rows: softmax(z) − y on TF, Σy·softmax(z) − y on JAX", () => {
    const args = {
      loss: 'categorical_crossentropy' as LossName,
      activation: 'linear' as Activation,
      fromLogits: true,
      yTrue: [[1, 0, 1, 0]],
      logits: [[0.5, -1, 2, 0]],
    };
    const p = softmax([0.5, -1, 2, 0]);
    const tf = kerasLossGradient({ ...args, semantics: 'tf' }).grad[0] ?? [];
    const jax = kerasLossGradient({ ...args, semantics: 'plain' }).grad[0] ?? [];
    expect(tf[1]).toBeCloseTo(p[1] ?? NaN, 7);
    expect(tf[0]).toBeCloseTo((p[0] ?? NaN) - 1, 7);
    expect(jax[1]).toBeCloseTo(2 * (p[1] ?? NaN), 7);
    expect(jax[0]).toBeCloseTo(2 * (p[0] ?? NaN) - 1, 7);
  });

  it('is exactly zero where the probability path clipped (the linear + CCE stall)', () => {
    // The true class's raw output is negative: its share of the sum is clipped to 1e-7.
    const stalled = kerasLossGradient({
      loss: 'categorical_crossentropy',
      activation: 'linear',
      fromLogits: false,
      yTrue: [[0, 1, 0]],
      logits: [[2, -0.5, 1]],
    });
    expect(stalled.value).toBeCloseTo(16.118, 3);
    expect(stalled.grad[0]).toEqual([0, 0, 0]);
    // A sigmoid output that rounds to 1 is clipped on JAX (exactly 0); TF reads the cached logits.
    const args = {
      loss: 'binary_crossentropy' as LossName,
      activation: 'sigmoid' as Activation,
      fromLogits: false,
      yTrue: [[0, 1]],
      logits: [[20, 1]],
    };
    const jax = kerasLossGradient({ ...args, semantics: 'plain' }).grad[0] ?? [];
    const tf = kerasLossGradient({ ...args, semantics: 'tf' }).grad[0] ?? [];
    expect(jax[0]).toBe(0);
    expect(tf[0]).toBeCloseTo(0.5, 6); // (σ(20) − 0) / K
    expect(jax[1]).toBeCloseTo(tf[1] ?? NaN, 6);
  });

  it('shrinks MSE after a softmax by its derivative: a confidently wrong output barely learns', () => {
    const wrong = { yTrue: [[0, 1, 0]], logits: [[8, -4, 0]], activation: 'softmax' as Activation };
    const mse = kerasLossGradient({ ...wrong, loss: 'mean_squared_error', fromLogits: false });
    const ce = kerasLossGradient({ ...wrong, loss: 'categorical_crossentropy', fromLogits: false });
    const p = softmax([8, -4, 0]);
    // 2(p − y)/K through the softmax's Jacobian, written out.
    const g = p.map((v, k) => (2 * (v - ([0, 1, 0][k] ?? 0))) / 3);
    const dot = g.reduce((a, v, k) => a + v * (p[k] ?? 0), 0);
    mse.grad[0]?.forEach((v, k) => expect(v).toBeCloseTo(((g[k] ?? 0) - dot) * (p[k] ?? 0), 6));
    expect(Math.abs(mse.grad[0]?.[1] ?? NaN)).toBeLessThan(1e-4);
    expect(ce.grad[0]?.[1]).toBeCloseTo(-1, 4);
  });

  it('scales easy units down in the focal loss and pushes absent digits hard in abs-KL', () => {
    const base = { yTrue: [[1, 0]], logits: [[3, -3]], activation: 'linear' as Activation };
    const bce = kerasLossGradient({ ...base, loss: 'binary_crossentropy', fromLogits: true });
    const focal = kerasLossGradient({
      ...base,
      loss: 'binary_focal_crossentropy',
      fromLogits: true,
    });
    // Both units are already right (p_t = σ(3) ≈ 0.95): the focal loss hardly pulls them.
    expect(Math.abs(focal.grad[0]?.[0] ?? NaN)).toBeLessThan(Math.abs(bce.grad[0]?.[0] ?? 0) / 50);
    const abs = kerasLossGradient({
      loss: 'abs_kl_divergence',
      activation: 'linear',
      fromLogits: false,
      yTrue: [[1, 0]],
      logits: [[0.9, 0.1]],
    });
    // Absent digit at p = 0.1: log(0.1 / 1e-7) + 1 − 1e-7/0.1 ≈ 14.8 per sample.
    expect(abs.grad[0]?.[1]).toBeCloseTo(Math.log(0.1 / 1e-7) + 1, 3);
    expect(abs.grad[0]?.[0]).toBeCloseTo(Math.log(0.9) - 0.1 / 0.9, 4);
  });

  it('weights each sample by its sample weight over B, and raises what kerasLoss raises', () => {
    const args = {
      loss: 'binary_crossentropy' as LossName,
      activation: 'sigmoid' as Activation,
      fromLogits: false,
      semantics: 'tf' as Semantics,
      yTrue: [[1], [0]],
      logits: [[0.3], [-1]],
    };
    const plain = kerasLossGradient(args).grad;
    const weighted = kerasLossGradient({ ...args, sampleWeight: [2, 0] }).grad;
    expect(weighted[0]?.[0]).toBeCloseTo(2 * (plain[0]?.[0] ?? NaN), 7);
    expect(weighted[1]?.[0]).toBe(0);
    expect(() => kerasLossGradient({ ...args, yTrue: [1, 0], logits: Z.slice(0, 2) })).toThrow(
      /same rank/,
    );
  });
});
