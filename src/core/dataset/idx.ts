/**
 * The original MNIST file format (IDX, as published with MNIST and Fashion-MNIST), for students
 * who bring their own files. Pure: bytes in, digits or a DatasetError out.
 *
 * An IDX file is a big-endian header and then raw bytes:
 *
 * | offset | size | field                                                           |
 * | ------ | ---- | --------------------------------------------------------------- |
 * | 0      | 4    | magic: 0x00000803 for images (ubyte, 3 dims), 0x00000801 labels |
 * | 4      | 4    | count                                                           |
 * | 8      | 4    | rows (images only)                                              |
 * | 12     | 4    | cols (images only)                                              |
 * | 16 / 8 | …    | count × rows × cols pixel bytes, or count label bytes           |
 *
 * Files are often gzipped (`train-images-idx3-ubyte.gz`): a file starting with 0x1f 0x8b is
 * decompressed first with the standard `DecompressionStream('gzip')` (browsers, workers, Node ≥ 18).
 */
import { OWN_CLASS_NAMES, OWN_IMAGE_SIZE } from '../datasetCatalog';
import { DatasetError } from './format';

const OWN_CLASSES = OWN_CLASS_NAMES.length;

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;
/** Largest decompressed file accepted: the 60,000 MNIST training images are 47 MB. */
export const IDX_MAX_BYTES = 64 * 1024 * 1024;

export type IdxFile =
  | { kind: 'images'; name: string; count: number; rows: number; cols: number; data: Uint8Array }
  | { kind: 'labels'; name: string; count: number; data: Uint8Array };

/** Whether the bytes start with gzip's magic number 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

// The stream types of the web platform, as far as gunzip uses them (core has no DOM library).
interface ByteWriter {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
interface ByteReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}
interface GzipStream {
  writable: { getWriter(): ByteWriter };
  readable: { getReader(): ByteReader };
}
type DecompressionStreamClass = new (format: 'gzip') => GzipStream;

/**
 * Compressed bytes handed to the decompressor at a time. A browser's `DecompressionStream`
 * inflates each written chunk completely before it looks at backpressure, and zeros inflate about
 * 1,000-fold, so writing a whole file at once would unpack a gzip bomb in full before the limit
 * below is ever checked; in 8 KB slices, at most ~8 MB can be unpacked beyond it.
 */
export const GUNZIP_SLICE_BYTES = 8 * 1024;

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

/**
 * Decompresses gzip bytes, stopping as soon as the output passes `maxBytes` (the input is fed in
 * slices, so memory stays near `maxBytes` whatever the file unpacks to). Throws a DatasetError
 * (`gzip`) naming the file when the data is not valid gzip, or (`size`) when it would exceed
 * `maxBytes`.
 */
