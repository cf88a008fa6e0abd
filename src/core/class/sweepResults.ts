/**
 * What the projector shows of a class grid: one table row per cell (the grid's own `TableRow`,
 * so the grid's heat maps and table render it), each with the mean of the students' final
 * numbers and the range of their validation metric; its progress; and its exports.
 */
import { DIMENSION_KEYS } from '../grid/spec';
import { commonMetricKey, toCsv } from '../grid/export';
import type { RowStatus, TableRow } from '../grid/table';
import type { ClassRun, RosterEntry, StudentRecord } from './documents';
import type { PlannedSweep } from './sweep';

const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
const finiteOf = (xs: readonly (number | null | undefined)[]): number[] =>
  xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));

/** Each student's newest run of each cell of the sweep (one run per student counts). */
function runsByCell(
  students: Record<string, StudentRecord>,
  seq: number,
): Map<number, { studentId: string; run: ClassRun }[]> {
  const byCell = new Map<number, { studentId: string; run: ClassRun }[]>();
  for (const [studentId, record] of Object.entries(students)) {
    const newest = new Map<number, ClassRun>();
    for (const run of Object.values(record.runs)) {
      if (run.sweep !== seq || run.cell === undefined) continue;
      const seen = newest.get(run.cell);
      if (!seen || run.at > seen.at) newest.set(run.cell, run);
    }
    for (const [cell, run] of newest) {
      const list = byCell.get(cell) ?? [];
      list.push({ studentId, run });
      byCell.set(cell, list);
    }
  }
  return byCell;
}

/** The cells students' pages are training now (from their work entries). */
function trainingNow(students: Record<string, StudentRecord>, seq: number): Set<number> {
  const cells = new Set<number>();
  for (const record of Object.values(students)) {
    const work = record.work[String(seq)];
    if (work?.state === 'training' && work.cell !== undefined) cells.add(work.cell);
  }
  return cells;
}

/** One row per planned cell, in run order, with the class's mean numbers and range. */
export function classGridRows(
  plan: PlannedSweep,
  students: Record<string, StudentRecord>,
): TableRow[] {
  const seq = plan.sweep.seq;
  const byCell = runsByCell(students, seq);
  const training = trainingNow(students, seq);
  return plan.cells.map((cell) => {
    const runs = (byCell.get(cell.index) ?? []).map((r) => r.run);
    const last = runs.map((r) => r.epochs[r.epochs.length - 1]);
    const values = finiteOf(last.map((e) => e?.valMetric));
    const finished = runs.filter((r) => r.status === 'done');
    const status: RowStatus = cell.skip
      ? 'skipped'
      : finished.length > 0
        ? 'done'
        : runs.some((r) => r.status === 'diverged')
          ? 'diverged'
          : training.has(cell.index)
            ? 'running'
            : runs.length > 0
              ? 'stopped'
              : 'pending';
    return {
      cellId: cell.id,
      index: cell.index,
      values: cell.values,
      config: cell.config,
      verdict: cell.verdict,
      status,
      loss: mean(finiteOf(last.map((e) => e?.loss))),
      trainMetric: mean(finiteOf(last.map((e) => e?.metric))),
      valMetric: mean(values),
      valLoss: mean(finiteOf(last.map((e) => e?.valLoss))),
      epochs: Math.max(0, ...runs.map((r) => r.epochs.length)),
      seconds: NaN,
      ...(runs.length > 0
        ? {
            spread: {
              min: values.length > 0 ? Math.min(...values) : NaN,
              max: values.length > 0 ? Math.max(...values) : NaN,
              runs: runs.length,
            },
          }
        : {}),
    };
  });
}

export interface ClassGridProgress {
  /** Cells Keras accepts, and how many of them have at least one run. */
  toRun: number;
  covered: number;
  /** Runs counted in the table (one per student and cell), and the students they came from. */
  runs: number;
  students: number;
  /** Students' pages training a cell now, and students who declined. */
  training: number;
  declined: number;
}

export function classGridProgress(
  plan: PlannedSweep,
  students: Record<string, StudentRecord>,
  rows: readonly TableRow[],
): ClassGridProgress {
  const seq = String(plan.sweep.seq);
  let contributors = 0;
  let training = 0;
  let declined = 0;
  for (const record of Object.values(students)) {
    if (Object.values(record.runs).some((r) => r.sweep === plan.sweep.seq)) contributors += 1;
    const work = record.work[seq];
    if (work?.state === 'training') training += 1;
    if (work?.state === 'declined') declined += 1;
  }
  const trainable = rows.filter((r) => r.status !== 'skipped');
  return {
    toRun: trainable.length,
    covered: trainable.filter((r) => r.spread !== undefined).length,
    runs: rows.reduce((sum, r) => sum + (r.spread?.runs ?? 0), 0),
    students: contributors,
    training,
    declined,
  };
}

/** The class grid as CSV: one line per cell, its values, verdict, runs, means and range. */
export function classGridCsv(plan: PlannedSweep, rows: readonly TableRow[]): string {
  const m = commonMetricKey(rows);
  const header = [
    'cell',
    ...plan.dims.map((d) => DIMENSION_KEYS[d]),
    'verdict',
    'keras_error',
    'status',
    'runs',
    'mean_loss',
    `mean_${m}`,
    'mean_val_loss',
    `mean_val_${m}`,
    `min_val_${m}`,
    `max_val_${m}`,
  ];
  return toCsv(
    header,
    rows.map((r) => [
      r.cellId,
      ...plan.dims.map((d) => r.values[d]),
      r.verdict.level,
      r.verdict.kerasError,
      r.status,
      r.spread?.runs ?? 0,
      r.loss,
      r.trainMetric,
      r.valLoss,
      r.valMetric,
      r.spread?.min,
      r.spread?.max,
    ]),
  );
}

/** NaN as null: JSON has no NaN. */
const json = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The class grid in the class's JSON export: the sweep, and per cell its runs and numbers. */
export function classGridJson(
  plan: PlannedSweep,
  rows: readonly TableRow[],
  students: Record<string, StudentRecord>,
  roster: Record<string, RosterEntry>,
) {
  const byCell = runsByCell(students, plan.sweep.seq);
  return {
    sweep: plan.sweep,
    cells: rows.map((r) => ({
      cell: r.cellId,
      index: r.index,
      values: r.values,
      verdict: r.verdict.level,
      ...(r.verdict.kerasError ? { kerasError: r.verdict.kerasError } : {}),
      status: r.status,
      mean: {
        loss: json(r.loss),
        metric: json(r.trainMetric),
        valLoss: json(r.valLoss),
        valMetric: json(r.valMetric),
      },
      valMetricRange: r.spread ? [json(r.spread.min), json(r.spread.max)] : null,
      runs: (byCell.get(r.index) ?? []).map(({ studentId, run }) => ({
        student: roster[studentId]?.name || 'anonymous',
        status: run.status,
        valMetric: run.epochs[run.epochs.length - 1]?.valMetric ?? null,
        testAccuracy: run.testAccuracy ?? null,
      })),
    })),
  };
}
