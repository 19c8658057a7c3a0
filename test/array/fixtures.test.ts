// The array ops against real TensorFlow: node names, static shapes, values, gradient rules
// and error messages from test/fixtures/array_ops.json (tools/gen_array_fixtures.py). Each
// case below rebuilds the fixture's Python graph with the TypeScript builders.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '../../src/index.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Value { dtype: tf.DType; shape: number[]; values: Json[]; static_shape?: (number | null)[] | null }
interface Fixture {
  naming: Record<string, { ops: [string, string, string[]][]; outputs: [string, string, (number | null)[] | null][] }>;
  values: Record<string, Value[]>;
  grads: Record<string, Value[]>;
  errors: Record<string, { class: string; phase: 'build' | 'run'; message: string }>;
}
const fx = JSON.parse(readFileSync(new URL('../../../test/fixtures/array_ops.json', import.meta.url), 'utf8')) as Fixture;

type Out = tf.Tensor | tf.Tensor[];
const P = (shape: (number | null)[] | null, dtype: tf.DType = 'float32', name = 'x') => tf.placeholder(dtype, shape ?? undefined, name);
const c = (v: unknown, dtype?: tf.DType) => tf.constant(v as never, dtype);
const arange = (n: number) => Array.from({ length: n }, (_, i) => i);
const nest = (flat: number[], shape: number[]): unknown => {
  if (shape.length <= 1) return flat.slice(0, shape[0] ?? 1);
  const block = shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0] }, (_, i) => nest(flat.slice(i * block, (i + 1) * block), shape.slice(1)));
};
const A = () => c(nest(arange(24), [2, 3, 4]));
const AF = () => c(nest(arange(24), [2, 3, 4]), 'float32');
const V = () => c(arange(10));
const M = () => c([[1, 2, 3], [4, 5, 6]], 'float32');
const S3 = () => c([[1, 2], [3, 4], [5, 6]], 'float32');
const pwd = (v: unknown, shape: (number | null)[]) => tf.placeholderWithDefault(v as never, shape);
const kv = (r: { values: tf.Tensor; indices: tf.Tensor }) => [r.values, r.indices];

