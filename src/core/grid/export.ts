/**
 * Export formats: the grid table and run histories as CSV (RFC 4180) and the table as a Markdown
 * table for a course page (grids and runs as JSON are ./exportFile.ts). Pure string building; the
 * page turns the strings into downloads or the clipboard.
 */
import { encodeDatasetRef } from '../datasetCatalog';
import type { RunRecord } from './records';
import type { GridDimension } from './spec';
import { DIMENSION_KEYS } from './spec';
import type { TableRow } from './table';
import { BINARY_SORT_KEYS, binaryValue } from './table';

export type Cell = string | number | boolean | undefined;

/**
 * One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled); numbers in full
 * precision, NaN/±Infinity and `undefined` as an empty field. Text starting with `=`, `+`, `-`
 * or `@` gets a leading `'` so that a spreadsheet does not run a run's name as a formula.
 */
export function csvField(value: Cell): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows to CSV text with a header line; lines end with CRLF as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header.map(csvField), ...rows.map((row) => row.map(csvField))]
    .map((fields) => fields.join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** The metric's history key if every row shares it (`accuracy`), else `metric`. */
export function commonMetricKey(rows: readonly TableRow[]): string {
  const keys = new Set(rows.map((r) => r.verdict.historyKey));
  const [only] = keys;
  return keys.size === 1 && only ? only : 'metric';
}

/**
 * The names of the four end-of-run numbers, each starting with `final`: a grid that sweeps the
 * loss or the metric has a `loss` or `metric` column for the swept value already.
 */
function finalColumns(metricKey: string, space: ' ' | '_'): string[] {
  return ['loss', metricKey, 'val_loss', `val_${metricKey}`].map((n) => `final${space}${n}`);
}

/**
 * The grid table as CSV: one line per cell, listed dimensions first, then verdict and numbers.
 * Every column name is different (`final_loss` beside a swept `loss`).
 */
export function gridTableCsv(rows: readonly TableRow[], dims: readonly GridDimension[]): string {
  const m = commonMetricKey(rows);
  // A binary grid's final val_precision, val_recall and val_auc, where any run logged them.
  const binary = rows.some((r) => r.binary) ? BINARY_SORT_KEYS : [];
  const header = [
    'cell',
    ...dims.map((d) => DIMENSION_KEYS[d]),
    'verdict',
    'keras_error',
    'status',
    ...finalColumns(m, '_'),
    ...binary.map((k) => `final_${k}`),
    'epochs',
    'seconds',
    'data',
  ];
  const lines = rows.map((r) => [
    r.cellId,
    ...dims.map((d) => r.values[d]),
    r.verdict.level,
    r.verdict.kerasError,
    r.status,
    r.loss,
    r.trainMetric,
    r.valLoss,
    r.valMetric,
    ...binary.map((k) => binaryValue(r, k)),
    r.status === 'skipped' ? undefined : r.epochs,
    r.seconds,
    encodeDatasetRef(r.config.dataset),
  ]);
  return toCsv(header, lines);
}

/** Every epoch of every run as CSV (long format: one line per run and epoch). */
export function historiesCsv(runs: readonly RunRecord[]): string {
  const header = [
    'run_id',
    'name',
    'cell',
    'metric_key',
    'epoch',
    'loss',
    'metric',
    'val_loss',
    'val_metric',
    'epoch_ms',
    'data',
  ];
  const lines = runs.flatMap((run) =>
    run.history.map((h) => [
      run.id,
      run.name,
      run.grid?.cellId,
      run.metricKey,
      h.epoch,
      h.loss,
      h.metric,
      h.valLoss,
      h.valMetric,
      h.epochMs,
      encodeDatasetRef(run.config.dataset),
    ]),
  );
  return toCsv(header, lines);
}

function mdText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function mdNumber(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : Number.isNaN(value) ? '' : String(value);
}

/**
 * The grid table as GitHub-flavoured Markdown. An error cell shows Keras' message instead of
 * numbers; pipes are escaped and line breaks flattened so every cell stays one table cell.
 */
export function gridTableMarkdown(
  rows: readonly TableRow[],
  dims: readonly GridDimension[],
): string {
  const m = commonMetricKey(rows);
  const header = [
    ...dims.map((d) => DIMENSION_KEYS[d]),
    'verdict',
    ...finalColumns(m, ' ').filter((name) => name !== 'final val_loss'),
  ];
  const lines = rows.map((r) => {
    const tail =
      r.status === 'skipped'
        ? [`error: ${r.verdict.kerasError ?? r.verdict.title}`, '', '', '']
        : [r.verdict.level, mdNumber(r.loss), mdNumber(r.trainMetric), mdNumber(r.valMetric)];
    return [...dims.map((d) => String(r.values[d])), ...tail];
  });
  const row = (cells: readonly string[]) => `| ${cells.map(mdText).join(' | ')} |`;
  return (
    [row(header), `|${header.map(() => ' --- ').join('|')}|`, ...lines.map(row)].join('\n') + '\n'
  );
}
