/**
 * The tensor losses and metrics against the semantics core's float32 reference (`kerasLoss`,
 * `kerasMetric`), on random batches, for every loss × activation × label encoding × semantics ×
 * from_logits, and every metric × activation × encoding. Combinations Keras rejects (the core
 * throws a KerasError) cannot train, so they are skipped, and counted to make sure most run.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation, LabelEncoding, LossName, MetricName, Semantics } from '../core';
import {
  ACTIVATIONS,
  LABEL_ENCODINGS,
  LOSSES,
  METRICS,
  SEMANTICS,
  createRng,
  isKerasError,
  kerasLoss,
  kerasMetric,
  resolveMetric,
} from '../core';
import { perSampleLoss } from './losses';
import { activate } from './losses';
import { perSampleMetric } from './metrics';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const B = 8;
const K = 10;

interface Batch {
  labels: number[] | number[][];
  logits: number[][];
}

/** Logits from mild to saturated (|z| up to ~20), labels in the encoding (multi-hot: 1–3 ones). */
function randomBatch(seed: number, encoding: LabelEncoding): Batch {
  const rng = createRng(seed);
  const scale = [0.5, 2, 6, 20][seed % 4] ?? 1;
  const logits = Array.from({ length: B }, () =>
    Array.from({ length: K }, () => (rng.next() * 2 - 1) * scale),
  );
  const ids = Array.from({ length: B }, () => rng.nextInt(K));
  if (encoding === 'int') return { labels: ids, logits };
  const labels = ids.map((id) => {
    const row = new Array<number>(K).fill(0);
    row[id] = 1;
    if (encoding === 'multihot' && rng.next() < 0.6) row[rng.nextInt(K)] = 1;
    return row;
  });
  return { labels, logits };
}

function labelTensor(labels: number[] | number[][]): tf.Tensor {
  return Array.isArray(labels[0]) ? tf.tensor2d(labels) : tf.tensor1d(labels as number[], 'int32');
}

/**
 * Float32 agreement: 1e-4 relative, plus what one float32 ulp of the activated output `p` can do
 * to a log on the probability path. tfjs rounds sigmoid/softmax once from float64 while the
 * reference rounds each float32 step as TF's kernels do; near saturation one ulp of `p` (6e-8
 * near 1) moves `log(1 - p)` by 6e-8 / (1 - p), up to ~0.5 at the clip. `slack` is that bound
 * summed over a row (enough for the CCE sum, generous for the BCE mean).
 */
function close(actual: number, expected: number, slack = 0): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= 1e-4 * Math.max(1, Math.abs(expected)) + slack;
}

function ulpSlack(row: readonly number[], activation: Activation): number {
  const p =
    activation === 'sigmoid'
      ? row.map((z) => 1 / (1 + Math.exp(-z)))
      : activation === 'softmax'
        ? row
            .map((z) => Math.exp(z - Math.max(...row)))
            .map((e, _, all) => e / all.reduce((a, b) => a + b, 0))
        : row;
  const bound = p.map((v) => 1.2e-7 / Math.max(1.19e-7, Math.min(Math.abs(v), Math.abs(1 - v))));
  return bound.reduce((a, b) => a + b, 0);
}

const SEEDS = [1, 2, 3, 4];

describe('tensor losses match kerasLoss', () => {
  const cases: [LossName, Activation, LabelEncoding, Semantics, boolean][] = [];
  for (const loss of LOSSES)
    for (const activation of ACTIVATIONS)
      for (const encoding of LABEL_ENCODINGS)
        for (const semantics of SEMANTICS)
          for (const fromLogits of [false, true])
            cases.push([loss, activation, encoding, semantics, fromLogits]);

  let compared = 0;
  it.each(cases)(
    '%s / %s / %s labels / %s / from_logits=%s',
    (loss, activation, encoding, semantics, fromLogits) => {
      for (const seed of SEEDS) {
        const { labels, logits } = randomBatch(seed, encoding);
        let expected: number[];
        try {
          expected = kerasLoss({
            loss,
            activation,
            fromLogits,
            semantics,
            yTrue: labels,
            logits,
          }).perSample;
        } catch (error) {
          if (isKerasError(error)) return; // Keras refuses this combination: it never trains.
          throw error;
        }
        const actual = tf.tidy(() =>
          Array.from(
            perSampleLoss(
              { loss, activation, fromLogits, semantics },
              labelTensor(labels),
              tf.tensor2d(logits),
            ).dataSync(),
          ),
        );
        expect(actual).toHaveLength(expected.length);
        actual.forEach((value, i) => {
          // binary_focal_crossentropy(from_logits=True) clips its own sigmoid of the output.
          const clipped =
            loss === 'binary_focal_crossentropy' && fromLogits && activation === 'linear'
              ? 'sigmoid'
              : activation;
          if (!close(value, expected[i] as number, ulpSlack(logits[i] ?? [], clipped))) {
            throw new Error(
              `seed ${seed}, sample ${i}: tensor ${value} vs reference ${expected[i]}`,
            );
          }
        });
        compared++;
      }
    },
  );

  it('compared most combinations (the rest are Keras errors)', () => {
    expect(compared).toBeGreaterThan(SEEDS.length * 60);
  });
});

describe('tensor metrics match kerasMetric', () => {
  const cases: [MetricName, Activation, LabelEncoding][] = [];
  for (const metric of METRICS)
    for (const activation of ACTIVATIONS)
      for (const encoding of LABEL_ENCODINGS) cases.push([metric, activation, encoding]);

  it.each(cases)('%s / %s / %s labels', (metric, activation, encoding) => {
    for (const seed of SEEDS) {
      const { labels, logits } = randomBatch(seed, encoding);
      let expected: number;
      try {
        expected = kerasMetric({ metric, activation, yTrue: labels, logits });
      } catch (error) {
        if (isKerasError(error)) return;
        throw error;
      }
      const resolved = resolveMetric({ metric, labels: encoding }).metric;
      const actual = tf.tidy(
        () =>
          tf
            .mean(
              perSampleMetric(
                resolved,
                labelTensor(labels),
                activate(tf.tensor2d(logits), activation),
              ),
            )
            .dataSync()[0] as number,
      );
      if (!close(actual, expected))
        throw new Error(`seed ${seed}: tensor ${actual} vs reference ${expected}`);
    }
  });
});
