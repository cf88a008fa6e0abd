#!/usr/bin/env node
/**
 * Where a first visit's time goes, thread by thread: a Chromium performance trace (through
 * Playwright's CDP tracing) of fresh visits to built apps, from navigation to "Ready to train.",
 * summarised per thread (the page's main thread and the training worker's) as the time its tasks
 * ran, the long tasks (≥ 50 ms) and what ran inside them (script evaluation by file, compiles,
 * style and layout, paint, garbage collection), beside the page's and the worker's marks.
 *
 *   node bench/firstTrace.mjs <built app folder>… (default dist/)
 *
 * Options (environment): TRACE_REPEATS (3) fresh visits per build, alternating builds;
 * TRACE_PORT (4463) the first build's port, the next ones after it; TRACE_OUT (bench/out) where
 * each visit's trace JSON is written, for chrome://tracing or the DevTools' Performance panel.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPEATS = Number(process.env.TRACE_REPEATS ?? 3);
const PORT = Number(process.env.TRACE_PORT ?? 4463);
const OUT = process.env.TRACE_OUT ?? join(root, 'bench', 'out');
const apps = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [join(root, 'dist')];

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8.execute',
  'v8',
  'loading',
  '__metadata',
].join(',');

async function preview(outDir, port) {
  const server = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--outDir',
      resolve(outDir),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return { server, url };
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`vite preview did not answer on ${url}`);
}

/** The milestone observer of bench/firstRun.mjs, reduced to "Ready to train." on screen. */
function readyObserver() {
  const check = () => {
    const status = document.querySelector('[data-testid="training-status"]');
    if (window.__ready === undefined && status?.textContent === 'Ready to train.') {
      window.__ready = performance.now();
      performance.mark('bench:ready-shown');
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
  });
}

const ms = (us) => Math.round(us / 1000);
const short = (url) => (url ?? '').replace(/^.*\//, '').replace(/\?.*$/, '') || '(inline)';

/** What a trace event inside a task is, for the breakdown. */
function kindOf(event) {
  const data = event.args?.data ?? {};
  switch (event.name) {
    case 'EvaluateScript':
    case 'v8.evaluateModule':
      return `evaluate ${short(data.url ?? event.args?.fileName)}`;
    case 'v8.compile':
    case 'v8.compileModule':
    case 'CacheScript':
      return `compile ${short(data.url ?? event.args?.fileName)}`;
    case 'FunctionCall':
      return `call ${short(data.url)}`;
    case 'TimerFire':
      return 'timer';
    case 'FireAnimationFrame':
      return 'animation frame';
    case 'EventDispatch':
      return `event ${data.type ?? ''}`;
    case 'UpdateLayoutTree':
    case 'RecalculateStyles':
      return 'style';
    case 'Layout':
      return 'layout';
    case 'Paint':
    case 'PrePaint':
    case 'Layerize':
    case 'UpdateLayer':
      return 'paint';
    case 'MinorGC':
    case 'MajorGC':
    case 'V8.GC_SCAVENGER':
    case 'V8.GC_MARK_COMPACTOR':
      return 'gc';
    case 'ParseHTML':
      return 'parse HTML';
    case 'ParseAuthorStyleSheet':
      return 'parse CSS';
    default:
      return null;
  }
}

/** Per thread: busy time, long tasks and the breakdown, from `from` to `to` (trace µs). */
function summariseThread(events, tid, from, to) {
  const mine = events.filter((e) => e.tid === tid && e.ph === 'X' && e.ts + (e.dur ?? 0) >= from);
  const tasks = mine.filter((e) => e.name === 'RunTask' && e.ts < to);
  const clip = (e) => Math.max(0, Math.min(e.ts + e.dur, to) - Math.max(e.ts, from));
  const busy = tasks.reduce((sum, e) => sum + clip(e), 0);
  const long = tasks.filter((e) => e.dur >= 50_000);
  // Self time per kind: an event's duration less that of the classified events inside it.
  const classified = mine
    .filter((e) => e.ts < to && kindOf(e) !== null)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const by = new Map();
  const stack = [];
  for (const e of classified) {
    while (stack.length > 0 && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    const own = clip(e);
    by.set(kindOf(e), (by.get(kindOf(e)) ?? 0) + own);
    if (parent) by.set(kindOf(parent), (by.get(kindOf(parent)) ?? 0) - own);
    stack.push(e);
  }
  return {
    busyMs: ms(busy),
    longTasks: long.map((e) => [ms(e.ts - from), ms(e.dur)]),
    breakdown: [...by.entries()]
      .filter(([, us]) => us >= 10_000)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, us]) => `${kind} ${ms(us)}`),
  };
}

async function visit(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(readyObserver);
  const page = await context.newPage();
  await browser.startTracing(page, { categories: CATEGORIES.split(',') });
  await page.goto(url);
  await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 60_000 });
  // Let the marks of the same task land in the trace.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
  const trace = JSON.parse((await browser.stopTracing()).toString());
  await context.close();
  return trace;
}

function analyse(trace) {
  const events = trace.traceEvents;
  const threads = new Map(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [e.tid, e.args.name]),
  );
  const marks = events.filter(
    (e) =>
      e.cat?.includes('blink.user_timing') &&
      (e.name.startsWith('losslab:') ||
        e.name.startsWith('bench:') ||
        e.name === 'navigationStart'),
  );
  const nav = marks.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame);
  const from = (nav ?? marks.find((e) => e.name === 'navigationStart')).ts;
  const ready = marks.find((e) => e.name === 'bench:ready-shown');
  const to = ready?.ts ?? Math.max(...events.map((e) => e.ts));
  const fcp = events.find((e) => e.name === 'firstContentfulPaint');
  const mainTid = ready?.tid ?? [...threads].find(([, name]) => name === 'CrRendererMain')?.[0];
  const workerTids = [...threads]
    .filter(([, name]) => /DedicatedWorker/.test(name))
    .map(([tid]) => tid);
  // The training worker: the one that marks its stages.
  const workerTid = marks.find((e) => e.name.startsWith('losslab:'))?.tid ?? workerTids[0];
  const at = (e) => (e ? ms(e.ts - from) : null);
  return {
    fcp: at(fcp),
    ready: at(ready),
    marks: Object.fromEntries(
      marks.filter((e) => e.name !== 'navigationStart').map((e) => [e.name, at(e)]),
    ),
    main: summariseThread(events, mainTid, from, to),
    worker: workerTid === undefined ? null : summariseThread(events, workerTid, from, to),
  };
}

const servers = [];
try {
  for (const [i, app] of apps.entries()) servers.push(await preview(app, PORT + i));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
    headless: true,
  });
  mkdirSync(OUT, { recursive: true });
  for (let rep = 0; rep < REPEATS; rep++) {
    for (const [i, { url }] of servers.entries()) {
      const trace = await visit(browser, url);
      writeFileSync(join(OUT, `first-trace-${i}-${rep}.json`), JSON.stringify(trace));
      const load = loadavg()
        .map((v) => v.toFixed(2))
        .join(' ');
      console.log(
        JSON.stringify({ app: apps[i], visit: rep + 1, load, ...analyse(trace) }, null, 1),
      );
    }
  }
  await browser.close();
} finally {
  for (const { server } of servers) process.kill(-server.pid);
}
