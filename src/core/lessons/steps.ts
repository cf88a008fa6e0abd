/**
 * The guided lessons: the seed tutorial's story in eleven steps, from integer labels to a custom
 * loss from a classic answer, the binary task's one or two output units and what `pos_weight`
 * does to recall. Each step's answer
 * is what the real trainer does with its configuration (src/worker/lessons.test.ts runs every
 * step and judges it), and each explanation's claims about Keras are checked against the verdict
 * (lessons.test.ts).
 */
import { POS_WEIGHT_SWEEP } from '../grid/presets';
import { labExampleFor } from '../labUrl';
import type { Lesson, LessonObservation, LessonRun } from './lesson';
import {
  BINARY_LESSON,
  MULTILABEL_LESSON,
  binaryPositiveRate,
  fmt,
  largestLossGap,
  lastEpoch,
  multiLabelScores,
  rejection,
} from './lesson';

/** Losses closer than this, every epoch, are "the same losses" (float32 arithmetic differs). */
const SAME_LOSS = 0.01;

const intExample = labExampleFor({ labels: 'int' });
const oneHotExample = labExampleFor({ labels: 'onehot' });
const multiHotExample = labExampleFor({ labels: 'multihot' });

/** Judges a single-label run by its validation accuracy: above `trains`, below `stalls`. */
function byAccuracy(
  run: LessonRun,
  choices: { rejected: string; trains: string; stalls: string },
  trains = 0.5,
): LessonObservation {
  const refused = rejection(run, choices.rejected);
  if (refused) return refused;
  const last = lastEpoch(run);
  const acc = last?.valMetric ?? NaN;
  return {
    choice: acc >= trains ? choices.trains : choices.stalls,
    observed: `It trained for ${run.history.length} epochs: validation ${run.metric ?? 'accuracy'} ${fmt(acc)}, loss ${fmt(last?.valLoss)}.`,
  };
}

const intCce: Lesson = {
  id: 'int-labels-cce',
  title: 'Integer labels and categorical cross-entropy',
  question:
    "The labels are digit ids, 0 to 9, one number per image. The model ends in a softmax and is compiled with loss='categorical_crossentropy'. What will Keras do?",
  choices: [
    { id: 'trains', text: 'Train normally: the loss turns the ids into one-hot rows itself' },
    { id: 'rejects', text: 'Raise an error before the first training step' },
    { id: 'chance', text: 'Train, but accuracy stays at chance (about 0.1)' },
  ],
  answer: 'rejects',
  config: { labels: 'int', activation: 'softmax', loss: 'categorical_crossentropy' },
  claims: { level: 'error', findings: ['int_labels_dense_loss'] },
  judge: (run) => byAccuracy(run, { rejected: 'rejects', trains: 'trains', stalls: 'chance' }),
  explanation:
    'categorical_crossentropy compares the 10 outputs of an image with 10 labels, so it needs one-hot rows of shape (B, 10); class ids have shape (B,). Keras 3 checks the shapes on the first batch and raises a ValueError. Two fixes compute exactly the same loss: keep the ids and use sparse_categorical_crossentropy, which reads the id, or one-hot encode them (keras.utils.to_categorical) and keep categorical_crossentropy.',
  links: [
    { kind: 'lab', label: 'Every loss on integer labels, in the loss lab', example: intExample },
    {
      kind: 'grid',
      label: 'Labels × loss in the grid',
      axes: {
        labels: ['int', 'onehot'],
        loss: ['categorical_crossentropy', 'sparse_categorical_crossentropy'],
      },
    },
  ],
};

