// MaxPool / MaxPoolGrad / MaxPoolGradGrad and AvgPool / AvgPoolGrad (TF ops, NHWC), with
// gradient rules as TF's nn_grad.py, and the builders tf.nn.max_pool / avg_pool.

import { defineOp, type Attrs, type OpDef } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, withRank, mergeShape, type Dim } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError, ValueError } from '../../framework/errors.js';
import type { NDArray } from '../../framework/ndarray.js';
import * as ref from '../../backend/reference/pool.js';
import { fromFloat64 } from '../../backend/reference/conv.js';
import { FLOATS, REAL, checkDType, checkSameDType } from '../dtype_sets.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { shape as shapeOf } from '../array/shape.js';
import { zerosLike, shapeFromTensorSpec } from '../array/fill.js';
import { stopGradient } from '../control/stop_gradient.js';
import { conv2dInfo, concreteInfo, checkPoolAttrs, getSequence, convertPadding, type Conv2DInfoConcrete, type Padding } from './conv_info.js';

export interface PoolAttrs extends Attrs {
  ksize: readonly number[];
  strides: readonly number[];
  padding: Padding;
  explicitPaddings: readonly number[];
  dataFormat: 'NHWC';
}

/** Max pooling's types: TF's real numbers, less int64 (which the reference kernels do not run). */
const MAX_POOL_TYPES = REAL.filter(d => d !== 'int64');
const dims4 = (s: TensorShape): Dim[] => withRank(s, 4).dims!.slice();
const num = (nd: NDArray) => nd.data as ArrayLike<number>;

function poolInfo(x: readonly Dim[], a: PoolAttrs) {
  return conv2dInfo(x, [a.ksize[1], a.ksize[2], null, null], { ...a, dilations: [1, 1, 1, 1] }, true);
}
function runtimeInfo(x: readonly number[], a: PoolAttrs): Conv2DInfoConcrete {
  try {
    return concreteInfo(poolInfo(x, a));
  } catch (e) {
    if (e instanceof ShapeError) throw new InvalidArgumentError(e.message);
    throw e;
  }
}
function pooledShape(op: string, x: TensorShape, a: PoolAttrs): TensorShape {
  checkPoolAttrs(op, a);
  const g = poolInfo(dims4(x), a);
  return new TensorShape([g.batch, g.outH, g.outW, g.inC]);
}
const outShapeOf = (g: Conv2DInfoConcrete) => [g.batch, g.outH, g.outW, g.inC];
const sameShapes = (x: number[] | readonly number[], y: readonly number[]) => x.length === y.length && x.every((d, i) => d === y[i]);

export const MaxPool: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  type: 'MaxPool',
  infer: ([x], a) => {
    checkDType('input', x.dtype, MAX_POOL_TYPES);
    return [{ dtype: x.dtype, shape: pooledShape('MaxPool', x.shape, a) }];
  },
  kernel: ([x], a) => {
    const g = runtimeInfo(x.shape, a);
    return fromFloat64(x.dtype, outShapeOf(g), ref.maxPool(num(x), g));
  },
  grad: (op, [dy]) => [dy ? genPool(MaxPoolGrad, [op.inputs[0], op.outputs[0], dy], op.attrs) : null],
});

export const MaxPoolGrad: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  type: 'MaxPoolGrad',
  infer: ([x, y, dy], a) => {
    checkSameDType('MaxPoolGrad', ['orig_input', 'orig_output', 'grad'], [x.dtype, y.dtype, dy.dtype]);
    checkDType('orig_input', x.dtype, MAX_POOL_TYPES);
    mergeShape(pooledShape('MaxPoolGrad', x.shape, a), mergeShape(withRank(y.shape, 4), withRank(dy.shape, 4)));
    return [{ dtype: x.dtype, shape: withRank(x.shape, 4) }];
  },
  kernel: ([x, , dy], a) => {
    const g = runtimeInfo(x.shape, a);
    if (!sameShapes(outShapeOf(g), dy.shape)) throw new InvalidArgumentError(`Expected grad shape to be [${outShapeOf(g)}], but got [${dy.shape}]`);
    return fromFloat64(x.dtype, x.shape, ref.maxPoolGrad(num(x), num(dy), g));
  },
  grad: (op, [d]) => {
    const [x, y] = op.inputs;
    return [zerosLike(x), zerosLike(y), d ? genPool(MaxPoolGradGrad, [x, y, d], op.attrs) : null];
  },
});

