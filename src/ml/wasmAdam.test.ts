/**
 * The SIMD Adam update on a heap of either kind tfjs' WASM builds make: the plain one (Node, the
 * SIMD build) and the shared one of the threaded build (a cross-origin isolated page), which the
 * fusedAdam tests in Node cannot reach.
 */
import { describe, expect, it } from 'vitest';
import { simdAdamFor } from './wasmAdam';

const f = Math.fround;

/** Adam's update element by element in float32, in tfjs' order (fusedAdam.ts' JavaScript pass). */
function reference(
  value: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  s: {
    beta1: number;
    beta2: number;
    epsilon: number;
    learningRate: number;
    om1: number;
    om2: number;
  },
) {
  const out = {
    value: new Float32Array(value.length),
    m: new Float32Array(value.length),
    v: new Float32Array(value.length),
  };
  for (let i = 0; i < value.length; i++) {
    const gi = g[i] as number;
    const m1 = f(f((m[i] as number) * f(s.beta1)) + f(gi * f(1 - s.beta1)));
    const v1 = f(f((v[i] as number) * f(s.beta2)) + f(f(gi * gi) * f(1 - s.beta2)));
    const step = f(
      f(f(m1 / f(s.om1)) / f(f(Math.sqrt(f(v1 / f(s.om2)))) + f(s.epsilon))) * f(-s.learningRate),
    );
    out.value[i] = f(step + (value[i] as number));
    out.m[i] = m1;
    out.v[i] = v1;
  }
  return out;
}

describe.each([
  ['plain', () => new WebAssembly.Memory({ initial: 4 })],
  ['shared', () => new WebAssembly.Memory({ initial: 4, maximum: 65536, shared: true })],
] as const)('the SIMD Adam update on a %s heap', (_, makeMemory) => {
  it('computes the float32 reference bit for bit, lanes and tail, at odd offsets', () => {
    const memory = makeMemory();
    const adam = simdAdamFor(memory);
    expect(adam).not.toBeNull();
    const length = 4 * 37 + 3;
    // Seven arrays one after another, starting 8 bytes in: tfjs' heap blocks are 8-aligned only.
    const base = 8;
    const at = (k: number) => base + k * length * 4 + k * 8;
    const view = (k: number) => new Float32Array(memory.buffer, at(k), length);
    const fill = (k: number, fn: (i: number) => number) =>
      view(k).set(Array.from({ length }, (_, i) => fn(i)));
    fill(0, (i) => Math.cos(i) * 3);
    fill(1, (i) => Math.sin(i * 7) * 10 ** ((i % 60) - 40)); // subnormals to 1e19
    fill(2, (i) => (i % 5) * 1e-3 - 2e-3);
    fill(3, (i) => (i % 3) * 1e-6);
    const scalars = {
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      learningRate: 0.01,
      om1: 0.271,
      om2: 0.002997,
    };
    const expected = reference(view(0), view(1), view(2), view(3), scalars);
    adam?.(
      {
        value: at(0),
        gradient: at(1),
        m: at(2),
        v: at(3),
        outValue: at(4),
        outM: at(5),
        outV: at(6),
        length,
      },
      { ...scalars, oneMinusAccBeta1: f(scalars.om1), oneMinusAccBeta2: f(scalars.om2) },
    );
    expect(view(4)).toEqual(expected.value);
    expect(view(5)).toEqual(expected.m);
    expect(view(6)).toEqual(expected.v);
    // The inputs are left as they were, and nothing after the last output was written.
    expect(view(0)[5]).toBe(f(Math.cos(5) * 3));
    expect(new Float32Array(memory.buffer, at(7), 4)).toEqual(new Float32Array(4));
  });

  it('compiles once per heap', () => {
    const memory = makeMemory();
    expect(simdAdamFor(memory)).toBe(simdAdamFor(memory));
  });
});
