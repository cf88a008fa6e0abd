import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../config';
import { decodeConfig } from '../url';
import { GRID_PRESETS, gridFromPreset } from './presets';
import type { GridSpec } from './spec';
import { MAX_GRID_CELLS, countCombinations } from './spec';
import { decodeGridLink, encodeGridLink, readView } from './url';

const base: RunConfig = {
  ...DEFAULT_CONFIG,
  epochs: 1,
  trainSize: 300,
  testSize: 100,
  batchSize: 50,
};

describe('grid link', () => {
  it.each(GRID_PRESETS.map((p) => [p.id, gridFromPreset(p, base)] as const))(
    'round-trips preset %s',
    (_, spec) => {
      const decoded = decodeGridLink(`?${encodeGridLink(spec)}`);
      expect(decoded.ignored).toEqual([]);
      expect(decoded.spec.axes).toEqual(spec.axes);
      expect(decoded.spec.base).toEqual(spec.base);
    },
  );

  it('is readable: view, version, sweep, lists, then the base', () => {
    const spec = gridFromPreset(GRID_PRESETS[0]!, base);
    const link = encodeGridLink(spec);
    expect(link).toMatch(
      /^view=grid&v=1&sweep=labels,act,loss&labels=int,onehot&act=linear,sigmoid,softmax&loss=binary_crossentropy,categorical_crossentropy,sparse_categorical_crossentropy&from_logits=auto&task=multiclass&metric=accuracy&/,
    );
    expect(link).toContain('seed=42');
    expect(link.match(/(^|&)act=/g)).toHaveLength(1);
  });

  it('carries autorun', () => {
    const spec: GridSpec = { base, axes: { activation: ['sigmoid', 'softmax'] } };
    const link = encodeGridLink(spec, { autorun: true });
    expect(decodeGridLink(link).autorun).toBe(true);
  });

  it.each([
    ['sweep=act,bogus&act=softmax,sigmoid', 'sweep', 'bogus', 'not a dimension a grid can sweep'],
    ['sweep=act&act=softmax,tanh', 'act', 'tanh', 'expected one of linear, sigmoid, softmax'],
    ['sweep=act&act=softmax,softmax', 'act', 'softmax', 'listed twice'],
    ['sweep=lr&lr=0.1,abc', 'lr', 'abc', 'not a number'],
    ['sweep=lr&lr=0.1,99', 'lr', '99', 'outside 0.000001–10'],
    [
      'sweep=from_logits&from_logits=true,maybe',
      'from_logits',
      'maybe',
      'expected true, false or auto',
    ],
    ['sweep=act&act=<script>', 'act', '<script>', 'expected one of linear, sigmoid, softmax'],
    ['sweep=act&act=softmax&seed=-1', 'seed', '-1', 'outside 0–4294967295'],
    ['sweep=act&act=softmax&zzz=1', 'zzz', '1', 'unknown key'],
    [
      'sweep=act&act=softmax&act=sigmoid',
      'act',
      'sigmoid',
      'repeated key; the first value was used',
    ],
  ])('never throws on %s and says what it ignored', (search, key, value, reason) => {
    const decoded = decodeGridLink(search);
    expect(decoded.ignored).toContainEqual({ key, value, reason });
  });

  it('a swept key with no valid value falls back to the base', () => {
    const decoded = decodeGridLink('sweep=act&act=tanh');
    expect(decoded.spec.axes.activation).toBeUndefined();
    expect(decoded.ignored.map((i) => i.reason)).toContain(
      'swept but no valid value listed; base value used',
    );
  });

  it('an unswept list key is read by the single-run rules (and rejected as a list)', () => {
    const decoded = decodeGridLink('act=sigmoid,softmax');
    expect(decoded.spec.axes).toEqual({});
    expect(decoded.ignored[0]?.key).toBe('act');
  });

  it('shrinks a grid over the limit, saying which values it dropped', () => {
    const search =
      'sweep=labels,act,loss,metric,semantics,opt&labels=int,onehot,multihot&act=linear,sigmoid,softmax' +
      '&loss=binary_crossentropy,categorical_crossentropy,mean_squared_error&metric=accuracy,binary_accuracy' +
      '&semantics=tf,plain&opt=adam,sgd,rmsprop';
    const decoded = decodeGridLink(search);
    expect(countCombinations(decoded.spec)).toBeLessThanOrEqual(MAX_GRID_CELLS);
    expect(decoded.ignored.some((i) => i.reason.includes('exceed'))).toBe(true);
  });

  it('the single-run decoder still reads the base of a grid link (it ignores the grid keys)', () => {
    const spec = gridFromPreset(GRID_PRESETS[0]!, base);
    expect(decodeConfig(encodeGridLink(spec)).config.trainSize).toBe(300);
  });

  it.each([
    ['?view=grid&v=1', 'grid'],
    ['?view=history', 'history'],
    ['?view=lessons&step=2', 'lessons'],
    ['?view=other', 'trainer'],
    ['?act=softmax', 'trainer'],
    ['', 'trainer'],
  ] as const)('readView(%s) = %s', (search, view) => {
    expect(readView(search)).toBe(view);
  });
});
