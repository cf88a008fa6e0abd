/**
 * Backend measurements remembered per device: what makes one valid, its key, its stored form.
 * The choice made from them is in ./backend.ts.
 *
 * A measurement is how many samples per second each backend trains one model kind on this device
 * (src/ml/measureBackends.ts measures it, in a worker of its own, while the page is idle). It is only
 * valid for the device it was taken on: the same browser build (user agent), TensorFlow.js
 * version, cross-origin isolation (WASM threads) and core count, and a backend whose GPU adapter
 * or WebGL renderer is still the one measured. Anything else is stale and measured again.
 *
 * Pure data and functions: the page stores records (IndexedDB), the worker decides with them.
 */
import * as v from 'valibot';
import type { BackendMeasurement } from './backend';
import { BACKEND_ORDER } from './backend';
import type { BackendName, ModelKind, RunConfig } from './config';
import { BACKENDS, MODELS } from './config';
import { inputShapeOf } from './inputShape';

/** What makes a measurement valid on a device. */
export interface DeviceInfo {
  /** `navigator.userAgent`: the browser and its version. */
  userAgent: string;
  /** TensorFlow.js version. */
  tfjs: string;
  /** Whether the page is cross-origin isolated (WASM may use threads). */
  crossOriginIsolated: boolean;
  /** `navigator.hardwareConcurrency`. */
  cores: number;
}

/** What one measurement run trains: the model kind and image side decide the ranking. */
export interface ProbeSpec {
  model: ModelKind;
  units: number;
  batchSize: number;
  /** Image side; 28 for digits, 56 for multi-label canvases. */
  side: number;
}

export const MEASUREMENT_VERSION = 1;

/** A stored measurement for one device and one model kind. */
export interface MeasurementRecord {
  version: typeof MEASUREMENT_VERSION;
  /** `measurementKey(device, spec)`: one record per device and model kind. */
  key: string;
  device: DeviceInfo;
  spec: ProbeSpec;
  /** When the last backend was measured, in ms since the epoch. */
  measuredAt: number;
  results: BackendMeasurement[];
  /** Every candidate backend has a result (a measurement cut short by a command has not). */
  complete: boolean;
}

/** One string per device: two devices (or browser versions) never share measurements. */
export function deviceKey(device: DeviceInfo): string {
  const isolation = device.crossOriginIsolated ? 'isolated' : 'not-isolated';
  return `${device.userAgent} | tfjs ${device.tfjs} | ${isolation} | ${device.cores} cores`;
}

/** The record's key: the device and the model kind at its image side. */
export function measurementKey(device: DeviceInfo, spec: Pick<ProbeSpec, 'model' | 'side'>) {
  return `${deviceKey(device)} | ${spec.model} ${spec.side}×${spec.side}`;
}

/**
 * Which stored records still hold on this device: the same device key, the current format, and
 * a spec whose key matches. Returns the usable records and, for the others, why they are stale.
 */
export function sortRecords(
  records: readonly MeasurementRecord[],
  device: DeviceInfo,
): { usable: MeasurementRecord[]; stale: { key: string; why: string }[] } {
  const usable: MeasurementRecord[] = [];
  const stale: { key: string; why: string }[] = [];
  for (const record of records) {
    const why = staleReason(record, device);
    if (why) stale.push({ key: record.key, why });
    else usable.push(record);
  }
  return { usable, stale };
}

function staleReason(record: MeasurementRecord, device: DeviceInfo): string | null {
  if (record.version !== MEASUREMENT_VERSION) return 'stored by another version of LossLab';
  if (record.device.tfjs !== device.tfjs) {
    return `measured with TensorFlow.js ${record.device.tfjs}, now ${device.tfjs}`;
  }
  if (record.device.userAgent !== device.userAgent) return 'measured in another browser version';
  if (record.device.crossOriginIsolated !== device.crossOriginIsolated) {
    return device.crossOriginIsolated
      ? 'measured without cross-origin isolation (WASM had no threads)'
      : 'measured with cross-origin isolation (WASM had threads)';
  }
  if (record.device.cores !== device.cores) return 'measured with another number of cores';
  if (record.key !== measurementKey(device, record.spec)) return 'stored under another key';
  return null;
}

/** Merges a newer partial result into a record (same key): the newer result of a backend wins. */
export function mergeResults(
  older: readonly BackendMeasurement[],
  newer: readonly BackendMeasurement[],
): BackendMeasurement[] {
  const merged = new Map(older.map((r) => [r.backend, r]));
  for (const r of newer) merged.set(r.backend, r);
  return [...merged.values()];
}

/** Whether every backend LossLab knows has a result (measured, or why it could not train). */
export function isComplete(results: readonly BackendMeasurement[]): boolean {
  return BACKEND_ORDER.every((backend) => results.some((r) => r.backend === backend));
}

/** What a run of `config` trains, for measuring and for looking measurements up. */
export function probeSpecOf(
  config: Pick<RunConfig, 'model' | 'units' | 'batchSize' | 'task' | 'dataset'>,
): ProbeSpec {
  return {
    model: config.model,
    units: config.units,
    batchSize: config.batchSize,
    // Square images: the side of the model's input (inputShapeOf).
    side: inputShapeOf(config).rows,
  };
}

const count = v.pipe(v.number(), v.integer(), v.minValue(1));
const recordSchema = v.object({
  version: v.literal(MEASUREMENT_VERSION),
  key: v.string(),
  device: v.object({
    userAgent: v.string(),
    tfjs: v.string(),
    crossOriginIsolated: v.boolean(),
    cores: count,
  }),
  spec: v.object({ model: v.picklist(MODELS), units: count, batchSize: count, side: count }),
  measuredAt: v.pipe(v.number(), v.finite()),
  results: v.array(
    v.object({
      backend: v.picklist(BACKENDS.filter((b): b is BackendName => b !== 'auto')),
      samplesPerSec: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0))),
      reason: v.optional(v.string()),
      detail: v.optional(v.string()),
    }),
  ),
  complete: v.boolean(),
});

/** Validates a stored record (IndexedDB holds whatever an older or newer version wrote). */
export function parseMeasurementRecord(
  raw: unknown,
): { ok: true; value: MeasurementRecord } | { ok: false; reason: string } {
  const parsed = v.safeParse(recordSchema, raw);
  if (parsed.success) return { ok: true, value: parsed.output };
  return { ok: false, reason: parsed.issues.map((issue) => issue.message).join('; ') };
}