const oneHotScce: Lesson = {
  id: 'onehot-sparse',
  title: 'One-hot labels and the “sparse” loss',
  question:
    'Now the labels are one-hot rows of 10 numbers, and the loss is sparse_categorical_crossentropy, a name that sounds like a leaner version of the same loss. What will Keras do?',
  choices: [
    { id: 'trains', text: 'Train normally: “sparse” only saves memory' },
    { id: 'rejects', text: 'Raise an error before the first training step' },
    { id: 'chance', text: 'Train, but learn nothing' },
  ],
  answer: 'rejects',
  config: { labels: 'onehot', activation: 'softmax', loss: 'sparse_categorical_crossentropy' },
  claims: { level: 'error', findings: ['dense_labels_sparse_loss'] },
  judge: (run) => byAccuracy(run, { rejected: 'rejects', trains: 'trains', stalls: 'chance' }),
  explanation:
    '“Sparse” describes the labels: one class id per image, shape (B,). Given (B, 10) rows, Keras 3 raises a ValueError on the first batch (tf.keras 2 failed later, inside a TensorFlow kernel). The two valid pairs are class ids with sparse_categorical_crossentropy and one-hot rows with categorical_crossentropy, and they compute the same number. Integer labels with binary_crossentropy or mean_squared_error are refused the same way; the grid shows every pair.',
  links: [
    {
      kind: 'grid',
      label: 'Labels × loss, the rejected pairs included',
      axes: {
        labels: ['int', 'onehot'],
        loss: [
          'categorical_crossentropy',
          'sparse_categorical_crossentropy',
          'binary_crossentropy',
          'mean_squared_error',
        ],
      },
    },
  ],
};

const sigmoidScce: Lesson = {
  id: 'sigmoid-sparse',
  title: 'A sigmoid output with sparse cross-entropy',
  question:
    "Integer labels and sparse_categorical_crossentropy on Keras' TensorFlow backend, but the output layer uses activation='sigmoid' instead of 'softmax'. Sigmoid outputs do not add up to 1. How will it train?",
  choices: [
    { id: 'same', text: 'Like the softmax model: the same losses, the same accuracy' },
    { id: 'worse', text: 'Worse: the loss reads probabilities that do not add up to 1' },
    { id: 'rejects', text: 'Keras raises an error: sparse cross-entropy needs a softmax' },
  ],
  answer: 'same',
  config: { labels: 'int', activation: 'sigmoid', loss: 'sparse_categorical_crossentropy' },
  reference: { label: 'The softmax model', config: { activation: 'softmax' } },
  claims: {
    level: 'quirk',
    findings: ['cross_activation_cached_logits'],
    metric: 'sparse_categorical_accuracy',
    path: 'cached-logits',
  },
  judge: (run) => {
    const seen = byAccuracy(run, { rejected: 'rejects', trains: 'same', stalls: 'worse' }, 0.7);
    const softmax = run.reference?.history;
    if (run.rejected || !softmax) return seen;
    const gap = largestLossGap(run.history, softmax);
    const same = gap < SAME_LOSS;
    const last = softmax[softmax.length - 1];
    return {
      choice: seen.choice === 'same' && !same ? 'worse' : seen.choice,
      observed: `${seen.observed} The softmax model: validation accuracy ${fmt(last?.valMetric)}, loss ${fmt(last?.valLoss)}; ${same ? `every epoch's losses agree to within ${gap < 0.0005 ? '0.001' : gap.toFixed(3)}` : `the losses differ by up to ${fmt(gap)}`}.`,
    };
  },
  explanation:
    "On TensorFlow a sigmoid or softmax output keeps the logits it was computed from, and Keras' cross-entropies use those logits whenever they find them, whatever from_logits says. So sparse_categorical_crossentropy computes the softmax cross-entropy of the sigmoid's logits: the very loss, gradients and weights of the softmax model. This step trains both, and its result shows their losses side by side. Only the outputs you see differ, and their argmax is the same digit, so 'accuracy' (sparse_categorical_accuracy for class ids) is the same too. On JAX or PyTorch there is no such cache: the sigmoid outputs are normalised and clipped instead, and the numbers change.",
  links: [
    {
      kind: 'grid',
      label: 'Sigmoid and softmax on TensorFlow and JAX',
      axes: { activation: ['sigmoid', 'softmax'], semantics: ['tf', 'plain'] },
    },
    { kind: 'lab', label: 'The cached-logits path in the loss lab', example: intExample },
  ],
};

