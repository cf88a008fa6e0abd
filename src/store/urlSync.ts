/**
 * Keeps the address bar and the store in step: the link is read once at start, and every later
 * configuration change is written back, debounced, with `history.replaceState` (no history entry
 * per click, so Back still leaves the page). The link written never carries `autorun`.
 */
import {
  decodeConfig,
  decodeGridLink,
  decodeLessonLink,
  encodeLessonLink,
  encodeConfig,
  encodeGridLink,
  readView,
  type EncodeOptions,
} from '../core';
import type { AppState, AppStore } from './appStore';

/** The parts of `window` the sync uses (tests pass a fake). */
export interface UrlSyncEnv {
  location: { search: string; pathname: string; hash: string; origin: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UrlSync {
  /** The page's link for the current configuration, or lesson step (for "Copy link"). */
  shareUrl(options?: EncodeOptions): string;
  /** Writes any pending change now. */
  flush(): void;
  dispose(): void;
}

export const URL_WRITE_DELAY_MS = 250;

const linkOf = (state: AppState, options: EncodeOptions = {}) =>
  encodeConfig(state.config, { hide: state.hidden, ...options });

/** The address bar for the view shown: the trainer's, the grid's or the lesson step's link. */
const viewLinkOf = (state: AppState) =>
  state.view === 'grid'
    ? encodeGridLink(state.grid.spec)
    : state.view === 'history' || state.view === 'class'
      ? `view=${state.view}`
      : state.view === 'lessons'
        ? encodeLessonLink(state.lessons.step, state.lessons.hide)
        : linkOf(state);

export function createUrlSync(store: AppStore, env: UrlSyncEnv): UrlSync {
  const { search } = env.location;
  const view = readView(search);
  store.getState().setView(view);
  if (view === 'grid') store.getState().loadGridLink(decodeGridLink(search));
  else if (view === 'lessons') store.getState().loadLessonLink(decodeLessonLink(search));
  else if (view === 'trainer') store.getState().loadLink(decodeConfig(search));
  let timer: unknown = null;
  const write = () => {
    timer = null;
    const { pathname, hash } = env.location;
    env.history.replaceState(null, '', `${pathname}?${viewLinkOf(store.getState())}${hash}`);
  };
  const unsubscribe = store.subscribe((state, previous) => {
    // `autorun=1` runs once: the moment it is taken (started, or refused with a notice) the
    // address bar loses it at once, so a reload shows the run kept in History (or the grid's
    // Resume) instead of starting it again.
    const autorunTaken =
      (previous.ui.autorunPending && !state.ui.autorunPending) ||
      (previous.grid.autorunPending && !state.grid.autorunPending);
    if (autorunTaken) {
      if (timer !== null) env.clearTimeout(timer);
      write();
      return;
    }
    const same =
      state.config === previous.config &&
      state.hidden === previous.hidden &&
      state.view === previous.view &&
      state.grid.spec === previous.grid.spec &&
      state.lessons.step === previous.lessons.step &&
      state.lessons.hide === previous.lessons.hide;
    if (same) return;
    if (timer !== null) env.clearTimeout(timer);
    timer = env.setTimeout(write, URL_WRITE_DELAY_MS);
  });
  return {
    shareUrl(options) {
      const state = store.getState();
      // On the lessons, "Copy link" is the step's link (what an instructor hands out).
      const query = state.view === 'lessons' ? viewLinkOf(state) : linkOf(state, options);
      return `${env.location.origin}${env.location.pathname}?${query}`;
    },
    flush() {
      if (timer === null) return;
      env.clearTimeout(timer);
      write();
    },
    dispose() {
      unsubscribe();
      if (timer !== null) env.clearTimeout(timer);
    },
  };
}
