// Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter (TF ops, NHWC, filter HWIO), each
// with its shape function, reference kernel and gradient rule (so second derivatives work as
// in TF's nn_grad.py), and the builders tf.nn.conv2d, conv2d_backprop_input,
// conv2d_backprop_filter and conv2d_transpose.

import { defineOp, type Attrs } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, withRank, mergeDim, type Dim } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError, ValueError } from '../../framework/errors.js';
import type { NDArray } from '../../framework/ndarray.js';
import * as ref from '../../backend/reference/conv.js';
import { fromFloat64 } from '../../backend/reference/conv.js';
import { FLOATS, INDEX, checkDType, checkSameDType } from '../dtype_sets.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { shape as shapeOf, shapeN } from '../array/shape.js';
import { shapeFromTensorSpec } from '../array/fill.js';
import {
  conv2dInfo, concreteInfo, checkConvAttrs, getSequence, convertPadding,
  type Conv2DInfo, type Conv2DInfoConcrete, type Padding,
} from './conv_info.js';

export interface ConvAttrs extends Attrs {
  strides: readonly number[];
  padding: Padding;
  explicitPaddings: readonly number[];
  dilations: readonly number[];
  dataFormat: 'NHWC';
  useCudnnOnGpu: boolean;
}

const dims4 = (s: TensorShape): Dim[] => withRank(s, 4).dims!.slice();
const ints = (nd: NDArray): number[] => Array.from(nd.data as ArrayLike<number | bigint>, Number);

/** conv2dInfo at run time: shape problems become InvalidArgumentError, as TF's kernels report them. */
function runtimeInfo(x: readonly number[], f: readonly number[], a: ConvAttrs): Conv2DInfoConcrete {
  try {
    return concreteInfo(conv2dInfo(x, f, a));
  } catch (e) {
    if (e instanceof ShapeError) throw new InvalidArgumentError(e.message);
    throw e;
  }
}

/** TF's check that out_backprop's spatial size is the one the geometry computes. */
function checkBackpropSize(op: string, info: Conv2DInfo, dy: readonly Dim[], err: (m: string) => Error): void {
  const pairs: [Dim, Dim, number][] = [[info.outH, dy[1], 1], [info.outW, dy[2], 2]];
  for (const [computed, actual, d] of pairs) {
    if (computed !== null && actual !== null && computed !== actual) {
      throw err(`${op}: Size of out_backprop doesn't match computed: actual = ${actual}, computed = ${computed} spatial_dim: ${d}`);
    }
  }
  if (info.outC !== null && dy[3] !== null && info.outC !== dy[3]) {
    throw err(`${op}: out_backprop depth (${dy[3]}) does not match filter output depth (${info.outC})`);
  }
  if (info.batch !== null && dy[0] !== null && info.batch !== dy[0]) {
    throw err(`${op}: input and out_backprop must have the same batch size, input batch: ${info.batch}, outbackprop batch: ${dy[0]}`);
  }
}

export const Conv2D = defineOp<ConvAttrs>({
  type: 'Conv2D',
  infer: ([x, f], a) => {
    checkSameDType('Conv2D', ['input', 'filter'], [x.dtype, f.dtype]);
    checkDType('input', x.dtype, FLOATS);
    checkConvAttrs('Conv2D', a);
    const g = conv2dInfo(dims4(x.shape), dims4(f.shape), a);
    return [{ dtype: x.dtype, shape: new TensorShape([g.batch, g.outH, g.outW, g.outC]) }];
  },
  kernel: ([x, f], a) => {
    const g = runtimeInfo(x.shape, f.shape, a);
    return fromFloat64(x.dtype, [g.batch, g.outH, g.outW, g.outC], ref.conv2d(x.data as ArrayLike<number>, f.data as ArrayLike<number>, g));
  },
  grad: (op, [dy]) => {
    if (!dy) return [null, null];
    const [x, f] = op.inputs;
    const [s0, s1] = shapeN([x, f]);
    const dx = genBackpropInput(s0, f, dy, op.attrs);
    const df = genBackpropFilter(x, s1, dy, op.attrs);
    dx.setShape(x.shape);
    df.setShape(f.shape);
    return [dx, df];
  },
});

