/**
 * Named selectors: components read the store only through these, so a state shape change is a
 * compile error in one place. Selectors returning a new object are used with `useShallow`.
 */
import type { RunConfig } from '../core';
import type { AppState } from './appStore';
import { isGridBusy } from './gridSlice';
import { verdictOf } from './verdict';

export const selectSystem = (state: AppState) => state.system;
export const selectStartWorker = (state: AppState) => state.startWorker;

export const selectConfig = (state: AppState) => state.config;
export const selectHidden = (state: AppState) => state.hidden;
export const selectSetConfig = (state: AppState) => state.setConfig;
export const selectApplyPreset = (state: AppState) => state.applyPreset;
export const selectShowAllControls = (state: AppState) => state.showAllControls;

/** The verdict on the current configuration (derived, memoised by config identity). */
export const selectVerdict = (state: AppState) => verdictOf(state.config);

export const selectTraining = (state: AppState) => state.training;
export const selectTrainingStatus = (state: AppState) => state.training.status;
export const selectHistory = (state: AppState) => state.training.history;
export const selectBatchSeries = (state: AppState) => state.training.batches;
export const selectLog = (state: AppState) => state.training.log;
export const selectResult = (state: AppState) => state.training.result;
export const selectProgress = (state: AppState) => state.training.progress;
export const selectRunInfo = (state: AppState) => state.training.run;

/** The training commands, for `useShallow`. */
export const selectTrainingActions = (state: AppState) => ({
  train: state.train,
  pause: state.pause,
  resume: state.resume,
  stop: state.stop,
  resetTraining: state.resetTraining,
});

export const selectUi = (state: AppState) => state.ui;
export const selectUiActions = (state: AppState) => ({
  setPresentation: state.setPresentation,
  setTheme: state.setTheme,
  setShareAutorun: state.setShareAutorun,
  dismissNotices: state.dismissNotices,
  addNotice: state.addNotice,
  takeAutorun: state.takeAutorun,
});

/** The backend report to show: the run's when a run chose one, else the worker's start-up one. */
export const selectBackendReport = (state: AppState) =>
  state.training.backend ?? state.system.ready?.backend ?? null;

/** Whether the training controls may start a run now. */
export const selectCanTrain = (state: AppState) => {
  const { status } = state.training;
  const busy =
    status === 'starting' || status === 'running' || status === 'paused' || status === 'stopping';
  // One worker trains one run at a time: a running grid holds it.
  const gridBusy = isGridBusy(state.grid.status);
  return (
    state.system.status === 'ready' &&
    !busy &&
    !gridBusy &&
    verdictOf(state.config).level !== 'error'
  );
};

/** A field of the configuration (for one control). */
export const selectField =
  <K extends keyof RunConfig>(key: K) =>
  (state: AppState): RunConfig[K] =>
    state.config[key];

/** Loading own IDX files and going back to the built-in digits, for `useShallow`. */
export const selectDataActions = (state: AppState) => ({
  loadOwnData: state.loadOwnData,
  backToBuiltIn: state.backToBuiltIn,
});

/** Whether the data may change now: the worker is ready and neither a run nor a grid uses it. */
export const selectCanChangeData = (state: AppState) => {
  const { status } = state.training;
  const busy =
    status === 'starting' || status === 'running' || status === 'paused' || status === 'stopping';
  return (
    state.system.status === 'ready' &&
    state.system.data.status !== 'loading' &&
    !busy &&
    !isGridBusy(state.grid.status)
  );
};
