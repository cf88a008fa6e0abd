/** Properties that must hold for any batch, checked on seeded random batches. */
import { describe, expect, it } from 'vitest';
import type { Activation, LossName, Semantics } from '../config';
import { toOneHot } from './labels';
import type { KerasLossArgs } from './losses';
import { kerasLoss } from './losses';

/** mulberry32: a tiny seeded generator, so every run checks the same batches. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Batch {
  ids: number[];
  onehot: number[][];
  multihot: number[][];
  logits: number[][];
}

function batch(seed: number, spread: number, B = 16, K = 10): Batch {
  const r = rng(seed);
  const ids = Array.from({ length: B }, () => Math.floor(r() * K));
  const logits = ids.map(() => Array.from({ length: K }, () => (2 * r() - 1) * spread));
  const multihot = ids.map((id) =>
    Array.from({ length: K }, (_, k) => (k === id || r() < 0.2 ? 1 : 0)),
  );
  return { ids, onehot: toOneHot(ids, K), multihot, logits };
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

function expectRel(a: readonly number[], b: readonly number[], rel: number): void {
  expect(a).toHaveLength(b.length);
  a.forEach((v, i) => {
    const w = b[i] ?? NaN;
    expect(Math.abs(v - w)).toBeLessThanOrEqual(rel * Math.max(Math.abs(w), 1e-6));
  });
}

const loss = (args: Omit<KerasLossArgs, 'fromLogits'> & { fromLogits?: boolean }) =>
  kerasLoss({ fromLogits: false, ...args });

describe.each(SEEDS)('seed %d', (seed) => {
  const moderate = batch(seed, 3);
  const wide = batch(seed + 100, 40);

  it('tf and plain agree when the activation matches the loss and logits are moderate', () => {
    const pairs: [Activation, LossName, number[] | number[][]][] = [
      ['sigmoid', 'binary_crossentropy', moderate.multihot],
      ['softmax', 'categorical_crossentropy', moderate.onehot],
      ['softmax', 'sparse_categorical_crossentropy', moderate.ids],
    ];
    for (const [activation, name, yTrue] of pairs) {
      const args = { loss: name, activation, yTrue, logits: moderate.logits };
      expectRel(loss({ ...args, semantics: 'plain' }).perSample, loss(args).perSample, 1e-5);
    }
  });

  it.each(['tf', 'plain'] as const)('sparse and one-hot CCE agree (%s)', (semantics: Semantics) => {
    for (const activation of ['softmax', 'sigmoid'] as const) {
      for (const fromLogits of [false, true]) {
        const b = { activation, fromLogits, semantics, logits: moderate.logits };
        const sparse = kerasLoss({
          ...b,
          loss: 'sparse_categorical_crossentropy',
          yTrue: moderate.ids,
        });
        const dense = kerasLoss({ ...b, loss: 'categorical_crossentropy', yTrue: moderate.onehot });
        expectRel(sparse.perSample, dense.perSample, 1e-5);
      }
    }
  });

  it('(B,) and (B, 1) class ids give the same sparse loss', () => {
    const args = {
      loss: 'sparse_categorical_crossentropy',
      activation: 'softmax',
      logits: wide.logits,
    } as const;
    const flat = loss({ ...args, yTrue: wide.ids });
    const column = loss({ ...args, yTrue: wide.ids.map((i) => [i]) });
    expect(column.perSample).toEqual(flat.perSample);
  });

  it('tf: the cached logits make activation and from_logits irrelevant for cross-entropies', () => {
    const cases: [LossName, number[] | number[][]][] = [
      ['binary_crossentropy', wide.multihot],
      ['categorical_crossentropy', wide.onehot],
      ['sparse_categorical_crossentropy', wide.ids],
    ];
    for (const [name, yTrue] of cases) {
      const exact = kerasLoss({
        loss: name,
        activation: 'linear',
        fromLogits: true,
        yTrue,
        logits: wide.logits,
      });
      for (const activation of ['sigmoid', 'softmax'] as const) {
        for (const fromLogits of [false, true]) {
          const r = kerasLoss({ loss: name, activation, fromLogits, yTrue, logits: wide.logits });
          expect(r.perSample).toEqual(exact.perSample);
        }
      }
    }
  });

  it('explicit logits are the same computation in tf and plain', () => {
    const args = { activation: 'linear', fromLogits: true, logits: wide.logits } as const;
    const bce = (s: Semantics) =>
      kerasLoss({ ...args, loss: 'binary_crossentropy', yTrue: wide.multihot, semantics: s });
    const cce = (s: Semantics) =>
      kerasLoss({ ...args, loss: 'categorical_crossentropy', yTrue: wide.onehot, semantics: s });
    expectRel(bce('plain').perSample, bce('tf').perSample, 1e-6);
    expectRel(cce('plain').perSample, cce('tf').perSample, 1e-6);
  });

  it('the probability path is capped at 16.118095 per element, the logits path is not', () => {
    const plain = loss({
      loss: 'binary_crossentropy',
      activation: 'sigmoid',
      yTrue: wide.multihot,
      logits: wide.logits,
      semantics: 'plain',
    });
    const tf = loss({
      loss: 'binary_crossentropy',
      activation: 'sigmoid',
      yTrue: wide.multihot,
      logits: wide.logits,
    });
    for (const v of plain.perSample) expect(v).toBeLessThanOrEqual(16.118096);
    // Not sample by sample: near saturation float32 rounding can push a clipped value slightly up.
    expect(tf.value).toBeGreaterThan(plain.value);
    for (const v of [...plain.perSample, ...tf.perSample]) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('weighted BCE with pos_weight 1 is BCE from logits', () => {
    const args = {
      activation: 'linear',
      fromLogits: true,
      yTrue: moderate.multihot,
      logits: moderate.logits,
    } as const;
    const weighted = kerasLoss({ ...args, loss: 'weighted_binary_crossentropy', posWeight: 1 });
    const bce = kerasLoss({ ...args, loss: 'binary_crossentropy' });
    expectRel(weighted.perSample, bce.perSample, 1e-6);
  });

  it('sample weights: all ones change nothing, and the divisor stays B', () => {
    const args = {
      loss: 'categorical_crossentropy',
      activation: 'softmax',
      yTrue: moderate.onehot,
      logits: moderate.logits,
    } as const;
    const plain = loss(args);
    const ones = loss({ ...args, sampleWeight: moderate.ids.map(() => 1) });
    const halves = loss({ ...args, sampleWeight: moderate.ids.map(() => 0.5) });
    expect(ones.value).toBe(plain.value);
    expectRel([halves.value], [plain.value / 2], 1e-6);
  });

  it('label smoothing 0 is no smoothing', () => {
    const args = {
      loss: 'categorical_crossentropy',
      activation: 'softmax',
      yTrue: moderate.onehot,
      logits: moderate.logits,
    } as const;
    expect(loss({ ...args, labelSmoothing: 0 }).perSample).toEqual(loss(args).perSample);
  });
});
