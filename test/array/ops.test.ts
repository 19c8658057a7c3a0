// Hand cases for the array ops: every dtype moves through the element movers, static shape
// inference with unknown dimensions, keyword-style options, the index helper's argument
// checking, and gradient rules that the fixture cases do not reach.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { stridedSliceGrad } from '../../src/ops/array/slice.js';

const run = (t: tf.Tensor | tf.Tensor[], feeds?: [tf.Tensor, unknown][]) => new tf.Session().run(t as tf.Tensor, feeds as never);
const arr = (t: tf.Tensor, feeds?: [tf.Tensor, unknown][]) => (run(t, feeds) as tf.NDArray).toArray();
const dims = (t: tf.Tensor) => (t.shape.dims ? [...t.shape.dims] : null);
const P = (shape: (number | null)[] | null, dtype: tf.DType = 'float32', name?: string) => tf.placeholder(dtype, shape ?? undefined, name);

test('int64 values stay bigint through the element movers', () => tf.withGraph(() => {
  const x = tf.constant([[1n, 2n, 3n], [4n, 5n, 2n ** 62n]], 'int64');
  assert.deepEqual(arr(tf.transpose(x)), [[1n, 4n], [2n, 5n], [3n, 2n ** 62n]]);
  assert.equal((arr(tf.concat([x, x], 0)) as unknown[]).length, 4);
  assert.deepEqual(arr(tf.gather(x, [1], { axis: 0 })), [[4n, 5n, 2n ** 62n]]);
  assert.deepEqual(arr(tf.pad(x, [[0, 0], [1, 0]])), [[0n, 1n, 2n, 3n], [0n, 4n, 5n, 2n ** 62n]]);
  assert.deepEqual(arr(tf.pad(x, [[0, 0], [1, 0]], { constantValues: 7 })), [[7n, 1n, 2n, 3n], [7n, 4n, 5n, 2n ** 62n]]);
  assert.deepEqual(arr(tf.index(x, ':', '::-1')), [[3n, 2n, 1n], [2n ** 62n, 5n, 4n]]);
  assert.deepEqual(arr(tf.tile(tf.index(x, 0), [2])), [1n, 2n, 3n, 1n, 2n, 3n]);
  assert.deepEqual(arr(tf.segmentSum(x, [0, 0])), [[5n, 7n, 3n + 2n ** 62n]]);
  assert.deepEqual(arr(tf.unique(tf.constant([5n, 5n, 1n], 'int64')).y), [5n, 1n]);
  const { values, indices } = tf.topK(tf.constant([3n, 9n, 1n], 'int64'), 2);
  assert.deepEqual(arr(values), [9n, 3n]);
  assert.deepEqual(arr(indices), [1, 0]);
  assert.deepEqual(arr(tf.oneHot([1], 2, { dtype: 'int64' })), [[0n, 1n]]);
}));

test('bool, string and complex64 values move like numbers', () => tf.withGraph(() => {
  const b = tf.constant([[true, false], [false, false]]);
  assert.deepEqual(arr(tf.stack(tf.unstack(b), 1)), [[true, false], [false, false]]);
  assert.deepEqual(arr(tf.reverse(b, [0])), [[false, false], [true, false]]);
  const s = tf.constant([['a', 'b'], ['c', 'd']]);
  assert.deepEqual(arr(tf.concat([s, s], 1)), [['a', 'b', 'a', 'b'], ['c', 'd', 'c', 'd']]);
  assert.deepEqual(arr(tf.tile(s, [1, 2])), [['a', 'b', 'a', 'b'], ['c', 'd', 'c', 'd']]);
  assert.deepEqual(arr(tf.index(s, '...', -1)), ['b', 'd']);
  assert.deepEqual(arr(tf.booleanMask(s, b)), ['a']);
  assert.deepEqual(arr(tf.split(tf.constant(['x', 'y', 'z']), [2, -1])[1]), ['z']);
  const z = tf.constant([{ re: 1, im: 2 }, { re: 3, im: 4 }], 'complex64');
  assert.deepEqual(arr(tf.reverse(z, [0])), [{ re: 3, im: 4 }, { re: 1, im: 2 }]);
  assert.deepEqual(arr(tf.pad(z, [[1, 0]])), [{ re: 0, im: 0 }, { re: 1, im: 2 }, { re: 3, im: 4 }]);
  assert.deepEqual(arr(tf.gather(z, [1, 1])), [{ re: 3, im: 4 }, { re: 3, im: 4 }]);
  assert.deepEqual(arr(tf.pad(z, [[1, 1]], 'SYMMETRIC')), [{ re: 1, im: 2 }, { re: 1, im: 2 }, { re: 3, im: 4 }, { re: 3, im: 4 }]);
  assert.deepEqual(arr(tf.segmentProd(tf.constant([{ re: 0, im: 1 }, { re: 0, im: 1 }], 'complex64'), [0, 0])), [{ re: -1, im: 0 }]);
  assert.deepEqual(arr(tf.oneHot([0], 2, { onValue: tf.constant({ re: 0, im: 1 }, 'complex64'), offValue: tf.constant({ re: 0, im: 0 }, 'complex64') })), [[{ re: 0, im: 1 }, { re: 0, im: 0 }]]);
}));

