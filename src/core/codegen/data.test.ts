import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../config';
import { DEFAULT_CONFIG } from '../config';
import {
  encodeIdx,
  splitDataset,
  splitOwnData,
  type Dataset,
  type OwnDatasetRef,
} from '../dataset';
import { generateCode } from '.';
import { ownFileNames, tfjsData } from './data';
import { planCode } from './plan';
import { SPLIT_LINES } from './tfjs';

interface ToolModule {
  parsePython: (sources: readonly string[]) => { index: number; error: string }[];
  parseJsModules: (sources: readonly string[]) => { index: number; error: string }[];
  runPython: (
    source: string,
    files?: Readonly<Record<string, Uint8Array>>,
  ) => { status: number | null; stdout: string; stderr: string };
  gzip: (bytes: Uint8Array) => Uint8Array;
}
const toolPath = '../../test/syntax';
const loadTools = () => import(/* @vite-ignore */ toolPath) as Promise<ToolModule>;

/** `count` 28×28 images whose first pixel is the image index mod 251, labels i mod 10. */
function images(count: number): Dataset {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) pixels[i * 784] = i % 251;
  return {
    count,
    rows: 28,
    cols: 28,
    images: pixels,
    labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
  };
}
const idxFiles = (ds: Dataset) => ({
  images: encodeIdx({ kind: 'images', count: ds.count, data: ds.images }),
  labels: encodeIdx({ kind: 'labels', data: ds.labels }),
});

const own = (trainCount: number, testCount: number): OwnDatasetRef => ({
  id: 'own',
  name: 'train-images-idx3-ubyte.gz',
  trainCount,
  testCount,
  hash: '1c9a4e7f00aa55ff',
});
const config = (dataset: RunConfig['dataset'], more: Partial<RunConfig> = {}): RunConfig => ({
  ...DEFAULT_CONFIG,
  dataset,
  trainSize: 120,
  testSize: 40,
  ...more,
});

describe('code export names and loads the data of the configuration', () => {
  it('guesses the other file names from the training images file, as MNIST names them', () => {
    expect(ownFileNames(own(600, 100))).toEqual({
      trainImages: 'train-images-idx3-ubyte.gz',
      trainLabels: 'train-labels-idx1-ubyte.gz',
      testImages: 't10k-images-idx3-ubyte.gz',
      testLabels: 't10k-labels-idx1-ubyte.gz',
    });
    expect(ownFileNames({ ...own(600, 0), name: 'digits.bin' })).toEqual({
      trainImages: 'digits.bin',
      trainLabels: 'digits.bin.labels',
      testImages: null,
      testLabels: null,
    });
  });

  it('built-in MNIST: each framework its own loader, and a comment naming the data', () => {
    const keras = generateCode(config({ id: 'mnist' }), 'keras');
    expect(keras.code).toContain('# Data: MNIST digits (built-in): 10,000 images');
    expect(keras.code).toContain('= keras.datasets.mnist.load_data()');
    expect(generateCode(config({ id: 'mnist' }), 'pytorch').code).toContain(
      'datasets.MNIST("data", train=True, download=True)',
    );
    expect(generateCode(config({ id: 'mnist' }), 'tfjs').code).toContain(
      'const DATA_URL = "data/mnist-10k.bin.gz";',
    );
  });

  it('own files: every script names them (counts, content hash) and parses, for both splits', async () => {
    const sources = { python: [] as string[], js: [] as string[] };
    for (const dataset of [own(600, 100), own(600, 0)]) {
      for (const task of ['multiclass', 'multilabel'] as const) {
        const c = config(dataset, task === 'multilabel' ? { task, labels: 'multihot' } : {});
        for (const target of ['keras', 'pytorch', 'tfjs'] as const) {
          const { code, notes } = generateCode(c, target);
          expect(code).toContain('content hash 1c9a4e7f00aa55ff');
          expect(code).toContain('"train-images-idx3-ubyte.gz"');
          expect(code).not.toMatch(/mnist\.load_data|datasets\.MNIST|mnist-10k/);
          expect(notes.join(' ')).toContain('own IDX files: train-images-idx3-ubyte.gz');
          (target === 'tfjs' ? sources.js : sources.python).push(code);
        }
      }
    }
    const { parsePython, parseJsModules } = await loadTools();
    expect(parsePython(sources.python)).toEqual([]);
    expect(parseJsModules(sources.js)).toEqual([]);
  });

  it('the Python loader reads the IDX files (one gzipped) and splits one set without overlap', async () => {
    const { runPython, gzip } = await loadTools();
    const set = idxFiles(images(200));
    const { code } = generateCode(config(own(200, 0)), 'keras');
    const lines = code.split('\n');
    const from = lines.findIndex((l) => l.startsWith('TRAIN_IMAGES = '));
    const to = lines.findIndex((l) => l.startsWith('x_test, y_test = '));
    const script = [
      'import gzip',
      'import json',
      'import numpy as np',
      'SEED, TRAIN_SIZE, TEST_SIZE = 42, 120, 40',
      ...lines.slice(from, to + 1),
      'print(json.dumps({"train": list(x_train.shape), "test": list(x_test.shape),',
      '  "overlap": len(set(x_train[:, 0, 0].tolist()) & set(x_test[:, 0, 0].tolist())),',
      '  "labels_match": bool(((x_train[:, 0, 0] % 10) == y_train).all())}))',
    ].join('\n');
    const gz = gzip(set.images);
    const run = runPython(script, {
      'train-images-idx3-ubyte.gz': gz,
      'train-labels-idx1-ubyte.gz': set.labels,
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      train: [120, 28, 28],
      test: [40, 28, 28],
      overlap: 0,
      labels_match: true,
    });
  });

  it('the TF.js module draws exactly the images the app draws, for one set and for two', async () => {
    const { gzip } = await loadTools();
    for (const [dataset, trainSet, testSet] of [
      [own(200, 0), images(200), null],
      [own(200, 80), images(200), images(80)],
      [{ id: 'mnist' as const }, images(300), null],
    ] as const) {
      const c = config(dataset);
      const files: Record<string, Uint8Array> = {};
      if (dataset.id === 'own') {
        const names = ownFileNames(dataset);
        const train = idxFiles(trainSet);
        files[names.trainImages] = gzip(train.images);
        files[names.trainLabels] = train.labels;
        if (testSet && names.testImages && names.testLabels) {
          const test = idxFiles(testSet);
          files[names.testImages] = test.images;
          files[names.testLabels] = test.labels;
        }
      } else {
        files['data/mnist-10k.bin.gz'] = gzip(lossLabFile(trainSet));
      }
      const got = await runTfjsData(c, files);
      const want = testSet ? splitOwnData(trainSet, testSet, c) : splitDataset(trainSet, c);
      expect(got.train).toEqual(Array.from(want.train.labels));
      expect(got.trainFirstPixels).toEqual(firstPixels(want.train));
      expect(got.testFirstPixels).toEqual(firstPixels(want.test));
    }
  });
});

