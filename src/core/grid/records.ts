/**
 * What LossLab keeps of finished runs and grids (in IndexedDB, and in JSON exports), with valibot
 * schemas that every record read back must pass: storage is input too (an older version, another
 * tab's bug, a hand-edited export), so a record that does not match is reported, never used.
 */
import * as v from 'valibot';
import type { BinaryScores } from '../binaryEpoch';
import type { BackendName, RunConfig } from '../config';
import { BACKENDS } from '../config';
import { runConfigSchema, storedSchema } from '../configSchema';
import type { DoneReason, EpochRecord, RunResult } from '../events';
import type { GridDimension, GridSpec, ListDimension } from './spec';
import { DIMENSION_OPTIONS, GRID_DIMENSIONS, LIST_DIMENSIONS } from './spec';

/**
 * How a kept run ended: the worker's reasons, or `interrupted` for a run whose page was reloaded
 * or closed mid-training (kept with the epochs it completed; never evaluated on the test split).
 */
export type RunEndReason = DoneReason | 'interrupted';

/**
 * Version of the stored and exported records. 2: configurations name their data (`dataset`).
 * Version 1 records are still read: their runs all trained on the built-in MNIST digits.
 */
export const RECORD_VERSION = 2;
const READABLE_VERSIONS = [1, 2] as const;
export type RecordVersion = (typeof READABLE_VERSIONS)[number];

/** Whether records (or an export) of this version can be read. */
export const isReadableVersion = (version: unknown): version is RecordVersion =>
  (READABLE_VERSIONS as readonly unknown[]).includes(version);

/** A finished run (single or grid cell): configuration, history, final numbers, confusion. */
export interface RunRecord {
  version: RecordVersion;
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  config: RunConfig;
  /** Keras history key of the metric (`accuracy`…). */
  metricKey: string;
  /** How it ended; `interrupted`: the page was reloaded or closed while it trained. */
  reason: RunEndReason;
  history: EpochRecord[];
  /** `confusion[t][p]` on the test split; empty when nothing was evaluated. */
  confusion: number[][];
  testAccuracy: number;
  totalMs: number;
  backend: BackendName;
  /** Why the loss diverged, if it did. */
  divergence?: string;
  /** The grid and cell this run belongs to. */
  grid?: { id: string; cellId: string };
}

export type GridStatus = 'running' | 'stopped' | 'done';

/** A grid: its spec, and which cells finished (cell id → run id). */
export interface GridRecord {
  version: RecordVersion;
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  spec: GridSpec;
  runs: Record<string, string>;
  status: GridStatus;
}

/** Final numbers of a run: the last epoch's (NaN when no epoch completed). */
export interface FinalMetrics {
  loss: number;
  metric: number;
  valLoss: number;
  valMetric: number;
  epochs: number;
  /** A binary run's validation Precision, Recall and AUC at its last epoch. */
  binary?: BinaryScores;
}

export function finalMetrics(history: readonly EpochRecord[]): FinalMetrics {
  const last = history.at(-1);
  return {
    loss: last?.loss ?? NaN,
    metric: last?.metric ?? NaN,
    valLoss: last?.valLoss ?? NaN,
    valMetric: last?.valMetric ?? NaN,
    epochs: history.length,
    ...(last?.binary ? { binary: last.binary.val } : {}),
  };
}

/** The record kept of a finished run (samples and per-class accuracy are not kept: derivable or large). */
export function toRunRecord(args: {
  id: string;
  name: string;
  createdAt: number;
  config: RunConfig;
  metricKey: string;
  reason: DoneReason;
  result: RunResult;
  grid?: { id: string; cellId: string };
}): RunRecord {
  const { result } = args;
  return {
    version: RECORD_VERSION,
    id: args.id,
    name: args.name,
    createdAt: args.createdAt,
    config: args.config,
    metricKey: args.metricKey,
    reason: args.reason,
    history: result.history,
    confusion: result.confusion,
    testAccuracy: result.testAccuracy,
    totalMs: result.totalMs,
    backend: result.backend,
    ...(result.divergence ? { divergence: result.divergence.cause } : {}),
    ...(args.grid ? { grid: args.grid } : {}),
  };
}

/**
 * The record kept of a run still training, written after every epoch it completes, so that a
 * reload or a closed tab leaves it in the history as `interrupted` with those epochs. The
 * finished run's record (same id) replaces it. Nothing was evaluated on the test split: no
 * confusion matrix, test accuracy NaN; `totalMs` sums the epochs' times.
 */
