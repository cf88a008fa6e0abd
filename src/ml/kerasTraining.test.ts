/**
 * Training checked against real Keras, step by step (issue 14): for one configuration per loss
 * family, the engine (its own `trainEpochs`, on the CPU backend and on WASM with LossLab's kernels
 * and fused Adam) starts from LossLab's seeded
 * weights and visits the digits in LossLab's batch order, and Keras 3.15.1 on TensorFlow 2.21 did
 * the same with `train_on_batch` (fixture from scripts/keras-oracle/training.py). Every step's
 * loss must agree to 1e-4 relative and every final weight to 1e-4 absolute.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { RunConfig } from '../core';
import { runConfigSchema } from '../core';
import {
  STEPS,
  TRAINING_CASES,
  decodeDelta,
  fingerprint,
  trainWithEngine,
} from '../test/kerasTraining';
import { onBackend, useWasmForTests } from '../test/wasmBackend';

interface KerasCase {
  id: string;
  config: RunConfig;
  fingerprint: string;
  losses: (number | string)[];
  finalDelta: string[] | { sameAs: string };
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/keras-training.json', import.meta.url), 'utf8'),
) as { versions: Record<string, string>; cases: KerasCase[] };
const byId = new Map(fixture.cases.map((c) => [c.id, c]));

function deltas(c: KerasCase): string[] {
  const d = c.finalDelta;
  if (Array.isArray(d)) return d;
  const other = byId.get(d.sameAs);
  if (!other) throw new Error(`${c.id}: no case ${d.sameAs}`);
  return deltas(other);
}

beforeAll(async () => {
  await useWasmForTests();
  await tf.setBackend('cpu');
});

describe(`training step by step against Keras ${fixture.versions.keras} / TF ${fixture.versions.tensorflow}`, () => {
  it('the fixture covers every case, with the configuration the engine trains', () => {
    expect(fixture.cases.map((c) => c.id)).toEqual(TRAINING_CASES.map((c) => c.id));
    // Read as a stored configuration is: fields added since the fixture was written take their
    // defaults (pos_weight), which are what the fixture's run used.
    for (const { id, config } of TRAINING_CASES)
      expect(v.parse(runConfigSchema, byId.get(id)?.config)).toEqual(config);
  });

  for (const backend of ['cpu', 'wasm'] as const)
    for (const { id, config } of TRAINING_CASES) {
      it(`${id} on ${backend}: ${STEPS} ${config.optimizer} steps give Keras' losses and weights`, async () => {
        const keras = byId.get(id);
        if (!keras) throw new Error(`no Keras fixture for ${id}`);
        const engine = await onBackend(backend, () => trainWithEngine(config));
        expect(fingerprint(engine.initial), 'LossLab’s initial weights changed').toBe(
          keras.fingerprint,
        );
        expect(engine.losses).toHaveLength(STEPS);
        const losses = keras.losses.map(Number);
        const worstLoss = Math.max(
          ...engine.losses.map(
            (l, i) => Math.abs(l - (losses[i] ?? NaN)) / Math.abs(losses[i] ?? NaN),
          ),
        );
        expect(worstLoss).toBeLessThan(1e-4);
        const stored = deltas(keras);
        let worstWeight = 0;
        let moved = 0;
        engine.final.forEach((w, v) => {
          const start = engine.initial[v] as Float32Array;
          const kerasFinal = decodeDelta(start, stored[v] as string);
          for (let i = 0; i < w.length; i++) {
            const x = w[i] ?? NaN;
            worstWeight = Math.max(worstWeight, Math.abs(x - (kerasFinal[i] ?? NaN)));
            moved = Math.max(moved, Math.abs(x - (start[i] ?? NaN)));
          }
        });
        expect(worstWeight).toBeLessThan(1e-4);
        // The weights did move: the check compares training, not two copies of the start.
        expect(moved).toBeGreaterThan(1e-3);
      }, 240_000);
    }
});
