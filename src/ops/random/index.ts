// Random ops and random initializers (tf.random_normal, tf.random_uniform, tf.truncated_normal,
// tf.random_shuffle, tf.multinomial, tf.random.categorical, tf.random_gamma, tf.*_initializer).
// Op definitions (RandomUniform, ...) are imported from their files by code that needs them.
export { randomNormal, randomUniform, truncatedNormal } from './random_ops.js';
export type { RandomOptions } from './random_ops.js';
export { randomShuffle } from './shuffle.js';
export { multinomial, categorical } from './multinomial.js';
export { randomGamma } from './gamma.js';
export { getSeed } from './seed.js';
export {
  randomNormalInitializer, randomUniformInitializer, truncatedNormalInitializer, varianceScalingInitializer,
  glorotUniformInitializer, glorotNormalInitializer, heNormal, heUniform, lecunNormal, lecunUniform,
} from './initializers.js';
export type { VarianceScalingOptions, FanMode, ScalingDistribution } from './initializers.js';
