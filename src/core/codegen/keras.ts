/**
 * Keras 3 export: the configuration as a runnable Python script. The script is literal: a
 * combination Keras rejects is written as chosen, so running it reproduces the error, and a
 * comment at the failing line says which error to expect.
 */
import type { LossKeyword } from '../catalogue';
import {
  DEFAULT_THRESHOLD,
  KEYWORD_PYTHON,
  appliedTwice,
  lossPathOf,
  metricEntry,
  optimizerEntry,
  takesKeyword,
} from '../catalogue';
import { binaryMetricExprs, binaryMetricsNote, compilesBinaryMetrics } from '../binaryEpoch';
import type { MetricName, RunConfig } from '../config';
import type { CodePlan } from './plan';
import { cnnSide } from './plan';
import { dataNote, pythonData } from './data';
import { pythonInitialKernels, usesPageData } from './reproduce';
import { pythonBinaryAnswers, pythonTaskConstants, unitsName } from './task';
import { comment, floatLit, intLit, pythonCompose, summary } from './text';

/**
 * `keras.optimizers.Adam(learning_rate=0.001)`, from the optimizer catalogue: the learning rate and
 * the keywords the configuration sets (SGD's momentum); the rest are Keras' defaults.
 */
export function kerasOptimizer(config: RunConfig): string {
  const entry = optimizerEntry(config.optimizer);
  const args = [
    `learning_rate=${floatLit(config.learningRate)}`,
    ...entry.fromConfig.map((field) => `${field}=${floatLit(config[field])}`),
  ];
  return `keras.optimizers.${entry.kerasClass}(${args.join(', ')})`;
}

/**
 * The `loss=` argument. A Keras class gets the keywords LossLab computes with (its catalogue
 * values, e.g. the focal loss's gamma), `from_logits` when it takes it (or when the config sets it,
 * which is what makes Keras raise the TypeError), and `label_smoothing` when set. A custom
 * function is passed by name; `from_logits=True` reaches it through `functools.partial`, which is
 * how Python would fail on it.
 */
export function kerasLossExpr(config: RunConfig, plan: CodePlan): string {
  const entry = plan.loss;
  if (entry.keras.kind === 'custom') {
    const name = config.loss;
    return config.fromLogits && entry.fromLogits === 'rejected'
      ? `functools.partial(${name}, from_logits=True)`
      : name;
  }
  const python = (v: number | boolean) =>
    typeof v === 'boolean' ? (v ? 'True' : 'False') : floatLit(v);
  const args = (Object.keys(KEYWORD_PYTHON) as LossKeyword[]).flatMap((k) => {
    const value = plan.lossContext.keywords[k];
    const written =
      k === 'fromLogits'
        ? takesKeyword(entry, k) || config.fromLogits
        : k === 'labelSmoothing'
          ? plan.labelSmoothing !== 0
          : takesKeyword(entry, k);
    return written ? [`${KEYWORD_PYTHON[k]}=${python(value)}`] : [];
  });
  return `keras.losses.${entry.keras.className}(${args.join(', ')})`;
}

/** One entry of `metrics=[...]`. */
export function kerasMetricExpr(metric: MetricName, plan: CodePlan): string {
  if (metric === 'accuracy') return `"${metric}"`;
  const entry = metricEntry(metric);
  if (entry.kerasClass === null) return metric;
  if (entry.threshold && plan.threshold !== DEFAULT_THRESHOLD) {
    return `keras.metrics.${entry.kerasClass}(threshold=${floatLit(plan.threshold)})`;
  }
  return `"${metric}"`;
}

/**
 * Everything `metrics=[...]` lists: the chosen metric (and the multi-label threshold metrics),
 * then, for a binary task whose labels they can read, Precision, Recall and AUC (binaryEpoch.ts),
 * which the page logs every epoch as well.
 */
function kerasMetricList(config: RunConfig, plan: CodePlan): string[] {
  return [
    ...plan.metrics.map((m) => kerasMetricExpr(m, plan)),
    ...(compilesBinaryMetrics(config) ? binaryMetricExprs(config) : []),
  ];
}

function modelLines(config: RunConfig, plan: CodePlan): string[] {
  const act = config.activation === 'linear' ? '' : `, activation="${config.activation}"`;
  const out = `        layers.Dense(${unitsName(plan)}${act}),${config.activation === 'linear' ? '  # linear: logits' : ''}`;
  const body =
    config.model === 'mlp'
      ? [
          `        keras.Input(shape=(${plan.rows}, ${plan.cols})),`,
          '        layers.Flatten(),',
          `        layers.Dense(${intLit(config.units)}, activation="relu"),`,
        ]
      : [
          `        keras.Input(shape=(${plan.rows}, ${plan.cols}, 1)),`,
          '        layers.Conv2D(8, 3, activation="relu"),',
          '        layers.MaxPooling2D(2),',
          '        layers.Conv2D(16, 3, activation="relu"),',
          '        layers.MaxPooling2D(2),',
          `        layers.Flatten(),  # 16 x ${cnnSide(plan.rows)} x ${cnnSide(plan.cols)}`,
        ];
  return ['model = keras.Sequential(', '    [', ...body, out, '    ]', ')'];
}

