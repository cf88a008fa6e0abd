/**
 * The grid planner: a base configuration and the dimensions to sweep become an ordered list of
 * cells, each with its full `RunConfig` and Keras' verdict on it. Cells Keras would reject are
 * marked to be skipped (with Keras' message) instead of being run.
 *
 * Every cell keeps the base's seed, split sizes, batch size and epochs, so the worker draws the
 * same split, the same initial weights and the same batch order for all of them: differences
 * between cells come from the swept fields alone. Pure and deterministic.
 */
import type { ChoiceField, GridField, RunConfig } from '../config';
import { GRID_FIELDS, KEY_OF_FIELD, fieldSpec, optionsOf } from '../config';
import { checkConfig, verdictHeadline } from '../keras';
import type { VerdictLevel } from '../keras';

/**
 * Fields a grid may sweep, outermost first: the order cells are listed and run in. Derived from
 * the field table (`grid` ranks in `CONFIG_FIELDS`).
 */
export const GRID_DIMENSIONS: readonly GridField[] = GRID_FIELDS;
export type GridDimension = GridField;

/**
 * `auto`: `from_logits=True` exactly when the output activation is linear, "where it applies" in
 * the classic table (a loss given raw logits must be told so).
 */
export type FromLogitsChoice = boolean | 'auto';

/** The values of one dimension as a grid lists them. */
export type AxisValue<D extends GridDimension> = D extends 'fromLogits'
  ? FromLogitsChoice
  : RunConfig[D];

/** Swept dimensions and their values; a dimension with one value is fixed for every cell. */
export type GridAxes = { [D in GridDimension]?: readonly AxisValue<D>[] };

export interface GridSpec {
  /** Everything not swept: model, sizes, seed, epochs… (swept fields' base values are unused). */
  base: RunConfig;
  axes: GridAxes;
}

/** Keras' verdict on one cell, reduced to what the table shows and stores. */
export interface CellVerdict {
  level: VerdictLevel;
  /** Keras' own error text, for an `error` cell. */
  kerasError?: string;
  /** The most important finding's title (or "ok"). */
  title: string;
  /** A short paragraph for the student. */
  explanation: string;
  /** The Keras history key of the metric (`accuracy`…), for column titles and exports. */
  historyKey: string;
}

export interface GridCell {
  /** Stable across reloads and links: the swept values, e.g. `labels=int;act=softmax`. */
  id: string;
  /** Position in run order, from 0. */
  index: number;
  /** The swept fields' values for this cell (after resolving `fromLogits: 'auto'`). */
  values: Partial<RunConfig>;
  config: RunConfig;
  verdict: CellVerdict;
  /** Keras would raise an error: the cell is listed with its message and not run. */
  skip: boolean;
}

/** A grid larger than this is refused (each cell is a full training run). */
export const MAX_GRID_CELLS = 144;

/** Dimensions whose values are listed from the field table (numbers: any within LIMITS). */
export type ListDimension = Extract<GridDimension, ChoiceField> | 'fromLogits';

export const LIST_DIMENSIONS = GRID_DIMENSIONS.filter((d) => {
  const { kind } = fieldSpec(d);
  return kind === 'choice' || kind === 'boolean';
}) as ListDimension[];

/** The values each listed dimension may take; `from_logits` adds `auto`. */
export const DIMENSION_OPTIONS = Object.fromEntries(
  LIST_DIMENSIONS.map((d) => [d, d === 'fromLogits' ? [false, true, 'auto'] : optionsOf(d)]),
) as unknown as { readonly [D in ListDimension]: readonly AxisValue<D>[] };

/** Short, readable names of the dimensions (the link keys, as the single-run link spells them). */
export const DIMENSION_KEYS = Object.fromEntries(
  GRID_DIMENSIONS.map((d) => [d, KEY_OF_FIELD[d]]),
) as Readonly<Record<GridDimension, string>>;

