// tf.train: optimizers, learning-rate schedules and the global step.
//   import * as tf from 'tensorgraph';  new tf.train.AdamOptimizer(0.01).minimize(loss)

export { Optimizer, GATE_NONE, GATE_OP, GATE_GRAPH } from './optimizer.js';
export type {
  Hyper, GradAndVar, GateGradients, ComputeGradientsOptions, ApplyGradientsOptions, MinimizeOptions,
} from './optimizer.js';
export { GradientDescentOptimizer } from './gradient_descent.js';
export type { GradientDescentOptions } from './gradient_descent.js';
export { MomentumOptimizer } from './momentum.js';
export type { MomentumOptions } from './momentum.js';
export { AdagradOptimizer } from './adagrad.js';
export type { AdagradOptions } from './adagrad.js';
export { AdadeltaOptimizer } from './adadelta.js';
export type { AdadeltaOptions } from './adadelta.js';
export { RMSPropOptimizer } from './rmsprop.js';
export type { RMSPropOptions } from './rmsprop.js';
export { AdamOptimizer } from './adam.js';
export type { AdamOptions } from './adam.js';
export {
  exponentialDecay, naturalExpDecay, inverseTimeDecay, polynomialDecay, cosineDecay, cosineDecayRestarts,
  linearCosineDecay, piecewiseConstant, piecewiseConstant as piecewiseConstantDecay,
} from './learning_rate_decay.js';
export type { PolynomialDecayOptions, CosineDecayRestartsOptions, LinearCosineDecayOptions } from './learning_rate_decay.js';
export { getGlobalStep, createGlobalStep, getOrCreateGlobalStep, assertGlobalStep, globalStep } from './training_util.js';
export type { GlobalStep } from './training_util.js';
