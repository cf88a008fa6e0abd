import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * In Node, tfjs-backend-wasm reads its `.wasm` files from disk: the app's `?url` imports of them
 * (src/ml/backends.ts) become their paths in node_modules instead of served asset URLs.
 */
function wasmFilePaths(): Plugin {
  const pattern = /^@tensorflow\/tfjs-backend-wasm\/dist\/([\w-]+\.wasm)\?url$/;
  return {
    name: 'losslab:wasm-file-paths',
    enforce: 'pre',
    resolveId(id) {
      return pattern.test(id) ? `\0${id}` : null;
    },
    load(id) {
      const match = pattern.exec(id.replace(/^\0/, ''));
      if (!match) return null;
      const path = require.resolve(`@tensorflow/tfjs-backend-wasm/dist/${match[1]}`);
      return `export default ${JSON.stringify(path)};`;
    },
  };
}

/** `npm run bench:gpu` builds bench/gpu/gpuBench.ts for Node (see bench/gpu/run.mjs). */
export default defineConfig({
  plugins: [wasmFilePaths()],
  logLevel: 'warn',
  build: {
    ssr: fileURLToPath(new URL('./gpuBench.ts', import.meta.url)),
    outDir: fileURLToPath(new URL('../out/gpu', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'es', entryFileNames: '[name].mjs' } },
  },
});
