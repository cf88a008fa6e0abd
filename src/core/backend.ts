import type { BackendName } from './config';

/** The order `auto` tries backends in when nothing better is known: fastest hardware first. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

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
