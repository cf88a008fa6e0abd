/**
 * The page's side of a class: Hocuspocus providers over one WebSocket, one per document the role
 * may open (the instructor: the class document and, read-only, every student's; a student: the
 * class document read-only and their own). What arrives is read through the valibot readers of
 * core/class, so a hostile server or classmate cannot put anything unchecked into the store.
 * Local changes made while offline stay in the Yjs document and reach the server once the socket
 * is back; entries are keyed (run id, round), so a change sent twice is stored once. The documents
 * this browser needs to carry on offline (a student's own record and the class's controls; the
 * instructor's controls) are also kept in IndexedDB (y-indexeddb), so a reload while offline
 * keeps the work and the step the class is on.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import {
  CLASS_SYNC_PATH,
  classDocName,
  encodeToken,
  readControl,
  readRoster,
  readStudent,
  studentDocName,
  type ClassControl,
  type ClassPrediction,
  type ClassRun,
  type ClassToken,
  type ClassWork,
  type RosterEntry,
  type StudentRecord,
} from '../../core';

export interface ClassSnapshot {
  control: ClassControl;
  roster: Record<string, RosterEntry>;
  /** Every student's record (instructor), or only one's own (student). */
  students: Record<string, StudentRecord>;
  connected: boolean;
  /** The server refused this browser's key. */
  denied: boolean;
}

export interface ClassConnection {
  /** Instructor: changes the class's controls. */
  setControl(patch: Partial<Record<keyof ClassControl, unknown>>): void;
  /** Student: files a prediction under a round. */
  putPrediction(round: number, prediction: ClassPrediction): void;
  /** Student: files a run under its id. */
  putRun(id: string, run: ClassRun): void;
  /** Student: says what this page is doing for a class grid (filed under its sweep). */
  putWork(sweep: number, work: ClassWork): void;
  /**
   * Closes the connection. `forgetLocal` (leaving the class) also deletes the copies kept in this
   * browser, except one still holding changes the server has not acknowledged.
   */
  destroy(options?: { forgetLocal?: boolean }): void;
}

/** The IndexedDB database that keeps a class document in this browser. */
export const localDbName = (documentName: string): string => `losslab-${documentName}`;

/** A document kept in IndexedDB, or null where the browser has none or refuses it. */
function keepLocally(name: string, doc: Y.Doc): IndexeddbPersistence | null {
  if (typeof indexedDB === 'undefined') return null;
  try {
    const local = new IndexeddbPersistence(localDbName(name), doc);
    // Blocked storage: the class goes on in memory, as it would without this copy.
    local.whenSynced.catch(() => undefined);
    return local;
  } catch {
    return null;
  }
}

export interface ConnectOptions {
  origin: string;
  code: string;
  token: ClassToken;
  onChange: (snapshot: ClassSnapshot) => void;
}

export function openClassConnection(options: ConnectOptions): ClassConnection {
  const { code, token } = options;
  const socket = new HocuspocusProviderWebsocket({
    url: `${options.origin.replace(/^http/, 'ws')}${CLASS_SYNC_PATH}`,
    // A class keeps trying: a dropped student's work waits in the document until it is back.
    maxAttempts: 0,
    maxDelay: 5000,
  });
  const docs = new Map<
    string,
    { doc: Y.Doc; provider: HocuspocusProvider; local: IndexeddbPersistence | null }
  >();
  let connected = false;
  let denied = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const snapshot = (): ClassSnapshot => {
    const classDoc = docs.get(classDocName(code))?.doc;
    const students: Record<string, StudentRecord> = {};
    for (const [name, { doc }] of docs) {
      const id = name.split('/')[3];
      if (id) {
        students[id] = readStudent({
          predictions: doc.getMap('predictions').toJSON(),
          runs: doc.getMap('runs').toJSON(),
          work: doc.getMap('work').toJSON(),
        });
      }
    }
    return {
      control: readControl(classDoc?.getMap('control').toJSON()),
      roster: readRoster(classDoc?.getMap('students').toJSON()).entries,
      students,
      connected,
      denied,
    };
  };
  // Bursts of updates (a class's predictions arriving together) reach the store once per 50 ms.
  const changed = () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      if (token.role === 'instructor') followRoster();
      options.onChange(snapshot());
    }, 50);
  };

  const open = (name: string, kept = false) => {
    if (docs.has(name)) return;
    const doc = new Y.Doc();
    const local = kept ? keepLocally(name, doc) : null;
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name,
      document: doc,
      token: encodeToken(token),
      onAuthenticationFailed: () => {
        denied = true;
        changed();
      },
    });
    provider.attach();
    doc.on('update', changed);
    docs.set(name, { doc, provider, local });
  };
  /** The instructor opens each student's record as the server adds them to the roster. */
  const followRoster = () => {
    const classDoc = docs.get(classDocName(code))?.doc;
    const roster = readRoster(classDoc?.getMap('students').toJSON()).entries;
    for (const id of Object.keys(roster)) open(studentDocName(code, id));
  };

  socket.on('status', ({ status }: { status: string }) => {
    connected = status === 'connected';
    changed();
  });
  open(classDocName(code), true);
  if (token.role === 'student') open(studentDocName(code, token.id), true);

  const own = () =>
    token.role === 'student' ? docs.get(studentDocName(code, token.id))?.doc : undefined;

  return {
    setControl(patch) {
      const doc = docs.get(classDocName(code))?.doc;
      if (!doc || token.role !== 'instructor') return;
      doc.transact(() => {
        for (const [key, value] of Object.entries(patch)) doc.getMap('control').set(key, value);
      });
    },
    putPrediction(round, prediction) {
      own()?.getMap('predictions').set(String(round), prediction);
    },
    putRun(id, run) {
      own()?.getMap('runs').set(id, run);
    },
    putWork(sweep, work) {
      own()?.getMap('work').set(String(sweep), work);
    },
    destroy({ forgetLocal = false } = {}) {
      if (timer !== null) clearTimeout(timer);
      for (const { provider, doc, local } of docs.values()) {
        if (forgetLocal && !provider.hasUnsyncedChanges) void local?.clearData();
        else void local?.destroy();
        provider.destroy();
        doc.destroy();
      }
      socket.destroy();
    },
  };
}
