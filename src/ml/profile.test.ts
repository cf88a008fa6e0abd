import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDigits } from '../test/mnistDigits';
import { PROFILE_PHASES, profileSteps } from './profile';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('profileSteps', () => {
  it("times every phase of the engine's step, lists its kernels and frees every tensor", async () => {
    const before = tf.memory().numTensors;
    let ticks = 0;
    const profile = await profileSteps({
      model: 'mlp',
      units: 8,
      batchSize: 16,
      digits: loadDigits(64),
      steps: 4,
      warmup: 1,
      kernelSteps: 2,
      topKernels: 3,
      // A clock that advances 1 ms per reading: each phase of each step then takes exactly 1 ms.
      clock: () => ticks++,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(profile).toMatchObject({ backend: 'cpu', model: 'mlp', batchSize: 16, steps: 4 });
    expect(Object.keys(profile.phases)).toEqual([...PROFILE_PHASES]);
    for (const phase of PROFILE_PHASES) expect(profile.phases[phase]).toBe(1);
    expect(profile.msPerStep).toBe(PROFILE_PHASES.length);
    expect(profile.samplesPerSec).toBeCloseTo((16 * 1000) / PROFILE_PHASES.length, 6);
    expect(profile.kernels.top).toHaveLength(3);
    expect(profile.kernels.count).toBeGreaterThan(20);
    const names = profile.kernels.top.map((k) => k.name);
    expect(names.every((name) => !name.endsWith('__op'))).toBe(true);
  });
});
