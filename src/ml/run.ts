/**
 * One training run from digits to `RunResult`: uploads the splits, builds the seeded model and the
 * optimizer, runs the epoch loop, evaluates the test split and frees every tensor it made, on
 * success, stop, divergence or error alike.
 */
import type * as tf from './tfjs';
import type { BackendName, DoneReason, EpochRecord, RunConfig, RunResult } from '../core';
import {
  createRng,
  inputShapeOf,
  labelClasses,
  lossKeywords,
  outputUnits,
  resolveMetric,
  toBinaryLabels,
} from '../core';
import type { RunControl } from './control';
import type { DigitSet } from './data';
import { disposeSplit, toTensors } from './data';
import { evaluateFinal } from './evaluate';
import type { LossSpec } from './losses';
import type { ResolvedMetric } from './metrics';
import { buildModel, countParams, readWeights, writeWeights } from './models';
import type { OptimizerState } from './optimizers';
import {
  createOptimizer,
  disposeOptimizer,
  readOptimizerState,
  writeOptimizerState,
} from './optimizers';
import type { Emit, LoopOutcome } from './trainer';
import { trainEpochs } from './trainer';
import { useWasmTrainingKernels } from './wasmKernels';
import { useWebGPUTrainingKernels } from './webgpuKernels';

/** Test digits whose logits and outputs are returned at the end of a run. */
export const OUTPUT_SAMPLE_COUNT = 20;

/** What a run that must move to another backend carries over. */
export interface ResumeState {
  /** Epochs already completed. */
  history: EpochRecord[];
  /** Weights at the end of the last completed epoch (`readWeights` order), or none yet. */
  weights: Float32Array[] | null;
  /** The optimizer's state at the same moment: with it the run goes on exactly as before. */
  optimizer?: OptimizerState | null;
  /** Milliseconds already spent (for `totalMs`). */
  elapsedMs: number;
}

/**
 * How a call to `runTraining` ended, as a value the caller switches on:
 * - `finished`: completed, stopped or diverged, with the result (the caller sends `done`);
 * - `hand-over`: the caller asked (`handOver`) to move the run to another backend after an epoch;
 * - `failed`: the backend failed during training (`error` is what it threw).
 * `hand-over` and `failed` carry the state to continue from with the same numbers.
 */
export type RunOutcome =
  | { kind: 'finished'; reason: DoneReason; result: RunResult }
  | { kind: 'hand-over'; resume: ResumeState }
  | { kind: 'failed'; error: unknown; resume: ResumeState };

export interface RunOptions {
  config: RunConfig;
  train: DigitSet;
  test: DigitSet;
  /** The backend tfjs is using now (recorded in the result). */
  backend: BackendName;
  emit: Emit;
  control: RunControl;
  /** Continue a run interrupted on another backend. */
  resume?: ResumeState;
  /** Snapshot the weights after each epoch so a backend failure can resume (costs one read). */
  snapshotEachEpoch?: boolean;
  /**
   * Asked after each epoch but the last: true ends the call there with a `hand-over` outcome
   * whose resume state holds that epoch's weights and optimizer state, so the caller can
   * continue on another backend with the same numbers.
   */
  handOver?: () => boolean;
  throttleMs?: number;
  now?: () => number;
  /** Called with the trained model after the final evaluation, before it is disposed. */
  onTrained?: (model: tf.Sequential) => Promise<void>;
}

/** The loss formula a configuration selects. */
export function lossSpecOf(config: RunConfig): LossSpec {
  return {
    loss: config.loss,
    activation: config.activation,
    fromLogits: config.fromLogits,
    semantics: config.semantics,
    keywords: lossKeywords(config),
  };
}

/** The metric a configuration's `metric` resolves to (Keras 3 shape rule for `accuracy`). */
export function resolveRunMetric(config: RunConfig): ResolvedMetric {
  return resolveMetric(config, outputUnits(config)).metric;
}

/** The split as the task labels it: the binary task's 0/1 answers instead of the digits. */
function taskLabelled(set: DigitSet, config: RunConfig): DigitSet {
  return config.task === 'binary'
    ? { ...set, labels: toBinaryLabels(set.labels, config.target) }
    : set;
}

/** Fixed sample of test digits for a seed (the same digits on every backend). */
export function sampleIndices(
  testCount: number,
  seed: number,
  count = OUTPUT_SAMPLE_COUNT,
): number[] {
  const order = Array.from({ length: testCount }, (_, i) => i);
  return createRng((seed ^ 0x5eed) >>> 0)
    .shuffle(order)
    .slice(0, count);
}

