/**
 * Every combination of task × activation × loss × from_logits × labels × metric × optimizer ×
 * model, exported to all three targets: the key calls and arguments are checked on each script,
 * and every script is parsed (Python by CPython's ast, JavaScript by TypeScript's parser).
 * Pruned: multi-label tasks with `int`/`onehot` labels, which cannot hold several digits (the export
 * uses multi-hot there, checked in codegen.test.ts). Semantics alternate with the optimizer, so both
 * semantics meet every other combination. The binary task's MLPs end in one unit, its CNNs in two.
 */
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../config';
import {
  ACTIVATIONS,
  DEFAULT_CONFIG,
  LABEL_ENCODINGS,
  LOSSES,
  METRICS,
  MODELS,
  OPTIMIZERS,
  SEMANTICS,
  TASKS,
} from '../config';
import { generateCode } from '.';
import { cnnSide, planCode } from './plan';
import { PYTHON_LOSSLAB_HELPERS } from './reproduce';
import { torchLossPath } from './pytorch';

interface SyntaxModule {
  parsePython: (sources: readonly string[]) => { index: number; error: string }[];
  parseJsModules: (sources: readonly string[]) => { index: number; error: string }[];
}
// A computed specifier keeps the Node-only helper out of the core's (Node-free) type program.
const syntaxPath = '../../test/syntax';
const loadSyntax = () => import(/* @vite-ignore */ syntaxPath) as Promise<SyntaxModule>;

function matrix(): RunConfig[] {
  const configs: RunConfig[] = [];
  for (const task of TASKS)
    for (const labels of LABEL_ENCODINGS) {
      if (task === 'multilabel' && labels !== 'multihot') continue;
      for (const activation of ACTIVATIONS)
        for (const loss of LOSSES)
          for (const fromLogits of [false, true])
            for (const metric of METRICS)
              OPTIMIZERS.forEach((optimizer, o) => {
                for (const model of MODELS) {
                  const semantics = SEMANTICS[o % 2] ?? 'tf';
                  const momentum = optimizer === 'sgd' ? 0.9 : 0;
                  configs.push({
                    ...DEFAULT_CONFIG,
                    task,
                    outputs: task === 'binary' && model === 'cnn' ? 2 : 1,
                    labels,
                    activation,
                    loss,
                    fromLogits,
                    metric,
                    optimizer,
                    model,
                    semantics,
                    momentum,
                  });
                }
              });
    }
  return configs;
}

const CONFIGS = matrix();

/** Generating and parsing ~35,000 scripts per target takes tens of seconds on a busy machine. */
const MATRIX_TIMEOUT_MS = 300_000;

const KERAS_LOSS: Record<string, string> = {
  binary_crossentropy: 'BinaryCrossentropy',
  categorical_crossentropy: 'CategoricalCrossentropy',
  sparse_categorical_crossentropy: 'SparseCategoricalCrossentropy',
  mean_squared_error: 'MeanSquaredError',
  kl_divergence: 'KLDivergence',
};

/** Losses Keras does not have: the script defines them as functions. */
const CUSTOM_LOSSES = ['weighted_binary_crossentropy', 'abs_kl_divergence'];

const KERAS_OPT: Record<string, string> = {
  adam: 'keras.optimizers.Adam(learning_rate=0.001)',
  sgd: 'keras.optimizers.SGD(learning_rate=0.001, momentum=0.9)',
  rmsprop: 'keras.optimizers.RMSprop(learning_rate=0.001)',
  adagrad: 'keras.optimizers.Adagrad(learning_rate=0.001)',
  adadelta: 'keras.optimizers.Adadelta(learning_rate=0.001)',
};

const TORCH_OPT: Record<string, string> = {
  adam: 'torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-07)',
  sgd: 'torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)',
  rmsprop: 'torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-07)',
  adagrad:
    'torch.optim.Adagrad(model.parameters(), lr=0.001, initial_accumulator_value=0.1, eps=1e-07)',
  adadelta: 'torch.optim.Adadelta(model.parameters(), lr=0.001, rho=0.95, eps=1e-07)',
};

