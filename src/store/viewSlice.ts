import type { StateCreator } from 'zustand/vanilla';
import type { View } from '../core';
import type { AppState } from './appStore';

/** Which page view is shown: the trainer, the experiment grid, or the history and compare view. */
export interface ViewSlice {
  view: View;
  setView: (view: View) => void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  view: 'trainer',
  setView: (view) => set({ view }),
});
