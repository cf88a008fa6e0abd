import type { AppState } from './appStore';

export const selectSystem = (state: AppState) => state.system;
export const selectStartWorker = (state: AppState) => state.startWorker;
