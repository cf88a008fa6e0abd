/**
 * The loss catalogue: one entry per loss LossLab offers, keyed by the name a link carries
 * (`loss=…`). Everything a layer needs about a loss is read from its entry: the verdict (keywords,
 * path, notes), the formula line, the reference maths and the tensor engine (through `engine`),
 * the loss lab, the three code exporters and the controls. Adding a loss means: its name and
 * engine key in lossNames.ts, its entry below, and its maths (value, gradient and tensor form)
 * under its engine key in core/keras/lossMaths.ts (a `Record<LossEngineKey, …>`, so the compiler
 * asks for it).
 */
import { floatLit } from '../literals';
import { POS_WEIGHT } from './constants';
import {
  BINARY_CALLS,
  CATEGORICAL_CALLS,
  FOCAL_CALLS,
  KLD_CALLS,
  MSE_CALLS,
  SPARSE_CALLS,
  WEIGHTED_BINARY_CALLS,
} from './frameworks';
import {
  ACT_DERIVATIVE,
  probabilityBceNote,
  softmaxCeNote,
  twiceNote,
  zeros,
} from './gradientNotes';
import type { LossEntry } from './lossEntry';
import { matchingLossPatch } from './lossEntry';
import {
  MEAN_OVER_BATCH as MEAN,
  TFJS_EPS,
  TORCH_EPS,
  tfjsFunction,
  torchLogitsLoss,
  torchOnProbabilities,
  torchShapeCheck,
  torchSmoothing,
} from './snippets';

export { LOSSES, LOSS_ENGINE_KEYS, type LossEngineKey, type LossName } from './lossNames';
import type { LossName } from './lossNames';

const binaryCrossentropy: LossEntry = {
  engine: 'bce',
  family: 'binary',
  fromLogits: 'keyword',
  logitsCache: true,
  keywords: { fromLogits: false, labelSmoothing: 0 },
  keras: { kind: 'class', className: 'BinaryCrossentropy' },
  summary: 'a sigmoid cross-entropy per output unit, averaged over the units',
  formula: (f) =>
    f.path === 'probabilities'
      ? `${MEAN} mean over k of −[yₖ·log p̂ₖ + (1 − yₖ)·log(1 − p̂ₖ)]; p̂ = ${f.clip} of p, ${f.output}`
      : `${MEAN} mean over k of [max(xₖ, 0) − xₖ·yₖ + log(1 + e^−|xₖ|)]; ${f.logits}`,
  torch: (e) =>
    e.path === 'probabilities'
      ? torchOnProbabilities('binary_crossentropy', [
          ...torchSmoothing('binary', e.labelSmoothing),
          '    p = p.clamp(EPS, 1 - EPS)',
          '    return -(y * p.log() + (1 - y) * (1 - p).log()).mean(dim=-1).mean()',
        ])
      : torchLogitsLoss('binary_crossentropy', 'binary', e),
  tfjs: { name: 'binaryCrossentropy', logitsOp: 'sigmoidCrossEntropy' },
  gradientNote: (c) => {
    if (c.path === 'cached-logits') {
      return `On TensorFlow the loss reads the ${c.activation}’s cached logits: ∂L/∂zₖ = (σ(zₖ) − yₖ)/K${c.activation === 'softmax' ? ', a sigmoid of the softmax’s logits' : ''}. Each unit is pulled towards its label in proportion to how wrong it is, and the pull never fades while it is wrong.`;
    }
    if (c.path === 'logits') {
      return c.twice
        ? twiceNote(c, '∂L/∂z = (σ(p) − y)/K')
        : '∂L/∂zₖ = (σ(zₖ) − yₖ)/K: each unit is pulled towards its label in proportion to how wrong it is; a confidently wrong unit gets the full pull.';
    }
    return probabilityBceNote(c, '∂L/∂p = (p − y)/(p(1 − p)·K)');
  },
  frameworks: BINARY_CALLS,
};

