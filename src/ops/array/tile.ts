// Tile (tf.tile) and ReverseV2 (tf.reverse).

import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, formatShape, stridesOf } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError } from '../../framework/errors.js';
import { affineTable, gatherTables, indexList, table } from '../../backend/reference/array_kernels.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { INDEX, checkDType } from '../dtype_sets.js';
import { constInts, isOptions, mulDims, requireRank } from './shape_util.js';
import { shapeFromTensorSpec } from './fill.js';

export const Tile = defineOp({
  type: 'Tile',
  infer: ([x, m]) => {
    checkDType('multiples', m.dtype, INDEX);
    requireRank(m.shape, 1);
    let mult = shapeFromTensorSpec(m);
    if (x.shape.rank !== null) {
      requireRank(mult, x.shape.rank);
      if (mult.rank === null) mult = new TensorShape(new Array(x.shape.rank).fill(null));
    }
    if (mult.rank === null) return [{ dtype: x.dtype, shape: TensorShape.unknown() }];
    requireRank(x.shape, mult.rank);
    return [{ dtype: x.dtype, shape: new TensorShape(mult.dims!.map((d, i) => mulDims(x.shape.dim(i), d))) }];
  },
  kernel: ([x, m]) => {
    const mult = indexList(m);
    if (m.rank !== 1 || mult.length !== x.rank) {
      throw new InvalidArgumentError(`Expected multiples argument to be a vector of length ${x.rank} but got length ${m.rank === 1 ? mult.length : formatShape(m.shape)}`);
    }
    mult.forEach((k, i) => { if (k < 0) throw new InvalidArgumentError(`Expected multiples[${i}] >= 0, but got ${k}`); });
    const st = stridesOf(x.shape);
    const out = x.shape.map((d, i) => d * mult[i]);
    return gatherTables(x, out, out.map((n, i) => table(n, c => (c % x.shape[i]) * st[i])));
  },
  grad: (op, [dy]) => {
    if (!dy) return [null, null];
    const [x, multiples] = op.inputs;
    // split each dim into (multiple, size) and sum over the multiples
    const inputShape = shape(x, { outType: multiples.dtype as 'int32' | 'int64' });
    const splitShape = reshape(transpose(stack([multiples, inputShape])), [-1]);
    const axes = range(0, size(splitShape), 2);
    const g = reduceSum(reshape(dy, splitShape), axes);
    g.setShape(x.shape);
    return [g, null];
  },
});

/**
 * Repeats `input` `multiples[i]` times along dimension i (tf.tile).
 *
 * ```ts
 * tf.tile(tf.constant([[1, 2]]), [2, 2]);   // [[1, 2, 1, 2], [1, 2, 1, 2]]
 * ```
 */
export function tile(input: TensorLike, multiples: Packable, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'Tile', [input, multiples], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    const m = toTensorAuto(multiples, 'multiples', 'int32');
    return refined(g.addOp(Tile, [x, m], {}, { name: scope }));
  });
}

export const ReverseV2 = defineOp({
  type: 'ReverseV2',
  infer: ([x, ax]) => {
    checkDType('axis', ax.dtype, INDEX);
    requireRank(ax.shape, 1);
    const r = x.shape.rank;
    if (r !== null && r > 8) throw new ShapeError('reverse does not work on tensors with more than 8 dimensions');
    const axes = constInts(ax);
    if (axes && r !== null) {
      const seen = new Array<boolean>(r).fill(false);
      axes.forEach((a, i) => {
        const c = a < 0 ? r + a : a;
        if (c < 0 || c >= r) throw new ShapeError(`'axis'[${i}] = ${a} is out of valid range [0, ${r - 1}`);
        if (seen[c]) throw new ShapeError(`axis ${c} specified more than once.`);
        seen[c] = true;
      });
    }
    return [{ dtype: x.dtype, shape: x.shape }];
  },
  kernel: ([x, ax]) => {
    const r = x.rank;
    const rev = new Array<boolean>(r).fill(false);
    indexList(ax).forEach((a, i) => {
      const c = a < 0 ? r + a : a;
      if (c < 0 || c >= r) throw new InvalidArgumentError(`'axis'[${i}] = ${a} is out of valid range [${-r}, ${r - 1}].`);
      if (rev[c]) throw new InvalidArgumentError(`axis ${c} specified more than once.`);
      rev[c] = true;
    });
    const st = stridesOf(x.shape);
    return gatherTables(x, x.shape, x.shape.map((n, i) => (rev[i] ? affineTable(n, n - 1, -1, st[i]) : affineTable(n, 0, 1, st[i]))));
  },
  grad: (op, [dy]) => [dy ? reverse(dy, op.inputs[1]) : null, null],
});

/**
 * Reverses the listed dimensions (tf.reverse, op ReverseV2).
 *
 * ```ts
 * tf.reverse(tf.constant([[1, 2], [3, 4]]), [1]);   // [[2, 1], [4, 3]]
 * ```
 */
export function reverse(tensor: TensorLike, axis: Packable | { axis: Packable; name?: string }, opts: { name?: string } = {}): Tensor {
  if (isOptions(axis)) { opts = axis as { name?: string }; axis = (axis as { axis: Packable }).axis; }
  return withScope(opts.name, 'ReverseV2', [tensor, axis], (scope, g) => {
    const x = convertToTensor(tensor, { name: 'tensor' });
    const a = toTensorAuto(axis as Packable, 'axis', 'int32');
    return g.addOp(ReverseV2, [x, a], {}, { name: scope }).outputs[0];
  });
}

import { toTensorAuto, stack, type Packable } from './pack.js';
import { shape, size } from './shape.js';
import { reshape } from './reshape.js';
import { transpose } from './transpose.js';
import { range } from './fill.js';
import { reduceSum } from '../math/reduce.js';
import { refined } from './fold.js';
