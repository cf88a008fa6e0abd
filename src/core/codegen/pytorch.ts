/**
 * PyTorch export: the same model, data and hyper-parameters, with the loss Keras would compute
 * written the PyTorch way. PyTorch never applies an activation for you and has no logits cache,
 * so the model always ends in logits `z`, `activation(z)` is what the metrics see, and the loss
 * reads whichever of the two Keras' formula reads (spec §7):
 * - "logits": the exact cross-entropy of the logits (`nn.CrossEntropyLoss`, `nn.BCEWithLogitsLoss`);
 * - "twice": `from_logits=True` after an activation on JAX: the native loss on `activation(z)`;
 * - "probabilities": Keras' clipped probability formulas, written by hand.
 */
import type { ConcreteMetric } from '../catalogue';
import {
  OPTIMIZERS,
  lossEntry,
  lossPathOf,
  metricEntry,
  optimizerEntry,
  optimizerKeywords,
} from '../catalogue';
import type { MetricName, RunConfig } from '../config';
import type { CodePlan } from './plan';
import { cnnSide } from './plan';
import { dataNote, pythonData } from './data';
import { pythonInitialKernels, usesPageData } from './reproduce';
import { pythonBinaryAnswers, pythonTaskConstants, unitsName } from './task';
import { comment, floatLit, indent, intLit, pythonCompose, summary } from './text';

export type TorchLossPath = 'logits' | 'twice' | 'probabilities' | 'other';

/**
 * Which input Keras' formula reads for this configuration (see the module comment), from the
 * catalogue's path rule; `other` for the losses that have no from_logits choice.
 */
export function torchLossPath(config: RunConfig): TorchLossPath {
  const entry = lossEntry(config.loss);
  if (entry.fromLogits === 'rejected' || entry.fromLogits === 'always-logits') return 'other';
  const path = lossPathOf(entry, config);
  if (path === 'probabilities' || path === 'not-a-cross-entropy') return 'probabilities';
  return path === 'cached-logits' || config.activation === 'linear' ? 'logits' : 'twice';
}

/** Python's spelling of a float: `1e-07`, not JavaScript's `1e-7`. */
const pythonFloat = (n: number) => floatLit(n).replace(/e-(\d)$/, 'e-0$1');

/**
 * `torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-07)`: the optimizer catalogue's PyTorch
 * class, with Keras' defaults under PyTorch's keyword names.
 */
export function torchOptimizer(config: RunConfig): string {
  const { torch } = optimizerEntry(config.optimizer);
  const keywords = optimizerKeywords(config);
  const args = [
    'model.parameters()',
    `lr=${floatLit(config.learningRate)}`,
    ...Object.entries(torch.keywords).map(
      ([name, keras]) => `${name}=${pythonFloat(Number(keywords[keras]))}`,
    ),
  ];
  return `torch.optim.${torch.className}(${args.join(', ')})`;
}

/** The optimizers whose ε PyTorch would otherwise choose (it defaults to 1e-8 or 1e-10). */
const withKerasEpsilon = OPTIMIZERS.filter((name) => 'eps' in optimizerEntry(name).torch.keywords)
  .map((name) => optimizerEntry(name).kerasClass)
  .join(', ')
  .replace(/, ([^,]*)$/, ' and $1');

function modelLines(config: RunConfig, plan: CodePlan): string[] {
  const pixels = `${plan.rows} * ${plan.cols}`;
  const body =
    config.model === 'mlp'
      ? [
          '    nn.Flatten(),',
          `    nn.Linear(${pixels}, ${intLit(config.units)}),`,
          '    nn.ReLU(),',
        ]
      : [
          '    nn.Conv2d(1, 8, 3),',
          '    nn.ReLU(),',
          '    nn.MaxPool2d(2),',
          '    nn.Conv2d(8, 16, 3),',
          '    nn.ReLU(),',
          '    nn.MaxPool2d(2),',
          '    nn.Flatten(),',
        ];
  const fanIn =
    config.model === 'mlp'
      ? intLit(config.units)
      : `16 * ${cnnSide(plan.rows)} * ${cnnSide(plan.cols)}`;
  const act = {
    linear: '    return z  # linear output: the metrics see the logits',
    sigmoid: '    return torch.sigmoid(z)',
    softmax: '    return torch.softmax(z, dim=-1)',
  }[config.activation];
  return [
    'model = nn.Sequential(',
    ...body,
    `    nn.Linear(${fanIn}, ${unitsName(plan)}),  # logits z: PyTorch models end linear`,
    ')',
    ...(usesPageData(plan) ? [] : kerasInitLines()),
    '',
    '',
    'def activation(z):',
    `    """The ${config.activation} output layer of the Keras model, applied outside the model."""`,
    act,
  ];
}

