// tf.nn: neural-network ops. The lead wires this module as `export * as nn` in src/index.ts.

export { relu, relu6, elu, selu, leakyRelu } from './activations.js';
export { softplus, softsign, sigmoid, tanh } from '../math/unary.js';
export { softmax, logSoftmax } from './softmax.js';
export { biasAdd } from './bias_add.js';
export { conv2d, conv2dBackpropInput, conv2dBackpropFilter, conv2dTranspose } from './conv2d.js';
export type { ConvOptions, PaddingArg } from './conv2d.js';
export { maxPool, avgPool, maxPool2d, avgPool2d } from './pool.js';
export type { PoolOptions } from './pool.js';
export { dropout } from './dropout.js';
export type { DropoutOptions } from './dropout.js';
export { moments, batchNormalization, l2Normalize } from './normalization.js';
export { fusedBatchNorm } from './fused_batch_norm.js';
export { l2Loss, inTopK } from './l2_loss.js';
export { xwPlusB, embeddingLookup } from './layers.js';
export { topK } from '../array/top_k.js';
export {
  softmaxCrossEntropyWithLogits, softmaxCrossEntropyWithLogitsV2, sparseSoftmaxCrossEntropyWithLogits,
  sigmoidCrossEntropyWithLogits, weightedCrossEntropyWithLogits,
} from './cross_entropy.js';
export type { XentArgs } from './cross_entropy.js';
