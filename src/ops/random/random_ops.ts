// Random ops. (Being written: RandomUniform, RandomStandardNormal, TruncatedNormal, RandomShuffle.)
import type { DType } from '../../framework/dtypes.js';
import type { Tensor } from '../../framework/tensor.js';
export function randomUniform(_shape: readonly number[], _min: number, _max: number, _o: { dtype?: DType; seed?: number }): Tensor {
  throw new Error('randomUniform: not yet implemented');
}
