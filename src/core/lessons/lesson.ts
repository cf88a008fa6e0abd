/**
 * What a guided lesson step is: a question, a prediction to make before anything runs, one small
 * configuration the real trainer runs, a rule that reads the run's numbers back as one of the
 * choices, and the explanation. Types and the shared judging helpers; the steps are in steps.ts.
 */
import type { LabExample } from '../lossLab';
import type { Activation, LossName, MetricName, RunConfig } from '../config';
import type { EpochRecord, RunResult } from '../events';
import type { LossPath } from '../catalogue';
import type { TrainerSection } from '../url';
import type { VerdictLevel } from '../keras/levels';
import { DEFAULT_CONFIG } from '../config';
import { DEFAULT_THRESHOLD } from '../catalogue';

export interface LessonChoice {
  id: string;
  text: string;
}

/**
 * What the explanation claims about the configuration before it runs, checked against Keras'
 * verdict (`checkConfig`) by the tests: a lesson cannot drift from the rules it teaches.
 */
export interface LessonClaims {
  level: VerdictLevel;
  /** Finding codes the verdict must include. */
  findings: string[];
  /** What `metrics=['accuracy']` (or the metric set) becomes. */
  metric?: MetricName;
  /** Which input the loss reads. */
  path?: LossPath;
}

/** What a lesson's run left behind, as the page has it. */
export interface LessonRun {
  /** Keras refuses the configuration: its error class and text (nothing was trained). */
  rejected?: { type: string; message: string };
  /** The metric the run computed (what `'accuracy'` resolved to). */
  metric?: MetricName;
  history: readonly EpochRecord[];
  result?: Pick<RunResult, 'testAccuracy' | 'testOutputs' | 'divergence'>;
  /** The lesson's reference configuration, trained after this one (`Lesson.reference`). */
  reference?: { history: readonly EpochRecord[] };
}

/**
 * A second configuration a step trains right after its own, so that a claim about how the two
 * compare ("the same losses as the softmax model") is numbers on the page, not a promise.
 */
export interface LessonReference {
  /** What the reference is, in a few words: "The softmax model". */
  label: string;
  /** The fields the reference changes on top of the lesson's configuration. */
  config: Partial<RunConfig>;
}

/** Which choice the run's numbers support, and the numbers, in a sentence. */
export interface LessonObservation {
  choice: string;
  observed: string;
}

/** A link the explanation offers: the loss lab on an example, the grid on a sweep, the trainer. */
export type LessonLink =
  | { kind: 'lab'; label: string; example: LabExample }
  | { kind: 'grid'; label: string; axes: LessonGridAxes }
  | { kind: 'trainer'; label: string; show?: TrainerSection };

/** The grid dimensions a lesson sweeps (the lesson's configuration is the base). */
export interface LessonGridAxes {
  labels?: RunConfig['labels'][];
  activation?: Activation[];
  loss?: LossName[];
  fromLogits?: boolean[];
  metric?: MetricName[];
  semantics?: RunConfig['semantics'][];
  posWeight?: number[];
}

export interface Lesson {
  /** Stable id: progress is stored under it. */
  id: string;
  title: string;
  question: string;
  choices: readonly LessonChoice[];
  /** The id of the choice that is right. */
  answer: string;
  /** The fields the lesson sets on top of `LESSON_BASE`. */
  config: Partial<RunConfig>;
  /** Trained after the lesson's own configuration, its numbers shown beside the run's. */
  reference?: LessonReference;
  claims: LessonClaims;
  /** Reads a finished run (or Keras' refusal) as one of the choices. */
  judge: (run: LessonRun) => LessonObservation;
  /** A few sentences: why the answer is right, and what to look at. */
  explanation: string;
  links: readonly LessonLink[];
}

/**
 * Small and fast: 1,000 training digits, 300 for validation, 3 epochs of a 64-unit MLP (a few
 * seconds on a laptop's GPU); multi-label lessons use 800 and 200 canvases.
 */
