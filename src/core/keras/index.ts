/**
 * Keras semantics reference (issue 3): what Keras 3 computes for a classifier's output activation,
 * loss, label encoding and accuracy metric, in pure TypeScript. The trainer's tensor code is
 * tested against it, and the page shows its verdicts. Spec: shared/keras-semantics.md.
 */
export { activate } from './activations';
export { KerasError, isKerasError } from './errors';
export type { KerasErrorType } from './errors';
export { encodeLabels, toMultiHot, toOneHot } from './labels';
export { kerasLoss } from './losses';
export { kerasLossGradient } from './gradients';
export { LOSS_MATHS } from './lossMaths';
export type { TensorOps } from './tensorOps';
export { kerasMetric, resolveAccuracy, resolveAccuracyFromLoss, resolveMetric } from './metrics';
export type { LossStep } from './trace';
export { checkConfig, fitBatches, kerasFitErrors, verdictHeadline } from './verdict';
export type { CheckInput, Verdict } from './verdict';
export type { Finding, FindingLevel, RunClaim, SuggestedFix } from './findings';
export { VERDICT_LEVELS } from './levels';
export type { VerdictLevel } from './levels';