const bceOneHot: Lesson = {
  id: 'bce-onehot-accuracy',
  title: "Binary cross-entropy on one-hot labels: what 'accuracy' became",
  question:
    "One-hot labels, a softmax output, loss='binary_crossentropy' and metrics=['accuracy']: the pairing of a famous question about binary cross-entropy being “more accurate”. In Keras 3, what does 'accuracy' report?",
  choices: [
    { id: 'real', text: 'The share of images whose highest output is the right digit' },
    {
      id: 'inflated',
      text: 'A number near 0.9 from the first epoch: each of the 10 outputs counts as a yes/no answer',
    },
    { id: 'rejects', text: 'An error: binary cross-entropy needs a single output' },
  ],
  answer: 'real',
  config: { labels: 'onehot', activation: 'softmax', loss: 'binary_crossentropy' },
  claims: {
    level: 'quirk',
    findings: ['accuracy_resolved', 'cross_activation_cached_logits'],
    metric: 'categorical_accuracy',
    path: 'cached-logits',
  },
  judge: (run) => {
    const refused = rejection(run, 'rejects');
    if (refused) return refused;
    const val = lastEpoch(run)?.valMetric ?? NaN;
    const test = run.result?.testAccuracy ?? NaN;
    const same = run.metric !== 'binary_accuracy' && Math.abs(val - test) < 0.02;
    return {
      choice: same ? 'real' : 'inflated',
      observed: `'accuracy' was ${run.metric ?? 'unknown'}: ${fmt(val)} on the validation digits, where the share whose highest output is the right digit is ${fmt(test)}.`,
    };
  },
  explanation:
    "Keras 3 picks the accuracy from the shapes, not from the loss: (B, 10) labels and outputs give categorical_accuracy, the argmax accuracy, the same number as the test accuracy. Keras before 2.2 (and TF.js) chose binary_accuracy for binary_crossentropy: it averages 10 yes/no answers, 9 of them “no”, so predicting nothing already scored 0.9. That was the inflated accuracy of the famous question. The loss itself is a sigmoid cross-entropy per output; on TensorFlow it reads the softmax's logits, so the model trains like 10 independent sigmoids.",
  links: [
    {
      kind: 'grid',
      label: 'Which accuracy, for which loss',
      axes: {
        loss: ['binary_crossentropy', 'categorical_crossentropy'],
        metric: ['accuracy', 'binary_accuracy', 'categorical_accuracy'],
      },
    },
  ],
};

const fromLogits: Lesson = {
  id: 'from-logits',
  title: 'from_logits: a linear output read as probabilities',
  question:
    'The output layer has no activation (linear), and the loss is categorical_crossentropy with the default from_logits=False, so Keras takes the raw outputs for probabilities. What happens?',
  choices: [
    { id: 'trains', text: 'It trains like softmax: the loss normalises the outputs anyway' },
    { id: 'stalls', text: 'It stalls near chance: most outputs get no gradient at all' },
    { id: 'diverges', text: 'The loss becomes NaN and training stops' },
  ],
  answer: 'stalls',
  config: { labels: 'onehot', activation: 'linear', loss: 'categorical_crossentropy' },
  claims: {
    level: 'warning',
    findings: ['probability_loss_on_raw_outputs'],
    path: 'probabilities',
  },
  judge: (run) => {
    if (run.result?.divergence) {
      return { choice: 'diverges', observed: `The loss became ${run.result.divergence.value}.` };
    }
    const seen = byAccuracy(run, { rejected: 'diverges', trains: 'trains', stalls: 'stalls' }, 0.4);
    const zero = lastEpoch(run)?.outputGradient?.zeroShare;
    return zero === undefined
      ? seen
      : {
          ...seen,
          observed: `${seen.observed} In the last epoch ${Math.round(zero * 100)}% of the outputs had no gradient.`,
        };
  },
  explanation:
    "With from_logits=False the loss divides the raw outputs by their sum and clips the result into [1e-7, 1 − 1e-7]. Raw outputs are often negative, so the true digit's share falls outside that range, and there the gradient is exactly zero: nothing flows back, however wrong the output. The gradient chart beside the trainer's curves shows the share of outputs with zero gradient, and the loss lab shows it for one example. Say from_logits=True, or add a softmax, and the same model trains. (Real Keras 3 on 3,000 digits, 3 epochs: validation accuracy 0.12 on TensorFlow and 0.11 on JAX.)",
  links: [
    {
      kind: 'lab',
      label: 'The zero gradient for one example, in the loss lab',
      example: oneHotExample,
    },
    {
      kind: 'grid',
      label: 'Activation × from_logits',
      axes: { activation: ['linear', 'softmax'], fromLogits: [false, true] },
    },
    { kind: 'trainer', label: 'The gradient chart, in the trainer', show: 'gradients' },
  ],
};

