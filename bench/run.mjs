#!/usr/bin/env node
/**
 * `npm run bench`: LossLab's training engine against a bare TensorFlow.js baseline, per backend
 * and model, in headless Chromium (the e2e suite's launch: Debian's /usr/bin/chromium or
 * CHROMIUM_PATH, with --enable-unsafe-webgpu).
 *
 * For each backend that initialises and each model it alternates A (the engine, a real
 * configuration through the worker API) and B (the same model with `model.fit` and tfjs' built-in
 * softmax cross-entropy) REPEATS times and reports medians of the steady-state throughput (the
 * last epoch; the first pays for shader compilation). It also records which backend `auto`
 * picked, the main-thread long tasks seen while the engine trained, and tensors left behind.
 * Writes bench/out/summary.json and prints a table.
 *
 * It then runs the app itself (bench/firstRun.mjs): a first visit in fresh browser contexts and
 * a returning visit (same context, reload), for `auto` and each forced backend, and writes them
 * under `firstRun`.
 *
 * Options: --acceptance also trains the default configuration to completion on every backend
 * (MLP 6,000/1,000 digits × 5 epochs, CNN × 10 epochs) and records the validation accuracy;
 * a run estimated to take over BENCH_ACCEPTANCE_MAX_MINUTES (12) is reported as not run.
 * BENCH_REPEATS (default 3), BENCH_PORT (default 4180), BENCH_APP_PORT (the app; BENCH_PORT + 1),
 * BENCH_BACKENDS, BENCH_MODELS, BENCH_ONLY=engine or BENCH_ONLY=firstRun (one part only).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { printFirstRun, runFirstRun } from './firstRun.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'bench', 'out');
const PORT = Number(process.env.BENCH_PORT ?? 4180);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const ACCEPTANCE = process.argv.includes('--acceptance');
/** Acceptance runs estimated (from the measured throughput) to take longer are reported, not run. */
const ACCEPTANCE_MAX_MINUTES = Number(process.env.BENCH_ACCEPTANCE_MAX_MINUTES ?? 12);
/** BENCH_BACKENDS / BENCH_MODELS (comma-separated) narrow the run, e.g. BENCH_BACKENDS=wasm. */
const pick = (env, all) => (env ? all.filter((name) => env.split(',').includes(name)) : all);
const BACKENDS = pick(process.env.BENCH_BACKENDS, ['webgpu', 'webgl', 'wasm', 'cpu']);
const MODELS = pick(process.env.BENCH_MODELS, ['mlp', 'cnn']);
const ONLY = process.env.BENCH_ONLY ?? null;
const APP_PORT = Number(process.env.BENCH_APP_PORT ?? PORT + 1);
/** The same flags as playwright.config.ts (CHROMIUM_ARGS). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

/** Digits per throughput run at most; fewer where `auto`'s probe measured a slow backend. */
const TRAIN_SIZE = { mlp: 6400, cnn: 640 };
const BATCH = 64;
/** Target length of the measured epoch, at the probe's rate, in seconds. */
const EPOCH_SECONDS = 3;

/** Digits for one run: about EPOCH_SECONDS of training, whole batches, 2 to 30 batches. */
function trainSizeFor(model, rate) {
  if (!Number.isFinite(rate)) return TRAIN_SIZE[model];
  const batches = Math.max(
    2,
    Math.min(TRAIN_SIZE[model] / BATCH, Math.round((rate * EPOCH_SECONDS) / BATCH)),
  );
  return batches * BATCH;
}

function chromiumExecutable() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv === 'bundled') return undefined;
  return fromEnv && fromEnv.length > 0 ? fromEnv : '/usr/bin/chromium';
}

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value, digits = 0) =>
  Number.isFinite(value) ? Number(value.toFixed(digits)) : null;
const log = (...parts) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);

function buildApp() {
  log('building the app');
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('vite build of the app failed');
}

function build() {
  log('building the bench page');
  const result = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'bench/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error('vite build of the bench page failed');
}

