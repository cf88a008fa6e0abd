/**
 * `checkConfig`: the verdict on a whole configuration (task, activation, loss, from_logits, label
 * encoding, metric, semantics). Keras' errors are not re-typed here: the configuration is run
 * through `kerasLoss` and `kerasMetric` on a small probe batch of the configured shape, so the
 * error text in the verdict is exactly what the reference computation throws.
 */
import { lossEntry } from '../catalogue';
import type { ConcreteMetric } from '../catalogue';
import type { RunConfig, VerdictInput } from '../config';
import { ACTIVATIONS, LABEL_ENCODINGS, LOSSES, METRICS } from '../config';
import type { DatasetRef } from '../datasetCatalog';
import { DEFAULT_DATASET, classCountOf, nounOf } from '../datasetCatalog';
import type { KerasError, KerasErrorType } from './errors';
import { isKerasError } from './errors';
import type { CheckContext, Finding, SuggestedFix } from './findings';
import { fix, labelFindings, lossErrorFinding, silentBroadcastFinding } from './findings';
import { describeFormula, lossPath } from './formulas';
import type { VerdictLevel } from './levels';
import { FINDING_RANK, VERDICT_LEVELS, levelOf } from './levels';
import { toMultiHot, toOneHot } from './labels';
import { lossFindings } from './lossFindings';
import type { KerasLossResult } from './losses';
import { kerasLoss } from './losses';
import { metricErrorFinding, metricFindings } from './metricFindings';
import { kerasMetric, resolveMetric } from './metrics';
import type { Labels, Matrix } from './tensor';

/**
 * The fields the field table marks `verdict` (config.ts); the sizes and `pos_weight` may be left
 * out. The dataset, when given, sets K (its class count) and the words ("digit", "garment");
 * without it the verdict is MNIST's.
 */
export type CheckInput = Omit<VerdictInput, 'batchSize' | 'trainSize' | 'outputs' | 'posWeight'> &
  Partial<Pick<RunConfig, 'batchSize' | 'trainSize' | 'outputs' | 'posWeight'>> & {
    dataset?: DatasetRef;
  };

export interface CheckOptions {
  /**
   * Output units K of a multi-class or multi-label model (default: the class count of
   * `config.dataset`, 10 for the MNIST digits); at least 2. The binary task's K is its `outputs`
   * field (1 or 2).
   */
  numClasses?: number;
  /** Batch size printed in run-time errors; default `config.batchSize`, else 32 (Keras' default). */
  batchSize?: number;
  /** Search for a one-click fix when the verdict is not `ok` (default true; the code planner skips it). */
  suggestFix?: boolean;
}

export interface Verdict {
  /**
   * `error`: Keras stops; `warning`: it trains but the loss or the metric misleads; `quirk`: right
   * only because of a TensorFlow quirk; `ok`: the correct pairing, at most informational notes.
   */
  level: VerdictLevel;
  /** Most serious first (errors, warnings, quirks, notes). */
  findings: Finding[];
  /** The metric actually computed (what `'accuracy'` became). */
  resolvedMetric: ConcreteMetric;
  /** Keras 3's history key for the metric: the name as written (`accuracy` stays `accuracy`). */
  historyKey: string;
  /** The loss formula actually computed, or a note that nothing is computed. */
  formula: string;
  /** A short paragraph for a student: the most important finding, or why the setup works. */
  explanation: string;
  /** Keras' text of the error `fit` raises first, if Keras raises one. */
  kerasError?: string;
  /** Its Python class (`ValueError`, …), with `kerasError`. */
  kerasErrorType?: KerasErrorType;
  /** Where it is raised: building the loss in `compile`, or on the first batch in `fit`. */
  kerasErrorAt?: 'compile' | 'fit';
  /** Keras' Python warnings for the loss, verbatim, in the order Keras prints them. */
  kerasWarnings: string[];
  /** Fields to change so that the verdict becomes `ok` (when it is not already). */
  suggestedFix?: SuggestedFix;
}

