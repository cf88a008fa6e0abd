/**
 * One class on two class-server instances behind Redis (Hocuspocus' Redis extension), as a school
 * would scale past one server: Debian's `redis-server` on loopback, both instances sharing the
 * class folder, the instructor on one and the students on the other. Students joining both at
 * once are all kept; predictions and runs reach the instructor, the reveal and the end of class
 * reach the students, and an ended class refuses joins on either instance.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classDocName,
  readControl,
  readRoster,
  studentDocName,
  type ClassRun,
} from '../src/core/class';
import { startClassServer, type ClassServer } from './classServer';
import { connect, post, type RawClient } from './testClient';
import { freePort, hasRedisServer, startRedis, type TestRedis } from './testRedis';

const run = (at: number): ClassRun => ({
  at,
  source: 'lesson',
  config: 'v=1&act=softmax',
  label: 'softmax · categorical_crossentropy',
  metric: 'categorical_accuracy',
  status: 'done',
  epochs: [{ loss: 0.5, metric: 0.8, valLoss: 0.6, valMetric: 0.79 }],
});

let dir = '';
let redis: TestRedis | null = null;
const servers: ClassServer[] = [];
const clients: RawClient[] = [];

const start = async () => {
  const server = await startClassServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: dir,
    distDir: null,
    quiet: true,
    redis: redis ? { host: '127.0.0.1', port: redis.port } : null,
  });
  servers.push(server);
  return server;
};

describe.skipIf(!hasRedisServer())('two class servers behind Redis', () => {
  let a: ClassServer;
  let b: ClassServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'losslab-class-redis-'));
    redis = await startRedis(Number(process.env.REDIS_TEST_PORT ?? (await freePort())));
    a = await start();
    b = await start();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const server of servers) await server.close();
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('carries records, the reveal and the end of class between the instances', async () => {
    const open = (server: ClassServer, ...args: [string, Parameters<typeof connect>[2]]) => {
      const client = connect(server.url, ...args);
      clients.push(client);
      return client;
    };
    const { code = '', instructorKey = '' } = (await post(a.url, 'create', {})).body;
    const instructor = { role: 'instructor', key: instructorKey } as const;

    // Joins on both instances at once: each one is kept (they share the class's record).
    const joins = await Promise.all(
      ['Ada', 'Grace', 'Linus', 'Ken'].map((name, i) =>
        post(i === 0 ? a.url : b.url, 'join', { code, name }),
      ),
    );
    expect(joins.map((j) => j.status)).toEqual([201, 201, 201, 201]);
    const ids = joins.map((j) => ({ id: j.body.studentId ?? '', key: j.body.studentKey ?? '' }));

    const board = open(a, classDocName(code), instructor);
    expect(await board.ready).toBe('synced');
    await expect
      .poll(() => Object.keys(readRoster(board.doc.getMap('students').toJSON()).entries).length)
      .toBe(4);

    // The students work on instance B; the instructor reads their records on instance A.
    const students = ids.map(({ id, key }) => ({
      own: open(b, studentDocName(code, id), { role: 'student', id, key }),
      room: open(b, classDocName(code), { role: 'student', id, key }),
      seen: open(a, studentDocName(code, id), instructor),
    }));
    for (const s of students) {
      expect(await s.own.ready).toBe('synced');
      expect(await s.room.ready).toBe('synced');
      expect(await s.seen.ready).toBe('synced');
    }
    const control = (client: RawClient) => readControl(client.doc.getMap('control').toJSON());

    board.doc
      .getMap('control')
      .set('round', { seq: 1, step: 0, lesson: 'int-labels-cce', phase: 'predict' });
    for (const s of students) await expect.poll(() => control(s.room).round?.seq).toBe(1);

    students.forEach((s, i) =>
      s.own.doc.getMap('predictions').set('1', {
        lesson: 'int-labels-cce',
        choice: i % 2 ? 'trains' : 'rejects',
        at: Date.now(),
      }),
    );
    for (const s of students)
      await expect.poll(() => s.seen.doc.getMap('predictions').size).toBe(1);

    board.doc
      .getMap('control')
      .set('round', { seq: 1, step: 0, lesson: 'int-labels-cce', phase: 'reveal' });
    for (const s of students) await expect.poll(() => control(s.room).round?.phase).toBe('reveal');

    students.forEach((s, i) => s.own.doc.getMap('runs').set(`run-${i}`, run(Date.now())));
    for (const s of students) await expect.poll(() => s.seen.doc.getMap('runs').size).toBe(1);

    board.doc.getMap('control').set('ended', Date.now());
    for (const s of students) await expect.poll(() => control(s.room).ended).not.toBeNull();
    // Both instances refuse a new student once the class has ended.
    await expect
      .poll(async () => (await post(b.url, 'join', { code, name: 'Late' })).status)
      .toBe(410);
    expect((await post(a.url, 'join', { code, name: 'Late' })).status).toBe(410);
  });
});