const categoricalCrossentropy: LossEntry = {
  engine: 'cce',
  family: 'categorical',
  fromLogits: 'keyword',
  logitsCache: true,
  keywords: { fromLogits: false, labelSmoothing: 0 },
  keras: { kind: 'class', className: 'CategoricalCrossentropy' },
  summary: '−log of the softmax probability of the right class, read from one-hot rows',
  formula: (f) =>
    f.path === 'probabilities'
      ? `${MEAN} −Σₖ yₖ · log p̂ₖ; p̂ = ${f.clip} of pₖ / Σⱼ pⱼ, ${f.output}`
      : `${MEAN} −Σₖ yₖ · log_softmax(x)ₖ; ${f.logits}`,
  torch: (e) =>
    e.path === 'probabilities'
      ? torchOnProbabilities('categorical_crossentropy', [
          ...torchSmoothing('categorical', e.labelSmoothing),
          '    p = (p / p.sum(dim=-1, keepdim=True)).clamp(EPS, 1 - EPS)',
          '    return -(y * p.log()).sum(dim=-1).mean()',
        ])
      : torchLogitsLoss('categorical_crossentropy', 'categorical', e),
  tfjs: { name: 'categoricalCrossentropy', logitsOp: 'softmaxCrossEntropy' },
  gradientNote: (c) => softmaxCeNote(c, 'y'),
  frameworks: CATEGORICAL_CALLS,
};

const sparseCategoricalCrossentropy: LossEntry = {
  engine: 'scce',
  family: 'sparse',
  fromLogits: 'keyword',
  logitsCache: true,
  keywords: { fromLogits: false },
  keras: { kind: 'class', className: 'SparseCategoricalCrossentropy' },
  summary: 'categorical cross-entropy read from integer class ids',
  formula: (f) => {
    if (f.path !== 'probabilities')
      return `${MEAN} −log_softmax(x)_y for the class id y; ${f.logits}`;
    return f.semantics === 'tf'
      ? `${MEAN} −log(p̂_y / Σₖ p̂ₖ) for the class id y; p̂ = ${f.clip} of p, ${f.output}`
      : `${MEAN} −log p̂_y for the class id y; p̂ = ${f.clip} of p / Σₖ pₖ, ${f.output}`;
  },
  torch: (e) =>
    e.path === 'probabilities'
      ? torchOnProbabilities(
          'sparse_categorical_crossentropy',
          [
            e.semantics === 'tf'
              ? '    log_p = torch.log_softmax(p.clamp(EPS, 1 - EPS).log(), dim=-1)  # TF: clip, log, normalise'
              : '    log_p = (p / p.sum(dim=-1, keepdim=True)).clamp(EPS, 1 - EPS).log()  # JAX: normalise, clip',
            '    return -log_p.gather(1, y.long().unsqueeze(1)).mean()',
          ],
          true,
        )
      : torchLogitsLoss('sparse_categorical_crossentropy', 'sparse', e),
  tfjs: { name: 'sparseCategoricalCrossentropy', logitsOp: 'softmaxCrossEntropy' },
  gradientNote: (c) => softmaxCeNote(c, 'onehot(id)'),
  frameworks: SPARSE_CALLS,
};

