/**
 * The WASM backend for the engine's tests, with LossLab's kernels, in Node (tfjs finds the .wasm
 * files next to its own code) and in Chromium (`npm run test:ml:browser`: the app's backend
 * initialisation, which serves them through Vite).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { useWasmTrainingKernels } from '../ml/wasmKernels';

/** Registers LossLab's WASM kernels and initialises the WASM backend (leaves tfjs on the CPU). */
export async function useWasmForTests(): Promise<void> {
  if (!useWasmTrainingKernels()) throw new Error('LossLab WASM kernels unavailable');
  if (typeof window === 'undefined') {
    await tf.setBackend('wasm');
  } else {
    const { initBackend } = await import('../ml/backends');
    await initBackend(['wasm']);
  }
  await tf.setBackend('cpu');
}

/** Runs `f` with tfjs on `backend`, then returns to the backend that was active before. */
export async function onBackend<T>(backend: 'cpu' | 'wasm', f: () => T | Promise<T>): Promise<T> {
  const before = tf.getBackend();
  await tf.setBackend(backend);
  try {
    return await f();
  } finally {
    await tf.setBackend(before);
  }
}
