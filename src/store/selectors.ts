/**
 * Named selectors: components read the store only through these, so a state shape change is a
 * compile error in one place. Selectors returning a new object are used with `useShallow`.
 */
import { describeDataset, sameDataset, type DatasetRef, type RunConfig } from '../core';
import type { DatasetSummary } from '../worker/client';
import type { AppState } from './appStore';
import { isGridBusy } from './gridSlice';
import { isLessonBusy } from './lessonsSlice';
import { isTrainerBusy } from './trainingReducer';

export const selectSystem = (state: AppState) => state.system;
export const selectStartWorker = (state: AppState) => state.startWorker;

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
export const selectHistory = (state: AppState) => state.training.history;
export const selectBatchSeries = (state: AppState) => state.training.batches;
export const selectLog = (state: AppState) => state.training.log;
export const selectResult = (state: AppState) => state.training.result;
export const selectProgress = (state: AppState) => state.training.progress;
export const selectRunInfo = (state: AppState) => state.training.run;
/** The epochs the charts span: the run's while there is one, else the configuration's. */
export const selectChartEpochs = (state: AppState) =>
  state.training.run?.config.epochs ?? state.config.epochs;
/** Whether the trainer's run holds the worker (started, not yet finished or reset). */
export const selectTrainerBusy = (state: AppState) => isTrainerBusy(state.training.status);

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

/** What the worker holds of `dataset`: its summary, or null while it is not loaded. */
export function loadedDataset(state: AppState, dataset: DatasetRef): DatasetSummary | null {
  const { own, builtins } = state.system;
  if (dataset.id !== 'own') return builtins[dataset.id] ?? null;
  return own && sameDataset(own.ref, dataset) ? own : null;
}

/**
 * Why runs on `dataset` cannot start now, or null: own files the worker does not hold (a built-in
 * dataset the worker has not loaded yet is fetched by the run itself).
 */
function dataBlocker(state: AppState, dataset: DatasetRef): string | null {
  if (dataset.id !== 'own' || loadedDataset(state, dataset)) return null;
  return `This configuration trains on ${describeDataset(dataset)}. Load those files in the Data panel first.`;
}

/** Why the trainer cannot start now, in a sentence, or null when it can. */
export const selectTrainBlocker = (state: AppState): string | null => {
  if (state.system.status !== 'ready') return 'The training worker is not ready.';
  if (isTrainerBusy(state.training.status)) return 'A run is in progress.';
  // One worker trains one run at a time: a running grid holds it.
  if (isGridBusy(state.grid.status)) return 'The grid is running.';
  if (isLessonBusy(state.lessons.run)) return 'A lesson is running.';
  if (state.derived.verdict(state.config).level === 'error') {
    return 'Keras would raise an error for this configuration.';
  }
  return dataBlocker(state, state.config.dataset);
};

/** Whether the training controls may start a run now. */
export const selectCanTrain = (state: AppState) => selectTrainBlocker(state) === null;

/** Why the grid cannot start now, in a sentence, or null when it can. */
export const selectGridBlocker = (state: AppState): string | null => {
  if (state.system.status !== 'ready') return 'The training worker is not ready.';
  if (isGridBusy(state.grid.status)) return 'The grid is running.';
  if (isTrainerBusy(state.training.status)) return 'A trainer run is in progress.';
  if (isLessonBusy(state.lessons.run)) return 'A lesson is running.';
  if (state.grid.planError) return state.grid.planError;
  return dataBlocker(state, state.grid.spec.base.dataset);
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

/**
 * The configuration's data: what it names, its summary if the worker holds it, and whether it
 * names own files that are not loaded (the Data panel then says which).
 */
export const selectDataInUse = (state: AppState) => {
  const { dataset } = state.config;
  const summary = loadedDataset(state, dataset);
  const missing = dataset.id === 'own' && summary === null && state.system.status === 'ready';
  return { dataset, summary, missing };
};

/** Whether the data may change now: the worker is ready and neither a run nor a grid uses it. */
export const selectCanChangeData = (state: AppState) =>
  state.system.status === 'ready' &&
  state.system.data.status !== 'loading' &&
  !isTrainerBusy(state.training.status) &&
  !isGridBusy(state.grid.status);

export const selectLessons = (state: AppState) => state.lessons;
/** What a lessons link hides (`hide=steps,views`). */
export const selectLessonsHide = (state: AppState) => state.lessons.hide;
/** The lessons' commands, for `useShallow`. */
export const selectLessonActions = (state: AppState) => ({
  setLessonStep: state.setLessonStep,
  predictLesson: state.predictLesson,
  runLesson: state.runLesson,
  retryLesson: state.retryLesson,
  resetLessonProgress: state.resetLessonProgress,
});
