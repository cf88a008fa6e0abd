import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../config';
import { checkConfig } from '../keras';
import { GRID_PRESETS, getGridPreset, gridFromPreset } from './presets';
import {
  MAX_GRID_CELLS,
  cellId,
  countCombinations,
  planGrid,
  sweptDimensions,
  type GridSpec,
} from './spec';

const base: RunConfig = { ...DEFAULT_CONFIG, epochs: 2, seed: 7 };
const classic = gridFromPreset(getGridPreset('classic')!, base);

describe('planGrid: the classic table', () => {
  const cells = planGrid(classic);

  it('lists 18 cells, outermost dimension (labels) first', () => {
    expect(cells).toHaveLength(18);
    expect(cells.slice(0, 3).map((c) => c.id)).toEqual([
      'labels=int;act=linear;loss=binary_crossentropy;from_logits=true',
      'labels=int;act=linear;loss=categorical_crossentropy;from_logits=true',
      'labels=int;act=linear;loss=sparse_categorical_crossentropy;from_logits=true',
    ]);
    expect(cells.map((c) => c.index)).toEqual([...Array(18).keys()]);
  });

  it('resolves from_logits=auto: true exactly for the linear output', () => {
    for (const cell of cells) {
      expect(cell.config.fromLogits).toBe(cell.config.activation === 'linear');
    }
  });

  it.each([
    ['int', 'binary_crossentropy', true],
    ['int', 'categorical_crossentropy', true],
    ['int', 'sparse_categorical_crossentropy', false],
    ['onehot', 'binary_crossentropy', false],
    ['onehot', 'categorical_crossentropy', false],
    ['onehot', 'sparse_categorical_crossentropy', true],
  ] as const)('labels=%s with %s: skipped=%s for every activation', (labels, loss, skipped) => {
    const row = cells.filter((c) => c.config.labels === labels && c.config.loss === loss);
    expect(row).toHaveLength(3);
    for (const cell of row) {
      expect(cell.skip).toBe(skipped);
      expect(cell.verdict.level === 'error').toBe(skipped);
    }
  });

  it("carries Keras' own message on every skipped cell, the same text checkConfig gives", () => {
    const skipped = cells.filter((c) => c.skip);
    expect(skipped).toHaveLength(9);
    for (const cell of skipped) {
      expect(cell.verdict.kerasError).toBe(checkConfig(cell.config).kerasError);
    }
    const intBce = skipped.find((c) => c.config.labels === 'int')!;
    expect(intBce.verdict.kerasError).toBe(
      'Arguments `target` and `output` must have the same rank (ndim). Received: target.shape=(None,), output.shape=(None, 10)',
    );
    const onehotScce = skipped.find((c) => c.config.labels === 'onehot')!;
    expect(onehotScce.verdict.kerasError).toBe(
      'Argument `output` must have rank (ndim) `target.ndim - 1`. Received: target.shape=(None, 10), output.shape=(None, 10)',
    );
  });

  it('keeps seed, sizes, batch size and epochs of the base in every cell', () => {
    for (const cell of cells) {
      for (const key of [
        'seed',
        'trainSize',
        'testSize',
        'batchSize',
        'epochs',
        'model',
      ] as const) {
        expect(cell.config[key]).toBe(base[key]);
      }
    }
  });

  it('is deterministic', () => {
    expect(planGrid(classic)).toEqual(cells);
  });
});

describe('planGrid: other specs', () => {
  it('removes combinations that resolve to the same configuration', () => {
    const spec: GridSpec = {
      base,
      axes: { activation: ['linear', 'softmax'], fromLogits: [false, 'auto'] },
    };
    expect(countCombinations(spec)).toBe(4);
    const ids = planGrid(spec).map((c) => c.id);
    expect(ids).toEqual([
      'act=linear;from_logits=false',
      'act=linear;from_logits=true',
      'act=softmax;from_logits=false',
    ]);
  });

  it('sweeps numbers (learning rate) in the order given', () => {
    const spec: GridSpec = { base, axes: { learningRate: [0.01, 0.001] } };
    expect(planGrid(spec).map((c) => c.config.learningRate)).toEqual([0.01, 0.001]);
    expect(sweptDimensions(spec)).toEqual(['learningRate']);
  });

  it('a grid with no axes is the base alone', () => {
    const cells = planGrid({ base, axes: {} });
    expect(cells).toHaveLength(1);
    expect(cells[0]!.config).toEqual(base);
    expect(cells[0]!.id).toBe('');
  });

  it('refuses a grid over the limit', () => {
    const spec: GridSpec = {
      base,
      axes: {
        loss: ['binary_crossentropy', 'categorical_crossentropy', 'mean_squared_error'],
        metric: ['accuracy', 'binary_accuracy', 'categorical_accuracy', 'subset_accuracy'],
        activation: ['linear', 'sigmoid', 'softmax'],
        labels: ['int', 'onehot', 'multihot'],
        semantics: ['tf', 'plain'],
      },
    };
    expect(countCombinations(spec)).toBeGreaterThan(MAX_GRID_CELLS);
    expect(() => planGrid(spec)).toThrow(RangeError);
  });

  it('cellId names values by their link keys', () => {
    expect(cellId({ optimizer: 'sgd', learningRate: 0.1 }, ['optimizer', 'learningRate'])).toBe(
      'opt=sgd;lr=0.1',
    );
  });

  it.each(GRID_PRESETS.map((p) => [p.id, p] as const))('preset %s plans', (_, preset) => {
    const cells = planGrid(gridFromPreset(preset, base));
    expect(cells.length).toBeGreaterThan(1);
    expect(cells.length).toBeLessThanOrEqual(MAX_GRID_CELLS);
  });
});