export const MaxPoolGradGrad: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  type: 'MaxPoolGradGrad',
  infer: ([x, y, g], a) => {
    checkSameDType('MaxPoolGradGrad', ['orig_input', 'orig_output', 'grad'], [x.dtype, y.dtype, g.dtype]);
    checkDType('orig_input', x.dtype, MAX_POOL_TYPES);
    mergeShape(withRank(x.shape, 4), withRank(g.shape, 4));
    return [{ dtype: x.dtype, shape: mergeShape(pooledShape('MaxPoolGradGrad', x.shape, a), withRank(y.shape, 4)) }];
  },
  kernel: ([x, , gr], a) => {
    const g = runtimeInfo(x.shape, a);
    if (!sameShapes(x.shape, gr.shape)) throw new InvalidArgumentError(`Expected grad shape to be [${x.shape}], but got [${gr.shape}]`);
    return fromFloat64(x.dtype, outShapeOf(g), ref.maxPoolGradGrad(num(x), num(gr), g));
  },
  grad: (op, [d]) => {
    const [x, y] = op.inputs;
    return [zerosLike(x), zerosLike(y), d ? genPool(MaxPoolGrad, [x, y, d], op.attrs) : null];
  },
});

export const AvgPool: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  type: 'AvgPool',
  infer: ([x], a) => {
    checkDType('value', x.dtype, FLOATS);
    if (a.padding === 'EXPLICIT') throw new ShapeError(`Attr 'padding' of 'AvgPool' Op passed string 'EXPLICIT' not in: "SAME", "VALID".`);
    return [{ dtype: x.dtype, shape: pooledShape('AvgPool', x.shape, a) }];
  },
  kernel: ([x], a) => {
    const g = runtimeInfo(x.shape, a);
    return fromFloat64(x.dtype, outShapeOf(g), ref.avgPool(num(x), g));
  },
  grad: (op, [dy]) => [dy ? genPool(AvgPoolGrad, [shapeOf(op.inputs[0], { outType: 'int32' }), dy], op.attrs) : null],
});

export const AvgPoolGrad: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  type: 'AvgPoolGrad',
  infer: ([s, dy], a) => {
    checkDType('orig_input_shape', s.dtype, ['int32']);
    checkDType('grad', dy.dtype, FLOATS);
    withRank(s.shape, 1);
    const req = shapeFromTensorSpec(s);
    const xs = withRank(req, 4);
    mergeShape(pooledShape('AvgPoolGrad', xs, a), withRank(dy.shape, 4));
    return [{ dtype: dy.dtype, shape: xs }];
  },
  kernel: ([s, dy], a) => {
    const xs = Array.from(s.data as Int32Array);
    if (xs.length !== 4) throw new InvalidArgumentError(`orig_input_shape must have 4 elements, got ${xs.length}`);
    const g = runtimeInfo(xs, a);
    if (!sameShapes(outShapeOf(g), dy.shape)) throw new InvalidArgumentError(`Expected grad shape to be [${outShapeOf(g)}], but got [${dy.shape}]`);
    return fromFloat64(dy.dtype, xs, ref.avgPoolGrad(num(dy), g));
  },
  grad: (op, [d]) => [stopGradient(op.inputs[0]), d ? genPool(AvgPool, [d], op.attrs) : null],
});

/** gen_nn_ops-style: one pooling-family op named after its type in the current scope. */
function genPool(def: OpDef<PoolAttrs>, inputs: Tensor[], a: PoolAttrs, name?: string): Tensor {
  return withScope(name, def.type, inputs, (scope, g) => g.addOp(def, inputs, a, { name: scope }).outputs[0]);
}

// ---- public builders ------------------------------------------------------------------------

type Sequence = number | readonly number[];
export interface PoolOptions { ksize?: Sequence; strides?: Sequence; padding?: string | readonly (readonly number[])[]; dataFormat?: string; name?: string }

