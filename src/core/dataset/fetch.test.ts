import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchBuiltinDataset } from './fetch';
import type { FetchLike, FetchResponseLike } from './fetch';
import { DatasetError, encodeMnistFile } from './format';
import type { Dataset } from './format';

const URL = 'http://127.0.0.1:4173/assets/mnist-10k.bin-Cq3x9Zk1.gz';

const ds: Dataset = {
  count: 3,
  rows: 28,
  cols: 28,
  images: Uint8Array.from({ length: 3 * 784 }, (_, i) => i % 256),
  labels: Uint8Array.of(4, 0, 9),
};
const good = encodeMnistFile(ds);

// Node's web streams, as far as these tests use them: the core's type library has no DOM.
interface WebStreams {
  CompressionStream: new (format: 'gzip') => object;
  Blob: new (parts: Uint8Array[]) => { stream(): { pipeThrough(t: object): unknown } };
  Response: new (body: unknown) => { arrayBuffer(): Promise<ArrayBuffer> };
}
/** gzip with the standard CompressionStream (what a browser or Node ≥ 18 provides). */
async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const web = globalThis as unknown as WebStreams;
  const stream = new web.Blob([bytes]).stream().pipeThrough(new web.CompressionStream('gzip'));
  return new Uint8Array(await new web.Response(stream).arrayBuffer());
}
const packed = await gzip(good);

function respond(
  body: Uint8Array,
  init: { status?: number; statusText?: string; contentType?: string } = {},
): FetchLike {
  const status = init.status ?? 200;
  const response: FetchResponseLike = {
    ok: status >= 200 && status < 300,
    status,
    statusText: init.statusText ?? '',
    headers: { get: (name) => (name === 'content-type' ? (init.contentType ?? null) : null) },
    arrayBuffer: () => Promise.resolve(body.slice().buffer),
  };
  return () => Promise.resolve(response);
}

async function rejection(promise: Promise<unknown>): Promise<DatasetError> {
  const error = await promise.then(
    () => {
      throw new Error('expected fetchBuiltinDataset to reject');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  const datasetError = error as DatasetError;
  expect(datasetError.fileName).toBe(URL);
  expect(datasetError.message.startsWith(`${URL}: `)).toBe(true);
  return datasetError;
}

describe('fetchBuiltinDataset', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('downloads and parses a valid file', async () => {
    const fetchFn = vi.fn(respond(good, { contentType: 'application/octet-stream' }));
    await expect(fetchBuiltinDataset(URL, fetchFn)).resolves.toEqual(ds);
    expect(fetchFn).toHaveBeenCalledWith(URL);
  });

  it('uses the global fetch by default', async () => {
    const globalFetch = vi.fn(respond(good));
    vi.stubGlobal('fetch', globalFetch);
    await expect(fetchBuiltinDataset(URL)).resolves.toEqual(ds);
    expect(globalFetch).toHaveBeenCalledWith(URL);
  });

  it('reports HTTP 404 as a missing file, with the remedy', async () => {
    const error = await rejection(
      fetchBuiltinDataset(URL, respond(new Uint8Array(0), { status: 404 })),
    );
    expect(error.kind).toBe('missing');
    expect(error.message).toMatch(/missing \(HTTP 404\).*npm run data/);
  });

  it('reports other HTTP errors with their status', async () => {
    const fetchFn = respond(new Uint8Array(0), {
      status: 500,
      statusText: 'Internal Server Error',
    });
    const error = await rejection(fetchBuiltinDataset(URL, fetchFn));
    expect(error.kind).toBe('http');
    expect(error.message).toContain('HTTP 500 Internal Server Error');
  });

  it('reports an HTML page (a dev server answering a missing file) as missing', async () => {
    const html = Uint8Array.from('<!doctype html>', (c) => c.charCodeAt(0));
    const labelled = await rejection(
      fetchBuiltinDataset(URL, respond(html, { contentType: 'text/html' })),
    );
    expect(labelled.kind).toBe('missing');
    expect(labelled.message).toMatch(/HTML page/);
    const unlabelled = await rejection(fetchBuiltinDataset(URL, respond(html)));
    expect(unlabelled.kind).toBe('missing');
  });

  it('reports network failures, keeping the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const error = await rejection(fetchBuiltinDataset(URL, () => Promise.reject(cause)));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('could not be downloaded (Failed to fetch)');
    expect(error.cause).toBe(cause);
  });

  it('reports a download that breaks off', async () => {
    const fetchFn: FetchLike = () =>
      Promise.resolve({
        ok: true,
        status: 200,
        statusText: 'OK',
        arrayBuffer: () => Promise.reject(new Error('connection reset')),
      });
    const error = await rejection(fetchBuiltinDataset(URL, fetchFn));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('connection reset');
  });

  it('passes on the parser’s errors for damaged files, naming the URL', async () => {
    const corrupt = good.slice();
    corrupt[1000] = (corrupt[1000] ?? 0) ^ 0xff;
    expect((await rejection(fetchBuiltinDataset(URL, respond(corrupt)))).kind).toBe('checksum');
    const truncated = good.subarray(0, good.length - 100);
    const error = await rejection(fetchBuiltinDataset(URL, respond(truncated)));
    expect(error.kind).toBe('truncated');
    expect(error.message).toMatch(/truncated/);
  });

  it('decompresses the gzipped file and checks the decompressed bytes', async () => {
    await expect(fetchBuiltinDataset(URL, respond(packed))).resolves.toEqual(ds);
  });

  it('reads a file the host already decompressed (Content-Encoding: gzip on a .gz file)', async () => {
    await expect(fetchBuiltinDataset(URL, respond(good))).resolves.toEqual(ds);
  });

  it('reports a corrupt or cut-short compressed file, naming it', async () => {
    const truncated = packed.subarray(0, Math.floor(packed.length / 2));
    const cut = await rejection(fetchBuiltinDataset(URL, respond(truncated)));
    expect(cut.kind).toBe('gzip');
    expect(cut.message).toMatch(/does not decompress \(corrupt or cut short\)/);

    const damaged = packed.slice();
    for (let i = 20; i < 60; i++) damaged[i] = (damaged[i] ?? 0) ^ 0x5a;
    expect((await rejection(fetchBuiltinDataset(URL, respond(damaged)))).kind).toBe('gzip');
  });

  it('runs the checksum on the decompressed bytes', async () => {
    const corrupt = good.slice();
    corrupt[1000] = (corrupt[1000] ?? 0) ^ 0xff;
    const error = await rejection(fetchBuiltinDataset(URL, respond(await gzip(corrupt))));
    expect(error.kind).toBe('checksum');
    const short = await gzip(good.subarray(0, good.length - 100));
    expect((await rejection(fetchBuiltinDataset(URL, respond(short)))).kind).toBe('truncated');
  });

  it('says so when the browser cannot decompress', async () => {
    vi.stubGlobal('DecompressionStream', undefined);
    const error = await rejection(fetchBuiltinDataset(URL, respond(packed)));
    expect(error.kind).toBe('gzip');
    expect(error.message).toMatch(/DecompressionStream is missing.*current version/);
  });
});
