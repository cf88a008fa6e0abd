/**
 * What the task changes in every exported script: how wide the output layer is, which classes the
 * labels come from, and, on the binary task, the line that turns each digit into its answer to the
 * question (1 yes, 0 no), exactly as the page labels its digits (`binaryLabel` in core/binary.ts).
 */
import { binaryQuestion } from '../binary';
import type { BinaryTarget } from '../config';
import type { CodePlan } from './plan';
import { comment, intLit } from './text';

/** The constant the output layer's width is written with: one unit per class, or the binary units. */
export function unitsName(plan: CodePlan): 'NUM_CLASSES' | 'OUTPUT_UNITS' {
  return plan.binary ? 'OUTPUT_UNITS' : 'NUM_CLASSES';
}

/** Python: `NUM_CLASSES` (the classes labels come from) and, on the binary task, `OUTPUT_UNITS`. */
export function pythonTaskConstants(plan: CodePlan): string[] {
  if (!plan.binary) return [`NUM_CLASSES = ${intLit(plan.classes)}`];
  return [
    `NUM_CLASSES = ${intLit(plan.classes)}  # the answers: 0 (no) and 1 (yes)`,
    `OUTPUT_UNITS = ${intLit(plan.outputs)}`,
  ];
}

/** JavaScript: the same constants as `pythonTaskConstants`. */
export function jsTaskConstants(plan: CodePlan): string[] {
  if (!plan.binary) return [`const NUM_CLASSES = ${intLit(plan.classes)};`];
  return [
    `const NUM_CLASSES = ${intLit(plan.classes)}; // the answers: 0 (no) and 1 (yes)`,
    `const OUTPUT_UNITS = ${intLit(plan.outputs)};`,
  ];
}

function why(target: BinaryTarget, prefix: string): string[] {
  return comment(
    `The binary task, "${binaryQuestion(target)}": each digit's label becomes its answer, ` +
      '1 (yes) or 0 (no), as the page labels it.',
    prefix,
  );
}

/** Python (numpy): the digits' labels `y_train`, `y_test` replaced by the question's 0/1 answers. */
export function pythonBinaryAnswers(plan: CodePlan): string[] {
  if (!plan.binary) return [];
  const { target } = plan.config;
  const yes = (y: string) => (target === 'even' ? `${y} % 2 == 0` : `${y} == ${target}`);
  return [
    '',
    ...why(target, '# '),
    `y_train = (${yes('y_train')}).astype("uint8")`,
    `y_test = (${yes('y_test')}).astype("uint8")`,
  ];
}

/**
 * JavaScript, inside `main()`: `train` and `test` as the split's digits, with the binary task's
 * answers in place of the digits' labels.
 */
export function jsTaskSets(plan: CodePlan): string[] {
  if (!plan.binary) return ['  const train = trainDigits;', '  const test = testDigits;'];
  const { target } = plan.config;
  const yes = target === 'even' ? 'digit % 2 === 0' : `digit === ${target}`;
  return [
    ...why(target, '  // '),
    `  const answer = (digit) => (${yes} ? 1 : 0);`,
    '  const train = { ...trainDigits, labels: Int32Array.from(trainDigits.labels, answer) };',
    '  const test = { ...testDigits, labels: Int32Array.from(testDigits.labels, answer) };',
  ];
}