function poolAttrs(fn: string, ksize: Sequence | undefined, strides: Sequence | undefined, padding: PoolOptions['padding'], o: PoolOptions, explicitOk: boolean): PoolAttrs {
  const df = o.dataFormat ?? 'NHWC';
  if (df !== 'NHWC') throw new ValueError(`${fn} supports data_format 'NHWC' only (the CPU layout), got '${df}'.`);
  if (ksize === undefined) throw new ValueError(`${fn} requires ksize.`);
  if (padding === undefined) throw new ValueError(`${fn} requires padding ('SAME' or 'VALID').`);
  const k = getSequence(ksize, 'ksize', fn);
  if (k.some(v => v === 0)) throw new ValueError(`\`ksize\` cannot be zero. Received: ksize=[${k.join(', ')}]`);
  const p = convertPadding(padding, fn);
  if (p.padding === 'EXPLICIT' && !explicitOk) throw new ValueError(`${fn} does not support explicit padding.`);
  return { ksize: k, strides: getSequence(strides, 'strides', fn), padding: p.padding, explicitPaddings: p.explicitPaddings, dataFormat: 'NHWC' };
}

function poolBuilder(def: OpDef<PoolAttrs>, fn: string, explicitOk: boolean, defaultName: string = def.type) {
  return (value: TensorLike, ksize?: Sequence | PoolOptions, strides?: Sequence, padding?: PoolOptions['padding'], opts: PoolOptions = {}): Tensor => {
    let o = opts, k = ksize as Sequence | undefined, s = strides, p = padding ?? opts.padding;
    if (typeof ksize === 'object' && ksize !== null && !Array.isArray(ksize)) {
      o = ksize as PoolOptions; k = o.ksize; s = o.strides; p = o.padding;
    }
    const a = poolAttrs(fn, k, s, p, o, explicitOk);
    return withScope(o.name, defaultName, [value], (scope, g) => {
      const x = convertToTensor(value, { name: 'input' });
      return g.addOp(def, [x], a, { name: scope }).outputs[0];
    });
  };
}

/**
 * Max pooling of an NHWC tensor — tf.nn.max_pool (op `MaxPool`; gradient `MaxPoolGrad`).
 * `ksize` and `strides` take 1, 2 or 4 values. Also `maxPool(x, {ksize, strides, padding})`.
 *
 * ```ts
 * tf.nn.maxPool(tf.zeros([1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME');   // shape [1, 2, 2, 1]
 * tf.nn.maxPool(tf.constant([1, 5, 3, 2], {dtype: 'float32', shape: [1, 2, 2, 1]}), 2, 1, 'VALID');   // [[[[5]]]]
 * ```
 */
export const maxPool = poolBuilder(MaxPool, 'max_pool', true);

/**
 * Average pooling of an NHWC tensor — tf.nn.avg_pool (op `AvgPool`; gradient
 * `AvgPoolGrad`). With SAME padding each window averages its in-bounds values only.
 *
 * ```ts
 * tf.nn.avgPool(tf.constant([1, 5, 3, 2], {dtype: 'float32', shape: [1, 2, 2, 1]}), 2, 1, 'SAME');   // [[[[2.75] [3.5]] [[2.5] [2]]]]
 * ```
 */
export const avgPool = poolBuilder(AvgPool, 'avg_pool', false);

/**
 * tf.nn.max_pool2d: {@link maxPool} with TF's default name 'MaxPool2d'.
 *
 * ```ts
 * tf.nn.maxPool2d(tf.zeros([1, 4, 4, 1]), 2, 2, 'VALID');   // shape [1, 2, 2, 1]
 * ```
 */
export const maxPool2d = poolBuilder(MaxPool, 'max_pool2d', true, 'MaxPool2d');
/**
 * tf.nn.avg_pool2d: {@link avgPool} with TF's default name 'AvgPool2D'.
 *
 * ```ts
 * tf.nn.avgPool2d(tf.ones([1, 4, 4, 1]), 2, 2, 'VALID');   // shape [1, 2, 2, 1]
 * ```
 */
export const avgPool2d = poolBuilder(AvgPool, 'avg_pool2d', false, 'AvgPool2D');

