/**
 * The slices whose code the first screen (the trainer) does not use: the lessons, the grid and the
 * class session. Their state is in the store from the start, with small defaults (./lazyState.ts),
 * so every selector reads a whole state; their actions are stubs that load the slice's code with
 * `import()` on first use, install the real actions in the store and then run. The rest of the
 * store and the page call them as they call any action.
 *
 * Why stubs and not lazily loaded data: the lessons' steps, the grid's planner and the class
 * protocol are read by many actions (and by the code around them), so moving the data alone would
 * make each of those actions asynchronous one by one; a stub per action keeps every slice's code as
 * it is, in one module that loads at once. The view parts load their slice's code with their own
 * (src/ui/viewParts.ts), so an action clicked in a view that is shown runs at once.
 *
 * A module, once loaded, is kept for the page (it is code, the same for every store): a store made
 * later installs it at once. Tests load every slice's code first (`loadAllSliceCode`), so their
 * stores run every action synchronously, as they did when the store imported the slices.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AppState, AppStore, SliceDeps } from './appStore';
import type { ClassGridSlice } from './class/classGridSlice';
import type { ClassSlice } from './class/classSlice';
import { browserIdentityStorage, wasInClass } from './class/identityStorage';
import type { GridSlice } from './gridSlice';
import { LAZY_ACTIONS, lazyDefaults, type LazyArea } from './lazyState';
import type { LessonsSlice } from './lessonsSlice';

/** What the lazy slices put in the store from the start: their state and (stub) actions. */
type LazyPart = Pick<AppState, keyof (LessonsSlice & GridSlice & ClassSlice & ClassGridSlice)> &
  LazySlices;

/** What a slice's module gives: its actions and state for a store, and what keeps it up to date. */
export interface SliceCode {
  /** The slice's state and actions for this store (the state replaces the defaults if unchanged). */
  create: (deps: SliceDeps, api: StoreApi<AppState>) => Partial<AppState>;
  /** The codec of the view's link (src/store/viewLinks.ts), where the view has one. */
  link?: {
    read(store: AppStore, search: string): void;
    write(state: AppState): string;
  };
  /** What the slice does once its actions are in the store (catching up with the page). */
  afterInstall?: (store: AppStore) => void;
}

const LOADERS: Readonly<Record<LazyArea, () => Promise<SliceCode>>> = {
  lessons: () => import('./lessonsSlice').then((m) => m.LESSONS_CODE),
  grid: () => import('./gridSlice').then((m) => m.GRID_CODE),
  class: () => import('./class/classCode').then((m) => m.CLASS_CODE),
};

const loaded = new Map<LazyArea, SliceCode>();
const loading = new Map<LazyArea, Promise<SliceCode>>();

/** Loads an area's code once for the page (a failed load may be tried again). */
function loadCode(area: LazyArea): Promise<SliceCode> {
  const known = loading.get(area);
  if (known) return known;
  const next = LOADERS[area]().then(
    (code) => {
      loaded.set(area, code);
      return code;
    },
    (error: unknown) => {
      loading.delete(area);
      throw error;
    },
  );
  loading.set(area, next);
  return next;
}

/** An area's code if it has loaded (then every store made since holds its real actions). */
export const loadedCode = (area: LazyArea): SliceCode | undefined => loaded.get(area);

/**
 * Starts loading an area's code ahead of need (a pointer over a tab); a failure here says nothing,
 * the load that needs the code tries again and says why it failed.
 */
export const preloadSliceCode = (area: LazyArea): void => {
  loadCode(area).catch(() => undefined);
};

/** Loads the code of every lazy slice (tests; nothing in the page needs them all). */
export const loadAllSliceCode = () =>
  Promise.all((Object.keys(LOADERS) as LazyArea[]).map(loadCode));

const AREA_NOUNS: Readonly<Record<LazyArea, string>> = {
  lessons: 'lessons',
  grid: 'experiment grid',
  class: 'class session',
};

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The message a page shows when a slice's code could not load. */
export function sliceLoadProblem(area: LazyArea, error: unknown): string {
  return `Could not load the code of the ${AREA_NOUNS[area]} (${errorText(error)}). Check the connection and reload the page; nothing else is lost.`;
}

export interface LazySlices {
  /** Loads an area's code and installs it in this store; resolves once its actions are real. */
  loadSliceCode: (area: LazyArea) => Promise<void>;
  /** The slices whose real actions and state this store holds. */
  slicesInstalled: readonly LazyArea[];
  /** Which slice's code could not load and why (shown on the page), or null. */
  sliceProblem: { area: LazyArea; message: string; why: string } | null;
}

/**
 * The lazy slices' defaults and stubs for one store, and its `loadSliceCode`. An area whose code
 * is already loaded is installed at once.
 */
export function createLazySlices(
  deps: SliceDeps,
  api: StoreApi<AppState>,
): { state: LazyPart; installLoaded: () => void } {
  const installed = new Map<LazyArea, Promise<void>>();
  const defaults = lazyDefaults();
  const install = (area: LazyArea, code: SliceCode) => {
    const made = code.create(deps, api);
    const current = api.getState() as unknown as Record<string, unknown>;
    const next: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(made)) {
      // State the page already changed (a link read before the code came) is kept.
      const isDefault = current[key] === (defaults as Record<string, unknown>)[key];
      if (typeof value === 'function' || isDefault) next[key] = value;
    }
    next['slicesInstalled'] = [...api.getState().slicesInstalled, area];
    api.setState(next as Partial<AppState>);
    code.afterInstall?.(api);
  };
  const ensure = (area: LazyArea): Promise<void> => {
    let done = installed.get(area);
    if (!done) {
      done = loadCode(area).then(
        (code) => {
          install(area, code);
          if (api.getState().sliceProblem?.area === area) api.setState({ sliceProblem: null });
        },
        (error: unknown) => {
          installed.delete(area);
          api.setState({
            sliceProblem: { area, message: sliceLoadProblem(area, error), why: errorText(error) },
          });
          throw error;
        },
      );
      installed.set(area, done);
    }
    return done;
  };
  const stubs: Record<string, unknown> = {};
  for (const area of Object.keys(LAZY_ACTIONS) as LazyArea[]) {
    for (const name of LAZY_ACTIONS[area]) {
      // A failed load leaves `sliceProblem` for the page to show; the call does nothing.
      stubs[name] = (...args: unknown[]) =>
        ensure(area).then(
          () => {
            const action = (api.getState() as unknown as Record<string, unknown>)[name];
            return (action as (...a: unknown[]) => unknown)(...args);
          },
          () => undefined,
        );
    }
  }
  // At start the page asks to rejoin a class: the class code loads only if there is one to rejoin.
  const identities = deps.classDeps?.identityStorage;
  const resume = stubs['resumeClass'] as () => Promise<void>;
  stubs['resumeClass'] = () =>
    wasInClass(identities === undefined ? browserIdentityStorage() : identities)
      ? resume()
      : Promise.resolve();
  return {
    state: {
      ...defaults,
      ...(stubs as Omit<LazyPart, keyof typeof defaults | keyof LazySlices>),
      slicesInstalled: [],
      sliceProblem: null,
      loadSliceCode: ensure,
    },
    installLoaded() {
      for (const [area, code] of loaded) {
        if (installed.has(area)) continue;
        install(area, code);
        installed.set(area, Promise.resolve());
      }
    },
  };
}
