import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import {
  DatasetError,
  MNIST_FILE,
  MNIST_FILE_BYTES,
  MNIST_HEADER_BYTES,
  encodeMnistFile,
  parseMnistFile,
} from './format';
import type { Dataset, DatasetErrorKind } from './format';

const FILE = 'data/mnist-10k.bin';
const PIXELS = 28 * 28;

/** `count` 28×28 digits whose pixels and labels are derived from their index. */
function syntheticDataset(count: number): Dataset {
  const images = new Uint8Array(count * PIXELS);
  for (let i = 0; i < images.length; i++) images[i] = (i * 31 + (i >> 7)) & 0xff;
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 7) % 10);
  return { count, rows: 28, cols: 28, images, labels };
}

/** Runs `parse` and returns the DatasetError it throws, failing the test if it does not. */
function datasetError(parse: () => unknown): DatasetError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return error as DatasetError;
  }
  throw new Error('expected a DatasetError, but parsing succeeded');
}

function expectRejected(bytes: Uint8Array, kind: DatasetErrorKind, pattern: RegExp): void {
  const error = datasetError(() => parseMnistFile(bytes, FILE));
  expect(error.kind).toBe(kind);
  expect(error.fileName).toBe(FILE);
  expect(error.name).toBe('DatasetError');
  expect(error.message.startsWith(`${FILE}: `)).toBe(true);
  expect(error.message).toMatch(pattern);
}

/** A valid file with one header field (u32 at `offset`) replaced; the payload CRC stays valid. */
function withField(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(offset, value, true);
  return copy;
}

