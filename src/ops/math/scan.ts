// Cumulative sum and product along an axis (TF ops Cumsum, Cumprod), with TF's
// `exclusive` and `reverse` attributes.

import type { NDArray } from '../../framework/ndarray.js';
import { defineOp, type OpDef, type Attrs } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { scan, type ScanKind } from '../../backend/reference/scan.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';
import { NUMERIC, INDEX, checkDType } from '../dtype_sets.js';
import { mul, divNoNan } from './binary.js';

export interface ScanAttrs extends Attrs { exclusive: boolean; reverse: boolean }

function scanAxis(x: NDArray, axis: NDArray): number {
  if (axis.rank !== 0) throw new InvalidArgumentError(`ScanOp: axis must be a scalar, not [${axis.shape.join(',')}]`);
  const r = x.rank, a = Number(axis.data[0]);
  if (a < -r || a >= r) throw new InvalidArgumentError(`ScanOp: Expected scan axis in the range [${-r}, ${r}), but got ${a}`);
  return a < 0 ? a + r : a;
}

function scanOp(type: string, kind: ScanKind, grad: OpDef<ScanAttrs>['grad']): OpDef<ScanAttrs> {
  return defineOp<ScanAttrs>({
    type,
    infer: ([x, axis]) => {
      checkDType('x', x.dtype, NUMERIC);
      checkDType('axis', axis.dtype, INDEX);
      return [{ dtype: x.dtype, shape: x.shape }];
    },
    kernel: ([x, axis], a) => scan(kind, x, scanAxis(x, axis), a.exclusive, a.reverse),
    grad,
  });
}

export const Cumsum = scanOp('Cumsum', 'sum', (op, [dy]) => {
  if (!dy) return [null, null];
  const { exclusive, reverse } = op.attrs;
  return [cumsum(dy, op.inputs[1], { exclusive, reverse: !reverse }), null];
});

export const Cumprod = scanOp('Cumprod', 'prod', (op, [dy]) => {
  if (!dy) return [null, null];
  // exact for nonzero x (as TF's rule): d y_k / d x_i = y_k / x_i for k on i's side
  const [x, axis] = op.inputs;
  const { exclusive, reverse } = op.attrs;
  const prod = cumprod(x, axis, { exclusive, reverse });
  const out = cumsum(mul(prod, dy), axis, { exclusive, reverse: !reverse });
  return [divNoNan(out, x), null];
});

export interface ScanOptions { exclusive?: boolean; reverse?: boolean; name?: string }
type AxisArg = number | Tensor | (ScanOptions & { axis?: number | Tensor });

function build(def: OpDef<ScanAttrs>, defaultName: string, x: TensorLike, axisArg: AxisArg, opts: ScanOptions): Tensor {
  // (x, axis, opts) or (x, {axis, exclusive, reverse, name})
  let axis: number | Tensor = 0;
  if (typeof axisArg === 'number' || axisArg instanceof Tensor) axis = axisArg;
  else { opts = { ...axisArg, ...opts }; axis = axisArg.axis ?? 0; }
  return withScope(opts.name, defaultName, [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'x' });
    const a = axis instanceof Tensor ? axis : constant(axis, { dtype: 'int32', name: 'axis' });
    return g.addOp(def, [t, a], { exclusive: !!opts.exclusive, reverse: !!opts.reverse }, { name: scope }).outputs[0];
  });
}

/**
 * Cumulative sum along `axis` (tf.cumsum; op `Cumsum`). `exclusive` leaves each element
 * out of its own sum; `reverse` sums from the end.
 *
 * ```ts
 * tf.cumsum(tf.constant([1, 2, 3]));                                    // [1 3 6]
 * tf.cumsum(tf.constant([1, 2, 3]), 0, { exclusive: true, reverse: true });   // [5 3 0]
 * ```
 */
export function cumsum(x: TensorLike, axis: AxisArg = 0, opts: ScanOptions = {}): Tensor {
  return build(Cumsum, 'Cumsum', x, axis, opts);
}

/**
 * Cumulative product along `axis` (tf.cumprod; op `Cumprod`), with `exclusive` and `reverse`
 * as in cumsum.
 *
 * ```ts
 * tf.cumprod(tf.constant([1, 2, 3, 4]));   // [ 1  2  6 24]
 * ```
 */
export function cumprod(x: TensorLike, axis: AxisArg = 0, opts: ScanOptions = {}): Tensor {
  return build(Cumprod, 'Cumprod', x, axis, opts);
}
