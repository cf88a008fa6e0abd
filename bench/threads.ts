/**
 * How a benchmark worker runs WASM, carried in the worker's name since the backend reads it once,
 * before it initialises: `threads=N` asks XNNPACK for N threads; `build=simd` loads tfjs'
 * single-threaded SIMD build even where the page could run the threaded one (the build Node
 * uses). Neither: the app's default (the threaded build on every logical core, up to 4).
 */
import * as tf from '@tensorflow/tfjs';
import { requestWasmThreads } from '../src/ml/backends';

export interface WasmVariant {
  threads: number | null;
  singleThreadedBuild: boolean;
}

export function variantFromName(name: string): WasmVariant {
  const match = /threads=(\d+)/.exec(name);
  return { threads: match ? Number(match[1]) : null, singleThreadedBuild: /build=simd/.test(name) };
}

/** Applies the variant named by this worker's name; returns it. */
export function applyVariantFromName(): WasmVariant {
  const variant = variantFromName(self.name);
  if (variant.threads !== null) requestWasmThreads(variant.threads);
  if (variant.singleThreadedBuild) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  return variant;
}

/** The name of a benchmark worker `base` running `variant`. */
export function workerName(base: string, variant: Partial<WasmVariant> = {}): string {
  return [
    base,
    ...(variant.threads !== undefined && variant.threads !== null
      ? [`threads=${variant.threads}`]
      : []),
    ...(variant.singleThreadedBuild ? ['build=simd'] : []),
  ].join(' ');
}
