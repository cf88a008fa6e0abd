/**
 * Selectors for the experiment views (grid, history, compare). Derived tables are memoised by
 * the identity of what they are built from, so every component reading them in a render shares
 * one computation.
 */
import { buildTable, type RunRecord, type TableRow } from '../core';
import type { AppState } from './appStore';
import { isGridBusy } from './gridSlice';

export const selectView = (state: AppState) => state.view;
export const selectSetView = (state: AppState) => state.setView;
export const selectGrid = (state: AppState) => state.grid;
export const selectRunHistory = (state: AppState) => state.history;

export const selectGridActions = (state: AppState) => ({
  setGridSpec: state.setGridSpec,
  setAxis: state.setAxis,
  setGridBase: state.setGridBase,
  applyGridPreset: state.applyGridPreset,
  runGrid: state.runGrid,
  stopGrid: state.stopGrid,
  selectCell: state.selectCell,
  openGrid: state.openGrid,
  detachGrid: state.detachGrid,
  dismissGridNotices: state.dismissGridNotices,
  takeGridAutorun: state.takeGridAutorun,
});

export const selectHistoryActions = (state: AppState) => ({
  loadHistory: state.loadHistory,
  renameRun: state.renameRun,
  renameGrid: state.renameGrid,
  deleteRun: state.deleteRun,
  deleteGrid: state.deleteGrid,
  toggleCompare: state.toggleCompare,
  clearCompare: state.clearCompare,
  openRun: state.openRun,
  dismissStorageError: state.dismissStorageError,
  exportModel: state.exportModel,
  setConfig: state.setConfig,
  setView: state.setView,
  train: state.train,
});

let lastTableKey: [unknown, unknown, unknown] = [null, null, null];
let lastTable: TableRow[] = [];

/** The grid's table rows, in run order (memoised). */
export const selectGridTable = (state: AppState): TableRow[] => {
  const { cells, runs, currentCellId } = state.grid;
  const [c, r, id] = lastTableKey;
  if (c !== cells || r !== runs || id !== currentCellId) {
    lastTable = buildTable(cells, new Map(Object.entries(runs)), currentCellId ?? undefined);
    lastTableKey = [cells, runs, currentCellId];
  }
  return lastTable;
};

export const selectGridBusy = (state: AppState) => isGridBusy(state.grid.status);

/** Whether the grid can start now: the worker is ready, nothing trains, the grid plans. */
export const selectCanRunGrid = (state: AppState) => {
  const { status } = state.training;
  const trainerBusy =
    status === 'starting' || status === 'running' || status === 'paused' || status === 'stopping';
  return (
    state.system.status === 'ready' &&
    !trainerBusy &&
    !isGridBusy(state.grid.status) &&
    state.grid.planError === null
  );
};

let lastCompareKey: [unknown, unknown] = [null, null];
let lastCompare: RunRecord[] = [];

/** The runs chosen for comparison, in the order chosen (memoised). */
export const selectCompareRuns = (state: AppState): RunRecord[] => {
  const { runs, compare } = state.history;
  if (lastCompareKey[0] !== runs || lastCompareKey[1] !== compare) {
    const byId = new Map(runs.map((r) => [r.id, r]));
    lastCompare = compare.flatMap((id) => byId.get(id) ?? []);
    lastCompareKey = [runs, compare];
  }
  return lastCompare;
};