const firstPixels = (ds: Dataset) => Array.from({ length: ds.count }, (_, i) => ds.images[i * 784]);

/** A minimal LossLab dataset file (the header fields the TF.js module reads). */
function lossLabFile(ds: Dataset): Uint8Array {
  const bytes = new Uint8Array(32 + ds.images.length + ds.count);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, ds.count, true);
  view.setUint32(20, 32, true);
  view.setUint32(24, 32 + ds.images.length, true);
  bytes.set(ds.images, 32);
  bytes.set(ds.labels, 32 + ds.images.length);
  return bytes;
}

/** Runs the TF.js module's data lines (the app's generator, the IDX reader, the split). */
async function runTfjsData(config: RunConfig, files: Readonly<Record<string, Uint8Array>>) {
  const data = tfjsData(planCode(config));
  const source = [
    `const SEED = ${config.seed}, TRAIN_SIZE = ${config.trainSize}, TEST_SIZE = ${config.testSize};`,
    ...data.consts,
    ...SPLIT_LINES,
    ...data.helpers,
    'return (async () => {',
    ...data.load,
    '  return { trainDigits, testDigits };',
    '})();',
  ].join('\n');
  // What the module reads of a response: its bytes.
  const fetch = (url: string) => {
    const body = files[url];
    if (!body) return Promise.reject(new Error(`no file ${url}`));
    return Promise.resolve({ arrayBuffer: () => Promise.resolve(body.slice().buffer) });
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const run = new Function('fetch', source) as (
    f: typeof fetch,
  ) => Promise<
    Record<
      'trainDigits' | 'testDigits',
      { images: Float32Array; labels: Int32Array; count: number }
    >
  >;
  const { trainDigits, testDigits } = await run(fetch);
  const first = (d: { images: Float32Array; count: number }) =>
    Array.from({ length: d.count }, (_, i) => d.images[i * 784]);
  return {
    train: Array.from(trainDigits.labels),
    trainFirstPixels: first(trainDigits),
    testFirstPixels: first(testDigits),
  };
}
