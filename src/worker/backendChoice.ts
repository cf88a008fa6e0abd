/**
 * The worker's backend decisions, each returned as a value: which backend a run starts on
 * (`startBackend`), whether a new measurement moves a running `auto` run (`acceptMeasurement`),
 * and where a run goes after its backend handed it over or failed (`nextBackend`). The rules are
 * src/core/backend.ts; what can initialise here is src/ml/backends.ts. `auto` never measures
 * before a run: it starts on the fastest backend measured on this device if the page has a
 * valid measurement, else on the documented guess. The page hands its stored measurements to
 * `init` and every new one to `noteMeasurement`; this module keeps the valid ones for the
 * worker's lifetime.
 */
import * as tf from '../ml/tfjs';
import type {
  BackendChoice,
  BackendName,
  BackendReport,
  DeviceInfo,
  MeasurementRecord,
  ProbeSpec,
  TrainEvent,
} from '../core';
import {
  describeMeasurements,
  fallbackOrder,
  fasterThan,
  guessOrder,
  measurementKey,
  messageOf,
  pickMeasured,
  rankMeasured,
  sortRecords,
} from '../core';
import type { ResumeState } from '../ml/run';
import { backendCandidates, initBackend, ruleOut, webglRenderer } from '../ml/backends';

/** This worker's device, as measurements are keyed. */
export function currentDevice(): DeviceInfo {
  const nav = (globalThis as { navigator?: { userAgent?: string; hardwareConcurrency?: number } })
    .navigator;
  return {
    userAgent: nav?.userAgent ?? 'unknown',
    tfjs: tf.version_core,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    cores: nav?.hardwareConcurrency ?? 1,
  };
}

const known = new Map<string, MeasurementRecord>();

/**
 * Keeps the records that hold on this device and returns, for the page, the others and why they
 * are stale (another browser or tfjs version, isolation, cores).
 */
export function rememberMeasurements(records: readonly MeasurementRecord[]): {
  usable: MeasurementRecord[];
  stale: { key: string; why: string }[];
} {
  const sorted = sortRecords(records, currentDevice());
  for (const record of sorted.usable) known.set(record.key, record);
  return sorted;
}

/** Forgets everything (tests). */
export function forgetMeasurements(): void {
  known.clear();
}

/** The order to try backends in when nothing usable is measured. */
async function guessFor(spec: ProbeSpec): Promise<BackendName[]> {
  // Only the CNN's guess depends on the renderer; the probe costs a WebGL context, so only then.
  const renderer = spec.model === 'cnn' ? await webglRenderer() : undefined;
  return guessOrder(spec.model, renderer).filter((name) => !ruleOut(name, spec.model));
}

/**
 * Initialises the backend a run of `spec` starts on for `choice` and says why. A named backend
 * is tried first, then the others; one that cannot train the model is skipped with its reason.
 * For `auto` see `chooseAutoBackend`. Rejects only when no backend initialises.
 */
export async function startBackend(choice: BackendChoice, spec: ProbeSpec): Promise<BackendReport> {
  if (choice === 'auto') return chooseAutoBackend(spec);
  const report = await initBackend(backendCandidates(choice, spec.model), 'chosen by you');
  const ruled = ruleOut(choice, spec.model);
  if (!ruled) return report;
  return {
    ...report,
    reason: `${choice} ${ruled}, so ${report.backend} instead`,
    attempts: [{ backend: choice, ok: false, reason: ruled }, ...report.attempts],
  };
}

/**
 * Initialises the backend an `auto` run of `spec` starts on and says why, in the report's
 * `reason` and `basis`. A measured backend that no longer initialises, or whose GPU adapter or
 * WebGL renderer is not the one measured, makes the measurement stale (`basis.stale` says why,
 * and the page measures again); the run then starts on the guess. Never measures.
 */
