/**
 * The class grid in the store. A student's page trains the cells the instructor's class grid
 * gives it, one at a time, as a run like any other: the cell holds the worker through the run
 * owner (`{ kind: 'class' }`), so it never starts while the student trains something else and
 * nothing else starts while it trains. The page files each cell's run with the class and says
 * what it is doing (ready, busy, training, declined) in its work entry, rewritten every
 * `WORK_HEARTBEAT_MS`. The instructor's page assigns the cells (`assignCells`) from those
 * entries and the runs, whenever they change and every few seconds, so a student who declines,
 * leaves or goes quiet loses the cells they had not run to the others.
 */
import type { StateCreator } from 'zustand/vanilla';
import {
  WORK_HEARTBEAT_MS,
  WORK_QUIET_MS,
  assignCells,
  cellLabel,
  cellsRun,
  encodeConfig,
  planSweep,
  sameAssignment,
  studentSeed,
  type ClassAssign,
  type ClassSweep,
  type ClassWork,
  type PlannedSweep,
  type RunConfig,
  type SweepWorker,
} from '../../core';
import type { AppState, AppStore, SliceDeps } from '../appStore';
import { ownsRun, runBlock } from '../runOwner';
import type { RunEnd } from '../runSession';
import { INITIAL_TRAINING, applyEvents, type TrainingState } from '../trainingReducer';
import { curveOf, runLabel } from './classRuns';
import { INITIAL_CLASS_GRID } from '../lazyState';

export interface ClassGridState {
  /** The sweep this page takes part in (its seq), or null. */
  seq: number | null;
  declined: boolean;
  /** The cell training here now (its index), or null. */
  cell: number | null;
  training: TrainingState;
  /** Cells of the sweep this page has trained (as the class record also says, after a reload). */
  attempted: number[];
  /** Why the last cell failed (the page then declines, so the cell goes to someone else). */
  error: string | null;
}

export interface ClassGridSlice {
  classGrid: ClassGridState;
  /** Student: stops the cell in progress and takes no more cells of this class grid. */
  declineClassGrid: () => void;
  /** Student: takes cells of the class grid again. */
  rejoinClassGrid: () => void;
  /**
   * Acts on the class's state: a student's page starts its next cell when free and says what it
   * is doing; the instructor's page reassigns the cells. Called on every relevant change and by
   * the class's timer (`keepClassGrid`).
   */
  tickClassGrid: () => void;
}

/** The class grid the class is on (not stopped, class not ended), planned once per sweep. */
function createPlanner() {
  let last: PlannedSweep | null = null;
  return (state: AppState): PlannedSweep | null => {
    const control = state.classroom.snapshot?.control;
    const sweep: ClassSweep | null | undefined = control?.sweep;
    if (!control || !sweep || sweep.stopped !== undefined || control.ended !== null) return null;
    if (last?.sweep.seq !== sweep.seq || last.sweep.link !== sweep.link) last = planSweep(sweep);
    return last;
  };
}

