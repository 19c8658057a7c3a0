// tf.gradients and its helpers.
export { gradients, AggregationMethod, UnconnectedGradients, LookupError } from './gradients.js';
export type { GradientsOptions } from './gradients.js';
export { broadcastGradientArgs, BroadcastGradientArgs } from './broadcast_gradient_args.js';