export const Conv2DBackpropInput = defineOp<ConvAttrs>({
  type: 'Conv2DBackpropInput',
  infer: ([sizes, f, dy], a) => {
    checkDType('input_sizes', sizes.dtype, INDEX);
    checkSameDType('Conv2DBackpropInput', ['filter', 'out_backprop'], [f.dtype, dy.dtype]);
    checkDType('filter', f.dtype, FLOATS);
    checkConvAttrs('Conv2DBackpropInput', a);
    withRank(sizes.shape, 1);
    const fd = dims4(f.shape), dyd = dims4(dy.shape);
    const req = shapeFromTensorSpec(sizes);
    if (req.rank !== null && req.rank !== 4) throw new ShapeError(`Shape must be rank 4 but is rank ${req.rank}`);
    const xd = req.rank === null ? [null, null, null, null] : req.dims!.slice();
    xd[0] = mergeDim(xd[0], dyd[0]);
    if (xd[3] === null) xd[3] = fd[2];
    checkBackpropSize('Conv2DCustomBackpropInput', conv2dInfo(xd, fd, a), dyd, m => new ShapeError(m));
    return [{ dtype: f.dtype, shape: new TensorShape(xd) }];
  },
  kernel: ([sizes, f, dy], a) => {
    const xs = ints(sizes);
    if (xs.length !== 4) throw new InvalidArgumentError(`Conv2DBackpropInput: input_sizes must be 4-dimensional, got: ${xs.length}`);
    const g = runtimeInfo(xs, f.shape, a);
    checkBackpropSize('Conv2DCustomBackpropInput', g, dy.shape, m => new InvalidArgumentError(m));
    return fromFloat64(f.dtype, xs, ref.conv2dBackpropInput(dy.data as ArrayLike<number>, f.data as ArrayLike<number>, g));
  },
  grad: (op, [g]) => {
    if (!g) return [null, null, null];
    const [, f, dy] = op.inputs;
    return [null, genBackpropFilter(g, shapeOf(f), dy, op.attrs), genConv2d(g, f, op.attrs)];
  },
});

export const Conv2DBackpropFilter = defineOp<ConvAttrs>({
  type: 'Conv2DBackpropFilter',
  infer: ([x, sizes, dy], a) => {
    checkDType('filter_sizes', sizes.dtype, INDEX);
    checkSameDType('Conv2DBackpropFilter', ['input', 'out_backprop'], [x.dtype, dy.dtype]);
    checkDType('input', x.dtype, FLOATS);
    checkConvAttrs('Conv2DBackpropFilter', a);
    withRank(sizes.shape, 1);
    const xd = dims4(x.shape), dyd = dims4(dy.shape);
    const req = shapeFromTensorSpec(sizes);
    if (req.rank !== null && req.rank !== 4) throw new ShapeError(`Shape must be rank 4 but is rank ${req.rank}`);
    const fd = req.rank === null ? [null, null, null, null] : req.dims!.slice();
    fd[3] = mergeDim(fd[3], dyd[3]);
    if (fd[2] === null) fd[2] = xd[3];
    checkBackpropSize('Conv2DCustomBackpropFilter', conv2dInfo(xd, fd, a), dyd, m => new ShapeError(m));
    return [{ dtype: x.dtype, shape: new TensorShape(fd) }];
  },
  kernel: ([x, sizes, dy], a) => {
    const fs = ints(sizes);
    if (fs.length !== 4) throw new InvalidArgumentError(`Conv2DBackpropFilter: filter_sizes must be 4-dimensional, got: ${fs.length}`);
    const g = runtimeInfo(x.shape, fs, a);
    checkBackpropSize('Conv2DCustomBackpropFilter', g, dy.shape, m => new InvalidArgumentError(m));
    return fromFloat64(x.dtype, fs, ref.conv2dBackpropFilter(x.data as ArrayLike<number>, dy.data as ArrayLike<number>, g));
  },
  grad: (op, [g]) => {
    if (!g) return [null, null, null];
    const [x, , dy] = op.inputs;
    return [genBackpropInput(shapeOf(x), g, dy, op.attrs), null, genConv2d(x, g, op.attrs)];
  },
});

// ---- gen_nn_ops-style builders (the op alone, inputs named as TF's op def) -------------------

