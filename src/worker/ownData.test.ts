import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../core';
import type { IdxFile } from '../core';
import { encodeIdx, gunzip, isGzip, parseIdx, readIdx } from '../core';
import { DEFAULT_CONFIG, assembleOwnData, ownSplitIndices, splitOwnData } from '../core';
import type { TrainEvent } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { getSamples, loadOwnData, train } from './api';
import { splitFor } from './training';

/** `count` synthetic 28×28 images (pixel = image index + position, mod 256) and labels i mod 10. */
function synthetic(count: number) {
  const pixels = Uint8Array.from(
    { length: count * 784 },
    (_, i) => (Math.floor(i / 784) + i) % 256,
  );
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return {
    images: encodeIdx({ kind: 'images', count, data: pixels }),
    labels: encodeIdx({ kind: 'labels', data: labels }),
    pixels,
    labelValues: labels,
  };
}

/** The DatasetError `work` throws (sync or async), or fails. */
async function errorOf(work: () => unknown): Promise<DatasetError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

const withHeader = (bytes: Uint8Array, offset: number, value: number) => {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(offset, value, false);
  return copy;
};

describe('IDX files', () => {
  it('parses images and labels, told apart by the magic number', () => {
    const { images, labels, pixels, labelValues } = synthetic(5);
    const parsedImages = parseIdx(images, 'imgs');
    expect(parsedImages).toMatchObject({ kind: 'images', count: 5, rows: 28, cols: 28 });
    expect(parsedImages.data).toEqual(pixels);
    const parsedLabels = parseIdx(labels, 'lbls');
    expect(parsedLabels).toMatchObject({ kind: 'labels', count: 5, name: 'lbls' });
    expect(parsedLabels.data).toEqual(labelValues);
  });

  it('reads gzipped files the same as plain ones (DecompressionStream)', async () => {
    const { images, labels } = synthetic(7);
    const gz = new Uint8Array(gzipSync(images));
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(images)).toBe(false);
    expect(await gunzip(gz, 'x.gz')).toEqual(images);
    expect(await readIdx(gz, 'x.gz')).toEqual(parseIdx(images, 'x.gz'));
    expect(await readIdx(new Uint8Array(gzipSync(labels)), 'l.gz')).toEqual(
      parseIdx(labels, 'l.gz'),
    );
  });

  it.each([
    [
      'wrong magic',
      () => withHeader(synthetic(2).images, 0, 0x00000d03),
      'magic',
      /magic 0x00000d03/,
    ],
    [
      'another file',
      () => new TextEncoder().encode('<!doctype html><html>'),
      'magic',
      /not an MNIST IDX file/,
    ],
    ['empty', () => new Uint8Array(0), 'truncated', /only 0 bytes/],
    [
      'images cut short',
      () => synthetic(3).images.subarray(0, 16 + 784 * 2 + 10),
      'truncated',
      /promises 3 images but the file holds 2/,
    ],
    [
      'labels cut short',
      () => synthetic(3).labels.subarray(0, 10),
      'truncated',
      /promises 3 labels but the file holds 2/,
    ],
    ['images header cut short', () => synthetic(3).images.subarray(0, 12), 'truncated', /16 bytes/],
    [
      'bytes after the images',
      () => Uint8Array.from([...synthetic(1).images, 0]),
      'size',
      /1 bytes more/,
    ],
    ['not 28×28', () => withHeader(synthetic(2).images, 8, 32), 'shape', /32×28/],
    [
      'label out of range',
      () => encodeIdx({ kind: 'labels', data: Uint8Array.of(3, 12) }),
      'labels',
      /label 1 is 12/,
    ],
    [
      'no images',
      () => encodeIdx({ kind: 'images', count: 0, data: new Uint8Array(0) }),
      'header',
      /no images/,
    ],
  ] as const)('%s: a clear DatasetError', async (_name, make, kind, message) => {
    const error = await errorOf(() => readIdx(make(), 'my-file'));
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(/^my-file: /);
    expect(error.message).toMatch(message);
  });

  it('rejects a corrupt or cut gzip file, and one that decompresses too far', async () => {
    const gz = new Uint8Array(gzipSync(synthetic(4).images));
    const cut = await errorOf(() => readIdx(gz.subarray(0, gz.length - 30), 'cut.gz'));
    expect(cut.kind).toBe('gzip');
    expect(cut.message).toMatch(/^cut\.gz: starts like a gzip file but does not decompress/);
    const garbage = Uint8Array.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect((await errorOf(() => readIdx(garbage, 'g.gz'))).kind).toBe('gzip');
    const big = await errorOf(() => gunzip(gz, 'big.gz', 1000));
    expect(big.kind).toBe('size');
  });
});