export async function gunzip(
  bytes: Uint8Array,
  fileName: string,
  maxBytes = IDX_MAX_BYTES,
): Promise<Uint8Array> {
  const Decompression = (globalThis as { DecompressionStream?: DecompressionStreamClass })
    .DecompressionStream;
  if (!Decompression) {
    throw new DatasetError(
      'gzip',
      fileName,
      'this browser cannot decompress gzip; unzip it first.',
    );
  }
  const stream = new Decompression('gzip');
  const writer = stream.writable.getWriter();
  let stopped = false;
  // Written concurrently with the reads below: each slice waits for the reader to take the
  // previous one's output (the stream's backpressure), and the writing ends when the reader stops.
  const written = (async () => {
    for (let at = 0; at < bytes.length && !stopped; at += GUNZIP_SLICE_BYTES) {
      await writer.write(bytes.subarray(at, at + GUNZIP_SLICE_BYTES));
    }
    if (!stopped) await writer.close();
  })().catch(() => undefined); // the reader reports the same failure
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value) continue;
      total += value.length;
      if (total > maxBytes) {
        stopped = true;
        await reader.cancel().catch(() => undefined);
        throw new DatasetError(
          'size',
          fileName,
          `decompresses to more than ${megabytes(maxBytes)}, more than an MNIST file.`,
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    stopped = true;
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(
      'gzip',
      fileName,
      'starts like a gzip file but does not decompress (corrupt or cut short).',
      { cause: error },
    );
  }
  await written;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Bytes a header needs to be judged by `checkIdxSize`: the longest IDX header (images). */
export const IDX_HEAD_BYTES = 16;

/**
 * Refuses a file too large to be read, from its size and its first bytes alone, before the body
 * is read: an unpacked IDX file (or the gzip of one) over `maxBytes`, or an IDX header that
 * promises more than `maxBytes`. Throws a DatasetError (`size`) naming the file; says nothing
 * about files it cannot judge yet (the parser does that once the bytes are read).
 */
export function checkIdxSize(
  fileName: string,
  fileSize: number,
  head: Uint8Array,
  maxBytes = IDX_MAX_BYTES,
): void {
  const tooLarge = (what: string) => {
    throw new DatasetError(
      'size',
      fileName,
      `${what}; LossLab reads IDX files of at most ${megabytes(maxBytes)} unpacked (the 60,000 ` +
        'MNIST training images are 47 MB).',
    );
  };
  // A gzip stream is never much smaller than a file of MNIST's size; bigger is certainly too big.
  const limit = isGzip(head) ? maxBytes + 1024 * 1024 : maxBytes;
  if (fileSize > limit) tooLarge(`the file is ${megabytes(fileSize)}`);
  if (isGzip(head) || head.length < 8) return;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = view.getUint32(0, false);
  const count = view.getUint32(4, false);
  let promised = 0;
  if (magic === IDX_LABELS_MAGIC) promised = 8 + count;
  else if (magic === IDX_IMAGES_MAGIC && head.length >= 16) {
    promised = 16 + count * view.getUint32(8, false) * view.getUint32(12, false);
  }
  if (promised > maxBytes) {
    const what = magic === IDX_LABELS_MAGIC ? 'labels' : 'images';
    tooLarge(`its header promises ${count.toLocaleString('en')} ${what} (${megabytes(promised)})`);
  }
}

const hex32 = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * Parses one (decompressed) IDX file of unsigned bytes: images (3 dimensions, 28×28 required) or
 * labels (1 dimension, each 0..9). Throws a DatasetError whose message starts with `fileName`.
 * `data` is a view into `bytes` (no copy).
 */
export function parseIdx(bytes: Uint8Array, fileName: string): IdxFile {
  const fail = (kind: ConstructorParameters<typeof DatasetError>[0], detail: string): never => {
    throw new DatasetError(kind, fileName, detail);
  };
  if (bytes.length < 8) {
    fail('truncated', `only ${bytes.length} bytes: an IDX file has a header of at least 8 bytes.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const count = view.getUint32(4, false);
  if (magic === IDX_LABELS_MAGIC) {
    if (bytes.length < 8 + count) {
      fail(
        'truncated',
        `the header promises ${count} labels but the file holds ${bytes.length - 8}.`,
      );
    }
    if (bytes.length > 8 + count) {
      fail(
        'size',
        `${bytes.length - 8 - count} bytes more than the ${count} labels the header gives.`,
      );
    }
    const data = bytes.subarray(8, 8 + count);
    const bad = data.findIndex((label) => label >= OWN_CLASSES);
    if (bad >= 0) {
      fail('labels', `label ${bad} is ${data[bad]}; MNIST labels are 0 to ${OWN_CLASSES - 1}.`);
    }
    return { kind: 'labels', name: fileName, count, data };
  }
  if (magic !== IDX_IMAGES_MAGIC) {
    const what = magic >>> 8 === 0x08 ? ` (IDX with ${magic & 0xff} dimensions)` : '';
    fail(
      'magic',
      `not an MNIST IDX file: magic ${hex32(magic)}${what}, expected ${hex32(IDX_IMAGES_MAGIC)} ` +
        `(images) or ${hex32(IDX_LABELS_MAGIC)} (labels).`,
    );
  }
  if (bytes.length < 16) fail('truncated', 'the images header is cut short (16 bytes needed).');
  const rows = view.getUint32(8, false);
  const cols = view.getUint32(12, false);
  if (rows !== OWN_IMAGE_SIZE.rows || cols !== OWN_IMAGE_SIZE.cols) {
    const size = `${OWN_IMAGE_SIZE.rows}×${OWN_IMAGE_SIZE.cols}`;
    fail('shape', `images are ${rows}×${cols}; LossLab trains on ${size} digits.`);
  }
  const pixels = count * rows * cols;
  if (bytes.length < 16 + pixels) {
    const whole = Math.floor((bytes.length - 16) / (rows * cols));
    fail('truncated', `the header promises ${count} images but the file holds ${whole}.`);
  }
  if (bytes.length > 16 + pixels) {
    fail(
      'size',
      `${bytes.length - 16 - pixels} bytes more than the ${count} images the header gives.`,
    );
  }
  if (count === 0) fail('header', 'the file holds no images.');
  return {
    kind: 'images',
    name: fileName,
    count,
    rows,
    cols,
    data: bytes.subarray(16, 16 + pixels),
  };
}

/**
 * Decompresses (when gzipped) and parses one IDX file; gzipped or not, more than `IDX_MAX_BYTES`
 * unpacked is refused (`checkIdxSize`, then the decompressor's own limit).
 */
export async function readIdx(bytes: Uint8Array, fileName: string): Promise<IdxFile> {
  checkIdxSize(fileName, bytes.length, bytes.subarray(0, IDX_HEAD_BYTES));
  return parseIdx(isGzip(bytes) ? await gunzip(bytes, fileName) : bytes, fileName);
}

/** Writes an IDX file (tests, and students who want to build one). */
export function encodeIdx(
  file: { kind: 'images'; count: number; data: Uint8Array } | { kind: 'labels'; data: Uint8Array },
): Uint8Array {
  const header = file.kind === 'images' ? 16 : 8;
  const out = new Uint8Array(header + file.data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, file.kind === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC, false);
  view.setUint32(4, file.kind === 'images' ? file.count : file.data.length, false);
  if (file.kind === 'images') {
    view.setUint32(8, OWN_IMAGE_SIZE.rows, false);
    view.setUint32(12, OWN_IMAGE_SIZE.cols, false);
  }
  out.set(file.data, header);
  return out;
}
