/**
 * Named selectors: components read the store only through these, so a state shape change is a
 * compile error in one place. Selectors returning a new object are used with `useShallow`.
 */
import type { RunConfig } from '../core';
import { taskProblem } from '../core';
import type { AppState } from './appStore';
import { loadedDataset } from './runBlockers';
import { selectRunBusy } from './runOwner';

export * from './runBlockers';
export { selectGridBusy, selectRunOwner, selectTrainerBusy } from './runOwner';

export const selectSystem = (state: AppState) => state.system;
/**
 * Whether no worker start is under way (ready, failed, or none begun): the trainer's charts,
 * results and code export wait for it, so a first visit's main thread stays free until
 * "Ready to train." is drawn.
 */
export const selectWorkerSettled = (state: AppState) => state.system.status !== 'starting';

export const selectConfig = (state: AppState) => state.config;
export const selectHidden = (state: AppState) => state.hidden;
export const selectSetConfig = (state: AppState) => state.setConfig;
export const selectApplyPreset = (state: AppState) => state.applyPreset;
export const selectShowAllControls = (state: AppState) => state.showAllControls;

/** The verdict on the current configuration (derived, cached per store by its fields). */
export const selectVerdict = (state: AppState) => state.derived.verdict(state.config);
/** The store's cached verdict function, for verdicts on variants of the configuration. */
export const selectVerdictOf = (state: AppState) => state.derived.verdict;

export const selectTraining = (state: AppState) => state.training;
export const selectTrainingStatus = (state: AppState) => state.training.status;
/** Whether the trainer has started a run since the last reset (its layout changes then). */
export const selectHasRun = (state: AppState) => state.training.status !== 'idle';
export const selectDoneReason = (state: AppState) => state.training.doneReason;
/** What the run trains on, for `useShallow` (unchanged by its progress events). */
export const selectRunBackend = (state: AppState) => ({
  run: state.training.run,
  fallback: state.training.fallback,
  backend: state.training.backend,
});
export const selectHistory = (state: AppState) => state.training.history;
export const selectBatchSeries = (state: AppState) => state.training.batches;
export const selectLog = (state: AppState) => state.training.log;
export const selectResult = (state: AppState) => state.training.result;
export const selectRunInfo = (state: AppState) => state.training.run;
/** The epochs the charts span: the run's while there is one, else the configuration's. */
export const selectChartEpochs = (state: AppState) =>
  state.training.run?.config.epochs ?? state.config.epochs;

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
  takeScroll: state.takeScroll,
});

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

/**
 * The configuration's data: what it names, its summary if the worker holds it, and whether it
 * names own files that are not loaded (the Data panel then says which).
 */
export const selectDataInUse = (state: AppState) => {
  const { dataset } = state.config;
  const summary = loadedDataset(state, dataset);
  const missing = dataset.id === 'own' && summary === null && state.system.status === 'ready';
  // A task this data has no classes for (the binary questions and multi-label canvases need digits).
  const problem = taskProblem(state.config);
  return { dataset, summary, missing, problem };
};

/** Whether the data may change now: the worker is ready and no run (of any owner) uses it. */
export const selectCanChangeData = (state: AppState) =>
  state.system.status === 'ready' &&
  state.system.data.status !== 'loading' &&
  !selectRunBusy(state);

export const selectLessons = (state: AppState) => state.lessons;
/** The lessons' commands, for `useShallow`. */
export const selectLessonActions = (state: AppState) => ({
  setLessonStep: state.setLessonStep,
  predictLesson: state.predictLesson,
  runLesson: state.runLesson,
  retryLesson: state.retryLesson,
  resetLessonProgress: state.resetLessonProgress,
});