/** PyTorch: Keras' initialisers, not LossLab's seeded draws (the framework's own data). */
function kerasInitLines(): string[] {
  return [
    '',
    '',
    'def init_like_keras(module):',
    '    """Keras initialises kernels with glorot_uniform and biases with zeros."""',
    '    if isinstance(module, (nn.Linear, nn.Conv2d)):',
    '        nn.init.xavier_uniform_(module.weight)',
    '        nn.init.zeros_(module.bias)',
    '',
    '',
    'model.apply(init_like_keras)',
  ];
}

/** PyTorch: LossLab's initial weights (reproduce.ts) in PyTorch's layouts. */
function pageInitLines(plan: CodePlan): string[] {
  const side = plan.config.model === 'cnn' ? cnnSide(plan.rows) : 0;
  const units = unitsName(plan);
  return [
    ...pythonInitialKernels(plan),
    '',
    '',
    'def init_like_losslab(model):',
    '    """LossLab\'s kernels (Keras\' layouts) in PyTorch\'s layouts; biases start at zero."""',
    '    layers = [m for m in model if isinstance(m, (nn.Linear, nn.Conv2d))]',
    '    for module, index in zip(layers, KERNEL_SEEDS):',
    '        if isinstance(module, nn.Conv2d):  # (kh, kw, in, out) -> (out, in, kh, kw)',
    '            shape = (*module.kernel_size, module.in_channels, module.out_channels)',
    '            weight = losslab_glorot(shape, SEED, index).transpose(3, 2, 0, 1)',
    '        else:  # (in, out) -> (out, in)',
    '            kernel = losslab_glorot((module.in_features, module.out_features), SEED, index)',
    ...(side > 0
      ? [
          '            if index == KERNEL_SEEDS[-1]:',
          '                # Keras flattens (h, w, channels), PyTorch (channels, h, w).',
          `                kernel = kernel.reshape(${side}, ${side}, 16, ${units}).transpose(2, 0, 1, 3)`,
          `                kernel = kernel.reshape(-1, ${units})`,
        ]
      : []),
    '            weight = kernel.T',
    '        with torch.no_grad():',
    '            module.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight)))',
    '            module.bias.zero_()',
    '',
    '',
    'init_like_losslab(model)',
  ];
}

/**
 * Whether Keras lines (B,) labels up with a (B, 1) output by expanding them to a (B, 1) column
 * (`squeeze_or_expand_to_same_rank`), which PyTorch's broadcasting would turn into (B, B): the
 * binary task's class ids on one output unit.
 */
function expandsIds(plan: CodePlan): boolean {
  return plan.labels === 'int' && plan.outputs === 1;
}

/** Keras' reshaping of the labels before a loss or metric that reads `labels` sees them. */
function kerasLabelShape(plan: CodePlan, reads: 'ids' | 'rows', y: string): string[] {
  if (reads === 'rows' && expandsIds(plan)) {
    return [
      `    ${y} = ${y}.unsqueeze(-1).float()  # Keras expands (B,) labels to the (B, 1) output`,
    ];
  }
  if (reads === 'ids' && plan.labels === 'column') {
    return [
      `    ${y} = ${y}.squeeze(-1).long()  # Keras squeezes a (B, 1) column of class ids to (B,)`,
    ];
  }
  return [];
}

