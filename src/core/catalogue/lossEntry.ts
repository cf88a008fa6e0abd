/**
 * What one entry of the loss catalogue holds, and the rules every consumer derives from it: which
 * input a loss reads (cached logits, logits or probabilities), whether an activation is applied
 * twice, which keywords it takes. The shape follows tensorflow/playground's `Errors.SQUARE =
 * {error, der}` (one object carries everything its users need) and Keras' loss registry (one
 * name → one class, with its keywords and defaults).
 *
 * Only types and pure rules live here; the entries are in losses.ts.
 */
import type { Activation, LabelEncoding, Semantics } from '../vocabulary';
import type { FrameworkCall } from './frameworks';
import type { LossEngineKey, LossName } from './lossNames';
import type { MetricName } from './metrics';

/** Every keyword a LossLab loss can take, with LossLab's (and Keras') meaning. */
export interface LossKeywords {
  fromLogits: boolean;
  labelSmoothing: number;
  /** `pos_weight` of the weighted binary cross-entropy. */
  posWeight: number;
  /** Focusing parameter of the focal loss. */
  gamma: number;
  /** Weight of class 1 when `applyClassBalancing` (class 0 gets 1 − alpha). */
  alpha: number;
  applyClassBalancing: boolean;
}
export type LossKeyword = keyof LossKeywords;

/** The Python spelling of each keyword, in the order Keras' signatures list them. */
export const KEYWORD_PYTHON: Readonly<Record<LossKeyword, string>> = {
  applyClassBalancing: 'apply_class_balancing',
  alpha: 'alpha',
  gamma: 'gamma',
  fromLogits: 'from_logits',
  labelSmoothing: 'label_smoothing',
  posWeight: 'pos_weight',
};

/**
 * What the loss compares, which decides the label shapes it accepts and its logits:
 * - `binary`: one yes/no per output unit (sigmoid cross-entropy family), labels (B, K), mean over K;
 * - `categorical`: a softmax cross-entropy over the K units, labels (B, K) rows;
 * - `sparse`: a softmax cross-entropy read at a class id, labels (B,);
 * - `elementwise`: labels and outputs compared element by element (NumPy broadcasting), so (B,)
 *   class ids broadcast silently when B is 1 or K.
 */
export type LossFamily = 'binary' | 'categorical' | 'sparse' | 'elementwise';

/**
 * How the loss treats `from_logits`:
 * - `keyword`: Keras' cross-entropies; passed to the backend function, which on TensorFlow first
 *   looks for the logits cached on a sigmoid/softmax output (`_get_logits`, spec §1.2);
 * - `always-logits`: reads `y_pred` as logits whatever is set (`tf.nn.weighted_cross_entropy_with_logits`);
 * - `rejected`: takes no `from_logits`; passing `True` raises Python's `TypeError`.
 * A loss whose path differs from its rule's says so in its entry (`reads`).
 */
export type FromLogitsRule = 'keyword' | 'always-logits' | 'rejected';

/** Which input a loss reads, and whether it squashes an activated output a second time. */
export interface LossRead {
  path: LossPath;
  twice: boolean;
}

/** Which input a loss reads for a configuration. */
export type LossPath = 'cached-logits' | 'logits' | 'probabilities' | 'not-a-cross-entropy';

/** The fields of a configuration that decide a loss's path. */
export interface PathInput {
  activation: Activation;
  fromLogits: boolean;
  semantics: Semantics;
}

/** The prose parts a formula line is made of (built in core/keras/formulas.ts). */
export interface FormulaParts extends PathInput {
  path: LossPath;
  /** `p = softmax(z)` / `p = z (the raw outputs)`: what the activated output is. */
  output: string;
  /** `x = z, the cached pre-softmax logits` (etc.): which values a logits formula reads. */
  logits: string;
  /** `clip(·, 1e−7, 1 − 1e−7)`. */
  clip: string;
  keywords: LossKeywords;
}

