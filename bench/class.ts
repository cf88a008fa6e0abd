/**
 * `npm run bench:class`: a class of simulated students (Node clients of the same engine as the
 * page, all in this process) on class servers in their own processes, twice: one server, then
 * two instances behind Redis (Debian's `redis-server` on loopback; the instructor on one, the
 * students on the other). 60 students join; each already holds 20 runs of 20 epochs (a class
 * well into its hour, so the server handles documents of realistic size); then they predict and
 * post 5 runs each; 10 of them drop, post a run while disconnected and reconnect.
 *
 * Measured: join time (API call + first sync); delivery latency to the instructor (from a
 * student's write to the instructor's copy) for records sent while connected; for the records
 * written offline, how long after the reconnect they all arrived; the servers' memory and CPU;
 * lost or duplicated records; the load average. Written to bench/out/class.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { classDocName, studentDocName, type ClassRun } from '../src/core/class';
import { connect, post, type RawClient } from '../server/testClient';
import { hasRedisServer, startRedis } from '../server/testRedis';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 60);
const PREFILL = Number(process.env.BENCH_PREFILL ?? 20);
const RUNS = 5;
const DROPS = 10;
const PORT = Number(process.env.BENCH_CLASS_PORT ?? 8811);
const REDIS_PORT = Number(process.env.BENCH_REDIS_PORT ?? PORT + 2);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quantile = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const until = async (check: () => boolean, what: () => string, timeoutMs = 120_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out: ${what()}`);
    await sleep(5);
  }
};
/** Resident memory (MB) and CPU seconds (user + system) of a process, from /proc. */
const usage = (pid: number) => {
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return { rssMb: Number(rss) / 1024, cpuS: (Number(stat[11]) + Number(stat[12])) / 100 };
};
const round = (x: number) => Math.round(x * 10) / 10;

const run = (at: number, epochs = 10): ClassRun => ({
  at,
  source: 'trainer',
  config: 'v=1&act=softmax&loss=categorical_crossentropy&labels=onehot',
  label: 'softmax · categorical_crossentropy · onehot labels',
  metric: 'categorical_accuracy',
  status: 'done',
  testAccuracy: 0.9,
  epochs: Array.from({ length: epochs }, () => ({
    loss: 0.3,
    metric: 0.9,
    valLoss: 0.35,
    valMetric: 0.88,
  })),
});

interface Server {
  origin: string;
  process: ChildProcess;
}

async function startServer(port: number, dataDir: string, redisPort: number | null) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLASS_DATA: dataDir,
      CLASS_APP: 'none',
      ...(redisPort === null ? {} : { REDIS_URL: `redis://127.0.0.1:${redisPort}` }),
    },
    stdio: 'ignore',
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    try {
      if ((await fetch(`${origin}/api/class`)).ok) break;
    } catch {
      if (i > 600) throw new Error('the class server did not start');
      await sleep(50);
    }
  }
  return { origin, process: child };
}

