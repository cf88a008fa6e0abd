#!/usr/bin/env node
/**
 * Builds data/fashion-clothes-10k.bin.gz, the built-in "Fashion-MNIST clothes" dataset (its entry
 * is `clothes` in src/core/datasetCatalog.ts): the first 10,000 images of Fashion-MNIST's training
 * set whose class is a garment (T-shirt/top, Trouser, Pullover, Dress, Coat, Shirt: Fashion-MNIST's
 * classes 0, 1, 2, 3, 4 and 6, relabelled 0..5), interleaved class by class so any prefix is
 * balanced. Six classes of 28×28 images: not MNIST's ten digits.
 *
 * The images come from Debian's package `dataset-fashion-mnist`, which installs Zalando's
 * original gzipped IDX files in /usr/share/datasets/fashion-mnist. `npm install`, `npm run dev`
 * and `npm run build` run this script like build-mnist.mjs; on a machine without the package it
 * says how to add it and leaves the dataset out (exit 0): the app then names what to install when
 * someone chooses it. The output is not committed.
 *
 * The file format is LossLab's (src/core/dataset/format.ts), written as build-mnist.mjs writes it.
 * Each data script stands alone, as `npm install` runs it before any TypeScript tooling can be
 * relied on (scripts/build-mnist.test.ts runs a copy of that one outside the project), so this
 * one carries its own writer; scripts/build-clothes.test.ts checks that the TypeScript writer
 * reproduces its output byte for byte.
 *
 * Usage: node scripts/build-clothes.mjs [--if-missing] [--out <dir>] [--source <dir>]
 *   --if-missing  keep an existing file if it decompresses, is complete and its checksum matches
 *   --out         output folder (default: data/ next to this script's folder)
 *   --source      folder holding train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz
 *                 (default: Debian's /usr/share/datasets/fashion-mnist); a folder given here
 *                 must hold them (exit 1 otherwise)
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const FILE_NAME = 'fashion-clothes-10k.bin.gz';
const DEBIAN_SOURCE = '/usr/share/datasets/fashion-mnist';
const IMAGES = 'train-images-idx3-ubyte.gz';
const LABELS = 'train-labels-idx1-ubyte.gz';
/** Fashion-MNIST's garment classes, in the order LossLab numbers them (0..5). */
const SOURCE_CLASSES = [0, 1, 2, 3, 4, 6];
const COUNT = 10_000;
const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;
const MAGIC = Buffer.from('LLMN', 'ascii');
const VERSION = 1;
const HEADER_BYTES = 32;

class BuildError extends Error {}

function parseArgs(argv) {
  const options = {
    ifMissing: false,
    out: fileURLToPath(new URL('../data/', import.meta.url)),
    source: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--if-missing') options.ifMissing = true;
    else if (arg === '--out' || arg === '--source') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new BuildError(`${arg} needs a folder`);
      options[arg.slice(2)] = path.resolve(value);
    } else {
      throw new BuildError(
        `unknown option ${arg}. Usage: node scripts/build-clothes.mjs [--if-missing] [--out <dir>] [--source <dir>]`,
      );
    }
  }
  return options;
}

/** An IDX file of unsigned bytes (gzipped, as published): its dimensions and data. */
function readIdx(file, dims) {
  let bytes;
  try {
    bytes = zlib.gunzipSync(readFileSync(file));
  } catch (error) {
    throw new BuildError(`cannot read ${file}: ${error.message}`);
  }
  const magic = 0x800 + dims;
  if (bytes.length < 4 + 4 * dims || bytes.readUInt32BE(0) !== magic) {
    throw new BuildError(`${file} is not an IDX file of ${dims} dimension(s) of unsigned bytes`);
  }
  const shape = Array.from({ length: dims }, (_, i) => bytes.readUInt32BE(4 + 4 * i));
  const data = bytes.subarray(4 + 4 * dims);
  const expected = shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected) {
    throw new BuildError(`${file}: expected ${expected} bytes of data, found ${data.length}`);
  }
  return { shape, data };
}

/** The garments by LossLab class, in file order: `{ bytes, count }` per class. */
function readGarments(source) {
  const images = readIdx(path.join(source, IMAGES), 3);
  const labels = readIdx(path.join(source, LABELS), 1);
  const [count, rows, cols] = images.shape;
  if (rows !== ROWS || cols !== COLS || labels.shape[0] !== count) {
    throw new BuildError(
      `${source}: expected ${ROWS}×${COLS} images with one label each, found ${count} images of ` +
        `${rows}×${cols} and ${labels.shape[0]} labels`,
    );
  }
  const pixels = PIXELS;
  const byClass = SOURCE_CLASSES.map(() => []);
  for (let i = 0; i < count; i++) {
    const k = SOURCE_CLASSES.indexOf(labels.data[i]);
    if (k >= 0) byClass[k].push(i);
  }
  return byClass.map((indices) => {
    const bytes = Buffer.alloc(indices.length * pixels);
    indices.forEach((index, j) =>
      images.data.copy(bytes, j * pixels, index * pixels, (index + 1) * pixels),
    );
    return { bytes, count: indices.length };
  });
}

