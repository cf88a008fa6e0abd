import { describe, expect, it } from 'vitest';
import {
  binaryClassNames,
  binaryLabel,
  binaryQuestion,
  labelClasses,
  outputUnits,
  toBinaryLabels,
} from './binary';
import { BINARY_TARGETS, DEFAULT_CONFIG } from './config';

describe('the binary task', () => {
  it('labels one digit against the rest, or even against odd', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => binaryLabel(d, '3'))).toEqual([
      0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
    ]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => binaryLabel(d, 'even'))).toEqual([
      1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
    ]);
  });

  it('gives about 10% positives for one digit and about half for even, on a balanced set', () => {
    const digits = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 10);
    const share = (target: (typeof BINARY_TARGETS)[number]) =>
      toBinaryLabels(digits, target).reduce((a, b) => a + b, 0) / digits.length;
    for (const t of BINARY_TARGETS.filter((x) => x !== 'even')) expect(share(t)).toBe(0.1);
    expect(share('even')).toBe(0.5);
  });

  it('has one or two output units and labels from two classes', () => {
    expect(outputUnits({ task: 'binary', outputs: 1 })).toBe(1);
    expect(outputUnits({ task: 'binary', outputs: 2 })).toBe(2);
    expect(outputUnits({ ...DEFAULT_CONFIG, outputs: 2 })).toBe(10);
    expect(labelClasses({ task: 'binary' })).toBe(2);
    expect(labelClasses(DEFAULT_CONFIG)).toBe(10);
  });

  it('words the question and its classes', () => {
    expect(binaryQuestion('7')).toBe('Is it a 7?');
    expect(binaryQuestion('even')).toBe('Is it even?');
    expect(binaryClassNames('7')).toEqual(['not 7', '7']);
    expect(binaryClassNames('even')).toEqual(['odd', 'even']);
  });
});
