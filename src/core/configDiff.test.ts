import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import { differingFields, legendLabel } from './configDiff';

const base: RunConfig = { ...DEFAULT_CONFIG, epochs: 2 };

describe('what differs between runs', () => {
  it('names what differs between runs for the legend', () => {
    const a = { ...base, activation: 'sigmoid' as const };
    const b = { ...base, activation: 'softmax' as const, learningRate: 0.01 };
    const fields = differingFields([a, b]);
    expect(fields).toEqual(['activation', 'learningRate']);
    expect(legendLabel(a, fields)).toBe('sigmoid · lr=0.001');
    expect(legendLabel(a, differingFields([a, { ...a, fromLogits: true }]))).toBe(
      'from_logits=false',
    );
    expect(legendLabel(a, [])).toBe('identical configuration');
    expect(differingFields([])).toEqual([]);
  });

  it('tells a run on own files from one on MNIST, and two runs on the same files apart from neither', () => {
    const own = (hash: string) => ({
      ...base,
      dataset: { id: 'own' as const, name: 'imgs.idx', trainCount: 900, testCount: 0, hash },
    });
    const fields = differingFields([base, own('0123456789abcdef')]);
    expect(fields).toEqual(['dataset']);
    expect(legendLabel(base, fields)).toBe('MNIST digits (built-in)');
    expect(legendLabel(own('0123456789abcdef'), fields)).toBe('own: imgs.idx #01234567');
    // Equal by value, not by object identity.
    expect(differingFields([own('0123456789abcdef'), own('0123456789abcdef')])).toEqual([]);
  });
});
