/**
 * The WASM backend's three binaries, as the app serves them, and an early download of the one
 * tfjs-backend-wasm will pick. This module imports nothing from TensorFlow.js, so the worker's
 * entry can start that download before TensorFlow.js (2.4 MB of JavaScript) has even been fetched,
 * let alone parsed: the binary is then in memory when the backend initialises.
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Where Vite serves each binary (hashed assets of the app itself: nothing from a CDN). */
export const WASM_FILES = {
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
} as const;

export type WasmFile = keyof typeof WASM_FILES;

/**
 * The binary tfjs-backend-wasm 4.22 loads here: the threaded SIMD build where the page is
 * cross-origin isolated (SharedArrayBuffer), else the SIMD one (every browser since 2021 has
 * WebAssembly SIMD). tfjs decides with its own feature tests; where it decides otherwise, it
 * loads its binary from the server as usual and the early copy goes unused.
 */
export function likelyWasmFile(): WasmFile {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function'
    ? 'tfjs-backend-wasm-threaded-simd.wasm'
    : 'tfjs-backend-wasm-simd.wasm';
}

const early = new Map<WasmFile, Promise<Blob | null>>();
let paths: Promise<Record<WasmFile, string>> | null = null;

/**
 * Starts downloading the binary tfjs will load (`likelyWasmFile`), relative to `base` (the
 * worker's own location). A failed download is not an error here: the backend then fetches the
 * file itself and reports what went wrong.
 */
export function prefetchWasm(base: string): void {
  const file = likelyWasmFile();
  if (early.has(file) || typeof fetch !== 'function') return;
  const url = new URL(WASM_FILES[file], base).href;
  early.set(
    file,
    fetch(url)
      .then((response) => (response.ok ? response.blob() : null))
      .catch(() => null),
  );
}

/**
 * The URL tfjs-backend-wasm should load each binary from: an in-memory copy (a `blob:` URL typed
 * `application/wasm`, so it still compiles while streaming) where `prefetchWasm` fetched it, else
 * where the app serves it. Waits for a download in progress; the answer is kept for the worker's
 * life (tfjs reads the paths once, and the copy is smaller than what the backend allocates).
 */
export function wasmBinaryPaths(): Promise<Record<WasmFile, string>> {
  paths ??= (async () => {
    const result: Record<WasmFile, string> = { ...WASM_FILES };
    for (const [file, download] of early) {
      const blob = await download;
      if (blob) result[file] = URL.createObjectURL(new Blob([blob], { type: 'application/wasm' }));
    }
    return result;
  })();
  return paths;
}