const naming: Record<string, () => Out> = {
  transpose_default: () => tf.transpose(P([2, 3, 4])),
  transpose_unknown_rank: () => tf.transpose(P(null)),
  transpose_perm: () => tf.transpose(P([2, 3, 4]), [0, 2, 1]),
  concat: () => tf.concat([P([2, 3]), P([2, 3], 'float32', 'y')], 1),
  concat_one: () => tf.concat([P([2, 3])], 1),
  concat_list_values: () => tf.concat([P([2], 'int32'), [7, 8]], 0),
  stack_axis1: () => tf.stack([P([2]), P([2], 'float32', 'y')], 1),
  stack_consts: () => tf.stack([[1, 2], [3, 4]]),
  stack_mixed: () => tf.stack([P([], 'int32', 'k'), 2]),
  unstack: () => tf.unstack(P([2, 3]), { axis: 1 }),
  split_int: () => tf.split(P([4, 6]), 2, 1),
  split_list: () => tf.split(P([4, 6]), [1, -1, 2], 1),
  slice: () => tf.slice(P([3, 4]), [1, 0], [-1, 2]),
  strided_slice_fn: () => tf.stridedSlice(P([3, 4]), [0, 1], [2, 3]),
  strided_slice_strides: () => tf.stridedSlice(P([3, 4]), [0, 1], [2, 3], [1, 1], { beginMask: 1 }),
  getitem_basic: () => tf.index(P([3, 4]), 0, ':'),
  getitem_complex: () => tf.index(P([2, 3, 4]), '...', tf.newaxis, '::-1'),
  getitem_tensor: () => tf.index(P([3, 4]), P([], 'int32', 'k')),
  getitem_tensor_slice: () => tf.index(P([5]), { start: 1, stop: P([], 'int32', 'k') }),
  getitem_int64: () => tf.index(P([5]), P([], 'int64', 'k')),
  getitem_empty: () => tf.index(P([5])),
  getitem_bool: () => tf.index(P([3]), P([3], 'bool', 'm')),
  zeros_small: () => tf.zeros([2, 3]),
  zeros_big: () => tf.zeros([100, 100]),
  zeros_tensor_shape: () => tf.zeros(P([2], 'int32', 's')),
  ones_int: () => tf.ones([2], 'int32'),
  zeros_like_known: () => tf.zerosLike(P([2, 3])),
  zeros_like_big: () => tf.zerosLike(P([100, 100])),
  zeros_like_unknown: () => tf.zerosLike(P([null, 3])),
  zeros_like_dtype_unknown: () => tf.zerosLike(P([null, 3]), 'int32'),
  zeros_like_list: () => tf.zerosLike([1, 2]),
  ones_like_known: () => tf.onesLike(P([2, 3])),
  ones_like_unknown: () => tf.onesLike(P(null)),
  shape_known: () => [tf.shape(P([2, 3])), tf.size(P([2, 3], 'float32', 'y')), tf.rank(P([2, 3], 'float32', 'z'))],
  shape_unknown: () => [tf.shape(P([null])), tf.size(P([null], 'float32', 'y')), tf.rank(P(null, 'float32', 'z'))],
  linspace: () => tf.linspace(0.0, 1.5, 5),
  linspace_int: () => tf.linspace(0, 10, 5),
  gather_axis: () => tf.gather(P([2, 3, 4]), P([5], 'int32', 'i'), { axis: 1 }),
  gather_list: () => tf.gather(P([3]), [1, 0]),
  gather_nd: () => tf.gatherNd(P([2, 3]), [[1, 0]]),
  scatter_nd: () => tf.scatterNd([[0], [1]], new Float32Array([1, 2]), [4]),
  tile: () => tf.tile(P([2, 3]), [1, 2]),
  pad: () => tf.pad(P([2, 3]), [[1, 1], [0, 0]]),
  pad_v2: () => tf.pad(P([2, 3]), [[1, 1], [0, 0]], { constantValues: 3 }),
  pad_reflect: () => tf.pad(P([2, 3]), [[1, 1], [0, 0]], 'REFLECT'),
  pad_symmetric: () => tf.pad(P([2, 3]), [[1, 1], [0, 0]], { mode: 'symmetric' }),
  reverse: () => tf.reverse(P([2, 3]), [1]),
  boolean_mask: () => tf.booleanMask(P([2, 3, 4]), P([2, 3], 'bool', 'm')),
  boolean_mask_unknown: () => tf.booleanMask(P(null), P([2], 'bool', 'm')),
  boolean_mask_axis: () => tf.booleanMask(P([2, 3, 4]), P([3], 'bool', 'm'), { axis: 1 }),
  one_hot: () => tf.oneHot(P([5], 'int32', 'i'), 3),
  one_hot_values: () => tf.oneHot(P([5], 'int32', 'i'), 3, { onValue: 5, offValue: -1, axis: 0 }),
  sequence_mask: () => tf.sequenceMask([1, 2], 4),
  sequence_mask_nomax: () => tf.sequenceMask(P([5], 'int32', 'i')),
  sequence_mask_dtype: () => tf.sequenceMask(P([5], 'int32', 'i'), 4, { dtype: 'float32' }),
  segment_sum: () => tf.segmentSum(P([2, 3]), [0, 0]),
  segment_mean: () => tf.segmentMean(P([2, 3]), [0, 0]),
  unsorted_segment_sum: () => tf.unsortedSegmentSum(P([2, 3]), [0, 0], 3),
  top_k: () => kv(tf.topK(P([5], 'int32', 'i'), 2)),
  unique: () => { const r = tf.unique(P([5], 'int32', 'i')); return [r.y, r.idx]; },
  invert_permutation: () => tf.invertPermutation(P([5], 'int32', 'i')),
  where_v1: () => tf.where(P([2], 'bool', 'c'), P([2]), P([2], 'float32', 'y')),
  where_v2: () => tf.whereV2(P([2], 'bool', 'c'), P([2]), 0),
  fill: () => tf.fill([2, 3], 9),
  expand_dims: () => tf.expandDims(P([2]), -1),
  reshape_packed: () => tf.reshape(P([6]), [P([], 'int32', 'k'), -1]),
  named: () => tf.transpose(tf.concat([P([2, 3]), P([2, 3], 'float32', 'y')], 0, { name: 'cc' }), null, { name: 'tt' }),
  unknown_dims: () => [
    tf.concat([P([null, 3]), P([2, null], 'float32', 'y')], 0),
    tf.transpose(P([null, 3, null]), [2, 0, 1]),
    tf.gather(P([null, 5]), P([null, 2], 'int32', 'i'), { axis: 1 }),
    tf.pad(P([null, 3]), [[1, 2], [0, 1]]),
    tf.tile(P([null, 3]), [2, 2]),
    tf.index(P([null, null, 4]), '1:', '::2', 2),
  ],
};

