import { describe, expect, it } from 'vitest';
import { defaultWasmThreads } from './backends';

describe('the WASM thread count', () => {
  it('leaves one logical core to the page and the system, from 1 to 4 threads', () => {
    expect([1, 2, 3, 4, 5, 8, 16].map(defaultWasmThreads)).toEqual([1, 1, 2, 3, 4, 4, 4]);
    expect(defaultWasmThreads(0)).toBe(1);
  });
});
