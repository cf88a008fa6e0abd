/**
 * Which backend an `auto` run starts on, without measuring anything first: the fastest measured
 * on this device if the page has a valid measurement (src/core/measurement.ts), else the
 * documented guess. The page hands its stored measurements to `init` and every new one to
 * `noteMeasurement`; this module keeps the valid ones for the worker's lifetime.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, BackendReport, DeviceInfo, MeasurementRecord, ProbeSpec } from '../core';
import {
  describeMeasurements,
  guessOrder,
  measurementKey,
  messageOf,
  pickMeasured,
  rankMeasured,
  sortRecords,
} from '../core';
import { ruleOut } from '../ml/autoBackend';
import { initBackend, webglRenderer } from '../ml/backends';

/** This worker's device, as measurements are keyed. */
export function currentDevice(): DeviceInfo {
  const nav = (globalThis as { navigator?: { userAgent?: string; hardwareConcurrency?: number } })
    .navigator;
  return {
    userAgent: nav?.userAgent ?? 'unknown',
    tfjs: tf.version.tfjs,
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
 * Initialises the backend an `auto` run of `spec` starts on and says why, in the report's
 * `reason` and `basis`. A measured backend that no longer initialises, or whose GPU adapter or
 * WebGL renderer is not the one measured, makes the measurement stale (`basis.stale` says why,
 * and the page measures again); the run then starts on the guess. Never measures.
 */
export async function chooseAutoBackend(spec: ProbeSpec): Promise<BackendReport> {
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
 * measurement shows clearly slower (`CLEARLY_FASTER`), returns the backend to switch to and why.
 */
export function acceptMeasurement(
  record: MeasurementRecord,
  running: { spec: ProbeSpec; backend: BackendName } | null,
  clearlyFaster: number,
): { backend: BackendName; reason: string } | null {
  known.set(record.key, record);
  if (!running || record.key !== measurementKey(currentDevice(), running.spec)) return null;
  const ranked = rankMeasured(record);
  const best = ranked[0];
  const current = ranked.find((r) => r.backend === running.backend);
  if (!best || !current || best.backend === running.backend) return null;
  const ratio = best.samplesPerSec / current.samplesPerSec;
  if (ratio < clearlyFaster) return null;
  return {
    backend: best.backend,
    reason:
      `the background measurement found ${best.backend} ${ratio.toFixed(1)}× faster than ` +
      `${running.backend} (${describeMeasurements(rankedResults(record))})`,
  };
}
