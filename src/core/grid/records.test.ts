import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../config';
import type { RunResult } from '../events';
import {
  finalMetrics,
  parseGridRecord,
  parseRunRecord,
  toRunRecord,
  type GridRecord,
} from './records';

const result: RunResult = {
  history: [
    {
      epoch: 1,
      epochs: 1,
      steps: 2,
      loss: NaN,
      metric: 0.1,
      valLoss: Infinity,
      valMetric: 0.1,
      epochMs: 5,
      msPerStep: 2,
    },
  ],
  confusion: [
    [2, 0],
    [1, 1],
  ],
  perClassAccuracy: [1, 0.5],
  testAccuracy: 0.75,
  samples: [],
  totalMs: 10,
  backend: 'wasm',
  divergence: { epoch: 1, batch: 2, value: NaN, cause: 'too fast' },
};
const record = toRunRecord({
  id: 'a',
  name: 'softmax',
  createdAt: 5,
  config: { ...DEFAULT_CONFIG },
  metricKey: 'accuracy',
  reason: 'diverged',
  result,
  grid: { id: 'g', cellId: 'act=softmax' },
});

describe('run records', () => {
  it('keep config, history, confusion and the divergence cause, not the samples', () => {
    expect(record).toMatchObject({
      version: 2,
      reason: 'diverged',
      divergence: 'too fast',
      confusion: result.confusion,
    });
    expect(record).not.toHaveProperty('samples');
  });

  it('validate, NaN and Infinity in metrics included', () => {
    expect(parseRunRecord(record)).toEqual({ ok: true, value: record });
  });

  it.each([
    ['no version', { ...record, version: undefined }, /^version: /],
    ['a future version', { ...record, version: 3 }, /^version: /],
    [
      'own data without a hash',
      { ...record, config: { ...record.config, dataset: { id: 'own', name: 'x', trainCount: 5 } } },
      /^config\.dataset: /,
    ],
    [
      'an unknown loss',
      { ...record, config: { ...record.config, loss: 'hinge' } },
      /^config\.loss: /,
    ],
    [
      'a batch size out of range',
      { ...record, config: { ...record.config, batchSize: 0 } },
      /^config\.batchSize: /,
    ],
    ['a history that is not a list', { ...record, history: 'x' }, /^history: /],
    ['a string', 'hello', /./],
    ['null', null, /./],
  ])('reject %s with the path of the problem', (_, input, reason) => {
    const parsed = parseRunRecord(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('read a version 1 record (before runs named their data) as a run on MNIST', () => {
    const { dataset, ...configV1 } = record.config;
    expect(dataset).toEqual({ id: 'mnist' });
    const v1 = { ...record, version: 1, config: configV1 };
    const parsed = parseRunRecord(v1);
    expect(parsed).toEqual({ ok: true, value: { ...v1, config: { ...configV1, dataset } } });
  });

  it('keep a run on own files: name, counts and content hash', () => {
    const own = {
      id: 'own' as const,
      name: 'train-images-idx3-ubyte.gz',
      trainCount: 60_000,
      testCount: 10_000,
      hash: '00ff00ff00ff00ff',
    };
    const onOwn = { ...record, config: { ...record.config, dataset: own } };
    expect(parseRunRecord(onOwn)).toEqual({ ok: true, value: onOwn });
  });

  it('finalMetrics: the last epoch, NaN when none', () => {
    expect(finalMetrics(result.history)).toMatchObject({ metric: 0.1, epochs: 1 });
    expect(finalMetrics([]).valMetric).toBeNaN();
  });
});

describe('grid records', () => {
  const grid: GridRecord = {
    version: 2,
    id: 'g',
    name: 'classic',
    createdAt: 1,
    updatedAt: 2,
    spec: {
      base: { ...DEFAULT_CONFIG },
      axes: { activation: ['sigmoid', 'softmax'], fromLogits: ['auto'], learningRate: [0.1] },
    },
    runs: { 'act=sigmoid': 'a' },
    status: 'stopped',
  };

  it('validate', () => {
    expect(parseGridRecord(grid)).toEqual({ ok: true, value: grid });
  });

  it('read a version 1 grid as a grid on MNIST', () => {
    const baseV1: Partial<RunConfig> = { ...grid.spec.base };
    delete baseV1.dataset;
    const v1 = { ...grid, version: 1, spec: { ...grid.spec, base: baseV1 } };
    const parsed = parseGridRecord(v1);
    expect(parsed.ok && parsed.value.spec.base.dataset).toEqual({ id: 'mnist' });
  });

  it.each([
    ['a bad axis value', { ...grid, spec: { ...grid.spec, axes: { activation: ['tanh'] } } }],
    ['a bad status', { ...grid, status: 'paused' }],
    [
      'a learning rate out of range',
      { ...grid, spec: { ...grid.spec, axes: { learningRate: [50] } } },
    ],
  ])('reject %s', (_, input) => {
    expect(parseGridRecord(input).ok).toBe(false);
  });
});
