/**
 * The app's one store, built by a factory so that every test gets a fresh one. Slices own their
 * part of the state; the worker client and the frame scheduler are injected so tests can replace
 * them. Everything that belongs to one store (its run session, its caches) is made here, per
 * store, never at module level.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createWorkerClient, type WorkerClient, type WorkerClientOptions } from '../worker/client';
import type { ClassGridSlice } from './class/classGridSlice';
import type { ClassDeps, ClassSlice } from './class/classSlice';
import { createConfigSlice, type ConfigSlice } from './configSlice';
import { createDerived, type Derived } from './derived';
import { nextFrame, type FrameScheduler } from './eventBatcher';
import type { GridSlice } from './gridSlice';
import type { LessonsSlice } from './lessonsSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createLazySlices, type LazySlices } from './lazySlices';
import {
  createMeasurementSlice,
  keepBackendsMeasured,
  type IdleScheduler,
  type MeasurementSlice,
} from './measurementSlice';
import type { MeasurementDb } from './persistence/measurementDb';
import type { ProgressStorage } from './persistence/lessonProgress';
import type { RunDb } from './persistence/runDb';
import { browserJournalStorage, createRunJournal, type RunJournal } from './persistence/runJournal';
import { browserLocks, createRunLocks, type RunLocks } from './persistence/runLocks';
import { keepTrainerRuns } from './runKeeper';
import type { RunOwner } from './runOwner';
import { createRunSession, type RunSession } from './runSession';
import { createSystemSlice, type SystemSlice } from './systemSlice';
import { createTrainingSlice, type TrainingSlice } from './trainingSlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import { createViewSlice, type ViewSlice } from './viewSlice';

export type AppState = SystemSlice &
  ConfigSlice &
  TrainingSlice &
  UiSlice &
  ViewSlice &
  GridSlice &
  HistorySlice &
  MeasurementSlice &
  LessonsSlice &
  ClassSlice &
  ClassGridSlice &
  LazySlices & {
    /** Whose run holds the worker, or null (see ./runOwner.ts: the one answer to "busy"). */
    runOwner: RunOwner | null;
    /** This store's caches of derived values (read through the selectors; never replaced). */
    derived: Derived;
  };

export interface StoreDeps {
  /**
   * `hooks.onUncaughtError`: an error inside a running worker that did not kill it; `onLost`: the
   * worker died or hung and was terminated.
   */
  createClient: (hooks?: Pick<WorkerClientOptions, 'onUncaughtError' | 'onLost'>) => WorkerClient;
  /** When a burst of worker events is applied (the next animation frame in the page). */
  scheduleFrame?: FrameScheduler;
  /** The run history's database (default: IndexedDB); tests pass one over fake-indexeddb. */
  openDb?: () => Promise<RunDb>;
  /**
   * A channel to this page's other tabs, told after each change to the stored history so they
   * reread it (the page passes a `BroadcastChannel`; none in tests unless given).
   */
  openHistoryChannel?: () => Pick<BroadcastChannel, 'postMessage' | 'onmessage'> | null;
  /**
   * Where the epochs of a run still training are written before the page shows them (default:
   * localStorage, see ./persistence/runJournal.ts); none in tests unless given.
   */
  journal?: RunJournal | null;
  /** Which runs other tabs are training (default: Web Locks); none in tests unless given. */
  runLocks?: RunLocks | null;
  /** Ids for stored runs and grids (default: `crypto.randomUUID`). */
  newId?: () => string;
  /** Wall clock in ms since the epoch, for stored records (default: `Date.now`). */
  now?: () => number;
  /** The backend measurements' database (default: IndexedDB); tests pass one over fake-indexeddb. */
  openMeasurementDb?: () => Promise<MeasurementDb>;
  /** When a background measurement may start (default: when the page is idle); null: never. */
  whenIdle?: IdleScheduler | null;
  /** Where lesson progress is kept (default: localStorage); null: storage is blocked. */
  lessonStorage?: ProgressStorage | null;
  /** Logical cores (default: `navigator.hardwareConcurrency`). */
  cores?: number;
  /** The class session's server API, identity storage and connection (tests replace them). */
  classDeps?: ClassDeps;
}

export type AppStore = StoreApi<AppState>;

const journalOf = (storage: ReturnType<typeof browserJournalStorage>) =>
  storage ? createRunJournal(storage) : null;
const locksOf = (locks: ReturnType<typeof browserLocks>) => (locks ? createRunLocks(locks) : null);

/** What the slices that run configurations share: the store's one run session. */
export type SliceDeps = StoreDeps & { session: RunSession };

export function createAppStore(
  deps: StoreDeps = {
    createClient: (hooks) => createWorkerClient(hooks ?? {}),
    scheduleFrame: nextFrame,
    openHistoryChannel: () =>
      typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('losslab-history'),
    journal: journalOf(browserJournalStorage()),
    runLocks: locksOf(browserLocks()),
  },
): AppStore {
  let installLoaded = () => {};
  const store = createStore<AppState>()((...args) => {
    const [, get, api] = args;
    const session = createRunSession({
      getClient: () => get().getClient(),
      ...(deps.scheduleFrame ? { scheduleFrame: deps.scheduleFrame } : {}),
    });
    const shared: SliceDeps = { ...deps, session };
    // The lessons, the grid and the class session: defaults and stubs until their code loads.
    const lazy = createLazySlices(shared, api);
    installLoaded = lazy.installLoaded;
    return {
      ...createSystemSlice(deps)(...args),
      ...createConfigSlice(...args),
      ...createTrainingSlice(shared)(...args),
      ...createUiSlice(...args),
      ...createViewSlice(...args),
      ...createHistorySlice(deps)(...args),
      ...createMeasurementSlice(deps)(...args),
      ...lazy.state,
      runOwner: null,
      derived: createDerived(),
    };
  });
  installLoaded();
  keepTrainerRuns(store, deps);
  if (deps.whenIdle !== null) {
    keepBackendsMeasured(store, {
      ...(deps.whenIdle ? { whenIdle: deps.whenIdle } : {}),
      ...(deps.cores !== undefined ? { cores: deps.cores } : {}),
    });
  }
  return store;
}
