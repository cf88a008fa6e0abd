import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../config';
import type { EpochRecord } from '../events';
import { getGridPreset, gridFromPreset } from './presets';
import { RECORD_VERSION, type RunRecord } from './records';
import { cellLabel, listedDimensions, planGrid } from './spec';
import {
  binaryValue,
  buildTable,
  differingDimensions,
  gridProgress,
  heatMapDims,
  heatMaps,
  sortRows,
} from './table';

const base: RunConfig = { ...DEFAULT_CONFIG, epochs: 2 };
const cells = planGrid(gridFromPreset(getGridPreset('classic')!, base));

function epoch(e: number, valMetric: number, loss = 1 / e): EpochRecord {
  return {
    epoch: e,
    epochs: 2,
    steps: 10,
    loss,
    metric: valMetric - 0.01,
    valLoss: loss,
    valMetric,
    epochMs: 100,
    msPerStep: 10,
  };
}

function run(
  cellId: string,
  config: RunConfig,
  valMetric: number,
  reason: RunRecord['reason'] = 'completed',
): RunRecord {
  return {
    version: RECORD_VERSION,
    id: `run-${cellId}`,
    name: cellId,
    createdAt: 0,
    config,
    metricKey: 'accuracy',
    reason,
    history: [epoch(1, valMetric - 0.1), epoch(2, valMetric)],
    confusion: [],
    testAccuracy: valMetric,
    totalMs: 1500,
    backend: 'cpu',
    grid: { id: 'g', cellId },
  };
}

const runnable = cells.filter((c) => !c.skip);
const runs = new Map(
  runnable.slice(0, 3).map((c, i) => [c.id, run(c.id, c.config, 0.8 + i * 0.05)] as const),
);
const rows = buildTable(cells, runs, runnable[3]!.id);

describe('buildTable', () => {
  it('gives every cell a status', () => {
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    expect([count('skipped'), count('done'), count('running'), count('pending')]).toEqual([
      9, 3, 1, 5,
    ]);
    expect(gridProgress(rows)).toEqual({ toRun: 9, finished: 3, skipped: 9 });
  });

  it('takes the final numbers from the last epoch', () => {
    const done = rows.find((r) => r.status === 'done')!;
    expect(done.valMetric).toBeCloseTo(0.8);
    expect(done.loss).toBe(0.5);
    expect(done.epochs).toBe(2);
    expect(done.seconds).toBe(1.5);
    expect(rows.find((r) => r.status === 'pending')!.valMetric).toBeNaN();
  });

  it('marks a stopped run', () => {
    const c = runnable[0]!;
    const table = buildTable([c], new Map([[c.id, run(c.id, c.config, 0.5, 'stopped')]]));
    expect(table[0]!.status).toBe('stopped');
  });
});

describe('sortRows', () => {
  it('sorts by validation metric, rows without a value last, stable', () => {
    const desc = sortRows(rows, 'valMetric', 'desc');
    expect(desc.slice(0, 3).map((r) => r.valMetric)).toEqual([
      expect.closeTo(0.9),
      expect.closeTo(0.85),
      expect.closeTo(0.8),
    ]);
    expect(desc.slice(3).every((r) => Number.isNaN(r.valMetric))).toBe(true);
    expect(desc.slice(3).map((r) => r.index)).toEqual(
      [...desc.slice(3).map((r) => r.index)].sort((a, b) => a - b),
    );
    const asc = sortRows(rows, 'valMetric', 'asc');
    expect(asc[0]!.valMetric).toBeCloseTo(0.8);
  });

  it('sorts by verdict (errors first) and by a dimension', () => {
    expect(sortRows(rows, 'verdict', 'asc')[0]!.verdict.level).toBe('error');
    const byLoss = sortRows(rows, 'finalLoss', 'asc');
    expect(byLoss[0]!.loss).toBe(0.5);
    expect(sortRows(rows, 'loss', 'desc')[0]!.values.loss).toBe('sparse_categorical_crossentropy');
    const byAct = sortRows(rows, 'activation', 'desc');
    expect(byAct[0]!.values.activation).toBe('softmax');
  });

  it('does not mutate its input', () => {
    const copy = [...rows];
    sortRows(rows, 'seconds', 'desc');
    expect(rows).toEqual(copy);
  });
});

