import { describe, expect, it } from 'vitest';
import {
  binaryEpochScores,
  binaryMetricExprs,
  binaryMetricsNote,
  compilesBinaryMetrics,
} from './binaryEpoch';
import { kerasAuc } from './binaryMetrics';
import type { RunConfig } from './config';

type Shape = Pick<RunConfig, 'task' | 'outputs' | 'labels'>;

describe("the binary task's compiled Precision, Recall and AUC", () => {
  it.each([
    [1, 'int', true],
    [1, 'column', true],
    [1, 'onehot', false],
    [2, 'int', false],
    [2, 'column', false],
    [2, 'onehot', true],
  ] as const)('%i unit(s) with %s labels: compiled %s', (outputs, labels, compiled) => {
    const config: Shape = { task: 'binary', outputs, labels };
    expect(compilesBinaryMetrics(config)).toBe(compiled);
    expect(binaryMetricsNote(config) === null).toBe(compiled);
  });

  it('only the binary task compiles them', () => {
    expect(compilesBinaryMetrics({ task: 'multiclass', outputs: 1, labels: 'int' })).toBe(false);
    expect(binaryMetricsNote({ task: 'multilabel', outputs: 1, labels: 'multihot' })).toBeNull();
  });

  it('writes class_id=1 for Precision and Recall on two units, AUC() without', () => {
    expect(binaryMetricExprs({ task: 'binary', outputs: 1 })).toEqual([
      'keras.metrics.Precision()',
      'keras.metrics.Recall()',
      'keras.metrics.AUC()',
    ]);
    expect(binaryMetricExprs({ task: 'binary', outputs: 2 })).toEqual([
      'keras.metrics.Precision(class_id=1)',
      'keras.metrics.Recall(class_id=1)',
      'keras.metrics.AUC()',
    ]);
  });

  it('one unit: yes above 0.5, zero divisions count 0, AUC as Keras', () => {
    const outputs = [0.9, 0.6, 0.4, 0.2, 0.7];
    const answers = [1, 0, 1, 0, 1];
    const scores = binaryEpochScores(outputs, answers, 1);
    // yes: 0.9 (tp), 0.6 (fp), 0.7 (tp); 0.4 is a missed yes.
    expect(scores.precision).toBeCloseTo(2 / 3, 12);
    expect(scores.recall).toBeCloseTo(2 / 3, 12);
    expect(scores.auc).toBe(kerasAuc(outputs, answers));
    expect(binaryEpochScores([0.1, 0.2], [0, 0], 1)).toMatchObject({ precision: 0, recall: 0 });
  });

  it('two units: Precision and Recall read the second column, AUC pools both against one-hot rows', () => {
    // Rows (no, yes); the second row says yes to a no, the third misses a yes.
    const outputs = [0.2, 0.8, 0.3, 0.7, 0.6, 0.4, 0.5, 0.1];
    const answers = [1, 0, 1, 0];
    const scores = binaryEpochScores(outputs, answers, 2);
    expect(scores.precision).toBeCloseTo(1 / 2, 12);
    expect(scores.recall).toBeCloseTo(1 / 2, 12);
    expect(scores.auc).toBe(kerasAuc(outputs, [0, 1, 1, 0, 0, 1, 1, 0]));
    expect(scores.auc).not.toBe(kerasAuc([0.8, 0.7, 0.4, 0.1], answers));
  });

  it('refuses outputs that do not match the answers', () => {
    expect(() => binaryEpochScores([0.1, 0.2, 0.3], [1, 0], 2)).toThrow(RangeError);
  });
});