/** One class: the instructor on the first server, the students on the last. */
async function measure(servers: Server[]) {
  const teacherAt = servers[0]?.origin ?? '';
  const studentsAt = servers.at(-1)?.origin ?? '';
  const pids = servers.map((s) => s.process.pid ?? 0);
  const total = () =>
    pids.map(usage).reduce((a, b) => ({ rssMb: a.rssMb + b.rssMb, cpuS: a.cpuS + b.cpuS }));
  const clients: RawClient[] = [];
  try {
    const idle = total();
    const { code = '', instructorKey = '' } = (await post(teacherAt, 'create', {})).body;
    const instructor = { role: 'instructor', key: instructorKey } as const;
    const teacher = connect(teacherAt, classDocName(code), instructor);
    clients.push(teacher);
    await teacher.ready;

    const joinMs: number[] = [];
    const students: { id: string; client: RawClient }[] = [];
    for (let i = 0; i < STUDENTS; i += 1) {
      const start = performance.now();
      const joined = (await post(studentsAt, 'join', { code, name: `S${i}` })).body;
      const id = joined.studentId ?? '';
      const client = connect(studentsAt, studentDocName(code, id), {
        role: 'student',
        id,
        key: joined.studentKey ?? '',
      });
      await client.ready;
      joinMs.push(performance.now() - start);
      students.push({ id, client });
      clients.push(client);
    }

    // The instructor's copies of every student's record; latency measured on arrival.
    const online: number[] = [];
    const offlineArrivals: number[] = [];
    const offline = new Set<string>();
    const seen = new Map<string, Set<string>>();
    const views = new Map<string, RawClient>();
    for (const s of students) {
      const view = connect(teacherAt, studentDocName(code, s.id), instructor);
      clients.push(view);
      views.set(s.id, view);
      await view.ready;
      const keys = new Set<string>();
      seen.set(s.id, keys);
      for (const part of ['predictions', 'runs'] as const) {
        view.doc.getMap(part).observe((event) => {
          for (const key of event.keysChanged as Set<string>) {
            const entry = view.doc.getMap(part).get(key) as { at?: number } | undefined;
            const id = `${part}/${key}`;
            if (keys.has(id) || typeof entry?.at !== 'number') continue;
            keys.add(id);
            if (key.startsWith('pre-')) continue;
            if (offline.has(`${s.id}/${id}`)) offlineArrivals.push(Date.now());
            else online.push(Date.now() - entry.at);
          }
        });
      }
    }
    const expected = new Map<string, Set<string>>();
    const send = (
      s: (typeof students)[number],
      part: 'predictions' | 'runs',
      key: string,
      value: object,
    ) => {
      s.client.doc.getMap(part).set(key, value);
      const set = expected.get(s.id) ?? new Set<string>();
      set.add(`${part}/${key}`);
      expected.set(s.id, set);
    };
    const count = (map: Map<string, Set<string>>) =>
      [...map.values()].reduce((n, set) => n + set.size, 0);
    const arrived = () => count(seen) >= count(expected);
    const progress = () => `${count(seen)} of ${count(expected)} records arrived`;

    // Earlier in the hour: every student's record already holds PREFILL runs.
    for (const s of students) {
      s.client.doc.transact(() => {
        for (let r = 0; r < PREFILL; r += 1) send(s, 'runs', `pre-${r}`, run(Date.now(), 20));
      });
      await s.client.settled();
    }
    await until(arrived, progress);

    const before = total();
    const t0 = performance.now();
    teacher.doc
      .getMap('control')
      .set('round', { seq: 1, step: 0, lesson: 'int-labels-cce', phase: 'predict' });
    for (const s of students) {
      send(s, 'predictions', '1', { lesson: 'int-labels-cce', choice: 'rejects', at: Date.now() });
    }
    for (let r = 0; r < RUNS; r += 1) {
      for (const s of students) send(s, 'runs', `run-${r}`, run(Date.now()));
      await sleep(100);
    }
    await until(arrived, progress);
    // Ten drop (the socket closes under the client, as a network would), run while disconnected,
    // and the provider reconnects by itself.
    const dropped = students.slice(0, DROPS);
    for (const s of dropped) s.client.socket.webSocket?.close();
    for (const s of dropped) {
      offline.add(`${s.id}/runs/offline`);
      send(s, 'runs', 'offline', run(Date.now()));
    }
    const reconnectAt = Date.now();
    await until(arrived, progress);
    const wallS = (performance.now() - t0) / 1000;
    const after = total();

    let lost = 0;
    let duplicated = 0;
    for (const s of students) {
      const want = expected.get(s.id) ?? new Set();
      const got = seen.get(s.id) ?? new Set();
      for (const key of want) if (!got.has(key)) lost += 1;
      // What the instructor's copy holds beyond what was sent (a record filed twice).
      const view = views.get(s.id)?.doc;
      const stored = (view?.getMap('predictions').size ?? 0) + (view?.getMap('runs').size ?? 0);
      duplicated += Math.max(0, stored - want.size);
    }
    return {
      records: count(expected) - STUDENTS * PREFILL,
      joinMs: { p50: round(quantile(joinMs, 0.5)), p95: round(quantile(joinMs, 0.95)) },
      deliveryMs: {
        p50: quantile(online, 0.5),
        p95: quantile(online, 0.95),
        max: Math.max(...online),
      },
      offlineRecordsArrivedMsAfterReconnect: Math.max(...offlineArrivals) - reconnectAt,
      lost,
      duplicated,
      server: {
        rssMbIdle: round(idle.rssMb),
        rssMbAfter: round(after.rssMb),
        cpuS: round(after.cpuS - before.cpuS),
        wallS: round(wallS),
      },
    };
  } finally {
    for (const c of clients) c.destroy();
  }
}

async function scenario(instances: 1 | 2) {
  const dataDir = mkdtempSync(join(tmpdir(), 'losslab-bench-class-'));
  const redis = instances === 2 ? await startRedis(REDIS_PORT) : null;
  const servers: Server[] = [];
  try {
    for (let i = 0; i < instances; i += 1) {
      servers.push(await startServer(PORT + i, dataDir, redis?.port ?? null));
    }
    return await measure(servers);
  } finally {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise((resolve) => {
            s.process.once('exit', resolve);
            s.process.kill('SIGTERM');
          }),
      ),
    );
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const loadBefore = loadavg();
const oneServer = await scenario(1);
const twoServersRedis = hasRedisServer()
  ? await scenario(2)
  : 'skipped: no redis-server on the PATH (Debian: apt-get install redis-server)';
const result = {
  students: STUDENTS,
  runsAlreadyHeldPerStudent: PREFILL,
  runsPerStudent: RUNS,
  dropped: DROPS,
  targets: { deliveryP95Ms: 500, lost: 0, duplicated: 0 },
  oneServer,
  twoServersRedis,
  loadAverage: { before: loadBefore.map(round), after: loadavg().map(round) },
  machine: `${process.platform} ${process.arch}, Node ${process.version}`,
};
mkdirSync('bench/out', { recursive: true });
writeFileSync('bench/out/class.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
for (const [name, r] of Object.entries({ oneServer, twoServersRedis })) {
  if (typeof r === 'string') console.log(`${name}: ${r}`);
  else {
    const met = r.deliveryMs.p95 <= 500 && r.lost === 0 && r.duplicated === 0;
    console.log(
      `${name}: delivery p95 ${r.deliveryMs.p95} ms, ${r.lost} lost, ${r.duplicated} duplicated: ` +
        `target ${met ? 'met' : 'missed'} (load average ${loadBefore[0]?.toFixed(1)})`,
    );
  }
}
process.exit(0);
