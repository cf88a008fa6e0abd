/**
 * The writer of LossLab's dataset file, shared by the data scripts (build-mnist.mjs,
 * build-clothes.mjs). The byte layout is defined, with the reader, in src/core/dataset/format.ts;
 * these scripts are plain Node JavaScript because they run at install time, before any TypeScript
 * tooling can be relied on, so they repeat only the writer, and scripts/build-mnist.test.ts checks
 * that the TypeScript writer reproduces its output byte for byte.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const MAGIC = Buffer.from('LLMN', 'ascii');
const VERSION = 1;
const HEADER_BYTES = 32;

/** A failure the scripts report in a sentence (anything else is a bug and keeps its stack). */
export class BuildError extends Error {}

/**
 * The whole file: header, pixels interleaved class by class (0, 1, …, K−1, 0, 1, …; a class that
 * runs out is skipped, so any prefix of the file is balanced), labels. `classes[k]` holds class
 * k's images, `rows` × `cols` bytes each, image after image; `limit` caps the image count.
 */
export function encodeInterleaved(classes, rows, cols, limit = Infinity) {
  const pixels = rows * cols;
  const count = Math.min(
    limit,
    classes.reduce((sum, c) => sum + c.count, 0),
  );
  const labelsOffset = HEADER_BYTES + count * pixels;
  const file = Buffer.alloc(labelsOffset + count);
  const longest = Math.max(...classes.map((c) => c.count));
  let n = 0;
  for (let k = 0; k < longest && n < count; k++) {
    for (let label = 0; label < classes.length && n < count; label++) {
      const { bytes, count: classCount } = classes[label];
      if (k >= classCount) continue;
      file.set(bytes.subarray(k * pixels, (k + 1) * pixels), HEADER_BYTES + n * pixels);
      file[labelsOffset + n] = label;
      n++;
    }
  }
  MAGIC.copy(file, 0);
  file.writeUInt32LE(VERSION, 4);
  file.writeUInt32LE(count, 8);
  file.writeUInt32LE(rows, 12);
  file.writeUInt32LE(cols, 16);
  file.writeUInt32LE(HEADER_BYTES, 20);
  file.writeUInt32LE(labelsOffset, 24);
  file.writeUInt32LE(zlib.crc32(file.subarray(HEADER_BYTES)), 28);
  return { file, count };
}

/** The file as it travels: gzip at level 9 (deterministic: no name, no time stamp). */
export function compress(file) {
  return zlib.gzipSync(file, { level: 9, memLevel: 9 });
}

/**
 * Whether `file` holds a gzipped file of the current version with images of `rows` × `cols`
 * that decompresses completely and whose checksum matches.
 */
export function isValidFile(file, rows, cols) {
  if (!existsSync(file)) return false;
  let bytes;
  try {
    bytes = zlib.gunzipSync(readFileSync(file));
  } catch {
    return false;
  }
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, 4).equals(MAGIC)) return false;
  const count = bytes.readUInt32LE(8);
  const pixels = rows * cols;
  return (
    bytes.readUInt32LE(4) === VERSION &&
    bytes.readUInt32LE(12) === rows &&
    bytes.readUInt32LE(16) === cols &&
    bytes.readUInt32LE(20) === HEADER_BYTES &&
    bytes.readUInt32LE(24) === HEADER_BYTES + count * pixels &&
    bytes.length === HEADER_BYTES + count * pixels + count &&
    zlib.crc32(bytes.subarray(HEADER_BYTES)) === bytes.readUInt32LE(28)
  );
}

/** Writes beside the target and renames, so an interrupted run never leaves a partial file. */
export function writeAtomically(outFile, bytes) {
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

/** The CRC-32 the header records, as the scripts print it. */
export function checksumOf(file) {
  return `0x${file.readUInt32LE(28).toString(16).padStart(8, '0')}`;
}

/** Node 20.19 added `zlib.crc32`; older versions get a sentence instead of a TypeError. */
export function checkNode() {
  if (typeof zlib.crc32 !== 'function') {
    throw new BuildError(
      `needs Node 20.19 or newer (zlib.crc32); this is Node ${process.versions.node}`,
    );
  }
}
