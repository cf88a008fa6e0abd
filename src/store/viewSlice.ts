import type { StateCreator } from 'zustand/vanilla';
import type { View } from '../core';
import type { AppState } from './appStore';

/** Which page view is shown: the trainer, the experiment grid, or the history and compare view. */
export interface ViewSlice {
  view: View;
  setView: (view: View) => void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => ({
  view: 'trainer',
  setView: (view) => {
    // Opening the grid from the trainer carries what the student set there (sizes, epochs…).
    if (view === 'grid' && get().view === 'trainer') get().adoptTrainerSettings();
    set({ view });
  },
});
