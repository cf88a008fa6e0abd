/**
 * Selectors for the experiment views (grid, history, compare). Derived tables are cached by the
 * store (`state.derived`) by the identity of what they are built from, so every component reading
 * them in a render shares one computation, and two stores never share a cache.
 */
import type { RunRecord, TableRow } from '../core';
import type { AppState } from './appStore';

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

/** The grid's table rows, in run order (cached per store). */
export const selectGridTable = (state: AppState): TableRow[] => state.derived.gridTable(state.grid);

/** The runs chosen for comparison, in the order chosen (cached per store). */
export const selectCompareRuns = (state: AppState): RunRecord[] =>
  state.derived.compareRuns(state.history);
