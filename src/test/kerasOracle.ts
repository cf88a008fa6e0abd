/**
 * The Keras oracle's fixtures (scripts/keras-oracle/oracle.py, `npm run oracle`) for the tests
 * that hold LossLab's semantics core to real Keras: types, loading, float32 comparison, and the
 * text normalisation the README documents (TF run-time errors are compared by the kernel's
 * message; the traceback of where the graph node was defined is machine-specific).
 */
import { readFileSync } from 'node:fs';
import type { KeywordOverrides, LabelEncoding, LossName, MetricName, Semantics } from '../core';
import { LOSSES, toMultiHot, toOneHot } from '../core';

export type OracleBackend = 'tensorflow' | 'jax';
export const ORACLE_BACKENDS: readonly OracleBackend[] = ['tensorflow', 'jax'];
export const SEMANTICS_OF: Record<OracleBackend, Semantics> = { tensorflow: 'tf', jax: 'plain' };

/** A float32 as the fixture writes it: a number, or 'NaN' / 'Infinity' / '-Infinity'. */
export type F32 = number | string;

export interface OracleError {
  type: string;
  /** `construct`: the loss's constructor raised; `trace`: raised while tracing; `run`: a TF kernel. */
  phase: 'construct' | 'trace' | 'run';
  text: string;
  /** TF run-time errors: the kernel's message (what LossLab shows) and the failing node. */
  message?: string;
  node?: string;
}

export interface Variant {
  loss: string;
  fromLogits: boolean;
  options?: Record<string, number | boolean>;
}

interface Outcome {
  error?: OracleError;
  warnings?: string[];
}

export interface LossRow extends Outcome {
  regime: 'moderate' | 'saturated';
  activation: 'linear' | 'sigmoid' | 'softmax';
  labels: LabelEncoding;
  variant: string;
  value?: F32;
  perSample?: F32[];
  grad?: F32[][];
}

export interface MetricRow extends Outcome {
  regime: 'moderate' | 'saturated';
  activation: 'linear' | 'sigmoid' | 'softmax';
  labels: LabelEncoding;
  metric: MetricName;
  value?: F32;
  resolved?: string;
}

export interface FitRow extends Outcome {
  setup: string;
  activation: 'linear' | 'sigmoid' | 'softmax';
  labels: LabelEncoding;
  variant?: string;
  metric?: MetricName;
  history?: Record<string, F32>;
}

export interface Setup {
  id: string;
  train: number;
  batch: number;
}

interface DataPart {
  logits: F32[][];
  ids: number[];
  sets: number[][];
}

export interface OracleFixture {
  versions: Record<string, string>;
  /** Output units. */
  K: number;
  /** The binary task's fixtures (`oracle.py --units 1|2`): labels from `classes` (2) classes. */
  task?: 'binary';
  classes?: number;
  /** Rows a `--cached-only` fixture lacks (a run still under way): its coverage is partial. */
  incomplete?: number;
  posWeight: number;
  threshold: number;
  setups: Setup[];
  variants: Record<string, Variant>;
  metrics: MetricName[];
  /** Which loss × metric pairs were fitted together (oracle.py, COMBO_*). */
  combinations: { activations: string[]; variants: string[]; oneFails: string[] };
  data: { fit: DataPart; moderate: DataPart; saturated: DataPart };
  losses: LossRow[];
  metricValues: MetricRow[];
  lossFits: FitRow[];
  metricFits: FitRow[];
  combinedFits: FitRow[];
}

export const FIXTURE_PATHS: Record<OracleBackend, string> = {
  tensorflow: 'src/core/keras/fixtures/keras-oracle.tensorflow.json',
  jax: 'src/core/keras/fixtures/keras-oracle.jax.json',
};

