/**
 * The epoch loop: a custom training step per batch (step.ts: the Keras loss of the logits, the
 * optimizer's update, the metric), Keras' running-mean epoch numbers, throttled progress,
 * cooperative pause/stop and NaN detection. Each epoch's shuffled order is gathered once and
 * batches are slices of it. Reads from the device only at throttled ticks, once for all batches
 * since the last tick, so WebGL/WebGPU can keep queueing work in between.
 */
import * as tf from './tfjs';
import type { BinaryScores, Divergence, EpochRecord, RunConfig, TrainEvent } from '../core';
import { binaryEpochScores, compilesBinaryMetrics, createRng, explainDivergence } from '../core';
import type { RunControl } from './control';
import { yieldToEventLoop } from './control';
import type { TensorSplit } from './data';
import { shuffledCopy, sliceRows } from './data';
import { evaluateSplit } from './evaluate';
import type { LossSpec } from './losses';
import type { ResolvedMetric } from './metrics';
import type { StepResult } from './step';
import { stepContext, trainStep } from './step';

/**
 * How the engine reports: fire-and-forget. (A page handler may be async; the engine never waits
 * for it, so a slow page cannot slow training.)
 */
export type Emit = (event: TrainEvent) => void;

/** At most one `batch` event per this many milliseconds (≈5 per second). */
export const DEFAULT_THROTTLE_MS = 200;
/**
 * How often the loop gives the worker's event loop a turn, so that pause, stop and new commands
 * are seen. Each turn costs: in Chromium with the multi-threaded WASM backend (bench, MLP,
 * medians of 5 pairs) a turn every 200 ms gave 0.81 of `model.fit`'s throughput, none 0.94, and
 * one a second 1.01. GPU backends turn the loop anyway while a read is in flight.
 */
export const DEFAULT_YIELD_MS = 1000;

export interface LoopOptions {
  config: RunConfig;
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  train: TensorSplit;
  test: TensorSplit;
  lossSpec: LossSpec;
  metric: ResolvedMetric;
  emit: Emit;
  control: RunControl;
  /** Epoch records already completed (a run resumed on another backend); training continues after them. */
  history: EpochRecord[];
  throttleMs?: number;
  /** See DEFAULT_YIELD_MS. */
  yieldMs?: number;
  now?: () => number;
  /**
   * Called after each epoch's record is emitted (e.g. to snapshot the weights); `'hand-over'`
   * ends the loop there so the caller can continue the run on another backend.
   */
  afterEpoch?: () => Promise<'continue' | 'hand-over'>;
  /**
   * Sees each step's batch loss as the step returns it, before the update is read back (the
   * Keras fixture tests record every step's loss here); the loop keeps owning the tensor.
   */
  onStepLoss?: (loss: tf.Scalar) => void;
}

export interface LoopOutcome {
  /** `hand-over`: `afterEpoch` asked to end after a completed epoch; the run is not over. */
  reason: 'completed' | 'stopped' | 'diverged' | 'hand-over';
  divergence?: Divergence;
  /** Optimizer steps taken in this call. */
  steps: number;
}

/** Batch tensors not yet read back: the batch loss and the metric's sum over the batch. */
interface Pending {
  loss: tf.Scalar;
  metricSum: tf.Scalar;
  size: number;
  batch: number;
}

/**
 * The seeded order of the training samples in epoch `epoch` (1-based). Depends only on the run
 * seed and the epoch, so a run resumed at epoch e shuffles exactly as an uninterrupted one.
 */
export function epochOrder(count: number, seed: number, epoch: number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  return createRng((seed ^ Math.imul(epoch, 0x9e3779b1)) >>> 0).shuffle(order);
}

/**
 * The binary task's training Precision, Recall and AUC of an epoch: every step's pre-update
 * outputs (disposed here), scored against the answers in the epoch's order, as Keras' metrics
 * accumulate them over the epoch's batches.
 */
async function scoreSteps(
  outputs: tf.Tensor2D[],
  answers: Uint8Array,
  order: Int32Array,
): Promise<BinaryScores> {
  const all = tf.concat(outputs);
  tf.dispose(outputs.splice(0));
  try {
    const values = await all.data();
    const units = all.shape[1];
    const truth = Uint8Array.from({ length: all.shape[0] }, (_, i) => answers[order[i] ?? 0] ?? 0);
    return binaryEpochScores(values, truth, units);
  } finally {
    all.dispose();
  }
}

/**
 * Trains `model` in place for the remaining epochs of `config`, appending a record to `history`
 * per completed epoch and emitting `batch`, `epoch`, `paused` and `resumed` events. Every tensor
 * it creates is disposed before it returns or throws.
 */