const weightedBinaryCrossentropy: LossEntry = {
  engine: 'weighted_bce',
  family: 'binary',
  fromLogits: 'always-logits',
  logitsCache: false,
  keywords: { posWeight: POS_WEIGHT },
  keras: {
    kind: 'custom',
    callable: 'weighted_cross_entropy_with_logits',
    keywordErrorAt: 'compile',
    define: (e) => ({
      imports: e.semantics === 'tf' ? ['import tensorflow as tf'] : [],
      lines: [
        `POS_WEIGHT = ${floatLit(e.keywords.posWeight)}`,
        '',
        '',
        'def weighted_binary_crossentropy(y_true, y_pred):',
        '    """Weighted sigmoid cross-entropy averaged over the labels; y_pred is read as logits."""',
        ...(e.semantics === 'tf'
          ? [
              '    y_true = tf.cast(y_true, y_pred.dtype)',
              '    values = tf.nn.weighted_cross_entropy_with_logits(y_true, y_pred, POS_WEIGHT)',
              '    return tf.reduce_mean(values, axis=-1)',
            ]
          : [
              '    x, y = y_pred, keras.ops.cast(y_true, y_pred.dtype)',
              '    softplus_neg = keras.ops.log1p(keras.ops.exp(-keras.ops.abs(x))) + keras.ops.relu(-x)',
              '    values = (1.0 - y) * x + (1.0 + (POS_WEIGHT - 1.0) * y) * softplus_neg',
              '    return keras.ops.mean(values, axis=-1)',
            ]),
      ],
    }),
  },
  summary: `tf.nn.weighted_cross_entropy_with_logits (PyTorch: BCEWithLogitsLoss(pos_weight)) with pos_weight = ${POS_WEIGHT}, averaged over the units; it reads y_pred as logits (keep the output linear)`,
  formula: (f) =>
    `${MEAN} mean over k of (1 − yₖ)·xₖ + (1 + (q − 1)·yₖ)·(log(1 + e^−|xₖ|) + max(−xₖ, 0)); q = pos_weight = ${f.keywords.posWeight}, ${f.logits}`,
  torch: (e) => ({
    setup: [
      `POS_WEIGHT = ${floatLit(e.keywords.posWeight)}`,
      'loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor(POS_WEIGHT))  # one weight for every unit',
    ],
    doc: 'tf.nn.weighted_cross_entropy_with_logits reads y_pred as logits, as BCEWithLogitsLoss does.',
    body: ['    return loss_fn(activation(z), y)'],
  }),
  tfjs: {
    custom: (e) => ({
      expr: 'weightedBinaryCrossentropy',
      defs: [
        `const POS_WEIGHT = ${floatLit(e.keywords.posWeight)};`,
        '// tf.nn.weighted_cross_entropy_with_logits: yPred is read as logits.',
        ...tfjsFunction('weightedBinaryCrossentropy', [
          'const softplusNeg = tf.add(tf.log1p(tf.exp(tf.neg(tf.abs(yPred)))), tf.relu(tf.neg(yPred)));',
          'const weight = tf.add(1, tf.mul(POS_WEIGHT - 1, yTrue));',
          'return tf.mean(tf.add(tf.mul(tf.sub(1, yTrue), yPred), tf.mul(weight, softplusNeg)), -1);',
        ]),
      ],
    }),
  },
  notes: (c) => [
    {
      level: 'info',
      code: 'weighted_bce_not_keras',
      title: 'Keras has no weighted binary cross-entropy',
      explanation: `LossLab computes tf.nn.weighted_cross_entropy_with_logits (PyTorch: BCEWithLogitsLoss(pos_weight=${c.posWeight ?? POS_WEIGHT})): the sigmoid cross-entropy with the "digit present" term multiplied by pos_weight = ${c.posWeight ?? POS_WEIGHT}, one present digit against ${c.K - 1} absent ones, averaged over the ${c.K} units like binary_crossentropy. It always takes logits, so from_logits changes nothing. In Keras you would write it as a custom loss; BinaryFocalCrossentropy(apply_class_balancing=True) is the closest built-in.`,
    },
    ...(c.appliedTwice
      ? [
          {
            level: 'warning' as const,
            code: 'weighted_bce_activation_twice',
            title: `The ${c.activation} is applied twice`,
            explanation: `weighted_cross_entropy_with_logits treats its input as logits and applies its own sigmoid; it never looks for cached logits, on any backend. After a ${c.activation} output the predictions are squashed twice (a sigmoid of a probability stays between 0.5 and 0.73), so the loss cannot get low. Use a linear output.`,
            fix: { activation: 'linear' as const },
          },
        ]
      : []),
  ],
  gradientNote: (c) => {
    const base =
      'Absent units are pushed down by σ(x)/K as in binary cross-entropy; present units are pulled up by pos_weight·(1 − σ(x))/K, 9 times harder';
    return c.twice
      ? `${base}. But the ${c.activation} output is read as logits: x = p${ACT_DERIVATIVE[c.activation]}, so the squashed output never reaches its label and the pull fades where it saturates.`
      : `${base}, so predicting “absent” everywhere stops being cheap.`;
  },
  frameworks: WEIGHTED_BINARY_CALLS,
};