const values: Record<string, () => Out> = {
  ss_neg_strides: () => tf.index(A(), '::-1', '1:', '::-2'),
  ss_shrink_ellipsis: () => tf.index(A(), -1, '...', 1),
  ss_newaxis_neg: () => tf.index(A(), '...', null, '-2:0:-1'),
  ss_mixed: () => tf.index(A(), ':', null, 2, '::3'),
  ss_1d_neg: () => tf.index(V(), '8:1:-3'),
  ss_clamp: () => tf.index(V(), '-100:100:4'),
  ss_empty: () => tf.index(V(), '3:1'),
  ss_neg_both: () => tf.index(A(), '::-3', '-1:-4:-1'),
  ss_masks_fn: () => tf.stridedSlice(A(), [1, 0, 3], [0, 0, 0], [1, 1, -1], { beginMask: 2, endMask: 6, shrinkAxisMask: 1 }),
  ss_ellipsis_mid: () => tf.index(A(), 1, '...', '::2'),
  ss_newaxis_first: () => tf.index(V(), null, '2:5'),
  ss_fn_newaxis_ellipsis: () => tf.stridedSlice(A(), [0, 0, 1], [0, 0, 3], [1, 1, 1], { ellipsisMask: 2, newAxisMask: 1 }),
  gather_axis1: () => tf.gather(A(), [[2, 0], [1, 1]], { axis: 1 }),
  gather_neg_axis: () => tf.gather(A(), [3, 0], { axis: -1 }),
  gather_batch: () => tf.gather(A(), [[0, 2], [1, 1]], { axis: 1, batchDims: 1 }),
  gather_batch_axis2: () => tf.gather(A(), [[0, 3, 1], [2, 2, 0]], { axis: 2, batchDims: 1 }),
  gather_nd_slices: () => tf.gatherNd(A(), [[1], [0]]),
  gather_nd_elems: () => tf.gatherNd(A(), [[[1, 2, 3]], [[0, 0, 1]]]),
  gather_string: () => tf.gather(['a', 'b', 'c'], [2, 0, 2]),
  pad_constant: () => tf.pad(M(), [[1, 0], [2, 1]]),
  pad_value: () => tf.pad(M(), [[0, 1], [1, 1]], { constantValues: -1.5 }),
  pad_reflect: () => tf.pad(M(), [[1, 1], [2, 2]], 'REFLECT'),
  pad_symmetric: () => tf.pad(M(), [[1, 1], [3, 3]], 'SYMMETRIC'),
  pad_reflect_3d: () => tf.pad(A(), [[1, 0], [2, 1], [0, 3]], 'REFLECT'),
  pad_string: () => tf.pad([['a', 'b']], [[1, 0], [0, 1]], { constantValues: 'z' }),
  split_neg1: () => tf.split(A(), [1, -1, 1], 2),
  split_neg1_1d: () => tf.split(V(), [3, -1]),
  split_even: () => tf.split(A(), 3, 1),
  split_neg_axis: () => tf.split(A(), 2, -1),
  tile: () => tf.tile(M(), [2, 3]),
  tile_zero: () => tf.tile(M(), [0, 2]),
  reverse_multi: () => tf.reverse(A(), [0, -1]),
  transpose_3d: () => tf.transpose(A(), [1, 2, 0]),
  concat_neg: () => tf.concat([A(), A()], -1),
  stack_neg: () => tf.stack([M(), M()], -1),
  unstack_axis: () => tf.unstack(A(), { axis: 2 }),
  one_hot_axis0: () => tf.oneHot([[0, 2], [1, 5]], 3, { axis: 0 }),
  one_hot_values: () => tf.oneHot([1, -1, 2], 3, { onValue: 7, offValue: 2 }),
  seg_mean: () => tf.segmentMean(S3(), [0, 0, 2]),
  seg_max: () => tf.segmentMax(S3(), [0, 0, 2]),
  seg_min: () => tf.segmentMin(S3(), [0, 2, 2]),
  seg_prod: () => tf.segmentProd(S3(), [1, 1, 1]),
  seg_sum_int: () => tf.segmentSum(A(), [0, 1]),
  unsorted_2d: () => tf.unsortedSegmentSum(A(), [[0, 1, -1], [1, 1, 3]], 4),
  top_k_2d: () => kv(tf.topK([[1, 3, 3, 2], [5, 5, 5, 1]], 3)),
  unique_float: () => { const r = tf.unique(new Float32Array([2.5, 1, 2.5, -0, 0])); return [r.y, r.idx]; },
  invert_perm: () => tf.invertPermutation([2, 0, 3, 1]),
  scatter_nd_dup: () => tf.scatterNd([[1], [3], [1]], [[1, 2], [3, 4], [5, 6]], [4, 2]),
  boolean_mask_axis: () => tf.booleanMask(A(), [true, false, true], { axis: 1 }),
  boolean_mask_2d: () => tf.booleanMask(A(), [[true, false, true], [false, false, true]]),
  sequence_mask_2d: () => tf.sequenceMask([[1, 2], [3, 0]], 3),
  linspace_tensor: () => tf.linspace(c([0, 1], 'float32'), c([1, 3], 'float32'), 3),
  linspace_axis: () => tf.linspace(c([0, 1], 'float32'), c([1, 3], 'float32'), 3, { axis: 1 }),
  complex_transpose: () => tf.transpose(c([[{ re: 1, im: 2 }, { re: 3, im: -1 }]], 'complex64')),
  int64_gather: () => tf.gather(c([10, 20, 30], 'int64'), [2, 1]),
  bool_reverse: () => tf.reverse([[true, false]], [1]),
};