export async function trainEpochs(options: LoopOptions): Promise<LoopOutcome> {
  const { config, model, optimizer, train, test, lossSpec, metric, emit, control, history } =
    options;
  const now = options.now ?? (() => performance.now());
  const throttleMs = options.throttleMs ?? DEFAULT_THROTTLE_MS;
  const yieldMs = options.yieldMs ?? DEFAULT_YIELD_MS;
  let lastYield = now();
  // The binary task's Precision, Recall and AUC read every step's pre-update outputs.
  const binary = compilesBinaryMetrics(config);
  const context = stepContext(model, optimizer, lossSpec, metric, { keepOutputs: binary });
  const batches = Math.ceil(train.count / config.batchSize);
  const started = now();
  let seenBefore = 0;
  let steps = 0;

  for (let epoch = history.length + 1; epoch <= config.epochs; epoch++) {
    const epochStart = now();
    const order = epochOrder(train.count, config.seed, epoch);
    const shuffled = shuffledCopy(train, order);
    const stepOutputs: tf.Tensor2D[] = [];
    let pausedMs = 0;
    let lossSum = 0;
    let metricSum = 0;
    let counted = 0;
    let lastTick = epochStart;
    const recent: number[] = [];
    let pending: Pending[] = [];
    let inFlight: { values: Promise<tf.TypedArray>; items: Pending[] } | null = null;
    let lastCounted = 0;

    // Starts reading every pending batch back, without waiting: the device keeps working on
    // the batches queued after these while the read is in flight.
    const startRead = (): void => {
      if (pending.length === 0) return;
      const items = pending;
      pending = [];
      const stacked = tf.tidy(() =>
        tf.concat([tf.stack(items.map((p) => p.loss)), tf.stack(items.map((p) => p.metricSum))]),
      );
      items.forEach((p) => {
        p.loss.dispose();
        p.metricSum.dispose();
      });
      const values = stacked.data().finally(() => stacked.dispose());
      inFlight = { values, items };
    };

    // Waits for the read in flight and adds its batches to the running means; returns a
    // divergence if a batch loss was not finite.
    const settle = async (): Promise<Divergence | undefined> => {
      if (!inFlight) return undefined;
      const { values: read, items } = inFlight;
      inFlight = null;
      const values = await read;
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as Pending;
        const loss = values[i] as number;
        if (!Number.isFinite(loss)) {
          return {
            epoch,
            batch: item.batch,
            value: loss,
            cause: explainDivergence(config, loss, recent),
          };
        }
        recent.push(loss);
        if (recent.length > 20) recent.shift();
        lossSum += loss * item.size;
        metricSum += values[items.length + i] as number;
        counted += item.size;
        lastCounted = item.batch;
      }
      return undefined;
    };

    // Reads everything queued so far and waits for it (pause, stop, end of epoch).
    const flush = async (): Promise<Divergence | undefined> => {
      const earlier = await settle();
      if (earlier) return earlier;
      startRead();
      return settle();
    };

    try {
      for (let batch = 1; batch <= batches; batch++) {
        if (control.paused) {
          const divergence = await flush();
          if (divergence) return { reason: 'diverged', divergence, steps };
          const pauseStart = now();
          emit({ type: 'paused' });
          await control.waitWhilePaused();
          pausedMs += now() - pauseStart;
          if (!control.stopRequested) emit({ type: 'resumed' });
        }
        if (control.stopRequested) {
          const divergence = await flush();
          if (divergence) return { reason: 'diverged', divergence, steps };
          return { reason: 'stopped', steps };
        }

        const start = (batch - 1) * config.batchSize;
        const size = Math.min(config.batchSize, train.count - start);
        const x = sliceRows(shuffled.x, start, size);
        const y = sliceRows(shuffled.y, start, size);
        let result: StepResult;
        try {
          result = trainStep(context, x, y);
          options.onStepLoss?.(result.loss);
        } finally {
          x.dispose();
          y.dispose();
        }
        if (result.outputs) stepOutputs.push(result.outputs);
        pending.push({ loss: result.loss, metricSum: result.metricSum, size, batch });
        steps++;

        const t = now();
        // The run's very first step is reported at once: the first point of the curve is what
        // tells a student that training started (one read, instead of two throttle periods).
        const firstOfRun = batch === 1 && seenBefore === 0 && steps === 1;
        if (firstOfRun || batch === batches || t - lastTick >= throttleMs) {
          lastTick = t;
          // Mid-epoch: report what the previous read brought back and start the next read;
          // at the last batch (and the first of the run): read everything queued and wait.
          const divergence = batch === batches || firstOfRun ? await flush() : await settle();
          if (divergence) return { reason: 'diverged', divergence, steps };
          if (batch < batches) startRead();
          if (counted > 0) {
            emit({
              type: 'batch',
              epoch,
              batch: lastCounted,
              batches,
              loss: lossSum / counted,
              metric: metricSum / counted,
              seen: seenBefore + counted,
              elapsedMs: now() - started,
            });
          }
          if (batch < batches && t - lastYield >= yieldMs) {
            await yieldToEventLoop();
            lastYield = now();
          }
        }
      }
      const trainMs = now() - epochStart - pausedMs;
      const trainScores = binary ? await scoreSteps(stepOutputs, train.labels, order) : undefined;
      const validation = await evaluateSplit(model, test, lossSpec, metric, binary);
      const record: EpochRecord = {
        epoch,
        epochs: config.epochs,
        steps: batches,
        loss: lossSum / counted,
        metric: metricSum / counted,
        valLoss: validation.loss,
        valMetric: validation.metric,
        epochMs: now() - epochStart - pausedMs,
        msPerStep: trainMs / batches,
        outputGradient: validation.outputGradient,
        ...(trainScores && validation.binary
          ? { binary: { train: trainScores, val: validation.binary } }
          : {}),
      };
      history.push(record);
      seenBefore += counted;
      emit({ type: 'epoch', record });
      if ((await options.afterEpoch?.()) === 'hand-over') return { reason: 'hand-over', steps };
      await yieldToEventLoop();
      lastYield = now();
    } finally {
      shuffled.x.dispose();
      shuffled.y.dispose();
      pending.forEach((p) => {
        p.loss.dispose();
        p.metricSum.dispose();
      });
      tf.dispose(stepOutputs);
      // A read still in flight disposes its own tensor when it settles.
      (inFlight as { values: Promise<tf.TypedArray> } | null)?.values.catch(() => undefined);
    }
  }
  return { reason: 'completed', steps };
}
