import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { tfjsWasmThreads } from '../scripts/tfjsWasmThreads';
import { crossOriginIsolationHeaders } from '../vite.config';

/**
 * The benchmark page: its own Vite root (bench/), the app's public/ (the MNIST file) and the same
 * cross-origin isolation headers and WASM-threads plugin as the app, built into bench/out/dist and served by
 * `vite preview --config bench/vite.config.ts`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: fileURLToPath(new URL('../public', import.meta.url)),
  // The app's build, minus React: the same WASM-threads fix and cross-origin isolation headers.
  plugins: [tfjsWasmThreads()],
  server: { headers: crossOriginIsolationHeaders },
  preview: { headers: crossOriginIsolationHeaders },
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  build: {
    outDir: fileURLToPath(new URL('./out/dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 8192,
  },
});