test('integer reductions wrap as TF does', () => tf.withGraph(() => {
  assert.deepEqual(arr(tf.segmentProd(tf.constant([65536, 65536, 3]), [0, 0, 1])), [0, 3]);
  assert.deepEqual(arr(tf.segmentSum(tf.constant([2 ** 31 - 1, 1], 'int32'), [0, 0])), [-(2 ** 31)]);
  assert.deepEqual(arr(tf.segmentMean(tf.constant([1, 2]), [0, 0])), [1]);
  assert.deepEqual(arr(tf.segmentMax(tf.constant([1, 2, 3]), [0, 0, 2])), [2, 0, 3]);
}));

test('static shapes with unknown dimensions', () => tf.withGraph(() => {
  const x = P([null, 3, null]);
  const k = P([], 'int32', 'k');
  assert.deepEqual(dims(tf.concat([x, x], k)), [null, null, null]);
  assert.deepEqual(dims(tf.concat([x, x], 1)), [null, 6, null]);
  assert.deepEqual(dims(tf.concat([P(null), x], 1)), [null, null, null]);
  assert.deepEqual(dims(tf.transpose(x, P([3], 'int32'))), [null, null, null]);
  assert.deepEqual(dims(tf.transpose(P([4, 4]), P([2], 'int32'))), [4, 4]);
  assert.deepEqual(dims(tf.stridedSlice(x, [0], [1], P([1], 'int32'))), null);
  assert.deepEqual(dims(tf.index(x, k)), [3, null]);
  assert.deepEqual(dims(tf.index(x, '...', { start: 1, stop: k })), [null, 3, null]);
  assert.deepEqual(dims(tf.slice(x, [0, 1, 0], [-1, 2, k])), [null, 2, null]);
  assert.deepEqual(dims(tf.split(x, 3, 1)[0]), [null, 1, null]);
  assert.deepEqual(dims(tf.split(x, 2, k)[1]), [null, null, null]);
  assert.deepEqual(dims(tf.split(x, [1, -1], 1)[1]), [null, 2, null]);
  assert.deepEqual(dims(tf.gather(x, P([2, 2], 'int32'), { axis: k })), [null, null, null, null]);
  assert.deepEqual(dims(tf.oneHot(P([null], 'int32'), k)), [null, null]);
  assert.deepEqual(dims(tf.tile(x, P([3], 'int32'))), [null, null, null]);
  assert.deepEqual(dims(tf.tile(x, tf.stack([k, 2, 1]))), [null, 6, null]);
  assert.deepEqual(dims(tf.pad(x, P([3, 2], 'int32'))), [null, null, null]);
  assert.deepEqual(dims(tf.pad(x, [[1, 1], [k, 0], [0, 0]])), [null, null, null]);
  assert.deepEqual(dims(tf.reshape(x, [k, 3])), [null, 3]);
  assert.deepEqual(dims(tf.reshape(x, tf.concat([tf.shape(x, { optimize: false }), [1]], 0))), [null, 3, null, 1]);
  assert.deepEqual(dims(tf.zeros(tf.stack([k, 2]))), [null, 2]);
  assert.deepEqual(dims(tf.topK(x, 2).indices), [null, 3, 2]);
  assert.deepEqual(dims(tf.unsortedSegmentSum(x, P([null], 'int32'), 4)), [4, 3, null]);
  assert.deepEqual(dims(tf.booleanMask(x, P([null, 3], 'bool'))), [null, null]);
  assert.deepEqual(dims(tf.stack([x, x], -1)), [null, 3, null, 2]);
  assert.deepEqual(tf.unstack(x, { axis: 1 }).map(dims), [[null, null], [null, null], [null, null]]);
  assert.deepEqual(dims(tf.scatterNd(P([null, 1], 'int32'), P([null, 3]), [5, 3])), [5, 3]);
}));

