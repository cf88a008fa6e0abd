/**
 * Keras 3 export: the configuration as a runnable Python script. The script is literal: a
 * combination Keras rejects is written as chosen, so running it reproduces the error, and a
 * comment at the failing line says which error to expect.
 */
import type { LossName, MetricName, OptimizerName, RunConfig } from '../config';
import type { CodePlan } from './plan';
import { cnnSide } from './plan';
import { comment, floatLit, intLit, pythonCompose, pythonSample, summary } from './text';

const LOSS_CLASSES: Record<Exclude<LossName, 'weighted_binary_crossentropy'>, string> = {
  binary_crossentropy: 'BinaryCrossentropy',
  categorical_crossentropy: 'CategoricalCrossentropy',
  sparse_categorical_crossentropy: 'SparseCategoricalCrossentropy',
  mean_squared_error: 'MeanSquaredError',
  kl_divergence: 'KLDivergence',
};

const OPTIMIZER_CLASSES: Record<OptimizerName, string> = {
  adam: 'Adam',
  sgd: 'SGD',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
  adadelta: 'Adadelta',
};

/** `keras.optimizers.Adam(learning_rate=0.001)`; SGD also gets its momentum. */
export function kerasOptimizer(config: RunConfig): string {
  const lr = `learning_rate=${floatLit(config.learningRate)}`;
  const extra = config.optimizer === 'sgd' ? `, momentum=${floatLit(config.momentum)}` : '';
  return `keras.optimizers.${OPTIMIZER_CLASSES[config.optimizer]}(${lr}${extra})`;
}

/** The `loss=` argument. Keywords are written when Keras takes them, or when the config sets them. */
export function kerasLossExpr(config: RunConfig, plan: CodePlan): string {
  if (config.loss === 'weighted_binary_crossentropy') return 'weighted_binary_crossentropy';
  const args: string[] = [];
  const ce = config.loss.endsWith('crossentropy');
  // MSE/KLD take no from_logits: writing it is what makes Keras raise the TypeError.
  if (ce || config.fromLogits) args.push(`from_logits=${config.fromLogits ? 'True' : 'False'}`);
  if (plan.labelSmoothing && config.loss !== 'sparse_categorical_crossentropy' && ce) {
    args.push(`label_smoothing=${floatLit(plan.labelSmoothing)}`);
  }
  return `keras.losses.${LOSS_CLASSES[config.loss]}(${args.join(', ')})`;
}

/** One entry of `metrics=[...]`. */
export function kerasMetricExpr(metric: MetricName, plan: CodePlan): string {
  if (metric === 'subset_accuracy' || metric === 'hamming_loss') return metric;
  if (metric === 'binary_accuracy' && plan.threshold !== 0.5) {
    return `keras.metrics.BinaryAccuracy(threshold=${floatLit(plan.threshold)})`;
  }
  return `"${metric}"`;
}

