/**
 * Loss lab presets: a classic teaching example where the losses disagree wildly, and the published
 * Keras/TensorFlow docstring vectors (spec shared/keras-semantics.md §1.2 and §5), each with the
 * numbers the lab must reproduce. The tests assert every `expect` entry.
 */
import type { Activation, LossName, Semantics } from './config';
import type { LabExample } from './lossLab';

export interface LabExpectation {
  loss: LossName;
  activation: Activation;
  fromLogits: boolean;
  semantics: Semantics;
  /** The published number. */
  value: number;
  /** Decimal places the source prints (the test compares to this precision). */
  digits: number;
}

export interface LabPreset {
  id: string;
  title: string;
  /** What the example shows, in a sentence or two. */
  lesson: string;
  /** Where the numbers come from. */
  source: string;
  example: LabExample;
  expect: LabExpectation[];
}

const tf = 'tf' as const;
const plain = 'plain' as const;

export const LAB_PRESETS: readonly LabPreset[] = [
  {
    id: 'extreme',
    title: 'Huge and tiny logits',
    lesson:
      'Ten logits from −100 to 30 and the true class at −100. On the logits path the cross-entropy ' +
      'is exact (about 130); on the probability path the softmax underflows, is clipped at 1e-7, and ' +
      'every loss stops at −log(1e-7) = 16.12, so the gradient that should be huge vanishes.',
    source: 'LossLab teaching example',
    example: {
      logits: [12.5, -8.3, 0.4, 30, -25, 1.1, -3, 7.7, -100, 2.2],
      label: { encoding: 'onehot', classes: [8] },
    },
    expect: [
      {
        loss: 'categorical_crossentropy',
        activation: 'softmax',
        fromLogits: false,
        semantics: tf,
        value: 130,
        digits: 3,
      },
      {
        loss: 'categorical_crossentropy',
        activation: 'softmax',
        fromLogits: false,
        semantics: plain,
        value: 16.118095,
        digits: 5,
      },
      {
        loss: 'categorical_crossentropy',
        activation: 'linear',
        fromLogits: true,
        semantics: plain,
        value: 130,
        digits: 3,
      },
    ],
  },
  {
    id: 'cross-activation',
    title: 'softmax + BCE, sigmoid + CCE',
    lesson:
      'The "wrong" pairs: on TensorFlow Keras feeds the cached pre-activation to whichever ' +
      'cross-entropy runs, so softmax + BCE is the sigmoid cross-entropy of the softmax logits; on ' +
      'JAX/PyTorch the loss reads the probabilities instead.',
    source: 'spec §1.2 (float32 reference; TF.js measured 0.2661472 and 0.8862537)',
    example: { logits: [2, 1, 0.1], label: { encoding: 'onehot', classes: [0] } },
    expect: [
      {
        loss: 'binary_crossentropy',
        activation: 'softmax',
        fromLogits: false,
        semantics: tf,
        value: 0.7282,
        digits: 4,
      },
      {
        loss: 'binary_crossentropy',
        activation: 'softmax',
        fromLogits: false,
        semantics: plain,
        value: 0.26615,
        digits: 5,
      },
      {
        loss: 'categorical_crossentropy',
        activation: 'sigmoid',
        fromLogits: false,
        semantics: tf,
        value: 0.41703,
        digits: 5,
      },
      {
        loss: 'categorical_crossentropy',
        activation: 'sigmoid',
        fromLogits: false,
        semantics: plain,
        value: 0.88625,
        digits: 5,
      },
    ],
  },
  {
    id: 'keras-bce-logits',
    title: 'Keras BCE docstring (logits)',
    lesson: 'BinaryCrossentropy(from_logits=True) on four logits, averaged over the four labels.',
    source:
      'Keras losses.py : BinaryCrossentropy docstring, 0.8654 (spec §5.1 L1; TF.js measured 0.86545801)',
    example: { logits: [-18.6, 0.51, 2.94, -12.8], label: { encoding: 'multihot', classes: [1] } },
    expect: [
      {
        loss: 'binary_crossentropy',
        activation: 'linear',
        fromLogits: true,
        semantics: tf,
        value: 0.86545801,
        digits: 6,
      },
      {
        loss: 'binary_crossentropy',
        activation: 'linear',
        fromLogits: true,
        semantics: plain,
        value: 0.86545801,
        digits: 6,
      },
    ],
  },
  {
    id: 'keras-bce-probs',
    title: 'Keras BCE docstring (probabilities)',
    lesson: 'binary_crossentropy on probabilities given as the outputs of a linear layer.',
    source: 'Keras losses.py : binary_crossentropy, first sample (spec §5.1 L6)',
    example: { logits: [0.6, 0.4], label: { encoding: 'multihot', classes: [1] } },
    expect: [
      {
        loss: 'binary_crossentropy',
        activation: 'linear',
        fromLogits: false,
        semantics: tf,
        value: 0.916,
        digits: 3,
      },
    ],
  },
  {
    id: 'keras-bce-probs-none',
    title: 'Keras BCE docstring, no positive label',
    lesson: 'A multi-hot label may be all zeros: every output should then be low.',
    source: 'Keras losses.py : binary_crossentropy, second sample (spec §5.1 L6)',
    example: { logits: [0.4, 0.6], label: { encoding: 'multihot', classes: [] } },
    expect: [
      {
        loss: 'binary_crossentropy',
        activation: 'linear',
        fromLogits: false,
        semantics: tf,
        value: 0.714,
        digits: 3,
      },
    ],
  },
  {
    id: 'keras-ops-bce',
    title: 'keras.ops.binary_crossentropy',
    lesson: 'Per-label values 0.10536 and 0.22314 (see the steps), then their mean.',
    source: 'Keras ops/nn.py : binary_crossentropy docstring (spec §5.1 L8)',
    example: { logits: [0.1, 0.9, 0.8, 0.2], label: { encoding: 'multihot', classes: [1, 2] } },
    expect: [
      {
        loss: 'binary_crossentropy',
        activation: 'linear',
        fromLogits: false,
        semantics: tf,
        value: 0.16425205,
        digits: 6,
      },
    ],
  },
  {
    id: 'keras-cce-1',
    title: 'Keras CCE docstring, sample 1',
    lesson: 'CategoricalCrossentropy on probabilities: −log 0.95.',
    source: 'Keras losses.py : CategoricalCrossentropy (spec §5.1 L9/L10)',
    example: { logits: [0.05, 0.95, 0], label: { encoding: 'onehot', classes: [1] } },
    expect: [
      {
        loss: 'categorical_crossentropy',
        activation: 'linear',
        fromLogits: false,
        semantics: tf,
        value: 0.0513,
        digits: 4,
      },
    ],
  },
  {
    id: 'keras-cce-2',
    title: 'Keras CCE docstring, sample 2',
    lesson:
      'The same loss where the true class got 0.1: −log 0.1 = 2.303. Try it as integer labels with SCCE.',
    source:
      'Keras losses.py : CategoricalCrossentropy / SparseCategoricalCrossentropy (spec §5.1 L9–L11)',
    example: { logits: [0.1, 0.8, 0.1], label: { encoding: 'onehot', classes: [2] } },
    expect: [
      {
        loss: 'categorical_crossentropy',
        activation: 'linear',
        fromLogits: false,
        semantics: tf,
        value: 2.303,
        digits: 3,
      },
    ],
  },
  {
    id: 'keras-sparse-ops',
    title: 'keras.ops.sparse_categorical_crossentropy',
    lesson: 'Integer label 0 and probabilities [0.9, 0.05, 0.05]: −log 0.9.',
    source: 'Keras ops/nn.py docstrings (spec §5.1 L12–L14)',
    example: { logits: [0.9, 0.05, 0.05], label: { encoding: 'int', classes: [0] } },
    expect: [
      {
        loss: 'sparse_categorical_crossentropy',
        activation: 'linear',
        fromLogits: false,
        semantics: tf,
        value: 0.10536056,
        digits: 6,
      },
      {
        loss: 'sparse_categorical_crossentropy',
        activation: 'linear',
        fromLogits: false,
        semantics: plain,
        value: 0.10536054,
        digits: 6,
      },
    ],
  },
  {
    id: 'tf-softmax-xent',
    title: 'tf.nn.softmax_cross_entropy_with_logits',
    lesson: 'The exact softmax cross-entropy of logits [4, 2, 1] for class 0.',
    source: 'TensorFlow nn_ops docstring (spec §5.3)',
    example: { logits: [4, 2, 1], label: { encoding: 'onehot', classes: [0] } },
    expect: [
      {
        loss: 'categorical_crossentropy',
        activation: 'linear',
        fromLogits: true,
        semantics: tf,
        value: 0.16984604,
        digits: 6,
      },
      {
        loss: 'categorical_crossentropy',
        activation: 'softmax',
        fromLogits: false,
        semantics: tf,
        value: 0.16984604,
        digits: 6,
      },
    ],
  },
  {
    id: 'keras-focal',
    title: 'Keras focal loss docstring',
    lesson:
      'BinaryFocalCrossentropy(gamma=2, from_logits=True) on one row of four labels: the loss ' +
      "applies its own sigmoid, then scales each unit's binary cross-entropy by (1 − p_t)². The " +
      'confident, right units (−18.6, −12.8) count for nothing; the wrong one (2.94 for a 0) ' +
      'carries almost all of it. BCE gives 0.8655 on the same row.',
    source: 'Keras 3.15 BinaryFocalCrossentropy docstring, example 1',
    example: {
      logits: [-18.6, 0.51, 2.94, -12.8],
      label: { encoding: 'multihot', classes: [1] },
    },
    expect: [
      {
        loss: 'binary_focal_crossentropy',
        activation: 'linear',
        fromLogits: true,
        semantics: tf,
        value: 0.691,
        digits: 3,
      },
      {
        loss: 'binary_focal_crossentropy',
        activation: 'linear',
        fromLogits: true,
        semantics: plain,
        value: 0.691,
        digits: 3,
      },
      {
        loss: 'binary_crossentropy',
        activation: 'linear',
        fromLogits: true,
        semantics: tf,
        value: 0.86546, // printed 0.8654 in the docstring, truncated
        digits: 5,
      },
    ],
  },
  {
    id: 'binary-one-unit',
    title: 'One output unit',
    lesson:
      "The binary task's model ends in one unit, here at 1.5 for an image whose answer is no (0). " +
      'Sigmoid + BCE gives log(1 + e^1.5) = 1.7014. A softmax over one unit is always 1: on ' +
      'TensorFlow BCE still reads its cached logit and gives the same 1.7014 (yet the output never ' +
      'moves off 1, so accuracy stays at the share of yes); on JAX it reads the 1, clipped, and gives ' +
      '15.94 whatever the logit. Categorical cross-entropy over one unit is 0 for every example.',
    source:
      'LossLab teaching example; real Keras 3.15.1 gives the same numbers (TensorFlow and JAX)',
    example: { logits: [1.5], label: { encoding: 'column', classes: [0] } },
    expect: [
      {
        loss: 'binary_crossentropy',
        activation: 'sigmoid',
        fromLogits: false,
        semantics: tf,
        value: 1.70141,
        digits: 5,
      },
      {
        loss: 'binary_crossentropy',
        activation: 'softmax',
        fromLogits: false,
        semantics: tf,
        value: 1.70141,
        digits: 5,
      },
      {
        loss: 'binary_crossentropy',
        activation: 'softmax',
        fromLogits: false,
        semantics: plain,
        value: 15.9424,
        digits: 4,
      },
      {
        loss: 'categorical_crossentropy',
        activation: 'softmax',
        fromLogits: false,
        semantics: tf,
        value: 0,
        digits: 5,
      },
    ],
  },
  {
    id: 'binary-two-units',
    title: 'Two output units',
    lesson:
      'The same answer on two softmax units with logits (0, 1.5): the softmax cross-entropy of the ' +
      '"no" unit is log(1 + e^1.5) = 1.7014, exactly one sigmoid unit at 1.5 (see "One output unit"), ' +
      'because a softmax over two units is a sigmoid of their difference. Binary cross-entropy on ' +
      'the two units averages two separate yes/no losses instead: 1.1973.',
    source:
      'LossLab teaching example; real Keras 3.15.1 gives the same numbers (TensorFlow and JAX)',
    example: { logits: [0, 1.5], label: { encoding: 'onehot', classes: [0] } },
    expect: [
      {
        loss: 'categorical_crossentropy',
        activation: 'softmax',
        fromLogits: false,
        semantics: tf,
        value: 1.70141,
        digits: 5,
      },
      {
        loss: 'categorical_crossentropy',
        activation: 'softmax',
        fromLogits: false,
        semantics: plain,
        value: 1.70141,
        digits: 5,
      },
      {
        loss: 'binary_crossentropy',
        activation: 'sigmoid',
        fromLogits: false,
        semantics: tf,
        value: 1.19728,
        digits: 5,
      },
    ],
  },
];

/** The preset with this id, or undefined. */
export function getLabPreset(id: string): LabPreset | undefined {
  return LAB_PRESETS.find((p) => p.id === id);
}
