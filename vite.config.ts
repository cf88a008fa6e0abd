import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { tfjsWasmThreads } from './scripts/tfjsWasmThreads';

/**
 * Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
 * Both the dev server and the preview server send the headers, so what the e2e
 * suite measures on `vite preview` is what a developer sees on `vite`.
 */
export const crossOriginIsolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

export default defineConfig({
  plugins: [react(), tfjsWasmThreads()],
  optimizeDeps: { rolldownOptions: { plugins: [tfjsWasmThreads()] } },
  server: { headers: crossOriginIsolationHeaders },
  preview: { headers: crossOriginIsolationHeaders },
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
});