/** Keras' default `batch_size` in `fit`. */
const DEFAULT_BATCH_SIZE = 32;

type ProbeBatch = Readonly<{ yTrue: Labels; logits: Matrix }>;

/**
 * Probe batches by shape. The verdict checks every configuration of a grid or an export sweep at
 * the same few shapes, and building a batch of 1024 rows cost more than checking it. Nothing
 * mutates a batch (the reference copies what it reads); the cache is bounded.
 */
const probeBatches = new Map<string, ProbeBatch>();

/** A deterministic batch of the configured shape: ids i mod K, two digits on every other row. */
function probeBatch(c: CheckContext): ProbeBatch {
  const key = `${c.labels}|${c.multiLabel}|${c.B}|${c.K}|${c.classes}`;
  const cached = probeBatches.get(key);
  if (cached) return cached;
  if (probeBatches.size >= 64) probeBatches.clear();
  const batch = buildProbeBatch(c);
  probeBatches.set(key, batch);
  return batch;
}

function buildProbeBatch(c: CheckContext): ProbeBatch {
  const ids = Array.from({ length: c.B }, (_, i) => i % c.classes);
  const sets = ids.map((id, i) =>
    c.multiLabel && i % 2 === 0 ? [id, (id + 3) % c.classes] : [id],
  );
  const yTrue =
    c.labels === 'int'
      ? ids
      : c.labels === 'column'
        ? ids.map((id) => [id])
        : c.labels === 'onehot'
          ? toOneHot(ids, c.classes)
          : toMultiHot(sets, c.classes);
  const logits = ids.map((_, i) =>
    Array.from({ length: c.K }, (_, k) => (((i * 7 + k * 3) % 11) - 5) / 4),
  );
  return { yTrue, logits };
}

function attempt<T>(run: () => T): { value?: T; error?: KerasError } {
  try {
    return { value: run() };
  } catch (e) {
    if (isKerasError(e)) return { error: e };
    throw e;
  }
}

/** Where a Keras error is raised: a keyword a class refuses fails in `compile`, the rest in `fit`. */
function errorSite(config: CheckInput, error: KerasError): 'compile' | 'fit' {
  if (error.kerasType !== 'TypeError') return 'fit';
  const keras = lossEntry(config.loss).keras;
  return keras.kind === 'class' ? 'compile' : keras.keywordErrorAt;
}

/**
 * The batch sizes `fit` feeds (no shuffling changes sizes): full batches, then the partial last
 * one, and whether TensorFlow's traced step knows the batch dimension: only when every batch has
 * the same size. Without a training size, one batch of unknown size (`None`).
 */
export function fitBatches(
  batchSize: number,
  trainSize?: number,
): { sizes: number[]; batchKnown: boolean } {
  if (trainSize === undefined) return { sizes: [batchSize], batchKnown: false };
  if (trainSize <= batchSize) return { sizes: [trainSize], batchKnown: trainSize === batchSize };
  const rest = trainSize % batchSize;
  return rest === 0
    ? { sizes: [batchSize], batchKnown: true }
    : { sizes: [batchSize, rest], batchKnown: false };
}

type Attempt<T> = { value?: T; error?: KerasError };

/** The loss and the metric on a probe batch of one size, as `fit` checks them. */
interface Probe {
  loss: Attempt<KerasLossResult>;
  metric: Attempt<number>;
}

function probe(c: CheckContext, size: number, batchKnown: boolean): Probe {
  const view = { batchKnown: batchKnown || c.semantics !== 'tf', graph: true };
  const common = { activation: c.activation, semantics: c.semantics, view };
  // Whether Keras raises depends on the batch size only through 1 and K (accidental
  // broadcasts), so a small stand-in batch decides; a call that raises is repeated at the size.
  const run = <T>(call: (batch: ProbeBatch) => T): Attempt<T> => {
    const small = searchBatchSize(size, c.K, c.classes);
    const first = attempt(() => call(probeBatch({ ...c, B: small })));
    return first.error && small !== size
      ? attempt(() => call(probeBatch({ ...c, B: size })))
      : first;
  };
  return {
    loss: run((batch) =>
      kerasLoss({ ...common, ...batch, loss: c.loss, fromLogits: c.fromLogits }),
    ),
    metric: run((batch) => kerasMetric({ ...common, ...batch, metric: c.metric, loss: c.loss })),
  };
}