async function chooseAutoBackend(spec: ProbeSpec): Promise<BackendReport> {
  const key = measurementKey(currentDevice(), spec);
  const record = known.get(key);
  const order = await guessFor(spec);
  const guess = order[0] ?? 'cpu';
  const measured = pickMeasured(record, guess);
  let stale: string | undefined;
  if (record && measured) {
    try {
      const report = await initBackend([measured]);
      const now = report.attempts[0]?.detail;
      const then = record.results.find((r) => r.backend === measured)?.detail;
      if (then === undefined || now === then) {
        return {
          ...report,
          reason: `fastest measured on this device for the ${spec.model.toUpperCase()}: ${describeMeasurements(rankedResults(record))}`,
          basis: { kind: 'measured', key, measuredAt: record.measuredAt },
        };
      }
      stale = `${measured} now runs on ${now ?? 'something else'}, measured on ${then}`;
    } catch (error) {
      stale = `${measured} no longer initialises (${messageOf(error)})`;
    }
    known.delete(key);
  }
  const report = await initBackend(
    order,
    `best guess for the ${spec.model.toUpperCase()}, not measured on this device yet`,
  );
  return { ...report, basis: { kind: 'guess', key, ...(stale ? { stale } : {}) } };
}

/** The results of a record, fastest first, then those that could not train. */
function rankedResults(record: MeasurementRecord) {
  const ranked = rankMeasured(record).map((r) => r.backend);
  return [...record.results].sort(
    (a, b) =>
      (ranked.indexOf(a.backend) + 1 || Infinity) - (ranked.indexOf(b.backend) + 1 || Infinity),
  );
}

/**
 * Takes a new measurement from the page and, when a run of the same model is on a backend the
 * measurement shows clearly slower (`fasterThan`), returns the backend to move to and why.
 */
export function acceptMeasurement(
  record: MeasurementRecord,
  running: { spec: ProbeSpec; backend: BackendName } | null,
): { backend: BackendName; reason: string } | null {
  known.set(record.key, record);
  if (!running || record.key !== measurementKey(currentDevice(), running.spec)) return null;
  const faster = fasterThan(record, running.backend);
  if (!faster) return null;
  return {
    backend: faster.backend,
    reason:
      `the background measurement found ${faster.backend} ${faster.ratio.toFixed(1)}× faster ` +
      `than ${running.backend} (${describeMeasurements(rankedResults(record))})`,
  };
}

/** Why a run left its backend: a clearly faster one was measured, or the backend failed. */
export type LeaveCause =
  { kind: 'faster'; backend: BackendName; reason: string } | { kind: 'failed'; error: unknown };

/**
 * Where a run goes after leaving `from`: `move` (the new backend is initialised; the events say
 * so), `stay` (the faster backend did not initialise, so the run goes on where it was), or
 * `give-up` (every backend that can train the model has failed). `failed` collects the backends
 * that failed during this run. Rejects only when no remaining backend initialises.
 */
export async function nextBackend(
  from: BackendName,
  cause: LeaveCause,
  context: { model: ProbeSpec['model']; failed: Set<BackendName>; resume: ResumeState },
): Promise<
  | { kind: 'move'; report: BackendReport; events: TrainEvent[] }
  | { kind: 'stay' }
  | { kind: 'give-up' }
> {
  if (cause.kind === 'faster') {
    const next = await initBackend([cause.backend, from], 'faster, measured');
    if (next.backend === from) return { kind: 'stay' };
    return {
      kind: 'move',
      report: next,
      events: [
        {
          type: 'backend-fallback',
          from,
          to: next.backend,
          why: 'faster',
          reason: `${cause.reason}; ${resumePoint(context.resume)}`,
        },
        { type: 'backend', report: { ...next, reason: cause.reason } },
      ],
    };
  }
  context.failed.add(from);
  const remaining = fallbackOrder(context.failed, (name) => ruleOut(name, context.model) !== null);
  if (remaining.length === 0) return { kind: 'give-up' };
  const next = await initBackend(remaining, `fallback after ${from} failed`);
  return {
    kind: 'move',
    report: next,
    events: [
      {
        type: 'backend-fallback',
        from,
        to: next.backend,
        why: 'failed',
        reason: `${from} failed during training (${messageOf(cause.error)}); ${resumePoint(context.resume)}`,
      },
      { type: 'backend', report: next },
    ],
  };
}

/** Where a resumed run picks up, in words. */
function resumePoint(resume: ResumeState): string {
  return resume.history.length > 0
    ? `resuming after epoch ${resume.history.length} with its weights and optimizer state`
    : 'restarting from the first epoch';
}
