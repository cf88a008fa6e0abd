/**
 * The catalogues: one entry per loss, per metric and per optimizer, and the constants LossLab shares with Keras.
 * Every layer reads these instead of re-deriving a loss's or a metric's properties.
 */
export * from './constants';
export * from './frameworks';
export * from './lossEntry';
export * from './losses';
export * from './metrics';
export * from './optimizers';
