import type { StateCreator } from 'zustand/vanilla';
import type { GridRecord, RunRecord } from '../core';
import type { WorkerApi } from '../worker/client';
import type { AppState, StoreDeps } from './appStore';
import { openRunDb, toStorageError, type RunDb, type StorageProblem } from './persistence/runDb';

/**
 * The run history: every finished run and grid, kept in IndexedDB and listed newest first. A
 * storage failure never loses what is on screen: the record stays in memory (marked unsaved)
 * and the page shows the error.
 */
export interface HistoryState {
  status: 'idle' | 'loading' | 'ready' | 'unavailable';
  /** Newest first; grid cells included (they carry `grid`). */
  runs: RunRecord[];
  grids: GridRecord[];
  /** Stored records that could not be read (skipped). */
  problems: StorageProblem[];
  /** The last storage error, for the page. */
  error: string | null;
  /** Ids of runs and grids kept only in memory because saving failed. */
  unsaved: string[];
  /**
   * The newest record of a run still training that could not be stored (its epochs so far), so
   * the trainer can offer it for export before a reload loses it; null once a save succeeds.
   */
  unsavedProgress: RunRecord | null;
  /**
   * Ids of stored runs another tab is training now (listed as training there, not interrupted;
   * they cannot be renamed or deleted here until they end).
   */
  elsewhere: string[];
  /** Runs chosen for the compare view, in the order chosen. */
  compare: string[];
  /** The run whose details the history view shows. */
  openRunId: string | null;
}

export interface HistorySlice {
  history: HistoryState;
  /** Opens the database and reads everything (once; later calls reread). */
  loadHistory: () => Promise<void>;
  keepRun: (run: RunRecord) => Promise<void>;
  /**
   * Stores a run still training (an `interrupted` record, see `toInterruptedRecord`) without
   * listing it: this page lists it once it finishes, through `keepRun` with the same id; a later
   * page lists it as interrupted if it never did.
   */
  keepProgress: (run: RunRecord) => Promise<void>;
  /** Forgets a run still training that the user discarded (reset) or that failed. */
  dropProgress: (id: string) => Promise<void>;
  keepGrid: (grid: GridRecord) => Promise<void>;
  /** A finished grid cell and its grid, saved together. */
  keepCell: (grid: GridRecord, run: RunRecord) => Promise<void>;
  renameRun: (id: string, name: string) => Promise<void>;
  renameGrid: (id: string, name: string) => Promise<void>;
  deleteRun: (id: string) => Promise<void>;
  /** Deletes a grid and its cells' runs. */
  deleteGrid: (id: string) => Promise<void>;
  toggleCompare: (id: string) => void;
  clearCompare: () => void;
  openRun: (id: string | null) => void;
  dismissStorageError: () => void;
  /** The trained model of a configuration, if the worker still holds it (this session's runs). */
  exportModel: (config: RunRecord['config']) => Promise<ModelFiles | null>;
}

/** A trained model in TF.js Layers format: `model.json` text and its weights file. */
export type ModelFiles = NonNullable<Awaited<ReturnType<WorkerApi['exportModel']>>>;

export const INITIAL_HISTORY: HistoryState = {
  status: 'idle',
  runs: [],
  grids: [],
  problems: [],
  error: null,
  unsaved: [],
  unsavedProgress: null,
  elsewhere: [],
  compare: [],
  openRunId: null,
};

const upsert = <T extends { id: string; createdAt: number }>(list: readonly T[], item: T): T[] =>
  [item, ...list.filter((x) => x.id !== item.id)].sort((a, b) => b.createdAt - a.createdAt);

