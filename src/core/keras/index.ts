/**
 * Keras semantics reference (issue 3): what Keras 3 computes for a classifier's output activation,
 * loss, label encoding and accuracy metric, in pure TypeScript. The trainer's tensor code is
 * tested against it, and the page shows its verdicts. Spec: shared/keras-semantics.md.
 */
export { activate, sigmoid, softmax } from './activations';
export { KerasError, isKerasError } from './errors';
export type { KerasErrorType, ShapeView } from './errors';
export { EPSILON, ONE_MINUS_EPSILON } from './float32';
export { encodeLabels, fromMultiHot, labelShape, toInteger, toMultiHot, toOneHot } from './labels';
export type { LabelSource } from './labels';
export { kerasLoss, reduceSumOverBatchSize } from './losses';
export { kerasLossGradient } from './gradients';
export type { KerasGradientResult } from './gradients';
export { GRADIENT_NOTES } from './gradientNotes';
export type { GradientNoteContext } from './gradientNotes';
export type { KerasLossArgs, KerasLossResult } from './losses';
export { kerasMetric, resolveAccuracy, resolveMetric } from './metrics';
export type { AccuracyMetric, KerasMetricArgs, ResolvedMetric, Shape } from './metrics';
export type { Labels, Matrix } from './tensor';
export type { LossStep } from './trace';
export { checkConfig, fitBatches, kerasFitErrors, verdictHeadline } from './verdict';
export type { CheckInput, CheckOptions, RaisedError, Verdict } from './verdict';
export type { Finding, FindingLevel, RunClaim, SuggestedFix } from './findings';
export { FINDING_RANK, VERDICT_LEVELS, levelOf } from './levels';
export type { LevelName, VerdictLevel } from './levels';
export { describeFormula } from './formulas';
