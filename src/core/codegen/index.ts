/**
 * Code export (issue 7): the current configuration as ready-to-run Keras 3, PyTorch or
 * TensorFlow.js code, with notes on where the frameworks differ. Pure string building; the Keras
 * verdict comes from LossLab's Keras reference (src/core/keras), so the export and the page agree.
 */
import type { RunConfig } from '../config';
import { kerasCode } from './keras';
import type { CodegenOptions } from './plan';
import { commonNotes, planCode } from './plan';
import { pytorchCode } from './pytorch';
import { tfjsCode } from './tfjs';

export const CODE_TARGETS = ['keras', 'pytorch', 'tfjs'] as const;
export type CodeTarget = (typeof CODE_TARGETS)[number];

export interface GeneratedCode {
  /** The script: Python for Keras and PyTorch, an ES module for TF.js. */
  code: string;
  /** Sentences for the page: what differs between frameworks, errors and warnings to expect. */
  notes: string[];
}

export type { CodegenOptions } from './plan';
export type { ExportData } from './plan';

/**
 * Code that sets up the same model, output activation, loss, labels, metrics, optimizer and
 * hyper-parameters as `config`, for `target`. A combination Keras rejects is still exported: the
 * Keras script reproduces the error (a comment marks the failing line), and the notes say what the
 * other frameworks do. Never throws for a config within LIMITS.
 */
export function generateCode(
  config: RunConfig,
  target: CodeTarget,
  options: CodegenOptions = {},
): GeneratedCode {
  const plan = planCode(config, options);
  const shared = commonNotes(plan);
  if (plan.failure) {
    shared.unshift(`Keras raises ${plan.failure.type}: ${plan.failure.message}`);
  }
  shared.push(...plan.warnings.map((w) => `Keras warns: ${w}`));
  switch (target) {
    case 'keras':
      return kerasCode(plan, shared);
    case 'pytorch':
      return pytorchCode(plan, shared);
    case 'tfjs':
      return tfjsCode(plan, shared);
  }
}