export function loadOracle(backend: OracleBackend): OracleFixture {
  const url = new URL(`../../${FIXTURE_PATHS[backend]}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as OracleFixture;
}

/** The binary task's output units the oracle records. */
export const BINARY_UNITS = [1, 2] as const;

/** The binary task's fixture for a backend and a number of output units. */
export function loadBinaryOracle(backend: OracleBackend, units: 1 | 2): OracleFixture {
  const path = `src/core/keras/fixtures/keras-oracle.binary${units}.${backend}.json`;
  return JSON.parse(
    readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'),
  ) as OracleFixture;
}

/** How many classes a fixture's labels come from (its one-hot width). */
export function classesOf(fx: Pick<OracleFixture, 'K' | 'classes'>): number {
  return fx.classes ?? fx.K;
}

/** A fixture float32 as a number (exact: the fixture writes round-tripping decimals). */
export function num(v: F32 | undefined): number {
  if (v === undefined) return NaN;
  return typeof v === 'number' ? Math.fround(v) : Number(v);
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

function orderedBits(x: number): number {
  f32[0] = x;
  const bits = i32[0] ?? 0;
  return bits < 0 ? -2147483648 - bits : bits;
}

/** Distance of two float32 values in units in the last place (0 for equal, ∞ with a NaN). */
export function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  return Math.abs(orderedBits(a) - orderedBits(b));
}

/** The keyword arguments LossLab's `kerasLoss` takes for the oracle's loss options. */
export interface CoreLossArgs {
  loss: LossName;
  fromLogits: boolean;
  posWeight?: number;
  gamma?: number;
  alpha?: number;
  applyClassBalancing?: boolean;
}

/** The LossLab loss of an oracle variant, or why LossLab has none (the row is skipped). */
export function coreLoss(variant: Variant): CoreLossArgs | { missing: string } {
  const known = (LOSSES as readonly string[]).includes(variant.loss);
  if (!known) return { missing: `LossLab has no ${variant.loss} yet` };
  const loss = variant.loss as LossName;
  const o = variant.options ?? {};
  const out: CoreLossArgs = { loss, fromLogits: variant.fromLogits };
  for (const [key, value] of Object.entries(o)) {
    if (key === 'pos_weight') out.posWeight = Number(value);
    else if (key === 'gamma') out.gamma = Number(value);
    else if (key === 'alpha') out.alpha = Number(value);
    else if (key === 'apply_class_balancing') out.applyClassBalancing = value === true;
    else return { missing: `LossLab has no ${key} for ${variant.loss}` };
  }
  return out;
}

/** The keyword values of an oracle variant as the engine's `LossSpec.keywords` takes them. */
export function keywordOverridesOf(core: CoreLossArgs): KeywordOverrides {
  const { posWeight, gamma, alpha, applyClassBalancing } = core;
  return { posWeight, gamma, alpha, applyClassBalancing };
}

/** Labels of the first `n` samples of a data part, in an encoding, from `K` classes. */
export function labelsOf(
  part: DataPart,
  encoding: LabelEncoding,
  K: number,
  n = part.ids.length,
): number[] | number[][] {
  const ids = part.ids.slice(0, n);
  if (encoding === 'int') return ids;
  if (encoding === 'column') return ids.map((id) => [id]);
  if (encoding === 'onehot') return toOneHot(ids, K);
  return toMultiHot(part.sets.slice(0, n), K);
}

export function logitsOf(part: DataPart, n = part.logits.length): number[][] {
  return part.logits.slice(0, n).map((row) => row.map(num));
}

/** The batches `fit` cuts `n` samples into (no shuffling): [start, end) pairs. */
export function batchesOf(n: number, batch: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += batch) out.push([start, Math.min(n, start + batch)]);
  return out;
}

/** Keras' `Mean` tracker over batches: Σ value·size / Σ size, accumulated in float32. */
export function kerasMean(values: readonly number[], sizes: readonly number[]): number {
  let total = 0;
  let count = 0;
  values.forEach((v, i) => {
    const size = sizes[i] ?? 0;
    total = Math.fround(total + Math.fround(v * size));
    count += size;
  });
  return Math.fround(total / count);
}

/**
 * What LossLab must match of an oracle error: TF run-time errors by the kernel's message, all
 * others by their whole text.
 */
export function expectedText(e: OracleError): string {
  return e.message ?? e.text;
}

/**
 * TF's eager kernel errors carry the op's device name around the message:
 * `{{function_node __wrapped__Sub_device_/job:localhost/replica:0/task:0/device:CPU:0}} Incompatible
 * shapes: [6] vs. [6,10] [Op:Sub] name: `. The message is what LossLab reproduces.
 */
export function eagerMessage(text: string): string {
  const m = /^\{\{function_node [^}]+\}\} (.*) \[Op:\w+\](?: name: .*)?$/s.exec(text);
  return m?.[1] ?? text;
}
