/**
 * The worker trains one run at a time, and `runOwner` says whose it is: the trainer's, the grid's
 * (for all its cells, including the moments between two cells), a lesson step's or a class grid
 * cell's (a cell the instructor's class grid gave this student). An owner sets
 * it in the same update that makes its run start and clears it in the update that makes it end,
 * so "is anything running, and whose is it?" has one answer, and every blocker, lock and the
 * background measurement read it. A new kind of run is one more member of `RunOwner` and one line
 * in each table below; the compiler points at both.
 *
 * This module imports no slice, so slices and selectors can all read it without import cycles.
 */
import type { AppState } from './appStore';

export type RunOwner =
  | { kind: 'trainer' }
  | { kind: 'grid' }
  | { kind: 'lesson'; lessonId: string }
  | { kind: 'class'; sweep: number; cell: number };

export type RunOwnerKind = RunOwner['kind'];

/** Why a run cannot start because of the worker or the run in progress: who blocks, and the words. */
export interface RunBlock {
  by: 'worker' | RunOwnerKind;
  message: string;
}

/** What an owner's own controls say while its run is in progress. */
const OWN_RUN: Record<RunOwnerKind, string> = {
  trainer: 'A run is in progress.',
  grid: 'The grid is running.',
  lesson: 'The lesson’s run is in progress.',
  class: 'A class grid cell is training.',
};

/** What another owner's controls say while this owner's run is in progress. */
const HELD_BY: Record<RunOwnerKind, string> = {
  trainer: 'The trainer is running; stop it or wait for it to finish.',
  grid: 'The grid is running; stop it or wait for it to finish (Grid tab).',
  lesson: 'A lesson is running; wait for it to finish.',
  class: 'A class grid cell is training (decline it in the class line).',
};

const KINDS = Object.keys(OWN_RUN) as RunOwnerKind[];
const WORKER: RunBlock = { by: 'worker', message: 'The training worker is not ready.' };
/** One constant per (asker, owner), so selectors return stable values. */
const BLOCKS = Object.fromEntries(
  KINDS.map((asker) => [
    asker,
    Object.fromEntries(
      KINDS.map((by) => [by, { by, message: by === asker ? OWN_RUN[by] : HELD_BY[by] }]),
    ),
  ]),
) as Record<RunOwnerKind, Record<RunOwnerKind, RunBlock>>;

export const TRAINER_OWNER: RunOwner = { kind: 'trainer' };
export const GRID_OWNER: RunOwner = { kind: 'grid' };

export const selectRunOwner = (state: AppState) => state.runOwner;
/** Whether any run holds the worker. */
export const selectRunBusy = (state: AppState) => state.runOwner !== null;
/** Whether the run in progress is `kind`'s. */
export const ownsRun = (state: Pick<AppState, 'runOwner'>, kind: RunOwnerKind) =>
  state.runOwner?.kind === kind;
export const selectTrainerBusy = (state: AppState) => ownsRun(state, 'trainer');
export const selectGridBusy = (state: AppState) => ownsRun(state, 'grid');

/**
 * Why `asker` cannot start a run now for want of the worker or because a run holds it, or null.
 * Each owner's own blocker adds its own conditions after this one (a verdict, its data).
 */
export function runBlock(state: AppState, asker: RunOwnerKind): RunBlock | null {
  if (state.system.status !== 'ready') return WORKER;
  return state.runOwner ? BLOCKS[asker][state.runOwner.kind] : null;
}

/** The state patch that releases the worker if `kind` holds it (spread into the owner's `set`). */
export function releaseRun(
  state: Pick<AppState, 'runOwner'>,
  kind: RunOwnerKind,
): { runOwner?: null } {
  return ownsRun(state, kind) ? { runOwner: null } : {};
}
