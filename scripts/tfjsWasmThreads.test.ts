import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { patchThreadedFactory, tfjsWasmThreads } from './tfjsWasmThreads';

const require = createRequire(import.meta.url);
const factoryPath = require
  .resolve('@tensorflow/tfjs-backend-wasm/package.json')
  .replace(/package\.json$/, 'wasm-out/tfjs-backend-wasm-threaded-simd.js');

type Transform = (code: string, id: string) => { code: string } | null;

describe('tfjsWasmThreads plugin', () => {
  const transform = tfjsWasmThreads().transform as unknown as Transform;

  it('leaves every other module alone', () => {
    expect(transform('export default 1;', '/src/main.tsx')).toBeNull();
    expect(transform('x', factoryPath.replace('threaded-simd.js', 'simd.js'))).toBeNull();
  });

  it('exports a factory whose source runs on its own, as tfjs pthread workers load it', async () => {
    const original = readFileSync(factoryPath, 'utf8');
    const result = transform(original, factoryPath);
    expect(result).not.toBeNull();
    const url = `data:text/javascript;base64,${Buffer.from(result!.code).toString('base64')}`;
    const module = (await import(/* @vite-ignore */ url)) as { default: () => unknown };
    const factory = module.default;
    expect(typeof factory).toBe('function');
    // tfjs builds the pthread worker's main script exactly like this, and a pthread worker runs
    // it in a fresh global scope: a new vm context stands in for that scope.
    const blobSource = `var WasmBackendModuleThreadedSimd = ${factory.toString()}`;
    expect(runInNewContext(`${blobSource}\ntypeof WasmBackendModuleThreadedSimd`, {})).toBe(
      'function',
    );
    expect(blobSource).toContain('ENVIRONMENT_IS_PTHREAD');
  });

  it('lets XNNPACK use every logical core: tfjs halves the count it reads, the patch doubles it', () => {
    const original = readFileSync(factoryPath, 'utf8');
    const patched = patchThreadedFactory(original);
    const cores = (source: string, hardwareConcurrency: number) =>
      runInNewContext(
        `${source.match(/function _emscripten_num_logical_cores\(\)\{[^}]*\}/)![0]}\n` +
          '_emscripten_num_logical_cores()',
        { ENVIRONMENT_IS_NODE: false, navigator: { hardwareConcurrency } },
      ) as number;
    // backend.cc: threads ≤ emscripten_num_logical_cores() / 2, so 2 cores gave 1 thread.
    expect(cores(original, 2) / 2).toBe(1);
    expect(cores(patched, 2) / 2).toBe(2);
    expect(cores(patched, 8) / 2).toBe(8);
    // The pthread pool Emscripten starts up front: one worker per logical core, at most 8.
    const pool = (source: string, hardwareConcurrency: number) =>
      runInNewContext(`${source.match(/var pthreadPoolSize=[^;]*;/)![0]} pthreadPoolSize`, {
        navigator: { hardwareConcurrency },
      }) as number;
    expect(pool(original, 2)).toBe(8);
    expect(pool(patched, 2)).toBe(2);
    expect(pool(patched, 16)).toBe(8);
  });

  it('fails the build loudly when a tfjs upgrade changes what it patches', () => {
    expect(() => patchThreadedFactory('var Module={};')).toThrow(/threaded build changed/);
  });
});
