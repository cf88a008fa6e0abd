/**
 * The digits' worker: a thread of its own, started by the training worker (./digitsThread.ts),
 * that downloads a built-in dataset, decompresses it and checks it (size, header, CRC-32) while
 * the training worker's thread evaluates TensorFlow.js, one long task that would otherwise hold
 * the check back. It answers one request with the checked images (their buffers transferred)
 * or the DatasetError's parts, then has nothing more to do (the training worker ends it).
 */
import { BUILTIN_DATASETS, fetchBuiltinDataset } from '../core';
import { answerOf, type DigitsRequest, type DigitsTiming } from './digitsProtocol';

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

self.addEventListener('message', (event: MessageEvent<DigitsRequest>) => {
  const { url, id } = event.data;
  void answerOf(fetchBuiltinDataset(url, undefined, BUILTIN_DATASETS[id])).then(
    ({ answer, transfer }) => {
      const timing = answer.ok ? timingOf(url) : undefined;
      self.postMessage(timing ? { ...answer, timing } : answer, { transfer });
    },
  );
});
