import { describe, expect, it } from 'vitest';
import type { DeviceInfo, MeasurementRecord } from './measurement';
import {
  MEASUREMENT_VERSION,
  isComplete,
  measurementKey,
  mergeResults,
  parseMeasurementRecord,
  probeSpecOf,
  sortRecords,
} from './measurement';
import { describeMeasurements, guessOrder, pickMeasured, rankMeasured } from './backend';
import { DEFAULT_CONFIG } from './config';

const device: DeviceInfo = {
  userAgent: 'Mozilla/5.0 Chrome/156.0.0.0',
  tfjs: '4.22.0',
  crossOriginIsolated: true,
  cores: 8,
};
const spec = probeSpecOf(DEFAULT_CONFIG);

function record(overrides: Partial<MeasurementRecord> = {}): MeasurementRecord {
  return {
    version: MEASUREMENT_VERSION,
    key: measurementKey(device, spec),
    device,
    spec,
    measuredAt: 1_790_000_000_000,
    results: [
      { backend: 'wasm', samplesPerSec: 3181 },
      { backend: 'webgl', samplesPerSec: 964 },
      { backend: 'cpu', samplesPerSec: 1085 },
      { backend: 'webgpu', samplesPerSec: null, reason: 'no adapter' },
    ],
    complete: true,
    ...overrides,
  };
}

describe('backend measurements', () => {
  it('keys a measurement by device and model kind at its image side', () => {
    expect(measurementKey(device, spec)).toBe(
      'Mozilla/5.0 Chrome/156.0.0.0 | tfjs 4.22.0 | isolated | 8 cores | mlp 28×28',
    );
    expect(probeSpecOf({ ...DEFAULT_CONFIG, task: 'multilabel', model: 'cnn' })).toMatchObject({
      model: 'cnn',
      side: 56,
    });
  });

  it('ranks and describes the measured backends', () => {
    expect(rankMeasured(record()).map((r) => r.backend)).toEqual(['wasm', 'cpu', 'webgl']);
    expect(describeMeasurements(record().results)).toBe(
      'wasm 3,181/s, webgl 964/s, cpu 1,085/s, webgpu –',
    );
  });

  it('guesses WASM first for the MLP and WebGL then WASM for the CNN unless WebGL is software', () => {
    expect(guessOrder('mlp')[0]).toBe('wasm');
    expect(guessOrder('cnn', 'ANGLE (NVIDIA, GeForce RTX 3060 Direct3D11)')).toEqual([
      'webgl',
      'wasm',
      'cpu',
      'webgpu',
    ]);
    expect(guessOrder('cnn', 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))')).toEqual([
      'wasm',
      'cpu',
      'webgl',
      'webgpu',
    ]);
    expect(guessOrder('cnn', 'llvmpipe (LLVM 15.0.6, 256 bits)')[0]).toBe('wasm');
  });

  it('picks the fastest of a complete measurement, of a partial one only a clear winner', () => {
    expect(pickMeasured(record(), 'wasm')).toBe('wasm');
    expect(pickMeasured(undefined, 'wasm')).toBeNull();
    const partial = (cpu: number) =>
      record({
        complete: false,
        results: [
          { backend: 'wasm', samplesPerSec: 1000 },
          { backend: 'cpu', samplesPerSec: cpu },
        ],
      });
    expect(pickMeasured(partial(1200), 'wasm')).toBeNull(); // not clearly faster: keep guessing
    expect(pickMeasured(partial(1300), 'wasm')).toBe('cpu');
    expect(pickMeasured(record({ complete: false, results: [] }), 'wasm')).toBeNull();
  });

  it('finds what is stale: another tfjs or browser version, isolation, cores, format', () => {
    const cases: [Partial<DeviceInfo> | null, Partial<MeasurementRecord>, RegExp][] = [
      [{ tfjs: '4.21.0' }, {}, /TensorFlow\.js 4\.21\.0, now 4\.22\.0/],
      [{ userAgent: 'Mozilla/5.0 Chrome/155.0.0.0' }, {}, /another browser version/],
      [{ crossOriginIsolated: false }, {}, /without cross-origin isolation/],
      [{ cores: 4 }, {}, /another number of cores/],
      [null, { version: 2 as 1 }, /another version of LossLab/],
      [null, { key: 'elsewhere' }, /another key/],
    ];
    for (const [changed, fields, why] of cases) {
      const stored = record({ ...fields, device: { ...device, ...changed } });
      const sorted = sortRecords([stored, record()], device);
      expect(sorted.usable).toEqual([record()]);
      expect(sorted.stale).toHaveLength(1);
      expect(sorted.stale[0]?.why).toMatch(why);
    }
  });

  it('merges results backend by backend and knows when every backend has one', () => {
    const merged = mergeResults(
      [
        { backend: 'wasm', samplesPerSec: 1 },
        { backend: 'cpu', samplesPerSec: 2 },
      ],
      [
        { backend: 'cpu', samplesPerSec: 3 },
        { backend: 'webgl', samplesPerSec: null, reason: 'no WebGL2' },
      ],
    );
    expect(merged.map((r) => [r.backend, r.samplesPerSec])).toEqual([
      ['wasm', 1],
      ['cpu', 3],
      ['webgl', null],
    ]);
    expect(isComplete(merged)).toBe(false);
    expect(isComplete([...merged, { backend: 'webgpu', samplesPerSec: 4 }])).toBe(true);
  });

  it('validates stored records', () => {
    expect(parseMeasurementRecord(record())).toEqual({ ok: true, value: record() });
    for (const bad of [
      null,
      { ...record(), version: 7 },
      { ...record(), results: [{ backend: 'tpu', samplesPerSec: 1 }] },
      { ...record(), results: [{ backend: 'cpu', samplesPerSec: -1 }] },
      { ...record(), spec: { ...spec, model: 'rnn' } },
    ]) {
      expect(parseMeasurementRecord(bad).ok).toBe(false);
    }
  });
});