export const LESSON_BASE: Readonly<RunConfig> = Object.freeze({
  ...DEFAULT_CONFIG,
  units: 64,
  epochs: 3,
  trainSize: 1_000,
  testSize: 300,
});

export const MULTILABEL_LESSON = {
  task: 'multilabel',
  labels: 'multihot',
  metric: 'binary_accuracy',
  trainSize: 800,
  testSize: 200,
} as const satisfies Partial<RunConfig>;

/** The binary task on a lesson's digits: one unit, 0/1 answers as a (B, 1) column. */
export const BINARY_LESSON = {
  task: 'binary',
  outputs: 1,
  labels: 'column',
  fromLogits: false,
  metric: 'accuracy',
} as const satisfies Partial<RunConfig>;

/** A binary run's share of yes answers on the test digits (its `testOutputs` targets). */
export function binaryPositiveRate(run: LessonRun): number | undefined {
  const targets = run.result?.testOutputs?.targets;
  if (!targets || targets.length === 0) return undefined;
  return targets.reduce((sum, t) => sum + (t === 0 ? 0 : 1), 0) / targets.length;
}

/** The full configuration a lesson runs. */
export function lessonConfig(lesson: Lesson): RunConfig {
  return { ...LESSON_BASE, ...lesson.config };
}

/** The configuration a lesson's reference run trains, or null when the lesson has none. */
export function referenceConfig(lesson: Lesson): RunConfig | null {
  return lesson.reference ? { ...lessonConfig(lesson), ...lesson.reference.config } : null;
}

/**
 * The largest gap between two runs' losses, epoch by epoch (training and validation), or NaN
 * when they did not train the same number of epochs.
 */
export function largestLossGap(a: readonly EpochRecord[], b: readonly EpochRecord[]): number {
  if (a.length === 0 || a.length !== b.length) return NaN;
  let gap = 0;
  a.forEach((epoch, i) => {
    const other = b[i];
    if (!other) return;
    gap = Math.max(gap, Math.abs(epoch.loss - other.loss), Math.abs(epoch.valLoss - other.valLoss));
  });
  return gap;
}

/** Two decimals, for the sentences. */
export const fmt = (v: number | undefined): string =>
  v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(2);

export function lastEpoch(run: LessonRun): EpochRecord | undefined {
  return run.history[run.history.length - 1];
}

/** Multi-label scores from the run's test outputs at the 0.5 threshold. */
export function multiLabelScores(run: LessonRun):
  | {
      /** Share of the N·K answers that are "absent": the binary accuracy of saying "none". */
      absentShare: number;
      /** Most digits marked present in any one image. */
      mostMarked: number;
      /** Images with at least two digits marked present. */
      severalMarked: number;
      images: number;
    }
  | undefined {
  const outputs = run.result?.testOutputs;
  if (!outputs) return undefined;
  const K = outputs.labels;
  const images = outputs.targets.length / K;
  let absent = 0;
  let mostMarked = 0;
  let severalMarked = 0;
  for (let i = 0; i < images; i++) {
    let marked = 0;
    for (let k = 0; k < K; k++) {
      if (outputs.targets[i * K + k] === 0) absent++;
      if ((outputs.outputs[i * K + k] ?? 0) > DEFAULT_THRESHOLD) marked++;
    }
    mostMarked = Math.max(mostMarked, marked);
    if (marked >= 2) severalMarked++;
  }
  return { absentShare: absent / (images * K), mostMarked, severalMarked, images };
}

/** The rejected case every judge starts with: Keras' error, in a sentence. */
export function rejection(run: LessonRun, choice: string): LessonObservation | undefined {
  if (!run.rejected) return undefined;
  return {
    choice,
    observed: `Keras refused before the first step: ${run.rejected.type}: ${run.rejected.message}`,
  };
}
