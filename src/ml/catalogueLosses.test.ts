/**
 * The two losses added only through the catalogue (and their maths) train for real: the
 * configuration a link such as `?loss=binary_focal_crossentropy` produces goes through the engine
 * on the CPU backend, the loss falls and validation accuracy beats chance.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, checkConfig, decodeConfig } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { RunControl } from './control';
import { trainToEnd } from '../test/trainToEnd';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const train = loadDigits(300, 0);
const test = loadDigits(100, 300);

describe('losses added through the catalogue train from a link', () => {
  it.each(['loss=binary_focal_crossentropy&act=sigmoid', 'loss=abs_kl_divergence&act=softmax'])(
    '%s',
    async (query) => {
      const { config, ignored } = decodeConfig(
        `?${query}&labels=onehot&units=32&batch=32&epochs=3&train=300&test=100`,
      );
      expect(ignored).toEqual([]);
      expect(config.loss).not.toBe(DEFAULT_CONFIG.loss);
      expect(checkConfig(config).level).not.toBe('error');
      const before = tf.memory().numTensors;
      const { reason, result } = await trainToEnd({
        config,
        train,
        test,
        backend: 'cpu',
        control: new RunControl(),
        emit: () => {},
        throttleMs: 0,
      });
      expect(reason).toBe('completed');
      expect(tf.memory().numTensors).toBe(before);
      const first = result.history[0];
      const last = result.history.at(-1);
      expect(last?.loss).toBeLessThan(first?.loss ?? NaN);
      expect(last?.valMetric).toBeGreaterThan(0.3);
    },
  );
});
