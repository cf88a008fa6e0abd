/**
 * What a backend can do here: whether it can train a model (`ruleOut`), the order to try them in
 * for a named choice, and TensorFlow.js initialisation with honest fallbacks. The rules that
 * choose among them are src/core/backend.ts.
 *
 * The worker tries backends in order (WebGPU, WebGL, WASM, CPU, or the user's choice first) and
 * records, for each one it skipped, the reason in words a student can act on
 * ("webgpu: no adapter", "webgl: OffscreenCanvas missing"). tfjs' own `setBackend` only logs a
 * console warning and returns false, so each backend is probed here before tfjs is asked.
 */
import * as tf from './tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendAttempt, BackendName, BackendReport, ModelKind } from '../core';
import { BACKEND_ORDER, messageOf } from '../core';
import { wasmBinaryPaths } from './wasmFiles';
import { wasmKernelsUnavailable } from './wasmKernels';

let wasmPathsSet = false;
/** XNNPACK's pool is capped here: the models' kernels at batch 64 gain little past 4 threads. */
const MAX_WASM_THREADS = 4;

/**
 * Threads for XNNPACK on a machine with `cores` logical cores: all but one (the page, the browser
 * and the system need one), 1 to 4. Every kernel ends at a barrier that waits for each thread, so
 * a thread that must wait for a busy core stalls the whole step: on a 2-core machine with other
 * work running, 2 threads trained 3× slower than 1 (README, "Every core").
 */
export function defaultWasmThreads(cores: number): number {
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(cores) - 1));
}
let requestedWasmThreads: number | null = null;

/**
 * Threads the WASM backend asks XNNPACK for when it initialises in this worker (default:
 * `defaultWasmThreads`; scripts/tfjsWasmThreads.ts lets tfjs' threaded build use as many as the
 * browser reports cores). Only before the first WASM initialisation; the benchmark compares counts.
 */
export function requestWasmThreads(count: number): void {
  requestedWasmThreads = Math.max(1, Math.floor(count));
}

async function configureWasm(): Promise<void> {
  if (wasmPathsSet) return;
  // The app's own files (or the copy the worker downloaded at its start): nothing from a CDN.
  setWasmPaths(await wasmBinaryPaths());
  if (globalThis.crossOriginIsolated) {
    const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
    setThreadsCount(requestedWasmThreads ?? defaultWasmThreads(cores));
  }
  wasmPathsSet = true;
}

/** Why a backend cannot work here, found without asking tfjs; `null` when it may work. */
async function probe(name: BackendName): Promise<{ reason: string | null; detail?: string }> {
  switch (name) {
    case 'webgpu': {
      const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
      if (!gpu)
        return { reason: 'navigator.gpu is missing (WebGPU not available in this browser)' };
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) return { reason: 'no adapter (the browser found no WebGPU-capable device)' };
      return { reason: null, detail: describeAdapter(adapter) };
    }
    case 'webgl': {
      if (typeof OffscreenCanvas === 'undefined') {
        return { reason: 'OffscreenCanvas is missing, so WebGL cannot run in a worker' };
      }
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
      if (!gl) return { reason: 'no WebGL2 context (GPU blocked or disabled)' };
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = debug
        ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL))
        : String(gl.getParameter(gl.RENDERER));
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      return { reason: null, detail: renderer };
    }
    case 'wasm': {
      if (typeof WebAssembly === 'undefined') return { reason: 'WebAssembly is not available' };
      await configureWasm();
      return { reason: null };
    }
    case 'cpu':
      return { reason: null, detail: 'plain JavaScript' };
  }
}

/**
 * The WebGL renderer a worker would get ("ANGLE (…SwiftShader…)"), without initialising tfjs'
 * WebGL backend; undefined when WebGL2 is not available here.
 */
export async function webglRenderer(): Promise<string | undefined> {
  try {
    return (await probe('webgl')).detail;
  } catch {
    return undefined;
  }
}

/** Threads the WASM backend trains with: 1 for the single-threaded build. */
function wasmThreads(): number {
  return tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? getThreadsCount() : 1;
}