const multiLabelSigmoid: Lesson = {
  id: 'multilabel-threshold',
  title: 'Several digits per image: sigmoid, binary cross-entropy and the threshold',
  question:
    "Each image now shows 1 to 3 digits, with multi-hot labels. Sigmoid outputs, binary_crossentropy and metrics=['binary_accuracy'], which counts an output as “present” above 0.5. After 3 short epochs, how does binary_accuracy compare with subset accuracy, the share of images with every digit right?",
  choices: [
    { id: 'close', text: 'About the same' },
    {
      id: 'higher',
      text: 'Far higher: it scores each of the 10 digits separately, and most are absent',
    },
    { id: 'lower', text: 'Lower: it also counts the absent digits as mistakes' },
  ],
  answer: 'higher',
  config: { ...MULTILABEL_LESSON, activation: 'sigmoid', loss: 'binary_crossentropy' },
  claims: { level: 'ok', findings: ['binary_accuracy_baseline'], metric: 'binary_accuracy' },
  judge: (run) => {
    const refused = rejection(run, 'close');
    if (refused) return refused;
    const binary = lastEpoch(run)?.valMetric ?? NaN;
    const subset = run.result?.testAccuracy ?? NaN;
    const choice = binary - subset > 0.25 ? 'higher' : subset > binary + 0.1 ? 'lower' : 'close';
    return {
      choice,
      observed: `binary_accuracy ${fmt(binary)}; subset accuracy ${fmt(subset)}.`,
    };
  },
  explanation:
    "Each sigmoid output answers its own yes/no question and binary_crossentropy averages the 10 answers' losses, so any number of digits can be present at once: the right pairing for multi-label. But binary_accuracy averages 10 answers too, and about 8 of them are “absent” on every image, so answering “absent” everywhere already scores about 0.8. Subset accuracy asks for every digit right. In the trainer's results, move the threshold: lower, more digits count as present (recall up, precision down).",
  links: [
    { kind: 'lab', label: 'Two digits present, in the loss lab', example: multiHotExample },
    { kind: 'trainer', label: 'The threshold slider, in the trainer’s results' },
  ],
};

