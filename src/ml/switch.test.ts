/**
 * Moving a run to another backend after an epoch (`handOver`, or a backend failure) keeps
 * its numbers: the resumed run starts from that epoch's weights and optimizer state, and its
 * history matches an uninterrupted run's exactly. Both halves run on the CPU backend, or both on
 * WASM (where LossLab's fused Adam keeps its moments in the same slots); what crosses is the host
 * copy of the state, as between two real backends. A run moved from WASM to the CPU goes on with
 * the numbers of an uninterrupted WASM run to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochRecord, OptimizerName, RunConfig } from '../core';
import { DEFAULT_CONFIG } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { onBackend, useWasmForTests } from '../test/wasmBackend';
import { RunControl } from './control';
import { trainToEnd } from '../test/trainToEnd';
import type { ResumeState, RunOptions } from './run';
import { runTraining } from './run';

/** Runs until the first hand-over and returns the state to resume from. */
async function handedOver(options: RunOptions): Promise<ResumeState> {
  const outcome = await runTraining(options);
  expect(outcome.kind).toBe('hand-over');
  if (outcome.kind !== 'hand-over') throw new Error(`ended ${outcome.kind}`);
  return outcome.resume;
}

beforeAll(async () => {
  await useWasmForTests();
  await tf.setBackend('cpu');
});

const train = loadDigits(256, 0);
const test = loadDigits(64, 300);

function config(optimizer: OptimizerName): RunConfig {
  return {
    ...DEFAULT_CONFIG,
    optimizer,
    momentum: optimizer === 'sgd' ? 0.9 : 0,
    learningRate: optimizer === 'adadelta' ? 1 : optimizer === 'sgd' ? 0.05 : 0.001,
    units: 16,
    batchSize: 32,
    epochs: 3,
    trainSize: 256,
    testSize: 64,
  };
}

/** The numbers of a history, without the timings. */
const numbers = (history: readonly EpochRecord[]) =>
  history.map(({ epoch, loss, metric, valLoss, valMetric }) => ({
    epoch,
    loss,
    metric,
    valLoss,
    valMetric,
  }));

const base = (c: RunConfig, backend: 'cpu' | 'wasm' = 'cpu') => ({
  config: c,
  train,
  test,
  backend,
  emit: () => undefined,
  control: new RunControl(),
  throttleMs: 0,
});

describe('a run moved to another backend after an epoch', () => {
  it.each<OptimizerName>(['adam', 'sgd', 'rmsprop', 'adagrad', 'adadelta'])(
    'gives the same numbers as an uninterrupted run (%s)',
    async (optimizer) => {
      const c = config(optimizer);
      const before = tf.memory().numTensors;
      const straight = await trainToEnd(base(c));

      let asked = 0;
      const resume = await handedOver({
        ...base(c),
        handOver: () => ++asked === 1, // after the first epoch only
      });
      expect(resume.history).toHaveLength(1);
      expect(resume.optimizer?.slots.length).toBeGreaterThan(0);

      const resumed = await trainToEnd({ ...base(c), resume });
      expect(numbers(resumed.result.history)).toEqual(numbers(straight.result.history));
      expect(resumed.result.testAccuracy).toBe(straight.result.testAccuracy);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it("carries the fused Adam's state on WASM, and from WASM to the CPU backend", async () => {
    const c = config('adam');
    const straight = await onBackend('wasm', () => trainToEnd(base(c, 'wasm')));
    let asked = 0;
    const resume = await onBackend('wasm', () =>
      handedOver({ ...base(c, 'wasm'), handOver: () => ++asked === 1 }),
    );
    // Adam's step count, then m and v of the MLP's four variables.
    expect(resume.optimizer?.slots).toHaveLength(9);
    expect(resume.optimizer?.betaPowers).toHaveLength(2);

    const onWasm = await onBackend('wasm', () => trainToEnd({ ...base(c, 'wasm'), resume }));
    expect(numbers(onWasm.result.history)).toEqual(numbers(straight.result.history));
    const onCpu = await trainToEnd({ ...base(c), resume });
    const expected = numbers(straight.result.history);
    numbers(onCpu.result.history).forEach((epoch, i) => {
      expect(epoch.loss).toBeCloseTo(expected[i]?.loss ?? NaN, 4);
      expect(epoch.valLoss).toBeCloseTo(expected[i]?.valLoss ?? NaN, 4);
    });
  });

  it('is not asked after the last epoch (nothing left to move)', async () => {
    const c = { ...config('adam'), epochs: 1 };
    let asked = 0;
    const { reason } = await trainToEnd({
      ...base(c),
      handOver: () => {
        asked++;
        return true;
      },
    });
    expect(reason).toBe('completed');
    expect(asked).toBe(0);
  });
});
