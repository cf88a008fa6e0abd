/**
 * Fetches and checks a built-in dataset on a thread of its own (./digits.ts), so that the check
 * runs beside TensorFlow.js' evaluation on the training worker's thread instead of after it.
 * Where a worker cannot start one (no nested workers, or its script does not load) the same
 * fetch and check run here: the outcome and its errors are the same either way.
 */
import type { BuiltinDatasetId, Dataset } from '../core';
import { BUILTIN_DATASETS, DEFAULT_DATASET_ID, fetchBuiltinDataset } from '../core';
import {
  datasetOf,
  isDigitsPort,
  type DigitsAnswer,
  type DigitsRequest,
  type DigitsTiming,
} from './digitsProtocol';
import { EARLY_WORKER_NAME } from './protocol';

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
    });
  } catch {
    return null;
  }
}

/**
 * The answer of the digits' worker index.html's first script started beside this one, when this
 * is that script's training worker: the port arrives as the first message (before comlink's,
 * which never see it), and the answer on it. Null when there is no such worker or it failed.
 */
function listenForEarlyDigits(): Promise<DigitsAnswer | null> | null {
  if (typeof self === 'undefined' || typeof self.addEventListener !== 'function') return null;
  if (self.name !== EARLY_WORKER_NAME) return null;
  return new Promise((resolve) => {
    self.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!isDigitsPort(event.data)) return;
      event.stopImmediatePropagation();
      const { port } = event.data;
      if (!port) {
        resolve(null); // a later null (that worker's script failed) after an answer changes nothing
        return;
      }
      port.onmessage = (answer: MessageEvent<DigitsAnswer>) => {
        resolve(answer.data);
        port.close();
      };
      port.onmessageerror = () => resolve(null);
    });
  });
}

let earlyDigits = listenForEarlyDigits();

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
  // The default digits, already on their way in the early digits' worker (used once: a retry
  // after a failure fetches them again).
  const early = id === DEFAULT_DATASET_ID ? earlyDigits : null;
  if (early) {
    earlyDigits = null;
    return early.then((answer) => {
      if (!answer) return fetchCheckedDigits(url, id, start);
      if (answer.ok) markTiming(answer.timing);
      return datasetOf(answer);
    });
  }
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
