/**
 * The clothes data script, run as `npm install` runs it (a child Node process), its output read
 * back by the app's TypeScript loader against the catalogue entry. The real-data case needs
 * Debian's dataset-fashion-mnist (CI installs it, .ci/run); the error paths run everywhere.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_DATASETS, encodeMnistFile, parseMnistFile } from '../src/core/dataset';

const SCRIPT = fileURLToPath(new URL('./build-clothes.mjs', import.meta.url));
const FASHION = '/usr/share/datasets/fashion-mnist';
const entry = BUILTIN_DATASETS.clothes;

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'losslab-clothes-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function runScript(...args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A gzipped IDX file of unsigned bytes, big-endian header as Fashion-MNIST publishes it. */
function idx(shape: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header.writeUInt32BE(0x800 + shape.length, 0);
  shape.forEach((n, i) => header.writeUInt32BE(n, 4 + 4 * i));
  return zlib.gzipSync(Buffer.concat([header, Buffer.from(data)]));
}

describe('scripts/build-clothes.mjs', () => {
  it.skipIf(!existsSync(`${FASHION}/train-images-idx3-ubyte.gz`))(
    `writes the six garment classes of ${FASHION} as the catalogue entry says (skipped without dataset-fashion-mnist)`,
    () => {
      const out = tempDir();
      const run = runScript('--out', out);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('10,000 garments 28×28 in 6 classes');
      const bytes = zlib.gunzipSync(readFileSync(path.join(out, entry.file)));
      const ds = parseMnistFile(new Uint8Array(bytes), entry.file, entry);
      expect([ds.count, ds.rows, ds.cols]).toEqual([entry.count, entry.rows, entry.cols]);
      const counts = new Array<number>(entry.classNames.length).fill(0);
      for (const label of ds.labels) counts[label] = (counts[label] ?? 0) + 1;
      expect(counts).toEqual([1667, 1667, 1667, 1667, 1666, 1666]);
      // The TypeScript writer reproduces the script's bytes: the two writers cannot drift apart.
      expect(Buffer.from(encodeMnistFile(ds)).equals(bytes)).toBe(true);
      // Interleaved class by class, so any prefix is balanced.
      expect(Array.from(ds.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]);
      // Run again with --if-missing: the valid file is kept.
      expect(runScript('--out', out, '--if-missing').stdout).toContain('present and valid');
    },
  );

  it('keeps only the garments of the source files, and says when they are too few', () => {
    const source = tempDir();
    // Fashion-MNIST's classes 0..9, then another T-shirt/top and Shirt: 8 garments in all.
    const labels = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 6]);
    writeFileSync(
      path.join(source, 'train-images-idx3-ubyte.gz'),
      idx([labels.length, 28, 28], new Uint8Array(labels.length * 784)),
    );
    writeFileSync(path.join(source, 'train-labels-idx1-ubyte.gz'), idx([labels.length], labels));
    const run = runScript('--source', source, '--out', tempDir());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('holds only 8 garments; 10000 are needed');
  });

  it('fails with a sentence for a source folder without the files', () => {
    const run = runScript('--source', tempDir(), '--out', tempDir());
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/build-clothes: error: .* lacks train-images-idx3-ubyte\.gz/);
  });

  it('fails with a sentence for images of another size', () => {
    const source = tempDir();
    writeFileSync(
      path.join(source, 'train-images-idx3-ubyte.gz'),
      idx([2, 14, 14], new Uint8Array(392)),
    );
    writeFileSync(path.join(source, 'train-labels-idx1-ubyte.gz'), idx([2], Uint8Array.of(0, 1)));
    const run = runScript('--source', source, '--out', tempDir());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('expected 28×28 images with one label each');
  });
});
