import { defaultDevice, init } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDigits } from '../src/test/mnistDigits';
import { trainJax } from './jaxTrain';

beforeAll(async () => {
  await init('wasm');
  defaultDevice('wasm');
});

function data(count: number) {
  const digits = loadDigits(count, 0);
  const images = Float32Array.from(digits.images, (v) => v / 255);
  const targets = new Float32Array(count * 10);
  digits.labels.forEach((label, i) => (targets[i * 10 + label] = 1));
  return { images, targets, count };
}

describe('jax-js training the engine’s models (benchmark baseline)', () => {
  for (const kind of ['mlp', 'cnn'] as const) {
    it(`trains the ${kind.toUpperCase()}: the epoch loss starts near ln 10 and falls`, async () => {
      const result = await trainJax({ kind, ...data(256), batchSize: 32, epochs: 3, seed: 1 });
      expect(result.samplesPerSec).toHaveLength(3);
      expect(result.samplesPerSec.every((r) => r > 0)).toBe(true);
      const [first, , last] = result.losses as [number, number, number];
      expect(first).toBeGreaterThan(Math.log(10) * 0.8);
      expect(first).toBeLessThan(Math.log(10) * 1.2);
      expect(last).toBeLessThan(first - 0.05);
    });
  }
});
