/**
 * The exported Keras script reproduces the page's run (issue 14): run in real Keras on the page's
 * data file, it prints the epoch losses and metrics the engine computes for the same
 * configuration on the CPU backend in Node (the worker's own split and `runTraining`). Skipped,
 * with the reason, where the oracle's Python with Keras is not installed (CI has none).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochRecord, RunConfig } from '../core';
import { BUILTIN_DATASETS, DEFAULT_CONFIG, generateCode, parseMnistFile } from '../core';
import { RunControl } from '../ml/control';
import { trainToEnd } from '../test/trainToEnd';
import { kerasPython, runPythonScript } from '../test/kerasPython';
import { splitFor } from './training';

const { file } = BUILTIN_DATASETS.mnist;
const gzipped = readFileSync(new URL(`../../data/${file}`, import.meta.url));
const dataset = parseMnistFile(gunzipSync(gzipped), file);

/** Small runs: a few hundred digits (a partial last batch), 2 epochs. */
const small: RunConfig = {
  ...DEFAULT_CONFIG,
  trainSize: 300,
  testSize: 100,
  epochs: 2,
  backend: 'cpu',
};
const CASES: { name: string; config: RunConfig }[] = [
  { name: 'MLP, softmax + categorical CE, Adam, TensorFlow', config: small },
  {
    name: 'MLP, sigmoid + sparse categorical CE, RMSprop, JAX',
    config: {
      ...small,
      activation: 'sigmoid',
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
      optimizer: 'rmsprop',
      semantics: 'plain',
      seed: 7,
    },
  },
];

/** The epoch record's numbers the Keras log prints. */
type NumericEpochField = 'loss' | 'metric' | 'valLoss' | 'valMetric';

async function engineHistory(config: RunConfig): Promise<EpochRecord[]> {
  const { train, test } = splitFor(config, dataset);
  const { result } = await trainToEnd({
    config,
    train,
    test,
    backend: 'cpu',
    emit: () => {},
    control: new RunControl(),
  });
  return result.history;
}

/** The script's `history` dict (Keras' History.history), printed after the script's own lines. */
function kerasHistory(python: string, config: RunConfig): Record<string, number[]> {
  const { code } = generateCode(config, 'keras');
  const script = `${code}\nimport json\nprint("HISTORY " + json.dumps(history))\n`;
  const run = runPythonScript(
    python,
    script,
    { [file]: gzipped },
    config.semantics === 'tf' ? 'tensorflow' : 'jax',
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('HISTORY '));
  if (run.status !== 0 || !line) {
    throw new Error(`the script failed (${run.status}):\n${run.stderr.slice(-3000)}`);
  }
  return JSON.parse(line.slice('HISTORY '.length)) as Record<string, number[]>;
}

const found = kerasPython();

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe(`the exported Keras script prints the page's numbers (${'reason' in found ? `skipped: ${found.reason}` : `Keras/TF ${found.versions}`})`, () => {
  for (const { name, config } of CASES) {
    it.skipIf('reason' in found)(
      name,
      async () => {
        if ('reason' in found) return;
        const engine = await engineHistory(config);
        const keras = kerasHistory(found.python, config);
        const key = config.metric;
        const columns: [NumericEpochField, string][] = [
          ['loss', 'loss'],
          ['metric', key],
          ['valLoss', 'val_loss'],
          ['valMetric', `val_${key}`],
        ];
        let worst = 0;
        const table: string[] = [];
        for (const [field, kerasKey] of columns) {
          const values = keras[kerasKey];
          expect(values, `Keras history has no ${kerasKey}`).toHaveLength(config.epochs);
          engine.forEach((record, e) => {
            const page = record[field];
            const script = values?.[e] ?? NaN;
            worst = Math.max(worst, Math.abs(page - script));
            table.push(
              `epoch ${e + 1} ${kerasKey}: page ${page.toFixed(6)}, script ${script.toFixed(6)}`,
            );
          });
        }
        console.info(
          `${name}: max |page − script| = ${worst.toExponential(2)}\n${table.join('\n')}`,
        );
        expect(worst).toBeLessThan(1e-4);
      },
      300_000,
    );
  }
});
