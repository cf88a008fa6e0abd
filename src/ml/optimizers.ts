/**
 * Keras optimizers with Keras' defaults, built on tfjs' own. Every ε is Keras' 1e-7, passed
 * explicitly: tfjs would otherwise default to `backend().epsilon()` (1e-4 on float16 WebGL).
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../core';
import { KERAS_EPSILON as EPSILON } from '../core';

export interface OptimizerSpec {
  optimizer: OptimizerName;
  learningRate: number;
  /** SGD momentum; 0 is plain SGD (Keras' default). Ignored by the others. */
  momentum: number;
}

/**
 * A fresh optimizer. The caller owns it and must `dispose()` it (it holds slot variables such as
 * Adam's moments once it has stepped).
 */
export function createOptimizer(spec: OptimizerSpec): tf.Optimizer {
  const lr = spec.learningRate;
  switch (spec.optimizer) {
    case 'adam':
      // keras.optimizers.Adam(beta_1=0.9, beta_2=0.999, epsilon=1e-7)
      return tf.train.adam(lr, 0.9, 0.999, EPSILON);
    case 'sgd':
      // Keras: v = m·v - lr·g; w += v. tfjs: a = m·a + g; w -= lr·a. The same for a fixed lr.
      return spec.momentum > 0 ? tf.train.momentum(lr, spec.momentum) : tf.train.sgd(lr);
    case 'rmsprop':
      // keras.optimizers.RMSprop(rho=0.9, momentum=0, epsilon=1e-7, centered=False)
      return tf.train.rmsprop(lr, 0.9, 0, EPSILON, false);
    case 'adagrad':
      // keras.optimizers.Adagrad(initial_accumulator_value=0.1)
      return tf.train.adagrad(lr, 0.1);
    case 'adadelta':
      // keras.optimizers.Adadelta(rho=0.95, epsilon=1e-7)
      return tf.train.adadelta(lr, 0.95, EPSILON);
  }
}

/**
 * Disposes an optimizer completely. tfjs 4.22's `MomentumOptimizer.dispose` forgets the
 * learning-rate scalar its `SGDOptimizer` parent keeps, leaking one tensor per run.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer) {
    const parent = optimizer as unknown as { c?: tf.Tensor };
    if (parent.c && !parent.c.isDisposed) parent.c.dispose();
  }
}