export function toInterruptedRecord(args: {
  id: string;
  name: string;
  createdAt: number;
  config: RunConfig;
  metricKey: string;
  history: readonly EpochRecord[];
  backend: BackendName;
}): RunRecord {
  return {
    version: RECORD_VERSION,
    id: args.id,
    name: args.name,
    createdAt: args.createdAt,
    config: args.config,
    metricKey: args.metricKey,
    reason: 'interrupted',
    history: [...args.history],
    confusion: [],
    testAccuracy: NaN,
    totalMs: args.history.reduce((sum, epoch) => sum + epoch.epochMs, 0),
    backend: args.backend,
  };
}

/** Any number, NaN and ±Infinity included (a diverged run's losses). */
const anyNumber = v.custom<number>((x) => typeof x === 'number', 'expected a number');

const scoresSchema = v.object({ precision: anyNumber, recall: anyNumber, auc: anyNumber });

const epochSchema = v.object({
  epoch: v.number(),
  epochs: v.number(),
  steps: v.number(),
  loss: anyNumber,
  metric: anyNumber,
  valLoss: anyNumber,
  valMetric: anyNumber,
  epochMs: anyNumber,
  msPerStep: anyNumber,
  outputGradient: v.optional(v.object({ meanAbs: anyNumber, zeroShare: anyNumber })),
  binary: v.optional(v.object({ train: scoresSchema, val: scoresSchema })),
}) satisfies v.GenericSchema<unknown, EpochRecord>;

const text = v.pipe(v.string(), v.maxLength(500));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));

const version = v.picklist(READABLE_VERSIONS, `unknown record version`);

export const runRecordSchema = v.object({
  version,
  id,
  name: text,
  createdAt: v.number(),
  config: runConfigSchema,
  metricKey: text,
  reason: v.picklist(['completed', 'stopped', 'diverged', 'interrupted']),
  history: v.array(epochSchema),
  confusion: v.array(v.array(v.number())),
  testAccuracy: anyNumber,
  totalMs: v.number(),
  backend: v.picklist(BACKENDS.filter((b): b is BackendName => b !== 'auto')),
  divergence: v.optional(v.string()),
  grid: v.optional(v.object({ id, cellId: text })),
}) satisfies v.GenericSchema<unknown, RunRecord>;

const MAX_AXIS = 24;

/** A listed dimension: its values from the field table (`from_logits` adds `auto`). */
const listAxis = (options: readonly unknown[]) =>
  v.optional(
    v.pipe(
      v.array(v.custom((x) => options.includes(x), `expected one of ${options.join(', ')}`)),
      v.maxLength(MAX_AXIS),
    ),
  );

const isListed = (d: GridDimension): d is ListDimension =>
  (LIST_DIMENSIONS as readonly GridDimension[]).includes(d);

/** Every dimension of the field table: listed values, or numbers within the field's limits. */
const axesSchema = v.object(
  Object.fromEntries(
    GRID_DIMENSIONS.map((d) => [
      d,
      isListed(d)
        ? listAxis(DIMENSION_OPTIONS[d])
        : v.optional(v.pipe(v.array(storedSchema(d)), v.maxLength(MAX_AXIS))),
    ]),
  ),
);

export const gridSpecSchema = v.object({
  base: runConfigSchema,
  axes: axesSchema,
});

export const gridRecordSchema = v.object({
  version,
  id,
  name: text,
  createdAt: v.number(),
  updatedAt: v.number(),
  spec: gridSpecSchema,
  runs: v.record(v.string(), v.string()),
  status: v.picklist(['running', 'stopped', 'done']),
});

/** Result of validating a stored or imported record. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function parseWith<T>(schema: v.GenericSchema<unknown, unknown>, input: unknown): Parsed<T> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output as T };
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, reason: path ? `${path}: ${issue.message}` : issue.message };
}

/** Validates a run record read back from storage or an import. */
export function parseRunRecord(input: unknown): Parsed<RunRecord> {
  return parseWith<RunRecord>(runRecordSchema, input);
}

/** Validates a grid record read back from storage or an import. */
export function parseGridRecord(input: unknown): Parsed<GridRecord> {
  return parseWith<GridRecord>(gridRecordSchema, input);
}