/** Each case: one op y = f(xs); the gradient rule of y's op gives d(sum(dy * y))/dx. */
const grads: Record<string, () => { ys: tf.Tensor[]; xs: tf.Tensor[] }> = {
  ss: () => { const x = AF(); return { ys: [tf.index(x, '::-1', '1:', '::2')], xs: [x] }; },
  ss_shrink_newaxis: () => { const x = AF(); return { ys: [tf.index(x, 1, null, '...', -1)], xs: [x] }; },
  gather_axis1: () => { const x = AF(); return { ys: [tf.gather(x, [[2, 0], [1, 1]], { axis: 1 })], xs: [x] }; },
  gather_axis0: () => { const x = AF(); return { ys: [tf.gather(x, [1, 1, 0])], xs: [x] }; },
  gather_batch: () => { const x = AF(); return { ys: [tf.gather(x, [[0, 2], [1, 1]], { axis: 1, batchDims: 1 })], xs: [x] }; },
  pad: () => { const x = AF(); return { ys: [tf.pad(x, [[1, 0], [0, 1], [2, 2]])], xs: [x] }; },
  pad_v2: () => { const x = AF(); return { ys: [tf.pad(x, [[1, 0], [0, 1], [2, 2]], { constantValues: 2 })], xs: [x] }; },
  mirror_reflect: () => { const x = M(); return { ys: [tf.pad(x, [[1, 1], [2, 2]], 'REFLECT')], xs: [x] }; },
  mirror_symmetric: () => { const x = M(); return { ys: [tf.pad(x, [[1, 1], [3, 2]], 'SYMMETRIC')], xs: [x] }; },
  tile: () => { const x = M(); return { ys: [tf.tile(x, [2, 3])], xs: [x] }; },
  concat: () => {
    const x = AF(), y = c(nest([0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 16, 17, 18, 19], [2, 2, 4]), 'float32');
    return { ys: [tf.concat([x, y], 1)], xs: [x, y] };
  },
  split: () => { const x = AF(); return { ys: tf.split(x, [1, -1], 2), xs: [x] }; },
  split_even: () => { const x = AF(); return { ys: tf.split(x, 2, 0), xs: [x] }; },
  slice: () => { const x = AF(); return { ys: [tf.slice(x, [1, 0, 1], [1, -1, 2])], xs: [x] }; },
  transpose: () => { const x = AF(); return { ys: [tf.transpose(x, [2, 0, 1])], xs: [x] }; },
  reverse: () => { const x = AF(); return { ys: [tf.reverse(x, [1])], xs: [x] }; },
  stack: () => { const x = M(), y = c([[2, 4, 6], [8, 10, 12]], 'float32'); return { ys: [tf.stack([x, y], 1)], xs: [x, y] }; },
  unstack: () => { const x = AF(); return { ys: tf.unstack(x, { axis: 1 }), xs: [x] }; },
  seg_sum: () => { const x = S3(); return { ys: [tf.segmentSum(x, [0, 0, 2])], xs: [x] }; },
  seg_mean: () => { const x = S3(); return { ys: [tf.segmentMean(x, [0, 0, 2])], xs: [x] }; },
  seg_max: () => { const x = c([[1, 5], [3, 5], [3, 2]], 'float32'); return { ys: [tf.segmentMax(x, [0, 0, 0])], xs: [x] }; },
  seg_prod: () => { const x = c([[0, 2], [3, 4], [5, 0]], 'float32'); return { ys: [tf.segmentProd(x, [0, 0, 1])], xs: [x] }; },
  unsorted: () => { const x = S3(); return { ys: [tf.unsortedSegmentSum(x, [1, -1, 1], 3)], xs: [x] }; },
  top_k: () => { const x = c([[1, 4, 3], [9, 8, 9]], 'float32'); return { ys: [tf.topK(x, 2).values], xs: [x] }; },
  gather_nd: () => { const x = AF(); return { ys: [tf.gatherNd(x, [[1, 2], [0, 0], [1, 2]])], xs: [x] }; },
  scatter_nd: () => { const u = S3(); return { ys: [tf.scatterNd([[1], [3], [1]], u, [4, 2])], xs: [u] }; },
};