/**
 * The whole file: header, the first `COUNT` images interleaved class by class (0, 1, …, 5, 0, …;
 * a class that runs out is skipped, so any prefix is balanced), labels.
 */
function encode(classes) {
  const count = Math.min(
    COUNT,
    classes.reduce((sum, c) => sum + c.count, 0),
  );
  const labelsOffset = HEADER_BYTES + count * PIXELS;
  const file = Buffer.alloc(labelsOffset + count);
  let n = 0;
  for (let k = 0; n < count; k++) {
    for (let label = 0; label < classes.length && n < count; label++) {
      const { bytes, count: classCount } = classes[label];
      if (k >= classCount) continue;
      file.set(bytes.subarray(k * PIXELS, (k + 1) * PIXELS), HEADER_BYTES + n * PIXELS);
      file[labelsOffset + n] = label;
      n++;
    }
  }
  MAGIC.copy(file, 0);
  file.writeUInt32LE(VERSION, 4);
  file.writeUInt32LE(count, 8);
  file.writeUInt32LE(ROWS, 12);
  file.writeUInt32LE(COLS, 16);
  file.writeUInt32LE(HEADER_BYTES, 20);
  file.writeUInt32LE(labelsOffset, 24);
  file.writeUInt32LE(zlib.crc32(file.subarray(HEADER_BYTES)), 28);
  return { file, count };
}

/** Whether `file` is a complete gzipped file of this format, version and size, checksum right. */
function isValidFile(file) {
  if (!existsSync(file)) return false;
  let bytes;
  try {
    bytes = zlib.gunzipSync(readFileSync(file));
  } catch {
    return false;
  }
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, 4).equals(MAGIC)) return false;
  const count = bytes.readUInt32LE(8);
  return (
    bytes.readUInt32LE(4) === VERSION &&
    bytes.readUInt32LE(12) === ROWS &&
    bytes.readUInt32LE(16) === COLS &&
    bytes.readUInt32LE(20) === HEADER_BYTES &&
    bytes.readUInt32LE(24) === HEADER_BYTES + count * PIXELS &&
    bytes.length === HEADER_BYTES + count * PIXELS + count &&
    zlib.crc32(bytes.subarray(HEADER_BYTES)) === bytes.readUInt32LE(28)
  );
}

/** Writes beside the target and renames, so an interrupted run never leaves a partial file. */
function writeAtomically(outFile, bytes) {
  mkdirSync(path.dirname(outFile), { recursive: true });
  const partial = `${outFile}.${process.pid}.partial`;
  try {
    writeFileSync(partial, bytes);
    renameSync(partial, outFile);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BuildError(`cannot write ${outFile}: ${error.message}`);
  }
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (typeof zlib.crc32 !== 'function') {
    throw new BuildError(
      `needs Node 20.19 or newer (zlib.crc32); this is Node ${process.versions.node}`,
    );
  }
  const outFile = path.join(options.out, FILE_NAME);
  const shown = path.relative(process.cwd(), outFile) || outFile;
  if (options.ifMissing && isValidFile(outFile)) {
    console.log(`build-clothes: ${shown} is present and valid, left as is`);
    return;
  }
  const source = options.source ?? DEBIAN_SOURCE;
  const present = [IMAGES, LABELS].every((name) => existsSync(path.join(source, name)));
  if (!present) {
    if (options.source) throw new BuildError(`${source} lacks ${IMAGES} or ${LABELS}`);
    console.log(
      `build-clothes: skipped: ${DEBIAN_SOURCE} is not there, so the built-in Fashion-MNIST ` +
        "clothes are left out (MNIST is unaffected). To add them: install Debian's package " +
        'dataset-fashion-mnist (apt-get install dataset-fashion-mnist), then run npm run data.',
    );
    return;
  }
  const { file, count } = encode(readGarments(source));
  if (count < COUNT) {
    throw new BuildError(`${source} holds only ${count} garments; ${COUNT} are needed`);
  }
  // gzip level 9, deterministic (no name, no time stamp), as build-mnist.mjs.
  const packed = zlib.gzipSync(file, { level: 9, memLevel: 9 });
  writeAtomically(outFile, packed);
  const crc = file.readUInt32LE(28).toString(16).padStart(8, '0');
  console.log(
    `build-clothes: wrote ${shown} (${count.toLocaleString('en')} garments ${ROWS}×${COLS} in ` +
      `${SOURCE_CLASSES.length} classes, ${file.length.toLocaleString('en')} bytes, ` +
      `${packed.length.toLocaleString('en')} gzipped, CRC-32 0x${crc}) from ${source}`,
  );
}

try {
  main();
} catch (error) {
  if (!(error instanceof BuildError)) throw error;
  console.error(`build-clothes: error: ${error.message}`);
  process.exitCode = 1;
}
