/**
 * LossLab's pure core: configuration, Keras semantics, dataset format, URL codec and the
 * worker's event types. No DOM, React or tfjs may be imported here (enforced by lint and by
 * tsconfig.core.json, which has no DOM library).
 */
export * from './config';
export * from './catalogue';
export * from './backend';
export * from './measurement';
export * from './events';
export * from './dataset';
export * from './random';
export * from './history';
export * from './coincide';
export * from './url';
export * from './views';
export * from './presets';
export * from './keras';
export * from './multilabel';
export * from './binary';
export * from './binaryMetrics';
export * from './binaryEpoch';
export * from './grid';
export * from './codegen';
export * from './lossLab';
export * from './frameworkEquivalents';
export * from './lossLabPresets';
export * from './labUrl';
export * from './lessons';
export * from './configSchema';
export * from './configDiff';
export * from './inputShape';
export * from './messages';
export * from './class';
export * from './notices';
