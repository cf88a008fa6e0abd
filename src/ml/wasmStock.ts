/**
 * Shared plumbing of LossLab's WASM kernels (wasmKernels.ts, wasmConvKernels.ts): the stock
 * kernels they replace or compose, and the few ways a kernel handles tensor data on the backend.
 */
import * as tf from './tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** A kernel implementation for the WASM backend (tfjs' `KernelFunc` with the backend typed). */
export type WasmKernelFunc = (args: {
  inputs: Record<string, tf.TensorInfo>;
  backend: BackendWasm;
  attrs: Record<string, unknown>;
}) => tf.TensorInfo;

/** The stock kernels, saved before LossLab's replace them (a replacement may fall back to one). */
export const stock = new Map<string, tf.KernelConfig>();

/** Runs the stock kernel `name` (saved at registration) on the WASM backend. */
export function runStock(
  name: string,
  backend: BackendWasm,
  inputs: Record<string, tf.TensorInfo>,
  attrs: Record<string, unknown> = {},
): tf.TensorInfo {
  const config = stock.get(name) ?? tf.getKernel(name, 'wasm');
  return (config.kernelFunc as unknown as WasmKernelFunc)({ inputs, backend, attrs });
}

/** Frees intermediate results of a kernel (the engine only tracks what a kernel returns). */
export function free(backend: BackendWasm, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
