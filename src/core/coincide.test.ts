import { describe, expect, it } from 'vitest';
import { coincidingCurves } from './coincide';

const curve = (name: string, ys: number[]) => ({
  name,
  points: ys.map((y, i) => ({ x: i + 1, y })),
});

describe('coincidingCurves', () => {
  it('groups runs whose curves print alike at every epoch', () => {
    const softmax = curve('softmax + CCE', [0.57, 0.675, 0.735]);
    const linear = curve('linear + CCE (from_logits=True)', [0.57, 0.675000001, 0.735]);
    const sigmoid = curve('sigmoid + CCE', [0.5, 0.6, 0.7]);
    expect(coincidingCurves([softmax, sigmoid, linear])).toEqual([
      ['softmax + CCE', 'linear + CCE (from_logits=True)'],
    ]);
  });

  it('keeps apart curves that differ anywhere, or in length', () => {
    expect(coincidingCurves([curve('a', [1, 2]), curve('b', [1, 2.001])])).toEqual([]);
    expect(coincidingCurves([curve('a', [1, 2]), curve('b', [1])])).toEqual([]);
    expect(coincidingCurves([curve('a', []), curve('b', [])])).toEqual([]);
    expect(coincidingCurves([curve('a', [NaN]), curve('b', [NaN])])).toEqual([['a', 'b']]);
  });
});
