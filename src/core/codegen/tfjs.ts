/**
 * TensorFlow.js export: a JavaScript module for tfjs-layers 4.x. TF.js is not Keras (spec §4):
 * camelCase loss strings with no `fromLogits`, no logits cache, `'accuracy'` resolved by the old
 * loss-based rule and named `acc`, no sparse-accuracy or top-k metric strings. The script reads
 * the data the configuration names (LossLab's own dataset file, or the student's IDX files) and
 * splits it as the app does, so the same seed gives the same images.
 */
import type { ConcreteMetric } from '../catalogue';
import {
  DEFAULT_THRESHOLD,
  KERAS_EPSILON,
  metricEntry,
  optimizerEntry,
  optimizerKeywords,
} from '../catalogue';
import type { MetricName, RunConfig } from '../config';
import type { CodePlan } from './plan';
import { dataNote, tfjsData } from './data';
import { jsTaskConstants, jsTaskSets, unitsName } from './task';
import { comment, floatLit, intLit, summary } from './text';

/** How the TF.js script expresses the loss. */
export interface TfjsLoss {
  /** The `loss:` value: a quoted string or a function name. */
  expr: string;
  /** Function definitions to emit before `compile`. */
  defs: string[];
  /** Targets the loss needs in place of class ids (custom losses are checked against [B, 10]). */
  needsDenseTargets: boolean;
}

/**
 * The TF.js loss for a configuration, from the loss's catalogue entry: its own function where it
 * writes one, `tf.losses.*` on logits for `from_logits=True`, smoothed targets for label
 * smoothing, else its camelCase string.
 */
export function tfjsLoss(config: RunConfig, plan: CodePlan): TfjsLoss {
  const ls = plan.labelSmoothing;
  const { tfjs, family } = plan.loss;
  const custom = tfjs.custom?.(plan.lossContext);
  if (custom) return { ...custom, needsDenseTargets: false };
  if (tfjs.logitsOp && config.fromLogits) {
    return {
      expr: 'lossFromLogits',
      needsDenseTargets: family === 'sparse',
      defs: [
        '// String losses have no fromLogits in TF.js; tf.losses.* take logits (and smoothing).',
        'function lossFromLogits(yTrue, yPred) {',
        `  return tf.losses.${tfjs.logitsOp}(yTrue, yPred, undefined, ${floatLit(ls)});`,
        '}',
      ],
    };
  }
  if (!tfjs.name) throw new Error(`${config.loss} has no TF.js loss string`);
  if (ls) {
    // Keras smooths categorical targets towards 1/K, K the output's units.
    const shift = family === 'binary' ? '0.5' : '1 / yPred.shape[yPred.rank - 1]';
    return {
      expr: 'smoothedLoss',
      needsDenseTargets: false,
      defs: [
        `// TF.js string losses take no label smoothing: smooth the targets, then call ${tfjs.name}.`,
        'function smoothedLoss(yTrue, yPred) {',
        `  const smoothed = tf.add(tf.mul(yTrue, 1 - ${floatLit(ls)}), ${floatLit(ls)} * ${shift});`,
        `  return tf.metrics.${tfjs.name}(smoothed, yPred);`,
        '}',
      ],
    };
  }
  return { expr: `'${tfjs.name}'`, defs: [], needsDenseTargets: false };
}

/**
 * What TF.js turns `'accuracy'` into: the old rule, from the output's units and the loss
 * *function object* (a one-unit output always gets binary accuracy).
 */
export function tfjsAccuracy(
  loss: TfjsLoss,
  outputs: number,
): 'binaryAccuracy' | 'sparseCategoricalAccuracy' | 'categoricalAccuracy' {
  if (outputs === 1 || loss.expr === "'binaryCrossentropy'") return 'binaryAccuracy';
  if (loss.expr === "'sparseCategoricalCrossentropy'") return 'sparseCategoricalAccuracy';
  return 'categoricalAccuracy';
}

