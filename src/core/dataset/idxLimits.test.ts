/**
 * The size limit on own IDX files, gzipped or not, against files too large to hold: a gzip bomb
 * generated as a stream (its 512 MB of zeros never exist at once, on disk or in memory) and
 * headers that promise more than the limit.
 */
import { createGzip, createGunzip } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DatasetError } from './format';
import {
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  IDX_MAX_BYTES,
  checkIdxSize,
  gunzip,
  readIdx,
} from './idx';

const MB = 1024 * 1024;

/** gzip of `megabytes` MB of zeros, compressed 1 MB at a time (about 1 KB per MB). */
async function gzipBomb(megabytes: number): Promise<Uint8Array> {
  const gz = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on('data', (part: Buffer) => parts.push(part));
  const zeros = Buffer.alloc(MB);
  for (let i = 0; i < megabytes; i++) {
    if (!gz.write(zeros)) await new Promise((resolve) => gz.once('drain', resolve));
  }
  await new Promise((resolve) => {
    gz.once('end', resolve);
    gz.end();
  });
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * A `DecompressionStream` that behaves like Chromium's: each written chunk is inflated completely
 * and all its output queued, whatever the reader has taken. It counts what it unpacked, and gives
 * up past `cap` (so a decompressor fed the whole bomb at once fails here instead of filling memory).
 */
function chromiumLikeDecompression(cap: number) {
  const stats = { unpacked: 0 };
  class ChromiumLikeDecompressionStream {
    readonly readable: ReadableStream<Uint8Array>;
    readonly writable: WritableStream<Uint8Array>;
    constructor() {
      const inflate = createGunzip();
      // Output of the chunk being inflated, queued only once the whole chunk is done.
      let pending: Buffer[] = [];
      inflate.on('data', (part: Buffer) => {
        stats.unpacked += part.length;
        pending.push(part);
        if (stats.unpacked > cap) inflate.destroy(new Error(`unpacked past ${cap} bytes`));
      });
      const queueAll = (controller: TransformStreamDefaultController<Uint8Array>) => {
        for (const part of pending) controller.enqueue(new Uint8Array(part));
        pending = [];
      };
      const stream = new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) =>
          new Promise<void>((resolve, reject) => {
            inflate.once('error', reject);
            inflate.write(chunk, (error) => {
              inflate.off('error', reject);
              if (error) return reject(error);
              queueAll(controller);
              resolve();
            });
          }),
        flush: (controller) =>
          new Promise<void>((resolve, reject) => {
            inflate.once('end', () => {
              queueAll(controller);
              resolve();
            });
            inflate.once('error', reject);
            inflate.end();
          }),
      });
      this.readable = stream.readable;
      this.writable = stream.writable;
    }
  }
  return { stats, Stream: ChromiumLikeDecompressionStream };
}

const native = globalThis.DecompressionStream;
afterEach(() => {
  globalThis.DecompressionStream = native;
});

async function errorOf(work: () => Promise<unknown>): Promise<DatasetError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof DatasetError) return error;
    throw error;
  }
  throw new Error('expected a DatasetError');
}

describe('a gzip bomb', () => {
  it('is refused after unpacking little more than the limit, not its whole size', async () => {
    const bomb = await gzipBomb(512);
    expect(bomb.length).toBeLessThan(2 * MB);
    const { stats, Stream } = chromiumLikeDecompression(IDX_MAX_BYTES + 32 * MB);
    globalThis.DecompressionStream = Stream as unknown as typeof DecompressionStream;
    const error = await errorOf(() => readIdx(bomb, 'bomb.gz'));
    expect(error.kind).toBe('size');
    expect(error.message).toBe(
      'bomb.gz: decompresses to more than 64 MB, more than an MNIST file.',
    );
    expect(stats.unpacked).toBeGreaterThan(IDX_MAX_BYTES);
    expect(stats.unpacked).toBeLessThan(IDX_MAX_BYTES + 16 * MB);
  }, 30_000);

  it("is refused by the platform's own DecompressionStream too", async () => {
    const error = await errorOf(async () => gunzip(await gzipBomb(128), 'b.gz', 16 * MB));
    expect(error.kind).toBe('size');
  });
});

/** The first 16 bytes of an IDX file whose header promises `count` entries. */
function head(magic: number, count: number): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic, false);
  view.setUint32(4, count, false);
  view.setUint32(8, 28, false);
  view.setUint32(12, 28, false);
  return bytes;
}

describe('the size limit before the body is read', () => {
  const refused = (work: () => void) => {
    try {
      work();
    } catch (error) {
      return error instanceof DatasetError ? error : null;
    }
    return null;
  };

  it('refuses an unpacked file over the limit by its size alone', () => {
    const error = refused(() =>
      checkIdxSize('huge-idx3-ubyte', 400 * MB, head(IDX_IMAGES_MAGIC, 1)),
    );
    expect(error?.kind).toBe('size');
    expect(error?.message).toMatch(/^huge-idx3-ubyte: the file is 400 MB; .* at most 64 MB/);
    // A file over 2 GB, which the browser could not even read into one buffer.
    expect(refused(() => checkIdxSize('x', 3 * 1024 * MB, new Uint8Array(0)))?.kind).toBe('size');
  });

  it('refuses a header that promises more than the limit', () => {
    const images = refused(() => checkIdxSize('i', 1000, head(IDX_IMAGES_MAGIC, 510_204)));
    expect(images?.message).toMatch(/header promises 510,204 images \(381 MB\)/);
    const labels = refused(() => checkIdxSize('l', 1000, head(IDX_LABELS_MAGIC, 100 * MB)));
    expect(labels?.kind).toBe('size');
  });

  it("accepts MNIST's own sizes, gzipped or not", () => {
    expect(refused(() => checkIdxSize('train', 47_040_016, head(IDX_IMAGES_MAGIC, 60_000)))).toBe(
      null,
    );
    expect(refused(() => checkIdxSize('t.gz', 9_912_422, Uint8Array.of(0x1f, 0x8b, 8)))).toBe(null);
  });

  it('is applied by readIdx to bytes already in memory, before parsing', async () => {
    const bytes = new Uint8Array(IDX_MAX_BYTES + 16);
    bytes.set(head(IDX_IMAGES_MAGIC, 85_598));
    expect((await errorOf(() => readIdx(bytes, 'big'))).kind).toBe('size');
  });
});
