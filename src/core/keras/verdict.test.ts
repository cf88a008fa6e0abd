import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../config';
import {
  ACTIVATIONS,
  DEFAULT_CONFIG,
  LABEL_ENCODINGS,
  LOSSES,
  METRICS,
  SEMANTICS,
  TASKS,
} from '../config';
import { isKerasError } from './errors';
import { toMultiHot, toOneHot } from './labels';
import { kerasLoss } from './losses';
import { kerasMetric } from './metrics';
import type { CheckInput, CheckOptions } from './verdict';
import { checkConfig } from './verdict';
import type { VerdictLevel } from './levels';

const TEXTBOOK: CheckInput = {
  task: 'multiclass',
  activation: 'softmax',
  loss: 'categorical_crossentropy',
  fromLogits: false,
  labels: 'onehot',
  metric: 'accuracy',
  semantics: 'tf',
};
const MULTILABEL: CheckInput = {
  ...TEXTBOOK,
  task: 'multilabel',
  activation: 'sigmoid',
  loss: 'binary_crossentropy',
  labels: 'multihot',
  metric: 'binary_accuracy',
};

interface Case {
  name: string;
  config: Partial<RunConfig>;
  base?: CheckInput;
  options?: CheckOptions;
  level: VerdictLevel;
  codes: string[];
  kerasError?: string;
  resolved?: string;
  formula?: string;
}