/** Keras: the model starts from LossLab's initial weights (reproduce.ts). */
function pageWeightLines(plan: CodePlan): string[] {
  return [
    ...pythonInitialKernels(plan),
    'kernel_seeds = iter(KERNEL_SEEDS)',
    'model.set_weights(',
    '    [',
    '        losslab_glorot(w.shape, SEED, next(kernel_seeds)) if w.ndim > 1 else np.zeros_like(w)',
    '        for w in model.get_weights()',
    '    ]',
    ')',
  ];
}

/** Keras: the training digits in the page's batch order, a new order each epoch. */
function pageBatchLines(config: RunConfig): string[] {
  return [
    '',
    '',
    `BATCH_SIZE = ${intLit(config.batchSize)}`,
    '',
    '',
    'class PageBatches(keras.utils.PyDataset):',
    '    """The training digits in LossLab\'s batch order; PageOrder sets each epoch\'s."""',
    '',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.order = epoch_order(TRAIN_SIZE, SEED, 1)',
    '',
    '    def __len__(self):',
    '        return -(-TRAIN_SIZE // BATCH_SIZE)',
    '',
    '    def __getitem__(self, i):',
    '        batch = self.order[i * BATCH_SIZE : (i + 1) * BATCH_SIZE]',
    '        return x_train[batch], y_train[batch]',
    '',
    '',
    'class PageOrder(keras.callbacks.Callback):',
    '    """Draws the order of each epoch as it begins (Keras counts epochs from 0, LossLab from 1)."""',
    '',
    '    def __init__(self, batches):',
    '        super().__init__()',
    '        self.batches = batches',
    '',
    '    def on_epoch_begin(self, epoch, logs=None):',
    '        self.batches.order = epoch_order(TRAIN_SIZE, SEED, epoch + 1)',
    '',
    '',
    'batches = PageBatches()',
  ];
}

function labelLines(plan: CodePlan): string[] {
  if (plan.multilabel) return ['# Labels: multi-hot rows (B, 10), one 1 per digit shown.'];
  const ids = plan.binary ? '0/1 answers' : 'integer class ids';
  if (plan.labels === 'int') {
    return [`# Labels: ${ids} of shape (B,)${plan.binary ? '' : ', as load_data() returns them'}.`];
  }
  if (plan.labels === 'column') {
    return [
      `# Labels: the ${ids} as a float32 column of shape (B, 1).`,
      'y_train = y_train.reshape(-1, 1).astype("float32")',
      'y_test = y_test.reshape(-1, 1).astype("float32")',
    ];
  }
  return [
    `# Labels: ${plan.labels === 'onehot' ? 'one-hot' : 'multi-hot (one-hot for single labels)'} rows of shape (B, ${plan.classes}).`,
    'y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)',
    'y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)',
  ];
}

function customFunctions(plan: CodePlan): string[] {
  const lines: string[] = [];
  if (plan.loss.keras.kind === 'custom') {
    lines.push('', '', ...plan.loss.keras.define(plan.lossContext).lines);
  }
  const own = plan.metrics.filter((m) => m !== 'accuracy' && metricEntry(m).kerasClass === null);
  if (own.length > 0) lines.push('', '', `THRESHOLD = ${floatLit(plan.threshold)}`);
  for (const metric of own) {
    const body = metric === 'accuracy' ? [] : (metricEntry(metric).kerasBody ?? []);
    lines.push('', '', `def ${metric}(y_true, y_pred):`, ...body.map((l) => `    ${l}`));
  }
  return lines;
}

