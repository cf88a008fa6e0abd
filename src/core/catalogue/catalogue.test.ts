import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, SEMANTICS } from '../config';
import { decodeGridLink, planGrid } from '../grid';
import type { LossPath } from './lossEntry';
import { appliedTwice, lossPathOf, takesKeyword } from './lossEntry';
import { POS_WEIGHT } from './constants';
import { LOSSES, LOSS_CATALOGUE, LOSS_ENGINE_KEYS, lossEntry } from './losses';
import {
  METRICS,
  METRIC_CATALOGUE,
  METRIC_ENGINE_KEYS,
  THRESHOLD_METRICS,
  historyKeys,
  lowerIsBetter,
} from './metrics';

describe('the loss catalogue', () => {
  it('has one entry per loss name, in the order LOSSES lists them', () => {
    expect(Object.keys(LOSS_CATALOGUE)).toEqual([...LOSSES]);
  });

  it('gives every engine key to exactly one loss', () => {
    const keys = LOSSES.map((l) => lossEntry(l).engine);
    expect([...keys].sort()).toEqual([...LOSS_ENGINE_KEYS].sort());
  });

  it('keeps the keywords Keras takes, with their defaults', () => {
    expect(lossEntry('binary_focal_crossentropy').keywords).toEqual({
      applyClassBalancing: false,
      alpha: 0.25,
      gamma: 2,
      fromLogits: false,
      labelSmoothing: 0,
    });
    expect(lossEntry('weighted_binary_crossentropy').keywords).toEqual({ posWeight: POS_WEIGHT });
    expect(POS_WEIGHT).toBe(9);
    // label_smoothing: BCE, CCE and the focal loss take it; SCCE does not (spec §1.4).
    expect(LOSSES.filter((l) => takesKeyword(lossEntry(l), 'labelSmoothing'))).toEqual([
      'binary_crossentropy',
      'categorical_crossentropy',
      'binary_focal_crossentropy',
    ]);
    expect(LOSSES.filter((l) => !takesKeyword(lossEntry(l), 'fromLogits'))).toEqual([
      'weighted_binary_crossentropy',
      'mean_squared_error',
      'kl_divergence',
      'abs_kl_divergence',
    ]);
  });

  it('says which input each loss reads, in each semantics (spec §1.2, §2)', () => {
    const table = (loss: (typeof LOSSES)[number]) =>
      SEMANTICS.flatMap((semantics) =>
        ACTIVATIONS.flatMap((activation) =>
          [false, true].map((fromLogits) => {
            const c = { activation, fromLogits, semantics };
            const path = lossPathOf(lossEntry(loss), c);
            return `${semantics} ${activation} ${fromLogits ? 'T' : 'F'}: ${path}${appliedTwice(lossEntry(loss), c) ? ' twice' : ''}`;
          }),
        ),
      );
    const P: LossPath = 'probabilities';
    expect(table('binary_crossentropy')).toEqual([
      `tf linear F: ${P}`,
      'tf linear T: logits',
      'tf sigmoid F: cached-logits',
      'tf sigmoid T: cached-logits',
      'tf softmax F: cached-logits',
      'tf softmax T: cached-logits',
      `plain linear F: ${P}`,
      'plain linear T: logits',
      `plain sigmoid F: ${P}`,
      'plain sigmoid T: logits twice',
      `plain softmax F: ${P}`,
      'plain softmax T: logits twice',
    ]);
    // The focal loss applies its own sigmoid for from_logits=True, before looking for logits.
    expect(table('binary_focal_crossentropy')).toEqual([
      `tf linear F: ${P}`,
      'tf linear T: logits',
      'tf sigmoid F: cached-logits',
      'tf sigmoid T: logits twice',
      'tf softmax F: cached-logits',
      'tf softmax T: logits twice',
      `plain linear F: ${P}`,
      `plain linear T: ${P}`,
      `plain sigmoid F: ${P}`,
      `plain sigmoid T: ${P} twice`,
      `plain softmax F: ${P}`,
      `plain softmax T: ${P} twice`,
    ]);
    expect(new Set(table('weighted_binary_crossentropy').map((r) => r.split(': ')[1]))).toEqual(
      new Set(['logits', 'logits twice']),
    );
    for (const loss of ['mean_squared_error', 'kl_divergence', 'abs_kl_divergence'] as const) {
      expect(new Set(table(loss).map((r) => r.split(': ')[1]))).toEqual(
        new Set(['not-a-cross-entropy']),
      );
    }
  });

  it('reaches the grid: a link sweeps the new losses, and only the rejected cells are skipped', () => {
    const { spec, ignored } = decodeGridLink(
      '?view=grid&v=1&sweep=loss,from_logits&loss=binary_crossentropy,binary_focal_crossentropy,abs_kl_divergence&from_logits=false,true&act=sigmoid&labels=onehot',
    );
    expect(ignored).toEqual([]);
    const cells = planGrid(spec);
    expect(cells.map((c) => `${c.config.loss} ${c.config.fromLogits} ${c.skip}`)).toEqual([
      'binary_crossentropy false false',
      'binary_crossentropy true false',
      'binary_focal_crossentropy false false',
      'binary_focal_crossentropy true false',
      'abs_kl_divergence false false',
      // A plain function has no from_logits: Keras raises, so the cell is not run.
      'abs_kl_divergence true true',
    ]);
  });

  it('names a Keras class, or defines a function for the losses Keras lacks', () => {
    const custom = LOSSES.filter((l) => lossEntry(l).keras.kind === 'custom');
    expect(custom).toEqual(['weighted_binary_crossentropy', 'abs_kl_divergence']);
  });
});

describe('the metric catalogue', () => {
  it('has one entry per computed metric and one engine key each', () => {
    expect(['accuracy', ...Object.keys(METRIC_CATALOGUE)]).toEqual([...METRICS]);
    const keys = Object.values(METRIC_CATALOGUE).map((m) => m.engine);
    expect([...keys].sort()).toEqual([...METRIC_ENGINE_KEYS].sort());
  });

  it('knows that only hamming_loss is better when lower', () => {
    expect(METRICS.filter(lowerIsBetter)).toEqual(['hamming_loss']);
  });

  it('lists the threshold metrics and the history keys Keras 3 writes', () => {
    expect(THRESHOLD_METRICS).toEqual(['binary_accuracy', 'subset_accuracy', 'hamming_loss']);
    expect(historyKeys('accuracy')).toEqual({
      historyKey: 'accuracy',
      valHistoryKey: 'val_accuracy',
    });
  });
});