const cases: Case[] = [
  {
    name: 'textbook softmax + CCE + one-hot',
    config: {},
    level: 'ok',
    codes: ['accuracy_resolved'],
    resolved: 'categorical_accuracy',
    formula: 'cached pre-softmax logits',
  },
  {
    name: 'int labels + CCE (tf)',
    config: { labels: 'int' },
    level: 'error',
    codes: ['int_labels_dense_loss'],
    kerasError:
      'Arguments `target` and `output` must have the same rank (ndim). Received: target.shape=(None,), output.shape=(None, 10)',
    resolved: 'sparse_categorical_accuracy',
  },
  {
    name: 'int labels + CCE (plain)',
    config: { labels: 'int', semantics: 'plain' },
    level: 'error',
    codes: ['int_labels_dense_loss'],
    kerasError:
      'Arguments `target` and `output` must have the same shape. Received: target.shape=(32,), output.shape=(32, 10)',
  },
  {
    name: 'int labels + BCE',
    config: { labels: 'int', activation: 'sigmoid', loss: 'binary_crossentropy' },
    level: 'error',
    codes: ['int_labels_dense_loss'],
    kerasError: 'must have the same rank (ndim)',
  },
  {
    name: 'one-hot + SCCE (tf)',
    config: { loss: 'sparse_categorical_crossentropy' },
    level: 'error',
    codes: ['dense_labels_sparse_loss'],
    kerasError:
      'Argument `output` must have rank (ndim) `target.ndim - 1`. Received: target.shape=(None, 10), output.shape=(None, 10)',
  },
  {
    name: 'one-hot + SCCE (plain)',
    config: { loss: 'sparse_categorical_crossentropy', semantics: 'plain' },
    level: 'error',
    codes: ['dense_labels_sparse_loss'],
    kerasError:
      'Arguments `target` and `output` must have the same shape up until the last dimension: target.shape=(32, 10), output.shape=(32, 10)',
  },
  {
    name: 'multi-hot + SCCE',
    base: MULTILABEL,
    config: { loss: 'sparse_categorical_crossentropy' },
    level: 'error',
    codes: ['dense_labels_sparse_loss'],
  },
  {
    name: 'multi-hot + softmax',
    base: MULTILABEL,
    config: { activation: 'softmax' },
    level: 'warning',
    codes: ['softmax_multilabel'],
  },
  {
    name: 'CCE with multi-hot',
    base: MULTILABEL,
    config: { loss: 'categorical_crossentropy' },
    level: 'warning',
    codes: ['cce_multihot', 'cross_activation_cached_logits'],
  },
  {
    name: 'from_logits=True after softmax (tf)',
    config: { fromLogits: true },
    level: 'quirk',
    codes: ['from_logits_after_activation'],
    formula: 'cached pre-softmax logits',
  },
  {
    name: 'from_logits=True after sigmoid (plain)',
    base: MULTILABEL,
    config: { fromLogits: true, semantics: 'plain' },
    level: 'warning',
    codes: ['from_logits_after_activation'],
    formula: 'applied twice',
  },
  {
    name: 'linear + CCE, from_logits=False',
    config: { activation: 'linear' },
    level: 'warning',
    codes: ['probability_loss_on_raw_outputs'],
    formula: 'raw outputs',
  },
  {
    name: 'linear + BCE, from_logits=False',
    base: MULTILABEL,
    config: { activation: 'linear' },
    level: 'warning',
    codes: ['probability_loss_on_raw_outputs', 'threshold_on_logits'],
  },
  {
    name: 'softmax + BCE (tf): cross logits, trains like the matching pair',
    config: { loss: 'binary_crossentropy' },
    level: 'quirk',
    codes: ['cross_activation_cached_logits'],
    formula: 'independent sigmoid',
  },
  {
    name: 'softmax + BCE (plain)',
    config: { loss: 'binary_crossentropy', semantics: 'plain' },
    level: 'warning',
    codes: ['mismatched_activation_loss'],
  },
  {
    name: 'sigmoid + CCE (tf)',
    config: { activation: 'sigmoid' },
    level: 'quirk',
    codes: ['cross_activation_cached_logits'],
  },
  {
    name: 'sigmoid + SCCE (plain)',
    config: {
      activation: 'sigmoid',
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
      semantics: 'plain',
    },
    level: 'warning',
    codes: ['mismatched_activation_loss', 'sparse_label_range'],
  },
  {
    name: 'binary_accuracy on a linear output',
    base: MULTILABEL,
    config: { activation: 'linear', fromLogits: true },
    level: 'warning',
    codes: ['threshold_on_logits'],
  },
  {
    name: "binary task: one sigmoid unit, BCE, a (B, 1) column: 'accuracy' is binary_accuracy, no trap",
    config: {
      task: 'binary',
      target: '3',
      outputs: 1,
      activation: 'sigmoid',
      loss: 'binary_crossentropy',
      labels: 'column',
      metric: 'accuracy',
    },
    level: 'ok',
    codes: ['accuracy_resolved'],
    resolved: 'binary_accuracy',
  },
  {
    name: 'binary_accuracy with one-hot multiclass (~0.9)',
    config: { activation: 'sigmoid', loss: 'binary_crossentropy', metric: 'binary_accuracy' },
    level: 'warning',
    codes: ['binary_accuracy_single_label'],
  },
  {
    name: "'accuracy' → categorical for multi-hot",
    base: MULTILABEL,
    config: { metric: 'accuracy' },
    level: 'warning',
    codes: ['argmax_metric_multilabel'],
    resolved: 'categorical_accuracy',
  },
  {
    name: 'sparse_categorical_accuracy with one-hot',
    config: { metric: 'sparse_categorical_accuracy' },
    level: 'error',
    codes: ['dense_labels_sparse_metric'],
    kerasError: 'Incompatible shapes: [32,10] vs. [32]',
  },
  {
    name: 'sparse_categorical_accuracy with one-hot, batch of 10',
    config: { metric: 'sparse_categorical_accuracy', batchSize: 10 },
    level: 'warning',
    codes: ['silent_broadcast'],
  },
  {
    name: 'top-k with K = 5',
    config: { metric: 'top_k_categorical_accuracy' },
    options: { numClasses: 5 },
    level: 'warning',
    codes: ['top_k_trivial'],
  },
  {
    name: 'top-k with K = 10',
    config: { metric: 'top_k_categorical_accuracy' },
    level: 'ok',
    codes: ['top_k_lenient'],
  },
  {
    name: 'subset accuracy on multiclass',
    config: { metric: 'subset_accuracy' },
    level: 'warning',
    codes: ['multilabel_metric_single_label'],
  },
  {
    name: 'Hamming loss on multiclass',
    config: { metric: 'hamming_loss' },
    level: 'warning',
    codes: ['multilabel_metric_single_label'],
  },
  {
    name: 'MSE with int labels (tf)',
    config: { loss: 'mean_squared_error', labels: 'int' },
    level: 'error',
    codes: ['int_labels_dense_loss'],
    kerasError: 'Incompatible shapes: [32] vs. [32,10]',
  },
  {
    name: 'KL divergence with int labels (plain)',
    config: { loss: 'kl_divergence', labels: 'int', semantics: 'plain', batchSize: 64 },
    level: 'error',
    codes: ['int_labels_dense_loss'],
    kerasError: 'Incompatible shapes for broadcasting: shapes=[(64,), (64, 10)]',
  },
  {
    name: 'MSE with int labels, batch of 10',
    config: { loss: 'mean_squared_error', labels: 'int', batchSize: 10 },
    level: 'warning',
    codes: ['silent_broadcast', 'mse_for_classification'],
  },
  {
    name: 'MSE with from_logits',
    config: { loss: 'mean_squared_error', fromLogits: true },
    level: 'error',
    codes: ['from_logits_not_accepted'],
    kerasError: "MeanSquaredError.__init__() got an unexpected keyword argument 'from_logits'",
  },
  {
    name: 'MSE on softmax',
    config: { loss: 'mean_squared_error' },
    level: 'warning',
    codes: ['mse_for_classification'],
  },
  {
    name: 'KL divergence on softmax + one-hot',
    config: { loss: 'kl_divergence' },
    level: 'ok',
    codes: ['kl_divergence'],
  },
  {
    name: 'KL divergence on sigmoid',
    config: { loss: 'kl_divergence', activation: 'sigmoid' },
    level: 'warning',
    codes: ['kl_divergence'],
  },
  {
    name: 'weighted BCE on logits',
    config: { loss: 'weighted_binary_crossentropy', activation: 'linear' },
    level: 'ok',
    codes: ['weighted_bce_not_keras'],
  },
  {
    name: 'weighted BCE after sigmoid',
    base: MULTILABEL,
    config: { loss: 'weighted_binary_crossentropy' },
    level: 'warning',
    codes: ['weighted_bce_activation_twice', 'weighted_bce_not_keras'],
    formula: 'applied twice',
  },
  {
    name: 'weighted BCE with int labels',
    config: { loss: 'weighted_binary_crossentropy', activation: 'linear', labels: 'int' },
    level: 'error',
    codes: ['int_labels_dense_loss'],
    kerasError: '`logits` and `labels` must have the same shape, received ((None, 10) vs (None,)).',
  },
  {
    name: 'multilabel + int labels',
    base: MULTILABEL,
    config: { labels: 'int' },
    level: 'error',
    codes: ['multilabel_needs_multihot', 'int_labels_dense_loss'],
  },
  {
    name: 'multilabel + one-hot labels',
    base: MULTILABEL,
    config: { labels: 'onehot' },
    level: 'error',
    codes: ['multilabel_needs_multihot'],
  },
  {
    name: 'categorical_accuracy with int labels',
    config: {
      labels: 'int',
      loss: 'sparse_categorical_crossentropy',
      metric: 'categorical_accuracy',
    },
    level: 'warning',
    codes: ['categorical_metric_int_labels'],
  },
  {
    name: 'top_k_categorical_accuracy with int labels',
    config: {
      labels: 'int',
      loss: 'sparse_categorical_crossentropy',
      metric: 'top_k_categorical_accuracy',
    },
    level: 'error',
    codes: ['int_labels_dense_metric'],
    kerasError: 'Shape must be rank 1 but is rank 0',
  },
  {
    name: 'sparse top-k with one-hot labels',
    config: { metric: 'sparse_top_k_categorical_accuracy' },
    level: 'error',
    codes: ['dense_labels_sparse_metric'],
    kerasError: 'First dimension of predictions 32 must match length of targets 320',
  },
  {
    name: 'binary_accuracy with int labels',
    config: { labels: 'int', loss: 'sparse_categorical_crossentropy', metric: 'binary_accuracy' },
    level: 'error',
    codes: ['int_labels_dense_metric'],
    kerasError: 'Incompatible shapes: [32] vs. [32,10]',
  },
  {
    name: 'subset accuracy with int labels',
    config: { labels: 'int', loss: 'sparse_categorical_crossentropy', metric: 'subset_accuracy' },
    level: 'error',
    codes: ['int_labels_dense_metric'],
  },
  {
    name: 'multi-hot labels for one digit per image',
    config: { labels: 'multihot' },
    level: 'ok',
    codes: ['multihot_single_label'],
  },
  {
    name: 'SCCE on class ids, logits',
    config: {
      activation: 'linear',
      fromLogits: true,
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
    },
    level: 'ok',
    codes: ['sparse_label_range'],
    formula: 'x = z, the raw outputs',
  },
  {
    name: 'focal loss, sigmoid + multi-hot',
    base: MULTILABEL,
    config: { loss: 'binary_focal_crossentropy' },
    level: 'ok',
    codes: ['focal_factor', 'binary_accuracy_baseline'],
    formula: '(1 − p_tₖ)^γ',
  },
  {
    name: 'focal loss, from_logits=True after a sigmoid: twice, and TF does not warn',
    base: MULTILABEL,
    config: { loss: 'binary_focal_crossentropy', fromLogits: true },
    level: 'warning',
    codes: ['from_logits_after_activation', 'focal_factor'],
    formula: "cached as logits by the loss's own sigmoid: the activation is applied twice",
  },
  {
    name: 'focal loss on a softmax (tf): the softmax logits, one yes/no per digit',
    config: { loss: 'binary_focal_crossentropy' },
    level: 'quirk',
    codes: ['cross_activation_cached_logits', 'focal_factor'],
  },
  {
    name: 'focal loss with class ids',
    config: { loss: 'binary_focal_crossentropy', labels: 'int' },
    level: 'error',
    codes: ['int_labels_dense_loss'],
    kerasError: 'must have the same rank (ndim)',
  },
  {
    name: 'abs KL divergence, softmax + one-hot',
    config: { loss: 'abs_kl_divergence' },
    level: 'ok',
    codes: ['abs_kl_custom'],
    formula: '|(ỹₖ − p̃ₖ) · log(ỹₖ / p̃ₖ)|',
  },
  {
    name: 'abs KL divergence with from_logits=True: a Python function, TypeError inside fit',
    config: { loss: 'abs_kl_divergence', fromLogits: true },
    level: 'error',
    codes: ['from_logits_not_accepted'],
    kerasError: "abs_kl_divergence() got an unexpected keyword argument 'from_logits'",
  },
  {
    name: 'abs KL divergence on a linear output',
    config: { loss: 'abs_kl_divergence', activation: 'linear' },
    level: 'warning',
    codes: ['abs_kl_raw_outputs'],
  },
  {
    name: 'abs KL divergence with class ids and B = K: silent broadcast',
    config: { loss: 'abs_kl_divergence', labels: 'int', metric: 'sparse_categorical_accuracy' },
    options: { batchSize: 10 },
    level: 'warning',
    codes: ['silent_broadcast'],
  },
];

