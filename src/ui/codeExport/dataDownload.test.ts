import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dataDownload, isGzip, planDataDownload } from './dataDownload';

const raw = new Uint8Array([0x4c, 0x4c, 0x4d, 0x4e, 1, 0, 0, 0, 7, 7, 7]);
const gz = new Uint8Array(gzipSync(raw));

describe("the data file's download keeps the bytes its name says", () => {
  it('recognises gzip by its first two bytes', () => {
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(raw)).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });

  it('saves gzip as it came, gzips decoded bytes again, or drops .gz without CompressionStream', () => {
    expect(planDataDownload('mnist-10k.bin.gz', gz, true)).toEqual({
      kind: 'as-is',
      name: 'mnist-10k.bin.gz',
    });
    // What the browser hands over when the server sent the file with Content-Encoding: gzip.
    expect(planDataDownload('mnist-10k.bin.gz', raw, true)).toEqual({
      kind: 'gzip',
      name: 'mnist-10k.bin.gz',
    });
    expect(planDataDownload('mnist-10k.bin.gz', raw, false)).toEqual({
      kind: 'rename',
      name: 'mnist-10k.bin',
    });
    expect(planDataDownload('mnist-10k.bin', raw, true)).toEqual({
      kind: 'as-is',
      name: 'mnist-10k.bin',
    });
  });

  it('the saved .gz file is gzip that holds the served bytes, whichever way they arrived', async () => {
    for (const arrived of [raw, gz]) {
      const { name, blob } = await dataDownload('mnist-10k.bin.gz', arrived);
      const saved = new Uint8Array(await blob.arrayBuffer());
      expect(name).toBe('mnist-10k.bin.gz');
      expect([saved[0], saved[1]]).toEqual([0x1f, 0x8b]);
      expect(new Uint8Array(gunzipSync(saved))).toEqual(raw);
    }
  });
});
