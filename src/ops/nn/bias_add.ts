// BiasAdd and BiasAddGrad (TF ops), and tf.nn.bias_add. NHWC adds the bias along the last
// axis; NCHW along axis 1.

import { defineOp, type Attrs } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, mergeDim, withRank, withRankAtLeast } from '../../framework/tensor_shape.js';
import { ValueError } from '../../framework/errors.js';
import { biasAdd as biasAddKernel, biasAddGrad as biasAddGradKernel } from '../../backend/reference/nn_misc.js';
import { fromFloat64 } from '../../backend/reference/conv.js';
import { REAL, checkDType, checkSameDType } from '../dtype_sets.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { shape as shapeOf } from '../array/shape.js';
import { concat } from '../array/concat.js';
import { onesLike } from '../array/fill.js';
import { reshape } from '../array/reshape.js';
import { tile } from '../array/tile.js';
import { index } from '../array/indexing.js';

export type DataFormat = 'NHWC' | 'NCHW';
interface BiasAttrs extends Attrs { dataFormat: DataFormat }

/** [outer, channels, inner] view of x for the bias axis of `fmt`. */
function split3(x: readonly number[], fmt: DataFormat): [number, number, number] {
  const ax = fmt === 'NCHW' && x.length > 2 ? 1 : x.length - 1;
  const prod = (a: readonly number[]) => a.reduce((p, d) => p * d, 1);
  return [prod(x.slice(0, ax)), x[ax], prod(x.slice(ax + 1))];
}
/** TF's numeric types, less int64 and complex64 (which the reference kernels do not run). */
const BIAS_TYPES = REAL.filter(d => d !== 'int64');
const channelAxis = (r: number, fmt: DataFormat) => (fmt === 'NCHW' && r > 2 ? 1 : r - 1);

export const BiasAdd = defineOp<BiasAttrs>({
  type: 'BiasAdd',
  infer: ([x, b], a) => {
    checkSameDType('BiasAdd', ['value', 'bias'], [x.dtype, b.dtype]);
    checkDType('value', x.dtype, BIAS_TYPES);
    withRankAtLeast(x.shape, 2);
    withRank(b.shape, 1);
    if (x.shape.rank === null) return [{ dtype: x.dtype, shape: x.shape }];
    const dims = x.shape.dims!.slice();
    const ax = channelAxis(dims.length, a.dataFormat);
    dims[ax] = mergeDim(dims[ax], b.shape.dim(0));
    return [{ dtype: x.dtype, shape: new TensorShape(dims) }];
  },
  kernel: ([x, b], a) => {
    const [o, c, i] = split3(x.shape, a.dataFormat);
    return fromFloat64(x.dtype, x.shape, biasAddKernel(x.data as ArrayLike<number>, b.data as ArrayLike<number>, o, c, i));
  },
  grad: (op, [dy]) => (dy ? [dy, biasAddGrad(dy, op.attrs.dataFormat)] : [null, null]),
});

export const BiasAddGrad = defineOp<BiasAttrs>({
  type: 'BiasAddGrad',
  infer: ([dy], a) => {
    checkDType('out_backprop', dy.dtype, BIAS_TYPES);
    withRankAtLeast(dy.shape, 2);
    const r = dy.shape.rank;
    return [{ dtype: dy.dtype, shape: new TensorShape([r === null ? null : dy.shape.dim(channelAxis(r, a.dataFormat))]) }];
  },
  kernel: ([dy], a) => {
    const [o, c, i] = split3(dy.shape, a.dataFormat);
    return fromFloat64(dy.dtype, [c], biasAddGradKernel(dy.data as ArrayLike<number>, o, c, i));
  },
  // the bias gradient broadcast back over the other axes (TF's _BiasAddGradGrad)
  grad: (op, [g]) => {
    if (!g) return [null];
    const s = shapeOf(op.inputs[0]);
    const bs = shapeOf(g);
    const nchw = op.attrs.dataFormat === 'NCHW';
    const expanded = nchw
      ? concat([onesLike(index(s, ':1')), bs, onesLike(index(s, '2:'))], 0)
      : concat([onesLike(index(s, ':-1')), bs], 0);
    const mults = nchw ? concat([index(s, ':1'), [1], index(s, '2:')], 0) : concat([index(s, ':-1'), [1]], 0);
    return [tile(reshape(g, expanded), mults)];
  },
});

/** gen_nn_ops.bias_add_grad. */
export function biasAddGrad(outBackprop: Tensor, dataFormat: DataFormat = 'NHWC'): Tensor {
  return withScope(undefined, 'BiasAddGrad', [outBackprop], (scope, g) =>
    g.addOp(BiasAddGrad, [outBackprop], { dataFormat }, { name: scope }).outputs[0]);
}

/**
 * Adds a 1-D bias along the channel axis (the last one for NHWC) — tf.nn.bias_add (op
 * `BiasAdd`; gradient `BiasAddGrad`).
 *
 * ```ts
 * tf.nn.biasAdd(tf.zeros([2, 3]), tf.constant([1, 2, 3], 'float32'));   // [[1 2 3] [1 2 3]]
 * ```
 */
export function biasAdd(value: TensorLike, bias: TensorLike, opts: { dataFormat?: string; name?: string } = {}): Tensor {
  let fmt: DataFormat = 'NHWC';
  if (opts.dataFormat !== undefined) {
    const d = opts.dataFormat;
    if (d.startsWith('NC')) fmt = 'NCHW';
    else if (d.startsWith('N') && d.endsWith('C')) fmt = 'NHWC';
    else throw new ValueError(`\`data_format\` must be of the form \`N...C\` or \`NC...\`. Received: data_format=${d}`);
  }
  return withScope(opts.name, 'BiasAdd', [value, bias], (scope, g) => {
    const x = convertToTensor(value, { name: 'input' });
    const b = convertToTensor(bias, { name: 'bias', dtypeHint: x.dtype });
    return g.addOp(BiasAdd, [x, b], { dataFormat: fmt }, { name: scope }).outputs[0];
  });
}