function modelLines(config: RunConfig, plan: CodePlan): string[] {
  const act = config.activation === 'linear' ? '' : `, activation="${config.activation}"`;
  const out = `        layers.Dense(NUM_CLASSES${act}),${config.activation === 'linear' ? '  # linear: logits' : ''}`;
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

function labelLines(plan: CodePlan): string[] {
  if (plan.multilabel) return ['# Labels: multi-hot rows (B, 10), one 1 per digit shown.'];
  if (plan.labels === 'int') {
    return ['# Labels: integer class ids of shape (B,), as load_data() returns them.'];
  }
  return [
    `# Labels: ${plan.labels === 'onehot' ? 'one-hot' : 'multi-hot (one-hot for single digits)'} rows of shape (B, 10).`,
    'y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)',
    'y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)',
  ];
}

function customFunctions(config: RunConfig, plan: CodePlan): string[] {
  const lines: string[] = [];
  if (config.loss === 'weighted_binary_crossentropy') {
    lines.push('', '', `POS_WEIGHT = ${floatLit(plan.posWeight)}`, '', '');
    lines.push('def weighted_binary_crossentropy(y_true, y_pred):');
    lines.push(
      '    """Weighted sigmoid cross-entropy averaged over the labels; y_pred is read as logits."""',
    );
    if (config.semantics === 'tf') {
      lines.push('    y_true = tf.cast(y_true, y_pred.dtype)');
      lines.push(
        '    values = tf.nn.weighted_cross_entropy_with_logits(y_true, y_pred, POS_WEIGHT)',
      );
      lines.push('    return tf.reduce_mean(values, axis=-1)');
    } else {
      lines.push('    x, y = y_pred, keras.ops.cast(y_true, y_pred.dtype)');
      lines.push(
        '    softplus_neg = keras.ops.log1p(keras.ops.exp(-keras.ops.abs(x))) + keras.ops.relu(-x)',
      );
      lines.push('    values = (1.0 - y) * x + (1.0 + (POS_WEIGHT - 1.0) * y) * softplus_neg');
      lines.push('    return keras.ops.mean(values, axis=-1)');
    }
  }
  const own = plan.metrics.filter((m) => m === 'subset_accuracy' || m === 'hamming_loss');
  if (own.length > 0) lines.push('', '', `THRESHOLD = ${floatLit(plan.threshold)}`);
  for (const metric of own) {
    lines.push('', '', `def ${metric}(y_true, y_pred):`);
    if (metric === 'subset_accuracy') {
      lines.push(
        '    """1 when every label decision of a sample is right (exact match), else 0."""',
      );
      lines.push('    y_hat = keras.ops.cast(y_pred > THRESHOLD, y_true.dtype)');
      lines.push(
        '    return keras.ops.cast(keras.ops.all(keras.ops.equal(y_true, y_hat), axis=-1), "float32")',
      );
    } else {
      lines.push('    """The fraction of label decisions that are wrong (lower is better)."""');
      lines.push('    y_hat = keras.ops.cast(y_pred > THRESHOLD, y_true.dtype)');
      lines.push(
        '    return keras.ops.mean(keras.ops.cast(keras.ops.not_equal(y_true, y_hat), "float32"), axis=-1)',
      );
    }
  }
  return lines;
}

/** Notes on what Keras computes for this combination (logits cache, double activation). */
function semanticNotes(config: RunConfig): string[] {
  const notes: string[] = [];
  const ce = config.loss.endsWith('crossentropy') && config.loss !== 'weighted_binary_crossentropy';
  const act = config.activation;
  if (config.semantics === 'tf' && ce && act !== 'linear') {
    const mismatch =
      (act === 'softmax' && config.loss === 'binary_crossentropy') ||
      (act === 'sigmoid' && config.loss !== 'binary_crossentropy');
    notes.push(
      `On TensorFlow a ${act} output carries its pre-activation logits and ${config.loss} uses them` +
        (mismatch
          ? `, even though they belong to the other activation: the value is the ${config.loss === 'binary_crossentropy' ? 'sigmoid' : 'softmax'} cross-entropy of the ${act}'s logits, not a loss on the ${act} probabilities.`
          : ', so the loss is exact and unbounded whatever from_logits says.'),
    );
  }
  if (config.semantics === 'plain') {
    notes.push(
      'Semantics "plain" is Keras on JAX (or PyTorch): no logits cache, so the cross-entropies read the ' +
        'activated output and clip it to [1e-7, 1 - 1e-7].',
    );
    if (ce && config.fromLogits && act !== 'linear') {
      notes.push(
        `from_logits=True after a ${act}: the ${act} output is read as logits, so the activation is applied twice.`,
      );
    }
  }
  if (config.loss === 'weighted_binary_crossentropy') {
    notes.push(
      'Keras has no weighted binary cross-entropy loss; the script defines one with ' +
        'tf.nn.weighted_cross_entropy_with_logits semantics, which reads y_pred as logits (keep the output linear).',
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
  const needsTf = config.semantics === 'tf' && config.loss === 'weighted_binary_crossentropy';
  const failure = plan.failure;
  const failLines = failure
    ? comment(`Keras raises here, as LossLab shows: ${failure.type}: ${failure.message}`)
    : [];
  const lines: string[] = [
    ...comment(`LossLab export, Keras 3 (${backend} backend): ${summary(config, plan)}.`),
    ...(failure
      ? comment(
          `This configuration is an error in Keras; the script reproduces it (${failure.type}).`,
        )
      : []),
    ...plan.warnings.flatMap((w) => comment(`Keras warns: ${w}`)),
    'import os',
    '',
    `os.environ["KERAS_BACKEND"] = "${backend}"`,
    '',
    'import keras',
    'import numpy as np',
    ...(needsTf ? ['import tensorflow as tf'] : []),
    'from keras import layers',
    '',
    `SEED = ${intLit(config.seed)}`,
    `TRAIN_SIZE = ${intLit(config.trainSize)}`,
    `TEST_SIZE = ${intLit(config.testSize)}`,
    'NUM_CLASSES = 10',
    'keras.utils.set_random_seed(SEED)',
    '',
    '(x_train_all, y_train_all), (x_test_all, y_test_all) = keras.datasets.mnist.load_data()',
    ...pythonSample(),
    ...(plan.multilabel ? pythonCompose() : []),
    '',
    `x_train = x_train.astype("float32")${config.model === 'cnn' ? '[..., None]' : ''} / 255.0`,
    `x_test = x_test.astype("float32")${config.model === 'cnn' ? '[..., None]' : ''} / 255.0`,
    ...labelLines(plan),
    '',
    ...modelLines(config, plan),
    ...customFunctions(config, plan),
    '',
    ...(failure?.at === 'compile' ? failLines : []),
    'model.compile(',
    `    optimizer=${kerasOptimizer(config)},`,
    `    loss=${kerasLossExpr(config, plan)},`,
    `    metrics=[${plan.metrics.map((m) => kerasMetricExpr(m, plan)).join(', ')}],`,
    ')',
    ...(failure?.at === 'fit' ? failLines : []),
    'history = model.fit(',
    '    x_train,',
    '    y_train,',
    `    batch_size=${intLit(config.batchSize)},`,
    `    epochs=${intLit(config.epochs)},`,
    '    validation_data=(x_test, y_test),',
    ')',
    `print(model.evaluate(x_test, y_test, batch_size=${intLit(config.batchSize)}, return_dict=True))`,
    '',
  ];
  return { code: lines.join('\n'), notes: [...shared, ...semanticNotes(config)] };
}
