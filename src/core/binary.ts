/**
 * The binary task: one yes/no question per MNIST image ("is it a 3?", one digit against the rest,
 * about 10% positives; or "is it even?", about half), answered by one output unit or by two.
 * Pure helpers every layer reads: how many units a configuration's model ends in, how many
 * classes its labels come from, and a digit's binary label.
 */
import type { BinaryTarget, RunConfig } from './config';
import type { DatasetRef } from './datasetCatalog';
import { DEFAULT_DATASET, classCountOf } from './datasetCatalog';

/** A configuration's data; one that names none trains on the default dataset (MNIST). */
type WithData = { dataset?: DatasetRef };

/**
 * The output units of a configuration's model: 1 or 2 for the binary task, else one per class of
 * its dataset (10 for MNIST's digits).
 */
export function outputUnits(config: Pick<RunConfig, 'task' | 'outputs'> & WithData): number {
  return config.task === 'binary'
    ? config.outputs
    : classCountOf(config.dataset ?? DEFAULT_DATASET);
}

/**
 * How many classes the labels come from: 2 (no, yes) for the binary task, else the dataset's
 * classes (10 for MNIST's digits).
 */
export function labelClasses(config: Pick<RunConfig, 'task'> & WithData): number {
  return config.task === 'binary' ? 2 : classCountOf(config.dataset ?? DEFAULT_DATASET);
}

/** A digit's label for the binary question: 1 for yes (the digit D, or an even digit), else 0. */
export function binaryLabel(digit: number, target: BinaryTarget): 0 | 1 {
  if (target === 'even') return digit % 2 === 0 ? 1 : 0;
  return digit === Number(target) ? 1 : 0;
}

/** The question in words, e.g. "Is it a 3?" or "Is it even?". */
export function binaryQuestion(target: BinaryTarget): string {
  return target === 'even' ? 'Is it even?' : `Is it a ${target}?`;
}

/** The names of the two classes, no then yes, e.g. ["not 3", "3"] or ["odd", "even"]. */
export function binaryClassNames(target: BinaryTarget): readonly [string, string] {
  return target === 'even' ? ['odd', 'even'] : [`not ${target}`, target];
}

/** Digit labels (0–9) to the binary question's labels (0/1), as a new array. */
export function toBinaryLabels(digits: ArrayLike<number>, target: BinaryTarget): Uint8Array {
  return Uint8Array.from({ length: digits.length }, (_, i) => binaryLabel(digits[i] ?? 0, target));
}