/** Everything an exporter tells a loss about the configuration. */
export interface ExportContext extends PathInput {
  path: LossPath;
  /** The labels the exported code feeds: class ids (B,) or rows (B, 10). */
  labels: LabelEncoding;
  /** `label_smoothing` the export writes (0: none; only losses that take it get it). */
  labelSmoothing: number;
  keywords: LossKeywords;
  /** PyTorch: what a logits formula reads, `z` or `activation(z)` (the activation applied twice). */
  torchInput: 'z' | 'activation(z)';
}

/** The loss in a PyTorch script: module-level lines, and the body of `compute_loss(z, y)`. */
export interface TorchLoss {
  setup: string[];
  doc: string;
  /** Indented by 4 spaces, ending in `return …`. */
  body: string[];
}

/** The loss in a TF.js module: a `loss:` expression and the functions it needs. */
export interface TfjsCustomLoss {
  expr: string;
  defs: string[];
}

export interface TfjsCounterpart {
  /** The camelCase loss string tfjs-layers knows (spec §4.1), or none. */
  name?: string;
  /** The `tf.losses.*` op that takes logits, used for `from_logits=True`. */
  logitsOp?: 'sigmoidCrossEntropy' | 'softmaxCrossEntropy';
  /** A function written out, when no string fits this configuration; undefined to use `name`. */
  custom?: (e: ExportContext) => TfjsCustomLoss | undefined;
}

/** How a Keras script writes the loss. */
export type KerasCounterpart =
  | { kind: 'class'; className: string }
  | {
      kind: 'custom';
      /** The Python callable that raises for a keyword it does not take. */
      callable: string;
      /** A custom function gets keywords only through `functools.partial`: it raises inside fit. */
      keywordErrorAt: 'compile' | 'fit';
      /** Its definition (module-level lines) and the imports it needs. */
      define: (e: ExportContext) => { lines: string[]; imports: string[] };
    };

/** What a gradient note is written for. */
export interface GradientNoteContext {
  path: LossPath;
  activation: Activation;
  semantics: Semantics;
  fromLogits: boolean;
  /** The loss squashes an activated output a second time. */
  twice: boolean;
  /** Output units. */
  K: number;
  /** Logits whose gradient is exactly 0 (a clipped probability, a saturated output…). */
  zero: number;
  /** How many 1s the label row holds (1 for int and one-hot labels). */
  positives: number;
}

/** The configuration a loss-specific note is written for. */
export interface NoteContext extends PathInput {
  labels: LabelEncoding;
  multiLabel: boolean;
  /** Output units. */
  K: number;
  path: LossPath;
  appliedTwice: boolean;
  /** The configuration's `pos_weight`, where it sets one (else the entry's keyword). */
  posWeight?: number;
}

/**
 * How much a finding matters, from the student's side (keras/levels.ts names them on the page):
 * - `error`: Keras raises, nothing trains;
 * - `warning`: it trains, but the loss or the metric is not what the student thinks;
 * - `quirk`: the numbers are right, but only because of a TensorFlow quirk (JAX and PyTorch
 *   compute something else), so the code is not portable;
 * - `info`: a note on a correct pairing.
 * The verdict takes the most serious level among its findings.
 */
export type FindingLevel = 'info' | 'quirk' | 'warning' | 'error';

/**
 * Something a finding says the run will show. Every claim is checked by training the
 * configuration on real digits (src/ml/findingClaims.test.ts), so a finding never predicts a
 * failure the run does not show.
 * - `nan`: the loss becomes NaN;
 * - `stalls`: the loss stays flat and the accuracy stays far below the textbook pairing's;
 * - `crawls`: it learns, but its loss falls much less than the textbook pairing's;
 * - `trains_like`: the losses are those of the configuration with `patch` applied;
 * - `near_chance`: the metric stays near 1/K whatever the model learns;
 * - `inflated`: the metric scores higher than the arg-max accuracy of the same model.
 */
