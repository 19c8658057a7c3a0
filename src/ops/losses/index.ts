// tf.losses (TF 1.x): the lead wires this module as `export * as losses` in src/index.ts.

export {
  meanSquaredError, absoluteDifference, huberLoss, logLoss, softmaxCrossEntropy, sparseSoftmaxCrossEntropy,
  sigmoidCrossEntropy, getLosses, getRegularizationLosses, getRegularizationLoss, getTotalLoss,
} from './losses.js';
export { computeWeightedLoss, addLoss, Reduction } from './weighted_loss.js';
export type { LossOptions, ReductionKey } from './weighted_loss.js';