const meanSquaredError: LossEntry = {
  engine: 'mse',
  family: 'elementwise',
  fromLogits: 'rejected',
  logitsCache: false,
  keywords: {},
  keras: { kind: 'class', className: 'MeanSquaredError' },
  summary: 'a regression loss: the squared difference per unit, averaged',
  formula: (f) => `${MEAN} mean over k of (yₖ − pₖ)²; ${f.output}`,
  torch: () => ({
    setup: ['loss_fn = nn.MSELoss()'],
    doc: 'Mean squared error on the activated output.',
    body: ['    return loss_fn(activation(z), y)'],
  }),
  tfjs: { name: 'meanSquaredError' },
  notes: (c) => [
    {
      level: 'warning',
      code: 'mse_for_classification',
      title: 'Mean squared error is a regression loss',
      explanation:
        c.activation === 'linear'
          ? `On a linear output this is least-squares classification: the ${c.K} outputs are pulled towards 0 and 1. It trains, but it also punishes outputs for being "too right" (above 1), and it learns more slowly than cross-entropy.`
          : `MSE pulls the ${c.K} outputs towards 0 and 1 like numbers in a regression. After a ${c.activation} its gradient fades as the outputs saturate, so a confidently wrong prediction learns slowly; cross-entropy does not have that problem.`,
      fix: matchingLossPatch(c),
      // After a softmax the small runs reach the textbook accuracy: only the other two crawl.
      ...(c.multiLabel || c.activation === 'softmax'
        ? {}
        : { claims: [{ kind: 'crawls' as const }] }),
    },
  ],
  gradientNote: (c) =>
    c.activation === 'linear'
      ? '∂L/∂zₖ = 2(zₖ − yₖ)/K: proportional to the error, and it also pushes outputs above 1 back down: being “too right” costs.'
      : `∂L/∂z = 2(p − y)/K${ACT_DERIVATIVE[c.activation]}: the derivative shrinks it wherever an output saturates near 0 or 1, so a confidently wrong output barely learns, where cross-entropy’s p − y would pull hardest.${zeros(c, 'saturated')}`,
  frameworks: MSE_CALLS,
};

const klDivergence: LossEntry = {
  engine: 'kld',
  family: 'elementwise',
  fromLogits: 'rejected',
  logitsCache: false,
  keywords: {},
  keras: { kind: 'class', className: 'KLDivergence' },
  summary: 'Σ y·log(y/p) with both sides clipped to [1e-7, 1]',
  formula: (f) =>
    `${MEAN} Σₖ ỹₖ · log(ỹₖ / p̃ₖ); ỹ = clip(y, 1e−7, 1), p̃ = clip(p, 1e−7, 1), ${f.output}`,
  torch: () =>
    torchOnProbabilities('kl_divergence', [
      '    y_c, p_c = y.clamp(EPS, 1), p.clamp(EPS, 1)',
      '    return (y_c * (y_c / p_c).log()).sum(dim=-1).mean()',
    ]),
  tfjs: { name: 'kullbackLeiblerDivergence' },
  notes: (c) => {
    const fix = matchingLossPatch(c);
    if (c.multiLabel) {
      return [
        {
          level: 'warning',
          code: 'kl_divergence',
          title: 'Multi-hot rows are not distributions',
          explanation:
            'KL divergence compares two probability distributions, but a multi-hot row can add up to 2 or 3, so the number means nothing here. Use binary_crossentropy with a sigmoid output.',
          fix,
        },
      ];
    }
    if (c.activation === 'softmax') {
      return [
        {
          level: 'info',
          code: 'kl_divergence',
          title: 'KL divergence equals categorical cross-entropy here',
          explanation:
            'With one-hot targets the target has no entropy of its own, so KL divergence is categorical cross-entropy, apart from tiny terms from Keras clipping the zeros of y up to 1e-7. It is computed from the clipped probabilities, without the logits.',
          claims: [{ kind: 'trains_like', patch: { loss: 'categorical_crossentropy' } }],
        },
      ];
    }
    return [
      {
        level: 'warning',
        code: 'kl_divergence',
        title:
          c.activation === 'sigmoid'
            ? 'Sigmoid outputs are not a distribution'
            : 'KL divergence on raw outputs',
        explanation:
          c.activation === 'sigmoid'
            ? "KL divergence assumes both rows add up to 1. Sigmoid outputs don't, and with one-hot targets only the true digit's output is scored: nothing pushes the wrong digits down, so setting every output to 1 reaches a loss of 0: the loss falls while the accuracy stays low."
            : 'Keras clips the raw outputs into [1e-7, 1] and uses them as probabilities without normalising: negative outputs all become 1e-7 with no gradient, and nothing pushes the wrong digits down, so the accuracy stays low.',
        fix,
        // Both leave the wrong digits alone: the accuracy stays far below the textbook pairing's.
        claims: [{ kind: 'stalls' as const }],
      },
    ];
  },
  gradientNote: (c) => {
    if (c.activation === 'softmax') {
      return `∂L/∂p = −y/p${ACT_DERIVATIVE.softmax}: with one-hot labels this is softmax(z) − y, cross-entropy’s gradient, from clipped probabilities: a true class clipped under 1e-7 gets exactly 0.${zeros(c, 'clipped')}`;
    }
    const clipped =
      c.activation === 'linear'
        ? ' The raw outputs are clipped to [1e-7, 1]: negative ones and ones above 1 get exactly 0.'
        : '';
    return `∂L/∂p = −y/p${ACT_DERIVATIVE[c.activation]}: only the labelled outputs are pulled up; an absent one gets only 1e-7/p from its clipped zero label, so nothing pushes wrong digits down.${clipped}${zeros(c, 'clipped')}`;
  },
  frameworks: KLD_CALLS,
};