export type RunClaim =
  | { kind: 'nan' }
  | { kind: 'stalls' }
  | { kind: 'crawls' }
  | { kind: 'trains_like'; patch: LossPatch }
  | { kind: 'near_chance' }
  | { kind: 'inflated' };

/** What a finding says (keras/findings.ts adds the one-click fix). */
export interface FindingText {
  level: FindingLevel;
  /** Stable identifier, for tests and for the page to pick an illustration. */
  code: string;
  title: string;
  /** A few sentences for a student: what happens, why, and what to do. */
  explanation: string;
  /** Keras' (or the framework's) exact error or warning text, when it prints one. */
  kerasMessage?: string;
  /** What the run will show, checked by training (see `RunClaim`). */
  claims?: readonly RunClaim[];
}

/** The configuration fields a loss's fix may change. */
export interface LossPatch {
  activation?: Activation;
  loss?: LossName;
  fromLogits?: boolean;
  labels?: LabelEncoding;
  metric?: MetricName;
}

/** A loss-specific finding; the verdict turns `fix` into a labelled one-click fix. */
export type LossNote = FindingText & { fix?: LossPatch };

export interface LossEntry {
  engine: LossEngineKey;
  family: LossFamily;
  fromLogits: FromLogitsRule;
  /** TensorFlow backend: the backend function swaps a sigmoid/softmax output for its logits. */
  logitsCache: boolean;
  /** Its own path rule, where `fromLogits` and `logitsCache` do not describe it. */
  reads?: (c: PathInput) => LossRead;
  /** The keywords it takes, with the values LossLab uses (Keras' defaults, or LossLab's choice). */
  keywords: Partial<LossKeywords>;
  keras: KerasCounterpart;
  /** What it computes, in a few words (no capital, no full stop): hints, notes, the README. */
  summary: string;
  /** The per-batch loss as one line, from its parts. */
  formula: (f: FormulaParts) => string;
  torch: (e: ExportContext) => TorchLoss;
  tfjs: TfjsCounterpart;
  /** Findings about this loss itself (the verdict adds the generic ones). */
  notes?: (c: NoteContext) => LossNote[];
  /** What its gradient ∂L/∂z means for training, in one line (the loss lab's gradient bars). */
  gradientNote: (c: GradientNoteContext) => string;
  /** The same loss in TensorFlow's low-level calls and PyTorch (frameworks.ts), or none. */
  frameworks: readonly FrameworkCall[];
}

/** `from_logits` off, nothing else set: the keywords as LossLab calls every loss. */
export const NO_KEYWORDS: Readonly<LossKeywords> = {
  fromLogits: false,
  labelSmoothing: 0,
  posWeight: 1,
  gamma: 0,
  alpha: 0,
  applyClassBalancing: false,
};

/**
 * Keyword values a call passes instead of the catalogue's. The page always runs a loss with its
 * catalogue values; the oracle's Keras variants (`apply_class_balancing=True`, another `gamma`)
 * are checked by passing these to the reference (`kerasLoss`) and to the engine (`LossSpec`).
 */
export type KeywordOverrides = Partial<Omit<LossKeywords, 'fromLogits'>>;

/**
 * The keywords a loss is called with: its catalogue values, `fromLogits` from the config, and any
 * overrides. Throws a `RangeError` for an override of a keyword the loss does not take, which
 * would otherwise be silently ignored (the reference reports Keras' `TypeError` before this).
 */
export function keywordsOf(
  entry: LossEntry,
  fromLogits: boolean,
  overrides: KeywordOverrides = {},
): LossKeywords {
  const set: KeywordOverrides = {};
  for (const [keyword, value] of Object.entries(overrides) as [LossKeyword, unknown][]) {
    if (value === undefined) continue;
    if (!takesKeyword(entry, keyword)) {
      const callable = entry.keras.kind === 'class' ? entry.keras.className : entry.keras.callable;
      throw new RangeError(`${callable} takes no ${KEYWORD_PYTHON[keyword]}`);
    }
    Object.assign(set, { [keyword]: value });
  }
  return { ...NO_KEYWORDS, ...entry.keywords, ...set, fromLogits };
}

