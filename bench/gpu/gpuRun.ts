/** The Node GPU benchmark's body (see ./gpuBench.ts): engine and `model.fit`, WebGPU and WASM. */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendName, EpochRecord, ModelKind, RunConfig } from '../../src/core';
import { DEFAULT_CONFIG, fetchBuiltinDataset, rankMeasured, splitDataset } from '../../src/core';
import { measureBackends } from '../../src/ml/measureBackends';
import { initBackend } from '../../src/ml/backends';
import { RunControl } from '../../src/ml/control';
import { runTraining } from '../../src/ml/run';
import { fitBaseline } from '../baselineFit';

const BATCH = 64;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
/** Digits per run: the same sizes as the browser bench's fast rows. */
const TRAIN_SIZE: Record<ModelKind, number> = { mlp: 6400, cnn: 3200 };
const pick = <T extends string>(env: string | undefined, all: readonly T[]): T[] =>
  env ? all.filter((name) => env.split(',').includes(name)) : [...all];
const BACKENDS = pick(process.env.BENCH_BACKENDS, ['webgpu', 'wasm'] as const);
const MODELS = pick(process.env.BENCH_MODELS, ['mlp', 'cnn'] as const);
const DATA = process.env.BENCH_DATA ?? 'data/mnist-10k.bin.gz';

const median = (values: number[]): number => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fmt = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '–';

async function digits(trainSize: number) {
  const bytes = readFileSync(DATA);
  const ds = await fetchBuiltinDataset(DATA, () => Promise.resolve(new Response(bytes)));
  return splitDataset(ds, { trainSize, testSize: 200, seed: 42 });
}

/** The engine's samples/s in the last of 2 epochs (the first pays for shader compilation). */
async function engine(model: ModelKind, backend: BackendName): Promise<number> {
  const split = await digits(TRAIN_SIZE[model]);
  const config: RunConfig = {
    ...DEFAULT_CONFIG,
    model,
    batchSize: BATCH,
    epochs: 2,
    trainSize: TRAIN_SIZE[model],
    testSize: 200,
    backend,
  };
  const history: EpochRecord[] = [];
  await runTraining({
    config,
    train: split.train,
    test: split.test,
    backend,
    control: new RunControl(),
    emit: (event) => {
      if (event.type === 'epoch') history.push(event.record);
    },
  });
  const last = history.at(-1);
  return last ? (BATCH * 1000) / last.msPerStep : NaN;
}

async function bare(model: ModelKind, backend: BackendName): Promise<number | string> {
  const split = await digits(TRAIN_SIZE[model]);
  const result = await fitBaseline(
    {
      backend,
      model,
      units: DEFAULT_CONFIG.units,
      batchSize: BATCH,
      epochs: 2,
      trainSize: TRAIN_SIZE[model],
      seed: 42,
    },
    split.train,
  );
  return result.error ?? result.samplesPerSec;
}

export async function runGpuBench(): Promise<void> {
  const rows: string[] = [];
  const used = new Map<BackendName, string>();
  for (const backend of BACKENDS) {
    try {
      const report = await initBackend([backend]);
      if (report.backend !== backend) throw new Error(report.attempts[0]?.reason ?? 'failed');
      used.set(backend, report.attempts.find((a) => a.ok)?.detail ?? backend);
    } catch (error) {
      console.log(
        `${backend}: not available here (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  for (const [backend, detail] of used) {
    console.log(`${backend}: ${backend === 'wasm' ? 'WASM in Node' : detail}`);
  }
  const engineRates: Partial<Record<`${ModelKind}/${BackendName}`, number>> = {};
  for (const model of MODELS) {
    for (const backend of used.keys()) {
      await tf.setBackend(backend);
      const a: number[] = [];
      const b: (number | string)[] = [];
      for (let rep = 0; rep < REPEATS; rep++) {
        a.push(await engine(model, backend));
        // On WASM, LossLab's kernels are registered by then (the engine registers them): this is
        // `model.fit` with them, since stock tfjs cannot train the CNN there.
        b.push(await bare(model, backend));
        console.log(
          `${model}/${backend} #${rep + 1}: engine ${fmt(a.at(-1)!)}/s, model.fit ${typeof b.at(-1) === 'string' ? `cannot train (${String(b.at(-1))})` : `${fmt(b.at(-1) as number)}/s`}`,
        );
      }
      const numeric = b.filter((v): v is number => typeof v === 'number');
      engineRates[`${model}/${backend}`] = median(a);
      rows.push(
        `| ${model.toUpperCase()} | ${backend} | ${fmt(median(a))} | ${numeric.length ? fmt(median(numeric)) : 'cannot train'} |`,
      );
    }
  }
  console.log(
    '\n| model | backend | engine samples/s | `model.fit` samples/s |\n|---|---|---:|---:|',
  );
  for (const row of rows) console.log(row);
  for (const model of MODELS) {
    const gpu = engineRates[`${model}/webgpu`];
    const wasm = engineRates[`${model}/wasm`];
    if (gpu && wasm) console.log(`${model}: WebGPU is ${(gpu / wasm).toFixed(2)}× WASM`);
    const record = await measureBackends(
      { model, units: DEFAULT_CONFIG.units, batchSize: BATCH, side: 28 },
      [...used.keys()],
    );
    const ranked = rankMeasured(record.length ? { results: record } : { results: [] });
    console.log(
      `auto (${model}): measured ${ranked.map((r) => `${r.backend} ${fmt(r.samplesPerSec)}/s`).join(', ')}; picks ${ranked[0]?.backend ?? 'nothing'}`,
    );
  }
  const cnnGpu = engineRates['cnn/webgpu'];
  const cnnWasm = engineRates['cnn/wasm'];
  if (cnnGpu && cnnWasm) {
    const ratio = cnnGpu / cnnWasm;
    console.log(
      `target: CNN on WebGPU ≥ 3× WASM: ${ratio >= 3 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}×)`,
    );
  } else console.log('target: CNN on WebGPU ≥ 3× WASM: not measured (no WebGPU adapter here)');
  console.log(
    `WASM here runs in Node: ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threaded' : 'one thread'}; in a cross-origin isolated page it uses up to 4 threads.`,
  );
}