function metricParts(
  plan: CodePlan,
  dense: boolean,
): { exprs: string[]; defs: string[]; notes: string[] } {
  const defs: string[] = [];
  const notes: string[] = [];
  const exprs = plan.metrics.map((m: MetricName) => {
    if (m === 'accuracy') return "'accuracy'";
    // Class-id metrics cannot read the one-hot targets a custom sparse loss needs.
    const metric: ConcreteMetric =
      dense && m === 'sparse_categorical_accuracy'
        ? 'categorical_accuracy'
        : dense && m === 'sparse_top_k_categorical_accuracy'
          ? 'top_k_categorical_accuracy'
          : m;
    if (metric !== m)
      notes.push(`${m} becomes ${metric} on the one-hot targets the custom loss needs.`);
    const { tfjs, threshold } = metricEntry(metric);
    const ownThreshold = threshold && plan.threshold !== DEFAULT_THRESHOLD;
    if (tfjs.expr !== undefined && !(ownThreshold && tfjs.fn)) return tfjs.expr;
    if (!tfjs.fn) throw new Error(`${metric} has no TF.js counterpart`);
    defs.push(...tfjs.fn.defs);
    return tfjs.fn.name;
  });
  return { exprs, defs, notes };
}

function modelLines(config: RunConfig, plan: CodePlan): string[] {
  const init = (i: number) =>
    `kernelInitializer: tf.initializers.glorotUniform({ seed: SEED + ${i} })`;
  const act = config.activation;
  const body =
    config.model === 'mlp'
      ? [
          `model.add(tf.layers.dense({ inputShape: [PIXELS], units: ${intLit(config.units)}, activation: 'relu', ${init(0)} }));`,
        ]
      : [
          `model.add(tf.layers.reshape({ inputShape: [PIXELS], targetShape: [${plan.rows}, ${plan.cols}, 1] }));`,
          `model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', ${init(0)} }));`,
          'model.add(tf.layers.maxPooling2d({ poolSize: 2 }));',
          `model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', ${init(1)} }));`,
          'model.add(tf.layers.maxPooling2d({ poolSize: 2 }));',
          'model.add(tf.layers.flatten());',
        ];
  return [
    'const model = tf.sequential();',
    ...body,
    `model.add(tf.layers.dense({ units: ${unitsName(plan)}, activation: '${act}', ${init(10)} }));`,
  ];
}

/** JS: LossLab's seeded split (splitmix32-seeded sfc32 + Fisher-Yates), so the digits match the app. */
export const SPLIT_LINES = [
  'function createRng(seed) {',
  '  let mix = seed >>> 0;',
  '  const words = [];',
  '  for (let i = 0; i < 4; i++) {',
  '    mix = (mix + 0x9e3779b9) | 0;',
  '    let t = mix ^ (mix >>> 16);',
  '    t = Math.imul(t, 0x21f0aaad);',
  '    t ^= t >>> 15;',
  '    t = Math.imul(t, 0x735a2d97);',
  '    t ^= t >>> 15;',
  '    words.push(t >>> 0);',
  '  }',
  '  let [a, b, c, d] = words;',
  '  const next = () => {',
  '    const t = (((a + b) | 0) + d) | 0;',
  '    d = (d + 1) | 0;',
  '    a = b ^ (b >>> 9);',
  '    b = (c + (c << 3)) | 0;',
  '    c = (c << 21) | (c >>> 11);',
  '    c = (c + t) | 0;',
  '    return t >>> 0;',
  '  };',
  '  const nextInt = (n) => {',
  '    const limit = 2 ** 32 - (2 ** 32 % n);',
  '    let u = next();',
  '    while (u >= limit) u = next();',
  '    return u % n;',
  '  };',
  '  const shuffle = (array) => {',
  '    for (let i = array.length - 1; i > 0; i--) {',
  '      const j = nextInt(i + 1);',
  '      [array[i], array[j]] = [array[j], array[i]];',
  '    }',
  '    return array;',
  '  };',
  '  return { nextInt, shuffle };',
  '}',
];