/** Whether the loss takes this keyword at all. */
export function takesKeyword(entry: LossEntry, keyword: LossKeyword): boolean {
  return entry.keywords[keyword] !== undefined;
}

/** What the rules of `fromLogits` and `logitsCache` make a loss read (spec §1.2, §2). */
function ruleRead(entry: LossEntry, c: PathInput): LossRead {
  const activated = c.activation !== 'linear';
  switch (entry.fromLogits) {
    case 'rejected':
      return { path: 'not-a-cross-entropy', twice: false };
    case 'always-logits':
      return { path: 'logits', twice: activated };
    case 'keyword':
      if (entry.logitsCache && c.semantics === 'tf' && activated) {
        return { path: 'cached-logits', twice: false };
      }
      return c.fromLogits
        ? { path: 'logits', twice: activated }
        : { path: 'probabilities', twice: false };
  }
}

/**
 * Which input the loss reads: a sigmoid/softmax output's cached logits (TF only), the output read
 * as logits, the clipped probabilities, or none of these (MSE, KL divergence…).
 */
export function lossPathOf(entry: LossEntry, c: PathInput): LossPath {
  return (entry.reads ?? ((x) => ruleRead(entry, x)))(c).path;
}

/** Whether the loss squashes an already activated output again (a sigmoid of a softmax, …). */
export function appliedTwice(entry: LossEntry, c: PathInput): boolean {
  return (entry.reads ?? ((x) => ruleRead(entry, x)))(c).twice;
}

/**
 * What a task with several labels per image trains with: each class is its own yes/no, so a
 * sigmoid output and binary cross-entropy on its probabilities.
 */
export const MULTI_LABEL_PAIRING = {
  loss: 'binary_crossentropy',
  activation: 'sigmoid',
  fromLogits: false,
} as const satisfies LossPatch;

/**
 * The one rule for fixing a multi-label configuration (the verdict's findings and the exporters'
 * notes all read it): what must change in `c`, whose loss is `entry`, to score every class on its
 * own. A loss of the binary family is kept (the focal and weighted losses answer the same
 * question), any other becomes binary_crossentropy. The output becomes a sigmoid with
 * from_logits=False, except where the loss already reads independent logits: a loss that always
 * reads logits needs a linear output, and a linear output with from_logits=True is right as it
 * is. With `probabilities` (a thresholded metric reads the outputs), logits will not do: the
 * output must be a sigmoid, so a loss that always reads logits gives way to binary_crossentropy.
 * Returns only the fields that change; empty when `c` already fits.
 */
export function multiLabelPatch(
  entry: Pick<LossEntry, 'family' | 'fromLogits'>,
  c: Pick<PathInput, 'activation' | 'fromLogits'>,
  need: 'pairing' | 'probabilities' = 'pairing',
): LossPatch {
  const patch: LossPatch = {};
  const keep =
    entry.family === 'binary' && (need === 'pairing' || entry.fromLogits !== 'always-logits');
  if (!keep) patch.loss = MULTI_LABEL_PAIRING.loss;
  const readsLogits = keep && entry.fromLogits === 'always-logits';
  const logitsFit = need === 'pairing' && c.activation === 'linear' && c.fromLogits;
  if (readsLogits) {
    if (c.activation !== 'linear') patch.activation = 'linear';
  } else if (!logitsFit) {
    if (c.activation !== 'sigmoid') patch.activation = 'sigmoid';
    if (c.fromLogits) patch.fromLogits = false;
  }
  return patch;
}

/** The loss that matches the task and labels, with the activation it goes with. */
export function matchingLossPatch(c: Pick<NoteContext, 'multiLabel' | 'labels'>): LossPatch {
  if (c.multiLabel) return { ...MULTI_LABEL_PAIRING };
  const loss = c.labels === 'int' ? 'sparse_categorical_crossentropy' : 'categorical_crossentropy';
  return { loss, activation: 'softmax', fromLogits: false };
}
