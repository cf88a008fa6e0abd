/**
 * The digits' worker: a thread of its own that downloads a built-in dataset, decompresses it and
 * checks it (size, header, CRC-32) while the training worker's thread evaluates TensorFlow.js,
 * one long task that would otherwise hold the check back. It answers with the checked images
 * (their buffers transferred) or the DatasetError's parts.
 *
 * Two ways in: index.html's first script (./early.ts) starts it beside the training worker
 * under DIGITS_EARLY_NAME, and it then fetches the default digits at once and answers on the
 * port that script hands it (the training worker holds the other end); a training worker
 * started later starts one itself (./digitsThread.ts) and asks for a dataset by message.
 */
import type { BuiltinDatasetId } from '../core';
import { BUILTIN_DATASETS, DEFAULT_DATASET_ID, fetchBuiltinDataset } from '../core';
import { builtInFile, builtInUrl } from './builtInData';
import {
  DIGITS_EARLY_NAME,
  answerOf,
  type DigitsRequest,
  type DigitsTiming,
} from './digitsProtocol';

/** The download's Resource Timing entry and the moment of the check, on this worker's clock. */
function timingOf(url: string): DigitsTiming | undefined {
  const clock = globalThis.performance;
  const entry = clock?.getEntriesByName?.(url)[0] as PerformanceResourceTiming | undefined;
  if (!clock || !entry) return undefined;
  return {
    origin: clock.timeOrigin,
    start: entry.startTime,
    end: entry.responseEnd,
    checked: clock.now(),
    bytes: entry.transferSize,
  };
}

/** Fetches and checks `id` (from `given`, or where this build serves it) and posts the answer. */
async function check(
  id: BuiltinDatasetId,
  given: string | null,
  post: (message: unknown, transfer: Transferable[]) => void,
): Promise<void> {
  let url = given;
  const checked = Promise.resolve().then(() => {
    url ??= builtInUrl(builtInFile(id), self.location.href);
    return fetchBuiltinDataset(url, undefined, BUILTIN_DATASETS[id]);
  });
  const { answer, transfer } = await answerOf(checked);
  const timing = answer.ok && url !== null ? timingOf(url) : undefined;
  post(timing ? { ...answer, timing } : answer, transfer);
}

if (self.name === DIGITS_EARLY_NAME) {
  // Started by index.html's first script: the download starts now; the answer waits for the
  // port to the training worker, which that script sends first.
  let answer: ((port: MessagePort) => void) | null = null;
  const ready = new Promise<MessagePort>((resolve) => (answer = resolve));
  void check(DEFAULT_DATASET_ID, null, (message, transfer) => {
    void ready.then((port) => {
      port.postMessage(message, transfer);
      self.close();
    });
  });
  self.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.data instanceof MessagePort) answer?.(event.data);
  });
} else {
  self.addEventListener('message', (event: MessageEvent<DigitsRequest>) => {
    const { url, id } = event.data;
    void check(id, url, (message, transfer) => self.postMessage(message, { transfer }));
  });
}
