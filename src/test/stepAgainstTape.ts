/**
 * The harness that checks a written-out training step (src/ml/denseStep.ts, convStep.ts) against
 * the generic step on the gradient tape, from the same seeded model and digits: on the CPU backend
 * every loss value, metric sum and weight after several optimizer steps is bit for bit the same;
 * on WASM, where XNNPACK adds biases inside its products and convolutions, within float32
 * roundings (losses to 5 decimals, the same metric sums, weights within 1e-4 relative).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../core';
import { DEFAULT_CONFIG, labelClasses, outputUnits, toBinaryLabels } from '../core';
import { disposeSplit, toTensors } from '../ml/data';
import { buildModel, readWeights } from '../ml/models';
import { createOptimizer, disposeOptimizer } from '../ml/optimizers';
import { lossSpecOf, resolveRunMetric } from '../ml/run';
import type { StepKind } from '../ml/step';
import { stepContext, trainStep } from '../ml/step';
import { loadDigits } from './mnistDigits';
import { onBackend } from './wasmBackend';

/** What a few steps left: the step that ran, each step's loss and metric sum, the weights. */
interface Trained {
  kind: StepKind;
  losses: number[];
  metricSums: number[];
  weights: Float32Array[];
}

/** Builds the model a configuration trains (by default the app's own model for it). */
export type ModelFactory = (config: RunConfig) => tf.LayersModel;

const appModel: ModelFactory = (config) =>
  buildModel({
    kind: config.model,
    units: config.units,
    outputs: outputUnits(config),
    seed: config.seed,
    rows: 28,
    cols: 28,
  });

const digits = loadDigits(48, 0);

/** `steps` steps on batches of 16 of the digits, from the seeded model; frees what it made. */
async function train(
  config: RunConfig,
  make: ModelFactory,
  tapeOnly: boolean,
  steps = 3,
): Promise<Trained> {
  const set =
    config.task === 'binary'
      ? { ...digits, labels: toBinaryLabels(digits.labels, config.target) }
      : digits;
  const split = toTensors(set, config.labels, labelClasses(config));
  const model = make(config);
  const optimizer = createOptimizer(config);
  const context = stepContext(model, optimizer, lossSpecOf(config), resolveRunMetric(config), {
    tapeOnly,
  });
  const losses: number[] = [];
  const metricSums: number[] = [];
  try {
    for (let i = 0; i < steps; i++) {
      const [x, y] = [split.x, split.y].map((t) => t.slice(16 * (i % 3), 16)) as [
        tf.Tensor2D,
        tf.Tensor,
      ];
      const { loss, metricSum } = trainStep(context, x, y);
      losses.push((await loss.data())[0] as number);
      metricSums.push((await metricSum.data())[0] as number);
      tf.dispose([x, y, loss, metricSum]);
    }
    return { kind: context.kind, losses, metricSums, weights: await readWeights(model) };
  } finally {
    disposeOptimizer(optimizer);
    model.dispose();
    disposeSplit(split);
  }
}

function maxRelative(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const [p, q] = [a[i] as number, b[i] as number];
    worst = Math.max(worst, Math.abs(p - q) / Math.max(1e-3, Math.abs(q)));
  }
  return worst;
}

/** One configuration to compare: its name, what it changes from the default, its model. */
export type StepCase = [name: string, overrides: Partial<RunConfig>, make?: ModelFactory];

/**
 * For each case, the two tests: the step of `kind` against the taped step, bit for bit on the
 * CPU backend and within float32 roundings on WASM, and no tensor left behind on either.
 */
export function describeStepAgainstTape(
  kind: Exclude<StepKind, 'tape'>,
  cases: readonly StepCase[],
): void {
  describe.each(cases)(`the written-out ${kind} step: %s`, (_, overrides, make = appModel) => {
    const config: RunConfig = { ...DEFAULT_CONFIG, ...overrides };

    it('gives the taped step’s losses, metric and weights bit for bit on the CPU backend', async () => {
      const before = tf.memory().numTensors;
      const written = await train(config, make, false);
      const taped = await train(config, make, true);
      expect([written.kind, taped.kind]).toEqual([kind, 'tape']);
      expect(written.losses).toEqual(taped.losses);
      expect(written.metricSums).toEqual(taped.metricSums);
      expect(written.weights).toEqual(taped.weights);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('gives them on WASM within float32 roundings and frees every tensor', async () => {
      await onBackend('wasm', async () => {
        const before = tf.memory().numTensors;
        const written = await train(config, make, false);
        const taped = await train(config, make, true);
        expect(written.kind).toBe(kind);
        written.losses.forEach((loss, i) => expect(loss).toBeCloseTo(taped.losses[i] as number, 5));
        expect(written.metricSums).toEqual(taped.metricSums);
        written.weights.forEach((w, i) =>
          expect(maxRelative(w, taped.weights[i] as Float32Array)).toBeLessThan(1e-4),
        );
        expect(tf.memory().numTensors).toBe(before);
      });
    });
  });
}