/** `compute_loss(z, y)` as the loss's catalogue entry writes it for this configuration. */
function lossLines(plan: CodePlan): string[] {
  const t = plan.loss.torch(plan.lossContext);
  const reads = plan.loss.family === 'sparse' ? 'ids' : 'rows';
  return [
    ...t.setup,
    '',
    '',
    'def compute_loss(z, y):',
    `    """${t.doc}"""`,
    ...kerasLabelShape(plan, reads, 'y'),
    ...t.body,
  ];
}

function metricLines(plan: CodePlan): string[] {
  const lines = ['', '', `THRESHOLD = ${floatLit(plan.threshold)}`];
  const concrete = (m: MetricName): ConcreteMetric =>
    m === 'accuracy' ? (plan.accuracyResolvesTo ?? 'categorical_accuracy') : m;
  const defined = new Set<ConcreteMetric>();
  for (const m of plan.metrics) {
    const c = concrete(m);
    if (defined.has(c)) continue;
    defined.add(c);
    const entry = metricEntry(c);
    lines.push(
      '',
      '',
      `def ${c}(y_true, y_pred):`,
      ...kerasLabelShape(plan, entry.labels === 'ids' ? 'ids' : 'rows', 'y_true'),
      ...indent(entry.torch, 4),
    );
  }
  lines.push('', '', 'METRICS = {');
  for (const m of plan.metrics) {
    const why = m === 'accuracy' ? '  # as Keras 3 resolves "accuracy" for these shapes' : '';
    lines.push(`    "${m}": ${concrete(m)},${why}`);
  }
  lines.push('}');
  return lines;
}

function labelLines(plan: CodePlan): string[] {
  if (plan.multilabel)
    return [
      'y_train, y_test = torch.tensor(y_train), torch.tensor(y_test)  # multi-hot float (B, 10)',
    ];
  const ids = plan.binary ? '0/1 answers' : 'class ids';
  if (plan.labels === 'int') {
    return [
      `y_train = torch.tensor(y_train, dtype=torch.long)  # ${ids} (B,)`,
      'y_test = torch.tensor(y_test, dtype=torch.long)',
    ];
  }
  if (plan.labels === 'column') {
    return [
      `y_train = torch.tensor(y_train, dtype=torch.float32).unsqueeze(1)  # ${ids} as a column (B, 1)`,
      'y_test = torch.tensor(y_test, dtype=torch.float32).unsqueeze(1)',
    ];
  }
  return [
    `y_train = F.one_hot(torch.tensor(y_train, dtype=torch.long), NUM_CLASSES).float()  # (B, ${plan.classes})`,
    'y_test = F.one_hot(torch.tensor(y_test, dtype=torch.long), NUM_CLASSES).float()',
  ];
}

