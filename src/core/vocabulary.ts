/**
 * The words a configuration is made of that the catalogues also speak (task, output activation,
 * label encoding, semantics). A leaf: config.ts and the catalogues both build on it, so neither
 * has to import the other to name an activation.
 */

/**
 * `multiclass`: one digit of ten per image; `multilabel`: 1–3 digits per image (canvases);
 * `binary`: one yes/no question per image (the `target` field), on one output unit or two.
 */
export const TASKS = ['multiclass', 'multilabel', 'binary'] as const;
export type Task = (typeof TASKS)[number];

/** Output activation applied on top of the (always linear) last layer. */
export const ACTIVATIONS = ['linear', 'sigmoid', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * How labels are fed to the loss:
 * - `int`: integer class ids of shape (B,), as `y_train` usually is;
 * - `onehot`: (B, K) with a single 1 per row;
 * - `multihot`: (B, K) with any number of 1s (multi-label targets);
 * - `column`: the class ids as a (B, 1) float32 column (`y.reshape(-1, 1)`), as binary labels
 *   usually are.
 */
export const LABEL_ENCODINGS = ['int', 'onehot', 'multihot', 'column'] as const;
export type LabelEncoding = (typeof LABEL_ENCODINGS)[number];

/**
 * `tf`: Keras on the TensorFlow backend (sigmoid/softmax outputs carry cached logits that every
 * cross-entropy uses). `plain`: the probability formulas everywhere (Keras on JAX or PyTorch).
 */
export const SEMANTICS = ['tf', 'plain'] as const;
export type Semantics = (typeof SEMANTICS)[number];
