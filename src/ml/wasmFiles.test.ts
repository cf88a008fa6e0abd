import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module (its downloads are kept per worker, i.e. per module instance). */
const load = async () => {
  vi.resetModules();
  return import('./wasmFiles');
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the WASM binary downloaded early', () => {
  it('is the threaded SIMD build where the page is cross-origin isolated, else the SIMD one', async () => {
    const { likelyWasmFile } = await load();
    vi.stubGlobal('crossOriginIsolated', true);
    expect(likelyWasmFile()).toBe('tfjs-backend-wasm-threaded-simd.wasm');
    vi.stubGlobal('crossOriginIsolated', false);
    expect(likelyWasmFile()).toBe('tfjs-backend-wasm-simd.wasm');
  });

  it('without an early download, tfjs loads every binary where the app serves it', async () => {
    const { WASM_FILES, wasmBinaryPaths } = await load();
    expect(await wasmBinaryPaths()).toEqual(WASM_FILES);
  });

  it('hands tfjs the downloaded copy of the one it will load, typed for streaming compilation', async () => {
    vi.stubGlobal('crossOriginIsolated', false);
    const fetch = vi.fn(() =>
      Promise.resolve(new Response(new Uint8Array([0, 97, 115, 109]), { status: 200 })),
    );
    vi.stubGlobal('fetch', fetch);
    const { WASM_FILES, prefetchWasm, wasmBinaryPaths } = await load();
    prefetchWasm('http://example.test/assets/entry.js');
    prefetchWasm('http://example.test/assets/entry.js');
    expect(fetch).toHaveBeenCalledTimes(1);
    const paths = await wasmBinaryPaths();
    const early = paths['tfjs-backend-wasm-simd.wasm'];
    expect(early).toMatch(/^blob:/);
    expect(paths['tfjs-backend-wasm-threaded-simd.wasm']).toBe(
      WASM_FILES['tfjs-backend-wasm-threaded-simd.wasm'],
    );
    // Asked again (a fallback back to WASM), the same copy: no second blob.
    expect(await wasmBinaryPaths()).toBe(paths);
  });

  it('leaves a failed download to tfjs, which fetches the file itself and reports the error', async () => {
    vi.stubGlobal('crossOriginIsolated', false);
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('', { status: 404 })));
    const { WASM_FILES, prefetchWasm, wasmBinaryPaths } = await load();
    prefetchWasm('http://example.test/assets/entry.js');
    expect(await wasmBinaryPaths()).toEqual(WASM_FILES);
  });
});