export const createHistorySlice =
  (deps: StoreDeps): StateCreator<AppState, [], [], HistorySlice> =>
  (set, get) => {
    let db: Promise<RunDb> | null = null;
    const journal = deps.journal ?? null;
    const locks = deps.runLocks ?? null;
    /**
     * This page's runs still training (stored, but not listed as interrupted), each with the
     * release of its lock, which tells other tabs that this one trains it (./persistence/runLocks).
     */
    const training = new Map<string, () => void>();
    /** Runs of other tabs whose end this page waits for (to list them as they ended). */
    const watching = new Set<string>();
    const watch = (id: string) => {
      if (!locks || watching.has(id)) return;
      watching.add(id);
      locks.whenFree(id, () => {
        watching.delete(id);
        if (get().history.status === 'ready') void get().loadHistory();
      });
    };
    const patch = (p: Partial<HistoryState>) => set({ history: { ...get().history, ...p } });
    const open = () => {
      db ??= (deps.openDb ?? (() => openRunDb()))();
      return db;
    };
    // Other tabs of this page reread the history when this one changes it (and vice versa).
    const channel = deps.openHistoryChannel?.() ?? null;
    if (channel) {
      channel.onmessage = () => {
        if (get().history.status === 'ready') void get().loadHistory();
      };
    }
    /**
     * Runs a write; on failure keeps the ids as unsaved and shows the error. Resolves whether it
     * was written.
     */
    const write = async (ids: string[], work: (db: RunDb) => Promise<void>) => {
      try {
        await work(await open());
        channel?.postMessage('changed');
        const unsaved = get().history.unsaved.filter((id) => !ids.includes(id));
        if (unsaved.length !== get().history.unsaved.length) patch({ unsaved });
        return true;
      } catch (error) {
        const { unsaved } = get().history;
        patch({
          error: toStorageError(error).message,
          unsaved: [...unsaved, ...ids.filter((id) => !unsaved.includes(id))],
        });
        return false;
      }
    };
    /**
     * Moves into the database the journal's runs (epochs shown but maybe not stored) of pages
     * that went away: every entry except this page's runs and those another tab still trains.
     */
    const recoverJournal = async (d: RunDb, held: Set<string>) => {
      for (const { run, text } of journal?.entries() ?? []) {
        if (training.has(run.id) || held.has(run.id)) continue;
        const recovered = await d.recoverRun(run).then(
          () => true,
          () => false,
        );
        if (recovered) journal?.remove(run.id, text);
      }
    };

    return {
      history: INITIAL_HISTORY,
      async loadHistory() {
        patch({ status: 'loading' });
        try {
          const d = await open();
          const held = (await locks?.held()) ?? new Set<string>();
          await recoverJournal(d, held);
          const loaded = await d.loadAll();
          const elsewhere = loaded.runs
            .filter((r) => r.reason === 'interrupted' && held.has(r.id) && !training.has(r.id))
            .map((r) => r.id);
          elsewhere.forEach(watch);
          const { runs, grids, unsaved } = get().history;
          // Keep what this page holds but could not save (it is not in the database).
          const extraRuns = runs.filter((r) => unsaved.includes(r.id));
          const extraGrids = grids.filter((g) => unsaved.includes(g.id));
          patch({
            status: 'ready',
            runs: extraRuns.reduce(
              upsert,
              loaded.runs.filter((r) => !training.has(r.id)),
            ),
            grids: extraGrids.reduce(upsert, loaded.grids),
            problems: loaded.problems,
            elsewhere,
          });
        } catch (error) {
          db = null;
          patch({ status: 'unavailable', error: toStorageError(error, true).message });
        }
        get().attachStoredGrid();
      },
      async keepRun(run) {
        const release = training.get(run.id);
        training.delete(run.id);
        const { unsavedProgress } = get().history;
        patch({
          runs: upsert(get().history.runs, run),
          ...(unsavedProgress?.id === run.id ? { unsavedProgress: null } : {}),
        });
        // Until the finished record is stored, the journal keeps the epochs for a reload.
        if (await write([run.id], (d) => d.putRun(run))) journal?.remove(run.id);
        release?.();
      },
      async keepProgress(run) {
        const first = !training.has(run.id);
        if (first) training.set(run.id, locks?.hold(run.id) ?? (() => undefined));
        // Synchronous, before the page paints these epochs: a reload can no longer lose them.
        journal?.write(run);
        const text = journal?.written(run.id);
        try {
          const d = await open();
          await d.putRun(run);
          if (text) journal?.remove(run.id, text);
          // Other tabs list the run as training here from its first stored epoch.
          if (first) channel?.postMessage('changed');
          if (get().history.unsavedProgress?.id === run.id) patch({ unsavedProgress: null });
        } catch (error) {
          // Said at once, where the run is: a reload now would lose these epochs.
          if (!training.has(run.id)) return; // finished or dropped meanwhile
          patch({ error: toStorageError(error).message, unsavedProgress: run });
        }
      },
      async dropProgress(id) {
        if (get().history.unsavedProgress?.id === id) patch({ unsavedProgress: null });
        const release = training.get(id);
        if (!release) return;
        training.delete(id);
        journal?.remove(id);
        await open()
          .then((d) => d.deleteRun(id))
          .catch(() => undefined);
        release();
      },
      async keepGrid(grid) {
        patch({ grids: upsert(get().history.grids, grid) });
        await write([grid.id], (d) => d.putGrid(grid));
      },
      async keepCell(grid, run) {
        const { runs, grids } = get().history;
        patch({ runs: upsert(runs, run), grids: upsert(grids, grid) });
        await write([grid.id, run.id], (d) => d.putCell(grid, run));
      },
      async renameRun(id, name) {
        const run = get().history.runs.find((r) => r.id === id);
        if (!run || name.trim() === '' || get().history.elsewhere.includes(id)) return;
        if (get().history.unsaved.includes(id)) return get().keepRun({ ...run, name: name.trim() });
        const renamed = { ...run, name: name.trim() };
        patch({ runs: upsert(get().history.runs, renamed) });
        let stored = true;
        await write([id], async (d) => void (stored = await d.updateRun(renamed)));
        // Deleted in another tab meanwhile: the delete wins.
        if (!stored) patch({ runs: get().history.runs.filter((r) => r.id !== id) });
      },
      async renameGrid(id, name) {
        const grid = get().history.grids.find((g) => g.id === id);
        if (grid && name.trim() !== '') await get().keepGrid({ ...grid, name: name.trim() });
      },
      async deleteRun(id) {
        // Another tab would store it again at its next epoch: it is deleted there, or once it ends.
        if (get().history.elsewhere.includes(id)) return;
        journal?.remove(id);
        const { runs, compare, openRunId } = get().history;
        patch({
          runs: runs.filter((r) => r.id !== id),
          compare: compare.filter((x) => x !== id),
          openRunId: openRunId === id ? null : openRunId,
        });
        await write([], (d) => d.deleteRun(id));
      },
      async deleteGrid(id) {
        const { runs, grids, compare } = get().history;
        const gone = new Set(runs.filter((r) => r.grid?.id === id).map((r) => r.id));
        patch({
          grids: grids.filter((g) => g.id !== id),
          runs: runs.filter((r) => !gone.has(r.id)),
          compare: compare.filter((x) => !gone.has(x)),
        });
        if (get().grid.record?.id === id) get().detachGrid();
        await write([], (d) => d.deleteGrid(id));
      },
      toggleCompare(id) {
        const { compare } = get().history;
        patch({
          compare: compare.includes(id) ? compare.filter((x) => x !== id) : [...compare, id],
        });
      },
      clearCompare: () => patch({ compare: [] }),
      openRun: (openRunId) => patch({ openRunId }),
      dismissStorageError: () => patch({ error: null }),
      async exportModel(config) {
        const client = get().getClient();
        if (!client) return null;
        return client.call((api) => api.exportModel(config));
      },
    };
  };
