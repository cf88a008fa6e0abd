/**
 * The loss lab's hand-written gradients (core `kerasLossGradient`) against tfjs' automatic
 * differentiation of the engine's tensor losses (`batchLoss`, what the optimizer differentiates)
 * on the CPU backend: for every loss × activation × label encoding × semantics × from_logits, on
 * moderate logits and on saturated ones (with exact 0s and 1s, where kinks and clip bounds sit).
 * Combinations Keras rejects (the core throws a KerasError) are counted, not compared.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabelEncoding } from '../core';
import {
  ACTIVATIONS,
  LABEL_ENCODINGS,
  LOSSES,
  SEMANTICS,
  createRng,
  isKerasError,
  kerasLossGradient,
} from '../core';
import { batchLoss } from './losses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const B = 6;
const K = 10;
const SATURATED = [-40, -20, -12, -6, 0, 1, 6, 12, 20, 40, 80];

function batch(regime: 'moderate' | 'saturated', encoding: LabelEncoding, seed: number) {
  const rng = createRng(seed);
  const logits = Array.from({ length: B }, () =>
    Array.from({ length: K }, () =>
      regime === 'moderate'
        ? Math.round((rng.next() * 8 - 4) * 8) / 8
        : (SATURATED[rng.nextInt(SATURATED.length)] ?? 0),
    ),
  );
  const ids = Array.from({ length: B }, () => rng.nextInt(K));
  if (encoding === 'int') return { labels: ids, logits };
  const labels = ids.map((id) => {
    const row = new Array<number>(K).fill(0);
    row[id] = 1;
    if (encoding === 'multihot') row[(id + 1 + rng.nextInt(K - 1)) % K] = 1;
    return row;
  });
  return { labels, logits };
}

/**
 * Where the engine's tensor maths do not yet follow the frameworks' registered gradients (issue
 * 14, the oracle's engine work, brings them in): TF's softmax cross-entropy kernel on multi-hot
 * rows, |x| at exactly 0, and JAX's clip tie on a bound hit exactly. The core follows real Keras
 * there (checked against its recorded gradients).
 */
function engineGap(loss: string, encoding: LabelEncoding, semantics: string, z: number): boolean {
  if (loss === 'categorical_crossentropy' && encoding === 'multihot' && semantics === 'tf')
    return true; // TF's kernel gradient
  if (loss === 'weighted_binary_crossentropy' && z === 0) return true; // |x| at 0
  return loss === 'abs_kl_divergence' && semantics === 'plain' && z === 1; // jnp.clip tie
}

function labelTensor(labels: number[] | number[][]): tf.Tensor {
  const rows = labels.filter((row): row is number[] => Array.isArray(row));
  return rows.length > 0 ? tf.tensor2d(rows) : tf.tensor1d(labels as number[], 'int32');
}

function close(actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return Math.abs(actual - expected) <= 1e-5 + 1e-4 * Math.abs(expected);
}

describe('core gradients against tfjs autodiff of the engine', () => {
  for (const loss of LOSSES) {
    it(loss, () => {
      const problems: string[] = [];
      let compared = 0;
      let gaps = 0;
      let elements = 0;
      for (const regime of ['moderate', 'saturated'] as const)
        for (const encoding of LABEL_ENCODINGS)
          for (const activation of ACTIVATIONS)
            for (const semantics of SEMANTICS)
              for (const fromLogits of [false, true]) {
                const { labels, logits } = batch(regime, encoding, 7 + LOSSES.indexOf(loss));
                let core: number[][];
                try {
                  core = kerasLossGradient({
                    loss,
                    activation,
                    semantics,
                    fromLogits,
                    yTrue: labels,
                    logits,
                  }).grad;
                } catch (e) {
                  if (isKerasError(e)) continue;
                  throw e;
                }
                const engine = tf.tidy(() => {
                  const y = labelTensor(labels);
                  const spec = { loss, activation, semantics, fromLogits };
                  return tf
                    .grad((z: tf.Tensor) => batchLoss(spec, y, z as tf.Tensor2D))(
                      tf.tensor2d(logits),
                    )
                    .arraySync();
                }) as number[][];
                compared++;
                const bad = core
                  .flatMap((row, i) => row.map((g, k) => ({ i, k, g, e: engine[i]?.[k] ?? NaN })))
                  .filter(({ i, k }) => {
                    const gap = engineGap(loss, encoding, semantics, logits[i]?.[k] ?? NaN);
                    if (gap) gaps++;
                    else elements++;
                    return !gap;
                  })
                  .find(({ g, e }) => !close(g, e));
                if (bad) {
                  problems.push(
                    `${regime} ${encoding} ${activation} ${semantics} from_logits=${fromLogits} [${bad.i},${bad.k}]: core ${bad.g}, tfjs ${bad.e}`,
                  );
                }
              }
      expect(compared).toBeGreaterThan(10);
      expect(gaps).toBeLessThan(elements / 2);
      expect(problems).toEqual([]);
    });
  }
});