export interface RaisedError {
  source: 'loss' | 'metric';
  error: KerasError;
}

/**
 * The errors `fit` runs into, first raised first (issue 14, checked against real Keras):
 * - a keyword the loss does not take: when the loss is constructed, before anything else;
 * - TensorFlow: errors found while tracing the step (the loss's, then the metric's) come before
 *   errors of the kernels at run time (batch after batch; in a batch the loss's, then the metric's);
 * - JAX: Keras builds the metrics before the loss on the first batch's shapes, so the metric's
 *   error wins; a later batch of another size is traced with the loss first.
 */
function fitErrors(semantics: CheckContext['semantics'], probes: readonly Probe[]): RaisedError[] {
  const out: RaisedError[] = [];
  const add = (source: RaisedError['source'], error: KerasError | undefined, keep = true) => {
    if (error && keep && !out.some((r) => r.source === source)) out.push({ source, error });
  };
  const [first, ...later] = probes;
  if (!first) return out;
  add('loss', first.loss.error, first.loss.error?.kerasType === 'TypeError');
  if (semantics === 'tf') {
    const traced = (e?: KerasError) => e !== undefined && e.kerasType !== 'InvalidArgumentError';
    add('loss', first.loss.error, traced(first.loss.error));
    add('metric', first.metric.error, traced(first.metric.error));
    for (const p of probes) {
      add('loss', p.loss.error);
      add('metric', p.metric.error);
    }
    return out;
  }
  add('metric', first.metric.error);
  add('loss', first.loss.error);
  for (const p of later) {
    add('loss', p.loss.error);
    add('metric', p.metric.error);
  }
  return out;
}

function context(config: CheckInput, options: CheckOptions): CheckContext {
  const binary = config.task === 'binary';
  const K = unitsOf(config, options);
  if (!Number.isInteger(K) || K < (binary ? 1 : 2) || (binary && K > 2))
    throw new RangeError(`numClasses must be an integer ≥ 2, got ${K}`);
  const B = options.batchSize ?? config.batchSize ?? DEFAULT_BATCH_SIZE;
  const { metric: resolved } = resolveMetric(config, K);
  const classes = binary ? 2 : K;
  const noun = nounOf(config.dataset ?? DEFAULT_DATASET);
  return { ...config, K, B, resolved, classes, noun, multiLabel: config.task === 'multilabel' };
}

/**
 * The output units the verdict assumes: the binary task's `outputs`, else `numClasses`, else the
 * dataset's class count (10 for MNIST).
 */
function unitsOf(config: CheckInput, options: CheckOptions): number {
  if (config.task === 'binary') return config.outputs ?? 1;
  return options.numClasses ?? classCountOf(config.dataset ?? DEFAULT_DATASET);
}

function probesFor(c: CheckContext, trainSize?: number): Probe[] {
  const plan = fitBatches(c.B, trainSize);
  return plan.sizes.map((size) => probe(c, size, plan.batchKnown));
}

/**
 * The errors `model.fit` runs into for this configuration on its training and batch sizes, the
 * one it raises first first (empty when it trains). At most one per source: the loss's own
 * error is what `fit` raises with the loss alone (`metrics=[]`), likewise the metric's.
 */
export function kerasFitErrors(config: CheckInput, options: CheckOptions = {}): RaisedError[] {
  const c = context(config, options);
  return fitErrors(c.semantics, probesFor(c, config.trainSize));
}

