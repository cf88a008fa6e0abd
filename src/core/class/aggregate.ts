/**
 * What the projector shows, computed from the validated class snapshot: the poll of a round
 * (counts per choice, never names), how many predicted right and what the runs showed once
 * revealed, the board of every run, and the class's export.
 */
import { toCsv } from '../grid/export';
import type { ClassRun, RosterEntry, StudentRecord } from './documents';

export interface RoundPoll {
  /** Predictions per choice id. */
  counts: Record<string, number>;
  predicted: number;
  /** Predictions that named the answer. */
  right: number;
  /** What the round's runs showed, per choice id. */
  observed: Record<string, number>;
  runs: number;
  /** Test accuracy over the round's runs: lowest, median, highest (null without runs). */
  accuracy: { min: number; median: number; max: number } | null;
}

export function pollOf(
  students: Record<string, StudentRecord>,
  round: number,
  answer: string,
): RoundPoll {
  const counts: Record<string, number> = {};
  const observed: Record<string, number> = {};
  let predicted = 0;
  let right = 0;
  const accuracies: number[] = [];
  let runs = 0;
  for (const student of Object.values(students)) {
    const p = student.predictions[String(round)];
    if (p) {
      counts[p.choice] = (counts[p.choice] ?? 0) + 1;
      predicted += 1;
      if (p.choice === answer) right += 1;
    }
    // One run per student and round counts (the newest), however often they ran it.
    const mine = Object.values(student.runs)
      .filter((r) => r.round === round && r.observed !== undefined)
      .sort((a, b) => b.at - a.at)[0];
    if (mine?.observed !== undefined) {
      runs += 1;
      observed[mine.observed] = (observed[mine.observed] ?? 0) + 1;
      if (typeof mine.testAccuracy === 'number') accuracies.push(mine.testAccuracy);
    }
  }
  accuracies.sort((a, b) => a - b);
  const accuracy =
    accuracies.length === 0
      ? null
      : {
          min: accuracies[0] ?? 0,
          median: accuracies[Math.floor((accuracies.length - 1) / 2)] ?? 0,
          max: accuracies[accuracies.length - 1] ?? 0,
        };
  return { counts, predicted, right, observed, runs, accuracy };
}

export interface BoardRow {
  id: string;
  studentId: string;
  name: string;
  run: ClassRun;
  /** The last epoch's validation metric, or null. */
  valMetric: number | null;
}

/** Every run of the class, newest first. */
export function boardRows(
  students: Record<string, StudentRecord>,
  roster: Record<string, RosterEntry>,
): BoardRow[] {
  const rows: BoardRow[] = [];
  for (const [studentId, student] of Object.entries(students)) {
    const name = roster[studentId]?.name || 'anonymous';
    for (const [id, run] of Object.entries(student.runs)) {
      rows.push({
        id,
        studentId,
        name,
        run,
        valMetric: run.epochs[run.epochs.length - 1]?.valMetric ?? null,
      });
    }
  }
  return rows.sort((a, b) => b.run.at - a.run.at);
}

/** The board as CSV (RFC 4180, formula-safe): one row per run. */
export function classCsv(rows: readonly BoardRow[]): string {
  return toCsv(
    [
      'student',
      'source',
      'configuration',
      'label',
      'metric',
      'status',
      'epochs',
      'val_metric',
      'test_accuracy',
      'lesson',
      'observed',
      'class_grid',
      'grid_cell',
      'at',
    ],
    rows.map((r) => [
      r.name,
      r.run.source,
      r.run.config,
      r.run.label,
      r.run.metric,
      r.run.status,
      r.run.epochs.length,
      r.valMetric ?? undefined,
      r.run.testAccuracy ?? undefined,
      r.run.lesson ?? '',
      r.run.observed ?? '',
      r.run.sweep,
      r.run.cell,
      new Date(r.run.at).toISOString(),
    ]),
  );
}
