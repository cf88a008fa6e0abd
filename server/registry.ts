/**
 * The class server's file store: one JSON file per class (its instructor key's hash, its
 * students' key hashes and names, when it started and ended) and one binary file per Yjs
 * document (its full state as one update). Writes go to a temporary file and are renamed over the
 * old one, so a crash (even SIGKILL) leaves the previous or the new file, never half of one.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { CODE_ALPHABET, CODE_LENGTH, parseDocName } from '../src/core/class/protocol';

const classSchema = v.object({
  code: v.string(),
  instructorKeyHash: v.string(),
  createdAt: v.number(),
  endedAt: v.nullable(v.number()),
  students: v.record(
    v.string(),
    v.object({ keyHash: v.string(), name: v.string(), joinedAt: v.number() }),
  ),
});
export type ClassRecord = v.InferOutput<typeof classSchema>;

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Compares a presented key with a stored hash in constant time. */
export function keyMatches(key: string, hash: string): boolean {
  const a = Buffer.from(hashKey(key), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A random secret (instructor key, student id and key): 24 bytes, URL-safe. */
export const newSecret = (): string => randomBytes(24).toString('base64url');

/** A join code from the unambiguous alphabet, drawn without modulo bias. */
export function newCode(): string {
  let code = '';
  while (code.length < CODE_LENGTH) {
    for (const byte of randomBytes(16)) {
      // 248 = 8 × 31: bytes above it would favour the first letters.
      if (byte < 248 && code.length < CODE_LENGTH) code += CODE_ALPHABET[byte % 31];
    }
  }
  return code;
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** A lock older than this was left by a process that died holding it. */
const STALE_LOCK_MS = 10_000;

/**
 * Holds a lock file while `work` runs, so that instances sharing CLASS_DATA (several servers
 * behind Redis) never interleave two read-modify-writes of one class: creating a file with `wx`
 * succeeds for one process only.
 */
async function withFileLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      await (await open(path, 'wx')).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(path, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}

export interface Registry {
  readonly dir: string;
  get(code: string): Promise<ClassRecord | null>;
  put(record: ClassRecord): Promise<void>;
  /**
   * Runs one read-modify-write of a class at a time per code (joins arrive together), across
   * every process sharing the folder.
   */
  update(
    code: string,
    change: (record: ClassRecord) => ClassRecord | null,
  ): Promise<ClassRecord | null>;
  list(): Promise<ClassRecord[]>;
  /** Deletes a class and every document of it. */
  remove(code: string): Promise<void>;
  fetchDoc(name: string): Promise<Uint8Array | null>;
  storeDoc(name: string, state: Uint8Array): Promise<void>;
}

/** Document names are validated before they reach the disk; `/` becomes `~` in file names. */
const docFile = (dir: string, name: string): string => {
  if (!parseDocName(name)) throw new Error(`not a class document: ${name}`);
  return join(dir, 'docs', `${name.replaceAll('/', '~')}.bin`);
};

export async function openRegistry(dir: string): Promise<Registry> {
  await mkdir(join(dir, 'classes'), { recursive: true });
  await mkdir(join(dir, 'docs'), { recursive: true });
  const classFile = (code: string) => join(dir, 'classes', `${code}.json`);
  const queues = new Map<string, Promise<unknown>>();

  const get = async (code: string): Promise<ClassRecord | null> => {
    try {
      const parsed = v.safeParse(classSchema, JSON.parse(await readFile(classFile(code), 'utf8')));
      return parsed.success ? parsed.output : null;
    } catch {
      return null;
    }
  };
  const put = (record: ClassRecord) => writeAtomic(classFile(record.code), JSON.stringify(record));

  return {
    dir,
    get,
    put,
    update(code, change) {
      const previous = queues.get(code) ?? Promise.resolve();
      const next = previous.then(() =>
        withFileLock(`${classFile(code)}.lock`, async () => {
          const record = await get(code);
          if (!record) return null;
          const changed = change(record);
          if (changed) await put(changed);
          return changed ?? record;
        }),
      );
      queues.set(
        code,
        next.catch(() => undefined),
      );
      return next;
    },
    async list() {
      const names = await readdir(join(dir, 'classes'));
      const records = await Promise.all(
        names.filter((n) => n.endsWith('.json')).map((n) => get(n.slice(0, -5))),
      );
      return records.filter((r): r is ClassRecord => r !== null);
    },
    async remove(code) {
      const docs = await readdir(join(dir, 'docs'));
      await Promise.all(
        docs
          .filter((n) => n === `class~${code}.bin` || n.startsWith(`class~${code}~`))
          .map((n) => rm(join(dir, 'docs', n), { force: true })),
      );
      await rm(classFile(code), { force: true });
    },
    async fetchDoc(name) {
      try {
        return new Uint8Array(await readFile(docFile(dir, name)));
      } catch {
        return null;
      }
    },
    storeDoc: (name, state) => writeAtomic(docFile(dir, name), state),
  };
}