test('keyword-style options stand in for optional positional arguments', () => tf.withGraph(() => {
  const x = tf.constant([[1, 2], [3, 4]]);
  assert.deepEqual(arr(tf.transpose(x, { perm: [1, 0] })), [[1, 3], [2, 4]]);
  assert.deepEqual(arr(tf.concat([x, x], { axis: 1 })), [[1, 2, 1, 2], [3, 4, 3, 4]]);
  assert.deepEqual(arr(tf.reverse(x, { axis: [0] })), [[3, 4], [1, 2]]);
  assert.deepEqual(arr(tf.stridedSlice(x, [1, 1], [2, 2], { beginMask: 2 })), [[3, 4]]);
  assert.deepEqual(dims(tf.expandDims(x, { axis: 0 })), [1, 2, 2]);
  assert.deepEqual(dims(tf.squeeze(tf.zeros([1, 2, 1]), { axis: [0] })), [2, 1]);
  assert.equal(tf.unstack(x, 2).length, 2);
  assert.deepEqual(arr(tf.unsortedSegmentSum(x, [1, 1], { numSegments: 2 })), [[0, 0], [4, 6]]);
  assert.deepEqual(arr(tf.linspace(0, 1, { num: 3 })), [0, 0.5, 1]);
  assert.deepEqual(arr(tf.topK([1, 3, 2], { k: 2 }).values), [3, 2]);
  assert.deepEqual(arr(tf.sequenceMask([1], { maxlen: 2 })), [[true, false]]);
  assert.deepEqual(arr(tf.split(x, 2, { axis: 1 })[1]), [[2], [4]]);
}));

test('index: spec spellings and TF\'s type errors', () => tf.withGraph(() => {
  const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(arr(tf.index(x, { start: 1 }, { step: -2 })), [[6, 4]]);
  assert.deepEqual(arr(tf.index(x, 'newaxis', '-1')), [[4, 5, 6]]);
  assert.deepEqual(arr(tf.index(x, tf.ellipsis, tf.constant(1))), [2, 5]);
  assert.deepEqual(arr(tf.index(x, { stop: tf.constant(1n, 'int64') })), [[1, 2, 3]]);
  const msg = /^Only integers, slices \(`:`\), ellipsis \(`\.\.\.`\), tf\.newaxis \(`None`\) and scalar tf\.int32\/tf\.int64 tensors are valid indices, got/;
  assert.throws(() => tf.index(x, 1.5), (e: Error) => e instanceof TypeError && msg.test(e.message));
  assert.throws(() => tf.index(x, 'a:b'), TypeError);
  assert.throws(() => tf.index(x, tf.constant([0, 1])), (e: Error) => e instanceof TypeError && msg.test(e.message));
  assert.throws(() => tf.index(x, tf.constant(0.5)), TypeError);
  assert.throws(() => tf.index(x, '...', '...'), /Multiple ellipses in slice spec not allowed/);
}));

test('shape, size and rank fold to Consts only when the static shape tells', () => tf.withGraph(() => {
  assert.equal(tf.shape(P([2, 3])).op.type, 'Const');
  assert.equal(tf.shape(P([2, 3]), { optimize: false }).op.type, 'Shape');
  assert.equal(tf.shape(P([2, 3]), { outType: 'int64' }).dtype, 'int64');
  assert.equal(tf.size(P([null, 0])).op.type, 'Const');
  assert.equal(tf.rank(P([null, null])).op.type, 'Const');
  assert.equal(tf.rank(P(null)).op.type, 'Rank');
  const [a, b] = tf.shapeN([P([null]), P([2, 3])]);
  assert.equal(a.op.type, 'ShapeN');
  assert.deepEqual(dims(b), [2]);
  assert.deepEqual(arr(tf.broadcastDynamicShape([2, 1], [3])), [2, 3]);
}));

test('run-time shapes are checked by the kernels', () => tf.withGraph(() => {
  const x = P([null, null], 'float32', 'x');
  const feed: [tf.Tensor, unknown][] = [[x, [[1, 2, 3]]]];
  assert.throws(() => run(tf.concat([x, tf.zeros([2, 2])], 0), feed), (e: Error) => e instanceof tf.InvalidArgumentError &&
    e.message.startsWith('ConcatOp : Dimension 1 in both shapes must be equal: shape[0] = [1,3] vs. shape[1] = [2,2]'));
  assert.throws(() => run(tf.split(x, 2, 1)[0], feed), /Number of ways to split should evenly divide the split dimension, but got split_dim 1 \(size = 3\) and num_split 2/);
  assert.throws(() => run(tf.stack([x, tf.zeros([2, 2])]), feed), /Shapes of all inputs must match: values\[0\]\.shape = \[1,3\] != values\[1\]\.shape = \[2,2\]/);
  assert.throws(() => run(tf.unstack(x, { num: 2 })[0], feed), /Input shape axis 0 must equal 2, got shape \[1,3\]/);
  assert.throws(() => run(tf.tile(x, P([null], 'int32', 'm')), [...feed, [tf.getDefaultGraph().getTensorByName('m:0'), [1, -1]]]), /Expected multiples\[1\] >= 0, but got -1/);
  assert.throws(() => run(tf.gather(x, [0], { axis: P([], 'int32', 'a') }), [...feed, [tf.getDefaultGraph().getTensorByName('a:0'), 2]]), /Expected axis in the range \[-2, 2\), but got 2/);
  assert.throws(() => run(tf.oneHot([0], P([], 'int32', 'd')), [[tf.getDefaultGraph().getTensorByName('d:0'), -1]]), /depth must be non-negative, got: -1/);
  assert.throws(() => run(tf.topK(x, P([], 'int32', 'k')).values, [...feed, [tf.getDefaultGraph().getTensorByName('k:0'), 4]]), /input must have at least k columns. Had 3, needed 4/);
  assert.throws(() => run(tf.unique(P(null, 'int32', 'u')).y, [[tf.getDefaultGraph().getTensorByName('u:0'), [[1]]]]), /unique expects a 1D vector\./);
}));

