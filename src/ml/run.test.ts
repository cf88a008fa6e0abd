import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig, TrainEvent } from '../core';
import { DEFAULT_CONFIG } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { RunControl } from './control';
import { trainToEnd } from '../test/trainToEnd';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const train = loadDigits(300, 0);
const test = loadDigits(100, 200);

function config(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    ...DEFAULT_CONFIG,
    units: 32,
    batchSize: 32,
    epochs: 2,
    trainSize: 300,
    testSize: 100,
    ...overrides,
  };
}

async function run(
  overrides: Partial<RunConfig> = {},
  control = new RunControl(),
  onEvent?: (e: TrainEvent) => void,
  digits = { train, test },
) {
  const events: TrainEvent[] = [];
  const outcome = await trainToEnd({
    config: config(overrides),
    train: digits.train,
    test: digits.test,
    backend: 'cpu',
    control,
    emit: (event) => {
      events.push(event);
      onEvent?.(event);
    },
    throttleMs: 0,
  });
  return { ...outcome, events };
}

describe('runTraining on the CPU backend', () => {
  it('learns: the loss falls, validation accuracy beats chance, no tensor leaks', async () => {
    const before = tf.memory().numTensors;
    const { reason, result, events } = await run({ epochs: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(reason).toBe('completed');
    expect(result.history).toHaveLength(3);
    const [first, , last] = result.history;
    expect(last!.loss).toBeLessThan(first!.loss);
    expect(last!.valMetric).toBeGreaterThan(0.5);
    expect(result.confusion).toHaveLength(10);
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
    expect(result.testAccuracy).toBeCloseTo(last!.valMetric, 6);
    expect(result.samples).toHaveLength(20);
    expect(result.samples[0]!.logits).toHaveLength(10);
    expect(result.samples[0]!.pixels).toHaveLength(784);
    const sum = result.samples[0]!.outputs.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 5);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['stage', 'run-start', 'stage']);
    expect(types.filter((t) => t === 'epoch')).toHaveLength(3);
    const batches = events.filter((e) => e.type === 'batch');
    // One read in flight at a time: each event reports the batches read back so far.
    expect(batches.length).toBeGreaterThanOrEqual(3 * 9);
    const lastBatch = batches.at(-1)!;
    expect(lastBatch.type === 'batch' && lastBatch.batch).toBe(10);
    expect(lastBatch.type === 'batch' && lastBatch.loss).toBeCloseTo(last!.loss, 6);
  });

  it('is deterministic for a seed', async () => {
    const a = await run({ epochs: 1 });
    const b = await run({ epochs: 1 });
    const c = await run({ epochs: 1, seed: 7 });
    expect(b.result.history[0]!.loss).toBe(a.result.history[0]!.loss);
    expect(b.result.samples[0]!.logits).toEqual(a.result.samples[0]!.logits);
    expect(c.result.history[0]!.loss).not.toBe(a.result.history[0]!.loss);
  });

  it('trains the CNN and every optimizer without leaking', async () => {
    const before = tf.memory().numTensors;
    // The CPU backend's convolutions are slow: a few batches are enough here.
    const cnn = await run(
      { model: 'cnn', epochs: 1, trainSize: 96, testSize: 32 },
      new RunControl(),
      undefined,
      { train: loadDigits(96, 0), test: loadDigits(32, 200) },
    );
    expect(cnn.reason).toBe('completed');
    expect(Number.isFinite(cnn.result.history[0]!.loss)).toBe(true);
    for (const optimizer of ['sgd', 'rmsprop', 'adagrad', 'adadelta'] as const) {
      const { result } = await run({ optimizer, momentum: 0.9, epochs: 1 });
      expect(Number.isFinite(result.history[0]!.loss)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops cleanly between batches and keeps what it computed', async () => {
    const before = tf.memory().numTensors;
    const control = new RunControl();
    const { reason, result } = await run({ epochs: 3 }, control, (event) => {
      if (event.type === 'epoch' && event.record.epoch === 1) control.stop();
    });
    expect(reason).toBe('stopped');
    expect(result.history).toHaveLength(1);
    expect(result.confusion).toHaveLength(10);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('pauses and resumes', async () => {
    const control = new RunControl();
    const { reason, events } = await run({ epochs: 1 }, control, (event) => {
      if (event.type === 'batch' && event.batch === 2) {
        control.pause();
        setTimeout(() => control.resume(), 20);
      }
    });
    expect(reason).toBe('completed');
    const types = events.map((e) => e.type);
    expect(types.indexOf('paused')).toBeGreaterThan(0);
    expect(types.indexOf('resumed')).toBeGreaterThan(types.indexOf('paused'));
  });

  it('stops when the loss diverges and says where', async () => {
    const before = tf.memory().numTensors;
    const { reason, result } = await run({
      activation: 'linear',
      loss: 'mean_squared_error',
      optimizer: 'sgd',
      // Beyond the page's limit, so the weights overflow within a few steps.
      learningRate: 1e8,
      epochs: 2,
    });
    expect(reason).toBe('diverged');
    expect(result.divergence?.epoch).toBe(1);
    expect(result.divergence?.batch).toBeGreaterThan(0);
    expect(result.divergence?.cause).toMatch(/learning rate/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
