/**
 * What the `pos_weight` grid and lesson say, on real digits (issue 21): "Is it a 7?" with the
 * weighted binary cross-entropy on one linear unit, swept over the grid preset's values, at a
 * lesson's size (1,000 digits, 3 epochs, 64 units, CPU backend). As pos_weight grows recall
 * rises at every step of the sweep, and precision falls (it never rises).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BinaryScores } from '../core';
import { LESSON_BASE, POS_WEIGHT_SWEEP, getGridPreset } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { trainToEnd } from '../test/trainToEnd';
import { RunControl } from './control';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const train = loadDigits(LESSON_BASE.trainSize, 0);
// Per-class offsets: the training digits use the first 100 of each class.
const test = loadDigits(LESSON_BASE.testSize, 100);

describe('pos_weight on "Is it a 7?"', () => {
  it('recall rises and precision falls as pos_weight grows, as the grid preset and the lesson say', async () => {
    const preset = getGridPreset('pos-weight');
    expect(preset?.axes.posWeight).toEqual(POS_WEIGHT_SWEEP);
    const scores: BinaryScores[] = [];
    for (const posWeight of POS_WEIGHT_SWEEP) {
      const { result } = await trainToEnd({
        config: { ...LESSON_BASE, ...preset?.base, posWeight, backend: 'cpu' },
        train,
        test,
        backend: 'cpu',
        control: new RunControl(),
        emit: () => {},
      });
      const last = result.history.at(-1)?.binary?.val;
      if (!last) throw new Error(`pos_weight ${posWeight}: no precision or recall logged`);
      scores.push(last);
    }
    const table = scores.map(
      (s, i) =>
        `pos_weight ${POS_WEIGHT_SWEEP[i]}: recall ${s.recall.toFixed(3)}, precision ${s.precision.toFixed(3)}`,
    );
    console.info(table.join('\n'));
    // Recall rises at every step; precision never rises and ends well below where it began (at
    // the smallest weights the model says yes only to clear 7s, and precision can sit at 1).
    for (let i = 1; i < scores.length; i++) {
      expect(scores[i]!.recall, table.join('\n')).toBeGreaterThan(scores[i - 1]!.recall);
      expect(scores[i]!.precision, table.join('\n')).toBeLessThanOrEqual(scores[i - 1]!.precision);
    }
    expect(scores.at(-1)!.precision, table.join('\n')).toBeLessThan(scores[0]!.precision - 0.2);
  }, 120_000);
});