const COMPOSE_LINES = [
  '',
  '// 1-3 distinct digit classes per 56x56 canvas, each digit in its own cell of a 2x2 grid.',
  'function composeMultiLabel(images, labels, count, rng) {',
  '  const canvases = new Float32Array(count * 56 * 56);',
  '  const targets = new Float32Array(count * NUM_CLASSES);',
  '  const pools = Array.from({ length: NUM_CLASSES }, () => []);',
  '  labels.forEach((label, i) => pools[label].push(i));',
  '  const present = pools.flatMap((pool, digit) => (pool.length > 0 ? [digit] : []));',
  '  for (let i = 0; i < count; i++) {',
  '    const n = 1 + rng.nextInt(Math.min(3, present.length));',
  '    const classes = rng.shuffle(present.slice()).slice(0, n);',
  '    const cells = rng.shuffle([0, 1, 2, 3]).slice(0, n);',
  '    classes.forEach((digit, j) => {',
  '      const source = pools[digit][rng.nextInt(pools[digit].length)];',
  '      const top = 28 * Math.floor(cells[j] / 2);',
  '      const left = 28 * (cells[j] % 2);',
  '      for (let r = 0; r < 28; r++) {',
  '        for (let c = 0; c < 28; c++) {',
  '          canvases[i * 3136 + (top + r) * 56 + left + c] = images[source * 784 + r * 28 + c];',
  '        }',
  '      }',
  '      targets[i * NUM_CLASSES + digit] = 1;',
  '    });',
  '  }',
  '  return { images: canvases, targets };',
  '}',
];

/** `  const name = expr; // why`, from `labelsOf`'s `expr // why`. */
function labelLine(name: string, labels: string): string {
  const [expr, why] = labels.split(' // ');
  return `  const ${name} = ${expr ?? ''};${why ? ` // ${why}` : ''}`;
}

function dataLines(plan: CodePlan, dense: boolean): string[] {
  const labelsOf = (set: string) => {
    if (plan.multilabel) return `tf.tensor2d(${set}.targets, [${set}.count, NUM_CLASSES])`;
    const ids = plan.binary ? '0/1 answers' : 'class ids';
    if (plan.labels === 'int' && !dense)
      return `tf.tensor1d(${set}.labels, 'float32') // ${ids}, seen as [B, 1]`;
    if (plan.labels === 'column' && !dense)
      return `tf.tensor2d(${set}.labels, [${set}.count, 1], 'float32') // ${ids} as a column [B, 1]`;
    return `tf.oneHot(tf.tensor1d(${set}.labels, 'int32'), NUM_CLASSES).toFloat()`;
  };
  const compose = plan.multilabel
    ? [
        '  const composeRng = createRng(SEED);',
        '  const train = { count: TRAIN_SIZE, ...composeMultiLabel(trainDigits.images, trainDigits.labels, TRAIN_SIZE, composeRng) };',
        '  const test = { count: TEST_SIZE, ...composeMultiLabel(testDigits.images, testDigits.labels, TEST_SIZE, composeRng) };',
      ]
    : jsTaskSets(plan);
  return [
    ...tfjsData(plan).load,
    ...compose,
    '  const xTrain = tf.div(tf.tensor2d(train.images, [train.count, PIXELS]), 255);',
    '  const xTest = tf.div(tf.tensor2d(test.images, [test.count, PIXELS]), 255);',
    labelLine('yTrain', labelsOf('train')),
    labelLine('yTest', labelsOf('test')),
  ];
}

