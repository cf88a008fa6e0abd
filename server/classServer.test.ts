/**
 * The class server's rules, checked with raw clients (what a modified browser could send): a
 * student writes only their own record, only the instructor key changes the controls, bad input
 * is refused without harming anyone else, and classes survive a restart and expire.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLASS_LIMITS, classDocName, studentDocName, type ClassRun } from '../src/core/class';
import { startClassServer, type ClassServer } from './classServer';
import { openRegistry } from './registry';
import { connect, post, type RawClient } from './testClient';

let dir: string;
let server: ClassServer;
const clients: RawClient[] = [];
const open = (name: string, token: Parameters<typeof connect>[2]) => {
  const client = connect(server.url, name, token);
  clients.push(client);
  return client;
};
/** The server's document: the one in memory, or what it stored once nobody had it open. */
const serverDoc = async (name: string): Promise<Y.Doc> => {
  const live = server.hocuspocus.documents.get(name);
  if (live) return live;
  const doc = new Y.Doc();
  const stored = await (await openRegistry(dir)).fetchDoc(name);
  if (stored) Y.applyUpdate(doc, stored);
  return doc;
};

const run = (at: number): ClassRun => ({
  at,
  source: 'trainer',
  config: 'v=1&act=softmax',
  label: 'softmax · categorical_crossentropy',
  metric: 'categorical_accuracy',
  status: 'done',
  testAccuracy: 0.9,
  epochs: [{ loss: 0.5, metric: 0.8, valLoss: 0.6, valMetric: 0.79 }],
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'losslab-class-'));
  server = await startClassServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: dir,
    distDir: null,
    quiet: true,
    failuresPerMinute: 5,
    maxStudents: 3,
  });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('class server', () => {
  let code = '';
  let instructorKey = '';
  let alice = { studentId: '', studentKey: '' };
  let bob = { studentId: '', studentKey: '' };

  it('creates a class and lets students join with a name kept as plain text', async () => {
    const created = await post(server.url, 'create', {});
    expect(created.status).toBe(201);
    code = created.body.code ?? '';
    instructorKey = created.body.instructorKey ?? '';
    expect(code).toMatch(/^[A-HJ-KM-NP-Z2-9]{8}$/);
    const a = await post(server.url, 'join', { code: code.toLowerCase(), name: '  Alice\n<b>' });
    expect(a.status).toBe(201);
    expect(a.body.name).toBe('Alice <b>');
    alice = { studentId: a.body.studentId ?? '', studentKey: a.body.studentKey ?? '' };
    const b = await post(server.url, 'join', { code, name: 'x'.repeat(500) });
    expect(b.body.name).toHaveLength(CLASS_LIMITS.nameLength);
    bob = { studentId: b.body.studentId ?? '', studentKey: b.body.studentKey ?? '' };
    // The same browser again is the same student.
    const again = await post(server.url, 'join', { code, ...alice });
    expect(again.body.studentId).toBe(alice.studentId);
  });

  it('lets the instructor write the controls and a student write their own record', async () => {
    const teacher = open(classDocName(code), { role: 'instructor', key: instructorKey });
    expect(await teacher.ready).toBe('synced');
    teacher.doc
      .getMap('control')
      .set('round', { seq: 1, step: 0, lesson: 'int-cce', phase: 'predict' });
    await teacher.settled();
    expect((await serverDoc(classDocName(code))).getMap('control').get('round')).toMatchObject({
      seq: 1,
    });
    // The server added both students to the roster.
    expect(
      Object.keys((await serverDoc(classDocName(code))).getMap('students').toJSON()),
    ).toHaveLength(2);

    const own = open(studentDocName(code, bob.studentId), {
      role: 'student',
      id: bob.studentId,
      key: bob.studentKey,
    });
    expect(await own.ready).toBe('synced');
    own.doc.getMap('runs').set('run1', run(1));
    await own.settled();
    expect(
      (await serverDoc(studentDocName(code, bob.studentId))).getMap('runs').get('run1'),
    ).toBeTruthy();
  });

  it('refuses a student who opens another student’s record, even with their id', async () => {
    const mine = { role: 'student', id: alice.studentId, key: alice.studentKey } as const;
    const spy = open(studentDocName(code, bob.studentId), mine);
    expect(await spy.ready).toBe('denied');
    const forged = open(studentDocName(code, bob.studentId), { ...mine, id: bob.studentId });
    expect(await forged.ready).toBe('denied');
    expect((await serverDoc(studentDocName(code, bob.studentId))).getMap('runs').size).toBe(1);
  });

  it('refuses a student’s changes to the controls, the roster and the results', async () => {
    const before = Y.encodeStateAsUpdate(await serverDoc(classDocName(code)));
    const attacker = open(classDocName(code), {
      role: 'student',
      id: alice.studentId,
      key: alice.studentKey,
    });
    expect(await attacker.ready).toBe('synced');
    attacker.doc.transact(() => {
      attacker.doc
        .getMap('control')
        .set('round', { seq: 9, step: 3, lesson: 'x', phase: 'reveal' });
      attacker.doc.getMap('control').set('ended', Date.now());
      attacker.doc.getMap('students').set(bob.studentId, { name: 'hacked', joinedAt: 0 });
    });
    await expect.poll(() => attacker.rejections()).toBeGreaterThan(0);
    expect(Y.encodeStateAsUpdate(await serverDoc(classDocName(code)))).toEqual(before);
    expect(await registryEnded(code)).toBe(false);
  });

  it('refuses a student’s own record when it breaks the schema or the caps, and others carry on', async () => {
    const token = { role: 'student', id: alice.studentId, key: alice.studentKey } as const;
    const name = studentDocName(code, alice.studentId);
    const bad = open(name, token);
    expect(await bad.ready).toBe('synced');
    bad.doc.getMap('runs').set('r', { ...run(1), label: 42 });
    await expect.poll(() => bad.rejections()).toBeGreaterThan(0);
    expect((await serverDoc(name)).getMap('runs').size).toBe(0);
    bad.destroy();

    const many = open(name, token);
    expect(await many.ready).toBe('synced');
    many.doc.transact(() => {
      for (let i = 0; i <= CLASS_LIMITS.runsPerStudent; i += 1)
        many.doc.getMap('runs').set(`r${i}`, run(i));
    });
    await expect.poll(() => many.rejections()).toBeGreaterThan(0);
    expect((await serverDoc(name)).getMap('runs').size).toBe(0);
    many.destroy();

    const huge = open(name, token);
    expect(await huge.ready).toBe('synced');
    huge.doc.getMap('other').set('blob', 'x'.repeat(CLASS_LIMITS.messageBytes + 10));
    await expect.poll(() => huge.rejections()).toBeGreaterThan(0);
    expect((await serverDoc(name)).share.has('other')).toBe(false);
    huge.destroy();

    // Bob, on the same server, still writes.
    const other = open(studentDocName(code, bob.studentId), {
      role: 'student',
      id: bob.studentId,
      key: bob.studentKey,
    });
    expect(await other.ready).toBe('synced');
    other.doc.getMap('predictions').set('1', { lesson: 'int-cce', choice: 'a', at: 1 });
    await other.settled();
    expect((await serverDoc(studentDocName(code, bob.studentId))).getMap('predictions').size).toBe(
      1,
    );
  });

  it('refuses a wrong instructor key, a full class and, after a few wrong codes, the address', async () => {
    const wrong = open(classDocName(code), { role: 'instructor', key: 'not-the-key-at-all' });
    expect(await wrong.ready).toBe('denied');
    expect((await post(server.url, 'open', { code, instructorKey: 'nope' })).status).toBe(403);
    expect((await post(server.url, 'open', { code, instructorKey })).status).toBe(200);
    expect((await post(server.url, 'join', { code, name: 'C' })).status).toBe(201);
    const full = await post(server.url, 'join', { code, name: 'D' });
    expect(full.status).toBe(403);
    expect(full.body.error).toMatch(/full/);
    let status = 0;
    for (let i = 0; i < 6 && status !== 429; i += 1) {
      status = (await post(server.url, 'join', { code: 'ZZZZZZZZ' })).status;
    }
    expect(status).toBe(429);
    // Even the right code is refused to that address for the rest of the minute.
    expect((await post(server.url, 'join', { code, ...alice })).status).toBe(429);
  });

  async function registryEnded(c: string): Promise<boolean> {
    const record = await (await openRegistry(dir)).get(c);
    return record?.endedAt !== null;
  }
});