describe('checkConfig: the traps of the decision table', () => {
  it.each(cases)('$name → $level', (c) => {
    const config = { ...(c.base ?? TEXTBOOK), ...c.config };
    const v = checkConfig(config, c.options);
    expect(v.level).toBe(c.level);
    expect(v.findings.map((f) => f.code)).toEqual(expect.arrayContaining(c.codes));
    if (c.kerasError) expect(v.kerasError).toContain(c.kerasError);
    else if (c.level !== 'error') expect(v.kerasError).toBeUndefined();
    if (c.resolved) expect(v.resolvedMetric).toBe(c.resolved);
    if (c.formula) expect(v.formula).toContain(c.formula);
    if (c.level === 'ok') expect(v.suggestedFix).toBeUndefined();
    else expect(checkConfig({ ...config, ...v.suggestedFix?.patch }, c.options).level).toBe('ok');
  });

  it('Keras warning text for from_logits=True after a softmax is attached to the finding', () => {
    const f = checkConfig({ ...TEXTBOOK, fromLogits: true }).findings.find(
      (x) => x.code === 'from_logits_after_activation',
    );
    expect(f?.kerasMessage).toBe(
      '"`categorical_crossentropy` received `from_logits=True`, but the `output` argument was produced by a Softmax activation and thus does not represent logits. Was this intended?',
    );
  });

  it('says where Keras raises: a class refuses a keyword in compile, a function inside fit', () => {
    const mse = checkConfig({ ...TEXTBOOK, loss: 'mean_squared_error', fromLogits: true });
    expect([mse.kerasErrorType, mse.kerasErrorAt]).toEqual(['TypeError', 'compile']);
    const abs = checkConfig({ ...TEXTBOOK, loss: 'abs_kl_divergence', fromLogits: true });
    expect([abs.kerasErrorType, abs.kerasErrorAt]).toEqual(['TypeError', 'fit']);
    const shapes = checkConfig({ ...TEXTBOOK, labels: 'int' });
    expect([shapes.kerasErrorType, shapes.kerasErrorAt]).toEqual(['ValueError', 'fit']);
    expect(checkConfig({ ...TEXTBOOK, fromLogits: true }).kerasWarnings).toHaveLength(1);
  });

  it('fixes say what they change', () => {
    expect(checkConfig({ ...TEXTBOOK, labels: 'int' }).suggestedFix).toEqual({
      label: "Use loss='sparse_categorical_crossentropy'",
      patch: { loss: 'sparse_categorical_crossentropy' },
    });
    expect(checkConfig({ ...TEXTBOOK, activation: 'linear' }).suggestedFix?.patch).toEqual({
      fromLogits: true,
    });
  });

  it('the history key is the metric as written', () => {
    const v = checkConfig({ ...TEXTBOOK, labels: 'int', loss: 'sparse_categorical_crossentropy' });
    expect(v.historyKey).toBe('accuracy');
    expect(v.resolvedMetric).toBe('sparse_categorical_accuracy');
  });
});

