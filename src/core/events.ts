/**
 * What the training worker tells the page: one discriminated union, `TrainEvent`, sent through a
 * single callback. Pure data (structured-clone friendly: no classes, no functions), so it crosses
 * the worker boundary unchanged. The only typed arrays are a multi-label or binary run's
 * `testOutputs`, which the worker transfers rather than copies and which the history does not store.
 *
 * Every `switch (event.type)` over it should end in `assertNever(event)` so that adding an event
 * type breaks the build wherever it is not handled.
 */
import type { BackendReport } from './backend';
import type { BinaryScores } from './binaryEpoch';
import type { BackendName, MetricName, RunConfig } from './config';

/** Coarse phases of a run, for a status line ("Loading digits…"). */
export const STAGES = [
  'loading-data',
  'choosing-backend',
  'building-model',
  'training',
  'evaluating',
] as const;
export type Stage = (typeof STAGES)[number];

/**
 * A Keras `History` entry for one epoch, plus timing. `loss`/`metric` are the running means over
 * the epoch's training batches, weighted by batch size, computed with the weights as they were at
 * each step (as Keras reports them); `valLoss`/`valMetric` come from evaluating the test split
 * after the epoch.
 */
export interface EpochRecord {
  /** 1-based, as Keras prints "Epoch 1/5". */
  epoch: number;
  epochs: number;
  /** Optimizer steps (batches) in the epoch. */
  steps: number;
  loss: number;
  metric: number;
  valLoss: number;
  valMetric: number;
  /** Wall time of the epoch (training + validation), in milliseconds. */
  epochMs: number;
  /** Training time per step, in milliseconds (validation excluded), as Keras' `ms/step`. */
  msPerStep: number;
  /**
   * The loss's gradient at the output on the validation pass (after the epoch's updates): each
   * sample's own ∂lᵢ/∂z over its K logits. Absent in records made before LossLab measured it.
   */
  outputGradient?: OutputGradient;
  /**
   * The binary task's compiled Precision, Recall and AUC (binaryEpoch.ts): `train` accumulated
   * over the epoch's steps with their pre-update outputs, `val` over the test split after the
   * epoch. Absent for other tasks, for binary labels they cannot read, and in older records.
   */
  binary?: { train: BinaryScores; val: BinaryScores };
}

/** Below this, a per-sample gradient ∂lᵢ/∂zₖ counts as zero: that logit learns nothing. */
export const OUTPUT_GRADIENT_ZERO = 1e-8;

/** How hard the loss pulls on the logits, and how many it does not pull at all. */
export interface OutputGradient {
  /** Mean of |∂lᵢ/∂zᵢₖ| over the validation samples and the K outputs. */
  meanAbs: number;
  /** Share of those N·K gradients below `OUTPUT_GRADIENT_ZERO` in magnitude, 0–1. */
  zeroShare: number;
}

/** Why training stopped early because the loss was not finite. */
export interface Divergence {
  /** 1-based epoch and batch at which the batch loss was NaN or ±Infinity. */
  epoch: number;
  batch: number;
  /** The offending batch loss (`NaN`, `Infinity` or `-Infinity`). */
  value: number;
  /** The likely cause, in a sentence for the student. */
  cause: string;
}

/** The model's output for one test digit. */
export interface SamplePrediction {
  /** Index of the digit in the test split. */
  index: number;
  /** The true digit 0–9 (multi-label: the smallest digit shown). */
  label: number;
  /** Multi-label runs: every digit the image shows, ascending. */
  labels?: number[];
  /** argmax of the output (ties resolve to the lowest index, as in TF). */
  predicted: number;
  /** Last-layer outputs before the activation (length 10). */
  logits: number[];
  /** The activated outputs `y_pred` (softmax/sigmoid of the logits, or the logits if linear). */
  outputs: number[];
  /** Pixels 0–255, row-major (rows × cols), so the page can draw the digit without the dataset. */
  pixels: number[];
  /** Image size when it is not 28×28 (multi-label canvases are 56×56). */
  rows?: number;
  cols?: number;
}

