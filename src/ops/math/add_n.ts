// AddN: the elementwise sum of a list of same-shape, same-dtype tensors (tf.add_n), and
// the deprecated tf.accumulate_n, which TF 2 builds as add_n too.

import { NDArray } from '../../framework/ndarray.js';
import { allocData, roundHalf } from '../../framework/dtypes.js';
import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError, ValueError } from '../../framework/errors.js';
import { convertToTensor, identity, graphOf, type TensorLike } from '../core.js';
import { NUMERIC, checkDType } from '../dtype_sets.js';
import { mergeShapes } from './shape_util.js';

export const AddN = defineOp({
  type: 'AddN',
  infer: inputs => {
    const dts = inputs.map(t => t.dtype);
    if (dts.some(d => d !== dts[0])) {
      throw new TypeError(`Tensors in list passed to 'inputs' of 'AddN' Op have types [${dts.join(', ')}] that don't all match.`);
    }
    checkDType('inputs', dts[0], NUMERIC);
    // as TF: merge from the last input backwards, naming the input that failed
    let shape = inputs[inputs.length - 1].shape;
    for (let i = inputs.length - 2; i >= 0; i--) {
      try {
        shape = mergeShapes(inputs[i].shape, shape);
      } catch (e) {
        throw new ShapeError(`${(e as Error).message}\n\tFrom merging shape ${i} with other shapes.`);
      }
    }
    return [{ dtype: dts[0], shape }];
  },
  kernel: xs => addNKernel(xs),
  grad: (op, [dy]) => op.inputs.map(() => dy),
});

function addNKernel(xs: NDArray[]): NDArray {
  const first = xs[0];
  xs.forEach((x, k) => {
    if (x.rank !== first.rank || x.shape.some((d, i) => d !== first.shape[i])) {
      throw new InvalidArgumentError(`Inputs to operation AddN of type AddN must have the same size and shape.  Input 0: [${first.shape.join(',')}] != input ${k}: [${x.shape.join(',')}]`);
    }
  });
  const dt = first.dtype, n = first.size;
  if (dt === 'int64') {
    const out = new BigInt64Array(n);
    for (const x of xs) { const X = x.data as BigInt64Array; for (let i = 0; i < n; i++) out[i] += X[i]; }
    return new NDArray(dt, first.shape, out);
  }
  const len = dt === 'complex64' ? 2 * n : n;
  const acc = new Float64Array(len);
  for (const x of xs) { const X = x.data as Float64Array; for (let i = 0; i < len; i++) acc[i] += X[i]; }
  const out = allocData(dt, n) as Float64Array;
  if (dt === 'float16') for (let i = 0; i < len; i++) out[i] = roundHalf(acc[i]);
  else for (let i = 0; i < len; i++) out[i] = acc[i]; // integer stores wrap as TF's do
  return new NDArray(dt, first.shape, out);
}

function convertList(inputs: readonly TensorLike[] | null | undefined, message: string): Tensor[] {
  if (!inputs || !Array.isArray(inputs) || inputs.length === 0) throw new ValueError(message);
  const g = graphOf(inputs);
  return g.asDefault(() => inputs.map(x => convertToTensor(x)));
}

/**
 * Adds all input tensors elementwise (tf.add_n; op `AddN`). All inputs must have the same
 * shape and dtype; a single input is returned as is (an Identity named `name` if given).
 *
 * ```ts
 * const s = tf.addN([tf.constant([1, 2]), tf.constant([3, 4]), tf.constant([5, 6])]);
 * new tf.Session().run(s);   // [ 9 12]
 * ```
 */
export function addN(inputs: readonly TensorLike[], opts: { name?: string } = {}): Tensor {
  const xs = convertList(inputs, 'Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype and shape.');
  if (xs.length === 1) return opts.name ? identity(xs[0], opts.name) : xs[0];
  return xs[0].graph.addOp(AddN, xs, {}, { name: opts.name ?? 'AddN' }).outputs[0];
}

/**
 * Deprecated TF 1 name for addN (tf.accumulate_n): checks that dtypes agree and that the
 * shapes merge with `shape`, then builds `AddN`.
 *
 * ```ts
 * tf.accumulateN([tf.constant([1, 2]), tf.constant([3, 4])]);   // [4 6]
 * ```
 */
export function accumulateN(inputs: readonly TensorLike[], opts: { shape?: readonly (number | null)[]; tensorDtype?: string; name?: string } = {}): Tensor {
  const msg = 'inputs must be a list of at least one Tensor with the same dtype and shape';
  const xs = convertList(inputs, msg);
  if (xs.some(x => x.dtype !== xs[0].dtype)) throw new ValueError(msg);
  let shape = TensorShape.from(opts.shape ?? null);
  for (const x of xs) shape = shape.mergeWith(x.shape);
  if (opts.tensorDtype && opts.tensorDtype !== xs[0].dtype) {
    throw new TypeError(`The \`tensor_dtype\` argument is ${opts.tensorDtype}, but \`input\` is of type ${xs[0].dtype}. These must be equal. Try casting the input to the desired type.`);
  }
  if (xs.length === 1) return opts.name ? identity(xs[0], opts.name) : xs[0];
  return addN(xs, { name: opts.name });
}
