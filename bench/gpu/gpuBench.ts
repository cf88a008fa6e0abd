/**
 * `npm run bench:gpu`: the benchmark's WebGPU rows on a machine with a real GPU and no browser.
 * TensorFlow.js' WebGPU backend runs in Node through Dawn (the npm package `webgpu`, a
 * devDependency); LossLab's engine (src/ml/run.ts, the loop the app's worker runs) and bare
 * `model.fit` train the MLP and the CNN on the built-in digits at batch 64, on WebGPU and on WASM
 * in the same process, and `auto`'s measurement (src/ml/measureBackends.ts) says which it would pick.
 * Built by bench/gpu/run.mjs with Vite (SSR) and run with Node.
 *
 * Dawn must be set up as `navigator.gpu` before tfjs' WebGPU backend is imported (it registers
 * itself only where `navigator.gpu` exists), hence the dynamic import below.
 */
import { cpus } from 'node:os';
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', {
  value: {
    gpu: create([]),
    hardwareConcurrency: cpus().length,
    userAgent: `Node ${process.version}`,
  },
  configurable: true,
});

const { runGpuBench } = await import('./gpuRun');
await runGpuBench();
process.exit(0);
