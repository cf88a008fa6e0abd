/**
 * What every exporter needs to know about a configuration before writing code: the image geometry
 * (single digits or composed multi-label canvases), the labels actually used, the metrics listed,
 * what `'accuracy'` resolves to, the loss's catalogue entry with the input it reads, and whether
 * Keras accepts the combination at all. That verdict is the page's own: `checkConfig` at the
 * configuration's batch size, so the export and the page cannot disagree.
 */
import type { ConcreteMetric, ExportContext, LossEntry } from '../catalogue';
import {
  DEFAULT_THRESHOLD,
  THRESHOLD_METRICS,
  keywordsOf,
  lossEntry,
  lossPathOf,
  multiLabelPatch,
  takesKeyword,
} from '../catalogue';
import { binaryQuestion, labelClasses, outputUnits } from '../binary';
import type { LabelEncoding, MetricName, RunConfig } from '../config';
import { lossKeywords } from '../config';
import { checkConfig, resolveMetric } from '../keras';
import type { KerasErrorType } from '../keras';
import { inputShapeOf } from '../inputShape';

/** Where an exported Python script takes its digits from. */
export const EXPORT_DATA = ['page', 'framework'] as const;
export type ExportData = (typeof EXPORT_DATA)[number];

/** Options the configuration does not carry; the defaults are what LossLab trains with. */
export interface CodegenOptions {
  /** `label_smoothing` for the losses that take it (see the catalogue); 0 leaves it out. */
  labelSmoothing?: number;
  /** Threshold of the threshold metrics (binary accuracy, subset accuracy, Hamming loss). */
  threshold?: number;
  /**
   * Python scripts: `page` trains on the page's digits, split, initialised and shuffled as the
   * page does (src/core/codegen/reproduce.ts; single-label runs); `framework` loads MNIST with
   * Keras' or torchvision's loader. Default `page`.
   */
  data?: ExportData;
}

/** The Keras error a configuration produces, if any, with the framework's own text. */
export interface KerasFailure {
  /** Python class, e.g. `ValueError`. */
  type: KerasErrorType;
  message: string;
  /** Whether `compile`/the loss constructor raises (`TypeError`) or `fit` does. */
  at: 'compile' | 'fit';
}

export interface CodePlan {
  config: RunConfig;
  multilabel: boolean;
  /** The binary task: labels are the 0/1 answers to `config.target`'s question. */
  binary: boolean;
  /** Units of the output layer: 1 or 2 on the binary task, else one per class of the data. */
  outputs: number;
  /**
   * Classes the labels come from (one-hot rows are this wide): 2 on the binary task, else the
   * dataset's class count (10 for MNIST).
   */
  classes: number;
  /** Labels as the exported code encodes them (multi-label targets are always multi-hot). */
  labels: LabelEncoding;
  /** The model's input (`inputShapeOf`): the dataset's image size, or 56×56 composed canvases. */
  rows: number;
  cols: number;
  /** Metrics in `compile` order: the chosen one first, then the multi-label threshold metrics. */
  metrics: MetricName[];
  /** What `'accuracy'` becomes under Keras 3's shape rule for the task's output (undefined if not requested). */
  accuracyResolvesTo?: ConcreteMetric;
  failure?: KerasFailure;
  /** Keras' Python warnings for this configuration, verbatim. */
  warnings: string[];
  /** The loss's catalogue entry, and what its counterparts are written for. */
  loss: LossEntry;
  lossContext: ExportContext;
  labelSmoothing: number;
  threshold: number;
  /** `options.data` (`usesPageData` says whether the script really reads the page's digits). */
  data: ExportData;
}

