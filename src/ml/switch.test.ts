/**
 * Moving a run to another backend after an epoch (`switchRequested`, or a backend failure) keeps
 * its numbers: the resumed run starts from that epoch's weights and optimizer state, and its
 * history matches an uninterrupted run's exactly. Node has only the CPU backend, so both halves
 * run on it; what crosses is the host copy of the state, as between two real backends.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochRecord, OptimizerName, RunConfig } from '../core';
import { DEFAULT_CONFIG } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { RunControl } from './control';
import { BackendSwitchRequested, TrainingInterrupted, runTraining } from './run';

beforeAll(async () => {
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

const base = (c: RunConfig) => ({
  config: c,
  train,
  test,
  backend: 'cpu' as const,
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
      const straight = await runTraining(base(c));

      let asked = 0;
      const interrupted = await runTraining({
        ...base(c),
        switchRequested: () => ++asked === 1, // after the first epoch only
      }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(interrupted).toBeInstanceOf(TrainingInterrupted);
      const { original, resume } = interrupted as TrainingInterrupted;
      expect(original).toBeInstanceOf(BackendSwitchRequested);
      expect(resume.history).toHaveLength(1);
      expect(resume.optimizer?.slots.length).toBeGreaterThan(0);

      const resumed = await runTraining({ ...base(c), resume });
      expect(numbers(resumed.result.history)).toEqual(numbers(straight.result.history));
      expect(resumed.result.testAccuracy).toBe(straight.result.testAccuracy);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('is not asked after the last epoch (nothing left to move)', async () => {
    const c = { ...config('adam'), epochs: 1 };
    let asked = 0;
    const { reason } = await runTraining({
      ...base(c),
      switchRequested: () => {
        asked++;
        return true;
      },
    });
    expect(reason).toBe('completed');
    expect(asked).toBe(0);
  });
});