export const createClassGridSlice =
  (deps: SliceDeps): StateCreator<AppState, [], [], ClassGridSlice> =>
  (set, get) => {
    const now = deps.now ?? (() => Date.now());
    const newId = deps.newId ?? (() => crypto.randomUUID());
    const planOf = createPlanner();
    const patch = (next: Partial<ClassGridState>) =>
      set({ classGrid: { ...get().classGrid, ...next } });
    /** The work entry last written, to write only changes and heartbeats. */
    let written: { seq: number; work: ClassWork } | null = null;
    /** Instructor: when each student's work entry last changed, by this page's clock. */
    const seen = new Map<string, { at: number; observed: number }>();
    let assigned: { seq: number; cells: ClassAssign['cells'] } | null = null;

    const stopCell = () => {
      if (ownsRun(get(), 'class')) void deps.session.command('stop');
    };

    const finish = (plan: PlannedSweep, index: number, config: RunConfig, end: RunEnd) => {
      const owner = get().runOwner;
      const mine =
        owner?.kind === 'class' && owner.sweep === plan.sweep.seq && owner.cell === index;
      const grid = get().classGrid;
      const here = grid.seq === plan.sweep.seq;
      const cell = plan.cells[index];
      const completed = end.current && end.done !== null && end.done.reason !== 'stopped';
      if (completed && end.done && cell) {
        const { result, reason } = end.done;
        get().postRun(newId(), {
          at: now(),
          source: 'grid',
          config: encodeConfig(config),
          label: cellLabel(cell, plan.dims) || runLabel(config),
          metric: end.metricKey ?? cell.verdict.historyKey,
          status: reason === 'diverged' ? 'diverged' : 'done',
          ...(Number.isFinite(result.testAccuracy) ? { testAccuracy: result.testAccuracy } : {}),
          epochs: curveOf(result.history),
          sweep: plan.sweep.seq,
          cell: index,
        });
      }
      const failed = end.current && end.error !== null;
      set({
        ...(here
          ? {
              classGrid: {
                ...grid,
                cell: null,
                attempted: completed ? [...grid.attempted, index] : grid.attempted,
                ...(failed
                  ? {
                      declined: true,
                      error: `The class grid cell could not train here: ${end.error ?? ''}`,
                    }
                  : {}),
              },
            }
          : {}),
        ...(mine ? { runOwner: null } : {}),
      });
    };

    /** A student's page: the next cell given to it and not yet run here, started if it may. */
    const startNext = (plan: PlannedSweep) => {
      const state = get();
      const { classroom, classGrid } = state;
      const me = classroom.studentId;
      if (!me || classGrid.declined || runBlock(state, 'class') !== null) return;
      const ran = new Set([
        ...classGrid.attempted,
        ...cellsRun(classroom.snapshot?.students[me], plan.sweep.seq),
      ]);
      const index = classroom.snapshot?.control.assign?.cells[me]?.find((c) => !ran.has(c));
      const cell = index === undefined ? undefined : plan.cells[index];
      if (index === undefined || !cell || cell.skip) return;
      set({
        classGrid: {
          ...classGrid,
          cell: index,
          error: null,
          training: { ...INITIAL_TRAINING, status: 'starting' },
        },
        runOwner: { kind: 'class', sweep: plan.sweep.seq, cell: index },
      });
      const config = { ...cell.config, seed: studentSeed(cell.config.seed, me) };
      const handle = deps.session.run(config, (burst) => {
        const grid = get().classGrid;
        if (grid.cell === index && grid.seq === plan.sweep.seq) {
          patch({ training: applyEvents(grid.training, burst) });
        }
      });
      void handle.ended.then((end) => finish(plan, index, config, end));
    };

    /** A student's page: its work entry, written when it changes and as a heartbeat. */
    const report = (plan: PlannedSweep) => {
      const state = get();
      const owner = state.runOwner;
      const work: ClassWork = state.classGrid.declined
        ? { state: 'declined', at: now() }
        : owner?.kind === 'class'
          ? { state: 'training', cell: owner.cell, at: now() }
          : owner !== null || state.system.status !== 'ready'
            ? { state: 'busy', at: now() }
            : { state: 'ready', at: now() };
      const same =
        written?.seq === plan.sweep.seq &&
        written.work.state === work.state &&
        written.work.cell === work.cell &&
        work.at - written.work.at < WORK_HEARTBEAT_MS;
      if (same) return;
      written = { seq: plan.sweep.seq, work };
      state.postWork(plan.sweep.seq, work);
    };

    const studentTick = () => {
      const plan = planOf(get());
      const { classGrid } = get();
      if (!plan) {
        stopCell();
        if (classGrid.seq !== null) set({ classGrid: INITIAL_CLASS_GRID });
        return;
      }
      if (classGrid.seq !== plan.sweep.seq) {
        // A new class grid: the cell of the previous one (if any) stops, unrecorded.
        stopCell();
        set({ classGrid: { ...INITIAL_CLASS_GRID, seq: plan.sweep.seq } });
      }
      startNext(plan);
      report(plan);
    };

    const instructorTick = () => {
      const state = get();
      const plan = planOf(state);
      const snapshot = state.classroom.snapshot;
      if (!plan || !snapshot) return;
      const seq = plan.sweep.seq;
      const t = now();
      const roster = Object.entries(snapshot.roster).sort(
        ([a, x], [b, y]) => x.joinedAt - y.joinedAt || a.localeCompare(b),
      );
      const workers: SweepWorker[] = roster.map(([id]) => {
        const record = snapshot.students[id];
        const work = record?.work[String(seq)];
        const key = `${seq}/${id}`;
        const last = seen.get(key);
        if (work && last?.at !== work.at) seen.set(key, { at: work.at, observed: t });
        const quiet = t - (seen.get(key)?.observed ?? t) > WORK_QUIET_MS;
        const active = !quiet && (work?.state === 'ready' || work?.state === 'training');
        return {
          id,
          active,
          done: cellsRun(record, seq),
          training: active && work?.state === 'training' ? (work.cell ?? null) : null,
        };
      });
      const cells = assignCells(plan.trainable, workers);
      const current = snapshot.control.assign?.cells ?? null;
      if (current && sameAssignment(cells, current)) return;
      if (assigned?.seq === seq && sameAssignment(cells, assigned.cells)) return;
      assigned = { seq, cells };
      state.assignSweep({ sweep: seq, cells });
    };

    let ticking = false;
    let again = false;
    return {
      classGrid: INITIAL_CLASS_GRID,
      declineClassGrid() {
        if (get().classGrid.seq === null) return;
        patch({ declined: true });
        stopCell();
        get().tickClassGrid();
      },
      rejoinClassGrid() {
        patch({ declined: false, error: null });
        get().tickClassGrid();
      },
      tickClassGrid() {
        // A tick's own changes notify the store again: they are acted on once it is done.
        if (ticking) {
          again = true;
          return;
        }
        ticking = true;
        try {
          do {
            again = false;
            const { role } = get().classroom;
            if (role === 'student') studentTick();
            else if (role === 'instructor') instructorTick();
            else if (get().classGrid.seq !== null) {
              stopCell();
              set({ classGrid: INITIAL_CLASS_GRID });
            }
          } while (again);
        } finally {
          ticking = false;
        }
      },
    };
  };

