/**
 * Fetches and checks a built-in dataset on a thread of its own (./digits.ts), so that the check
 * runs beside TensorFlow.js' evaluation on the training worker's thread instead of after it.
 * Where a worker cannot start one (no nested workers, or its script does not load) the same
 * fetch and check run here: the outcome and its errors are the same either way.
 */
import type { BuiltinDatasetId, Dataset } from '../core';
import { BUILTIN_DATASETS, fetchBuiltinDataset } from '../core';
import {
  datasetOf,
  type DigitsAnswer,
  type DigitsRequest,
  type DigitsTiming,
} from './digitsProtocol';

/** The part of a Worker this module uses (a fake one in tests). */
export interface DigitsWorker {
  postMessage(message: DigitsRequest): void;
  addEventListener(type: 'message', listener: (event: { data: DigitsAnswer }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: () => void): void;
  terminate(): void;
}

/**
 * The digits' worker's download and check, marked on this worker's clock: the measure
 * `losslab:digits-download` (its detail: the bytes) and the mark `losslab:digits-ready`.
 */
function markTiming(timing: DigitsTiming | undefined): void {
  const clock = globalThis.performance;
  if (!timing || typeof clock?.measure !== 'function') return;
  const shift = timing.origin - clock.timeOrigin;
  try {
    clock.measure('losslab:digits-download', {
      start: Math.max(0, timing.start + shift),
      end: Math.max(0, timing.end + shift),
      detail: { bytes: timing.bytes },
    });
    clock.mark('losslab:digits-ready', { startTime: Math.max(0, timing.checked + shift) });
  } catch {
    // Marks are for profiles only.
  }
}

function startDigitsWorker(): DigitsWorker | null {
  if (typeof Worker !== 'function') return null;
  try {
    return new Worker(new URL('./digits.ts', import.meta.url), {
      type: 'module',
      name: 'losslab-digits',
    }) as DigitsWorker;
  } catch {
    return null;
  }
}

/**
 * The dataset `id`, downloaded from `url` and checked (fetchBuiltinDataset's errors, unchanged),
 * on a worker `start` gives (default: ./digits.ts), or on this thread without one.
 */
export function fetchCheckedDigits(
  url: string,
  id: BuiltinDatasetId,
  start: () => DigitsWorker | null = startDigitsWorker,
): Promise<Dataset> {
  const here = () => fetchBuiltinDataset(url, undefined, BUILTIN_DATASETS[id]);
  const worker = start();
  if (!worker) return here();
  return new Promise<Dataset>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => Promise<Dataset> | Dataset) => {
      if (settled) return;
      settled = true;
      worker.terminate();
      Promise.resolve().then(outcome).then(resolve, reject);
    };
    worker.addEventListener('message', (event) =>
      settle(() => {
        if (event.data.ok) markTiming(event.data.timing);
        return datasetOf(event.data);
      }),
    );
    // Its script did not load or the answer could not be read: check the digits here instead.
    worker.addEventListener('error', () => settle(here));
    worker.addEventListener('messageerror', () => settle(here));
    worker.postMessage({ url, id });
  });
}
