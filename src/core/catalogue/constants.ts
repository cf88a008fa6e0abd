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

/**
 * `pos_weight` of `weighted_binary_crossentropy`, the same in the engine, the lab, the verdict and
 * every export. 9 = negatives per positive with one digit per image (1 of 10 units is "present"),
 * the usual `pos_weight = #negatives / #positives`: the "present" terms then weigh as much as the
 * "absent" ones, so predicting "absent" everywhere stops being cheap. (With 1 the loss would be
 * binary cross-entropy on logits, nothing to learn from; multi-label canvases average 2 digits, so
 * 9 there favours recall about twice over.)
 */
export const POS_WEIGHT = 9;
