/**
 * The app's one store, built by a factory so that every test gets a fresh one. Slices own their
 * part of the state; the worker client and the frame scheduler are injected so tests can replace
 * them.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createWorkerClient, type WorkerClient } from '../worker/client';
import { createConfigSlice, type ConfigSlice } from './configSlice';
import { nextFrame, type FrameScheduler } from './eventBatcher';
import { createSystemSlice, type SystemSlice } from './systemSlice';
import { createTrainingSlice, type TrainingSlice } from './trainingSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppState = SystemSlice & ConfigSlice & TrainingSlice & UiSlice;

export interface StoreDeps {
  createClient: () => WorkerClient;
  /** When a burst of worker events is applied (the next animation frame in the page). */
  scheduleFrame?: FrameScheduler;
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(
  deps: StoreDeps = { createClient: () => createWorkerClient(), scheduleFrame: nextFrame },
): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createSystemSlice(deps)(...args),
    ...createConfigSlice(...args),
    ...createTrainingSlice(deps)(...args),
    ...createUiSlice(...args),
  }));
}