/** Everything the exporters share, derived from the configuration. Never throws for a valid config. */
export function planCode(config: RunConfig, options: CodegenOptions = {}): CodePlan {
  const multilabel = config.task === 'multilabel';
  const labels: LabelEncoding = multilabel ? 'multihot' : config.labels;
  const metrics: MetricName[] = [config.metric];
  if (multilabel) metrics.push(...THRESHOLD_METRICS.filter((m) => m !== config.metric));
  const side = inputShapeOf(config);
  const loss = lossEntry(config.loss);
  const path = lossPathOf(loss, config);
  const labelSmoothing = takesKeyword(loss, 'labelSmoothing') ? (options.labelSmoothing ?? 0) : 0;
  // The page's verdict, for the labels the code feeds.
  const verdict = checkConfig(
    { ...config, labels },
    { batchSize: config.batchSize, suggestFix: false },
  );
  const failure: KerasFailure | undefined =
    verdict.kerasError !== undefined && verdict.kerasErrorType !== undefined
      ? {
          type: verdict.kerasErrorType,
          message: verdict.kerasError,
          at: verdict.kerasErrorAt ?? 'fit',
        }
      : undefined;
  const outputs = outputUnits(config);
  return {
    config,
    multilabel,
    binary: config.task === 'binary',
    outputs,
    classes: labelClasses(config),
    labels,
    rows: side.rows,
    cols: side.cols,
    metrics,
    ...(config.metric === 'accuracy'
      ? {
          accuracyResolvesTo: resolveMetric(
            { metric: 'accuracy', labels, task: config.task },
            outputs,
          ).metric,
        }
      : {}),
    ...(failure ? { failure } : {}),
    warnings: verdict.kerasWarnings,
    loss,
    lossContext: {
      activation: config.activation,
      fromLogits: config.fromLogits,
      semantics: config.semantics,
      path,
      labels,
      labelSmoothing,
      keywords: { ...keywordsOf(loss, config.fromLogits, lossKeywords(config)), labelSmoothing },
      torchInput:
        path === 'cached-logits' || config.activation === 'linear' ? 'z' : 'activation(z)',
    },
    labelSmoothing,
    threshold: options.threshold ?? DEFAULT_THRESHOLD,
    data: options.data ?? 'page',
  };
}

/** Output size of the CNN's two valid 3×3 conv + 2×2 pool blocks on an image side. */
export function cnnSide(side: number): number {
  const afterBlock = (s: number) => Math.floor((s - 2) / 2);
  return afterBlock(afterBlock(side));
}

/** Framework-independent notes about the configuration (the exporters add their own). */
export function commonNotes(plan: CodePlan): string[] {
  const notes: string[] = [];
  const { config } = plan;
  if (plan.binary) {
    notes.push(
      `The binary task, "${binaryQuestion(config.target)}": the code turns each digit's label into its answer, ` +
        `1 (yes) or 0 (no), as the page does, and the model ends in ${plan.outputs === 1 ? 'one output unit' : 'two output units (no, yes)'}.`,
    );
  }
  if (plan.multilabel && config.labels !== 'multihot') {
    notes.push(
      `Multi-label images hold up to 3 digits, which ${config.labels === 'int' ? 'an integer label' : 'a one-hot row'} ` +
        'cannot encode, so the code uses multi-hot targets.',
    );
  }
  if (!plan.multilabel && config.labels === 'multihot') {
    notes.push(
      `A single ${plan.binary ? 'answer' : 'digit'}'s multi-hot row is its one-hot row, so the code prepares one-hot targets.`,
    );
  }
  if (plan.multilabel && Object.keys(multiLabelPatch(lossEntry(config.loss), config)).length > 0) {
    notes.push(
      'Multi-label classifiers normally use a sigmoid output with binary cross-entropy (one independent ' +
        `yes/no per digit); this configuration keeps ${config.activation} + ${config.loss} as chosen.`,
    );
  }
  if (plan.accuracyResolvesTo) {
    notes.push(
      `Keras 3 resolves metrics=["accuracy"] from the shapes of the first batch to ${plan.accuracyResolvesTo}` +
        ` (the loss is ignored); the history key stays "accuracy".`,
    );
  }
  return notes;
}
