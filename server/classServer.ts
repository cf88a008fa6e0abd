/**
 * The class server: the built app, a small HTTP API (create a class, join, reopen) and the Yjs
 * sync endpoint (Hocuspocus) on one origin and port. Authorisation is by document: the class
 * document is written only by its instructor's key, a student's document only by that student's
 * key (every update checked on a copy against the document schema), and everyone else reads
 * only what their role may read. See README, "Teach a class with LossLab".
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Database } from '@hocuspocus/extension-database';
import {
  Hocuspocus,
  type beforeHandleMessagePayload,
  type Extension,
  type onAuthenticatePayload,
  type onChangePayload,
} from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { WebSocketServer } from 'ws';
import {
  CLASS_API,
  CLASS_LIMITS,
  CLASS_SYNC_PATH,
  classDocName,
  cleanName,
  normaliseCode,
  parseDocName,
  parseToken,
  readControl,
} from '../src/core/class';
import { createLimiter } from './limits';
import { SharedRedis } from './redisExtension';
import { createStudentGuard } from './studentGuard';
import {
  hashKey,
  keyMatches,
  newCode,
  newSecret,
  openRegistry,
  type ClassRecord,
} from './registry';
import { ISOLATION_HEADERS, serveStatic } from './static';

export interface ClassServerOptions {
  port: number;
  host?: string;
  /** Where classes are stored (created if missing). */
  dataDir: string;
  /** The built app to serve, or null for the API and sync only (the dev server serves the app). */
  distDir: string | null;
  /** How long an ended class stays readable (ms). */
  expiryMs?: number;
  /** A class never ended is deleted this long after it started (ms). */
  maxAgeMs?: number;
  maxStudents?: number;
  /**
   * Hocuspocus' store debounce (ms): how soon a change reaches the disk (at most 5× this while a
   * document keeps changing). Each store encodes the whole document, so a burst of a student's
   * changes is written once; what a crash loses meanwhile, the clients still hold and send again
   * when they reconnect.
   */
  debounceMs?: number;
  /** Failed joins or connections per address per minute before it is refused. */
  failuresPerMinute?: number;
  /** Several instances share documents through Redis (Hocuspocus' Redis extension). */
  redis?: { host: string; port: number } | null;
  /** Read the client's address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy?: boolean;
  quiet?: boolean;
}

export interface ClassServer {
  port: number;
  url: string;
  hocuspocus: Hocuspocus;
  /** Documents changed and not yet written to disk. */
  unsaved(): number;
  /** Deletes the classes past their expiry now (also runs every ten minutes). */
  expire(): Promise<string[]>;
  close(): Promise<void>;
}

const HOUR = 3_600_000;
/** Sync message types (y-protocols): 0 sync; its sub-types 1 (step 2) and 2 (update) carry changes. */
const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

