import type { StateCreator } from 'zustand/vanilla';
import {
  DEFAULT_CONFIG,
  applyPreset,
  getPreset,
  type ControlId,
  type DecodedLink,
  type RunConfig,
} from '../core';
import type { AppState } from './appStore';

/** The one source of truth for the run configuration, and which controls a lesson link hides. */
export interface ConfigSlice {
  config: RunConfig;
  hidden: ControlId[];
  /** Changes some fields; the verdict and the link follow. */
  setConfig: (patch: Partial<RunConfig>) => void;
  applyPreset: (id: string) => void;
  /** Takes a decoded link: its configuration, hidden controls, notices and autorun request. */
  loadLink: (link: DecodedLink) => void;
  /** Shows every control again (a lesson link's hidden ones included). */
  showAllControls: () => void;
}

export const createConfigSlice: StateCreator<AppState, [], [], ConfigSlice> = (set, get) => ({
  config: { ...DEFAULT_CONFIG },
  hidden: [],
  setConfig: (patch) => set({ config: { ...get().config, ...patch } }),
  applyPreset: (id) => {
    const preset = getPreset(id);
    if (preset) set({ config: applyPreset(get().config, preset) });
  },
  loadLink: (link) => {
    // As with a grid link: a link the page only partly understood is shown, never run as what
    // is left of it (defaults in place of the values it ignored). The refusal is listed first:
    // however many notices follow, it is the one a student must see.
    const refused = link.autorun && link.ignored.length > 0;
    const notices = refused
      ? [
          {
            key: 'autorun',
            value: '1',
            reason:
              'training not started, because part of this link was ignored: check, then Train',
          },
          ...link.ignored,
        ]
      : link.ignored;
    set({
      config: link.config,
      hidden: link.hide,
      ui: { ...get().ui, notices, autorunPending: link.autorun && !refused, scrollTo: link.show },
    });
  },
  showAllControls: () => set({ hidden: [] }),
});