const multiLabelSoftmax: Lesson = {
  id: 'multilabel-softmax',
  title: 'A softmax on several digits',
  question:
    'The same images and loss, but a softmax output. On TensorFlow, binary_crossentropy reads the logits under the softmax, so the weights train exactly as with the sigmoid. Can this model mark two digits present in one image?',
  choices: [
    { id: 'yes', text: 'Yes, as often as the sigmoid model' },
    { id: 'never', text: 'Never: softmax outputs add up to 1, so at most one is above 0.5' },
    { id: 'rejects', text: 'Keras refuses a softmax with multi-hot labels' },
  ],
  answer: 'never',
  config: { ...MULTILABEL_LESSON, activation: 'softmax', loss: 'binary_crossentropy' },
  claims: { level: 'warning', findings: ['softmax_multilabel'], path: 'cached-logits' },
  judge: (run) => {
    const refused = rejection(run, 'rejects');
    if (refused) return refused;
    const scores = multiLabelScores(run);
    const several = scores?.severalMarked ?? NaN;
    return {
      choice: several > 0 ? 'yes' : 'never',
      observed: `Images with two or more digits marked present: ${several} of ${scores?.images ?? 'n/a'}; subset accuracy ${fmt(run.result?.testAccuracy)}.`,
    };
  },
  explanation:
    "A softmax shares one unit of probability among the 10 digits: two outputs cannot both exceed 0.5, so every image gets at most one digit and subset accuracy falls. On TensorFlow binary_crossentropy uses the softmax's cached logits, so this run's losses are those of the sigmoid run: only the outputs the threshold sees change. On JAX the loss reads the softmax outputs instead and trains differently. Use a sigmoid for multi-label.",
  links: [
    {
      kind: 'grid',
      label: 'Sigmoid and softmax on multi-label, both backends',
      axes: { activation: ['sigmoid', 'softmax'], semantics: ['tf', 'plain'] },
    },
  ],
};

const absKl: Lesson = {
  id: 'abs-kl',
  title: 'The abs_KL_div loss of a classic answer',
  question:
    'A classic answer on multi-label losses proposed a custom loss, Σ |(y − p)·log(y/p)| with y and p clipped to [1e-7, 1] (abs_kl_divergence in LossLab). On the same images with sigmoid outputs, what does a short run learn?',
  choices: [
    { id: 'learns', text: 'The digits, like binary cross-entropy' },
    {
      id: 'absent',
      text: '“Absent” for every digit: binary_accuracy sits at the share of absent digits',
    },
    { id: 'rejects', text: 'Nothing: Keras refuses a custom loss' },
  ],
  answer: 'absent',
  config: { ...MULTILABEL_LESSON, activation: 'sigmoid', loss: 'abs_kl_divergence' },
  claims: { level: 'ok', findings: ['abs_kl_custom'], metric: 'binary_accuracy' },
  judge: (run) => {
    const refused = rejection(run, 'rejects');
    if (refused) return refused;
    const binary = lastEpoch(run)?.valMetric ?? NaN;
    const absent = multiLabelScores(run)?.absentShare ?? NaN;
    const subset = run.result?.testAccuracy ?? NaN;
    const stuck = Math.abs(binary - absent) < 0.01 && subset < 0.05;
    return {
      choice: stuck ? 'absent' : 'learns',
      observed: `binary_accuracy ${fmt(binary)}, the share of absent digits ${fmt(absent)}; subset accuracy ${fmt(subset)}.`,
    };
  },
  explanation:
    'At p = 0.5 an absent digit pushes its output down with a gradient of log(0.5/1e-7) + 1 ≈ 16.4, while a present digit pulls up with only (1 − p)/p − log p ≈ 1.7, ten times weaker. The outputs fall until a present digit’s pull catches up, near p ≈ 0.07, far below the 0.5 threshold: the model answers “absent” for every digit, binary_accuracy equals the share of absent digits, and almost no image is fully right. The verdict has nothing to say: Keras runs a custom loss as it is. (With one digit per image and a softmax, which shares its 1 among the digits, the same loss trains.)',
  links: [
    {
      kind: 'lab',
      label: 'abs_kl_divergence’s gradients, in the loss lab',
      example: multiHotExample,
    },
    {
      kind: 'grid',
      label: 'abs_kl_divergence against binary cross-entropy',
      axes: { loss: ['binary_crossentropy', 'abs_kl_divergence'] },
    },
  ],
};