const errors: Record<string, () => Out> = {
  transpose_perm_size: () => tf.transpose(c([[1, 2]]), [0]),
  transpose_perm_range: () => tf.transpose(c([[1, 2]]), [0, 2]),
  transpose_dup: () => tf.transpose(c([[1, 2]]), [0, 0]),
  transpose_dup_neg: () => tf.transpose(pwd(c([[1, 2]]), [null, null]), pwd([-1, -1], [2])),
  concat_rank: () => tf.concat([c([[1]]), c([1])], 0),
  concat_dims: () => tf.concat([c([[1]]), c([[1, 2]])], 0),
  concat_axis: () => tf.concat([c([[1]]), c([[1, 2]])], 2),
  concat_scalars: () => tf.concat([c(1), c(2)], 0),
  concat_dtypes: () => tf.concat([c([[1]]), c([[1.5]])], 0),
  stack_axis: () => tf.stack([c([1]), c([2])], 3),
  unstack_axis: () => tf.unstack(c([1, 2]), { axis: 1 }),
  unstack_num: () => tf.unstack(P(null)),
  split_uneven: () => tf.split(c([1, 2, 3]), 2),
  split_sizes: () => tf.split(c([1, 2, 3]), [1, 1]),
  split_two_neg: () => tf.split(c([1, 2, 3]), [1, -1, -1]),
  split_too_big: () => tf.split(c([1, 2, 3]), [4, -1]),
  split_axis: () => tf.split(c([1, 2, 3]), 3, 1),
  slice_rank: () => tf.slice(c([1, 2, 3]), [1, 0], [1, 1]),
  slice_begin: () => tf.slice(pwd(c([1, 2, 3]), [null]), [-1], [1]),
  slice_size: () => tf.slice(pwd(c([1, 2, 3]), [null]), [1], [3]),
  ss_index: () => tf.index(c([1, 2, 3]), 5),
  ss_neg_index: () => tf.index(c([1, 2, 3]), -4),
  ss_too_many: () => tf.index(c([1, 2, 3]), 0, 0),
  ss_stride0: () => tf.index(c([1, 2, 3]), '::0'),
  ss_run_index: () => tf.index(pwd(c([1, 2, 3]), [null]), 5),
  gather_index: () => tf.gather(c([1, 2, 3]), [5]),
  gather_axis: () => tf.gather(c([1, 2, 3]), [1], { axis: 1 }),
  gather_nd_index: () => tf.gatherNd(c([1, 2, 3]), [[5]]),
  gather_nd_depth: () => tf.gatherNd(c([1, 2, 3]), [[1, 1]]),
  tile_rank: () => tf.tile(c([1, 2, 3]), [1, 2]),
  pad_rank: () => tf.pad(c([1, 2, 3]), [[1, 1], [1, 1]]),
  pad_negative: () => tf.pad(c([1, 2, 3]), [[-1, 1]]),
  pad_reflect_big: () => tf.pad(c([1, 2, 3]), [[3, 1]], 'REFLECT'),
  pad_symmetric_big: () => tf.pad(c([1, 2, 3]), [[4, 1]], 'SYMMETRIC'),
  pad_mode: () => tf.pad(c([1, 2, 3]), [[1, 1]], 'WRAP'),
  reverse_axis: () => tf.reverse(c([1, 2, 3]), [1]),
  reverse_dup: () => tf.reverse(c([1, 2, 3]), [0, 0]),
  one_hot_indices: () => tf.oneHot(c([1.5]), 3),
  segment_size: () => tf.segmentSum(c([1, 2, 3]), [0, 0]),
  segment_order: () => tf.segmentSum(c([1, 2, 3]), [1, 0, 0]),
  unsorted_range: () => tf.unsortedSegmentSum(c([1, 2, 3]), [0, 5, 0], 2),
  top_k_k: () => kv(tf.topK(c([1, 2, 3]), 4)),
  invert_dup: () => tf.invertPermutation(c([0, 0, 1])),
  invert_range: () => tf.invertPermutation(c([0, 3, 1])),
  scatter_nd_index: () => tf.scatterNd([[5]], new Float32Array([1]), [4]),
  boolean_mask_shape: () => tf.booleanMask(c([1, 2, 3]), [true, false]),
  boolean_mask_scalar: () => tf.booleanMask(c([1, 2, 3]), true),
  reshape_bad: () => tf.reshape(c([1, 2, 3]), [2, -1]),
  fill_negative: () => tf.fill([-1], 1),
};

