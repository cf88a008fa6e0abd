import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchMnist } from './fetch';
import type { FetchLike, FetchResponseLike } from './fetch';
import { DatasetError, encodeMnistFile } from './format';
import type { Dataset } from './format';

const URL = 'http://127.0.0.1:4173/data/mnist-10k.bin';

const ds: Dataset = {
  count: 3,
  rows: 28,
  cols: 28,
  images: Uint8Array.from({ length: 3 * 784 }, (_, i) => i % 256),
  labels: Uint8Array.of(4, 0, 9),
};
const good = encodeMnistFile(ds);

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
      throw new Error('expected fetchMnist to reject');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  const datasetError = error as DatasetError;
  expect(datasetError.fileName).toBe(URL);
  expect(datasetError.message.startsWith(`${URL}: `)).toBe(true);
  return datasetError;
}

describe('fetchMnist', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('downloads and parses a valid file', async () => {
    const fetchFn = vi.fn(respond(good, { contentType: 'application/octet-stream' }));
    await expect(fetchMnist(URL, fetchFn)).resolves.toEqual(ds);
    expect(fetchFn).toHaveBeenCalledWith(URL);
  });

  it('uses the global fetch by default', async () => {
    const globalFetch = vi.fn(respond(good));
    vi.stubGlobal('fetch', globalFetch);
    await expect(fetchMnist(URL)).resolves.toEqual(ds);
    expect(globalFetch).toHaveBeenCalledWith(URL);
  });

  it('reports HTTP 404 as a missing file, with the remedy', async () => {
    const error = await rejection(fetchMnist(URL, respond(new Uint8Array(0), { status: 404 })));
    expect(error.kind).toBe('missing');
    expect(error.message).toMatch(/missing \(HTTP 404\).*npm run data/);
  });

  it('reports other HTTP errors with their status', async () => {
    const fetchFn = respond(new Uint8Array(0), {
      status: 500,
      statusText: 'Internal Server Error',
    });
    const error = await rejection(fetchMnist(URL, fetchFn));
    expect(error.kind).toBe('http');
    expect(error.message).toContain('HTTP 500 Internal Server Error');
  });

  it('reports an HTML page (a dev server answering a missing file) as missing', async () => {
    const html = Uint8Array.from('<!doctype html>', (c) => c.charCodeAt(0));
    const labelled = await rejection(fetchMnist(URL, respond(html, { contentType: 'text/html' })));
    expect(labelled.kind).toBe('missing');
    expect(labelled.message).toMatch(/HTML page/);
    const unlabelled = await rejection(fetchMnist(URL, respond(html)));
    expect(unlabelled.kind).toBe('missing');
  });

  it('reports network failures, keeping the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const error = await rejection(fetchMnist(URL, () => Promise.reject(cause)));
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
    const error = await rejection(fetchMnist(URL, fetchFn));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('connection reset');
  });

  it('passes on the parser’s errors for damaged files, naming the URL', async () => {
    const corrupt = good.slice();
    corrupt[1000] = (corrupt[1000] ?? 0) ^ 0xff;
    expect((await rejection(fetchMnist(URL, respond(corrupt)))).kind).toBe('checksum');
    const truncated = good.subarray(0, good.length - 100);
    const error = await rejection(fetchMnist(URL, respond(truncated)));
    expect(error.kind).toBe('truncated');
    expect(error.message).toMatch(/truncated/);
  });
});
