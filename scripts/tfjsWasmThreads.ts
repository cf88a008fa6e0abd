import type { Plugin } from 'vite';

/**
 * The logical cores tfjs' threaded build may use. Its C++ (`backend.cc`) takes
 * `emscripten_num_logical_cores() / 2` as the number of cores, assuming two hardware threads per
 * core, and caps XNNPACK's thread pool there whatever `setThreadsCount` asks: on a 2-core laptop
 * that is one thread, and half the machine idles. Reporting twice `navigator.hardwareConcurrency`
 * undoes the halving, so the pool gets what `setThreadsCount` asks for, up to every logical core
 * the browser reports (src/ml/backends.ts decides how many).
 */
const LOGICAL_CORES = 'navigator["hardwareConcurrency"]';
const CORES_FUNCTION = `return ${LOGICAL_CORES}}`;
/**
 * Emscripten starts 8 pthread workers before the backend is ready (each parses the module's
 * JavaScript and instantiates the WASM module); more than the logical cores never run at once, so
 * the pool is sized to those (XNNPACK's pool is never larger: see `setThreadsCount`'s cap).
 */
const POOL_SIZE = 'var pthreadPoolSize=8;';

/** The factory's source with the two changes above; throws if tfjs' build no longer matches. */
export function patchThreadedFactory(code: string): string {
  for (const expected of [CORES_FUNCTION, POOL_SIZE]) {
    if (code.split(expected).length !== 2) {
      throw new Error(
        `tfjs-backend-wasm's threaded build changed: expected "${expected}" once ` +
          '(scripts/tfjsWasmThreads.ts needs updating for this tfjs version)',
      );
    }
  }
  return code
    .replace(CORES_FUNCTION, `return 2*${LOGICAL_CORES}}`)
    .replace(POOL_SIZE, `var pthreadPoolSize=Math.max(1,Math.min(8,${LOGICAL_CORES}||1));`);
}

/**
 * Makes tfjs-backend-wasm's multi-threaded build work when bundled, on every core.
 *
 * tfjs starts its pthread workers from a Blob holding `factory.toString()`, the source of the
 * Emscripten factory function. A bundler rewrites that file (CommonJS to ESM, minified names), so
 * the function's source then refers to variables outside itself and every pthread worker dies
 * with "ReferenceError: e is not defined" (seen here with Vite 8). This plugin replaces the module
 * with one that builds the factory from the package's original, self-contained source (with
 * `patchThreadedFactory`'s thread-count changes), so the factory's `toString()` is again the code
 * Emscripten generated.
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
          `const source = ${JSON.stringify(patchThreadedFactory(code))};`,
          // Evaluated once at load; the UMD tail sees no `module`/`define` and does nothing.
          `const factory = new Function(source + '\\nreturn WasmBackendModuleThreadedSimd;')();`,
          `export default factory;`,
        ].join('\n'),
        map: null,
      };
    },
  };
}