const binaryFocalCrossentropy: LossEntry = {
  engine: 'focal_bce',
  family: 'binary',
  fromLogits: 'keyword',
  logitsCache: true,
  // from_logits=True: the loss applies `ops.sigmoid` itself, then BCE(from_logits=False); on TF
  // that sigmoid caches its input, so the BCE reads the output as logits (twice after an
  // activation, and without Keras' warning). Otherwise as binary_crossentropy.
  reads: (c) => {
    const activated = c.activation !== 'linear';
    if (c.fromLogits)
      return { path: c.semantics === 'tf' ? 'logits' : 'probabilities', twice: activated };
    return {
      path: c.semantics === 'tf' && activated ? 'cached-logits' : 'probabilities',
      twice: false,
    };
  },
  keywords: {
    applyClassBalancing: false,
    alpha: 0.25,
    gamma: 2,
    fromLogits: false,
    labelSmoothing: 0,
  },
  keras: { kind: 'class', className: 'BinaryFocalCrossentropy' },
  summary:
    'binary cross-entropy with each unit scaled by (1 − p_t)^γ, γ = 2, so easy units count less',
  formula: (f) => {
    const kw = f.keywords;
    const balance = kw.applyClassBalancing ? ' · (α·yₖ + (1 − α)·(1 − yₖ))' : '';
    const bce =
      f.path === 'probabilities'
        ? '−[yₖ·log q̂ₖ + (1 − yₖ)·log(1 − q̂ₖ)]'
        : '[max(xₖ, 0) − xₖ·yₖ + log(1 + e^−|xₖ|)]';
    const twice = f.activation === 'linear' ? '' : ': the activation is applied twice';
    const reads =
      f.path === 'probabilities'
        ? `q̂ = ${f.clip} of q`
        : f.fromLogits
          ? `x = p, cached as logits by the loss's own sigmoid${twice}`
          : f.logits;
    return (
      `${MEAN} mean over k of (1 − p_tₖ)^γ${balance} · ${bce}; ` +
      `p_tₖ = yₖ·qₖ + (1 − yₖ)·(1 − qₖ), γ = ${kw.gamma}${kw.applyClassBalancing ? `, α = ${kw.alpha}` : ''}; ` +
      `${f.fromLogits ? 'q = sigmoid(p), its own sigmoid' : 'q = p'}, ${f.output}; ${reads}`
    );
  },
  torch: (e) => {
    const kw = e.keywords;
    const probabilities = e.path === 'probabilities';
    return {
      setup: [
        ...(probabilities ? [TORCH_EPS] : []),
        `GAMMA = ${floatLit(kw.gamma)}`,
        ...(kw.applyClassBalancing ? [`ALPHA = ${floatLit(kw.alpha)}`] : []),
      ],
      doc: "Keras' binary_focal_crossentropy: binary cross-entropy scaled by (1 - p_t) ** GAMMA.",
      body: [
        '    p = activation(z)',
        ...torchShapeCheck(false),
        ...torchSmoothing('binary', e.labelSmoothing),
        ...(e.fromLogits
          ? ['    q = torch.sigmoid(p)  # from_logits=True: its own sigmoid']
          : ['    q = p']),
        ...(probabilities
          ? [
              '    q_c = q.clamp(EPS, 1 - EPS)',
              '    bce = -(y * q_c.log() + (1 - y) * (1 - q_c).log())',
            ]
          : [
              // Keras on TF: the logits cached by the activation, or by its own sigmoid.
              `    bce = F.binary_cross_entropy_with_logits(${e.fromLogits ? 'p' : e.torchInput}, y, reduction="none")`,
            ]),
        '    p_t = y * q + (1 - y) * (1 - q)',
        '    loss = (1 - p_t) ** GAMMA * bce',
        ...(kw.applyClassBalancing
          ? ['    loss = (y * ALPHA + (1 - y) * (1 - ALPHA)) * loss']
          : []),
        '    return loss.mean(dim=-1).mean()',
      ],
    };
  },
  tfjs: {
    custom: (e) => ({
      expr: 'binaryFocalCrossentropy',
      defs: [
        TFJS_EPS,
        `const GAMMA = ${floatLit(e.keywords.gamma)};`,
        "// Keras' BinaryFocalCrossentropy as it runs without a logits cache (TF.js has none, and no focal loss).",
        ...tfjsFunction('binaryFocalCrossentropy', [
          e.labelSmoothing
            ? `const y = tf.add(tf.mul(yTrue, 1 - ${floatLit(e.labelSmoothing)}), 0.5 * ${floatLit(e.labelSmoothing)});`
            : 'const y = yTrue;',
          `const q = ${e.fromLogits ? 'tf.sigmoid(yPred)' : 'yPred'};`,
          'const qc = tf.clipByValue(q, EPSILON, 1 - EPSILON);',
          'const bce = tf.neg(tf.add(tf.mul(y, tf.log(qc)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, qc)))));',
          'const pT = tf.add(tf.mul(y, q), tf.mul(tf.sub(1, y), tf.sub(1, q)));',
          'return tf.mean(tf.mul(tf.pow(tf.sub(1, pT), GAMMA), bce), -1);',
        ]),
      ],
    }),
  },
  notes: (c) => [
    {
      level: 'info',
      code: 'focal_factor',
      title: 'Focal loss: easy units count less',
      explanation: `binary_focal_crossentropy is binary_crossentropy with each unit's term multiplied by (1 − p_t)^γ, γ = 2, where p_t is the probability given to the right answer: a unit already right at p_t = 0.9 counts 100 times less than one at 0.5, so training concentrates on the hard units (Lin et al., 2018). ${
        c.semantics === 'tf' && c.path === 'cached-logits'
          ? `On TensorFlow the cross-entropy part uses the logits cached under the ${c.activation}, the focal factor the ${c.activation} outputs themselves.`
          : c.semantics === 'tf' && c.path === 'logits'
            ? 'On TensorFlow its own sigmoid caches the output underneath, so the cross-entropy part is exact on those logits.'
            : 'Keras on JAX or PyTorch computes the cross-entropy part from the clipped probabilities.'
      } alpha = 0.25 only matters with apply_class_balancing=True, which LossLab leaves off, as Keras does.`,
    },
  ],
  gradientNote: (c) => {
    const read =
      c.path === 'probabilities'
        ? ' It comes from the clipped probabilities: an output clipped at 1e-7 or 1 − 1e-7 gets only the focal factor’s term.'
        : '';
    return `Binary cross-entropy’s (σ − y)/K scaled by the focal factor (1 − p_t)^γ, γ = 2, plus the factor’s own term: units already right (p_t near 1) get almost nothing, so the hard units take nearly all the gradient.${read}${zeros(c, 'clipped or already right')}`;
  },
  frameworks: FOCAL_CALLS,
};

