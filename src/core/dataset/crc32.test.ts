import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('crc32', () => {
  it('gives the standard CRC-32 check values', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(ascii('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(Uint8Array.of(0))).toBe(0xd202ef8d);
  });

  it('continues over data that arrives in pieces', () => {
    const whole = ascii('LossLab trains real classifiers on MNIST');
    for (const cut of [0, 1, 7, whole.length]) {
      expect(crc32(whole.subarray(cut), crc32(whole.subarray(0, cut)))).toBe(crc32(whole));
    }
  });

  it('changes when any single bit flips', () => {
    const data = ascii('0123456789abcdef');
    const reference = crc32(data);
    for (let i = 0; i < data.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const copy = data.slice();
        copy[i] = (copy[i] ?? 0) ^ (1 << bit);
        expect(crc32(copy)).not.toBe(reference);
      }
    }
  });
});