// ---- helpers -------------------------------------------------------------------------------

const list = (o: Out): tf.Tensor[] => (Array.isArray(o) ? o : [o]);
const inputName = (t: tf.Tensor) => (t.valueIndex ? `${t.op.name}:${t.valueIndex}` : t.op.name);

function decode(x: Json, dtype: tf.DType): unknown {
  if (dtype === 'complex64') return { re: (x as number[])[0], im: (x as number[])[1] };
  if (x === 'nan') return NaN;
  if (x === 'inf') return Infinity;
  if (x === '-inf') return -Infinity;
  if (x === '-0') return -0;
  return x;
}

function checkValue(got: tf.NDArray, want: Value, what: string): void {
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assert.deepEqual([...got.shape], want.shape, `${what}: shape`);
  const flat = got.toFlat();
  want.values.forEach((w, i) => {
    const e = decode(w, want.dtype), a = flat[i];
    if (want.dtype === 'complex64') {
      const [ac, ec] = [a as tf.Complex, e as tf.Complex];
      assert.ok(Math.abs(ac.re - ec.re) < 1e-6 && Math.abs(ac.im - ec.im) < 1e-6, `${what}[${i}]: ${JSON.stringify(ac)} vs ${JSON.stringify(ec)}`);
    } else if (typeof e === 'number' && typeof a === 'number') {
      if (Number.isNaN(e)) assert.ok(Number.isNaN(a), `${what}[${i}]: ${a} vs NaN`);
      else {
        assert.ok(Math.abs(a - e) <= 1e-6 * Math.max(1, Math.abs(e)), `${what}[${i}]: ${a} vs ${e}`);
        if (Object.is(e, -0)) assert.ok(Object.is(a, -0), `${what}[${i}]: want -0`);
      }
    } else assert.equal(typeof a === 'bigint' ? Number(a) : a, e, `${what}[${i}]`);
  });
}

