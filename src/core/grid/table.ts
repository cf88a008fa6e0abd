/**
 * The grid's table as data: one row per cell with its verdict and final numbers, sorting, the
 * columns that differ and heat maps (activation × loss per remaining dimension values). Pure; the
 * page renders, exports write.
 */
import type { BinaryEpochKey, BinaryScores } from '../binaryEpoch';
import type { RunConfig } from '../config';
import type { RunRecord } from './records';
import { finalMetrics } from './records';
import type { CellVerdict, GridCell, GridDimension } from './spec';
import { GRID_DIMENSIONS } from './spec';

export type RowStatus = 'skipped' | 'pending' | 'running' | 'done' | 'stopped' | 'diverged';

export interface TableRow {
  cellId: string;
  index: number;
  values: Partial<RunConfig>;
  config: RunConfig;
  verdict: CellVerdict;
  status: RowStatus;
  /** Final training loss, training and validation metric (NaN until the cell has run). */
  loss: number;
  trainMetric: number;
  valMetric: number;
  valLoss: number;
  epochs: number;
  /** Wall time of the run in seconds (NaN until it has run). */
  seconds: number;
  /** A binary run's final validation Precision, Recall and AUC (binaryEpoch.ts), once it has run. */
  binary?: BinaryScores;
  runId?: string;
  /**
   * A cell run by several students (a class grid): the numbers above are their means, and this
   * is the validation metric's lowest and highest value and how many runs gave one.
   */
  spread?: { min: number; max: number; runs: number };
}

/** One row per cell, in run order. `running` names the cell being trained now, if any. */
export function buildTable(
  cells: readonly GridCell[],
  runs: ReadonlyMap<string, RunRecord>,
  running?: string,
): TableRow[] {
  return cells.map((cell) => {
    const run = runs.get(cell.id);
    const final = finalMetrics(run?.history ?? []);
    const status: RowStatus = cell.skip
      ? 'skipped'
      : run
        ? run.reason === 'completed'
          ? 'done'
          : run.reason === 'interrupted'
            ? 'stopped'
            : run.reason
        : cell.id === running
          ? 'running'
          : 'pending';
    return {
      cellId: cell.id,
      index: cell.index,
      values: cell.values,
      config: cell.config,
      verdict: cell.verdict,
      status,
      loss: final.loss,
      trainMetric: final.metric,
      valMetric: final.valMetric,
      valLoss: final.valLoss,
      epochs: final.epochs,
      seconds: run ? run.totalMs / 1000 : NaN,
      ...(run ? { runId: run.id } : {}),
      ...(final.binary ? { binary: final.binary } : {}),
    };
  });
}

/** The columns of a binary grid's final validation Precision, Recall and AUC. */
export const BINARY_SORT_KEYS = ['val_precision', 'val_recall', 'val_auc'] as const;
export type BinarySortKey = (typeof BINARY_SORT_KEYS)[number];

/** A row's value in a binary column (NaN where the run logged none). */
export function binaryValue(row: Pick<TableRow, 'binary'>, key: BinarySortKey): number {
  const score = key.slice('val_'.length) as BinaryEpochKey;
  return row.binary?.[score] ?? NaN;
}

/** What the table sorts by: its own columns, the binary scores and the grid's dimensions. */
export type SortKey =
  | 'index'
  | 'verdict'
  | 'finalLoss'
  | 'trainMetric'
  | 'valMetric'
  | BinarySortKey
  | 'epochs'
  | 'seconds'
  | GridDimension;
export type SortDirection = 'asc' | 'desc';

const LEVEL_RANK = { error: 0, warning: 1, quirk: 2, ok: 3 } as const;

function sortValue(row: TableRow, key: SortKey): number | string | undefined {
  switch (key) {
    case 'index':
      return row.index;
    case 'verdict':
      return LEVEL_RANK[row.verdict.level];
    case 'finalLoss':
      return Number.isFinite(row.loss) ? row.loss : undefined;
    case 'trainMetric':
    case 'valMetric':
    case 'epochs':
    case 'seconds':
      return Number.isFinite(row[key]) ? row[key] : undefined;
    case 'val_precision':
    case 'val_recall':
    case 'val_auc': {
      const value = binaryValue(row, key);
      return Number.isFinite(value) ? value : undefined;
    }
    case 'labels':
    case 'activation':
    case 'loss':
    case 'fromLogits':
    case 'metric':
    case 'semantics':
    case 'optimizer':
    case 'learningRate':
    case 'outputs':
    case 'posWeight': {
      const value = row.values[key];
      return value === undefined ? undefined : typeof value === 'number' ? value : String(value);
    }
  }
}