function genConv2d(input: Tensor, filter: Tensor, a: ConvAttrs, name?: string): Tensor {
  return withScope(name, 'Conv2D', [input, filter], (scope, g) => g.addOp(Conv2D, [input, filter], a, { name: scope }).outputs[0]);
}
function genBackpropInput(sizes: Tensor, filter: Tensor, dy: Tensor, a: ConvAttrs, name?: string): Tensor {
  return withScope(name, 'Conv2DBackpropInput', [sizes, filter, dy], (scope, g) =>
    g.addOp(Conv2DBackpropInput, [sizes, filter, dy], a, { name: scope }).outputs[0]);
}
function genBackpropFilter(input: Tensor, sizes: Tensor, dy: Tensor, a: ConvAttrs, name?: string): Tensor {
  return withScope(name, 'Conv2DBackpropFilter', [input, sizes, dy], (scope, g) =>
    g.addOp(Conv2DBackpropFilter, [input, sizes, dy], a, { name: scope }).outputs[0]);
}

// ---- public builders ------------------------------------------------------------------------

export type PaddingArg = 'SAME' | 'VALID' | 'same' | 'valid' | string | readonly (readonly number[])[];
export type Sequence = number | readonly number[];
export interface ConvOptions {
  strides?: Sequence;
  padding?: PaddingArg;
  dilations?: Sequence | null;
  dataFormat?: string;
  useCudnnOnGpu?: boolean;
  name?: string;
}

/** The attrs a conv builder passes to its op (nn_ops.conv2d's argument handling). */
function convAttrs(fn: string, strides: Sequence | undefined | null, padding: PaddingArg | undefined, o: ConvOptions): ConvAttrs {
  const df = o.dataFormat ?? 'NHWC';
  if (df !== 'NHWC') throw new ValueError(`${fn} supports data_format 'NHWC' only (the CPU layout), got '${df}'.`);
  if (padding === undefined || padding === null) throw new ValueError(`${fn} requires padding ('SAME', 'VALID' or explicit pads).`);
  const p = convertPadding(padding, fn);
  return {
    strides: getSequence(strides, 'strides', fn),
    dilations: getSequence(o.dilations, 'dilations', fn),
    padding: p.padding,
    explicitPaddings: p.explicitPaddings,
    dataFormat: 'NHWC',
    useCudnnOnGpu: o.useCudnnOnGpu ?? true,
  };
}

function splitArgs(strides: Sequence | ConvOptions | undefined, padding: PaddingArg | undefined, opts: ConvOptions): [Sequence | undefined, PaddingArg | undefined, ConvOptions] {
  if (typeof strides === 'object' && strides !== null && !Array.isArray(strides)) {
    const o = strides as ConvOptions;
    return [o.strides, o.padding, o];
  }
  return [strides as Sequence | undefined, padding ?? opts.padding, opts];
}

/**
 * 2-D convolution (cross-correlation) of an NHWC `input` with an HWIO `filter` —
 * tf.nn.conv2d (op `Conv2D`). `strides` and `dilations` take 1, 2 or 4 values; `padding` is
 * 'SAME', 'VALID' or explicit `[[0, 0], [top, bottom], [left, right], [0, 0]]`. Also
 * callable as `conv2d(x, w, {strides, padding, dilations, name})`.
 *
 * ```ts
 * const x = tf.placeholder('float32', [null, 28, 28, 1]);
 * const w = new tf.Variable(tf.truncatedNormal([5, 5, 1, 32], {stddev: 0.1}));
 * tf.nn.conv2d(x, w, [1, 1, 1, 1], 'SAME');   // shape [?, 28, 28, 32]
 * tf.nn.conv2d(tf.ones([1, 3, 3, 1]), tf.ones([2, 2, 1, 1]), 1, 'VALID');   // [[[[4] [4]] [[4] [4]]]]
 * ```
 */
export function conv2d(input: TensorLike, filter: TensorLike, strides?: Sequence | ConvOptions, padding?: PaddingArg, opts: ConvOptions = {}): Tensor {
  const [s, p, o] = splitArgs(strides, padding, opts);
  const a = convAttrs('conv2d', s, p, o);
  return withScope(o.name, 'Conv2D', [input, filter], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    const f = convertToTensor(filter, { name: 'filter', dtypeHint: x.dtype });
    return g.addOp(Conv2D, [x, f], a, { name: scope }).outputs[0];
  });
}

