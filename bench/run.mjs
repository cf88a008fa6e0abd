#!/usr/bin/env node
/**
 * `npm run bench`: LossLab's training engine against a bare TensorFlow.js baseline, per backend
 * and model, in headless Chromium (the e2e suite's launch: Debian's /usr/bin/chromium or
 * CHROMIUM_PATH, with --enable-unsafe-webgpu).
 *
 * For each backend that initialises and each model it alternates A (the engine, a real
 * configuration through the worker API) and B (the same model with `model.fit` and tfjs' built-in
 * softmax cross-entropy, tfjs' stock kernels) REPEATS times, and on WASM also C (`model.fit` with
 * LossLab's WASM kernels: what the kernels give without the engine's loop), and reports medians
 * of the steady-state throughput (the last epoch; the first pays for shader compilation). Bare
 * tfjs cannot train the CNN on WASM (no Conv2DBackpropFilter): that row compares with the CPU
 * backend instead. It also records which backend `auto` picked, the main-thread long tasks seen
 * while the engine trained, tensors left behind, a per-step profile of the engine on WASM
 * (src/ml/profile.ts), the native reference (PyTorch on the CPU, bench/native.py, when
 * /usr/bin/python3 has torch) and the machine's load. Writes bench/out/summary.json and prints
 * tables and the issue's targets, met or not.
 *
 * It then runs the app itself (bench/firstRun.mjs): a first visit in fresh browser contexts and
 * a returning visit (same context, reload), for `auto` and each forced backend, and writes them
 * under `firstRun`; and the page's responsiveness during a CNN run on WASM against no run
 * (bench/responsiveness.mjs), under `responsiveness`.
 *
 * Options: --acceptance also trains the default configuration to completion on every backend
 * (MLP 6,000/1,000 digits × 5 epochs, CNN × 10 epochs) and records the validation accuracy;
 * a run estimated to take over BENCH_ACCEPTANCE_MAX_MINUTES (12) is reported as not run.
 * BENCH_REPEATS (default 3), BENCH_PORT (default 4180), BENCH_APP_PORT (the app; BENCH_PORT + 1),
 * BENCH_BACKENDS, BENCH_MODELS, BENCH_ONLY=engine, firstRun or responsiveness (one part only),
 * BENCH_COMPARE_APP=<folder of another `vite build`> measures responsiveness and the fresh `auto`
 * visit on that build too, alternating with this one (served on BENCH_APP_PORT + 1), BENCH_CLICKS
 * (20 per window),
 * BENCH_NATIVE=0 skips the native reference, BENCH_PYTHON (default /usr/bin/python3).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { TARGETS as FIRST_RUN_TARGETS, printFirstRun, runFirstRun } from './firstRun.mjs';
import { printResponsiveness, runResponsiveness } from './responsiveness.mjs';
import { checkIssue24, checkTargets, printIssue24, printReport } from './report.mjs';

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
/** Which parts run: the engine rows (with profile, roofline, PyTorch), the first run, responsiveness. */
const PARTS = {
  engine: ONLY === null || ONLY === 'engine',
  firstRun: ONLY === null || ONLY === 'firstRun',
  responsiveness: ONLY === null || ONLY === 'responsiveness',
};
const COMPARE_APP = process.env.BENCH_COMPARE_APP ?? null;
/** The same flags as playwright.config.ts (CHROMIUM_ARGS). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const NATIVE = process.env.BENCH_NATIVE !== '0';
/** The issue's targets (issue 12), checked and printed at the end. */
const TARGETS = {
  cnnWasm: 1000,
  cnnWasmVsCpu: 5,
  mlpWasm: 10000,
  engineVsFit: 0.9,
  valAccuracy: 0.944,
};

/**
 * Matrix products timed for the roofline, `[m, k, n]`: a large square one (XNNPACK's best rate)
 * and the MLP's two 784×128 products at batch 64 (forward, and the weight gradient's shape).
 */
const ROOFLINE_SHAPES = [
  [512, 512, 512],
  [64, 784, 128],
  [784, 64, 128],
];

/** Backends jax-js trains on in the bench: its WASM and WebGPU devices (the issue's rows). */
const JAX_DEVICES = (process.env.BENCH_JAX ?? 'wasm,webgpu').split(',').filter(Boolean);

