/**
 * `npm run bench:class`: a class of simulated students (Node clients of the same engine as the
 * page) on a class server in its own process. 60 students join, predict, post 5 runs each; 10 of
 * them drop, post a run while disconnected and reconnect. Measured: join time (API call + first
 * sync), delivery latency to the instructor (from a student's write to the instructor's copy),
 * the server's memory and CPU, and lost or duplicated records. Written to bench/out/class.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classDocName, studentDocName, type ClassRun } from '../src/core/class';
import { connect, post, type RawClient } from '../server/testClient';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 60);
const RUNS = 5;
const DROPS = 10;
const PORT = Number(process.env.BENCH_CLASS_PORT ?? 8811);
const ORIGIN = `http://127.0.0.1:${PORT}`;

const quantile = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const until = async (check: () => boolean, timeoutMs = 60_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};
/** Resident memory (MB) and CPU seconds (user + system) of a process, from /proc. */
const usage = (pid: number) => {
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return {
    rssMb: Number(rss) / 1024,
    cpuS: (Number(stat[11]) + Number(stat[12])) / 100,
  };
};

const run = (at: number): ClassRun => ({
  at,
  source: 'trainer',
  config: 'v=1&act=softmax&loss=categorical_crossentropy&labels=onehot',
  label: 'softmax · categorical_crossentropy · onehot labels',
  metric: 'categorical_accuracy',
  status: 'done',
  testAccuracy: 0.9,
  epochs: Array.from({ length: 10 }, () => ({
    loss: 0.3,
    metric: 0.9,
    valLoss: 0.35,
    valMetric: 0.88,
  })),
});

const dataDir = mkdtempSync(join(tmpdir(), 'losslab-bench-class-'));
const server = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []), '--import', 'tsx', 'server/index.ts'], {
  env: {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    CLASS_DATA: dataDir,
    CLASS_APP: 'none',
  },
  stdio: 'ignore',
});
const clients: RawClient[] = [];
try {
  for (let i = 0; ; i += 1) {
    try {
      if ((await fetch(`${ORIGIN}/api/class`)).ok) break;
    } catch {
      if (i > 600) throw new Error('the class server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const pid = server.pid ?? 0;
  const idle = usage(pid);
  const { code = '', instructorKey = '' } = (await post(ORIGIN, 'create', {})).body;
  const teacher = connect(ORIGIN, classDocName(code), { role: 'instructor', key: instructorKey });
  clients.push(teacher);
  await teacher.ready;

  // Join: the API call and the first sync of the student's own document.
  const joinMs: number[] = [];
  const students: { id: string; key: string; client: RawClient }[] = [];
  for (let i = 0; i < STUDENTS; i += 1) {
    const start = performance.now();
    const { studentId = '', studentKey = '' } = (
      await post(ORIGIN, 'join', { code, name: `S${i}` })
    ).body;
    const client = connect(ORIGIN, studentDocName(code, studentId), {
      role: 'student',
      id: studentId,
      key: studentKey,
    });
    await client.ready;
    joinMs.push(performance.now() - start);
    students.push({ id: studentId, key: studentKey, client });
    clients.push(client);
  }

  // The instructor's copies of every student's record; latency measured on arrival.
  const latencies: number[] = [];
  const seen = new Map<string, Set<string>>();
  const views = new Map<string, RawClient>();
  for (const s of students) {
    const view = connect(ORIGIN, studentDocName(code, s.id), {
      role: 'instructor',
      key: instructorKey,
    });
    clients.push(view);
    views.set(s.id, view);
    await view.ready;
    const keys = new Set<string>();
    seen.set(s.id, keys);
    for (const part of ['predictions', 'runs'] as const) {
      view.doc.getMap(part).observe((event) => {
        for (const key of event.keysChanged as Set<string>) {
          const entry = view.doc.getMap(part).get(key) as { at?: number } | undefined;
          if (keys.has(`${part}/${key}`)) continue;
          keys.add(`${part}/${key}`);
          if (typeof entry?.at === 'number') latencies.push(Date.now() - entry.at);
        }
      });
    }
  }

  const before = usage(pid);
  const t0 = performance.now();
  teacher.doc
    .getMap('control')
    .set('round', { seq: 1, step: 0, lesson: 'int-labels-cce', phase: 'predict' });
  const sent = new Map<string, Set<string>>();
  const send = (
    s: (typeof students)[number],
    part: 'predictions' | 'runs',
    key: string,
    value: object,
  ) => {
    s.client.doc.getMap(part).set(key, value);
    const set = sent.get(s.id) ?? new Set<string>();
    set.add(`${part}/${key}`);
    sent.set(s.id, set);
  };
  for (const s of students)
    send(s, 'predictions', '1', { lesson: 'int-labels-cce', choice: 'rejects', at: Date.now() });
  for (let r = 0; r < RUNS; r += 1) {
    for (const s of students) send(s, 'runs', `run-${r}`, run(Date.now()));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Ten drop, run while disconnected, and come back.
  const dropped = students.slice(0, DROPS);
  // The connection drops under the client (as a network would); the provider reconnects itself.
  for (const s of dropped) s.client.socket.webSocket?.close();
  for (const s of dropped) send(s, 'runs', 'offline', run(Date.now()));
  const reconnectAt = Date.now();
  const expected = () => [...sent.values()].reduce((n, set) => n + set.size, 0);
  const arrived = () => [...seen.values()].reduce((n, set) => n + set.size, 0);
  await until(() => arrived() >= expected(), 60_000).catch((error: unknown) => {
    console.error(`arrived ${arrived()} of ${expected()}`);
    throw error;
  });
  const wallS = (performance.now() - t0) / 1000;
  const after = usage(pid);

  let lost = 0;
  let duplicated = 0;
  for (const s of students) {
    const want = sent.get(s.id) ?? new Set();
    const got = seen.get(s.id) ?? new Set();
    for (const key of want) if (!got.has(key)) lost += 1;
    // What the instructor's copy holds beyond what was sent (a record filed twice).
    const view = views.get(s.id)?.doc;
    const stored = (view?.getMap('predictions').size ?? 0) + (view?.getMap('runs').size ?? 0);
    duplicated += Math.max(0, stored - want.size);
  }

  const result = {
    students: STUDENTS,
    runsPerStudent: RUNS,
    dropped: DROPS,
    records: expected(),
    joinMs: { p50: quantile(joinMs, 0.5), p95: quantile(joinMs, 0.95) },
    deliveryMs: {
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      max: Math.max(...latencies),
    },
    reconnectedWithinMs: Date.now() - reconnectAt,
    lost,
    duplicated,
    server: {
      rssMbIdle: idle.rssMb,
      rssMbAfter: after.rssMb,
      cpuS: after.cpuS - before.cpuS,
      wallS,
    },
    machine: `${process.platform} ${process.arch}, Node ${process.version}`,
  };
  mkdirSync('bench/out', { recursive: true });
  writeFileSync('bench/out/class.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  for (const c of clients) c.destroy();
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
