// Cast between dtypes (TF op 'Cast'): float -> int truncates, anything -> bool is != 0.

import { type DType, toDType, isFloating, isComplex } from '../../framework/dtypes.js';
import { castNDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import { UnimplementedError } from '../../framework/errors.js';
import { Tensor } from '../../framework/tensor.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';

export const Cast = defineOp<{ SrcT: DType; DstT: DType; Truncate: boolean }>({
  type: 'Cast',
  infer: ([x], a) => [{ dtype: a.DstT, shape: x.shape }],
  kernel: ([x], a) => {
    if ((x.dtype === 'string') !== (a.DstT === 'string')) throw new UnimplementedError(`Cast ${x.dtype} to ${a.DstT} is not supported`);
    return castNDArray(x, a.DstT);
  },
  grad: (op, [dy]) => {
    const src = op.inputs[0].dtype;
    const dst = op.outputs[0].dtype;
    const ok = (d: DType) => isFloating(d) || isComplex(d);
    return [dy && ok(src) && ok(dst) ? cast(dy, src) : null];
  },
});

/**
 * Casts x to `dtype` (tf.cast). A tensor already of that dtype is returned unchanged, as in TF.
 *
 * ```ts
 * tf.cast(tf.constant([1.8, -1.8]), 'int32');   // [1, -1]
 * ```
 */
export function cast<D extends DType>(x: TensorLike, dtype: D, opts: { name?: string } = {}): Tensor<D> {
  const dt = toDType(dtype) as D;
  if (x instanceof Tensor && x.dtype === dt) return x as Tensor<D>;
  return withScope(opts.name, 'Cast', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'x' });
    if (t.dtype === dt) return t as Tensor<D>;
    return g.addOp(Cast, [t], { SrcT: t.dtype, DstT: dt, Truncate: false }, { name: scope }).outputs[0] as Tensor<D>;
  });
}

export const toFloat = (x: TensorLike, opts?: { name?: string }) => cast(x, 'float32', { name: opts?.name ?? 'ToFloat' });
export const toDouble = (x: TensorLike, opts?: { name?: string }) => cast(x, 'float64', { name: opts?.name ?? 'ToDouble' });
export const toInt32 = (x: TensorLike, opts?: { name?: string }) => cast(x, 'int32', { name: opts?.name ?? 'ToInt32' });
export const toInt64 = (x: TensorLike, opts?: { name?: string }) => cast(x, 'int64', { name: opts?.name ?? 'ToInt64' });
