import type { StateCreator } from 'zustand/vanilla';
import type { IgnoredParam, TrainerSection } from '../core';
import type { AppState } from './appStore';

/** `system` follows the operating system's light/dark preference. */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** How the page looks and what it tells the user, apart from the run itself. */
export interface UiSlice {
  ui: {
    /** Large type, high contrast, curves and verdict first: for projectors. */
    presentation: boolean;
    theme: ThemeChoice;
    /** What the link asked for that the page ignored (shown until dismissed). */
    notices: IgnoredParam[];
    /** The link said `autorun=1` and the run has not been started yet. */
    autorunPending: boolean;
    /** Whether "Copy link" adds `autorun=1` (a link that trains when opened). */
    shareAutorun: boolean;
    /** The part of the trainer the link named (`show=`), until it has been brought into view. */
    scrollTo: TrainerSection | null;
  };
  setPresentation: (on: boolean) => void;
  setTheme: (theme: ThemeChoice) => void;
  setShareAutorun: (on: boolean) => void;
  dismissNotices: () => void;
  /** Adds a notice about something the link asked for that the page did not do. */
  addNotice: (notice: IgnoredParam) => void;
  /** Returns true once if the link asked to start training, then false. */
  takeAutorun: () => boolean;
  /** Returns true once if the link named `part` to scroll to, then false. */
  takeScroll: (part: TrainerSection) => boolean;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  ui: {
    presentation: false,
    theme: 'system',
    notices: [],
    autorunPending: false,
    shareAutorun: false,
    scrollTo: null,
  },
  setPresentation: (presentation) => set({ ui: { ...get().ui, presentation } }),
  setTheme: (theme) => set({ ui: { ...get().ui, theme } }),
  setShareAutorun: (shareAutorun) => set({ ui: { ...get().ui, shareAutorun } }),
  dismissNotices: () => set({ ui: { ...get().ui, notices: [] } }),
  addNotice: (notice) => set({ ui: { ...get().ui, notices: [...get().ui.notices, notice] } }),
  takeAutorun: () => {
    if (!get().ui.autorunPending) return false;
    set({ ui: { ...get().ui, autorunPending: false } });
    return true;
  },
  takeScroll: (part) => {
    if (get().ui.scrollTo !== part) return false;
    set({ ui: { ...get().ui, scrollTo: null } });
    return true;
  },
});
