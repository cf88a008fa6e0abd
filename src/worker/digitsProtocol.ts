/**
 * What the training worker (./digitsThread.ts) and the digits' worker (./digits.ts) say to each
 * other: a dataset to fetch, and the checked dataset or the error, rebuilt on the other side as
 * the same DatasetError (same kind, file and sentence) as a check on this thread would throw.
 */
import type { BuiltinDatasetId, Dataset, DatasetErrorKind } from '../core';
import { DatasetError, messageOf } from '../core';

/** The name index.html's first script (./early.ts, which spells it out) gives the digits' worker. */
export const DIGITS_EARLY_NAME = 'losslab-digits-early';

/**
 * What that script sends the training worker it started, first: the port on which the digits'
 * worker will answer, or null when it could not start one (and again null if that worker's
 * script then fails to load): the training worker checks the digits itself then.
 */
export interface DigitsPortMessage {
  losslab: 'digits-port';
  port: MessagePort | null;
}

export function isDigitsPort(data: unknown): data is DigitsPortMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { losslab?: unknown }).losslab === 'digits-port'
  );
}

export interface DigitsRequest {
  /** The file's absolute URL. */
  url: string;
  id: BuiltinDatasetId;
}

/**
 * When the digits' worker fetched and checked the file, on its clock (ms from `origin`, its
 * `performance.timeOrigin`), and the bytes the download took (0: from a cache): the training
 * worker marks them on its own clock, where profiles and the benchmark look (a nested worker's
 * own entries are out of their reach).
 */
export interface DigitsTiming {
  origin: number;
  start: number;
  end: number;
  checked: number;
  bytes: number;
}

export type DigitsAnswer =
  | { ok: true; dataset: Dataset; timing?: DigitsTiming }
  | { ok: false; kind: DatasetErrorKind | null; fileName: string; message: string };

/** The answer to post for a fetch-and-check, and the buffers to transfer with it. */
export async function answerOf(
  checked: Promise<Dataset>,
): Promise<{ answer: DigitsAnswer; transfer: ArrayBuffer[] }> {
  try {
    const dataset = await checked;
    const buffers = new Set<ArrayBuffer>();
    for (const part of [dataset.images, dataset.labels]) {
      if (part.buffer instanceof ArrayBuffer) buffers.add(part.buffer);
    }
    return { answer: { ok: true, dataset }, transfer: [...buffers] };
  } catch (error) {
    if (error instanceof DatasetError) {
      // DatasetError's message is "<file>: <detail>".
      const detail = error.message.slice(error.fileName.length + 2);
      return {
        answer: { ok: false, kind: error.kind, fileName: error.fileName, message: detail },
        transfer: [],
      };
    }
    return {
      answer: { ok: false, kind: null, fileName: '', message: messageOf(error) },
      transfer: [],
    };
  }
}

/** The dataset an answer carries, or the error it reports, thrown as it was thrown there. */
export function datasetOf(answer: DigitsAnswer): Dataset {
  if (answer.ok) return answer.dataset;
  if (answer.kind === null) throw new Error(answer.message);
  throw new DatasetError(answer.kind, answer.fileName, answer.message);
}