const dims = (t: tf.Tensor) => (t.shape.dims ? [...t.shape.dims] : null);

// ---- tests ---------------------------------------------------------------------------------

test('fixture cases all have a builder here', () => {
  for (const [section, table] of [['naming', naming], ['values', values], ['grads', grads], ['errors', errors]] as const) {
    assert.deepEqual(Object.keys(fx[section]).sort(), Object.keys(table).sort(), section);
  }
});

for (const [name, build] of Object.entries(naming)) {
  test(`naming: ${name}`, () => tf.withGraph(() => {
    const outs = list(build());
    const g = tf.getDefaultGraph();
    const ops = g.getOperations().map(o => [o.name, o.type, [...o.inputs.map(inputName), ...o.controlInputs.map(c => `^${c.name}`)]]);
    assert.deepEqual(ops, fx.naming[name].ops);
    assert.deepEqual(outs.map(t => [t.name, t.dtype, dims(t)]), fx.naming[name].outputs);
  }));
}

for (const [name, build] of Object.entries(values)) {
  test(`values: ${name}`, () => tf.withGraph(() => {
    const outs = list(build());
    const got = new tf.Session().run(outs);
    fx.values[name].forEach((want, i) => {
      checkValue(got[i], want, `${name}[${i}]`);
      assert.deepEqual(dims(outs[i]), want.static_shape, `${name}[${i}]: static shape`);
    });
  }));
}

for (const [name, build] of Object.entries(grads)) {
  test(`gradient rule: ${name}`, () => tf.withGraph(() => {
    const { ys, xs } = build();
    const sess = new tf.Session();
    const fwd = sess.run(ys);
    const op = ys[0].op;
    const dys: (tf.Tensor | null)[] = op.outputs.map(() => null);
    ys.forEach((y, i) => {
      const n = fwd[i].size;
      dys[y.valueIndex] = tf.reshape(tf.constant(new Float32Array(Array.from({ length: n }, (_, k) => k + 1))), [...fwd[i].shape]);
    });
    const g = tf.getOpDef(op.type)!.grad!(op, dys);
    const wanted = xs.map(x => g[op.inputs.indexOf(x)]!);
    sess.run(wanted).forEach((v, i) => checkValue(v, fx.grads[name][i], `${name} d/dx${i}`));
  }));
}

for (const [name, build] of Object.entries(errors)) {
  test(`error: ${name}`, () => tf.withGraph(() => {
    const want = fx.errors[name];
    let err: unknown = null;
    try {
      const outs = list(build());
      if (want.phase === 'build') assert.fail(`expected a ${want.class} while building`);
      new tf.Session().run(outs);
    } catch (e) { err = e; }
    assert.ok(err instanceof Error, `expected ${want.class}`);
    if (want.phase === 'build') {
      assert.equal(err.name === 'ShapeError' ? 'ValueError' : err.name, want.class, err.message);
      assert.equal(err.message.split('\n')[0].split(" for '")[0], want.message);
    } else {
      assert.ok(err instanceof tf.InvalidArgumentError, `${err.name}: ${err.message}`);
      assert.equal((err as tf.OpError).rawMessage, want.message);
    }
  }));
}
