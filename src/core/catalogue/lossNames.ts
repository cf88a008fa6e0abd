/**
 * The names of the losses: the Keras name a link and `compile(loss=...)` take, and the engine key
 * the maths is filed under. A leaf, so the entry's type (lossEntry.ts) and the entries
 * (losses.ts) both name losses without importing each other.
 */

/** Keras loss names (snake_case, as `model.compile(loss=...)` and links take them). */
export const LOSSES = [
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'weighted_binary_crossentropy',
  'mean_squared_error',
  'kl_divergence',
  'binary_focal_crossentropy',
  'abs_kl_divergence',
] as const;
export type LossName = (typeof LOSSES)[number];

/**
 * The loss maths (core/keras/lossMaths.ts: value, gradient and tensor form) is keyed by this: a
 * `Record<LossEngineKey, …>`, so the compiler lists what a new loss must implement.
 */
export const LOSS_ENGINE_KEYS = [
  'bce',
  'cce',
  'scce',
  'weighted_bce',
  'mse',
  'kld',
  'focal_bce',
  'abs_kld',
] as const;
export type LossEngineKey = (typeof LOSS_ENGINE_KEYS)[number];