describe('own data from IDX files', () => {
  const files = (count: number, prefix: string): IdxFile[] => {
    const { images, labels } = synthetic(count);
    return [parseIdx(images, `${prefix}-images`), parseIdx(labels, `${prefix}-labels`)];
  };

  it('two files make one set; four make training and test sets by count, whatever the order', () => {
    const one = assembleOwnData(files(30, 'a').reverse());
    expect(one.train.count).toBe(30);
    expect(one.test).toBeNull();
    expect(one.files.map((f) => `${f.name}:${f.kind}:${f.role}`)).toEqual([
      'a-images:images:train',
      'a-labels:labels:train',
    ]);
    const [ti, tl] = files(12, 'small');
    const [bi, bl] = files(40, 'big');
    const four = assembleOwnData([tl!, bi!, ti!, bl!]);
    expect(four.train.count).toBe(40);
    expect(four.test?.count).toBe(12);
    expect(four.files.map((f) => `${f.name}:${f.role}:${f.count}`)).toEqual([
      'big-images:train:40',
      'big-labels:train:40',
      'small-images:test:12',
      'small-labels:test:12',
    ]);
  });

  it.each([
    ['one file', () => files(5, 'a').slice(0, 1), 'files', /got 1 file; drop 2/],
    ['three files', () => [...files(5, 'a'), ...files(6, 'b').slice(0, 1)], 'files', /got 3 files/],
    [
      'two images files',
      () => [files(5, 'a')[0]!, files(5, 'b')[0]!],
      'files',
      /2 images files and 0 labels/,
    ],
    [
      'counts differ',
      () => [files(5, 'a')[0]!, files(6, 'b')[1]!],
      'count',
      /^a-images: holds 5 images but no labels file holds as many labels \(b-labels: 6\)/,
    ],
    ['two pairs of one size', () => [...files(5, 'a'), ...files(5, 'b')], 'files', /unclear/],
  ] as const)('%s: a clear DatasetError', async (_name, make, kind, message) => {
    const error = await errorOf(() => assembleOwnData(make()));
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('splits a run: training digits from the training file, test digits from the test file', () => {
    const data = assembleOwnData([...files(50, 'train'), ...files(20, 'test')]);
    const split = splitOwnData(data.train, data.test!, { trainSize: 30, testSize: 20, seed: 4 });
    expect(split.train.count).toBe(30);
    expect(split.test.count).toBe(20);
    // Every test digit is one of the test file's (its pixels start at index + 0).
    const again = ownSplitIndices(50, 20, { trainSize: 30, testSize: 20, seed: 4 });
    expect(ownSplitIndices(50, 20, { trainSize: 30, testSize: 20, seed: 4 })).toEqual(again);
    expect([...again.test].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(() => ownSplitIndices(50, 20, { trainSize: 51, testSize: 5, seed: 1 })).toThrow(
      /trainSize must be at most the 50 digits in that file/,
    );
    expect(() =>
      ownSplitIndices(60_000, 10_000, { trainSize: 9_000, testSize: 1_001, seed: 1 }),
    ).toThrow(/at most 10000/);
  });
});

const FASHION = '/usr/share/datasets/fashion-mnist';
const fashionPresent = existsSync(`${FASHION}/t10k-labels-idx1-ubyte.gz`);

describe("Fashion-MNIST's real files (Debian package dataset-fashion-mnist)", () => {
  it.skipIf(!fashionPresent)(
    `parses the four gzipped files from ${FASHION} (skipped when the package is not installed)`,
    async () => {
      const names = [
        'train-images-idx3-ubyte.gz',
        'train-labels-idx1-ubyte.gz',
        't10k-images-idx3-ubyte.gz',
        't10k-labels-idx1-ubyte.gz',
      ];
      const parsed = await Promise.all(
        names.map((name) => readIdx(new Uint8Array(readFileSync(`${FASHION}/${name}`)), name)),
      );
      const data = assembleOwnData(parsed);
      expect(data.train.count).toBe(60_000);
      expect(data.test?.count).toBe(10_000);
      expect(data.files.map((f) => `${f.name}:${f.role}`)).toEqual([
        'train-images-idx3-ubyte.gz:train',
        'train-labels-idx1-ubyte.gz:train',
        't10k-images-idx3-ubyte.gz:test',
        't10k-labels-idx1-ubyte.gz:test',
      ]);
      // Fashion-MNIST is balanced: 6,000 of each of the 10 classes in training, 1,000 in test.
      const counts = new Array<number>(10).fill(0);
      for (const label of data.train.labels) counts[label]!++;
      expect(counts).toEqual(new Array<number>(10).fill(6_000));
    },
    30_000,
  );
});

/** IDX files of real digits from the `mnist` package, every pixel of the test set marked odd. */
const buffer = (bytes: Uint8Array) => bytes.slice().buffer;

function realFiles(trainCount: number, testCount: number) {
  const trainDigits = loadDigits(trainCount, 0);
  const testDigits = loadDigits(testCount, 300);
  const odd = testDigits.images.map((p) => p | 1);
  return [
    { name: 't10k-labels', bytes: buffer(encodeIdx({ kind: 'labels', data: testDigits.labels })) },
    {
      name: 'train-images.gz',
      bytes: buffer(
        new Uint8Array(
          gzipSync(encodeIdx({ kind: 'images', count: trainCount, data: trainDigits.images })),
        ),
      ),
    },
    {
      name: 'train-labels',
      bytes: buffer(encodeIdx({ kind: 'labels', data: trainDigits.labels })),
    },
    {
      name: 't10k-images',
      bytes: buffer(encodeIdx({ kind: 'images', count: testCount, data: odd })),
    },
  ];
}

describe('worker API: own IDX files', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('loads four files, says which is which, and trains on them with the test file as test set', async () => {
    const summary = await loadOwnData(realFiles(400, 120));
    expect(summary).toMatchObject({ file: 'train-images.gz', count: 400, rows: 28, cols: 28 });
    expect(summary.ref).toMatchObject({
      id: 'own',
      name: 'train-images.gz',
      trainCount: 400,
      testCount: 120,
    });
    expect(summary.ref.id === 'own' && summary.ref.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.own?.testCount).toBe(120);
    expect(summary.own?.files.map((f) => `${f.name}:${f.kind}:${f.role}:${f.count}`)).toEqual([
      'train-images.gz:images:train:400',
      'train-labels:labels:train:400',
      't10k-images:images:test:120',
      't10k-labels:labels:test:120',
    ]);
    expect(summary.classCounts).toEqual(new Array<number>(10).fill(40));
    const samples = await getSamples({ count: 4, seed: 1, dataset: summary.ref });
    expect(samples.labels).toHaveLength(4);

    const events: TrainEvent[] = [];
    const config = {
      ...DEFAULT_CONFIG,
      backend: 'cpu' as const,
      units: 16,
      epochs: 1,
      batchSize: 50,
      trainSize: 300,
      testSize: 100,
      dataset: summary.ref,
    };
    await expect(train(config, (e) => void events.push(e))).resolves.toBe('completed');
    const start = events.find((e) => e.type === 'run-start');
    expect(start?.type === 'run-start' && [start.trainSize, start.testSize]).toEqual([300, 100]);
    const too = await train({ ...config, testSize: 121 }, (e) => void events.push(e));
    expect(too).toBe('error');
    const error = events.at(-1);
    expect(error?.type === 'error' && error.message).toMatch(/testSize must be at most the 120/);
  });

  it('splitFor draws test digits (and multi-label test canvases) only from the test file', async () => {
    const files = realFiles(200, 60);
    const parsed = await Promise.all(files.map((f) => readIdx(new Uint8Array(f.bytes), f.name)));
    const data = assembleOwnData(parsed);
    const dataset = { ...data.train, testSet: data.test! };
    const options = { ...DEFAULT_CONFIG, trainSize: 150, testSize: 50 };
    const single = splitFor(options, dataset);
    expect(single.test.images.every((p) => p % 2 === 1)).toBe(true);
    expect(single.train.images.some((p) => p % 2 === 0)).toBe(true);
    const multi = splitFor({ ...options, task: 'multilabel', labels: 'multihot' }, dataset);
    expect(multi.test.rows).toBe(56);
    // Canvases are black (0) outside the pasted digits; every pasted pixel is odd.
    expect(multi.test.images.every((p) => p === 0 || p % 2 === 1)).toBe(true);
  });

  it('rejects a wrong file with its name and keeps the data in use', async () => {
    const { ref } = await loadOwnData(realFiles(100, 30));
    const files = realFiles(80, 20);
    files[0] = { name: 'notes.txt', bytes: new TextEncoder().encode('hello world').buffer };
    await expect(loadOwnData(files)).rejects.toThrow(/^notes\.txt: not an MNIST IDX file/);
    expect((await getSamples({ count: 200, seed: 1, dataset: ref })).labels).toHaveLength(100);
  });

  it('identifies own files by content: the same bytes give the same hash, gzipped or not', async () => {
    const first = await loadOwnData(realFiles(100, 30));
    const again = await loadOwnData(realFiles(100, 30));
    expect(again.ref).toEqual(first.ref);
    const gz = realFiles(100, 30).map((f) => {
      const bytes = new Uint8Array(f.bytes);
      return {
        name: f.name,
        bytes: isGzip(bytes) ? f.bytes : buffer(new Uint8Array(gzipSync(bytes))),
      };
    });
    expect((await loadOwnData(gz)).ref).toEqual(first.ref);
    const other = await loadOwnData(realFiles(101, 30));
    expect(other.ref.id === 'own' && other.ref.hash).not.toBe(
      first.ref.id === 'own' && first.ref.hash,
    );
  });

  it('a run naming own files the worker does not hold fails with which files it needs; never runs on MNIST', async () => {
    const held = await loadOwnData(realFiles(100, 30));
    if (held.ref.id !== 'own') throw new Error('expected own data');
    const events: TrainEvent[] = [];
    const config = {
      ...DEFAULT_CONFIG,
      backend: 'cpu' as const,
      units: 8,
      epochs: 1,
      trainSize: 50,
      testSize: 20,
      dataset: { ...held.ref, hash: 'ffffffffffffffff' },
    };
    await expect(train(config, (e) => void events.push(e))).resolves.toBe('error');
    expect(events.map((e) => e.type)).not.toContain('run-start');
    const error = events.at(-1);
    expect(error?.type === 'error' && error.message).toBe(
      'This configuration trains on own IDX files: train-images.gz with its labels file, 100 ' +
        'training images and a test pair of 30 images; content hash ffffffffffffffff, which are ' +
        'not loaded. Load those files in the Data panel (or go back to the built-in MNIST digits).',
    );
    await expect(getSamples({ count: 1, seed: 1, dataset: config.dataset })).rejects.toThrow(
      /not loaded/,
    );
  });
});