/** A repeating timer: returns the function that stops it. */
export type Every = (run: () => void, ms: number) => () => void;

const everyInterval: Every = (run, ms) => {
  const id = setInterval(run, ms);
  return () => clearInterval(id);
};

/** How often the class grid is looked at without a change (quiet students, heartbeats). */
export const CLASS_GRID_TICK_MS = 5_000;

/**
 * Ticks the class grid on every change it depends on, and on a timer while this page is in a
 * class. Returns the unsubscribe function.
 */
export function keepClassGrid(store: AppStore, every: Every = everyInterval): () => void {
  let stopTimer: (() => void) | null = null;
  const unsubscribe = store.subscribe((state, previous) => {
    const inClass = state.classroom.role !== null;
    if (inClass && !stopTimer)
      stopTimer = every(() => store.getState().tickClassGrid(), CLASS_GRID_TICK_MS);
    if (!inClass && stopTimer) {
      stopTimer();
      stopTimer = null;
    }
    if (
      state.classroom !== previous.classroom ||
      state.runOwner !== previous.runOwner ||
      state.system.status !== previous.system.status ||
      state.classGrid.declined !== previous.classGrid.declined
    ) {
      state.tickClassGrid();
    }
  });
  return () => {
    stopTimer?.();
    unsubscribe();
  };
}
