/** The bare `model.fit` baseline (bench/baselineFit.ts) with tfjs' stock kernels, in a worker. */
import { expose } from 'comlink';
import { fitBaseline } from './baselineFit';

const baseline = { run: fitBaseline };
export type BaselineApi = typeof baseline;
expose(baseline);
