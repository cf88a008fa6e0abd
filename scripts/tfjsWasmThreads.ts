import type { Plugin } from 'vite';

/**
 * Makes tfjs-backend-wasm's multi-threaded build work when bundled.
 *
 * tfjs starts its pthread workers from a Blob holding `factory.toString()`, the source of the
 * Emscripten factory function. A bundler rewrites that file (CommonJS to ESM, minified names), so
 * the function's source then refers to variables outside itself and every pthread worker dies
 * with "ReferenceError: e is not defined" (seen here with Vite 8). This plugin replaces the module
 * with one that builds the factory from the package's original, self-contained source, so the
 * factory's `toString()` is again the code Emscripten generated.
 */
export function tfjsWasmThreads(): Plugin {
  const target = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
  return {
    name: 'losslab:tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      if (!target.test(id.split('?')[0] ?? id)) return null;
      return {
        code: [
          `const source = ${JSON.stringify(code)};`,
          // Evaluated once at load; the UMD tail sees no `module`/`define` and does nothing.
          `const factory = new Function(source + '\\nreturn WasmBackendModuleThreadedSimd;')();`,
          `export default factory;`,
        ].join('\n'),
        map: null,
      };
    },
  };
}
