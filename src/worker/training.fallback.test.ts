/**
 * A backend that fails part-way through a run: the worker moves to the next backend, says so with
 * a `backend-fallback` event and resumes after the last completed epoch, from that epoch's
 * weights. Nothing of the run is stubbed: Node has only the CPU backend, so a second backend is
 * made of the CPU kernels under the name `webgl` (with the little of OffscreenCanvas the worker's
 * WebGL probe reads), and a simulated context loss is injected into its kernels after epoch 1.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, EpochRecord, RunConfig, TrainEvent } from '../core';
import { DEFAULT_CONFIG } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { train } from './training';

const digits: Dataset = loadDigits(200, 3);
const getDataset = () => Promise.resolve(digits);

/** When set, every kernel of the fake `webgl` backend throws (a lost GPU context). */
let contextLost = false;
const savedCanvas = (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const CpuBackend = tf.findBackend('cpu').constructor as new () => tf.KernelBackend;
  for (const kernel of tf.getKernelsForBackend('webgl')) {
    tf.unregisterKernel(kernel.kernelName, 'webgl');
  }
  if (tf.findBackendFactory('webgl')) tf.removeBackend('webgl');
  tf.registerBackend('webgl', () => new CpuBackend());
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    tf.registerKernel({
      ...kernel,
      backendName: 'webgl',
      kernelFunc: (args) => {
        if (contextLost) throw new Error('CONTEXT_LOST_WEBGL (simulated)');
        return kernel.kernelFunc(args);
      },
    });
  }
  // What the worker's WebGL probe reads: a context with a renderer name.
  (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas = class {
    getContext() {
      return {
        RENDERER: 0x1f01,
        getExtension: () => null,
        getParameter: () => 'CPU kernels posing as WebGL (test)',
      };
    }
  };
});

afterAll(async () => {
  (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas = savedCanvas;
  await tf.setBackend('cpu');
});

// Plain SGD keeps no optimizer state, so a run resumed from epoch 1's weights must continue
// exactly as the uninterrupted run did (the batch order of each epoch depends on the seed alone).
const config: RunConfig = {
  ...DEFAULT_CONFIG,
  optimizer: 'sgd',
  learningRate: 0.05,
  units: 12,
  batchSize: 20,
  epochs: 3,
  trainSize: 120,
  testSize: 60,
  seed: 5,
};

async function run(c: RunConfig, onEpoch?: (record: EpochRecord) => void) {
  const events: TrainEvent[] = [];
  const outcome = await train(
    c,
    (event) => {
      events.push(event);
      if (event.type === 'epoch') onEpoch?.(event.record);
    },
    getDataset,
  );
  return { outcome, events };
}

const numbers = (history: readonly EpochRecord[]) =>
  history.map((h) => [h.epoch, h.loss, h.metric, h.valLoss, h.valMetric]);

describe('mid-run backend failure (real engine, CPU kernels)', () => {
  it('falls back to the next backend and resumes after the last completed epoch, matching an uninterrupted run', async () => {
    const uninterrupted = await run({ ...config, backend: 'cpu' });
    const whole = uninterrupted.events.at(-1);
    if (whole?.type !== 'done') throw new Error(`no done event: ${JSON.stringify(whole)}`);

    contextLost = false;
    const interrupted = await run({ ...config, backend: 'webgl' }, (record) => {
      // The context is lost right after epoch 1 completed (and its weights were snapshot).
      if (record.epoch === 1) contextLost = true;
    });
    contextLost = false;
    expect(interrupted.outcome).toBe('completed');
    const backends = interrupted.events.flatMap((e) =>
      e.type === 'backend' ? [e.report.backend] : [],
    );
    expect(backends).toEqual(['webgl', 'cpu']);
    const fallback = interrupted.events.find((e) => e.type === 'backend-fallback');
    expect(fallback).toMatchObject({ type: 'backend-fallback', from: 'webgl', to: 'cpu' });
    expect(fallback?.type === 'backend-fallback' && fallback.reason).toMatch(
      /CONTEXT_LOST_WEBGL \(simulated\).*resuming after epoch 1/,
    );
    // Epoch 1 is reported once, before the failure; 2 and 3 after it, on the CPU.
    const epochs = interrupted.events.flatMap((e) => (e.type === 'epoch' ? [e.record.epoch] : []));
    expect(epochs).toEqual([1, 2, 3]);
    const done = interrupted.events.at(-1);
    if (done?.type !== 'done') throw new Error('no done event');
    expect(done.result.backend).toBe('cpu');
    expect(numbers(done.result.history)).toEqual(numbers(whole.result.history));
    expect(done.result.confusion).toEqual(whole.result.confusion);
  });
});
