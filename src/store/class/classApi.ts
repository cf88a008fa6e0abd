/**
 * The class server's HTTP API as the page calls it, and the identities the browser keeps. Every
 * answer is validated; a page served by a plain static host (no API) is told apart from a class
 * server that said no, so "Start a class" can explain what it needs.
 */
import * as v from 'valibot';
import { IDENTITY_KEY, type IdentityStorage } from './identityStorage';

export { browserIdentityStorage, type IdentityStorage } from './identityStorage';
import {
  CLASS_API,
  createdSchema,
  errorSchema,
  joinedSchema,
  type Created,
  type Joined,
} from '../../core';

/**
 * An answer, or why there is none: `noServer` for a page served without a class server,
 * `unreachable` when the request never reached a server (offline, or the server is down).
 */
export type ApiResult<T> =
  { ok: true; value: T } | { ok: false; noServer: boolean; unreachable?: true; message: string };

export interface ClassApi {
  create(): Promise<ApiResult<Created>>;
  join(body: {
    code: string;
    name?: string;
    studentId?: string;
    studentKey?: string;
  }): Promise<ApiResult<Joined>>;
  open(code: string, instructorKey: string): Promise<ApiResult<{ endedAt: number | null }>>;
}

const NO_SERVER =
  'Classes need the LossLab class server, and this page is served without one (see the README, “Teach a class with LossLab”).';

async function call<T>(
  fetcher: typeof fetch,
  path: string,
  body: unknown,
  schema: v.GenericSchema<unknown, T>,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetcher(`${CLASS_API}/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    return {
      ok: false,
      noServer: false,
      unreachable: true,
      message: 'The class server cannot be reached.',
    };
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    // A static host answers with a page or a plain 404: there is no class server behind it.
    return { ok: false, noServer: true, message: NO_SERVER };
  }
  const parsed = v.safeParse(schema, json);
  if (response.ok && parsed.success) return { ok: true, value: parsed.output };
  const error = v.safeParse(errorSchema, json);
  return {
    ok: false,
    noServer: false,
    message: error.success
      ? error.output.error.slice(0, 200)
      : 'The class server’s answer was not understood.',
  };
}

export function createClassApi(fetcher: typeof fetch = (...args) => fetch(...args)): ClassApi {
  return {
    create: () => call(fetcher, 'create', {}, createdSchema),
    join: (body) => call(fetcher, 'join', body, joinedSchema),
    open: (code, instructorKey) =>
      call(fetcher, 'open', { code, instructorKey }, v.object({ endedAt: v.nullable(v.number()) })),
  };
}

const secret = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/));
const identitiesSchema = v.object({
  current: v.nullable(v.object({ role: v.picklist(['instructor', 'student']), code: v.string() })),
  instructor: v.record(v.string(), secret),
  student: v.record(
    v.string(),
    v.object({ studentId: secret, studentKey: secret, name: v.string() }),
  ),
});
/** What this browser holds: its instructor keys and student identities, by code, and the class it is in. */
export type ClassIdentities = v.InferOutput<typeof identitiesSchema>;

const EMPTY: ClassIdentities = { current: null, instructor: {}, student: {} };

export function loadIdentities(storage: IdentityStorage | null): ClassIdentities {
  try {
    const raw = storage?.getItem(IDENTITY_KEY);
    if (!raw) return EMPTY;
    const parsed = v.safeParse(identitiesSchema, JSON.parse(raw));
    return parsed.success ? parsed.output : EMPTY;
  } catch {
    return EMPTY;
  }
}

/** Saves the identities; false where storage is blocked (the class then lasts as long as the tab). */
export function saveIdentities(storage: IdentityStorage | null, ids: ClassIdentities): boolean {
  try {
    storage?.setItem(IDENTITY_KEY, JSON.stringify(ids));
    return storage !== null;
  } catch {
    return false;
  }
}
