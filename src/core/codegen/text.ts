/**
 * Small text helpers shared by the exporters: number literals, comments and the parts of the
 * Python scripts that Keras and PyTorch have in common (multi-label composing; data: data.ts).
 */
import { binaryQuestion } from '../binary';
import type { RunConfig } from '../config';
import type { CodePlan } from './plan';

export { floatLit, intLit } from '../literals';

/** Wraps text into `# ` comment lines of at most ~100 characters. */
export function comment(text: string, prefix = '# ', width = 100): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(prefix + line);
  return lines;
}

/** A one-line summary of the choices, for the header comment. */
export function summary(config: RunConfig, plan: CodePlan): string {
  const from = config.fromLogits ? ', from_logits=True' : '';
  const task = plan.binary
    ? `binary ("${binaryQuestion(config.target)}", ${plan.outputs} output unit${plan.outputs === 1 ? '' : 's'})`
    : config.task;
  return (
    `${task} ${config.model.toUpperCase()}, ${config.activation} output + ${config.loss}${from}, ` +
    `${plan.labels} labels, metrics ${plan.metrics.join(', ')}; ${config.optimizer} ` +
    `lr=${config.learningRate}, batch ${config.batchSize}, ${config.epochs} epochs, seed ${config.seed}`
  );
}

/** Python (numpy): LossLab's multi-label composer, the same rule as src/core/multilabel. */
export function pythonCompose(): string[] {
  return [
    '',
    '',
    'def compose_multilabel(images, digits, count, rng):',
    '    """Images of 1-3 distinct digit classes, each digit in its own cell of a 2x2 grid (56x56).',
    '',
    '    Digits are drawn only from `images`, so training canvases never show a test digit.',
    '    Returns uint8 canvases (count, 56, 56) and multi-hot float32 targets (count, 10).',
    '    """',
    '    canvases = np.zeros((count, 56, 56), dtype=np.uint8)',
    '    targets = np.zeros((count, NUM_CLASSES), dtype=np.float32)',
    '    by_class = [np.flatnonzero(digits == c) for c in range(NUM_CLASSES)]',
    '    present = [c for c in range(NUM_CLASSES) if len(by_class[c]) > 0]',
    '    for i in range(count):',
    '        n = int(rng.integers(1, min(3, len(present)) + 1))',
    '        classes = rng.choice(present, size=n, replace=False)',
    '        cells = rng.choice(4, size=n, replace=False)',
    '        for c, cell in zip(classes, cells):',
    '            j = rng.choice(by_class[c])',
    '            top, left = 28 * (cell // 2), 28 * (cell % 2)',
    '            canvases[i, top : top + 28, left : left + 28] = images[j]',
    '            targets[i, c] = 1.0',
    '    return canvases, targets',
    '',
    '',
    'x_train, y_train = compose_multilabel(x_train, y_train, TRAIN_SIZE, rng)',
    'x_test, y_test = compose_multilabel(x_test, y_test, TEST_SIZE, rng)',
  ];
}

/** Indents every non-empty line by `n` spaces. */
export function indent(lines: readonly string[], n: number): string[] {
  const pad = ' '.repeat(n);
  return lines.map((l) => (l ? pad + l : l));
}
