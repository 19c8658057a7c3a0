// Transpose (tf.transpose; perm defaults to reversing the dimensions) and
// InvertPermutation, which its gradient uses.

import { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { TensorShape, type Dim } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError } from '../../framework/errors.js';
import { indexList, transposeArray } from '../../backend/reference/array_kernels.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';
import { INDEX, checkDType } from '../dtype_sets.js';
import { constInts, isOptions, requireRank, unknownOfRank } from './shape_util.js';

export interface TransposeOptions { perm?: TensorLike | null; conjugate?: boolean; name?: string }

export const Transpose = defineOp<{ Tperm: string }>({
  type: 'Transpose',
  infer: ([x, p]) => {
    checkDType('perm', p.dtype, INDEX);
    requireRank(p.shape, 1);
    const n = p.shape.dim(0);
    let rank = x.shape.rank;
    if (rank !== null && n !== null && n !== rank) throw new ShapeError(`Dimension must be ${rank} but is ${n}`);
    rank ??= n;
    if (rank === null) return [{ dtype: x.dtype, shape: TensorShape.unknown() }];
    const perm = constInts(p);
    if (!perm || x.shape.rank === null) {
      // without perm, only all-equal input dims survive
      const dims = x.shape.dims;
      const same = dims && dims.every(d => d === dims[0]) ? dims[0] ?? null : null;
      return [{ dtype: x.dtype, shape: rank === 0 ? TensorShape.scalar() : new TensorShape(new Array<Dim>(rank).fill(same)) }];
    }
    const dims = perm.map(i => {
      if (i >= rank! || i < -rank!) throw new ShapeError(`perm dim ${i} is out of range of input rank ${rank}`);
      return x.shape.dim(i);
    });
    return [{ dtype: x.dtype, shape: new TensorShape(dims) }];
  },
  kernel: ([x, p]) => {
    const r = x.rank;
    const perm = indexList(p).map(d => (d < 0 ? d + r : d));
    if (perm.length !== r) throw new InvalidArgumentError(`transpose expects a vector of size ${r}. But input(1) is a vector of size ${perm.length}`);
    const seen = new Array<boolean>(r).fill(false);
    for (const d of perm) {
      if (!(d >= 0 && d < r)) throw new InvalidArgumentError(`${d} is out of range [0 .. ${r})`);
      seen[d] = true;
    }
    for (let i = 0; i < r; i++) if (!seen[i]) throw new InvalidArgumentError(`${i} is missing from {${perm.join(',')}}.`);
    return transposeArray(x, perm);
  },
  grad: (op, [dy]) => [dy ? transpose(dy, invertPermutation(op.inputs[1])) : null, null],
});

export const InvertPermutation = defineOp({
  type: 'InvertPermutation',
  infer: ([x]) => {
    checkDType('x', x.dtype, INDEX);
    requireRank(x.shape, 1);
    return [{ dtype: x.dtype, shape: x.shape.rank === null ? unknownOfRank(1) : x.shape }];
  },
  kernel: ([x]) => {
    if (x.rank !== 1) throw new InvalidArgumentError(`invert_permutation expects a 1D vector.`);
    const v = indexList(x), n = v.length;
    const out = new Array<number>(n).fill(-1);
    v.forEach((d, i) => {
      if (!(d >= 0 && d < n)) throw new InvalidArgumentError(`${d} is not between 0 and ${n}`);
      if (out[d] !== -1) throw new InvalidArgumentError(`${d} is duplicated in the input.`);
      out[d] = i;
    });
    const res = NDArray.zeros(x.dtype, [n]);
    out.forEach((d, i) => { if (x.dtype === 'int64') (res.data as BigInt64Array)[i] = BigInt(d); else (res.data as Int32Array)[i] = d; });
    return res;
  },
  noGradient: true,
});

/**
 * Permutes the dimensions of `a` (tf.transpose): output dimension i is input dimension
 * perm[i]; without perm the dimensions are reversed. `conjugate` is accepted and ignored.
 *
 * ```ts
 * tf.transpose(tf.constant([[1, 2, 3], [4, 5, 6]]));   // [[1, 4], [2, 5], [3, 6]]
 * ```
 */
export function transpose(a: TensorLike, perm?: TensorLike | null | TransposeOptions, opts: TransposeOptions = {}): Tensor {
  if (isOptions(perm)) { opts = perm as TransposeOptions; perm = opts.perm; }
  return withScope(opts.name, 'transpose', [a], (scope, g) => {
    const x = convertToTensor(a, { name: 'a' });
    let p: Tensor;
    if (perm !== undefined && perm !== null) p = convertToTensor(perm as TensorLike, { name: 'perm', dtypeHint: 'int32' });
    else if (x.shape.rank !== null) p = constant(Array.from({ length: x.shape.rank }, (_, i) => x.shape.rank! - 1 - i), { dtype: 'int32', name: 'perm' });
    else p = reverseRange(x);
    return refined(g.addOp(Transpose, [x, p], { Tperm: p.dtype }, { name: scope }));
  });
}

/** range(rank(x) - 1, -1, -1) built as TF's transpose builds it for unknown ranks. */
function reverseRange(x: Tensor): Tensor {
  const g = x.graph;
  const r = g.addOp(Rank, [x], {}, { name: 'Rank' }).outputs[0];
  const start = opSub(r, 1);
  return withScope(undefined, 'Range', [start], scope => {
    const limit = constant(-1, { dtype: 'int32', name: 'limit' });
    const delta = constant(-1, { dtype: 'int32', name: 'delta' });
    return g.addOp(Range, [start, limit, delta], { Tidx: 'int32' }, { name: scope }).outputs[0];
  });
}

/**
 * The inverse of a permutation vector (tf.invert_permutation): y[x[i]] = i.
 *
 * ```ts
 * tf.invertPermutation([3, 4, 0, 2, 1]);   // [2, 4, 3, 0, 1]
 * ```
 */
export function invertPermutation(x: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'InvertPermutation', [x], (scope, g) => {
    const t = convertToTensor(x, { name: 'x', dtypeHint: 'int32' });
    return g.addOp(InvertPermutation, [t], {}, { name: scope }).outputs[0];
  });
}

import { Rank } from './shape.js';
import { Range } from './fill.js';
import { opSub } from './operators.js';
import { refined } from './fold.js';