/**
 * The gradient of conv2d with respect to its input — tf.nn.conv2d_backprop_input (op
 * `Conv2DBackpropInput`); `inputSizes` is the input's shape [N, H, W, C].
 *
 * ```ts
 * tf.nn.conv2dBackpropInput([1, 2, 2, 1], tf.ones([2, 2, 1, 1]), tf.ones([1, 1, 1, 1]), 1, 'VALID');   // [[[[1] [1]] [[1] [1]]]]
 * ```
 */
export function conv2dBackpropInput(inputSizes: TensorLike, filter: TensorLike, outBackprop: TensorLike, strides?: Sequence | ConvOptions, padding?: PaddingArg, opts: ConvOptions = {}): Tensor {
  const [s, p, o] = splitArgs(strides, padding, opts);
  const a = convAttrs('conv2d_backprop_input', s, p, o);
  return withScope(o.name, 'Conv2DBackpropInput', [inputSizes, filter, outBackprop], (scope, g) => {
    const sz = convertToTensor(inputSizes, { name: 'input_sizes', dtypeHint: 'int32' });
    const f = convertToTensor(filter, { name: 'filter' });
    const dy = convertToTensor(outBackprop, { name: 'out_backprop', dtypeHint: f.dtype });
    return g.addOp(Conv2DBackpropInput, [sz, f, dy], a, { name: scope }).outputs[0];
  });
}

/**
 * The gradient of conv2d with respect to its filter — tf.nn.conv2d_backprop_filter (op
 * `Conv2DBackpropFilter`); `filterSizes` is the filter's shape [H, W, in, out].
 *
 * ```ts
 * tf.nn.conv2dBackpropFilter(tf.ones([1, 3, 3, 1]), [2, 2, 1, 1], tf.ones([1, 2, 2, 1]), 1, 'VALID');   // [[[[4]] [[4]]] [[[4]] [[4]]]]
 * ```
 */
export function conv2dBackpropFilter(input: TensorLike, filterSizes: TensorLike, outBackprop: TensorLike, strides?: Sequence | ConvOptions, padding?: PaddingArg, opts: ConvOptions = {}): Tensor {
  const [s, p, o] = splitArgs(strides, padding, opts);
  const a = convAttrs('conv2d_backprop_filter', s, p, o);
  return withScope(o.name, 'Conv2DBackpropFilter', [input, filterSizes, outBackprop], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    const sz = convertToTensor(filterSizes, { name: 'filter_sizes', dtypeHint: 'int32' });
    const dy = convertToTensor(outBackprop, { name: 'out_backprop', dtypeHint: x.dtype });
    return g.addOp(Conv2DBackpropFilter, [x, sz, dy], a, { name: scope }).outputs[0];
  });
}

/**
 * The transpose of conv2d ("deconvolution") — tf.nn.conv2d_transpose: a
 * `Conv2DBackpropInput` node named 'conv2d_transpose'. `filter` is [H, W, out, in];
 * `outputShape` the result's [N, H, W, C]; padding defaults to 'SAME'.
 *
 * ```ts
 * tf.nn.conv2dTranspose(tf.ones([1, 2, 2, 3]), tf.ones([3, 3, 1, 3]), [1, 4, 4, 1], [1, 2, 2, 1]);   // shape [1, 4, 4, 1]
 * ```
 */
export function conv2dTranspose(value: TensorLike, filter: TensorLike, outputShape: TensorLike, strides?: Sequence | ConvOptions, padding?: PaddingArg, opts: ConvOptions = {}): Tensor {
  const [s, p, o] = splitArgs(strides, padding, opts);
  const a = convAttrs('conv2d_transpose', s, p ?? 'SAME', o);
  return withScope(o.name, 'conv2d_transpose', [value, filter, outputShape], scope =>
    withScope(scope, 'conv2d_transpose', [value, filter, outputShape], (inner, g) => {
      const sz = convertToTensor(outputShape, { name: 'input_sizes', dtypeHint: 'int32' });
      const f = convertToTensor(filter, { name: 'filter' });
      const dy = convertToTensor(value, { name: 'out_backprop', dtypeHint: f.dtype });
      return g.addOp(Conv2DBackpropInput, [sz, f, dy], a, { name: inner }).outputs[0];
    }));
}