/** Notes on what Keras computes for this combination (logits cache, double activation). */
function semanticNotes(plan: CodePlan): string[] {
  const { config, loss, lossContext } = plan;
  const notes: string[] = [];
  const act = config.activation;
  if (lossContext.path === 'cached-logits') {
    const lossAct = loss.family === 'binary' ? 'sigmoid' : 'softmax';
    const mismatch = (act === 'softmax') !== (lossAct === 'softmax');
    notes.push(
      `On TensorFlow a ${act} output carries its pre-activation logits and ${config.loss} uses them` +
        (mismatch
          ? `, even though they belong to the other activation: the value is the ${lossAct} cross-entropy of the ${act}'s logits, not a loss on the ${act} probabilities.`
          : `, so the loss is exact and unbounded${
              lossPathOf(loss, { ...config, fromLogits: true }) === 'cached-logits'
                ? ' whatever from_logits says'
                : ''
            }.`),
    );
  }
  if (config.semantics === 'plain' && takesKeyword(loss, 'fromLogits')) {
    notes.push(
      'Semantics "plain" is Keras on JAX (or PyTorch): no logits cache, so the cross-entropies read the ' +
        'activated output and clip it to [1e-7, 1 - 1e-7].',
    );
  }
  if (takesKeyword(loss, 'fromLogits') && appliedTwice(loss, config)) {
    notes.push(
      `from_logits=True after a ${act}: the ${act} output is read as logits, so the activation is applied twice.`,
    );
  }
  if (loss.keras.kind === 'custom') {
    notes.push(
      `Keras has no ${config.loss} loss; the script defines it as a function: ${loss.summary}.`,
    );
  }
  return notes;
}

/** The Keras 3 script and its notes. */
export function kerasCode(
  plan: CodePlan,
  shared: readonly string[],
): { code: string; notes: string[] } {
  const { config } = plan;
  const backend = config.semantics === 'tf' ? 'tensorflow' : 'jax';
  const custom =
    plan.loss.keras.kind === 'custom' ? plan.loss.keras.define(plan.lossContext) : undefined;
  const partial = kerasLossExpr(config, plan).startsWith('functools.');
  const failure = plan.failure;
  const failLines = failure
    ? comment(`Keras raises here, as LossLab shows: ${failure.type}: ${failure.message}`)
    : [];
  const page = usesPageData(plan);
  const data = pythonData(plan, 'keras');
  const lines: string[] = [
    ...comment(`LossLab export, Keras 3 (${backend} backend): ${summary(config, plan)}.`),
    ...(failure
      ? comment(
          `This configuration is an error in Keras; the script reproduces it (${failure.type}).`,
        )
      : []),
    ...plan.warnings.flatMap((w) => comment(`Keras warns: ${w}`)),
    ...(partial ? ['import functools'] : []),
    ...data.imports,
    'import os',
    '',
    `os.environ["KERAS_BACKEND"] = "${backend}"`,
    '',
    'import keras',
    'import numpy as np',
    ...(custom?.imports ?? []),
    'from keras import layers',
    '',
    `SEED = ${intLit(config.seed)}`,
    `TRAIN_SIZE = ${intLit(config.trainSize)}`,
    `TEST_SIZE = ${intLit(config.testSize)}`,
    ...pythonTaskConstants(plan),
    'keras.utils.set_random_seed(SEED)',
    '',
    ...data.lines,
    ...(plan.multilabel ? pythonCompose() : []),
    ...pythonBinaryAnswers(plan),
    '',
    `x_train = x_train.astype("float32")${config.model === 'cnn' ? '[..., None]' : ''} / 255.0`,
    `x_test = x_test.astype("float32")${config.model === 'cnn' ? '[..., None]' : ''} / 255.0`,
    ...labelLines(plan),
    '',
    ...modelLines(config, plan),
    ...(page ? pageWeightLines(plan) : []),
    ...customFunctions(plan),
    '',
    ...(failure?.at === 'compile' ? failLines : []),
    'model.compile(',
    `    optimizer=${kerasOptimizer(config)},`,
    `    loss=${kerasLossExpr(config, plan)},`,
    `    metrics=[${kerasMetricList(config, plan).join(', ')}],`,
    ')',
    ...(page ? pageBatchLines(config) : []),
    ...(failure?.at === 'fit' ? failLines : []),
    ...(page
      ? [
          'history = model.fit(',
          '    batches,',
          `    epochs=${intLit(config.epochs)},`,
          "    shuffle=False,  # the batches come in the page's order",
          '    callbacks=[PageOrder(batches)],',
          '    validation_data=(x_test, y_test),',
          '    validation_batch_size=BATCH_SIZE,',
          "    verbose=2,  # one line per epoch, like the page's Keras log",
          ').history',
        ]
      : [
          'history = model.fit(',
          '    x_train,',
          '    y_train,',
          `    batch_size=${intLit(config.batchSize)},`,
          `    epochs=${intLit(config.epochs)},`,
          '    validation_data=(x_test, y_test),',
          ')',
        ]),
    `print(model.evaluate(x_test, y_test, batch_size=${intLit(config.batchSize)}, return_dict=True))`,
    '',
  ];
  return {
    code: lines.join('\n'),
    notes: [
      ...shared,
      ...semanticNotes(plan),
      ...[binaryMetricsNote(config)].filter((n) => n !== null),
      dataNote(plan, 'keras'),
    ],
  };
}