const TFJS_OPT: Record<string, string> = {
  adam: 'tf.train.adam(0.001, 0.9, 0.999, 1e-7)',
  sgd: 'tf.train.momentum(0.001, 0.9)',
  rmsprop: 'tf.train.rmsprop(0.001, 0.9, 0, 1e-7)',
  adagrad: 'tf.train.adagrad(0.001, 0.1)',
  adadelta: 'tf.train.adadelta(0.001, 0.95, 1e-7)',
};

/** Failures collected over the whole matrix, so one bad rule reports once with an example. */
function check(failures: Map<string, string>, label: string, ok: boolean, config: RunConfig): void {
  if (!ok && !failures.has(label)) failures.set(label, JSON.stringify(config));
}

function kerasChecks(config: RunConfig, code: string, f: Map<string, string>): void {
  const plan = planCode(config);
  const has = (label: string, s: string) => check(f, label, code.includes(s), config);
  has(
    'backend',
    `os.environ["KERAS_BACKEND"] = "${config.semantics === 'tf' ? 'tensorflow' : 'jax'}"`,
  );
  has('optimizer', `optimizer=${KERAS_OPT[config.optimizer] ?? '?'},`);
  has('batch size', 'batch_size=64,');
  has('epochs', 'epochs=5,');
  has('sizes', 'TRAIN_SIZE = 6000\nTEST_SIZE = 1000');
  has('seed', 'SEED = 42');
  if (plan.multilabel) {
    has('data', 'keras.datasets.mnist.load_data()');
  } else {
    // Single-label runs reproduce the page's: its data file, initial weights and batch order.
    has('page data', 'x_all, y_all = load_losslab_digits(DATA_FILE)');
    has('page weights', 'losslab_glorot(w.shape, SEED, next(kernel_seeds))');
    has('page batch order', 'callbacks=[PageOrder(batches)],');
  }
  const units = plan.binary ? 'OUTPUT_UNITS' : 'NUM_CLASSES';
  const out =
    config.activation === 'linear'
      ? `layers.Dense(${units}),  # linear`
      : `layers.Dense(${units}, activation="${config.activation}"),`;
  has('output activation', out);
  has('classes', plan.binary ? 'NUM_CLASSES = 2' : 'NUM_CLASSES = 10');
  if (plan.binary) {
    has('units', `OUTPUT_UNITS = ${config.outputs}`);
    has('answers', 'y_train = (y_train == 0).astype("uint8")');
  }
  if (CUSTOM_LOSSES.includes(config.loss)) {
    const partial = config.fromLogits && config.loss === 'abs_kl_divergence';
    has(
      'custom loss',
      partial
        ? `loss=functools.partial(${config.loss}, from_logits=True),`
        : `loss=${config.loss},`,
    );
    has('custom def', `def ${config.loss}(y_true, y_pred):`);
    check(f, 'functools iff partial', code.includes('import functools') === partial, config);
  } else if (config.loss === 'binary_focal_crossentropy') {
    has(
      'focal loss',
      `loss=keras.losses.BinaryFocalCrossentropy(apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=${config.fromLogits ? 'True' : 'False'}),`,
    );
  } else if (config.loss.endsWith('crossentropy')) {
    has(
      'ce loss',
      `loss=keras.losses.${KERAS_LOSS[config.loss] ?? '?'}(from_logits=${config.fromLogits ? 'True' : 'False'}),`,
    );
  } else {
    has(
      'other loss',
      `loss=keras.losses.${KERAS_LOSS[config.loss] ?? '?'}(${config.fromLogits ? 'from_logits=True' : ''}),`,
    );
  }
  const categorical = (plan.labels === 'onehot' || plan.labels === 'multihot') && !plan.multilabel;
  check(
    f,
    'a column iff column labels',
    code.includes('y_train = y_train.reshape(-1, 1).astype("float32")') ===
      (plan.labels === 'column'),
    config,
  );
  check(
    f,
    'to_categorical iff one-hot',
    code.includes('keras.utils.to_categorical(y_train, NUM_CLASSES)') === categorical,
    config,
  );
  check(
    f,
    'compose iff multi-label',
    code.includes('compose_multilabel(x_train, y_train, TRAIN_SIZE, rng)') === plan.multilabel,
    config,
  );
  const metricsLine = code.split('\n').find((l) => l.trimStart().startsWith('metrics=[')) ?? '';
  for (const m of plan.metrics) {
    const own = m === 'subset_accuracy' || m === 'hamming_loss';
    check(f, `metric ${m}`, metricsLine.includes(own ? m : `"${m}"`), config);
    if (own) has(`def ${m}`, `def ${m}(y_true, y_pred):`);
  }
  if (config.model === 'mlp') {
    has(
      'mlp',
      `keras.Input(shape=(${plan.rows}, ${plan.cols})),\n        layers.Flatten(),\n        layers.Dense(128, activation="relu"),`,
    );
  } else {
    has(
      'cnn',
      `keras.Input(shape=(${plan.rows}, ${plan.cols}, 1)),\n        layers.Conv2D(8, 3, activation="relu"),`,
    );
  }
  check(
    f,
    'error comment iff Keras fails',
    code.includes('# Keras raises here') === Boolean(plan.failure),
    config,
  );
  if (plan.failure) {
    const before = plan.failure.at === 'compile' ? 'model.compile(' : 'history = model.fit(';
    const lines = code.split('\n');
    const at = lines.indexOf(before);
    check(
      f,
      'error comment right before the failing call',
      at > 0 && /^# /.test(lines[at - 1] ?? ''),
      config,
    );
  }
}

