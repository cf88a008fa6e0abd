/**
 * Backend measurements remembered in the browser, so a returning student never waits for one.
 *
 * IndexedDB through `idb`, like the run history, in a database of its own ("losslab-backends"):
 * a measurement is a cache, and keeping it apart means its schema can change without a history
 * migration, and clearing it never touches a run. (localStorage would hold the few hundred bytes
 * too, but it is synchronous on the main thread, and IndexedDB is where LossLab already keeps
 * data, with the same failure handling.) A record that does not validate is deleted: it is only
 * a cache and is measured again. Where storage is blocked (private browsing, site settings) the
 * page simply measures each visit, in the background as always.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { parseMeasurementRecord, type MeasurementRecord } from '../../core';

export const MEASUREMENT_DB_NAME = 'losslab-backends';
const DB_VERSION = 1;

interface MeasurementSchema extends DBSchema {
  measurements: { key: string; value: MeasurementRecord };
}

export interface MeasurementDb {
  /** Every valid record (invalid ones are deleted on the way). */
  loadAll(): Promise<MeasurementRecord[]>;
  put(record: MeasurementRecord): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  close(): void;
}

/**
 * Opens (creating) the measurement database. Rejects where the browser offers no IndexedDB or
 * refuses to open it; the caller then keeps measurements for the page's lifetime only.
 */
export async function openMeasurementDb(name = MEASUREMENT_DB_NAME): Promise<MeasurementDb> {
  if (typeof indexedDB === 'undefined') throw new Error('this browser has no IndexedDB');
  const db: IDBPDatabase<MeasurementSchema> = await openDB<MeasurementSchema>(name, DB_VERSION, {
    upgrade(database) {
      if (!database.objectStoreNames.contains('measurements')) {
        database.createObjectStore('measurements');
      }
    },
  });
  return {
    async loadAll() {
      const tx = db.transaction('measurements', 'readwrite');
      const records: MeasurementRecord[] = [];
      let cursor = await tx.store.openCursor();
      while (cursor) {
        const parsed = parseMeasurementRecord(cursor.value);
        if (parsed.ok && parsed.value.key === cursor.key) records.push(parsed.value);
        else await cursor.delete();
        cursor = await cursor.continue();
      }
      await tx.done;
      return records;
    },
    async put(record) {
      await db.put('measurements', record, record.key);
    },
    async delete(keys) {
      if (keys.length === 0) return;
      const tx = db.transaction('measurements', 'readwrite');
      await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
    },
    close: () => db.close(),
  };
}
