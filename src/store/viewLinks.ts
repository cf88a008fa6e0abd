/**
 * What each link codec of the view registry (src/core/views.ts) means for the store: how a link
 * is loaded into it, how the address bar is written from it, which parts of the state the link
 * follows, and what the view's `hide=` hides now. A view whose codec is `plain` (`view=<id>`
 * alone) needs nothing here.
 */
import { decodeConfig, encodeConfig, VIEW_REGISTRY, type View } from '../core';
import type { AppState, AppStore } from './appStore';
import { loadedCode } from './lazySlices';
import type { LazyArea } from './lazyState';

interface ViewLink {
  /** Loads the view's link into the store (once, at start). */
  read(store: AppStore, search: string): void;
  /** The address bar's query (without `?`) while `view` is shown. */
  write(state: AppState, view: View): string;
  /** The parts of the state the link is written from (the sync writes when one changes). */
  follows(state: AppState): readonly unknown[];
  /** What the link's `hide=` hides now (the registry's `hide` lists what it may name). */
  hidden(state: AppState): readonly string[];
  /** "Copy link" on this view gives the view's own link, not the trainer's configuration. */
  sharesOwnLink: boolean;
}

/** The codecs of the app's views (the loss lab is a page of its own, outside the store). */
type AppCodec = (typeof VIEW_REGISTRY)[View]['codec'];

/** One array, so that a selector reading it returns the same value each time. */
const NOTHING_HIDDEN: readonly string[] = [];

/**
 * The codec of a view whose slice loads on first use (./lazySlices.ts) lives in that slice's code.
 * A link read before it has loaded is read once it has (the view shows its loading line until
 * then); until then the slice holds its defaults, so the address bar carries the view alone.
 */
function lazyLink(area: LazyArea, view: View): Pick<ViewLink, 'read' | 'write'> {
  return {
    read(store, search) {
      const link = () => loadedCode(area)?.link?.read(store, search);
      if (loadedCode(area)) link();
      else
        void store
          .getState()
          .loadSliceCode(area)
          .then(link, () => undefined);
    },
    write: (state) => loadedCode(area)?.link?.write(state) ?? `view=${view}`,
  };
}

const VIEW_LINKS: Readonly<Record<AppCodec, ViewLink>> = {
  config: {
    read: (store, search) => store.getState().loadLink(decodeConfig(search)),
    write: (state) => encodeConfig(state.config, { hide: state.hidden }),
    follows: (state) => [state.config, state.hidden],
    hidden: (state) => state.hidden,
    sharesOwnLink: false,
  },
  grid: {
    ...lazyLink('grid', 'grid'),
    follows: (state) => [state.grid.spec],
    hidden: () => NOTHING_HIDDEN,
    sharesOwnLink: false,
  },
  lessons: {
    ...lazyLink('lessons', 'lessons'),
    follows: (state) => [state.lessons.step, state.lessons.hide],
    hidden: (state) => state.lessons.hide,
    // What an instructor hands out is the step's link.
    sharesOwnLink: true,
  },
  plain: {
    read: () => undefined,
    write: (_state, view) => `view=${view}`,
    follows: () => [],
    hidden: () => NOTHING_HIDDEN,
    sharesOwnLink: false,
  },
};

/** The link handling of a view, from its registry entry. */
export const viewLinkOf = (view: View): ViewLink => VIEW_LINKS[VIEW_REGISTRY[view].codec];

/** What the shown view's link hides (`hide=views` on a lesson link hides the tabs). */
export const selectViewHidden = (state: AppState) => viewLinkOf(state.view).hidden(state);