/** Digits per throughput run at most; fewer where `auto`'s probe measured a slow backend. */
const TRAIN_SIZE = { mlp: 6400, cnn: 3200 };
const BATCH = 64;
/** jax-js' first run of a row, before its own rate is known: 10 batches. */
const JAX_FIRST_SIZE = 640;
/** Test digits for a backend the probe measured below 500 samples/s (200 otherwise): the
 * validation pass is outside the timed steps, and took seconds an epoch on software WebGPU. */
const SLOW_TEST_SIZE = 64;
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

/**
 * `vite preview` of the bench page, or of the app with `config` null (of the build in `outDir`,
 * default dist/), on `port`.
 */
async function startPreview(config = 'bench/vite.config.ts', port = PORT, outDir = null) {
  const server = spawn(
    'npx',
    [
      'vite',
      'preview',
      ...(config ? ['--config', config] : []),
      ...(outDir ? ['--outDir', outDir] : []),
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

/** PyTorch on the CPU (bench/native.py), or why it was not run. */
function nativeReference() {
  if (!NATIVE) return { skipped: 'BENCH_NATIVE=0' };
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return {
      skipped: `${PYTHON} cannot import torch (${probe.error?.message ?? probe.stderr.trim().split('\n').at(-1)}); on Debian: apt-get install python3-torch`,
    };
  }
  log('native reference: PyTorch on the CPU');
  const result = spawnSync(
    PYTHON,
    [join(root, 'bench', 'native.py'), join(root, 'data', 'mnist-10k.bin.gz')],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) return { skipped: `bench/native.py failed: ${result.stderr.trim()}` };
  return JSON.parse(result.stdout);
}

const load = () => loadavg().map((v) => round(v, 2));

async function main() {
  const startedAt = Date.now();
  // Where the bench's minutes go, part by part (its duration is a target too).
  const minutesBy = {};
  let lapAt = startedAt;
  const lap = (part) => {
    const now = Date.now();
    minutesBy[part] = round((minutesBy[part] ?? 0) + (now - lapAt) / 60000, 2);
    lapAt = now;
  };
  const loadAtStart = load();
  build();
  const appParts = PARTS.firstRun || PARTS.responsiveness;
  if (appParts) buildApp();
  const { server, url } = await startPreview();
  const app = appParts ? await startPreview(null, APP_PORT) : null;
  const compare =
    appParts && COMPARE_APP ? await startPreview(null, APP_PORT + 1, COMPARE_APP) : null;
  lap('builds');
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
      if (compare) process.kill(-compare.server.pid);
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
    const engine = (config, threads = null) =>
      page.evaluate(([c, t]) => window.losslabBench.engine(c, t), [config, threads]);
    const baseline = (options) => page.evaluate((o) => window.losslabBench.baseline(o), options);
    const jax = (options) => page.evaluate((o) => window.losslabBench.jax(o), options);
    const baselineWithKernels = (options) =>
      page.evaluate((o) => window.losslabBench.baselineWithKernels(o), options);

    const machine = await page.evaluate(() => window.losslabBench.machine());
    const DEFAULT_CONFIG = {
      ...(await page.evaluate(() => window.losslabBench.defaults)),
      batchSize: BATCH,
    };
    machine.browser = browser.version();
    machine.platform = `${process.platform} ${process.arch}`;
    machine.cores = cpus().length;
    machine.loadAverageAtStart = loadAtStart;

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

    for (const model of PARTS.engine ? MODELS : []) {
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
        const trainSize = trainSizeFor(model, probed[backend]);
        // Fast backends have short epochs and noisier timings: more pairs for them.
        const repeats = (probed[backend] ?? 0) >= 500 ? Math.max(REPEATS, 5) : REPEATS;
        const a = [];
        const b = [];
        const c = [];
        const allCores = [];
        const jaxRates = [];
        let jaxError = null;
        let bareError = null;
        let note = null;
        let engineThreads = null;
        let allCoresThreads = null;
        for (let rep = 0; rep < repeats && note === null; rep++) {
          const testSize = (probed[backend] ?? 0) >= 500 ? config.testSize : SLOW_TEST_SIZE;
          const result = await engine({ ...config, backend, trainSize, testSize });
          noteEngine(result);
          engineThreads = result.report?.attempts.find((t) => t.ok)?.threads ?? engineThreads;
          if (result.error || result.backend !== backend) {
            note =
              result.error ??
              `fell back to ${result.backend}: ${result.report?.reason ?? ''} ${result.fallbacks.join('; ')}`;
            break;
          }
          a.push(result.samplesPerSec);
          const fitOptions = {
            backend,
            model,
            units: config.units,
            batchSize: BATCH,
            epochs: 2,
            trainSize,
            seed: 42,
          };
          // Bare tfjs cannot train the CNN on WASM: once is enough to record why.
          const base = bareError ? null : await baseline(fitOptions);
          if (base?.error) bareError = base.error;
          else if (base) b.push(base.samplesPerSec);
          const withKernels = backend === 'wasm' ? await baselineWithKernels(fitOptions) : null;
          if (withKernels && !withKernels.error) c.push(withKernels.samplesPerSec);
          // jax-js on the same device, model, digits and batch (WASM and WebGPU only).
          const jaxResult =
            JAX_DEVICES.includes(backend) && !jaxError
              ? await jax({
                  device: backend,
                  model,
                  batchSize: BATCH,
                  epochs: 2,
                  // Its own epoch length: jax-js trained the CNN on WASM ~15× slower than the
                  // engine, so the engine's ~3 s epoch took it ~50 s a pair.
                  trainSize:
                    jaxRates.length > 0
                      ? trainSizeFor(model, median(jaxRates))
                      : Math.min(trainSize, JAX_FIRST_SIZE),
                  seed: 42,
                })
              : null;
          if (jaxResult?.error) jaxError = jaxResult.error;
          else if (jaxResult) jaxRates.push(jaxResult.samplesPerSec);
          // The engine with WASM on every core, interleaved, against the app's default threads.
          const every =
            backend === 'wasm'
              ? await engine({ ...config, backend, trainSize }, 'all-cores')
              : null;
          if (every) noteEngine(every);
          if (every && !every.error) allCores.push(every.samplesPerSec);
          allCoresThreads = every?.report?.attempts.find((t) => t.ok)?.threads ?? allCoresThreads;
          log(
            `${model}/${backend} #${rep + 1}: engine ${round(result.samplesPerSec)}/s, ` +
              `model.fit ${bareError ? `cannot train (${bareError})` : `${round(base?.samplesPerSec)}/s`}` +
              (withKernels
                ? `, model.fit + LossLab kernels ${withKernels.error ?? `${round(withKernels.samplesPerSec)}/s`}`
                : '') +
              (jaxResult
                ? `, jax-js ${jaxResult.error ? `cannot train (${jaxResult.error})` : `${round(jaxResult.samplesPerSec)}/s`}`
                : '') +
              (every
                ? `, engine on every core (${allCoresThreads} threads) ${every.error ?? `${round(every.samplesPerSec)}/s`} (default: ${engineThreads ?? '?'} thread(s))`
                : ''),
          );
        }
        if (note !== null) {
          log(`${model}/${backend}: skipped (${note})`);
          skipped.push({ backend, model, reason: note });
          continue;
        }
        const engineMedian = median(a);
        const baselineMedian = median(b);
        const kernelsMedian = median(c);
        perBackend[backend] = engineMedian;
        runs.push({
          backend,
          model,
          engineSamplesPerSec: round(engineMedian),
          baselineSamplesPerSec: round(baselineMedian),
          ratio: round(engineMedian / baselineMedian, 3),
          ...(bareError ? { baselineCannotTrain: bareError } : {}),
          ...(JAX_DEVICES.includes(backend)
            ? {
                jaxSamplesPerSec: round(median(jaxRates)),
                ratioVsJax: round(engineMedian / median(jaxRates), 3),
                jaxSamples: jaxRates.map((v) => round(v)),
                ...(jaxError ? { jaxCannotTrain: jaxError } : {}),
              }
            : {}),
          ...(backend === 'wasm'
            ? {
                threads: engineThreads,
                allCoresThreads,
                allCoresSamplesPerSec: round(median(allCores)),
                allCoresVsDefault: round(median(allCores) / engineMedian, 3),
                allCoresSamples: allCores.map((v) => round(v)),
                fitWithKernelsSamplesPerSec: round(kernelsMedian),
                ratioVsFitWithKernels: round(engineMedian / kernelsMedian, 3),
                fitWithKernelsSamples: c.map((v) => round(v)),
              }
            : {}),
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
      lap(`engine ${model}`);
    }

    const profile = {};
    let roofline = null;
    if (BACKENDS.includes('wasm') && PARTS.engine) {
      for (const model of MODELS) {
        log(`profile ${model}/wasm: the engine's step, phase by phase and kernel by kernel`);
        const options = {
          model,
          units: DEFAULT_CONFIG.units,
          batchSize: BATCH,
          steps: model === 'mlp' ? 60 : 30,
        };
        profile[model] = {};
        // The app's setup, every core, and tfjs' single-threaded build (the one Node runs).
        for (const setup of ['default', 'all-cores', 'simd-build']) {
          profile[model][setup] = await page.evaluate(
            ([o, s]) => window.losslabBench.profile(o, s),
            [options, setup],
          );
        }
      }
      log('roofline: WASM SIMD peak and XNNPACK matrix products, one thread and all');
      roofline = await page.evaluate((o) => window.losslabBench.roofline(o), {
        shapes: ROOFLINE_SHAPES,
        seconds: 1,
      });
      lap('profile and roofline');
    }
    const native = PARTS.engine ? nativeReference() : { skipped: `BENCH_ONLY=${ONLY}` };
    lap('native PyTorch');

    const acceptance = [];
    if (ACCEPTANCE) {
      for (const model of PARTS.engine ? MODELS : []) {
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
          const reached = accuracies.findIndex((v) => v >= TARGETS.valAccuracy);
          acceptance.push({
            backend: result.backend,
            model,
            epochs,
            valAccuracy: accuracies,
            best: Math.max(...accuracies),
            firstEpochAtTarget: reached >= 0 ? reached + 1 : null,
            minutes: round(result.wallMs / 60000, 2),
            ...(result.error ? { error: result.error } : {}),
          });
          log(
            `acceptance ${model}/${backend}: val acc ${accuracies.join(' ')} in ${round(result.wallMs / 1000)}s`,
          );
        }
      }
    }

    if (ACCEPTANCE) lap('acceptance');
    const firstRun = PARTS.firstRun
      ? await runFirstRun({
          browser,
          url: app.url,
          compareUrl: compare?.url ?? null,
          backends: BACKENDS,
          repeats: REPEATS,
          log,
        })
      : null;
    if (firstRun) lap('first visit');
    const responsiveness = PARTS.responsiveness
      ? await runResponsiveness({
          browser,
          apps: { this: app.url, ...(compare ? { compared: compare.url } : {}) },
          log,
        })
      : null;
    if (responsiveness && compare) responsiveness.settings.compared = COMPARE_APP;
    if (responsiveness) lap('responsiveness');

    const allLong = longTasks.flatMap((t) => (t.count > 0 ? [t.maxMs] : []));
    machine.loadAverageAtEnd = load();
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
      profile,
      roofline,
      native,
      ...(ACCEPTANCE ? { acceptance } : {}),
      ...(firstRun ? { firstRun } : {}),
      ...(responsiveness ? { responsiveness } : {}),
      settings: {
        repeats: REPEATS,
        batchSize: BATCH,
        trainSize: TRAIN_SIZE,
        epochs: 2,
        measuredEpoch: 2,
      },
    };
    summary.durationMinutes = round((Date.now() - startedAt) / 60000, 1);
    summary.minutesBy = minutesBy;
    summary.targets = checkTargets(summary, TARGETS);
    summary.issue24 = checkIssue24(summary, FIRST_RUN_TARGETS);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    printReport(summary);
    if (firstRun) printFirstRun(firstRun);
    if (responsiveness) printResponsiveness(responsiveness);
    printIssue24(summary);
    console.log(`\nwrote ${join('bench', 'out', 'summary.json')}`);
  } finally {
    await stopAll();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