describe('class server persistence and expiry', () => {
  it('keeps a class across a restart and deletes it once expired after its end', async () => {
    const data = await mkdtemp(join(tmpdir(), 'losslab-class-'));
    const options = {
      port: 0,
      host: '127.0.0.1',
      dataDir: data,
      distDir: null,
      quiet: true,
      debounceMs: 10,
    };
    let first = await startClassServer(options);
    const { code, instructorKey } = (await post(first.url, 'create', {})).body;
    const teacher = connect(first.url, classDocName(code!), {
      role: 'instructor',
      key: instructorKey!,
    });
    expect(await teacher.ready).toBe('synced');
    teacher.doc.getMap('control').set('ended', 123);
    await teacher.settled();
    await expect.poll(() => first.unsaved()).toBe(0);
    teacher.destroy();
    await first.close();

    first = await startClassServer({ ...options, expiryMs: 60_000 });
    const back = connect(first.url, classDocName(code!), {
      role: 'instructor',
      key: instructorKey!,
    });
    expect(await back.ready).toBe('synced');
    expect(back.doc.getMap('control').get('ended')).toBe(123);
    // Ended: readable, no longer writable, and nobody new joins.
    expect((await post(first.url, 'join', { code, name: 'late' })).status).toBe(410);
    back.destroy();
    await first.close();

    const expired = await startClassServer({ ...options, expiryMs: 0 });
    expect((await post(expired.url, 'join', { code, name: 'late' })).status).toBe(404);
    await expired.close();
    await rm(data, { recursive: true, force: true });
  });
});

