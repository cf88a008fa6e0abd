/**
 * Writes the inputs of the step-by-step training fixture for training.py: per case of
 * src/test/kerasTraining.ts, the training images and labels, LossLab's initial weights and the
 * engine's batch order. Run by `npm run oracle` through its own Vitest config (it needs the
 * engine's TypeScript and tfjs): `npx vitest run --config scripts/keras-oracle/vitest.config.ts`
 * with KERAS_ORACLE_INPUTS set to the file to write.
 */
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import {
  TRAINING_CASES,
  batchOrder,
  caseData,
  fingerprint,
  initialWeights,
  toBase64,
} from '../../src/test/kerasTraining';

it('writes the training inputs for Keras', async () => {
  const out = process.env.KERAS_ORACLE_INPUTS;
  expect(out, 'set KERAS_ORACLE_INPUTS to the file to write').toBeTruthy();
  await tf.setBackend('cpu');
  const cases = [];
  for (const { id, config } of TRAINING_CASES) {
    const { train } = caseData(config);
    const weights = await initialWeights(config, train);
    const labels =
      config.labels === 'multihot' && train.targets
        ? { targets: toBase64(train.targets) }
        : { labels: toBase64(train.labels) };
    cases.push({
      id,
      config,
      count: train.count,
      pixels: train.rows * train.cols,
      images: toBase64(train.images),
      ...labels,
      order: toBase64(batchOrder(config)),
      initial: weights.map((w) => toBase64(w)),
      fingerprint: fingerprint(weights),
    });
  }
  writeFileSync(out as string, JSON.stringify({ cases }));
});