/** Which WASM build runs and how many threads XNNPACK really uses (tfjs reports it after init). */
function describeWasm(): string {
  const threads = getThreadsCount();
  const plural = threads === 1 ? 'thread' : 'threads';
  if (tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')) {
    return `threaded SIMD build, ${threads} ${plural} (cross-origin isolated)`;
  }
  return globalThis.crossOriginIsolated
    ? `single-threaded build, ${threads} ${plural}`
    : `single-threaded build: the page is not cross-origin isolated (the host sends no COOP/COEP headers)`;
}

function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info;
  const parts = [info.vendor, info.architecture, info.device, info.description].filter(
    (part) => part && part.length > 0,
  );
  const name = parts.length > 0 ? parts.join(' ') : 'unnamed adapter';
  const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return fallback ? `${name} (software fallback adapter)` : name;
}

/**
 * Why a backend cannot train a model here, or `null`. Stock tfjs-backend-wasm 4.22 has no
 * `Conv2DBackpropFilter`, so the CNN trains on WASM only with LossLab's kernels.
 */
export function ruleOut(name: BackendName, model: ModelKind): string | null {
  if (name === 'wasm' && model === 'cnn') {
    const missing = wasmKernelsUnavailable();
    if (missing) return `cannot train the CNN: ${missing}`;
  }
  return null;
}

/**
 * The order in which backends are tried for a named choice and a model: the chosen one first,
 * then the rest, without those `ruleOut` sets aside (the CPU backend never is).
 */
export function backendCandidates(choice: BackendName, model: ModelKind): BackendName[] {
  return [choice, ...BACKEND_ORDER.filter((name) => name !== choice)].filter(
    (name) => !ruleOut(name, model),
  );
}

/**
 * Registers a GPU backend with tfjs by importing its code, each in its own chunk (WebGL about a
 * quarter of TensorFlow.js' code, WebGPU a sixth), only when that backend is tried: a worker that
 * starts on WASM never downloads or parses either. WASM and CPU are registered at import.
 */
async function loadBackend(name: BackendName): Promise<void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'wasm':
    case 'cpu':
      return;
  }
}

/**
 * Initialises the first backend of `candidates` that works and returns what happened to each.
 * Throws only if no backend at all initialises (the CPU backend always does in practice).
 */
export async function initBackend(
  candidates: readonly BackendName[],
  reasonForFirst = 'first that initialised',
): Promise<BackendReport> {
  const attempts: BackendAttempt[] = [];
  for (const name of candidates) {
    let probed: { reason: string | null; detail?: string };
    try {
      probed = await probe(name);
    } catch (error) {
      probed = { reason: messageOf(error) };
    }
    if (probed.reason === null) {
      try {
        await loadBackend(name);
      } catch (error) {
        probed = { reason: `its code could not be loaded (${messageOf(error)})` };
      }
    }
    if (probed.reason !== null) {
      attempts.push({ backend: name, ok: false, reason: probed.reason });
      continue;
    }
    let ok: boolean;
    let failure = 'initialisation failed';
    try {
      ok = await tf.setBackend(name);
      await tf.ready();
    } catch (error) {
      failure = messageOf(error);
      ok = false;
    }
    if (!ok || tf.getBackend() !== name) {
      attempts.push({ backend: name, ok: false, reason: failure });
      continue;
    }
    const detail = name === 'wasm' ? describeWasm() : probed.detail;
    attempts.push({
      backend: name,
      ok: true,
      ...(detail ? { detail } : {}),
      ...(name === 'wasm'
        ? {
            threads: wasmThreads(),
            threadedBuild: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
          }
        : {}),
    });
    return {
      backend: name,
      reason: attempts.length === 1 ? reasonForFirst : `${reasonForFirst}; earlier ones failed`,
      attempts,
      backendEpsilon: tf.backend().epsilon(),
    };
  }
  throw new Error(
    `No TensorFlow.js backend could be initialised: ${attempts
      .map((a) => `${a.backend}: ${a.reason ?? 'failed'}`)
      .join('; ')}`,
  );
}