/** The dimensions the spec sweeps (two or more values), in canonical order. */
export function sweptDimensions(spec: GridSpec): GridDimension[] {
  return GRID_DIMENSIONS.filter((d) => (spec.axes[d]?.length ?? 0) > 1);
}

/** The dimensions the spec lists (one value or more), in canonical order. */
export function listedDimensions(spec: GridSpec): GridDimension[] {
  return GRID_DIMENSIONS.filter((d) => (spec.axes[d]?.length ?? 0) > 0);
}

/** Number of combinations before duplicates are removed (`from_logits=auto` may merge some). */
export function countCombinations(spec: GridSpec): number {
  return listedDimensions(spec).reduce((n, d) => n * (spec.axes[d]?.length ?? 1), 1);
}

function formatValue(value: unknown): string {
  return String(value);
}

/** A cell's id from its values: the listed dimensions' link keys and values, in order. */
export function cellId(values: Partial<RunConfig>, dims: readonly GridDimension[]): string {
  return dims.map((d) => `${DIMENSION_KEYS[d]}=${formatValue(values[d])}`).join(';');
}

/**
 * A one-line label for a cell: its listed values, names as they are and the rest with their link
 * key, e.g. `int · softmax · sparse_categorical_crossentropy · from_logits=false · lr=0.01`.
 */
export function cellLabel(cell: GridCell, dims: readonly GridDimension[]): string {
  return dims
    .map((d) => {
      const value = formatValue(cell.values[d]);
      return fieldSpec(d).kind === 'choice' ? value : `${DIMENSION_KEYS[d]}=${value}`;
    })
    .join(' · ');
}

function toVerdict(config: RunConfig): CellVerdict {
  const verdict = checkConfig(config);
  return {
    level: verdict.level,
    ...(verdict.kerasError ? { kerasError: verdict.kerasError } : {}),
    title: verdictHeadline(verdict),
    explanation: verdict.explanation,
    historyKey: verdict.historyKey,
  };
}

/** Every combination of the listed dimensions' values, outermost dimension first. */
function* combinations(
  spec: GridSpec,
  dims: readonly GridDimension[],
): Generator<Partial<Record<GridDimension, unknown>>> {
  const [head, ...rest] = dims;
  if (!head) {
    yield {};
    return;
  }
  for (const value of spec.axes[head] ?? []) {
    for (const tail of combinations(spec, rest)) yield { [head]: value, ...tail };
  }
}

/**
 * Lists the grid's cells in run order (outermost dimension first, as `GRID_DIMENSIONS` orders
 * them; within a dimension, in the order its values are given). `fromLogits: 'auto'` is resolved
 * per cell; combinations that resolve to the same configuration are listed once. Each cell gets
 * `checkConfig`'s verdict; `error` cells are marked `skip`. Throws a RangeError past
 * `MAX_GRID_CELLS` (the URL decoder and the page check `countCombinations` first).
 */
export function planGrid(spec: GridSpec): GridCell[] {
  const total = countCombinations(spec);
  if (total > MAX_GRID_CELLS) {
    throw new RangeError(`A grid of ${total} cells is more than ${MAX_GRID_CELLS}.`);
  }
  const dims = listedDimensions(spec);
  const cells: GridCell[] = [];
  const seen = new Set<string>();
  for (const combo of combinations(spec, dims)) {
    const values: Partial<RunConfig> = {};
    for (const d of dims) Object.assign(values, { [d]: combo[d] });
    const activation = values.activation ?? spec.base.activation;
    if (combo.fromLogits === 'auto') values.fromLogits = activation === 'linear';
    const id = cellId(values, dims);
    if (seen.has(id)) continue;
    seen.add(id);
    const config: RunConfig = { ...spec.base, ...values };
    const verdict = toVerdict(config);
    cells.push({
      id,
      index: cells.length,
      values,
      config,
      verdict,
      skip: verdict.level === 'error',
    });
  }
  return cells;
}
