/**
 * Label encodings and conversions between them (LossLab's `int`, `onehot`, `multihot`).
 * Pure array helpers; the shapes they produce are the shapes Keras sees: `int` is (B,),
 * `onehot` and `multihot` are (B, K), `column` is (B, 1).
 */
import type { LabelEncoding } from '../config';
import { NUM_CLASSES } from '../config';

function checkClassId(id: number, numClasses: number): void {
  if (!Number.isInteger(id) || id < 0 || id >= numClasses) {
    throw new RangeError(`class id ${id} is not an integer in [0, ${numClasses})`);
  }
}

/** Integer class ids (B,) to one-hot rows (B, K). Throws on an id outside [0, K). */
export function toOneHot(ids: readonly number[], numClasses: number = NUM_CLASSES): number[][] {
  return ids.map((id) => {
    checkClassId(id, numClasses);
    const row = new Array<number>(numClasses).fill(0);
    row[id] = 1;
    return row;
  });
}

/** Sets of class ids (one set per sample) to multi-hot rows (B, K). */
export function toMultiHot(
  sets: readonly (readonly number[])[],
  numClasses: number = NUM_CLASSES,
): number[][] {
  return sets.map((set) => {
    const row = new Array<number>(numClasses).fill(0);
    for (const id of set) {
      checkClassId(id, numClasses);
      row[id] = 1;
    }
    return row;
  });
}

/** Class ids, one per sample (B,), or sets of class ids, one set per sample. */
export type LabelSource = readonly number[] | readonly (readonly number[])[];

function asSets(source: LabelSource): number[][] {
  return source.map((s) => (Array.isArray(s) ? [...(s as readonly number[])] : [s as number]));
}

function singleIds(source: LabelSource, encoding: LabelEncoding): number[] {
  return asSets(source).map((set, i) => {
    if (set.length !== 1 || set[0] === undefined) {
      throw new RangeError(
        `${encoding} labels hold exactly one class per sample; sample ${i} has ${set.length}`,
      );
    }
    return set[0];
  });
}

/**
 * Encodes class ids (B,) or class-id sets as the chosen encoding: `int` gives ids (B,), `onehot`
 * gives (B, K) rows with a single 1, `multihot` gives (B, K) rows with a 1 per class in the set,
 * `column` gives the ids as (B, 1). `int`, `onehot` and `column` throw when a sample has several classes (they cannot represent it).
 */
export function encodeLabels(source: LabelSource, encoding: 'int', numClasses?: number): number[];
export function encodeLabels(
  source: LabelSource,
  encoding: 'onehot' | 'multihot' | 'column',
  numClasses?: number,
): number[][];
export function encodeLabels(
  source: LabelSource,
  encoding: LabelEncoding,
  numClasses?: number,
): number[] | number[][];
export function encodeLabels(
  source: LabelSource,
  encoding: LabelEncoding,
  numClasses: number = NUM_CLASSES,
): number[] | number[][] {
  switch (encoding) {
    case 'int': {
      const ids = singleIds(source, encoding);
      ids.forEach((id) => checkClassId(id, numClasses));
      return ids;
    }
    case 'onehot':
      return toOneHot(singleIds(source, encoding), numClasses);
    case 'multihot':
      return toMultiHot(asSets(source), numClasses);
    case 'column': {
      const ids = singleIds(source, encoding);
      ids.forEach((id) => checkClassId(id, numClasses));
      return ids.map((id) => [id]);
    }
  }
}