function evaluate(config: CheckInput, options: CheckOptions): Omit<Verdict, 'suggestedFix'> {
  const c = context(config, options);
  const { historyKey } = resolveMetric(config, c.K);
  const probes = probesFor(c, config.trainSize);
  const raised = fitErrors(c.semantics, probes);
  const lossError = raised.find((r) => r.source === 'loss')?.error;
  const metricError = raised.find((r) => r.source === 'metric')?.error;
  const lossValue = probes[0]?.loss.value;

  const findings = [...labelFindings(c)];
  for (const r of raised) {
    findings.push(
      r.source === 'loss' ? lossErrorFinding(c, r.error) : metricErrorFinding(c, r.error),
    );
  }
  if (!lossError) {
    if (c.labels === 'int' && lossEntry(c.loss).family === 'elementwise') {
      findings.push(
        silentBroadcastFinding(c, c.loss, fix({ labels: c.multiLabel ? 'multihot' : 'onehot' })),
      );
    }
    findings.push(...lossFindings(c, lossValue?.warnings ?? []));
  }
  if (!metricError) findings.push(...metricFindings(c));
  findings.sort((a, b) => FINDING_RANK[a.level] - FINDING_RANK[b.level]);

  const first = findings[0];
  const level = levelOf(findings);
  const kerasError = raised[0];
  return {
    level,
    findings,
    resolvedMetric: c.resolved,
    historyKey,
    formula: lossError
      ? 'Nothing is computed: Keras raises an error on the first batch.'
      : describeFormula(c),
    explanation: level === 'ok' ? okExplanation(c, findings) : (first?.explanation ?? ''),
    ...(kerasError
      ? {
          kerasError: kerasError.error.message,
          kerasErrorType: kerasError.error.kerasType,
          kerasErrorAt: kerasError.source === 'loss' ? errorSite(c, kerasError.error) : 'fit',
        }
      : {}),
    kerasWarnings: lossValue?.warnings ?? [],
  };
}

function okExplanation(c: CheckContext, findings: readonly Finding[]): string {
  const path = lossPath(c);
  const family = lossEntry(c.loss).family;
  if (family === 'categorical' || family === 'sparse') {
    const how =
      path === 'probabilities'
        ? " Keras computes it from the clipped probabilities, so one sample's loss is capped at 16.12 and very confident mistakes stop teaching."
        : ' Keras computes it from the logits, so it stays exact even for very confident predictions.';
    const labels = family === 'sparse' ? 'class ids' : 'one-hot rows';
    return `${okOutputs(c.activation)} The loss is −log of the softmax probability of the right ${c.noun.one}, read from ${labels}: the textbook setup for one ${c.noun.one} per image.${how}`;
  }
  if (c.multiLabel) {
    return `Each of the ${c.K} digits gets its own probability and its own yes/no loss, averaged over the ${c.K} units: the standard setup for several labels per image.`;
  }
  const note = findings.find((f) => f.code !== 'accuracy_resolved');
  return note?.explanation ?? 'Keras runs this combination as the formula shows.';
}

/** What the outputs the student sees are, for an OK categorical cross-entropy configuration. */
function okOutputs(activation: CheckContext['activation']): string {
  switch (activation) {
    case 'softmax':
      return 'The softmax outputs are probabilities that add up to 1.';
    case 'sigmoid':
      return "The sigmoid outputs don't add up to 1, but the loss never sees them: it applies a softmax to the logits underneath, so the model trains exactly like a softmax model with the same arg-max.";
    case 'linear':
      return 'The outputs are raw logits; with from_logits=True the loss applies the softmax itself. Apply a softmax to the outputs to read them as probabilities.';
  }
}

const FIELDS = ['metric', 'fromLogits', 'loss', 'activation', 'labels'] as const;
type Field = (typeof FIELDS)[number];
const DOMAINS: Record<Field, readonly unknown[]> = {
  metric: METRICS,
  fromLogits: [false, true],
  loss: LOSSES,
  activation: ACTIVATIONS,
  labels: LABEL_ENCODINGS,
};

function isOk(config: CheckInput, patch: Partial<RunConfig>, options: CheckOptions): boolean {
  return evaluate({ ...config, ...patch }, options).level === 'ok';
}