function torchChecks(config: RunConfig, code: string, f: Map<string, string>): void {
  const plan = planCode(config);
  const has = (label: string, s: string) => check(f, label, code.includes(s), config);
  has('optimizer', `optimizer = ${TORCH_OPT[config.optimizer] ?? '?'}`);
  has('batch size', 'BATCH_SIZE = 64');
  has('epochs', 'EPOCHS = 5');
  if (plan.multilabel) {
    has('data', 'datasets.MNIST("data", train=True, download=True)');
    has('init', 'nn.init.xavier_uniform_(module.weight)');
  } else {
    has('page data', 'x_all, y_all = load_losslab_digits(DATA_FILE)');
    has('page weights', 'init_like_losslab(model)');
    has('page batch order', 'epoch_order(TRAIN_SIZE, SEED, epoch + 1)');
  }
  const path = torchLossPath(config);
  const isBce = config.loss === 'binary_crossentropy';
  if (config.loss === 'binary_focal_crossentropy') {
    has('focal factor', '    loss = (1 - p_t) ** GAMMA * bce');
    has('gamma', 'GAMMA = 2.0');
    has(
      'focal sigmoid iff from_logits',
      config.fromLogits ? '    q = torch.sigmoid(p)' : '    q = p\n',
    );
    // Keras on TF reads logits (cached, or cached by its own sigmoid); otherwise clipped BCE.
    const onLogits =
      config.semantics === 'tf' && (config.fromLogits || config.activation !== 'linear');
    has(
      'focal bce',
      onLogits
        ? `bce = F.binary_cross_entropy_with_logits(${config.fromLogits ? 'p' : 'z'}, y, reduction="none")`
        : 'q_c = q.clamp(EPS, 1 - EPS)',
    );
  } else if (config.loss === 'abs_kl_divergence') {
    has('abs kld', '((y_c - p_c) * (y_c / p_c).log()).abs().sum(dim=-1).mean()');
    has('abs kld clip', 'y_c, p_c = y.clamp(EPS, 1), p.clamp(EPS, 1)');
  } else if (path === 'logits' || path === 'twice') {
    has(
      'native loss',
      isBce ? 'loss_fn = nn.BCEWithLogitsLoss()' : 'loss_fn = nn.CrossEntropyLoss()',
    );
    has(
      'loss input',
      path === 'logits' ? 'return loss_fn(z, y)' : 'return loss_fn(activation(z), y)',
    );
  } else if (path === 'probabilities') {
    has('clipped formula', 'clamp(EPS, 1 - EPS)');
    has('probability input', '    p = activation(z)');
  } else if (config.loss === 'mean_squared_error') {
    has('mse', 'loss_fn = nn.MSELoss()');
  } else if (config.loss === 'weighted_binary_crossentropy') {
    has('pos weight', 'nn.BCEWithLogitsLoss(pos_weight=torch.tensor(POS_WEIGHT))');
  } else {
    has('kld', '(y_c * (y_c / p_c).log()).sum(dim=-1).mean()');
  }
  const labels = plan.multilabel
    ? 'torch.tensor(y_train), torch.tensor(y_test)'
    : plan.labels === 'int'
      ? 'torch.tensor(y_train, dtype=torch.long)'
      : plan.labels === 'column'
        ? 'torch.tensor(y_train, dtype=torch.float32).unsqueeze(1)'
        : 'F.one_hot(';
  has('labels', labels);
  const fanIn =
    config.model === 'mlp' ? '128' : `16 * ${cnnSide(plan.rows)} * ${cnnSide(plan.cols)}`;
  has('units', `nn.Linear(${fanIn}, ${plan.binary ? 'OUTPUT_UNITS' : 'NUM_CLASSES'}),`);
  // Keras expands (B,) labels to a one-unit output; PyTorch would broadcast them to (B, B).
  const idsOnOneUnit = plan.labels === 'int' && plan.outputs === 1;
  const expanded = code.includes('.unsqueeze(-1).float()  # Keras expands');
  check(f, 'labels expanded only where ids meet one unit', !expanded || idsOnOneUnit, config);
  if (idsOnOneUnit && plan.loss.family !== 'sparse')
    check(f, 'loss labels expanded', expanded, config);
  for (const m of plan.metrics) {
    const fn = m === 'accuracy' ? (plan.accuracyResolvesTo ?? '?') : m;
    has(`metric ${m}`, `def ${fn}(y_true, y_pred):`);
    has(`metric entry ${m}`, `"${m}": ${fn},`);
  }
  has(
    'model',
    config.model === 'mlp' ? `nn.Linear(${plan.rows} * ${plan.cols}, 128),` : 'nn.Conv2d(1, 8, 3),',
  );
  check(f, 'no softmax layer in the model', !/nn\.(Softmax|Sigmoid)\(/.test(code), config);
}

function tfjsChecks(config: RunConfig, code: string, f: Map<string, string>): void {
  const plan = planCode(config);
  const has = (label: string, s: string) => check(f, label, code.includes(s), config);
  has('optimizer', `optimizer: ${TFJS_OPT[config.optimizer] ?? '?'},`);
  has('batch size', 'batchSize: 64,');
  has('epochs', 'epochs: 5,');
  has(
    'activation',
    `units: ${plan.binary ? 'OUTPUT_UNITS' : 'NUM_CLASSES'}, activation: '${config.activation}'`,
  );
  if (plan.binary) has('answers', 'const answer = (digit) => (digit === 0 ? 1 : 0);');
  has('import', "import * as tf from '@tensorflow/tfjs';");
  const ce = [
    'binary_crossentropy',
    'categorical_crossentropy',
    'sparse_categorical_crossentropy',
  ].includes(config.loss);
  if (ce && config.fromLogits) {
    has('logits loss', 'loss: lossFromLogits,');
    has(
      'tf.losses',
      isBceOf(config) ? 'tf.losses.sigmoidCrossEntropy(' : 'tf.losses.softmaxCrossEntropy(',
    );
  } else if (config.loss === 'weighted_binary_crossentropy') {
    has('weighted', 'loss: weightedBinaryCrossentropy,');
  } else if (config.loss === 'binary_focal_crossentropy') {
    has('focal', 'loss: binaryFocalCrossentropy,');
    has('focal sigmoid', `const q = ${config.fromLogits ? 'tf.sigmoid(yPred)' : 'yPred'};`);
  } else if (config.loss === 'abs_kl_divergence') {
    has('abs kld', 'loss: absKlDivergence,');
    has('abs kld def', 'tf.sum(tf.abs(tf.mul(tf.sub(y, p), tf.log(tf.div(y, p)))), -1)');
  } else {
    const names: Record<string, string> = {
      binary_crossentropy: 'binaryCrossentropy',
      categorical_crossentropy: 'categoricalCrossentropy',
      sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
      mean_squared_error: 'meanSquaredError',
      kl_divergence: 'kullbackLeiblerDivergence',
    };
    has('string loss', `loss: '${names[config.loss] ?? '?'}',`);
  }
  check(f, 'no snake_case metric strings', !/metrics: \[[^\]]*'[a-z]+_[a-z_]+'/.test(code), config);
  check(f, 'no sparse accuracy string', !code.includes("'sparseCategoricalAccuracy'"), config);
  if (
    plan.metrics.includes('sparse_categorical_accuracy') &&
    !(
      ce &&
      config.fromLogits &&
      config.loss === 'sparse_categorical_crossentropy' &&
      (plan.labels === 'int' || plan.labels === 'column')
    )
  ) {
    has('sparse accuracy function', 'tf.metrics.sparseCategoricalAccuracy');
  }
  if (config.metric === 'accuracy') has('accuracy string', "metrics: ['accuracy'");
}

function isBceOf(config: RunConfig): boolean {
  return config.loss === 'binary_crossentropy';
}

/**
 * The scripts to parse: the page-run helpers (the same block in every single-label script) once,
 * then every distinct script without them, so parsing costs what it did before they existed.
 */
function withoutPageHelpers(sources: readonly string[]): string[] {
  const helpers = PYTHON_LOSSLAB_HELPERS.join('\n');
  return [helpers, ...dedupe(sources.map((code) => code.replace(helpers, '')))];
}

describe('generateCode over the whole configuration matrix', () => {
  it(`covers ${CONFIGS.length} configurations per target`, () => {
    // 4 label encodings for multiclass + 1 for multilabel + 4 for binary, × 3 activations ×
    // 8 losses × 2 × 8 metrics × 5 optimizers × 2 models.
    expect(CONFIGS.length).toBe(9 * 3 * 8 * 2 * 8 * 5 * 2);
  });

  it(
    'Keras: key calls, arguments and error comments; every script parses',
    async () => {
      const failures = new Map<string, string>();
      const sources = CONFIGS.map((config) => {
        const { code } = generateCode(config, 'keras');
        kerasChecks(config, code, failures);
        return code;
      });
      expect(Object.fromEntries(failures)).toEqual({});
      const { parsePython } = await loadSyntax();
      expect(parsePython(withoutPageHelpers(sources))).toEqual([]);
    },
    MATRIX_TIMEOUT_MS,
  );

  it(
    'PyTorch: losses on the right input, labels, metrics, optimizer; every script parses',
    async () => {
      const failures = new Map<string, string>();
      const sources = CONFIGS.map((config) => {
        const { code } = generateCode(config, 'pytorch');
        torchChecks(config, code, failures);
        return code;
      });
      expect(Object.fromEntries(failures)).toEqual({});
      const { parsePython } = await loadSyntax();
      expect(parsePython(withoutPageHelpers(sources))).toEqual([]);
    },
    MATRIX_TIMEOUT_MS,
  );

  it(
    'TF.js: camelCase strings, logits losses, metric functions; every module parses',
    async () => {
      const failures = new Map<string, string>();
      const sources = CONFIGS.map((config) => {
        const { code } = generateCode(config, 'tfjs');
        tfjsChecks(config, code, failures);
        return code;
      });
      expect(Object.fromEntries(failures)).toEqual({});
      const { parseJsModules } = await loadSyntax();
      expect(parseJsModules(dedupe(sources))).toEqual([]);
    },
    MATRIX_TIMEOUT_MS,
  );
});

/**
 * The optimizer changes exactly one line of a script (checked above by the optimizer assertion);
 * with that line's expression replaced, scripts that differ only by optimizer collapse into one,
 * and each optimizer expression is parsed on its own in codegen.test.ts. This keeps the parse of
 * the full matrix to one CPython process of a few seconds.
 */
function dedupe(sources: readonly string[]): string[] {
  const unique = new Set<string>();
  for (const s of sources) {
    unique.add(
      s
        .replace(/^(\s*optimizer[=:] ?)(.*?)(,?)$/m, '$1OPTIMIZER$3')
        .replace(/^(optimizer = ).*$/m, '$1OPTIMIZER')
        .replace(/^(\s*# LossLab export|\/\/ LossLab export).*(\n(#|\/\/) .*)*$/m, '$1'),
    );
  }
  return [...unique];
}
