/**
 * Backend measurements remembered per device, and the choice of a backend for `auto` without
 * measuring anything first.
 *
 * A measurement is how many samples per second each backend trains one model kind on this device
 * (src/ml/autoBackend.ts measures it, in a worker of its own, while the page is idle). It is only
 * valid for the device it was taken on: the same browser build (user agent), TensorFlow.js
 * version, cross-origin isolation (WASM threads) and core count, and a backend whose GPU adapter
 * or WebGL renderer is still the one measured. Anything else is stale and measured again.
 *
 * Pure data and functions: the page stores records (IndexedDB), the worker decides with them.
 */
import * as v from 'valibot';
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

/** A backend counts as clearly faster, worth switching to mid-run, from this ratio on. */
export const CLEARLY_FASTER = 1.25;

/** One string per device: two devices (or browser versions) never share measurements. */
export function deviceKey(device: DeviceInfo): string {
  const isolation = device.crossOriginIsolated ? 'isolated' : 'not-isolated';
  return `${device.userAgent} | tfjs ${device.tfjs} | ${isolation} | ${device.cores} cores`;
}

/** The record's key: the device and the model kind at its image side. */
export function measurementKey(device: DeviceInfo, spec: Pick<ProbeSpec, 'model' | 'side'>) {
  return `${deviceKey(device)} | ${spec.model} ${spec.side}×${spec.side}`;
}

/** The measured backends, fastest first (backends that could not train are left out). */
export function rankMeasured(record: Pick<MeasurementRecord, 'results'>): {
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
 *   mature), unless its renderer is a software one (SwiftShader, llvmpipe: no GPU at all), where
 *   the plain CPU backend is as fast; then WASM (if the engine allows it for the CNN), WebGPU.
 */
export function guessOrder(model: ModelKind, webglRenderer?: string): BackendName[] {
  if (model === 'mlp') return ['wasm', 'webgl', 'cpu', 'webgpu'];
  return isSoftwareRenderer(webglRenderer)
    ? ['cpu', 'webgl', 'wasm', 'webgpu']
    : ['webgl', 'cpu', 'wasm', 'webgpu'];
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

/**
 * The backend a run should start on from a measurement, or null to fall back on the guess: the
 * fastest of a complete measurement; of a partial one only a backend clearly faster than the
 * guess (when the guess was measured), since an unmeasured backend may be the fastest.
 */
export function pickMeasured(
  record: MeasurementRecord | undefined,
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