/**
 * A multi-label or binary run's outputs on the whole test split: `outputs` (N × `labels`,
 * row-major) are the activated outputs `y_pred` as Keras' metrics see them (sigmoid or softmax
 * probabilities; the logits for a linear output), `targets` the truth (0/1, same layout). The
 * binary task has one label: the "yes" unit's output (the only unit, or the second of two) and the
 * 0/1 answer. At most 9,999 × 10 × 4 B ≈ 400 kB plus 100 kB: the worker transfers both buffers
 * with the `done` event.
 */
export interface TestOutputs {
  labels: number;
  outputs: Float32Array;
  targets: Uint8Array;
}

/** Everything a finished (completed, stopped or diverged) run leaves behind. */
export interface RunResult {
  /** One record per completed epoch. */
  history: EpochRecord[];
  /**
   * `confusion[t][p]` counts test digits of true class `t` predicted as `p` (argmax of the
   * output). Multi-label runs: empty (an image has several true digits); see `labelCounts`.
   */
  confusion: number[][];
  /**
   * Per class: correct / total on the test split (NaN for a class with no digits). Multi-label
   * runs: per-label binary accuracy (output > 0.5 agrees with the target) over all test images.
   */
  perClassAccuracy: number[];
  /**
   * argmax accuracy on the test split (the diagonal of `confusion` over its total). Multi-label
   * runs: subset accuracy (every label of an image right).
   */
  testAccuracy: number;
  /** Multi-label runs: per label, true/false positives and negatives at threshold 0.5. */
  labelCounts?: { tp: number; fp: number; fn: number; tn: number }[];
  /** Multi-label and binary runs: every test output and target, for re-scoring at another threshold. */
  testOutputs?: TestOutputs;
  /** A fixed sample of test digits, the same indices for the same seed. */
  samples: SamplePrediction[];
  /** Total wall time of the run, in milliseconds. */
  totalMs: number;
  backend: BackendName;
  divergence?: Divergence;
}

export type DoneReason = 'completed' | 'stopped' | 'diverged';

/** All events, discriminated by `type`. */
export type TrainEvent =
  | { type: 'stage'; stage: Stage; message?: string }
  | { type: 'backend'; report: BackendReport }
  | {
      /** The run moved to another backend after an epoch, with the same weights and optimizer state. */
      type: 'backend-fallback';
      from: BackendName;
      to: BackendName;
      /** `failed`: `from` broke during training; `faster`: a measurement found `to` clearly faster. */
      why?: 'failed' | 'faster';
      /** What happened, in a sentence (the error, or the measured speeds). */
      reason: string;
    }
  | {
      type: 'run-start';
      config: RunConfig;
      /** The Keras history key of the metric, as the user wrote it (`accuracy`, `binary_accuracy`…). */
      metricKey: string;
      /** What `metricKey` resolves to (Keras 3 shape rule for `accuracy`/`acc`). */
      metric: MetricName;
      trainSize: number;
      testSize: number;
      stepsPerEpoch: number;
      backend: BackendName;
      /** Trainable parameters of the model. */
      params: number;
    }
  | {
      /** Throttled (a few per second at most); the last batch of an epoch is always sent. */
      type: 'batch';
      epoch: number;
      /** 1-based batch index within the epoch. */
      batch: number;
      batches: number;
      /** Running means so far in this epoch (what Keras' progress bar shows). */
      loss: number;
      metric: number;
      /** Samples seen since the run started (for a samples-per-second readout). */
      seen: number;
      /** Milliseconds since training started. */
      elapsedMs: number;
    }
  | { type: 'epoch'; record: EpochRecord }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'done'; reason: DoneReason; result: RunResult }
  | {
      type: 'error';
      message: string;
      /** A stack or a longer technical explanation, for a "details" disclosure. */
      detail?: string;
      /** The worker itself was lost (died or hung): the epochs completed so far are kept. */
      lost?: true;
    };

export type TrainEventType = TrainEvent['type'];

/** Narrows `TrainEvent` to one `type`: `EventOf<'epoch'>` is `{ type: 'epoch'; record }`. */
export type EventOf<T extends TrainEventType> = Extract<TrainEvent, { type: T }>;

/** The single progress callback the worker calls. */
export type TrainEventHandler = (event: TrainEvent) => void;

/**
 * Marks the end of an exhaustive `switch`: it only compiles when every case is handled, and
 * throws if a value from outside the type reaches it at run time.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
