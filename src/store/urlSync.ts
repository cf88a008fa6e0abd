/**
 * Keeps the address bar and the store in step: the link is read once at start, and every later
 * configuration change is written back, debounced, with `history.replaceState` (no history entry
 * per click, so Back still leaves the page). The link written never carries `autorun`.
 */
import { encodeConfig, readView, type EncodeOptions } from '../core';
import type { AppState, AppStore } from './appStore';
import { viewLinkOf } from './viewLinks';

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

/** The address bar for the view shown, written by the view's codec (src/store/viewLinks.ts). */
const viewQueryOf = (state: AppState) => viewLinkOf(state.view).write(state, state.view);

const sameParts = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((part, i) => part === b[i]);

export function createUrlSync(store: AppStore, env: UrlSyncEnv): UrlSync {
  const { search } = env.location;
  const view = readView(search);
  store.getState().setView(view);
  viewLinkOf(view).read(store, search);
  let timer: unknown = null;
  const write = () => {
    timer = null;
    const { pathname, hash } = env.location;
    env.history.replaceState(null, '', `${pathname}?${viewQueryOf(store.getState())}${hash}`);
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
    const link = viewLinkOf(state.view);
    const same =
      state.view === previous.view && sameParts(link.follows(state), link.follows(previous));
    if (same) return;
    if (timer !== null) env.clearTimeout(timer);
    timer = env.setTimeout(write, URL_WRITE_DELAY_MS);
  });
  return {
    shareUrl(options) {
      const state = store.getState();
      const query = viewLinkOf(state.view).sharesOwnLink
        ? viewQueryOf(state)
        : linkOf(state, options);
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