const binaryTwoUnits: Lesson = {
  id: 'binary-two-units',
  title: 'One sigmoid unit or two softmax units?',
  question:
    "A yes/no question, “is it even?”. One answer ends in Dense(1, activation='sigmoid') with binary_crossentropy; another in Dense(2, activation='softmax') with categorical_crossentropy on one-hot rows of two, and 'accuracy' becomes categorical_accuracy. Train the two-unit model: how does it do?",
  choices: [
    {
      id: 'same',
      text: 'As well as the one-unit model: it is the same classifier, written with two units',
    },
    { id: 'chance', text: 'About chance: two outputs that must agree split what it learns' },
    { id: 'rejects', text: 'Keras refuses categorical cross-entropy for a binary question' },
  ],
  answer: 'same',
  config: {
    ...BINARY_LESSON,
    target: 'even',
    outputs: 2,
    labels: 'onehot',
    activation: 'softmax',
    loss: 'categorical_crossentropy',
  },
  claims: { level: 'ok', findings: ['accuracy_resolved'], metric: 'categorical_accuracy' },
  judge: (run) => byAccuracy(run, { rejected: 'rejects', trains: 'same', stalls: 'chance' }, 0.7),
  explanation:
    "softmax([z₀, z₁]) gives yes the probability e^z₁ / (e^z₀ + e^z₁) = sigmoid(z₁ − z₀): the sigmoid of one number, the difference of the two logits. Categorical cross-entropy on the one-hot row is then −log of that probability, which is binary cross-entropy on the logit z₁ − z₀. So the two-unit model is the one-unit model with its last layer written twice: the same predictions, the same loss, and argmax of two units is the same answer as one unit above 0.5. Its curves differ from the one-unit model's only by the starting weights (two units start from other random numbers) and Adam's per-weight steps; open both presets in the trainer and compare their runs: they coincide in shape and end at the same accuracy. Keras' 'accuracy' follows the shapes: binary_accuracy on one unit, categorical_accuracy on two.",
  links: [{ kind: 'trainer', label: 'Both presets, under “Binary task”, in the trainer' }],
};

const binarySoftmaxOne: Lesson = {
  id: 'binary-softmax-one',
  title: 'A softmax on one unit',
  question:
    "“Is it a 3?”, about one digit in ten. The model ends in Dense(1, activation='softmax') with binary_crossentropy, on Keras' TensorFlow backend; 'accuracy' becomes binary_accuracy. What does the validation accuracy do over 3 epochs?",
  choices: [
    {
      id: 'frozen',
      text: 'It stays at the share of 3s: the softmax of one number is always 1, “yes” for every digit',
    },
    { id: 'trains', text: 'It climbs like the sigmoid model’s: the loss reads the logit anyway' },
    { id: 'rejects', text: 'Keras refuses a softmax on one unit' },
  ],
  answer: 'frozen',
  config: {
    ...BINARY_LESSON,
    target: '3',
    activation: 'softmax',
    loss: 'binary_crossentropy',
    semantics: 'tf',
  },
  claims: {
    level: 'quirk',
    findings: ['cross_activation_cached_logits'],
    metric: 'binary_accuracy',
    path: 'cached-logits',
  },
  judge: (run) => {
    const refused = rejection(run, 'rejects');
    if (refused) return refused;
    const last = lastEpoch(run);
    const acc = last?.valMetric ?? NaN;
    const rate = binaryPositiveRate(run) ?? NaN;
    return {
      choice: Math.abs(acc - rate) < 1e-6 ? 'frozen' : 'trains',
      observed: `Validation binary_accuracy ${fmt(acc)} every epoch; the share of 3s among the test digits ${fmt(rate)}; validation loss ${fmt(last?.valLoss)}.`,
    };
  },
  explanation:
    "A softmax normalises over the last axis, and with one unit that axis holds one number: e^z / e^z = 1 for every image, whatever z is (Keras warns that a softmax over an axis of size 1 is always 1). binary_accuracy reads that 1 as “yes”, so it equals the share of 3s and never moves. The loss is another story on TensorFlow: binary_crossentropy finds the logit z cached under the softmax and computes sigmoid cross-entropy on it, so the loss and the weights are exactly sigmoid + BCE's; the model learns, and only its outputs are useless. On JAX there is no cache: the loss reads the 1, the gradient is zero and the loss stays frozen at its first value. Use activation='sigmoid' on one unit.",
  links: [
    {
      kind: 'grid',
      label: 'Sigmoid and softmax on one unit, on TensorFlow and JAX',
      axes: { activation: ['sigmoid', 'softmax'], semantics: ['tf', 'plain'] },
    },
    { kind: 'trainer', label: 'This model in the trainer, beside the binary task’s presets' },
  ],
};

