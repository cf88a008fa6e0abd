/**
 * The newest epochs of a run still training, written to localStorage synchronously, in the same
 * task that puts them in the store (before the page paints them). IndexedDB writes are
 * asynchronous: on a fast backend a reload cuts off the last few (up to nine epochs were lost at
 * ten a second), so until IndexedDB holds an epoch the journal does. A later page moves what it
 * finds here into IndexedDB (`recoverRun`) and removes the entry. Each run has its own key, so
 * tabs training at once never overwrite each other's entries. Records are written in the JSON
 * export's format (`NaN` as `null`) and validated when read back.
 */
import { parseExport, toExportJson, type RunRecord } from '../../core';

/** The parts of `Storage` the journal uses (tests pass a fake). */
export type JournalStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'losslab.training.';

/** A journal entry read back: the record and the exact text, to remove only that text. */
export interface JournalEntry {
  run: RunRecord;
  text: string;
}

export interface RunJournal {
  /** Writes the run's newest record (never throws: a full or blocked storage is skipped). */
  write(run: RunRecord): void;
  /** Removes the run's entry if it still holds `text`, or whatever it holds without `text`. */
  remove(id: string, text?: string): void;
  /** The text written for `id` by this page's last `write`, or null. */
  written(id: string): string | null;
  /** Every readable entry (unreadable ones are removed: they could never be recovered). */
  entries(): JournalEntry[];
}

/** The page's localStorage, or null where touching it throws (blocked storage). */
export function browserJournalStorage(): JournalStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function createRunJournal(storage: JournalStorage): RunJournal {
  const mine = new Map<string, string>();
  const attempt = <T>(work: () => T, fallback: T): T => {
    try {
      return work();
    } catch {
      return fallback;
    }
  };
  return {
    write(run) {
      const text = toExportJson([], [run], new Date(run.createdAt));
      mine.set(run.id, text);
      attempt(() => storage.setItem(PREFIX + run.id, text), undefined);
    },
    remove(id, text) {
      attempt(() => {
        if (text === undefined || storage.getItem(PREFIX + id) === text) {
          storage.removeItem(PREFIX + id);
        }
      }, undefined);
      if (text === undefined || mine.get(id) === text) mine.delete(id);
    },
    written: (id) => mine.get(id) ?? null,
    entries() {
      const keys = attempt(() => {
        const found: string[] = [];
        for (let i = 0; i < storage.length; i++) {
          const key = storage.key(i);
          if (key?.startsWith(PREFIX)) found.push(key);
        }
        return found;
      }, []);
      const out: JournalEntry[] = [];
      for (const key of keys) {
        const text = attempt(() => storage.getItem(key), null);
        if (text === null) continue;
        const [run] = parseExport(text).runs;
        if (run && PREFIX + run.id === key) out.push({ run, text });
        else attempt(() => storage.removeItem(key), undefined);
      }
      return out;
    },
  };
}