/** `vite preview` of the bench page, or of the app with `config` null, on `port`. */
async function startPreview(config = 'bench/vite.config.ts', port = PORT) {
  const server = spawn(
    'npx',
    [
      'vite',
      'preview',
      ...(config ? ['--config', config] : []),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(url);
      if (response.ok) return { server, url };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`vite preview did not answer on ${url}`);
}

async function main() {
  build();
  if (ONLY !== 'engine') buildApp();
  const { server, url } = await startPreview();
  const app = ONLY === 'engine' ? null : await startPreview(null, APP_PORT);
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const stopAll = async () => {
    await browser.close().catch(() => undefined);
    try {
      process.kill(-server.pid);
      if (app) process.kill(-app.server.pid);
    } catch {
      // already gone
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      void stopAll().then(() => process.exit(130));
    });
  }
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') log('page error:', message.text());
    });
    page.setDefaultTimeout(0);
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const engine = (config) => page.evaluate((c) => window.losslabBench.engine(c), config);
    const baseline = (options) => page.evaluate((o) => window.losslabBench.baseline(o), options);

    const machine = await page.evaluate(() => window.losslabBench.machine());
    const DEFAULT_CONFIG = {
      ...(await page.evaluate(() => window.losslabBench.defaults)),
      batchSize: BATCH,
    };
    machine.browser = browser.version();
    machine.platform = `${process.platform} ${process.arch}`;

    const runs = [];
    const auto = [];
    const skipped = [];
    const longTasks = [];
    let leaked = 0;
    const firstTensors = [];
    const noteEngine = (result) => {
      longTasks.push(result.longTasks);
      leaked += Math.max(0, result.tensorsAfter - result.tensorsBefore);
      firstTensors.push(result.tensorsBefore);
    };

    for (const model of ONLY === 'firstRun' ? [] : MODELS) {
      const config = {
        ...DEFAULT_CONFIG,
        model,
        trainSize: TRAIN_SIZE[model],
        testSize: 200,
        epochs: 2,
      };
      // What the app measures in the background, handed to the worker as the page would: `auto`
      // then starts on the fastest measured backend, as for a returning student.
      const measured = await page.evaluate((spec) => window.losslabBench.measure(spec), {
        model,
        units: config.units,
        batchSize: BATCH,
        side: 28,
      });
      const probed = {};
      for (const result of measured.results) {
        if (result.samplesPerSec !== null) probed[result.backend] = result.samplesPerSec;
        machine.backends ??= {};
        machine.backends[result.backend] ??=
          result.samplesPerSec !== null ? (result.detail ?? 'ok') : `unavailable: ${result.reason}`;
      }
      const picked = await engine({ ...config, backend: 'auto', epochs: 1, trainSize: 256 });
      noteEngine(picked);
      log(`${model}: auto picked ${picked.backend}: ${picked.report?.reason ?? picked.error}`);
      const perBackend = {};
      for (const backend of BACKENDS) {
        if (backend === 'wasm' && model === 'cnn') {
          // The engine would fall back to another backend (and say so): nothing to compare.
          const reason =
            'cannot train the CNN: tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel';
          log(`${model}/${backend}: skipped (${reason})`);
          skipped.push({ backend, model, reason });
          continue;
        }
        const trainSize = trainSizeFor(model, probed[backend]);
        // Fast backends have short epochs and noisier timings: more pairs for them.
        const repeats = (probed[backend] ?? 0) >= 500 ? Math.max(REPEATS, 5) : REPEATS;
        const a = [];
        const b = [];
        let note = null;
        for (let rep = 0; rep < repeats && note === null; rep++) {
          const result = await engine({ ...config, backend, trainSize });
          noteEngine(result);
          if (result.error || result.backend !== backend) {
            note =
              result.error ??
              `fell back to ${result.backend}: ${result.report?.reason ?? ''} ${result.fallbacks.join('; ')}`;
            break;
          }
          a.push(result.samplesPerSec);
          const base = await baseline({
            backend,
            model,
            units: config.units,
            batchSize: BATCH,
            epochs: 2,
            trainSize,
            seed: 42,
          });
          b.push(base.samplesPerSec);
          log(
            `${model}/${backend} #${rep + 1}: engine ${round(result.samplesPerSec)}/s, baseline ${round(base.samplesPerSec)}/s`,
          );
        }
        if (note !== null) {
          log(`${model}/${backend}: skipped (${note})`);
          skipped.push({ backend, model, reason: note });
          continue;
        }
        const engineMedian = median(a);
        const baselineMedian = median(b);
        perBackend[backend] = engineMedian;
        runs.push({
          backend,
          model,
          engineSamplesPerSec: round(engineMedian),
          baselineSamplesPerSec: round(baselineMedian),
          ratio: round(engineMedian / baselineMedian, 3),
          trainSize,
          engineSamples: a.map((v) => round(v)),
          baselineSamples: b.map((v) => round(v)),
        });
      }
      const best = Object.entries(perBackend).sort((x, y) => y[1] - x[1])[0];
      const pickedRate = perBackend[picked.backend];
      auto.push({
        model,
        picked: picked.backend,
        reason: picked.report?.reason ?? null,
        bestMeasured: best ? best[0] : null,
        pickedVsBest: best && pickedRate ? round(pickedRate / best[1], 3) : null,
      });
    }

    const acceptance = [];
    if (ACCEPTANCE) {
      for (const model of ONLY === 'firstRun' ? [] : MODELS) {
        const epochs = model === 'mlp' ? 5 : 10;
        for (const backend of BACKENDS) {
          if (skipped.some((s) => s.backend === backend && s.model === model)) continue;
          const rate = runs.find(
            (r) => r.backend === backend && r.model === model,
          )?.engineSamplesPerSec;
          const minutes = rate ? (DEFAULT_CONFIG.trainSize * epochs) / rate / 60 : NaN;
          if (minutes > ACCEPTANCE_MAX_MINUTES) {
            acceptance.push({
              backend,
              model,
              epochs,
              notRun: `estimated ${round(minutes)} min at ${rate}/s`,
            });
            log(`acceptance ${model}/${backend}: not run (estimated ${round(minutes)} min)`);
            continue;
          }
          const result = await engine({ ...DEFAULT_CONFIG, model, backend, epochs });
          noteEngine(result);
          const accuracies = result.history.map((r) => round(r.valMetric, 4));
          acceptance.push({
            backend: result.backend,
            model,
            epochs,
            valAccuracy: accuracies,
            best: Math.max(...accuracies),
            minutes: round(result.wallMs / 60000, 2),
          });
          log(
            `acceptance ${model}/${backend}: val acc ${accuracies.join(' ')} in ${round(result.wallMs / 1000)}s`,
          );
        }
      }
    }

    const firstRun = app
      ? await runFirstRun({ browser, url: app.url, backends: BACKENDS, repeats: REPEATS, log })
      : null;

    const allLong = longTasks.flatMap((t) => (t.count > 0 ? [t.maxMs] : []));
    const summary = {
      machine,
      runs,
      auto,
      skipped,
      mainThreadLongTasks: {
        count: longTasks.reduce((sum, t) => sum + t.count, 0),
        maxMs: round(Math.max(0, ...allLong)),
      },
      leakedTensors: leaked,
      tensorsAtStartOfEachRun: firstTensors,
      ...(ACCEPTANCE ? { acceptance } : {}),
      ...(firstRun ? { firstRun } : {}),
      settings: {
        repeats: REPEATS,
        batchSize: BATCH,
        trainSize: TRAIN_SIZE,
        epochs: 2,
        measuredEpoch: 2,
      },
    };
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

    console.log('\nbackend  model  engine/s  baseline/s  ratio');
    for (const r of runs) {
      console.log(
        `${r.backend.padEnd(8)} ${r.model.padEnd(6)} ${String(r.engineSamplesPerSec).padStart(8)}  ${String(r.baselineSamplesPerSec).padStart(10)}  ${String(r.ratio).padStart(5)}`,
      );
    }
    for (const s of skipped)
      console.log(`${s.backend.padEnd(8)} ${s.model.padEnd(6)} skipped: ${s.reason}`);
    for (const a of auto)
      console.log(
        `auto ${a.model}: picked ${a.picked}, fastest measured ${a.bestMeasured} (${a.pickedVsBest ?? '?'} of it)`,
      );
    console.log(
      `main-thread long tasks: ${summary.mainThreadLongTasks.count} (max ${summary.mainThreadLongTasks.maxMs} ms); leaked tensors: ${leaked}`,
    );
    for (const a of acceptance) {
      console.log(
        a.notRun
          ? `acceptance ${a.model}/${a.backend}: not run (${a.notRun})`
          : `acceptance ${a.model}/${a.backend}: best val accuracy ${a.best} (${a.epochs} epochs, ${a.minutes} min)`,
      );
    }
    if (firstRun) printFirstRun(firstRun);
    console.log(`\nwrote ${join('bench', 'out', 'summary.json')}`);
  } finally {
    await stopAll();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