/** The TF.js module; notes get the TF.js-specific differences appended. */
export function tfjsCode(
  plan: CodePlan,
  shared: readonly string[],
): { code: string; notes: string[] } {
  const { config } = plan;
  const loss = tfjsLoss(config, plan);
  const dense = loss.needsDenseTargets && (plan.labels === 'int' || plan.labels === 'column');
  const metrics = metricParts(plan, dense);
  const notes = [...shared];
  if (config.metric === 'accuracy') {
    const tfjs = tfjsAccuracy(loss, plan.outputs);
    const keras = plan.accuracyResolvesTo;
    notes.push(
      `TF.js resolves 'accuracy' by the old loss-based rule to ${tfjs} and names it "acc" (history keys acc / val_acc)` +
        (keras && tfjs.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) !== keras
          ? `; Keras 3 computes ${keras} instead.`
          : '.'),
    );
  }
  if (config.fromLogits && loss.expr === 'lossFromLogits') {
    notes.push(
      'TF.js string losses have no fromLogits, so the script calls tf.losses.' +
        `${plan.loss.tfjs.logitsOp ?? ''}` +
        (config.activation === 'linear'
          ? ' on the logits.'
          : ` on the ${config.activation} output, which applies the activation twice (TF.js has no logits cache).`),
    );
  } else if (plan.lossContext.path === 'cached-logits') {
    notes.push(
      'TF.js has no logits cache: its cross-entropies read the clipped probabilities (capped at about 16.1), unlike Keras on TensorFlow.',
    );
  }
  if (dense)
    notes.push(
      `TF.js checks a custom loss's targets against the output shape [B, ${plan.outputs}], so class ids become one-hot targets here.`,
    );
  notes.push(...metrics.notes);
  if (plan.failure) {
    notes.push(
      `Keras raises ${plan.failure.type} here; TF.js checks targets in fit() with its own messages, and has no from_logits keyword to reject.`,
    );
  }
  notes.push(dataNote(plan, 'tfjs'));
  const data = tfjsData(plan);
  const failure = plan.failure;
  const lines = [
    ...comment(`LossLab export, TensorFlow.js: ${summary(config, plan)}.`, '// '),
    ...(failure
      ? comment(
          `Keras rejects this configuration (${failure.type}: ${failure.message}). See the notes for TF.js.`,
          '// ',
        )
      : []),
    "import * as tf from '@tensorflow/tfjs';",
    '',
    ...data.consts,
    `const SEED = ${intLit(config.seed)};`,
    `const TRAIN_SIZE = ${intLit(config.trainSize)};`,
    `const TEST_SIZE = ${intLit(config.testSize)};`,
    `const PIXELS = ${plan.rows * plan.cols};`,
    ...jsTaskConstants(plan),
    `const THRESHOLD = ${floatLit(plan.threshold)};`,
    '',
    ...SPLIT_LINES,
    ...data.helpers,
    ...(plan.multilabel ? COMPOSE_LINES : []),
    '',
    ...loss.defs,
    ...(loss.defs.length ? [''] : []),
    ...metrics.defs,
    ...(metrics.defs.length ? [''] : []),
    'async function main() {',
    '  await tf.ready();',
    `  // Keras clips at ${floatLit(KERAS_EPSILON)}; TF.js clips at the backend's epsilon, 1e-4 on float16-only WebGL.`,
    "  console.log('backend', tf.getBackend(), 'epsilon', tf.backend().epsilon());",
    ...dataLines(plan, dense),
    '',
    ...modelLines(config, plan).map((l) => `  ${l}`),
    '  model.compile({',
    `    optimizer: ${tfjsOptimizer(config)},`,
    `    loss: ${loss.expr},`,
    `    metrics: [${metrics.exprs.join(', ')}],`,
    '  });',
    '  await model.fit(xTrain, yTrain, {',
    `    batchSize: ${intLit(config.batchSize)},`,
    `    epochs: ${intLit(config.epochs)},`,
    '    validationData: [xTest, yTest],',
    '    shuffle: true,',
    "    callbacks: { onEpochEnd: (epoch, logs) => console.log('epoch', epoch + 1, logs) },",
    '  });',
    '}',
    '',
    'main();',
    '',
  ];
  return { code: lines.join('\n'), notes };
}

/** The tfjs optimizer with Keras' defaults (the optimizer catalogue's), as LossLab's engine builds it. */
export function tfjsOptimizer(config: RunConfig): string {
  const entry = optimizerEntry(config.optimizer);
  const keywords = optimizerKeywords(config);
  const momentum = keywords.momentum;
  const call =
    entry.tfjsWithMomentum && typeof momentum === 'number' && momentum > 0
      ? entry.tfjsWithMomentum
      : entry.tfjs;
  // A configured value is a float (`0.9`); a Keras default is written as tfjs' docs write it.
  const value = (name: string) =>
    (entry.fromConfig as readonly string[]).includes(name)
      ? floatLit(Number(keywords[name]))
      : String(keywords[name]);
  const args = [floatLit(config.learningRate), ...call.args.map(value)];
  return `tf.train.${call.factory}(${args.join(', ')})`;
}