test('gradient rules: unconnected outputs get zeros, grads of grads are graph ops', () => tf.withGraph(() => {
  const x = tf.constant([[1, 2, 3, 4]], 'float32');
  const parts = tf.split(x, 2, 1);
  const op = parts[0].op;
  const [, dx] = tf.getOpDef('Split')!.grad!(op, [tf.constant([[10, 20]], 'float32'), null]);
  assert.deepEqual(arr(dx!), [[10, 20, 0, 0]]);
  const un = tf.unstack(x, { axis: 1 });
  const [du] = tf.getOpDef('Unpack')!.grad!(un[0].op, [null, tf.constant([5], 'float32'), null, null]);
  assert.deepEqual(arr(du!), [[0, 5, 0, 0]]);
  // MirrorPadGrad's gradient is MirrorPad again; StridedSliceGrad's is StridedSlice
  const m = tf.pad(x, [[0, 0], [1, 1]], 'REFLECT');
  const [g] = tf.getOpDef('MirrorPad')!.grad!(m.op, [tf.onesLike(m)]);
  assert.equal(g!.op.type, 'MirrorPadGrad');
  assert.deepEqual(arr(g!), [[1, 2, 2, 1]]);
  assert.equal(tf.getOpDef('MirrorPadGrad')!.grad!(g!.op, [g!])[0]!.op.type, 'MirrorPad');
  const s = tf.index(x, 0, '1:3');
  const [sg] = tf.getOpDef('StridedSlice')!.grad!(s.op, [tf.constant([7, 8], 'float32')]);
  assert.deepEqual(arr(sg!), [[0, 7, 8, 0]]);
  const [, , , , sgg] = tf.getOpDef('StridedSliceGrad')!.grad!(sg!.op, [tf.constant([[1, 2, 3, 4]], 'float32')]);
  assert.deepEqual(arr(sgg!), [2, 3]);
  // a concat of tensors with unknown shapes slices dy by ShapeN + ConcatOffset
  const a = P([null, 2], 'float32', 'a'), b = P([null, 1], 'float32', 'b');
  const cat = tf.concat([a, b], 1);
  const [ga, gb] = tf.getOpDef('ConcatV2')!.grad!(cat.op, [tf.constant([[1, 2, 3]], 'float32')]);
  assert.equal(ga!.op.inputs[2].op.type, 'ShapeN');
  const r = new tf.Session().run([ga!, gb!], [[a, [[0, 0]]], [b, [[0]]]]);
  assert.deepEqual(r.map(v => v.toArray()), [[[1, 2]], [[3]]]);
}));

test('StridedSliceGrad checks dy against the slice shape', () => tf.withGraph(() => {
  const g = stridedSliceGrad([3], [0], [2], [1], tf.constant([1, 2, 3], 'float32'));
  assert.throws(() => run(g), /shape of dy was \[3\] instead of \[2\]/);
}));

test('transpose of an unknown rank and of scalars', () => tf.withGraph(() => {
  const x = P(null, 'int32', 'x');
  const t = tf.transpose(x);
  assert.deepEqual(arr(t, [[x, [[1, 2], [3, 4]]]]), [[1, 3], [2, 4]]);
  assert.deepEqual(arr(tf.transpose(tf.constant(5))), 5);
}));

test('a PlaceholderWithDefault is never folded into static shapes', () => tf.withGraph(() => {
  const s = tf.placeholderWithDefault([2, 3] as never, [2]);
  const r = tf.reshape(tf.range(6), s);
  assert.deepEqual(dims(r), [null, null]);
  assert.deepEqual(arr(r, [[s, [3, 2]]]), [[0, 1], [2, 3], [4, 5]]);
  // but a Shape of a known shape, a Fill or a Cast of constants is
  assert.deepEqual(dims(tf.reshape(tf.range(6), tf.cast(tf.constant([3, 2]), 'int64'))), [3, 2]);
  assert.deepEqual(dims(tf.stridedSlice(tf.range(6), [1], [4])), [3]);
}));
