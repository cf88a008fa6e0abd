/**
 * The numbers every layer shares with Keras, declared once: the reference maths (core/keras), the
 * tensor engine (src/ml), the loss lab, the verdict texts and the three code exporters all read
 * them from here.
 */

/**
 * `keras.config.epsilon()`: the clip bound of every probability path, as the literal Keras writes.
 * The float32 value the reference maths uses is `EPSILON` in keras/float32.ts (1.0000000116860974e-7).
 */
export const KERAS_EPSILON = 1e-7;

/** `BinaryAccuracy(threshold=0.5)`: an output counts as "yes" when strictly greater than this. */
export const DEFAULT_THRESHOLD = 0.5;

/** `k` of Keras' `TopKCategoricalAccuracy` / `SparseTopKCategoricalAccuracy` (their default). */
export const TOP_K = 5;
