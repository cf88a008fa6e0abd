/**
 * `auto` without a probe: a run starts at once on the fastest backend measured on this device or
 * on the documented guess, a stale measurement is set aside, and a background measurement that
 * finds a clearly faster backend moves the run there after an epoch with the same numbers.
 * Backend initialisation is stubbed (Node has only the CPU backend): the names are what the
 * worker would ask tfjs for, and every run really trains on the CPU.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendName, MeasurementRecord, RunConfig, TrainEvent } from '../core';
import { DEFAULT_CONFIG, MEASUREMENT_VERSION, measurementKey, probeSpecOf } from '../core';
import { loadDigits } from '../test/mnistDigits';

const broken = new Set<string>();
const details: Record<string, string> = {};

vi.mock('../ml/backends', () => ({
  ruleOut: () => null,
  backendCandidates: (choice: string) => [choice, 'cpu'],
  webglRenderer: () => Promise.resolve('ANGLE (NVIDIA GeForce)'),
  initBackend: (candidates: string[], reason = 'first that initialised') => {
    const attempts = [];
    for (const backend of candidates) {
      if (broken.has(backend)) {
        attempts.push({ backend, ok: false, reason: 'no adapter' });
        continue;
      }
      const detail = details[backend];
      attempts.push({ backend, ok: true, ...(detail ? { detail } : {}) });
      return Promise.resolve({ backend, reason, attempts, backendEpsilon: 1e-7 });
    }
    return Promise.reject(
      new Error(`No TensorFlow.js backend could be initialised: ${candidates[0]}: no adapter`),
    );
  },
}));

const { train, noteMeasurement, stop } = await import('./training');
const { currentDevice, forgetMeasurements, rememberMeasurements } = await import('./backendChoice');

const digits = loadDigits(300, 0);
const getDataset = () => Promise.resolve(digits);

function config(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    ...DEFAULT_CONFIG,
    backend: 'auto',
    units: 16,
    batchSize: 50,
    epochs: 3,
    trainSize: 200,
    testSize: 100,
    ...overrides,
  };
}

function record(rates: Partial<Record<BackendName, number>>, complete = true): MeasurementRecord {
  const device = currentDevice();
  const spec = probeSpecOf(config());
  return {
    version: MEASUREMENT_VERSION,
    key: measurementKey(device, spec),
    device,
    spec,
    measuredAt: Date.UTC(2026, 10, 30, 16, 52),
    results: (Object.entries(rates) as [BackendName, number][]).map(([backend, rate]) => ({
      backend,
      samplesPerSec: rate,
      ...(details[backend] ? { detail: details[backend] } : {}),
    })),
    complete,
  };
}

async function run(c: RunConfig, onEvent: (event: TrainEvent) => void = () => undefined) {
  const events: TrainEvent[] = [];
  const outcome = await train(
    c,
    (event) => {
      events.push(event);
      onEvent(event);
    },
    getDataset,
  );
  const reports = events.flatMap((e) => (e.type === 'backend' ? [e.report] : []));
  const done = events.find((e) => e.type === 'done');
  return { outcome, events, reports, history: done?.type === 'done' ? done.result.history : [] };
}

const numbers = (history: { loss: number; valLoss: number; metric: number }[]) =>
  history.map(({ loss, valLoss, metric }) => ({ loss, valLoss, metric }));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

beforeEach(() => {
  forgetMeasurements();
  broken.clear();
  for (const key of Object.keys(details)) delete details[key];
});

describe('auto with nothing measured', () => {
  it('starts at once on the documented guess (WASM for the MLP), measuring nothing', async () => {
    const { outcome, events, reports } = await run(config({ epochs: 1 }));
    expect(outcome).toBe('completed');
    expect(reports[0]?.backend).toBe('wasm');
    expect(reports[0]?.basis).toMatchObject({ kind: 'guess' });
    expect(reports[0]?.reason).toMatch(/best guess for the MLP, not measured on this device yet/);
    const stages = events.flatMap((e) => (e.type === 'stage' ? [e] : []));
    expect(stages.some((s) => s.message !== undefined)).toBe(false);
  });

  it('guesses WebGL for the CNN on a hardware renderer, the next one when it fails', async () => {
    const cnn = config({ model: 'cnn', epochs: 1, trainSize: 50, testSize: 20 });
    // Only the choice matters here: stop as soon as it is made.
    const choose = () => run(cnn, (event) => event.type === 'backend' && stop());
    expect((await choose()).reports[0]?.backend).toBe('webgl');
    // Then WASM, which trains the CNN with LossLab's kernels, then the CPU.
    broken.add('webgl');
    expect((await choose()).reports[0]?.backend).toBe('wasm');
    broken.add('wasm');
    expect((await choose()).reports[0]?.backend).toBe('cpu');
  });
});

describe('auto with a measurement of this device', () => {
  it('starts on the fastest measured backend and says so', async () => {
    rememberMeasurements([record({ cpu: 2000, wasm: 900, webgl: 400, webgpu: 100 })]);
    const { reports } = await run(config({ epochs: 1 }));
    expect(reports[0]?.backend).toBe('cpu');
    expect(reports[0]?.basis).toMatchObject({
      kind: 'measured',
      measuredAt: Date.UTC(2026, 10, 30, 16, 52),
    });
    expect(reports[0]?.reason).toMatch(
      /fastest measured on this device for the MLP: cpu 2,000\/s, wasm 900\/s/,
    );
  });

  it('sets aside a measurement from another browser or TensorFlow.js version', () => {
    const old = record({ cpu: 2000 });
    const fromElsewhere = { ...old, device: { ...old.device, tfjs: '3.0.0' } };
    const { usable, stale } = rememberMeasurements([fromElsewhere]);
    expect(usable).toEqual([]);
    expect(stale).toEqual([
      { key: old.key, why: `measured with TensorFlow.js 3.0.0, now ${old.device.tfjs}` },
    ]);
  });

  it('falls back on the guess when the measured backend no longer initialises', async () => {
    rememberMeasurements([record({ webgpu: 5000, wasm: 900, webgl: 400, cpu: 300 })]);
    broken.add('webgpu');
    const { reports } = await run(config({ epochs: 1 }));
    expect(reports[0]?.backend).toBe('wasm');
    expect(reports[0]?.basis).toMatchObject({
      kind: 'guess',
      stale: expect.stringMatching(/webgpu no longer initialises/) as unknown,
    });
    // Forgotten: the next run does not try it again.
    broken.delete('webgpu');
    expect((await run(config({ epochs: 1 }))).reports[0]?.backend).toBe('wasm');
  });

  it('sets the measurement aside when the GPU is not the one measured', async () => {
    details.webgl = 'ANGLE (Intel UHD 620)';
    rememberMeasurements([record({ webgl: 5000, wasm: 900, cpu: 300, webgpu: 10 })]);
    details.webgl = 'ANGLE (NVIDIA GeForce)';
    const { reports } = await run(config({ epochs: 1 }));
    expect(reports[0]?.backend).toBe('wasm');
    expect(reports[0]?.basis).toMatchObject({
      kind: 'guess',
      stale: expect.stringMatching(
        /webgl now runs on ANGLE \(NVIDIA GeForce\), measured on ANGLE \(Intel UHD 620\)/,
      ) as unknown,
    });
  });

  it('uses a partial measurement only when it clearly beats the guess', async () => {
    rememberMeasurements([record({ cpu: 1000, wasm: 900 }, false)]);
    expect((await run(config({ epochs: 1 }))).reports[0]?.backend).toBe('wasm');
    rememberMeasurements([record({ cpu: 2000, wasm: 900 }, false)]);
    expect((await run(config({ epochs: 1 }))).reports[0]?.backend).toBe('cpu');
  });
});

describe('a background measurement during a run', () => {
  it('moves the run to a clearly faster backend after the epoch, with the same numbers', async () => {
    const straight = await run(config());
    forgetMeasurements();
    let noted: BackendName | null = null;
    const moved = await run(config(), (event) => {
      if (event.type === 'epoch' && event.record.epoch === 1) {
        noted = noteMeasurement(record({ webgl: 5000, wasm: 1000, cpu: 500, webgpu: 100 }));
      }
    });
    expect(noted).toBe('webgl');
    const fallback = moved.events.find((e) => e.type === 'backend-fallback');
    expect(fallback).toMatchObject({ from: 'wasm', to: 'webgl', why: 'faster' });
    expect(fallback?.type === 'backend-fallback' && fallback.reason).toMatch(
      /found webgl 5\.0× faster than wasm.*resuming after epoch 1 with its weights and optimizer state/,
    );
    expect(moved.reports.map((r) => r.backend)).toEqual(['wasm', 'webgl']);
    expect(numbers(moved.history)).toEqual(numbers(straight.history));
  });

  it('leaves a run alone when the difference is not clear, or the backend was forced', async () => {
    // The answers are collected and checked after the run: the worker ignores whatever an event
    // handler throws (the page may have gone), so an assertion inside the handler could not fail.
    const answers: (BackendName | null)[] = [];
    const notClear = await run(config({ epochs: 2 }), (event) => {
      if (event.type === 'epoch' && event.record.epoch === 1) {
        answers.push(noteMeasurement(record({ webgl: 1100, wasm: 1000, cpu: 500, webgpu: 1 })));
      }
    });
    expect(notClear.reports.map((r) => r.backend)).toEqual(['wasm']);
    expect(notClear.events.some((e) => e.type === 'backend-fallback')).toBe(false);
    forgetMeasurements();
    const forced = await run(config({ epochs: 2, backend: 'cpu' }), (event) => {
      if (event.type === 'epoch' && event.record.epoch === 1) {
        answers.push(noteMeasurement(record({ webgl: 5000, wasm: 1000, cpu: 500, webgpu: 1 })));
      }
    });
    expect(forced.events.some((e) => e.type === 'backend-fallback')).toBe(false);
    expect(answers).toEqual([null, null]);
  });
});