describe('what differs', () => {
  it('lists the dimensions that vary across rows', () => {
    expect(differingDimensions(rows)).toEqual(['labels', 'activation', 'loss', 'fromLogits']);
    const intSoftmax = rows.filter(
      (r) => r.values.labels === 'int' && r.values.activation === 'softmax',
    );
    expect(differingDimensions(intSoftmax)).toEqual(['loss']);
  });
});

describe('heatMaps', () => {
  it('one activation × loss map per label encoding', () => {
    const maps = heatMaps(rows);
    // from_logits=auto follows the activation: it does not split the maps.
    expect(maps.map((m) => m.title)).toEqual(['labels=int', 'labels=onehot']);
    expect(maps[0]!.rowValues).toEqual(['linear', 'sigmoid', 'softmax']);
    expect(maps[0]!.colValues).toEqual([
      'binary_crossentropy',
      'categorical_crossentropy',
      'sparse_categorical_crossentropy',
    ]);
  });

  it('fills each 3 × 3 map', () => {
    const maps = heatMaps(rows);
    for (const map of maps) {
      expect(map.cells.flat().filter(Boolean)).toHaveLength(9);
    }
    const intMap = maps[0]!;
    expect(intMap.cells[0]![0]!.status).toBe('skipped');
    expect(intMap.cells[2]![2]!.config).toMatchObject({
      labels: 'int',
      activation: 'softmax',
      loss: 'sparse_categorical_crossentropy',
    });
  });
});

describe('heatMaps with a swept from_logits', () => {
  it('splits the maps when from_logits does not follow the activation', () => {
    const grid = planGrid({
      base,
      axes: {
        activation: ['linear', 'softmax'],
        loss: ['categorical_crossentropy'],
        fromLogits: [false, true],
      },
    });
    const maps = heatMaps(buildTable(grid, new Map()));
    expect(maps.map((m) => m.title)).toEqual(['fromLogits=false', 'fromLogits=true']);
  });
});

describe('cell labels', () => {
  it('name choices as they are and booleans and numbers with their key (no bare "true")', () => {
    const spec = {
      base,
      axes: { activation: ['linear' as const], fromLogits: [true], learningRate: [0.001, 0.05] },
    };
    const dims = listedDimensions(spec);
    expect(planGrid(spec).map((cell) => cellLabel(cell, dims))).toEqual([
      'linear · from_logits=true · lr=0.001',
      'linear · from_logits=true · lr=0.05',
    ]);
  });
});

describe('binary grids', () => {
  const scores = (x: number) => ({ precision: x, recall: x + 0.1, auc: x + 0.2 });

  it("list each run's final validation Precision, Recall and AUC, sortable", () => {
    const grid = planGrid(gridFromPreset(getGridPreset('pos-weight')!, base));
    expect(grid.map((c) => c.config.posWeight)).toEqual([0.3, 1, 3, 9, 27]);
    const done = new Map(
      grid.slice(0, 2).map((c, i) => {
        const record = run(c.id, c.config, 0.9);
        const last = record.history.at(-1)!;
        record.history[1] = { ...last, binary: { train: scores(0), val: scores(0.5 - i / 10) } };
        return [c.id, record] as const;
      }),
    );
    const table = buildTable(grid, done);
    expect(table[0]!.binary).toEqual(scores(0.5));
    expect(binaryValue(table[1]!, 'val_recall')).toBeCloseTo(0.5);
    expect(binaryValue(table[2]!, 'val_auc')).toBeNaN();
    expect(sortRows(table, 'val_precision', 'asc').map((r) => r.index)).toEqual([1, 0, 2, 3, 4]);
  });

  it('draw one map down a swept pos_weight (nothing else varies), activation × loss otherwise', () => {
    const sweep = buildTable(
      planGrid(gridFromPreset(getGridPreset('pos-weight')!, base)),
      new Map(),
    );
    expect(heatMapDims(sweep)).toEqual(['posWeight', 'loss']);
    const maps = heatMaps(sweep, ...heatMapDims(sweep));
    expect(maps).toHaveLength(1);
    expect(maps[0]!.rowValues).toEqual(['0.3', '1', '3', '9', '27']);
    const classic = buildTable(
      planGrid(gridFromPreset(getGridPreset('binary-classic')!, base)),
      new Map(),
    );
    expect(heatMapDims(classic)).toEqual(['activation', 'loss']);
  });
});
