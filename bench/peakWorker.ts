/** Runs the WASM SIMD peak kernel (bench/simdPeak.ts); the page starts one per thread measured. */
import { expose } from 'comlink';
import { hasVariant, measurePeak } from './simdPeak';

const peak = { measure: measurePeak, has: hasVariant };
export type PeakApi = typeof peak;
expose(peak);
