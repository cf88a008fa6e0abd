/**
 * What each link codec of the view registry (src/core/views.ts) means for the store: how a link
 * is loaded into it, how the address bar is written from it, which parts of the state the link
 * follows, and what the view's `hide=` hides now. A view whose codec is `plain` (`view=<id>`
 * alone) needs nothing here.
 */
import {
  decodeConfig,
  decodeGridLink,
  decodeLessonLink,
  encodeConfig,
  encodeGridLink,
  encodeLessonLink,
  VIEW_REGISTRY,
  type View,
} from '../core';
import type { AppState, AppStore } from './appStore';

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

const VIEW_LINKS: Readonly<Record<AppCodec, ViewLink>> = {
  config: {
    read: (store, search) => store.getState().loadLink(decodeConfig(search)),
    write: (state) => encodeConfig(state.config, { hide: state.hidden }),
    follows: (state) => [state.config, state.hidden],
    hidden: (state) => state.hidden,
    sharesOwnLink: false,
  },
  grid: {
    read: (store, search) => store.getState().loadGridLink(decodeGridLink(search)),
    write: (state) => encodeGridLink(state.grid.spec),
    follows: (state) => [state.grid.spec],
    hidden: () => NOTHING_HIDDEN,
    sharesOwnLink: false,
  },
  lessons: {
    read: (store, search) => store.getState().loadLessonLink(decodeLessonLink(search)),
    write: (state) => encodeLessonLink(state.lessons.step, state.lessons.hide),
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
