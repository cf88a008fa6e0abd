/**
 * The run history in IndexedDB (through `idb`, a small typed promise wrapper): finished runs and
 * grids, each one record per key. Every record read back is validated by the core's schemas; a
 * record that fails is skipped and reported, never fatal, never deleted behind the user's back.
 * A grid cell is written with its grid in one transaction, so a stored grid never points at a
 * run that was not stored. A failed write (quota, private mode) rejects with a `StorageError`
 * whose message is meant for the page; nothing already stored is touched by it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  messageOf,
  parseGridRecord,
  parseRunRecord,
  type GridRecord,
  type RunRecord,
} from '../../core';

export const DB_NAME = 'losslab';
export const DB_VERSION = 1;

interface LossLabDb extends DBSchema {
  runs: { key: string; value: RunRecord };
  grids: { key: string; value: GridRecord };
}

export type StorageErrorKind = 'unavailable' | 'quota' | 'unknown';

/** A storage failure, with a message for the page. */
export class StorageError extends Error {
  readonly kind: StorageErrorKind;
  constructor(kind: StorageErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.kind = kind;
  }
}

/** A stored record that could not be read (skipped). */
export interface StorageProblem {
  store: 'runs' | 'grids';
  key: string;
  reason: string;
}

export interface Loaded {
  /** Newest first. */
  runs: RunRecord[];
  grids: GridRecord[];
  problems: StorageProblem[];
}

export interface RunDb {
  loadAll(): Promise<Loaded>;
  putRun(run: RunRecord): Promise<void>;
  /**
   * Replaces a stored run (a rename) only if it is still stored, in one transaction, so a stale
   * page cannot write back a run another tab deleted. Resolves false when it was gone.
   */
  updateRun(run: RunRecord): Promise<boolean>;
  /**
   * Stores the epochs of a run found in the journal (`runJournal.ts`) unless the database already
   * holds as many or more, or the run finished, in one transaction. Resolves true when written.
   */
  recoverRun(run: RunRecord): Promise<boolean>;
  putGrid(grid: GridRecord): Promise<void>;
  /** A finished grid cell and its grid, in one transaction. */
  putCell(grid: GridRecord, run: RunRecord): Promise<void>;
  deleteRun(id: string): Promise<void>;
  /** Deletes the grid and the runs of its cells. */
  deleteGrid(id: string): Promise<void>;
  close(): void;
}

const QUOTA_MESSAGE =
  "The browser's storage for this page is full, so the last result was not saved (it stays on " +
  'screen until you reload). Export and delete old runs in History to make room; runs already ' +
  'saved are untouched.';
const UNAVAILABLE_MESSAGE =
  'This browser does not let the page store data (private browsing, or storage blocked for this ' +
  'site), so runs will not survive a reload. Export what you want to keep.';

function nameOf(error: unknown): string {
  return error instanceof Error ||
    (typeof DOMException !== 'undefined' && error instanceof DOMException)
    ? error.name
    : '';
}

/** Turns what IndexedDB threw into a `StorageError` with a message for the page. */
export function toStorageError(error: unknown, opening = false): StorageError {
  if (error instanceof StorageError) return error;
  const name = nameOf(error);
  if (name === 'QuotaExceededError')
    return new StorageError('quota', QUOTA_MESSAGE, { cause: error });
  if (opening || name === 'SecurityError' || name === 'InvalidStateError') {
    return new StorageError('unavailable', UNAVAILABLE_MESSAGE, { cause: error });
  }
  return new StorageError(
    'unknown',
    `Saving to the browser's storage failed: ${messageOf(error)}`,
    {
      cause: error,
    },
  );
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStorageError(error);
  }
}

/**
 * Opens (creating or upgrading) the history database. Rejects with a `StorageError` of kind
 * `unavailable` where the browser offers no IndexedDB or refuses to open it.
 */
export async function openRunDb(name = DB_NAME): Promise<RunDb> {
  if (typeof indexedDB === 'undefined') throw toStorageError(new Error('no IndexedDB'), true);
  let db: IDBPDatabase<LossLabDb>;
  try {
    db = await openDB<LossLabDb>(name, DB_VERSION, {
      upgrade(database) {
        if (!database.objectStoreNames.contains('runs')) database.createObjectStore('runs');
        if (!database.objectStoreNames.contains('grids')) database.createObjectStore('grids');
      },
    });
  } catch (error) {
    throw toStorageError(error, true);
  }

  return {
    loadAll: () =>
      guard(async () => {
        const problems: StorageProblem[] = [];
        const tx = db.transaction(['runs', 'grids'], 'readonly');
        const read = async <T>(
          store: 'runs' | 'grids',
          parse: (raw: unknown) => { ok: true; value: T } | { ok: false; reason: string },
        ) => {
          const out: T[] = [];
          let cursor = await tx.objectStore(store).openCursor();
          while (cursor) {
            const parsed = parse(cursor.value);
            if (parsed.ok) out.push(parsed.value);
            else problems.push({ store, key: String(cursor.key), reason: parsed.reason });
            cursor = await cursor.continue();
          }
          return out;
        };
        const runs = await read('runs', parseRunRecord);
        const grids = await read('grids', parseGridRecord);
        await tx.done;
        runs.sort((a, b) => b.createdAt - a.createdAt);
        grids.sort((a, b) => b.createdAt - a.createdAt);
        return { runs, grids, problems };
      }),
    putRun: (run) => guard(async () => void (await db.put('runs', run, run.id))),
    updateRun: (run) =>
      guard(async () => {
        const tx = db.transaction('runs', 'readwrite');
        const stored = (await tx.store.getKey(run.id)) !== undefined;
        if (stored) await tx.store.put(run, run.id);
        await tx.done;
        return stored;
      }),
    recoverRun: (run) =>
      guard(async () => {
        const tx = db.transaction('runs', 'readwrite');
        const raw = (await tx.store.get(run.id)) as unknown;
        // A stored record this page cannot read is left alone, as everywhere else.
        const parsed = raw === undefined ? null : parseRunRecord(raw);
        const stale =
          parsed === null ||
          (parsed.ok &&
            parsed.value.reason === 'interrupted' &&
            parsed.value.history.length < run.history.length);
        if (stale) await tx.store.put(run, run.id);
        await tx.done;
        return stale;
      }),
    putGrid: (grid) => guard(async () => void (await db.put('grids', grid, grid.id))),
    putCell: (grid, run) =>
      guard(async () => {
        const tx = db.transaction(['runs', 'grids'], 'readwrite');
        await Promise.all([
          tx.objectStore('runs').put(run, run.id),
          tx.objectStore('grids').put(grid, grid.id),
          tx.done,
        ]);
      }),
    deleteRun: (id) => guard(() => db.delete('runs', id)),
    deleteGrid: (id) =>
      guard(async () => {
        const tx = db.transaction(['runs', 'grids'], 'readwrite');
        const grid = (await tx.objectStore('grids').get(id)) as unknown;
        const parsed = parseGridRecord(grid);
        const runIds = parsed.ok ? Object.values(parsed.value.runs) : [];
        await Promise.all([
          ...runIds.map((runId) => tx.objectStore('runs').delete(runId)),
          tx.objectStore('grids').delete(id),
          tx.done,
        ]);
      }),
    close: () => db.close(),
  };
}