/** The configured shapes with arbitrary values: Keras raises for this config iff it raises here. */
function raisesOnAnyBatch(config: CheckInput, B: number): boolean {
  const binary = config.task === 'binary';
  const K = binary ? (config.outputs ?? 1) : 10;
  const classes = binary ? 2 : 10;
  const ids = Array.from({ length: B }, (_, i) => (i * 3) % classes);
  const yTrue =
    config.labels === 'int'
      ? ids
      : config.labels === 'column'
        ? ids.map((i) => [i])
        : config.labels === 'onehot'
          ? toOneHot(ids, classes)
          : toMultiHot(
              ids.map((i) => [i, (i + 5) % classes]),
              classes,
            );
  const logits = ids.map((_, i) => Array.from({ length: K }, (_, k) => Math.sin(i + 2 * k)));
  const args = { activation: config.activation, yTrue, logits, semantics: config.semantics };
  for (const run of [
    () => kerasLoss({ ...args, loss: config.loss, fromLogits: config.fromLogits }),
    () => kerasMetric({ ...args, metric: config.metric }),
  ]) {
    try {
      run();
    } catch (e) {
      if (isKerasError(e)) return true;
      throw e;
    }
  }
  return false;
}

describe('checkConfig over every configuration', () => {
  const all: CheckInput[] = [];
  for (const task of TASKS)
    for (const activation of ACTIVATIONS)
      for (const loss of LOSSES)
        for (const fromLogits of [false, true])
          for (const labels of LABEL_ENCODINGS)
            for (const metric of METRICS)
              for (const semantics of SEMANTICS)
                for (const outputs of task === 'binary' ? [1, 2] : [1])
                  all.push({
                    task,
                    activation,
                    loss,
                    fromLogits,
                    labels,
                    metric,
                    semantics,
                    outputs,
                  });

  it(`is consistent for all ${all.length} configurations`, { timeout: 600_000 }, () => {
    const seen = new Set<string>();
    for (const config of all) {
      const v = checkConfig(config);
      v.findings.forEach((f) => seen.add(f.code));
      const impossible =
        (config.task === 'multilabel' && config.labels !== 'multihot') ||
        (config.task === 'binary' && config.labels === 'multihot');
      expect(v.level === 'error', JSON.stringify(config)).toBe(
        impossible || raisesOnAnyBatch(config, 32),
      );
      expect(v.formula.length).toBeGreaterThan(20);
      expect(v.explanation.length).toBeGreaterThan(20);
      const ranks = v.findings.map((f) => ['error', 'warning', 'quirk', 'info'].indexOf(f.level));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      for (const f of v.findings) {
        expect(f.title.length * f.explanation.length).toBeGreaterThan(0);
        if (
          f.level === 'error' &&
          f.code !== 'multilabel_needs_multihot' &&
          f.code !== 'binary_one_answer'
        )
          expect(f.kerasMessage).toBeTruthy();
      }
      if (v.level !== 'ok') {
        expect(v.suggestedFix, JSON.stringify(config)).toBeDefined();
        expect(
          checkConfig({ ...config, ...v.suggestedFix?.patch }).level,
          JSON.stringify(config),
        ).toBe('ok');
      }
    }
    // silent_broadcast and top_k_trivial need B = K or K ≤ 5: covered by the cases above.
    const reachable = [
      'multilabel_needs_multihot',
      'multihot_single_label',
      'int_labels_dense_loss',
      'dense_labels_sparse_loss',
      'from_logits_not_accepted',
      'from_logits_after_activation',
      'probability_loss_on_raw_outputs',
      'cross_activation_cached_logits',
      'mismatched_activation_loss',
      'softmax_multilabel',
      'cce_multihot',
      'mse_for_classification',
      'kl_divergence',
      'weighted_bce_not_keras',
      'weighted_bce_activation_twice',
      'one_vs_rest',
      'sparse_label_range',
      'int_labels_dense_metric',
      'dense_labels_sparse_metric',
      'accuracy_resolved',
      'argmax_metric_multilabel',
      'categorical_metric_int_labels',
      'threshold_on_logits',
      'binary_accuracy_single_label',
      'multilabel_metric_single_label',
      'binary_accuracy_baseline',
      'top_k_lenient',
      'focal_factor',
      'abs_kl_custom',
      'abs_kl_raw_outputs',
    ];
    expect([...seen].sort()).toEqual(expect.arrayContaining(reachable));
    expect(seen.has('keras_error')).toBe(false); // every Keras error has a specific explanation
  });

  it('is deterministic', () => {
    expect(checkConfig(MULTILABEL)).toEqual(checkConfig({ ...MULTILABEL }));
  });
});