/** Every way of changing exactly the fields in `fields` (to values other than the current ones). */
function* patchesFor(config: CheckInput, fields: readonly Field[]): Generator<Partial<RunConfig>> {
  const [head, ...rest] = fields;
  if (!head) {
    yield {};
    return;
  }
  for (const value of DOMAINS[head]) {
    if (value === config[head]) continue;
    for (const tail of patchesFor(config, rest)) yield { [head]: value, ...tail };
  }
}

/** Drops the fields a patch would set to the value they already have. */
function withoutNoOps(config: CheckInput, patch: Partial<RunConfig>): Partial<RunConfig> {
  const entries = Object.entries(patch).filter(([k, v]) => config[k as keyof CheckInput] !== v);
  return Object.fromEntries(entries);
}

function subsets(n: number, size: number, start = 0): number[][] {
  if (size === 0) return [[]];
  const out: number[][] = [];
  for (let i = start; i < n; i++) for (const s of subsets(n, size - 1, i + 1)) out.push([i, ...s]);
  return out;
}

/**
 * A batch size that behaves like `B` in every check but costs little: shapes only broadcast by
 * accident when B is 1, K or the labels' number of classes (the binary task's one-hot rows of 2
 * on one unit), so any other B can stand in for any other.
 */
function searchBatchSize(B: number, K: number, classes = K): number {
  if (B === 1 || B === K || B === classes) return B;
  return K === 2 || classes === 2 ? 3 : 2;
}

/**
 * The fix for the whole verdict: the findings' own fixes applied in order while they help, else
 * the smallest change of fields (metric first, labels last) that makes the verdict `ok`.
 */
function overallFix(config: CheckInput, options: CheckOptions, K: number, B: number) {
  const classes = config.task === 'binary' ? 2 : K;
  const cheap = { ...options, numClasses: K, batchSize: searchBatchSize(B, K, classes) };
  let patch: Partial<RunConfig> = {};
  for (let step = 0; step < 8; step++) {
    const current = evaluate({ ...config, ...patch }, cheap);
    if (current.level === 'ok') return fix(withoutNoOps(config, patch));
    const next = current.findings.find((f) => f.level !== 'info' && f.suggestedFix)?.suggestedFix;
    if (!next) break;
    patch = { ...patch, ...next.patch };
  }
  for (let size = 1; size <= FIELDS.length; size++) {
    for (const subset of subsets(FIELDS.length, size)) {
      const fields = subset.map((i) => FIELDS[i] as Field);
      for (const candidate of patchesFor(config, fields)) {
        if (isOk(config, candidate, cheap)) return fix(candidate);
      }
    }
  }
  return undefined;
}

/**
 * The verdict Keras 3 would earn for this configuration: `error` with Keras' own message where
 * Keras raises, `warning` where it runs but the numbers mislead, `quirk` where the numbers are
 * right only on TensorFlow, `ok` otherwise; with findings,
 * the resolved metric, the formula actually computed and a fix. Assumes K output units (default:
 * the class count of `config.dataset`, 10 for MNIST) and labels of shape (B,) for `int`, (B, K)
 * otherwise. Pure and deterministic.
 */
export function checkConfig(config: CheckInput, options: CheckOptions = {}): Verdict {
  const verdict = evaluate(config, options);
  if (verdict.level === 'ok' || options.suggestFix === false) return verdict;
  const K = unitsOf(config, options);
  const B = options.batchSize ?? config.batchSize ?? DEFAULT_BATCH_SIZE;
  const suggestedFix = overallFix(config, options, K, B);
  return suggestedFix ? { ...verdict, suggestedFix } : verdict;
}

/**
 * The verdict in one line, for places with no room for the explanation (the trainer's action
 * bar, a screen reader's announcement, a grid cell): the title of the finding that set the level.
 */
export function verdictHeadline(verdict: Pick<Verdict, 'level' | 'findings'>): string {
  if (verdict.level === 'ok') return VERDICT_LEVELS.ok.sentence;
  const first = verdict.findings.find((finding) => finding.level === verdict.level);
  return first?.title ?? VERDICT_LEVELS[verdict.level].sentence;
}
