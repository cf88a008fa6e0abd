/**
 * The class session's protocol, shared by the class server (server/) and the page: document
 * names, the join code, the connection token and the limits. Pure: no Yjs, no DOM.
 *
 * A class is one class document, written only by the instructor (and by the server, which adds
 * each student to its roster), plus one document per student, written only by that student. The
 * server enforces this from the document's name and the token's identity, so a student's client,
 * however modified, can write nothing but its own record.
 */
import * as v from 'valibot';

/** Join codes: no 0/O, 1/I/L, so a code read off a projector is typed right. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 8 characters from 31: about 8.5 × 10¹¹ codes; with failed joins throttled, guessing is hopeless. */
export const CODE_LENGTH = 8;

/** Where the page and the server meet: the HTTP API and the sync endpoint, on the app's origin. */
export const CLASS_API = '/api/class';
export const CLASS_SYNC_PATH = '/class-sync';

/** Limits the server enforces and the page respects (the server's are configurable). */
export const CLASS_LIMITS = {
  nameLength: 40,
  studentsPerClass: 200,
  runsPerStudent: 200,
  predictionsPerStudent: 200,
  /** Class grids a student's page reports its work for (one entry per sweep sent). */
  sweepsPerClass: 200,
  /** Epoch records kept per run curve. */
  curveLength: 100,
  /** Bytes in one sync message; a larger one closes that document's connection. */
  messageBytes: 256 * 1024,
} as const;

/** Normalises a typed code (case, spaces, dashes); null when it cannot be a code. */
export function normaliseCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_LENGTH) return null;
  for (const c of code) if (!CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** Shows a code in two groups of four, as read aloud. */
export const formatCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

export const classDocName = (code: string): string => `class/${code}`;
export const studentDocName = (code: string, studentId: string): string =>
  `class/${code}/s/${studentId}`;

/** What a document name says: the class document, a student's, or nothing we serve. */
export type DocAddress =
  { kind: 'class'; code: string } | { kind: 'student'; code: string; studentId: string };

const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function parseDocName(name: string): DocAddress | null {
  const parts = name.split('/');
  if (parts[0] !== 'class' || parts[1] === undefined) return null;
  const code = normaliseCode(parts[1]);
  if (code === null || code !== parts[1]) return null;
  if (parts.length === 2) return { kind: 'class', code };
  if (parts.length === 4 && parts[2] === 's' && parts[3] && ID_PATTERN.test(parts[3])) {
    return { kind: 'student', code, studentId: parts[3] };
  }
  return null;
}

/** The secret a browser presents on connecting: the instructor key, or a student's identity. */
export type ClassToken =
  { role: 'instructor'; key: string } | { role: 'student'; id: string; key: string };

const secret = v.pipe(v.string(), v.regex(ID_PATTERN));
const tokenSchema = v.variant('role', [
  v.strictObject({ role: v.literal('instructor'), key: secret }),
  v.strictObject({ role: v.literal('student'), id: secret, key: secret }),
]);

export const encodeToken = (token: ClassToken): string => JSON.stringify(token);

export function parseToken(raw: string): ClassToken | null {
  try {
    const result = v.safeParse(tokenSchema, JSON.parse(raw));
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}

/** A display name as stored and shown: plain text, one line, trimmed, at most `nameLength`. */
export function cleanName(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  // Control characters would let a name break a line or a CSV cell.
  const flat = [...raw]
    .map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return [...flat].slice(0, CLASS_LIMITS.nameLength).join('');
}

/** The API's answers (the page validates them like everything else from the network). */
export const createdSchema = v.strictObject({ code: v.string(), instructorKey: secret });
export const joinedSchema = v.strictObject({
  code: v.string(),
  studentId: secret,
  studentKey: secret,
  name: v.string(),
});
export const errorSchema = v.object({ error: v.string() });
export type Created = v.InferOutput<typeof createdSchema>;
export type Joined = v.InferOutput<typeof joinedSchema>;
