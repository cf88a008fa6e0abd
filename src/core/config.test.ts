import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_FIELDS,
  DEFAULT_CONFIG,
  FIELD_NAMES,
  GRID_FIELDS,
  KEY_OF_FIELD,
  LIMITS,
  VERDICT_FIELDS,
  fieldSpec,
  fitSplit,
  splitProblem,
} from './config';
import { encodeField, runConfigSchema } from './configSchema';
import { randomConfig } from '../test/randomConfig';
import { CONTROL_IDS, decodeConfig, encodeConfig } from './url';

describe('the config field table', () => {
  it('keeps the defaults of the classic experiment', () => {
    expect(DEFAULT_CONFIG).toEqual({
      task: 'multiclass',
      target: '0',
      outputs: 1,
      activation: 'softmax',
      loss: 'categorical_crossentropy',
      fromLogits: false,
      posWeight: 9,
      labels: 'onehot',
      metric: 'accuracy',
      semantics: 'tf',
      model: 'mlp',
      units: 128,
      optimizer: 'adam',
      learningRate: 0.001,
      momentum: 0,
      batchSize: 64,
      epochs: 5,
      trainSize: 6_000,
      testSize: 1_000,
      seed: 42,
      backend: 'auto',
      dataset: { id: 'mnist' },
    });
  });

  it('has a valid default for every field', () => {
    for (const field of FIELD_NAMES) {
      const spec = fieldSpec(field);
      if (spec.kind === 'choice') expect(spec.options).toContain(spec.default);
      if (spec.kind === 'number') {
        expect(spec.default).toBeGreaterThanOrEqual(spec.limits.min);
        expect(spec.default).toBeLessThanOrEqual(spec.limits.max);
      }
    }
    expect(splitProblem(DEFAULT_CONFIG)).toBeNull();
  });

  it('derives the grid dimensions in their stored order (cell ids are spelled in it)', () => {
    expect(GRID_FIELDS).toEqual([
      'labels',
      'activation',
      'loss',
      'fromLogits',
      'metric',
      'semantics',
      'optimizer',
      'learningRate',
      'outputs',
      'posWeight',
    ]);
  });

  it('derives the verdict fields: the ones checkConfig reads, both sizes included', () => {
    expect(VERDICT_FIELDS).toEqual([
      'task',
      'outputs',
      'activation',
      'loss',
      'fromLogits',
      'posWeight',
      'labels',
      'metric',
      'semantics',
      'batchSize',
      'trainSize',
    ]);
  });

  it('derives unique link keys, which are the control ids', () => {
    const keys = FIELD_NAMES.map((f) => KEY_OF_FIELD[f]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(CONTROL_IDS).toEqual([...keys, 'presets']);
    expect(Object.keys(LIMITS)).toEqual(
      FIELD_NAMES.filter((f) => CONFIG_FIELDS[f].kind === 'number'),
    );
  });

  it('round-trips random configurations through the link and the stored schema', () => {
    for (let seed = 0; seed < 200; seed++) {
      const config = randomConfig(seed);
      const linked = decodeConfig(`?${encodeConfig(config)}`);
      expect(linked.ignored).toEqual([]);
      expect(linked.config).toEqual(config);
      expect(v.parse(runConfigSchema, JSON.parse(JSON.stringify(config)))).toEqual(config);
      for (const field of FIELD_NAMES) expect(typeof encodeField(config[field])).toBe('string');
    }
  });
});

/** An own-data reference with these image counts. */
const own = (trainCount: number, testCount: number) => ({
  id: 'own' as const,
  hash: '0123456789abcdef',
  name: 'x',
  trainCount,
  testCount,
});

describe('splitProblem', () => {
  it.each([
    [{ trainSize: 9_000, testSize: 1_000, dataset: { id: 'mnist' as const } }, null],
    [
      { trainSize: 9_000, testSize: 1_001, dataset: { id: 'mnist' as const } },
      'train + test must be at most 10,000',
    ],
    [{ trainSize: 300, testSize: 100, dataset: own(400, 0) }, null],
    [
      { trainSize: 301, testSize: 100, dataset: own(400, 0) },
      'train + test must be at most the 400 images of the data',
    ],
    [{ trainSize: 9_000, testSize: 1_000, dataset: own(60_000, 10_000) }, null],
    [
      { trainSize: 600, testSize: 10, dataset: own(500, 100) },
      'train must be at most the 500 training images',
    ],
    [
      { trainSize: 500, testSize: 101, dataset: own(500, 100) },
      'test must be at most the 100 test images',
    ],
  ])('%o → %s', (config, problem) => {
    expect(splitProblem(config)).toBe(problem);
  });
});

describe('fitSplit', () => {
  it('keeps sizes that fit, and shrinks the others to fit the data', () => {
    const mnist = { trainSize: 6_000, testSize: 1_000, dataset: { id: 'mnist' as const } };
    expect(fitSplit(mnist)).toBe(mnist);
    expect(fitSplit({ ...mnist, dataset: own(500, 0) })).toMatchObject({
      trainSize: 400,
      testSize: 100,
    });
    expect(fitSplit({ ...mnist, dataset: own(3_000, 200) })).toMatchObject({
      trainSize: 3_000,
      testSize: 200,
    });
    for (const [a, b] of [
      [2, 0],
      [7, 3],
      [60_000, 10_000],
      [9_500, 9_999],
    ] as const) {
      const fitted = fitSplit({ trainSize: 9_000, testSize: 9_999, dataset: own(a, b) });
      expect(splitProblem(fitted)).toBeNull();
    }
  });
});
