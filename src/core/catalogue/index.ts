/**
 * The catalogues: one entry per loss and per metric, and the constants LossLab shares with Keras.
 * Every layer reads these instead of re-deriving a loss's or a metric's properties.
 */
export * from './constants';
export * from './lossEntry';
export * from './losses';
export * from './metrics';
