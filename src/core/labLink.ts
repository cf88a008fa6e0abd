/**
 * The trainer's link to the loss lab (`?view=lab&…`): an example like a trained model's output
 * for the trainer's configuration. Apart from labUrl.ts, the lab's whole codec, so that the
 * trainer's first screen needs none of the lab's presets.
 */
import type { RunConfig } from './config';
import type { LabExample } from './lossLab';
import type { ViewId } from './views';

/** `view=lab` selects the lab; any other page ignores these keys. */
export const LAB_VIEW = 'lab' satisfies ViewId;

/**
 * Writes the example itself (`?view=lab&logits=…&enc=…&label=…`). Apart from `encodeLab` because
 * the trainer's link to the lab needs no preset, and so none of the presets' data.
 */
export function encodeLabExample(example: LabExample): string {
  const logits = example.logits.map((z) => String(z)).join(',');
  const { encoding, classes } = example.label;
  return `?view=${LAB_VIEW}&logits=${logits}&enc=${encoding}&label=${classes.join(',')}`;
}

/**
 * Logits like a trained model's for one image, in the trainer's label encoding. Ten logits: digit
 * 3 for integer and one-hot labels; digits 3 and 7 present for multi-hot (where a softmax has to
 * share its 1 between them). The binary task: its one or two output units answering yes. The lab
 * then shows every loss and activation on it.
 */
export function labExampleFor(
  config: Pick<RunConfig, 'labels'> & Partial<Pick<RunConfig, 'task' | 'outputs'>>,
): LabExample {
  if (config.task === 'binary') {
    const logits = config.outputs === 2 ? [-0.4, 1.1] : [1.5];
    return { logits, label: { encoding: config.labels, classes: [1] } };
  }
  const logits = [-1.2, 0.3, -0.4, 3.1, -2, 0.8, -1.5, 0.2, 1.1, -0.6];
  if (config.labels === 'multihot') {
    return {
      logits: logits.map((z, k) => (k === 7 ? 2.4 : z)),
      label: { encoding: 'multihot', classes: [3, 7] },
    };
  }
  return { logits, label: { encoding: config.labels, classes: [3] } };
}

/** The lab link (`?view=lab&…`) for the trainer's configuration: `labExampleFor` it. */
export function labLinkFor(
  config: Pick<RunConfig, 'labels'> & Partial<Pick<RunConfig, 'task' | 'outputs'>>,
): string {
  return encodeLabExample(labExampleFor(config));
}