/** The PyTorch script; `notes` get the PyTorch-specific differences appended. */
export function pytorchCode(
  plan: CodePlan,
  shared: readonly string[],
): { code: string; notes: string[] } {
  const { config } = plan;
  const notes = [...shared];
  const path = torchLossPath(config);
  const family = plan.loss.family;
  const failure = plan.failure;
  if (path === 'logits' && config.activation !== 'linear') {
    notes.push(
      `The ${config.activation} layer moves out of the model: the script's loss takes the logits, which is what Keras on TensorFlow feeds its cross-entropy here (the cached pre-activation).`,
    );
  }
  const crossEntropyLoss = family === 'categorical' || family === 'sparse';
  if (path === 'logits' && crossEntropyLoss) {
    notes.push(
      `CrossEntropyLoss takes Long class ids (B,) or float one-hot rows (B, ${plan.classes}); integer one-hot rows would raise.`,
    );
  }
  if (path === 'probabilities' && family === 'binary') {
    notes.push(
      "nn.BCELoss is not Keras' formula: it clamps each log at -100 instead of clipping p to [1e-7, 1 - 1e-7], so the script writes Keras' clipped BCE by hand.",
    );
  }
  if (failure && (path === 'logits' || path === 'twice') && crossEntropyLoss) {
    notes.push(
      `Keras raises ${failure.type} for this configuration, but CrossEntropyLoss accepts these labels, so the PyTorch script trains.`,
    );
  } else if (failure?.type === 'TypeError') {
    notes.push(
      `Keras raises ${failure.type} (${failure.message}); PyTorch has no from_logits argument, so the script trains.`,
    );
  } else if (failure) {
    notes.push(
      `Keras raises ${failure.type} for this configuration; the PyTorch script fails on the same shape mismatch, with PyTorch's message.`,
    );
  }
  notes.push(
    `${withKerasEpsilon} get Keras' epsilon 1e-7 (PyTorch defaults to 1e-8 or 1e-10) and Keras' rho/initial accumulator.`,
  );
  const cnn = config.model === 'cnn';
  const data = pythonData(plan, 'pytorch');
  const page = usesPageData(plan);
  notes.push(dataNote(plan, 'pytorch'));
  const lines = [
    ...comment(`LossLab export, PyTorch: ${summary(config, plan)}.`),
    ...(failure
      ? comment(
          `Keras rejects this configuration (${failure.type}: ${failure.message}). See the notes for what PyTorch does.`,
        )
      : []),
    ...data.imports.filter((l) => l.startsWith('import ')),
    'import numpy as np',
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    ...(page ? [] : ['from torch.utils.data import DataLoader, TensorDataset']),
    ...data.imports.filter((l) => l.startsWith('from ')),
    '',
    `SEED = ${intLit(config.seed)}`,
    `TRAIN_SIZE = ${intLit(config.trainSize)}`,
    `TEST_SIZE = ${intLit(config.testSize)}`,
    `BATCH_SIZE = ${intLit(config.batchSize)}`,
    `EPOCHS = ${intLit(config.epochs)}`,
    ...pythonTaskConstants(plan),
    'torch.manual_seed(SEED)',
    '',
    ...data.lines,
    ...(plan.multilabel ? pythonCompose() : []),
    ...pythonBinaryAnswers(plan),
    '',
    `x_train = torch.tensor(x_train, dtype=torch.float32)${cnn ? '.unsqueeze(1)' : ''} / 255.0${cnn ? '  # (B, 1, H, W)' : ''}`,
    `x_test = torch.tensor(x_test, dtype=torch.float32)${cnn ? '.unsqueeze(1)' : ''} / 255.0`,
    ...labelLines(plan),
    '',
    ...modelLines(config, plan),
    ...(page ? pageInitLines(plan) : []),
    '',
    '',
    ...lossLines(plan),
    ...metricLines(plan),
    '',
    '',
    `optimizer = ${torchOptimizer(config)}`,
    ...(page
      ? []
      : [
          'loader = DataLoader(',
          '    TensorDataset(x_train, y_train),',
          '    batch_size=BATCH_SIZE,',
          '    shuffle=True,',
          '    generator=torch.Generator().manual_seed(SEED),',
          ')',
        ]),
    'for epoch in range(EPOCHS):',
    '    model.train()',
    '    seen, loss_sum = 0, 0.0',
    '    metric_sums = {name: 0.0 for name in METRICS}',
    ...(page
      ? [
          "    # The page's batch order for this epoch.",
          '    for batch in torch.from_numpy(epoch_order(TRAIN_SIZE, SEED, epoch + 1)).split(BATCH_SIZE):',
          '        xb, yb = x_train[batch], y_train[batch]',
        ]
      : ['    for xb, yb in loader:']),
    '        z = model(xb)',
    '        loss = compute_loss(z, yb)',
    '        optimizer.zero_grad()',
    '        loss.backward()',
    '        optimizer.step()',
    '        # Keras averages batch values weighted by batch size over the epoch.',
    '        seen += len(xb)',
    '        loss_sum += loss.item() * len(xb)',
    '        with torch.no_grad():',
    '            for name, fn in METRICS.items():',
    '                metric_sums[name] += fn(yb, activation(z)).sum().item()',
    '    model.eval()',
    '    with torch.no_grad():',
    '        z = model(x_test)',
    '        val = {name: fn(y_test, activation(z)).mean().item() for name, fn in METRICS.items()}',
    '        val_loss = compute_loss(z, y_test).item()',
    '    train = {name: total / seen for name, total in metric_sums.items()}',
    '    print(f"epoch {epoch + 1}/{EPOCHS} loss {loss_sum / seen:.4f} {train} val_loss {val_loss:.4f} {val}")',
    '',
  ];
  return { code: lines.join('\n'), notes };
}
