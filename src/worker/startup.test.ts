import { afterEach, describe, expect, it, vi } from 'vitest';
import { EARLY_WORKER_NAME } from './protocol';

/** A fresh worker: its entry's module state (downloads, the API import) is per module instance. */
async function freshWorker(fetched: string[], name = 'losslab-trainer') {
  vi.resetModules();
  const self = { name, location: { href: 'http://example.test/assets/entry-x.js' } };
  vi.stubGlobal('self', self);
  vi.stubGlobal('crossOriginIsolated', true);
  vi.stubGlobal('fetch', (url: string) => {
    fetched.push(new URL(url).pathname);
    return Promise.resolve(new Response('', { status: 404 }));
  });
  return import('./startup');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the worker's entry", () => {
  it('prepare starts the default digits and the WASM binary tfjs will load, once each', async () => {
    const fetched: string[] = [];
    const { workerApi } = await freshWorker(fetched);
    workerApi.prepare({ backend: 'auto' });
    workerApi.prepare({ backend: 'auto' });
    await vi.waitFor(() => expect(fetched).toHaveLength(2));
    expect(fetched.some((path) => /mnist-10k\.bin/.test(path))).toBe(true);
    expect(fetched.some((path) => /tfjs-backend-wasm-threaded-simd/.test(path))).toBe(true);
  });

  it("the early script's worker starts the same downloads as prepare for auto, unasked", async () => {
    const fetched: string[] = [];
    await freshWorker(fetched, EARLY_WORKER_NAME);
    await vi.waitFor(() => expect(fetched).toHaveLength(2));
    expect(fetched.some((path) => /mnist-10k\.bin/.test(path))).toBe(true);
    expect(fetched.some((path) => /tfjs-backend-wasm-threaded-simd/.test(path))).toBe(true);
  });

  it('a page that chose another backend gets the digits only', async () => {
    const fetched: string[] = [];
    const { workerApi } = await freshWorker(fetched);
    workerApi.prepare({ backend: 'cpu' });
    await vi.waitFor(() => expect(fetched).toHaveLength(1));
    expect(fetched[0]).toMatch(/mnist-10k\.bin/);
  });

  it("answers every other call with the API's own answer, once TensorFlow.js has loaded", async () => {
    const { workerApi } = await freshWorker([]);
    const { api } = await import('./api');
    expect(Object.keys(workerApi).sort()).toEqual(['prepare', ...Object.keys(api)].sort());
    await expect(workerApi.memory()).resolves.toEqual(api.memory());
    // The digits failed to download (HTTP 404 here): the call that needs them says so.
    await expect(workerApi.loadBuiltin('mnist')).rejects.toThrow(/404/);
  }, 60_000);
});
