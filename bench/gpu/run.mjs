#!/usr/bin/env node
/**
 * `npm run bench:gpu`: builds bench/gpu/gpuBench.ts for Node with Vite and runs it. Needs a GPU
 * that Dawn can reach (on Linux: the Vulkan loader `libvulkan1` and the GPU driver's Vulkan ICD,
 * e.g. NVIDIA's); without one it says so and measures WASM only. BENCH_BACKENDS, BENCH_MODELS
 * and BENCH_REPEATS as for `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = spawnSync('npx', ['vite', 'build', '--config', 'bench/gpu/vite.config.ts'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, [join(root, 'bench', 'out', 'gpu', 'gpuBench.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
