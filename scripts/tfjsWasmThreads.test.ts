import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { tfjsWasmThreads } from './tfjsWasmThreads';

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
});
