/**
 * The class grid: a sweep the instructor sends (a grid link), spread over the students' browsers.
 * Every browser plans the same cells from the same link (`planGrid` is deterministic), so a cell
 * travels as its index. `assignCells` decides who trains what from what the students' records
 * say; it keeps no state, so the instructor's page can recompute it on every change and after a
 * reload, and two of the instructor's tabs agree.
 */
import { decodeGridLink } from '../grid/url';
import { listedDimensions, planGrid, type GridCell, type GridDimension } from '../grid/spec';
import type { GridSpec } from '../grid/spec';
import type { ClassAssign, ClassSweep, StudentRecord } from './documents';

/** How often a student's page rewrites its work entry while a sweep lasts (ms). */
export const WORK_HEARTBEAT_MS = 10_000;
/** A student whose work entry has not changed for this long has gone quiet (ms). */
export const WORK_QUIET_MS = 40_000;

export interface PlannedSweep {
  sweep: ClassSweep;
  spec: GridSpec;
  cells: GridCell[];
  dims: GridDimension[];
  /** The indexes of the cells to train (Keras accepts them), in run order. */
  trainable: number[];
}

/** The sweep's cells, as every browser of the class plans them from its link. */
export function planSweep(sweep: ClassSweep): PlannedSweep {
  const { spec } = decodeGridLink(sweep.link);
  const cells = planGrid(spec);
  return {
    sweep,
    spec,
    cells,
    dims: listedDimensions(spec),
    trainable: cells.filter((c) => !c.skip).map((c) => c.index),
  };
}

/**
 * The seed a student's page trains the class grid's cells with: the grid's seed plus a number
 * drawn from the student's id (FNV-1a). Each student's cells share one seed, so a student's own
 * cells differ only in the swept fields, as on the Grid tab; two students' runs of a cell start
 * from different weights and batch orders, so the cell's range over the class shows how much
 * its result depends on them (with one seed for everyone, it would show only the browsers'
 * arithmetic).
 */
export function studentSeed(seed: number, studentId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < studentId.length; i += 1) {
    hash = Math.imul(hash ^ studentId.charCodeAt(i), 0x01000193) >>> 0;
  }
  return (seed + (hash % 100_000)) % 2 ** 32;
}

/** One student as the assignment sees them. */
export interface SweepWorker {
  id: string;
  /** Taking cells now: ready or training for this sweep, and not quiet. */
  active: boolean;
  /** Cells this student has a run of in this sweep. */
  done: readonly number[];
  /** The cell this student is training now, if any (counts only while active). */
  training: number | null;
}

/**
 * Who trains which cell. Every active student keeps the cells they have run and the one they
 * are training. A cell nobody has run, trains or holds goes to the active student holding the
 * fewest; then every active student is topped up to an equal share (the cells divided by the
 * active students, rounded up) with the cells fewest students hold, so the class's runs give
 * each cell a mean and a range. A student who is not active keeps nothing new: what they held
 * and had not run goes to the others. Ties go to the earlier student and the earlier cell.
 * Returns studentId → cells, in the order the student trains them.
 */
export function assignCells(
  cells: readonly number[],
  workers: readonly SweepWorker[],
): ClassAssign['cells'] {
  const inSweep = new Set(cells);
  const active = workers.filter((w) => w.active);
  const held = new Map<string, number[]>();
  const count = new Map<number, number>(cells.map((c) => [c, 0]));
  const hold = (id: string, cell: number) => {
    held.get(id)?.push(cell);
    count.set(cell, (count.get(cell) ?? 0) + 1);
  };
  for (const w of workers) {
    if (!w.active) {
      // Their runs still count: a cell they ran is covered.
      for (const c of new Set(w.done)) if (inSweep.has(c)) count.set(c, (count.get(c) ?? 0) + 1);
      continue;
    }
    held.set(w.id, []);
    const mine = new Set(w.done);
    if (w.training !== null) mine.add(w.training);
    for (const c of cells) if (mine.has(c)) hold(w.id, c);
  }
  if (active.length === 0) return {};
  const lightest = (): string => {
    let best = active[0]?.id ?? '';
    for (const w of active) {
      if ((held.get(w.id)?.length ?? 0) < (held.get(best)?.length ?? 0)) best = w.id;
    }
    return best;
  };
  for (const c of cells) if (count.get(c) === 0) hold(lightest(), c);
  const share = Math.ceil(cells.length / active.length);
  for (const w of active) {
    const mine = held.get(w.id) ?? [];
    while (mine.length < Math.min(share, cells.length)) {
      let pick: number | null = null;
      for (const c of cells) {
        if (mine.includes(c)) continue;
        if (pick === null || (count.get(c) ?? 0) < (count.get(pick) ?? 0)) pick = c;
      }
      if (pick === null) break;
      hold(w.id, pick);
    }
  }
  return Object.fromEntries(held);
}

/** The cells a student has a run of in a sweep (any outcome: it was attempted). */
export function cellsRun(record: StudentRecord | undefined, seq: number): number[] {
  if (!record) return [];
  const cells = new Set<number>();
  for (const run of Object.values(record.runs)) {
    if (run.sweep === seq && run.cell !== undefined) cells.add(run.cell);
  }
  return [...cells];
}

/** Whether two assignments give every student the same cells in the same order. */
export function sameAssignment(a: ClassAssign['cells'], b: ClassAssign['cells']): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const x = a[k] ?? [];
    const y = b[k];
    return y !== undefined && x.length === y.length && x.every((c, i) => c === y[i]);
  });
}
