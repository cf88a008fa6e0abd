/**
 * Where a training step's time goes, on the current backend: the engine's own step (step.ts) on
 * real digits, timed phase by phase, plus tfjs' per-kernel profile of one step. Used by the
 * benchmark (bench/profileWorker.ts, written to bench/out/summary.json) and the README's table.
 *
 * Phases are wall-clock times. On WASM and CPU every kernel runs when it is called, so they are
 * the real cost; on WebGL/WebGPU they are the dispatch only and the `read` phase absorbs the
 * device's work.
 */
import * as tf from './tfjs';
import type { ModelKind } from '../core';
import { DEFAULT_CONFIG, NUM_CLASSES } from '../core';
import type { DigitSet } from './data';
import { disposeSplit, shuffledCopy, sliceRows, toTensors } from './data';
import { buildModel } from './models';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { lossSpecOf, resolveRunMetric } from './run';
import type { StepKind, StepPhase } from './step';
import { STEP_PHASES, stepContext, trainStep } from './step';
import { epochOrder } from './trainer';
import { useWasmTrainingKernels } from './wasmKernels';
import { useWebGPUTrainingKernels } from './webgpuKernels';

/** The phases of a profiled step: slicing the batch, the step's own phases, reading the loss. */
export const PROFILE_PHASES = ['batch', ...STEP_PHASES, 'read'] as const;
export type ProfilePhase = (typeof PROFILE_PHASES)[number];

export interface KernelTime {
  name: string;
  calls: number;
  /** Total milliseconds of this kernel's calls in one step. */
  ms: number;
}

export interface StepProfile {
  backend: string;
  model: ModelKind;
  batchSize: number;
  /** Which step ran: the dense stack's written-out backward or the generic taped one. */
  step: StepKind;
  /** Steps timed (after the warm-up). */
  steps: number;
  /** Median wall time of a whole step, read-back included, in milliseconds. */
  msPerStep: number;
  samplesPerSec: number;
  /** Median milliseconds per phase. */
  phases: Record<ProfilePhase, number>;
  kernels: {
    /** Kernels one step runs. */
    count: number;
    /** Their summed time in one profiled step, in milliseconds. */
    kernelMs: number;
    /** `msPerStep − kernelMs`: op wrappers, the tape, scopes and bookkeeping in JavaScript. */
    outsideKernelsMs: number;
    /** Kernels by total time, largest first. */
    top: KernelTime[];
  };
}

export interface ProfileOptions {
  model: ModelKind;
  units: number;
  batchSize: number;
  /** Digits to train on (at least one batch; the first `steps × batchSize` are used, cycling). */
  digits: DigitSet;
  steps?: number;
  warmup?: number;
  /** Kernels listed in `kernels.top`. */
  topKernels?: number;
  /** Steps profiled kernel by kernel (each kernel's median over them is reported). */
  kernelSteps?: number;
  /**
   * The clock for the phases, in milliseconds; default `performance.now`. On a shared machine a
   * process CPU clock (Node's `process.cpuUsage`) keeps other jobs out of the numbers.
   */
  clock?: () => number;
  /** Profile the generic taped step even where the dense one applies (to compare the two). */
  tapeOnly?: boolean;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Profiles the engine's training step for the default configuration (softmax, categorical
 * cross-entropy, one-hot labels, accuracy, Adam) on the current backend. Frees every tensor it
 * makes.
 */
export async function profileSteps(options: ProfileOptions): Promise<StepProfile> {
  const { model: kind, units, batchSize, digits } = options;
  const steps = options.steps ?? 40;
  const warmup = options.warmup ?? 3;
  const clock = options.clock ?? (() => performance.now());
  useWasmTrainingKernels();
  useWebGPUTrainingKernels();
  const config = { ...DEFAULT_CONFIG, model: kind, units, batchSize };
  const split = toTensors(digits, config.labels, NUM_CLASSES);
  const shuffled = shuffledCopy(split, epochOrder(split.count, config.seed, 1));
  const model = buildModel({
    kind,
    units,
    outputs: NUM_CLASSES,
    seed: config.seed,
    rows: digits.rows,
    cols: digits.cols,
  });
  const optimizer = createOptimizer(config);
  const context = stepContext(model, optimizer, lossSpecOf(config), resolveRunMetric(config), {
    tapeOnly: options.tapeOnly,
  });
  const batches = Math.max(1, Math.floor(split.count / batchSize));
  const times = new Map<ProfilePhase, number[]>(PROFILE_PHASES.map((p) => [p, []]));
  const totals: number[] = [];

  const step = async (index: number, record: boolean): Promise<void> => {
    const start = (index % batches) * batchSize;
    const size = Math.min(batchSize, split.count - start);
    let last = clock();
    const first = last;
    const lap = (phase: ProfilePhase) => {
      const now = clock();
      if (record) times.get(phase)?.push(now - last);
      last = now;
    };
    const x = sliceRows(shuffled.x, start, size);
    const y = sliceRows(shuffled.y, start, size);
    lap('batch');
    try {
      const { loss, metricSum } = trainStep(context, x, y, (phase: StepPhase) => lap(phase));
      await loss.data();
      tf.dispose([loss, metricSum]);
      lap('read');
    } finally {
      tf.dispose([x, y]);
    }
    if (record) totals.push(last - first);
  };

  try {
    for (let i = 0; i < warmup; i++) await step(i, false);
    for (let i = 0; i < steps; i++) await step(warmup + i, true);
    // Per kernel name, its total time in each profiled step; the median over the steps.
    const perStep = new Map<string, { calls: number; ms: number[] }>();
    const kernelSteps = options.kernelSteps ?? 5;
    let count = 0;
    for (let i = 0; i < kernelSteps; i++) {
      const profile = await tf.profile(() => step(warmup + steps + i, false));
      // Ops with a custom gradient appear as `name__op` around kernels that are listed too.
      const kernels = profile.kernels.filter((kernel) => !kernel.name.endsWith('__op'));
      count = kernels.length;
      const sums = new Map<string, { calls: number; ms: number }>();
      for (const kernel of kernels) {
        const entry = sums.get(kernel.name) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += Number(kernel.kernelTimeMs) || 0;
        sums.set(kernel.name, entry);
      }
      for (const [name, { calls, ms }] of sums) {
        const entry = perStep.get(name) ?? { calls, ms: [] };
        entry.ms.push(ms);
        perStep.set(name, entry);
      }
    }
    const kernelTimes: KernelTime[] = [...perStep].map(([name, { calls, ms }]) => ({
      name,
      calls,
      ms: median(ms),
    }));
    const kernelMs = kernelTimes.reduce((sum, k) => sum + k.ms, 0);
    const msPerStep = median(totals);
    const phases = Object.fromEntries(
      PROFILE_PHASES.map((p) => [p, median(times.get(p) ?? [])]),
    ) as Record<ProfilePhase, number>;
    return {
      backend: tf.getBackend(),
      model: kind,
      batchSize,
      step: context.kind,
      steps,
      msPerStep,
      samplesPerSec: (batchSize * 1000) / msPerStep,
      phases,
      kernels: {
        count,
        kernelMs,
        outsideKernelsMs: msPerStep - kernelMs,
        top: kernelTimes.sort((a, b) => b.ms - a.ms).slice(0, options.topKernels ?? 12),
      },
    };
  } finally {
    disposeOptimizer(optimizer);
    model.dispose();
    tf.dispose([shuffled.x, shuffled.y]);
    disposeSplit(split);
  }
}