describe('class server: the class grid', () => {
  it('lets only the instructor set the sweep and the assignment, and a student file grid results only in their own record', async () => {
    const data = await mkdtemp(join(tmpdir(), 'losslab-class-'));
    const grid = await startClassServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: data,
      distDir: null,
      quiet: true,
    });
    const live: RawClient[] = [];
    const connectTo = (name: string, token: Parameters<typeof connect>[2]) => {
      const client = connect(grid.url, name, token);
      live.push(client);
      return client;
    };
    const docOf = (name: string) => grid.hocuspocus.documents.get(name);
    try {
      const { code, instructorKey } = (await post(grid.url, 'create', {})).body;
      if (!code || !instructorKey) throw new Error('no class');
      const joined = async (name: string) => {
        const { studentId, studentKey } = (await post(grid.url, 'join', { code, name })).body;
        return { role: 'student', id: studentId ?? '', key: studentKey ?? '' } as const;
      };
      const ada = await joined('Ada');
      const bob = await joined('Bob');

      const teacher = connectTo(classDocName(code), { role: 'instructor', key: instructorKey });
      expect(await teacher.ready).toBe('synced');
      const sweep = {
        seq: 1,
        title: 'a grid',
        link: 'view=grid&v=1&sweep=act&act=sigmoid,softmax',
      };
      teacher.doc.transact(() => {
        teacher.doc.getMap('control').set('sweep', sweep);
        teacher.doc
          .getMap('control')
          .set('assign', { sweep: 1, cells: { [ada.id]: [0], [bob.id]: [1] } });
      });
      await teacher.settled();
      const before = Y.encodeStateAsUpdate(docOf(classDocName(code)) ?? new Y.Doc());

      // Ada tries to take every cell for herself, and to send a sweep of her own.
      const attacker = connectTo(classDocName(code), ada);
      expect(await attacker.ready).toBe('synced');
      attacker.doc.transact(() => {
        attacker.doc.getMap('control').set('assign', { sweep: 1, cells: { [ada.id]: [0, 1] } });
        attacker.doc.getMap('control').set('sweep', { ...sweep, seq: 2, title: 'mine' });
      });
      await expect.poll(() => attacker.rejections()).toBeGreaterThan(0);
      expect(Y.encodeStateAsUpdate(docOf(classDocName(code)) ?? new Y.Doc())).toEqual(before);
      expect(teacher.doc.getMap('control').get('sweep')).toEqual(sweep);

      // Her results go to her own record only: Bob's is refused at the door, even with his id.
      const forged = connectTo(studentDocName(code, bob.id), { ...ada, id: bob.id });
      expect(await forged.ready).toBe('denied');

      // In her own record, a work entry and a grid run that fit the schema are stored.
      const own = connectTo(studentDocName(code, ada.id), ada);
      expect(await own.ready).toBe('synced');
      const result = { ...run(1), source: 'grid', sweep: 1, cell: 0 };
      own.doc.transact(() => {
        own.doc.getMap('work').set('1', { state: 'training', cell: 0, at: 1 });
        own.doc.getMap('runs').set('g1', result);
      });
      await own.settled();
      const stored = () => docOf(studentDocName(code, ada.id));
      expect(stored()?.getMap('runs').get('g1')).toEqual(result);
      expect(stored()?.getMap('work').get('1')).toMatchObject({ state: 'training' });

      // Malformed ones are refused and change nothing: a state that does not exist, a cell
      // outside any grid, a result of no sweep's cell index.
      for (const [part, key, value] of [
        ['work', '1', { state: 'finished-everything', at: 2 }],
        ['work', '2', { state: 'ready', cell: 1000, at: 2 }],
        ['runs', 'g2', { ...result, cell: -1 }],
        ['runs', 'g3', { ...result, sweep: 'all' }],
      ] as const) {
        const bad = connectTo(studentDocName(code, ada.id), ada);
        expect(await bad.ready).toBe('synced');
        bad.doc.getMap(part).set(key, value);
        await expect.poll(() => bad.rejections()).toBeGreaterThan(0);
        bad.destroy();
      }
      expect(stored()?.getMap('work').toJSON()).toEqual({
        '1': { state: 'training', cell: 0, at: 1 },
      });
      expect(Object.keys(stored()?.getMap('runs').toJSON() ?? {})).toEqual(['g1']);
    } finally {
      for (const client of live) client.destroy();
      await grid.close();
      await rm(data, { recursive: true, force: true });
    }
  });
});
