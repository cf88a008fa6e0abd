import { describe, expect, it } from 'vitest';
import { encodeIdx, type Dataset } from '../core';
import { createDataRegistry } from './datasets';

const tiny = (count: number): Dataset => ({
  count,
  rows: 28,
  cols: 28,
  images: new Uint8Array(count * 784),
  labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
});

const idxPair = (count: number) => {
  const set = tiny(count);
  const buffer = (bytes: Uint8Array) => bytes.slice().buffer;
  return [
    { name: 'imgs', bytes: buffer(encodeIdx({ kind: 'images', count, data: set.images })) },
    { name: 'lbls', bytes: buffer(encodeIdx({ kind: 'labels', data: set.labels })) },
  ];
};

describe('the worker data registry', () => {
  it('fetches a built-in dataset once, and again after a failure', async () => {
    let fetches = 0;
    let fail = true;
    const data = createDataRegistry(() => {
      fetches++;
      return fail ? Promise.reject(new Error('HTTP 404')) : Promise.resolve(tiny(20));
    });
    await expect(data.resolve({ id: 'mnist' })).rejects.toThrow('HTTP 404');
    fail = false;
    const summary = await data.builtin('mnist');
    expect(summary).toMatchObject({ ref: { id: 'mnist' }, file: 'mnist-10k.bin', count: 20 });
    expect(summary.classCounts).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    await data.resolve({ id: 'mnist' });
    expect(fetches).toBe(2);
  });

  it('gives own files only to a reference with their hash and counts', async () => {
    const data = createDataRegistry(() => Promise.resolve(tiny(10)));
    const { ref } = await data.loadOwn(idxPair(30));
    if (ref.id !== 'own') throw new Error('expected own data');
    expect((await data.resolve(ref)).count).toBe(30);
    await expect(data.resolve({ ...ref, trainCount: 31 })).rejects.toThrow(/not loaded/);
    // Loading other files replaces the ones held: a link to the first set now needs them again.
    await data.loadOwn(idxPair(40));
    await expect(data.resolve(ref)).rejects.toThrow(/own IDX files: imgs with its labels file, 30/);
  });
});
