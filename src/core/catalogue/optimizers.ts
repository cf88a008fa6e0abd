/**
 * The optimizer catalogue: one entry per optimizer (Keras' own registry,
 * `keras/src/optimizers/__init__.py`, is the model), with its Keras class, the keywords LossLab
 * trains with (Keras' defaults), how tfjs and PyTorch spell the same optimizer, and the learning
 * rate above which the divergence hint blames it. The configuration's list, the engine
 * (src/ml/optimizers.ts, whose update rules are keyed by these names), the three exporters and
 * the divergence hint read it. A leaf of core: it imports only the shared constants.
 */
import { KERAS_EPSILON } from './constants';

/** Configuration fields an optimizer takes as the Keras keyword of the same name. */
type OptimizerConfigField = 'momentum';

interface OptimizerEntry {
  /** `keras.optimizers.<kerasClass>`. */
  kerasClass: string;
  /**
   * Keras' keywords besides `learning_rate`, with Keras' defaults: what LossLab trains with. The
   * Keras export leaves them out (they are the defaults); tfjs and PyTorch get them spelled out.
   */
  keywords: Readonly<Record<string, number | boolean>>;
  /** Keywords whose value is the configuration's field of that name (SGD's `momentum`). */
  fromConfig: readonly OptimizerConfigField[];
  /**
   * `tf.train.<factory>(learningRate, …args)`: the Keras keywords tfjs takes, in its order.
   * `withMomentum` replaces it when the keyword `momentum` is above 0 (tfjs' SGD has none).
   */
  tfjs: { factory: string; args: readonly string[] };
  tfjsWithMomentum?: { factory: string; args: readonly string[] };
  /** `torch.optim.<className>(params, lr=…, …)`: each PyTorch keyword and the Keras keyword it gets. */
  torch: { className: string; keywords: Readonly<Record<string, string>> };
  /** From this learning rate up, a NaN loss is most likely the learning rate's doing. */
  highLearningRate: number;
}

export const OPTIMIZER_CATALOGUE = {
  adam: {
    kerasClass: 'Adam',
    keywords: { beta_1: 0.9, beta_2: 0.999, epsilon: KERAS_EPSILON },
    fromConfig: [],
    tfjs: { factory: 'adam', args: ['beta_1', 'beta_2', 'epsilon'] },
    torch: { className: 'Adam', keywords: { eps: 'epsilon' } },
    highLearningRate: 0.1,
  },
  sgd: {
    kerasClass: 'SGD',
    keywords: {},
    fromConfig: ['momentum'],
    tfjs: { factory: 'sgd', args: [] },
    tfjsWithMomentum: { factory: 'momentum', args: ['momentum'] },
    torch: { className: 'SGD', keywords: { momentum: 'momentum' } },
    highLearningRate: 1,
  },
  rmsprop: {
    kerasClass: 'RMSprop',
    keywords: { rho: 0.9, momentum: 0, epsilon: KERAS_EPSILON, centered: false },
    fromConfig: [],
    tfjs: { factory: 'rmsprop', args: ['rho', 'momentum', 'epsilon'] },
    torch: { className: 'RMSprop', keywords: { alpha: 'rho', eps: 'epsilon' } },
    highLearningRate: 0.1,
  },
  adagrad: {
    kerasClass: 'Adagrad',
    keywords: { initial_accumulator_value: 0.1, epsilon: KERAS_EPSILON },
    fromConfig: [],
    // tfjs' Adagrad takes no ε; LossLab's engine passes Keras' own (src/ml/optimizers.ts).
    tfjs: { factory: 'adagrad', args: ['initial_accumulator_value'] },
    torch: {
      className: 'Adagrad',
      keywords: { initial_accumulator_value: 'initial_accumulator_value', eps: 'epsilon' },
    },
    highLearningRate: 0.1,
  },
  adadelta: {
    kerasClass: 'Adadelta',
    keywords: { rho: 0.95, epsilon: KERAS_EPSILON },
    fromConfig: [],
    tfjs: { factory: 'adadelta', args: ['rho', 'epsilon'] },
    torch: { className: 'Adadelta', keywords: { rho: 'rho', eps: 'epsilon' } },
    highLearningRate: 1,
  },
} as const satisfies Record<string, OptimizerEntry>;

export type OptimizerName = keyof typeof OPTIMIZER_CATALOGUE;

/** Every optimizer, in the catalogue's order (the control's and the link's values). */
export const OPTIMIZERS = Object.keys(OPTIMIZER_CATALOGUE) as readonly OptimizerName[];

/** An optimizer's entry, typed loosely (for code that treats every optimizer alike). */
export function optimizerEntry(name: OptimizerName): OptimizerEntry {
  return OPTIMIZER_CATALOGUE[name];
}

/**
 * Every Keras keyword an optimizer runs with for a configuration, besides the learning rate: its
 * Keras defaults and the configuration fields it takes (SGD's momentum).
 */
export function optimizerKeywords(
  config: { optimizer: OptimizerName } & Record<OptimizerConfigField, number>,
): Record<string, number | boolean> {
  const entry = optimizerEntry(config.optimizer);
  const fromConfig = entry.fromConfig.map((field) => [field, config[field]] as const);
  return { ...entry.keywords, ...Object.fromEntries(fromConfig) };
}
