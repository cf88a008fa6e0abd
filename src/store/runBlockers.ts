/**
 * Why each kind of run cannot start now, in a sentence, or null when it can: the run owner's
 * answer first (`runBlock`), then what the owner itself needs (a configuration Keras accepts,
 * loaded data, a prediction). The slices call these before starting and the UI shows them.
 */
import {
  describeDataset,
  sameDataset,
  taskProblem,
  type DatasetRef,
  type RunConfig,
} from '../core';
import type { DatasetSummary } from '../worker/client';
import type { AppState } from './appStore';
import { runBlock } from './runOwner';

/** What the worker holds of `dataset`: its summary, or null while it is not loaded. */
export function loadedDataset(state: AppState, dataset: DatasetRef): DatasetSummary | null {
  const { own, builtins } = state.system;
  if (dataset.id !== 'own') return builtins[dataset.id] ?? null;
  return own && sameDataset(own.ref, dataset) ? own : null;
}

/**
 * Why runs of `config` cannot start now for its data, or null: a task the dataset has no classes
 * for (`taskProblem`), or own files the worker does not hold (a built-in dataset the worker has
 * not loaded yet is fetched by the run itself).
 */
function dataBlocker(state: AppState, config: Pick<RunConfig, 'task' | 'dataset'>): string | null {
  const { dataset } = config;
  const problem = taskProblem(config);
  if (problem) return problem;
  if (dataset.id !== 'own' || loadedDataset(state, dataset)) return null;
  return `This configuration trains on ${describeDataset(dataset)}. Load those files in the Data panel first.`;
}

/** Why the trainer cannot start now, or null when it can. */
export const selectTrainBlocker = (state: AppState): string | null => {
  const block = runBlock(state, 'trainer');
  if (block) return block.message;
  if (state.derived.verdict(state.config).level === 'error') {
    return 'Keras would raise an error for this configuration.';
  }
  return dataBlocker(state, state.config);
};

/** Whether the training controls may start a run now. */
export const selectCanTrain = (state: AppState) => selectTrainBlocker(state) === null;

/** Why the grid cannot start now, or null when it can. */
export const selectGridBlocker = (state: AppState): string | null => {
  const block = runBlock(state, 'grid');
  if (block) return block.message;
  if (state.grid.planError) return state.grid.planError;
  return dataBlocker(state, state.grid.spec.base);
};