describe('the LossLab MNIST file format', () => {
  const ds = syntheticDataset(50);
  const file = encodeMnistFile(ds);

  it('lays the header out as documented, little-endian', () => {
    const view = new DataView(file.buffer);
    const u32 = (offset: number) => view.getUint32(offset, true);
    expect(String.fromCharCode(...file.subarray(0, 4))).toBe('LLMN');
    expect([u32(4), u32(8), u32(12), u32(16), u32(20), u32(24)]).toEqual([
      1,
      50,
      28,
      28,
      32,
      32 + 50 * PIXELS,
    ]);
    expect(u32(28)).toBe(crc32(file.subarray(32)));
    expect(file.length).toBe(32 + 50 * PIXELS + 50);
    expect(file.subarray(32, 32 + 50 * PIXELS)).toEqual(ds.images);
    expect(file.subarray(32 + 50 * PIXELS)).toEqual(ds.labels);
    expect(MNIST_HEADER_BYTES).toBe(32);
    expect(MNIST_FILE_BYTES).toBe(7_850_032);
    expect(MNIST_FILE).toBe('mnist-10k.bin');
  });

  it('round-trips through parseMnistFile, returning views of the input', () => {
    const parsed = parseMnistFile(file, FILE);
    expect(parsed).toEqual(ds);
    expect(parsed.images.buffer).toBe(file.buffer);
    expect(parseMnistFile(file.buffer as ArrayBuffer, FILE)).toEqual(ds);
  });

  it('reads a file that sits at an offset inside a larger buffer', () => {
    const padded = new Uint8Array(file.length + 13);
    padded.set(file, 5);
    expect(parseMnistFile(padded.subarray(5, 5 + file.length), FILE)).toEqual(ds);
  });

  it('rejects an empty file', () => {
    expectRejected(new Uint8Array(0), 'truncated', /empty \(0 bytes\).*npm run data/);
  });

  it.each([
    [file.length - 1, 'one byte short'],
    [file.length - 1000, 'the last 1,000 bytes missing'],
    [MNIST_HEADER_BYTES, 'only the header'],
  ])('rejects a truncated file (%i bytes: %s)', (length) => {
    const expected = file.length.toLocaleString('en');
    expectRejected(
      file.subarray(0, length),
      'truncated',
      new RegExp(
        `truncated: expected ${expected} bytes for 50 digits, got ${length.toLocaleString('en')} bytes`,
      ),
    );
  });

  it('rejects a file cut inside the header', () => {
    expectRejected(file.subarray(0, 10), 'truncated', /truncated: .*32-byte header, got 10 bytes/);
    expectRejected(file.subarray(0, 2), 'truncated', /got 2 bytes/);
  });

  it('rejects extra bytes after the labels', () => {
    const longer = new Uint8Array(file.length + 1);
    longer.set(file);
    expectRejected(
      longer,
      'size',
      /expected 39,282 bytes for 50 digits, got 39,283 bytes \(extra data at the end\)/,
    );
  });

  it.each([
    ['a pixel', 32 + 25 * PIXELS + 100],
    ['the first pixel', 32],
    ['a label', file.length - 1],
  ])('rejects a file with a flipped byte in %s (checksum)', (_, offset) => {
    const corrupt = file.slice();
    corrupt[offset] = (corrupt[offset] ?? 0) ^ 0x01;
    expectRejected(
      corrupt,
      'checksum',
      /corrupt: checksum mismatch \(.*0x[0-9a-f]{8}.*0x[0-9a-f]{8}/,
    );
  });

  it('rejects a file with a wrong checksum field', () => {
    const stored = new DataView(file.buffer).getUint32(28, true);
    expectRejected(withField(file, 28, stored ^ 0x80000000), 'checksum', /corrupt/);
  });

  it('rejects a file that is not a LossLab MNIST file', () => {
    const other = file.slice();
    other[0] = 0x89; // e.g. a PNG
    expectRejected(other, 'magic', /not a LossLab MNIST file/);
    expectRejected(Uint8Array.of(1, 2, 3), 'magic', /not a LossLab MNIST file/);
  });

  it('recognises an HTML page served in place of a missing file', () => {
    const html = Uint8Array.from('\n  <!doctype html><html><body>app</body></html>', (c) =>
      c.charCodeAt(0),
    );
    expectRejected(html, 'missing', /HTML page .*probably missing/);
  });

  it('rejects other format versions', () => {
    expectRejected(
      withField(file, 4, 2),
      'version',
      /unsupported format version 2 \(this app reads version 1\)/,
    );
    expectRejected(withField(file, 4, 0), 'version', /version 0/);
  });

  it('rejects images that are not 28×28', () => {
    expectRejected(withField(file, 12, 32), 'shape', /images are 32×28, expected 28×28/);
    expectRejected(withField(file, 16, 27), 'shape', /28×27/);
  });

  it('rejects inconsistent header counts and offsets', () => {
    expectRejected(withField(file, 8, 0), 'header', /holds 0 digits/);
    expectRejected(
      withField(file, 8, 51),
      'header',
      /labels offset 39232 does not match 51 digits/,
    );
    expectRejected(withField(file, 8, 0xffffffff), 'header', /labels offset/);
    expectRejected(withField(file, 20, 36), 'header', /images offset 36, expected 32/);
    expectRejected(withField(file, 24, 32), 'header', /labels offset 32/);
  });

  it('rejects a header whose counts agree but promise more data than there is', () => {
    let bigger = withField(file, 8, 51);
    bigger = withField(bigger, 24, 32 + 51 * PIXELS);
    expectRejected(bigger, 'truncated', /expected 40,067 bytes for 51 digits, got 39,282 bytes/);
  });

  it('rejects labels outside 0..9, even with a valid checksum', () => {
    const labels = ds.labels.slice();
    labels[17] = 10;
    expectRejected(
      encodeMnistFile({ ...ds, labels }),
      'labels',
      /label 10 of digit 17 is outside 0..9/,
    );
  });

  it('encodeMnistFile refuses arrays that do not match the counts', () => {
    expect(() => encodeMnistFile({ ...ds, count: 51 })).toThrow(RangeError);
    expect(() => encodeMnistFile({ ...ds, labels: new Uint8Array(3) })).toThrow(RangeError);
    expect(() =>
      encodeMnistFile({ ...ds, count: 0, images: new Uint8Array(0), labels: new Uint8Array(0) }),
    ).toThrow(RangeError);
  });
});

describe('a dataset file of another shape', () => {
  /** 8×8 images in four classes: what a built-in dataset that is not MNIST-shaped declares. */
  const shape = { rows: 8, cols: 8, classNames: ['circle', 'square', 'cross', 'line'] };
  const count = 12;
  const small: Dataset = {
    count,
    rows: 8,
    cols: 8,
    images: Uint8Array.from({ length: count * 64 }, (_, i) => (i * 13) & 0xff),
    labels: Uint8Array.from({ length: count }, (_, i) => i % 4),
  };

  it('is checked against its own image size and classes, not MNIST’s', () => {
    const bytes = encodeMnistFile(small);
    expect(parseMnistFile(bytes, FILE, shape)).toEqual(small);
    expect(datasetError(() => parseMnistFile(bytes, FILE)).message).toMatch(
      /images are 8×8, expected 28×28/,
    );
  });

  it('rejects a label beyond its classes', () => {
    const labels = small.labels.slice();
    labels[5] = 4;
    const error = datasetError(() =>
      parseMnistFile(encodeMnistFile({ ...small, labels }), FILE, shape),
    );
    expect(error.kind).toBe('labels');
    expect(error.message).toMatch(/label 4 of digit 5 is outside 0\.\.3/);
  });
});
