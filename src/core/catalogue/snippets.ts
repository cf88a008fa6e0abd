/**
 * Code and prose fragments that several loss entries share: PyTorch shape checks, label smoothing,
 * the native logits losses, the formula prefix. Kept next to the entries (not in codegen/) so that
 * an entry carries its own counterparts without the catalogue depending on the exporters.
 */
import { floatLit } from '../literals';
import { KERAS_EPSILON } from './constants';
import type { ExportContext, LossFamily, TorchLoss } from './lossEntry';

/** Every formula line starts with this. */
export const MEAN_OVER_BATCH = 'loss = mean over batch of';

/** PyTorch: `EPS = 1e-07` with where it comes from. */
export const TORCH_EPS = `EPS = ${floatLit(KERAS_EPSILON)}  # keras.backend.epsilon()`;

/** TF.js: the same ε, for the custom losses that clip. */
export const TFJS_EPS = `const EPSILON = ${floatLit(KERAS_EPSILON)}; // keras.backend.epsilon()`;

/** PyTorch: Keras' shape checks, which PyTorch's broadcasting would otherwise skip. */
export function torchShapeCheck(sparse: boolean): string[] {
  return sparse
    ? [
        '    if y.dim() != p.dim() - 1:',
        '        raise ValueError(f"Keras expects class ids (B,), got labels {tuple(y.shape)}")',
      ]
    : [
        '    if y.shape != p.shape:',
        '        raise ValueError(',
        '            "Arguments `target` and `output` must have the same shape. "',
        '            f"Received: target.shape={tuple(y.shape)}, output.shape={tuple(p.shape)}"',
        '        )',
      ];
}

/** PyTorch: Keras' label smoothing, towards 0.5 (binary) or 1/K, K the output's units (categorical). */
export function torchSmoothing(family: 'binary' | 'categorical', ls: number): string[] {
  if (!ls) return [];
  return family === 'binary'
    ? [`    y = y * (1 - ${floatLit(ls)}) + 0.5 * ${floatLit(ls)}`]
    : [`    y = y * (1 - ${floatLit(ls)}) + ${floatLit(ls)} / p.shape[-1]`];
}

/**
 * PyTorch: a loss written out on the activated output `p = activation(z)`, after Keras' shape
 * check, with ε defined (`lines` are the rest of the body, indented by 4).
 */
export function torchOnProbabilities(loss: string, lines: string[], sparse = false): TorchLoss {
  return {
    setup: [TORCH_EPS],
    doc: `Keras' ${loss} on probabilities, clipped as Keras clips them.`,
    body: ['    p = activation(z)', ...torchShapeCheck(sparse), ...lines],
  };
}

/** TF.js: a loss function of (yTrue, yPred) whose tensors are freed by `tf.tidy`. */
export function tfjsFunction(name: string, lines: string[]): string[] {
  return [
    `function ${name}(yTrue, yPred) {`,
    '  return tf.tidy(() => {',
    ...lines.map((l) => `    ${l}`),
    '  });',
    '}',
  ];
}

/**
 * PyTorch's native loss on logits: `BCEWithLogitsLoss` for the binary family, `CrossEntropyLoss`
 * (which takes Long class ids or float rows) for the categorical ones.
 */
export function torchLogitsLoss(loss: string, family: LossFamily, e: ExportContext): TorchLoss {
  const ls = e.labelSmoothing;
  if (family === 'binary') {
    return {
      setup: ['loss_fn = nn.BCEWithLogitsLoss()'],
      doc: `Keras' ${loss} on ${e.torchInput === 'z' ? 'the logits' : 'the activated output read as logits'}.`,
      body: [...torchSmoothing('binary', ls), `    return loss_fn(${e.torchInput}, y)`],
    };
  }
  const smoothing = ls && family === 'categorical' ? `label_smoothing=${floatLit(ls)}` : '';
  return {
    setup: [`loss_fn = nn.CrossEntropyLoss(${smoothing})`],
    doc: 'Long class ids (B,) or float one-hot rows (B, K): CrossEntropyLoss takes both.',
    body: [`    return loss_fn(${e.torchInput}, y)`],
  };
}