interface Context {
  role: 'instructor' | 'student';
  studentId?: string;
  code: string;
}

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The changes a sync message would apply, or null for a message that changes nothing. */
function updateIn(message: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
  const sub = decoding.readVarUint(decoder);
  return sub === SYNC_STEP_2 || sub === SYNC_UPDATE ? decoding.readVarUint8Array(decoder) : null;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 4096) throw new Refused(413, 'The request is too large.');
    chunks.push(chunk as Buffer);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return typeof body === 'object' && body !== null ? body : {};
  } catch {
    throw new Refused(400, 'The request is not JSON.');
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    ...ISOLATION_HEADERS,
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

export async function startClassServer(options: ClassServerOptions): Promise<ClassServer> {
  const expiryMs = options.expiryMs ?? 24 * HOUR;
  const maxAgeMs = options.maxAgeMs ?? 7 * 24 * HOUR;
  const maxStudents = options.maxStudents ?? CLASS_LIMITS.studentsPerClass;
  const registry = await openRegistry(options.dataDir);
  const failures = createLimiter(options.failuresPerMinute ?? 20, 60_000);
  const creations = createLimiter(10, 60_000);
  const dirty = new Set<string>();
  const guard = createStudentGuard();
  const log = (line: string) => {
    if (!options.quiet) console.log(line);
  };

  const addressOf = (request: IncomingMessage): string => {
    const forwarded = request.headers['x-forwarded-for'];
    if (options.trustProxy && typeof forwarded === 'string') {
      return forwarded.split(',')[0]?.trim() ?? 'unknown';
    }
    return request.socket.remoteAddress ?? 'unknown';
  };

  /** A class that exists and has not expired; a failure counts against the address. */
  const findClass = async (rawCode: unknown, address: string): Promise<ClassRecord> => {
    if (failures.blocked(address)) {
      throw new Refused(429, 'Too many wrong attempts from this address; wait a minute.');
    }
    const code = typeof rawCode === 'string' ? normaliseCode(rawCode) : null;
    const record = code === null ? null : await registry.get(code);
    if (!record || isExpired(record)) {
      failures.hit(address);
      throw new Refused(404, 'There is no class with this code (it may have expired).');
    }
    return record;
  };

  const isExpired = (record: ClassRecord, now = Date.now()): boolean =>
    (record.endedAt !== null && now > record.endedAt + expiryMs) ||
    now > record.createdAt + maxAgeMs;

  const redis = options.redis ? new SharedRedis(options.redis) : null;
  const extensions: Extension[] = [
    new Database({
      fetch: ({ documentName }) => registry.fetchDoc(documentName),
      store: async ({ documentName, state }) => {
        dirty.delete(documentName);
        if (redis?.storedElsewhere(documentName)) return;
        const address = parseDocName(documentName);
        // A class deleted while its documents were open is not written back.
        if (address && (await registry.get(address.code))) {
          await registry.storeDoc(documentName, state);
        }
      },
    }),
    ...(redis ? [redis] : []),
  ];

  const hocuspocus = new Hocuspocus({
    name: `losslab-class-${options.port}`,
    quiet: true,
    debounce: options.debounceMs ?? 1000,
    maxDebounce: (options.debounceMs ?? 1000) * 5,
    extensions,

    async onAuthenticate(data: onAuthenticatePayload): Promise<Context> {
      const address = addressOf(data.request);
      const refuse = (why: string): never => {
        failures.hit(address);
        throw new Error(why);
      };
      if (failures.blocked(address)) throw new Error('too many failed attempts');
      const doc = parseDocName(data.documentName);
      const token = parseToken(data.token);
      if (!doc || !token) return refuse('bad document or token');
      const record = await registry.get(doc.code);
      if (!record || isExpired(record)) return refuse('no such class');
      const ended = record.endedAt !== null;
      if (token.role === 'instructor') {
        if (!keyMatches(token.key, record.instructorKeyHash)) return refuse('wrong key');
        // The instructor reads students' records and never writes them.
        data.connectionConfig.readOnly = ended || doc.kind === 'student';
        return { role: 'instructor', code: doc.code };
      }
      const student = record.students[token.id];
      if (!student || !keyMatches(token.key, student.keyHash)) return refuse('unknown student');
      if (doc.kind === 'student' && doc.studentId !== token.id) return refuse('not your record');
      data.connectionConfig.readOnly = ended || doc.kind === 'class';
      return { role: 'student', studentId: token.id, code: doc.code };
    },

    beforeHandleMessage(data: beforeHandleMessagePayload): Promise<void> {
      if (data.update.byteLength > CLASS_LIMITS.messageBytes) {
        return Promise.reject(new Error('message too large'));
      }
      const context = data.context as Context;
      // Read-only connections (the class document for students) are refused by Hocuspocus itself.
      if (context.role !== 'student' || data.connection.readOnly) return Promise.resolve();
      if (parseDocName(data.documentName)?.kind !== 'student') return Promise.resolve();
      const update = updateIn(data.update);
      if (!update) return Promise.resolve();
      // A student's document must still fit its schema and caps once the update is applied.
      const problem = guard.check(data.document, update);
      if (problem) {
        log(`refused an update to ${data.documentName}: ${problem}`);
        return Promise.reject(new Error(problem));
      }
      return Promise.resolve();
    },

    async onChange(data: onChangePayload) {
      dirty.add(data.documentName);
      const doc = parseDocName(data.documentName);
      if (doc?.kind !== 'class') return;
      const ended = readControl(data.document.getMap('control').toJSON()).ended;
      if (ended !== null) {
        await registry.update(doc.code, (r) =>
          r.endedAt === null ? { ...r, endedAt: Date.now() } : null,
        );
      }
    },
  });

  const api = async (request: IncomingMessage, path: string): Promise<[number, unknown]> => {
    const address = addressOf(request);
    if (request.method !== 'POST') throw new Refused(405, 'Use POST.');
    const body = (await readBody(request)) as Record<string, unknown>;
    if (path === 'create') {
      if (!creations.hit(address)) throw new Refused(429, 'Too many classes from this address.');
      const instructorKey = newSecret();
      let code = newCode();
      while (await registry.get(code)) code = newCode();
      await registry.put({
        code,
        instructorKeyHash: hashKey(instructorKey),
        createdAt: Date.now(),
        endedAt: null,
        students: {},
      });
      log(`class ${code} created`);
      return [201, { code, instructorKey }];
    }
    const record = await findClass(body.code, address);
    if (path === 'open') {
      const key = typeof body.instructorKey === 'string' ? body.instructorKey : '';
      if (!keyMatches(key, record.instructorKeyHash)) {
        failures.hit(address);
        throw new Refused(403, 'This browser does not hold this class’s instructor key.');
      }
      return [200, { code: record.code, endedAt: record.endedAt }];
    }
    if (path !== 'join') throw new Refused(404, 'No such request.');
    const name = cleanName(body.name);
    const { studentId, studentKey } = body;
    const known =
      typeof studentId === 'string' && typeof studentKey === 'string'
        ? record.students[studentId]
        : undefined;
    if (known && keyMatches(studentKey as string, known.keyHash)) {
      // The same browser again (a reload, another tab): the same student, nothing new.
      return [200, { code: record.code, studentId, studentKey, name: known.name }];
    }
    if (record.endedAt !== null) throw new Refused(410, 'This class has ended.');
    if (Object.keys(record.students).length >= maxStudents) {
      throw new Refused(403, 'This class is full.');
    }
    const id = newSecret();
    const key = newSecret();
    const joinedAt = Date.now();
    const saved = await registry.update(record.code, (r) =>
      Object.keys(r.students).length >= maxStudents
        ? null
        : { ...r, students: { ...r.students, [id]: { keyHash: hashKey(key), name, joinedAt } } },
    );
    if (!saved?.students[id]) throw new Refused(403, 'This class is full.');
    const direct = await hocuspocus.openDirectConnection(classDocName(record.code), {
      role: 'server',
    });
    // The roster entry is in the document once `transact` has run its callback; storing it (and,
    // behind Redis, waiting for other instances to sync) goes on after the answer.
    void direct
      .transact((doc) => doc.getMap('students').set(id, { name, joinedAt }))
      .then(() => direct.disconnect())
      .catch((error: unknown) => console.error(error));
    return [201, { code: record.code, studentId: id, studentKey: key, name }];
  };

  const http = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path.startsWith(`${CLASS_API}/`)) {
      api(request, path.slice(CLASS_API.length + 1))
        .then(([status, body]) => send(response, status, body))
        .catch((error: unknown) => {
          if (error instanceof Refused) send(response, error.status, { error: error.message });
          else {
            console.error(error);
            send(response, 500, { error: 'The class server failed; try again.' });
          }
        });
      return;
    }
    if (path === `${CLASS_API}`) {
      send(response, 200, { ok: true, unsaved: dirty.size });
      return;
    }
    if (options.distDir) void serveStatic(options.distDir, request, response);
    else send(response, 404, { error: 'This class server serves no app.' });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: CLASS_LIMITS.messageBytes * 2 });
  wss.on('connection', (socket, request) => {
    socket.on('error', () => undefined);
    hocuspocus.handleConnection(socket, request);
  });
  http.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://x').pathname !== CLASS_SYNC_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  const expire = async (): Promise<string[]> => {
    const gone: string[] = [];
    for (const record of await registry.list()) {
      if (!isExpired(record)) continue;
      const prefix = classDocName(record.code);
      for (const [name, document] of hocuspocus.documents) {
        if (name === prefix || name.startsWith(`${prefix}/`)) {
          hocuspocus.closeConnections(name);
          await hocuspocus.unloadDocument(document);
        }
      }
      await registry.remove(record.code);
      gone.push(record.code);
      log(`class ${record.code} expired and deleted`);
    }
    return gone;
  };
  await expire();
  if (redis) {
    await redis.ready().catch((error: unknown) => {
      redis.pub.disconnect();
      redis.sub.disconnect();
      throw new Error(
        `the class server could not reach Redis at ${options.redis?.host}:${options.redis?.port}: ${String(error)}`,
      );
    });
  }
  const sweep = setInterval(() => void expire(), 10 * 60_000);
  sweep.unref();

  await new Promise<void>((resolve) =>
    http.listen(options.port, options.host ?? '0.0.0.0', resolve),
  );
  const port = (http.address() as AddressInfo).port;
  const url = `http://${options.host ?? 'localhost'}:${port}`;
  log(`LossLab class server on ${url} (classes in ${options.dataDir})`);

  return {
    port,
    url,
    hocuspocus,
    unsaved: () => dirty.size,
    expire,
    async close() {
      clearInterval(sweep);
      // Debounced stores are written now, and running ones finished, before the sockets go.
      const storing = (name: string) => `onStoreDocument-${name}`;
      const { debouncer } = hocuspocus;
      await Promise.all(
        [...hocuspocus.documents.keys()].map((n): Promise<unknown> =>
          Promise.resolve(debouncer.executeNow(storing(n))),
        ),
      );
      for (let i = 0; i < 500; i += 1) {
        const busy = [...hocuspocus.documents.keys()].some((n) =>
          debouncer.isCurrentlyExecuting(storing(n)),
        );
        if (!busy) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      hocuspocus.closeConnections();
      // Unloading waits for last stores (and, behind Redis, a sync delay) before Redis goes.
      for (let i = 0; hocuspocus.documents.size > 0 && i < 500; i += 1) {
        await Promise.all(
          [...hocuspocus.documents.values()].map((d) => hocuspocus.unloadDocument(d)),
        );
        if (hocuspocus.documents.size > 0) await new Promise((r) => setTimeout(r, 10));
      }
      for (const extension of extensions) await extension.onDestroy?.({ instance: hocuspocus });
    },
  };
}