describe('OK explanations describe the outputs the student actually sees', () => {
  const sparse: CheckInput = {
    ...TEXTBOOK,
    loss: 'sparse_categorical_crossentropy',
    labels: 'int',
  };
  it.each([
    ['softmax', false, 'ok', /softmax outputs are probabilities that add up to 1/],
    // Right only because TensorFlow finds the logits under the sigmoid: a quirk, not a pairing.
    ['sigmoid', false, 'quirk', /logits under the sigmoid.*sigmoids, which don't add up to 1/],
    ['linear', true, 'ok', /raw logits; with from_logits=True the loss applies the softmax itself/],
  ] as const)('%s with from_logits=%s', (activation, fromLogits, level, expected) => {
    const verdict = checkConfig({ ...sparse, activation, fromLogits });
    expect(verdict.level).toBe(level);
    expect(verdict.explanation).toMatch(expected);
    if (activation !== 'softmax')
      expect(verdict.explanation).not.toMatch(/are probabilities that add up/);
  });
});

describe("the weighted binary cross-entropy's pos_weight", () => {
  it('is the configuration’s in the formula line and the note (9 unless set)', () => {
    const weighted = {
      ...DEFAULT_CONFIG,
      activation: 'linear',
      loss: 'weighted_binary_crossentropy',
    } as const;
    const at3 = checkConfig({ ...weighted, posWeight: 3 });
    expect(at3.formula).toContain('q = pos_weight = 3,');
    const note = at3.findings.find((f) => f.code === 'weighted_bce_not_keras');
    expect(note?.explanation).toContain('BCEWithLogitsLoss(pos_weight=3)');
    expect(checkConfig(weighted).formula).toContain('q = pos_weight = 9,');
  });
});
