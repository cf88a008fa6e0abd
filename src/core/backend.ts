/**
 * The backend rules, as pure functions of what is known: the order `auto` guesses, which
 * measured backend a run starts on, when a measurement makes a run move, and the order of the
 * fallbacks after a failure. The worker applies them (src/worker/backendChoice.ts); what can
 * initialise or train here is src/ml/backends.ts; measurements and their validity are
 * ./measurement.ts.
 */
import type { BackendName, ModelKind } from './config';

/** The order `auto` tries backends in when nothing better is known: fastest hardware first. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** One backend's result. */
export interface BackendMeasurement {
  backend: BackendName;
  /** Training throughput, or null when the backend could not train this model here. */
  samplesPerSec: number | null;
  /** Why it could not (null throughput only). */
  reason?: string;
  /** The GPU adapter, WebGL renderer or WASM build and threads it ran on. */
  detail?: string;
}

/** A backend counts as clearly faster, worth switching to mid-run, from this ratio on. */
export const CLEARLY_FASTER = 1.25;

/** What happened when one backend was tried. */
export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  /** Why it was skipped or failed (absent when it worked). */
  reason?: string;
  /** What it runs on when it worked: the GPU adapter, the WebGL renderer, WASM threading. */
  detail?: string;
  /** WASM only: the threads XNNPACK uses (1 without cross-origin isolation). */
  threads?: number;
  /** WASM only: whether the multi-threaded build runs (it needs cross-origin isolation). */
  threadedBuild?: boolean;
}

/**
 * What an `auto` choice rested on: a measurement stored for this device (`measuredAt`, ms since
 * the epoch), or the documented guess; `stale` says why a stored measurement was not used.
 */
export type BackendBasis =
  | { kind: 'measured'; key: string; measuredAt: number }
  | { kind: 'guess'; key: string; stale?: string };

/** The backend a worker ended up with, and the story of how. */
export interface BackendReport {
  backend: BackendName;
  /** Why this backend was chosen, in words for the page (e.g. "fastest measured for the MLP"). */
  reason: string;
  attempts: BackendAttempt[];
  /** tfjs' own epsilon on this backend (1e-4 on float16 WebGL); LossLab always uses 1e-7. */
  backendEpsilon: number;
  /** `auto` only: what the choice rested on. */
  basis?: BackendBasis;
}

/** One line per skipped backend, e.g. "webgpu: no adapter". */
export function describeSkipped(report: BackendReport): string[] {
  return report.attempts
    .filter((attempt) => !attempt.ok)
    .map((attempt) => `${attempt.backend}: ${attempt.reason ?? 'failed'}`);
}

/** The measured backends, fastest first (backends that could not train are left out). */
export function rankMeasured(record: { results: readonly BackendMeasurement[] }): {
  backend: BackendName;
  samplesPerSec: number;
}[] {
  return record.results
    .flatMap((r) => (r.samplesPerSec !== null ? [{ ...r, samplesPerSec: r.samplesPerSec }] : []))
    .sort((a, b) => b.samplesPerSec - a.samplesPerSec)
    .map(({ backend, samplesPerSec }) => ({ backend, samplesPerSec }));
}

/** "wasm 3,181/s, cpu 1,085/s, webgpu –" for the page and the badge. */
export function describeMeasurements(results: readonly BackendMeasurement[]): string {
  return results
    .map((r) =>
      r.samplesPerSec !== null
        ? `${r.backend} ${Math.round(r.samplesPerSec).toLocaleString('en')}/s`
        : `${r.backend} –`,
    )
    .join(', ');
}

/** Software renderers, on which "GPU" backends emulate the GPU on the CPU. */
export function isSoftwareRenderer(detail: string | undefined): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render|fallback adapter/i.test(detail ?? '');
}

/**
 * The documented best guess for a model when nothing is measured on this device, in the order to
 * try (`ruleOut` still applies):
 * - MLP: WASM first. A 784→128→10 MLP at batch 64 is a few small matrix products per step, where
 *   the per-step dispatch cost of WebGL/WebGPU dominates and XNNPACK's SIMD kernels win; measured
 *   here WASM was 3× WebGL and 15× software WebGPU. Then WebGL, CPU, WebGPU.
 * - CNN: WebGL first (convolutions are where a GPU pays off, and tfjs' WebGL backend is the most
 *   mature), then WASM, unless the WebGL renderer is a software one (SwiftShader, llvmpipe: no GPU
 *   at all): then WASM first, which trains the CNN with LossLab's kernels (src/ml/wasmKernels.ts)
 *   several times faster than software WebGL or the CPU backend. Then CPU, WebGPU.
 */
export function guessOrder(model: ModelKind, webglRenderer?: string): BackendName[] {
  if (model === 'mlp') return ['wasm', 'webgl', 'cpu', 'webgpu'];
  return isSoftwareRenderer(webglRenderer)
    ? ['wasm', 'cpu', 'webgl', 'webgpu']
    : ['webgl', 'wasm', 'cpu', 'webgpu'];
}

/**
 * The backend a run should start on from a measurement, or null to fall back on the guess: the
 * fastest of a complete measurement; of a partial one only a backend clearly faster than the
 * guess (when the guess was measured), since an unmeasured backend may be the fastest.
 */
export function pickMeasured(
  record: { results: readonly BackendMeasurement[]; complete: boolean } | undefined,
  guess: BackendName,
): BackendName | null {
  if (!record) return null;
  const ranked = rankMeasured(record);
  const best = ranked[0];
  if (!best) return null;
  if (record.complete) return best.backend;
  const guessed = ranked.find((r) => r.backend === guess);
  if (guessed && best.samplesPerSec >= CLEARLY_FASTER * guessed.samplesPerSec) return best.backend;
  return null;
}

/**
 * The backend a running `auto` run should move to after a new measurement of its model, with the
 * two rates, or null: only a backend at least `CLEARLY_FASTER` times the running one's rate (a
 * smaller gain does not repay the epoch's hand-over).
 */
export function fasterThan(
  record: { results: readonly BackendMeasurement[] },
  running: BackendName,
): { backend: BackendName; ratio: number } | null {
  const ranked = rankMeasured(record);
  const best = ranked[0];
  const current = ranked.find((r) => r.backend === running);
  if (!best || !current || best.backend === running) return null;
  const ratio = best.samplesPerSec / current.samplesPerSec;
  return ratio >= CLEARLY_FASTER ? { backend: best.backend, ratio } : null;
}

/**
 * The backends a run may fall back on after those in `failed` failed during training, in
 * `BACKEND_ORDER`, without those `ruledOut` for its model.
 */
export function fallbackOrder(
  failed: ReadonlySet<BackendName>,
  ruledOut: (name: BackendName) => boolean,
): BackendName[] {
  return BACKEND_ORDER.filter((name) => !failed.has(name) && !ruledOut(name));
}