const absKlDivergence: LossEntry = {
  engine: 'abs_kld',
  family: 'elementwise',
  fromLogits: 'rejected',
  logitsCache: false,
  keywords: {},
  keras: {
    kind: 'custom',
    callable: 'abs_kl_divergence',
    keywordErrorAt: 'fit',
    define: () => ({
      imports: [],
      lines: [
        'EPSILON = keras.config.epsilon()',
        '',
        '',
        'def abs_kl_divergence(y_true, y_pred):',
        '    """The seed\'s abs_KL_div: sum over the classes of |(y - p) * log(y / p)|, y and p clipped to [EPSILON, 1]."""',
        '    y_true = keras.ops.clip(y_true, EPSILON, 1.0)',
        '    y_pred = keras.ops.clip(y_pred, EPSILON, 1.0)',
        '    return keras.ops.sum(keras.ops.abs((y_true - y_pred) * keras.ops.log(y_true / y_pred)), axis=-1)',
      ],
    }),
  },
  summary:
    'the custom abs_KL_div of a classic Q&A, Σ |(y − p)·log(y/p)| with y and p clipped to [1e-7, 1]',
  formula: (f) =>
    `${MEAN} Σₖ |(ỹₖ − p̃ₖ) · log(ỹₖ / p̃ₖ)|; ỹ = clip(y, 1e−7, 1), p̃ = clip(p, 1e−7, 1), ${f.output}`,
  torch: () => ({
    setup: [TORCH_EPS],
    doc: 'The abs_KL_div custom loss on the activated output, y and p clipped to [EPS, 1].',
    body: [
      '    p = activation(z)',
      ...torchShapeCheck(false),
      '    y_c, p_c = y.clamp(EPS, 1), p.clamp(EPS, 1)',
      '    return ((y_c - p_c) * (y_c / p_c).log()).abs().sum(dim=-1).mean()',
    ],
  }),
  tfjs: {
    custom: () => ({
      expr: 'absKlDivergence',
      defs: [
        TFJS_EPS,
        '// The custom abs_KL_div loss: sum over the classes of |(y - p) * log(y / p)|, clipped to [EPSILON, 1].',
        ...tfjsFunction('absKlDivergence', [
          'const y = tf.clipByValue(yTrue, EPSILON, 1);',
          'const p = tf.clipByValue(yPred, EPSILON, 1);',
          'return tf.sum(tf.abs(tf.mul(tf.sub(y, p), tf.log(tf.div(y, p)))), -1);',
        ]),
      ],
    }),
  },
  notes: (c) => [
    c.activation === 'linear'
      ? {
          level: 'warning',
          code: 'abs_kl_raw_outputs',
          title: 'abs_kl_divergence on raw outputs',
          explanation:
            'The loss clips the outputs into [1e-7, 1] before taking logs, so on a linear output every negative score becomes 1e-7 and every score above 1 becomes 1, with no gradient: those units stop learning and the accuracy stays low. Use a sigmoid output (several digits) or a softmax (one digit).',
          fix: { activation: c.multiLabel ? 'sigmoid' : 'softmax' },
          ...(c.multiLabel ? {} : { claims: [{ kind: 'stalls' as const }] }),
        }
      : {
          level: 'info',
          code: 'abs_kl_custom',
          title: 'A custom loss from a classic answer, not a Keras loss',
          explanation: `abs_kl_divergence is the abs_KL_div function posted in answer to "What loss function for multi-class, multi-label classification tasks in neural networks?": Σ over the ${c.K} units of |(y − p)·log(y/p)|, both clipped to [1e-7, 1]. Keras calls it like any custom function, on the ${c.activation} outputs: it never sees the logits, so TensorFlow and JAX compute the same number. A present digit costs (1 − p)·(−log p); unlike KL divergence, an absent one costs p·log(p/1e-7), about 16·p, so it pushes wrong digits down too, hard.`,
        },
  ],
  gradientNote: (c) => {
    const clipped =
      c.activation === 'linear'
        ? ' The raw outputs are clipped to [1e-7, 1]: outputs at or below 0, or above 1, get exactly 0.'
        : '';
    const reaches =
      c.activation === 'linear' ? '' : ` It reaches z${ACT_DERIVATIVE[c.activation]}.`;
    return `∂L/∂p: a present digit is pulled up by (1 − p)/p − log p, an absent one pushed down by log(p/1e-7) + 1 ≈ 17 + log p: wrong digits are pushed down hard, even when they are already small.${reaches}${clipped}${zeros(c, 'clipped')}`;
  },
  frameworks: [],
};

/** Every loss by its link name; `LOSSES` lists the same names in the page's order. */
export const LOSS_CATALOGUE: Readonly<Record<LossName, LossEntry>> = {
  binary_crossentropy: binaryCrossentropy,
  categorical_crossentropy: categoricalCrossentropy,
  sparse_categorical_crossentropy: sparseCategoricalCrossentropy,
  weighted_binary_crossentropy: weightedBinaryCrossentropy,
  mean_squared_error: meanSquaredError,
  kl_divergence: klDivergence,
  binary_focal_crossentropy: binaryFocalCrossentropy,
  abs_kl_divergence: absKlDivergence,
};

/** The catalogue entry of a loss. */
export function lossEntry(loss: LossName): LossEntry {
  return LOSS_CATALOGUE[loss];
}
