import { describe, expect, it } from 'vitest';
import { activate, sigmoid, softmax } from './activations';
import { EPSILON, ONE_MINUS_EPSILON } from './float32';
import { encodeLabels, toMultiHot, toOneHot } from './labels';

describe('label encodings', () => {
  it('one-hot rows from class ids', () => {
    const rows = toOneHot([2, 0], 3);
    expect(rows).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it('rejects ids out of range', () => {
    expect(() => toOneHot([10])).toThrow(RangeError);
    expect(() => toOneHot([1.5], 3)).toThrow(RangeError);
  });

  it('multi-hot rows from sets of class ids', () => {
    const rows = toMultiHot([[0, 2], [], [1]], 3);
    expect(rows).toEqual([
      [1, 0, 1],
      [0, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('encodeLabels from ids and from sets', () => {
    expect(encodeLabels([1, 2], 'int', 3)).toEqual([1, 2]);
    expect(encodeLabels([1, 2], 'onehot', 3)).toEqual(toOneHot([1, 2], 3));
    expect(encodeLabels([1, 2], 'multihot', 3)).toEqual(toOneHot([1, 2], 3));
    expect(encodeLabels([[1], [2]], 'int', 3)).toEqual([1, 2]);
    expect(encodeLabels([[0, 1], [2]], 'multihot', 3)).toEqual([
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(() => encodeLabels([[0, 1]], 'int', 3)).toThrow('sample 0 has 2');
    expect(() => encodeLabels([[0, 1]], 'onehot', 3)).toThrow(RangeError);
    expect(() => encodeLabels([12], 'int')).toThrow(RangeError);
  });
});

describe('activations in float32', () => {
  it('epsilon constants are the float32 values Keras uses', () => {
    expect(EPSILON).toBe(Math.fround(1e-7));
    expect(ONE_MINUS_EPSILON).toBe(0.9999998807907104);
    expect(Math.fround(1 - ONE_MINUS_EPSILON)).toBe(1.1920928955078125e-7);
  });

  it('sigmoid and softmax', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(20)).toBe(1); // rounds to 1 in float32
    expect(sigmoid(-100)).toBe(0);
    const s = softmax([1, 2, 3]);
    expect(s[2]).toBeCloseTo(0.66524096, 7);
    expect(softmax([1000, 0])).toEqual([1, 0]);
  });

  it('activate maps each row; linear is the identity (in float32)', () => {
    expect(activate([[0.1, 2]], 'linear')).toEqual([[Math.fround(0.1), 2]]);
    expect(activate([[0, 0]], 'softmax')).toEqual([[0.5, 0.5]]);
    expect(activate([[0, 0]], 'sigmoid')).toEqual([[0.5, 0.5]]);
  });
});
