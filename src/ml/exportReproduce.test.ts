/**
 * The exported Python scripts reproduce the page's run (src/core/codegen/reproduce.ts): their
 * ports of LossLab's generator and of tfjs' seeded Glorot initialiser, run with numpy, give the
 * page's split, its batch order in every epoch and its initial weights bit for bit. Needs only
 * Python 3 with numpy (as the other code-export tests); the full run in Keras is
 * src/worker/notebookExport.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../core';
import { DEFAULT_CONFIG, NUM_CLASSES, generateCode, splitIndices } from '../core';
import { PYTHON_LOSSLAB_HELPERS } from '../core/codegen/reproduce';
import { buildModel, readWeights } from './models';
import { epochOrder } from './trainer';

interface ToolModule {
  runPython: (source: string) => { status: number | null; stdout: string; stderr: string };
}
const toolPath = '../test/syntax';
const loadTools = () => import(/* @vite-ignore */ toolPath) as Promise<ToolModule>;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = (more: Partial<RunConfig>): RunConfig => ({
  ...DEFAULT_CONFIG,
  trainSize: 300,
  testSize: 100,
  epochs: 3,
  ...more,
});

describe('the exported scripts draw what the page draws', () => {
  it('Keras and PyTorch scripts carry the helpers verbatim', () => {
    for (const target of ['keras', 'pytorch'] as const) {
      const { code, notes } = generateCode(config({}), target);
      expect(code).toContain(PYTHON_LOSSLAB_HELPERS.join('\n'));
      expect(code).toContain('DATA_FILE = "mnist-10k.bin.gz"');
      expect(notes.join(' ')).toContain('download mnist-10k.bin.gz next to it');
    }
  });

  for (const [model, seed] of [
    ['mlp', 42],
    ['cnn', 3_000_000_123],
  ] as const) {
    it(`${model}, seed ${seed}: split, batch order of every epoch and initial kernels, bit for bit`, async () => {
      const c = config({ model, seed, units: 16 });
      const spec = { kind: model, units: 16, outputs: NUM_CLASSES, seed, rows: 28, cols: 28 };
      const net = buildModel(spec);
      const weights = await readWeights(net);
      const shapes = net.getWeights().map((w) => w.shape);
      net.dispose();
      const kernelShapes = shapes.filter((s) => s.length > 1);
      const seeds = model === 'mlp' ? [0, 10] : [0, 1, 10];
      const script = [
        'import base64, gzip, json',
        'import numpy as np',
        ...PYTHON_LOSSLAB_HELPERS,
        `SEED = ${seed}`,
        'shuffled = LossLabRng(SEED).shuffle(10000)',
        'print(json.dumps({',
        '  "train": shuffled[:300].tolist(), "test": shuffled[10000 - 100 :].tolist(),',
        '  "orders": [epoch_order(300, SEED, e).tolist() for e in (1, 2, 3)],',
        `  "kernels": [base64.b64encode(losslab_glorot(s, SEED, i).tobytes()).decode()`,
        `              for s, i in zip(${JSON.stringify(kernelShapes)}, ${JSON.stringify(seeds)})],`,
        '}))',
      ].join('\n');
      const { runPython } = await loadTools();
      const run = runPython(script);
      expect(run.stderr).toBe('');
      const got = JSON.parse(run.stdout) as {
        train: number[];
        test: number[];
        orders: number[][];
        kernels: string[];
      };
      const split = splitIndices(10_000, c);
      expect(got.train).toEqual(Array.from(split.train));
      expect(got.test).toEqual(Array.from(split.test));
      got.orders.forEach((order, e) =>
        expect(order).toEqual(Array.from(epochOrder(300, seed, e + 1))),
      );
      const kernels = weights.filter((_, i) => (shapes[i]?.length ?? 0) > 1);
      expect(got.kernels).toHaveLength(kernels.length);
      got.kernels.forEach((b64, i) => {
        const bytes = Buffer.from(b64, 'base64');
        const python = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
        expect(python).toEqual(kernels[i]);
      });
    }, 60_000);
  }
});