/**
 * Rows sorted by one key; rows without a value (not run, NaN) always come last, and ties keep run
 * order, so the sort is stable and deterministic. Returns a new array.
 */
export function sortRows(
  rows: readonly TableRow[],
  key: SortKey,
  direction: SortDirection,
): TableRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === undefined || y === undefined) {
      if (x === y) return a.index - b.index;
      return x === undefined ? 1 : -1;
    }
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order === 0 ? a.index - b.index : sign * order;
  });
}

/** The dimensions whose value is not the same in every row ("show only what differs"). */
export function differingDimensions(
  rows: readonly Pick<TableRow, 'values'>[],
  dims: readonly GridDimension[] = GRID_DIMENSIONS,
): GridDimension[] {
  return dims.filter((d) => new Set(rows.map((r) => String(r.values[d]))).size > 1);
}

export interface HeatMap {
  /** The other listed dimensions' values this map holds, e.g. `labels=int` (empty if none). */
  title: string;
  rowDim: GridDimension;
  colDim: GridDimension;
  rowValues: string[];
  colValues: string[];
  /** `cells[r][c]`: the row for that combination, if the grid has one. */
  cells: (TableRow | undefined)[][];
}

/**
 * The heat maps' rows and columns: output activation × loss, the lesson's table, when either
 * varies; otherwise the swept dimensions themselves (a learning-rate sweep, a `pos_weight` sweep
 * as one column), so a grid that holds the activation and the loss still draws one map.
 */
export function heatMapDims(rows: readonly TableRow[]): [GridDimension, GridDimension] {
  const varies = (d: GridDimension) =>
    new Set(rows.map((r) => String(r.values[d] ?? r.config[d]))).size > 1;
  if (varies('activation') || varies('loss')) return ['activation', 'loss'];
  const swept = GRID_DIMENSIONS.filter(varies);
  const [first, second] = swept;
  if (!first) return ['activation', 'loss'];
  return [first, second ?? 'loss'];
}

/** Whether `dim`'s value is the same in every row that shares a value of `on`. */
function dependsOn(rows: readonly TableRow[], dim: GridDimension, on: GridDimension): boolean {
  const seen = new Map<string, string>();
  for (const row of rows) {
    const key = String(row.values[on] ?? row.config[on]);
    const value = String(row.values[dim]);
    if ((seen.get(key) ?? value) !== value) return false;
    seen.set(key, value);
  }
  return true;
}

/**
 * One heat map per combination of the dimensions other than `rowDim` and `colDim` (by default
 * activation × loss per label encoding, metric…), in run order. A dimension whose value follows
 * the row's (from_logits=auto) does not split the maps. Values are kept as strings.
 */
export function heatMaps(
  rows: readonly TableRow[],
  rowDim: GridDimension = 'activation',
  colDim: GridDimension = 'loss',
): HeatMap[] {
  const present = GRID_DIMENSIONS.filter((d) => rows.some((r) => r.values[d] !== undefined));
  // A dimension fixed by the row's value (from_logits=auto follows the activation) adds no map.
  const others = present.filter((d) => d !== rowDim && d !== colDim && !dependsOn(rows, d, rowDim));
  const maps = new Map<string, HeatMap>();
  const order = (d: GridDimension) => [
    ...new Set(rows.map((r) => String(r.values[d] ?? r.config[d]))),
  ];
  const rowValues = order(rowDim);
  const colValues = order(colDim);
  for (const row of rows) {
    const title = others.map((d) => `${d}=${String(row.values[d])}`).join(', ');
    let map = maps.get(title);
    if (!map) {
      map = {
        title,
        rowDim,
        colDim,
        rowValues,
        colValues,
        cells: rowValues.map(() => colValues.map(() => undefined)),
      };
      maps.set(title, map);
    }
    const r = rowValues.indexOf(String(row.values[rowDim] ?? row.config[rowDim]));
    const c = colValues.indexOf(String(row.values[colDim] ?? row.config[colDim]));
    const line = map.cells[r];
    if (line) line[c] = row;
  }
  return [...maps.values()];
}

/** Progress of a grid: cells to run, finished, skipped by verdict. */
export function gridProgress(rows: readonly TableRow[]): {
  toRun: number;
  finished: number;
  skipped: number;
} {
  const skipped = rows.filter((r) => r.status === 'skipped').length;
  const finished = rows.filter(
    (r) => r.status === 'done' || r.status === 'stopped' || r.status === 'diverged',
  ).length;
  return { toRun: rows.length - skipped, finished, skipped };
}