const binaryPosWeight: Lesson = {
  id: 'binary-pos-weight',
  title: 'pos_weight and recall',
  question:
    '“Is it a 7?”, about one digit in ten. One linear unit learns with loss=weighted_binary_crossentropy (tf.nn.weighted_cross_entropy_with_logits) at pos_weight = 9: a missed 7 costs nine times what a false alarm costs. Compared with the same model at pos_weight = 1, what happens to the validation recall and precision?',
  choices: [
    {
      id: 'recall-up',
      text: 'Recall rises and precision falls: the model answers “7” more often',
    },
    {
      id: 'precision-up',
      text: 'Precision rises and recall falls: the model answers “7” more carefully',
    },
    { id: 'same', text: 'Both stay put: the weight scales the loss, not the answers' },
  ],
  answer: 'recall-up',
  config: {
    ...BINARY_LESSON,
    target: '7',
    activation: 'linear',
    loss: 'weighted_binary_crossentropy',
    posWeight: 9,
  },
  reference: { label: 'The same model at pos_weight = 1', config: { posWeight: 1 } },
  claims: {
    level: 'warning',
    findings: ['threshold_on_logits', 'weighted_bce_not_keras'],
    metric: 'binary_accuracy',
  },
  judge: (run) => {
    const refused = rejection(run, 'same');
    if (refused) return refused;
    const weighted = lastEpoch(run)?.binary?.val;
    const plain = run.reference?.history.at(-1)?.binary?.val;
    if (!weighted || !plain) {
      return { choice: 'same', observed: 'The runs logged no precision or recall.' };
    }
    const recallUp = weighted.recall > plain.recall;
    const precisionUp = weighted.precision > plain.precision;
    return {
      choice:
        recallUp && !precisionUp ? 'recall-up' : precisionUp && !recallUp ? 'precision-up' : 'same',
      observed: `Validation recall ${fmt(plain.recall)} at pos_weight = 1, ${fmt(weighted.recall)} at 9; precision ${fmt(plain.precision)}, then ${fmt(weighted.precision)}.`,
    };
  },
  explanation:
    "The weighted cross-entropy multiplies the loss of every 7 by pos_weight, so at 9 a 7 the model misses costs as much as nine other digits it wrongly calls 7. The cheapest way to lower that loss is to answer “7” more readily: the model's output rises for every digit that looks a little like a 7. More real 7s are found, so recall rises; more 4s and 9s are called 7 as well, so precision falls. Accuracy (binary_accuracy on one unit) hardly says which happened, since 9 digits in 10 are not 7s. binary_accuracy, Precision and Recall compare the output with 0.5, and on a linear unit that is the logit (the verdict warns about it): the same rule for both runs, so the comparison stands. The grid sweeps pos_weight from 0.3 to 27: recall climbs and precision drops along the whole column.",
  links: [
    {
      kind: 'grid',
      label: 'pos_weight from 0.3 to 27, with the final recall and precision',
      axes: { posWeight: [...POS_WEIGHT_SWEEP] },
    },
  ],
};

/** The lessons in order: `?view=lessons&step=N` opens the N-th (1-based). */
export const LESSONS: readonly Lesson[] = [
  intCce,
  oneHotScce,
  sigmoidScce,
  bceOneHot,
  fromLogits,
  multiLabelSigmoid,
  multiLabelSoftmax,
  absKl,
  binaryTwoUnits,
  binarySoftmaxOne,
  binaryPosWeight,
];