/**
 * Trains and evaluates one configuration and returns how it ended (`RunOutcome`). Emits
 * `stage`, `run-start`, `batch`, `epoch`, `paused` and `resumed` (the caller sends `done`).
 * A failure while training is the `failed` outcome; one before (building the model from images
 * of the wrong size) or after (the final evaluation) throws.
 */
export async function runTraining(options: RunOptions): Promise<RunOutcome> {
  const { config, emit, control } = options;
  const now = options.now ?? (() => performance.now());
  const started = now() - (options.resume?.elapsedMs ?? 0);
  const history = [...(options.resume?.history ?? [])];
  const lossSpec = lossSpecOf(config);
  const metric = resolveRunMetric(config);
  let snapshot = options.resume?.weights ?? null;
  let optimizerSnapshot = options.resume?.optimizer ?? null;
  // Whatever backend runs now, after a switch or after a fallback: without them WASM cannot
  // train the CNN.
  useWasmTrainingKernels();
  useWebGPUTrainingKernels();

  const classes = labelClasses(config);
  const train = toTensors(taskLabelled(options.train, config), config.labels, classes);
  const test = toTensors(taskLabelled(options.test, config), config.labels, classes);
  let model: tf.Sequential | undefined;
  let optimizer: tf.Optimizer | undefined;
  try {
    emit({ type: 'stage', stage: 'building-model' });
    const input = inputShapeOf(config);
    for (const set of [options.train, options.test]) {
      if (set.rows !== input.rows || set.cols !== input.cols) {
        throw new Error(
          `the images are ${set.rows}×${set.cols} but this configuration's model takes ${input.rows}×${input.cols}`,
        );
      }
    }
    model = buildModel({
      kind: config.model,
      units: config.units,
      outputs: outputUnits(config),
      seed: config.seed,
      rows: input.rows,
      cols: input.cols,
    });
    if (snapshot) writeWeights(model, snapshot);
    optimizer = createOptimizer(config);
    if (snapshot && optimizerSnapshot) await writeOptimizerState(optimizer, optimizerSnapshot);
    emit({
      type: 'run-start',
      config,
      metricKey: config.metric,
      metric,
      trainSize: train.count,
      testSize: test.count,
      stepsPerEpoch: Math.ceil(train.count / config.batchSize),
      backend: options.backend,
      params: countParams(model),
    });
    emit({ type: 'stage', stage: 'training' });
    const trainedModel = model;
    const trainedOptimizer = optimizer;
    let outcome: LoopOutcome;
    const resumeState = (): ResumeState => ({
      history,
      weights: snapshot,
      optimizer: optimizerSnapshot,
      elapsedMs: now() - started,
    });
    try {
      outcome = await trainEpochs({
        config,
        model,
        optimizer,
        train,
        test,
        lossSpec,
        metric,
        emit: (event) => emit(event),
        control,
        history,
        ...(options.throttleMs !== undefined ? { throttleMs: options.throttleMs } : {}),
        now,
        afterEpoch: async () => {
          const handOver = history.length < config.epochs && options.handOver?.() === true;
          if (!options.snapshotEachEpoch && !handOver) return 'continue';
          snapshot = await readWeights(trainedModel);
          optimizerSnapshot = await readOptimizerState(trainedOptimizer);
          return handOver ? 'hand-over' : 'continue';
        },
      });
    } catch (error) {
      return { kind: 'failed', error, resume: resumeState() };
    }
    if (outcome.reason === 'hand-over') return { kind: 'hand-over', resume: resumeState() };

    emit({ type: 'stage', stage: 'evaluating' });
    const final = await evaluateFinal(
      model,
      test,
      config.activation,
      sampleIndices(test.count, config.seed, Math.min(OUTPUT_SAMPLE_COUNT, test.count)),
      options.test.images,
      config.task === 'binary',
    );
    await options.onTrained?.(model);
    const result: RunResult = {
      history,
      ...final,
      totalMs: now() - started,
      backend: options.backend,
      ...(outcome.divergence ? { divergence: outcome.divergence } : {}),
    };
    return { kind: 'finished', reason: outcome.reason, result };
  } finally {
    if (optimizer) disposeOptimizer(optimizer);
    model?.dispose();
    disposeSplit(train);
    disposeSplit(test);
  }
}
