// Gradient spec rows: shape manipulation, slicing, gathering and scattering, segments,
// selection, identity-like ops, and the gradient ops whose own gradients are rules
// (StridedSliceGrad, MirrorPadGrad), checked through a second tf.gradients.

import * as tf from '../../src/index.js';
import { gradients } from '../../src/gradients/index.js';
import { type GradSpec, u, away, vals, raw, f64, i32 } from './grad_spec.js';

const bool = (v: boolean[] | boolean[][]) => tf.constant(v, 'bool');

/** The cotangent-to-gradient map of `f` at x, as a function of the cotangent z: exercises f's gradient ops. */
const vjp = (f: (x: tf.Tensor) => tf.Tensor) => ([x, z]: tf.Tensor[]) => gradients(f(x), x, z)[0]!;

const SHAPES: GradSpec[] = [
  { type: 'Reshape', inputs: [u([2, 6])], build: ([x]) => tf.reshape(x, [3, 4]) },
  { type: 'Reshape', variant: 'dynamic shape, -1', inputs: [u([2, 6], undefined, { staticShape: [null, 6] })], build: ([x]) => tf.reshape(x, [-1, 2, 3]) },
  { type: 'Squeeze', inputs: [u([2, 1, 3, 1])], build: ([x]) => tf.squeeze(x, [1]) },
  { type: 'Squeeze', variant: 'all axes', inputs: [u([2, 1, 3, 1])], build: ([x]) => tf.squeeze(x) },
  { type: 'ExpandDims', inputs: [u([2, 3])], build: ([x]) => tf.expandDims(x, 1) },
  { type: 'ExpandDims', variant: 'axis -1', inputs: [u([2, 3])], build: ([x]) => tf.expandDims(x, -1) },
  { type: 'Transpose', inputs: [u([2, 3, 4])], build: ([x]) => tf.transpose(x, [2, 0, 1]) },
  { type: 'Transpose', variant: 'default perm', inputs: [u([2, 3])], build: ([x]) => tf.transpose(x) },
  { type: 'Tile', inputs: [u([2, 3])], build: ([x]) => tf.tile(x, [2, 3]) },
  { type: 'Tile', variant: 'dynamic shape', inputs: [u([2, 3], undefined, { staticShape: [null, 3] })], build: ([x]) => tf.tile(x, [3, 1]) },
  { type: 'BroadcastTo', inputs: [u([3])], build: ([x]) => tf.broadcastTo(x, [2, 3]) },
  { type: 'BroadcastTo', variant: '[2,1] to [3,2,4]', inputs: [u([2, 1])], build: ([x]) => tf.broadcastTo(x, [3, 2, 4]) },
  { type: 'BroadcastTo', variant: 'dynamic input shape', inputs: [u([2, 1], undefined, { staticShape: [null, null] })], build: ([x]) => tf.broadcastTo(x, [3, 2, 4]) },
  { type: 'ConcatV2', inputs: [u([2, 3]), u([2, 1]), u([2, 2])], build: xs => tf.concat(xs, 1) },
  { type: 'ConcatV2', variant: 'axis 0, dynamic', inputs: [u([2, 3], undefined, { staticShape: [null, 3] }), u([1, 3])], build: xs => tf.concat(xs, 0) },
  { type: 'ConcatV2', variant: 'negative axis', inputs: [u([2, 3]), u([2, 2])], build: xs => tf.concat(xs, -1) },
  { type: 'Pack', inputs: [u([2, 3]), u([2, 3]), u([2, 3])], build: xs => tf.stack(xs, 1) },
  { type: 'Unpack', inputs: [u([3, 4])], build: ([x]) => tf.unstack(x, { axis: 1 }) },
  { type: 'Unpack', variant: 'one output used', inputs: [u([3, 4])], build: ([x]) => tf.unstack(x)[1] },
  { type: 'Split', inputs: [u([2, 6])], build: ([x]) => tf.split(x, 3, 1) },
  { type: 'Split', variant: 'one output used', inputs: [u([4, 3])], build: ([x]) => tf.split(x, 2, 0)[1] },
  { type: 'SplitV', inputs: [u([2, 6])], build: ([x]) => tf.split(x, [1, -1, 2], 1) },
  { type: 'SplitV', variant: 'one output used', inputs: [u([5, 2])], build: ([x]) => tf.split(x, [2, 3], 0)[0] },
  { type: 'ReverseV2', inputs: [u([2, 3, 2])], build: ([x]) => tf.reverse(x, [0, 2]) },
  { type: 'Fill', variant: 'd/dvalue', inputs: [u([])], build: ([v]) => tf.fill([2, 3], v) },
  { type: 'Identity', inputs: [u([2, 3])], build: ([x]) => tf.identity(x) },
  { type: 'PlaceholderWithDefault', inputs: [u([2, 3])], build: ([x]) => tf.placeholderWithDefault(x, [2, 3]) },
  { type: 'Print', inputs: [u([2, 3])], build: ([x]) => tf.Print(x, [], { firstN: 0 }) },
  { type: 'ZerosLike', inputs: [u([2, 3])], build: ([x]) => tf.add(raw('ZerosLike')(x), x) },
  { type: 'OnesLike', inputs: [u([2, 3])], build: ([x]) => tf.mul(raw('OnesLike')(x), x) },
];

const SLICES: GradSpec[] = [
  { type: 'Slice', inputs: [u([3, 4])], build: ([x]) => tf.slice(x, [1, 0], [2, 3]) },
  { type: 'Slice', variant: 'size -1, dynamic', inputs: [u([3, 4], undefined, { staticShape: [null, 4] })], build: ([x]) => tf.slice(x, [1, 1], [-1, 2]) },
  { type: 'StridedSlice', inputs: [u([4, 5])], build: ([x]) => tf.stridedSlice(x, [0, 1], [4, 5], [2, 2]) },
  { type: 'StridedSlice', variant: 'negative stride, shrink axis', inputs: [u([4, 5])], build: ([x]) => tf.stridedSlice(x, [2, 4], [3, 0], [1, -2], { shrinkAxisMask: 1 }) },
  { type: 'StridedSlice', variant: 'masks and new axis', inputs: [u([3, 4, 2])], build: ([x]) => tf.stridedSlice(x, [0, 1, 0], [0, 3, 0], [1, 1, 1], { beginMask: 1, endMask: 5, newAxisMask: 0 }) },
  { type: 'StridedSlice', variant: 'x[1:, ..., None]', inputs: [u([3, 2, 2])], build: ([x]) => tf.index(x, '1:', tf.ellipsis, tf.newaxis) },
  { type: 'StridedSliceGrad', inputs: [u([4, 5]), u([2, 2])], build: vjp(x => tf.stridedSlice(x, [0, 1], [4, 5], [2, 2])) },
  { type: 'GatherV2', inputs: [u([5, 3])], build: ([p]) => tf.gather(p, i32([4, 0, 4, 2])) },
  { type: 'GatherV2', variant: 'axis 1, 2-d indices', inputs: [u([2, 4, 3])], build: ([p]) => tf.gather(p, i32([[3, 1], [1, 1]]), { axis: 1 }) },
  { type: 'GatherV2', variant: 'batchDims 1', inputs: [u([2, 4, 3])], build: ([p]) => tf.gather(p, i32([[3, 1], [0, 0]]), { axis: 1, batchDims: 1 }) },
  { type: 'GatherV2', variant: 'dynamic params shape', inputs: [u([5, 3], undefined, { staticShape: [null, 3] })], build: ([p]) => tf.gather(p, i32([1, 1, 3])) },
  { type: 'GatherNd', inputs: [u([3, 4])], build: ([p]) => tf.gatherNd(p, i32([[0, 1], [2, 3], [0, 1]])) },
  { type: 'GatherNd', variant: 'slices', inputs: [u([3, 4])], build: ([p]) => tf.gatherNd(p, i32([[2], [0], [2]])) },
  { type: 'ScatterNd', variant: 'd/dupdates', inputs: [u([3, 2])], build: ([upd]) => tf.scatterNd(i32([[1], [3], [1]]), upd, [5, 2]) },
  { type: 'UnsortedSegmentSum', inputs: [u([4, 3])], build: ([d]) => tf.unsortedSegmentSum(d, i32([2, 0, 2, -1]), 3) },
  { type: 'SegmentSum', inputs: [u([5, 2])], build: ([d]) => tf.segmentSum(d, i32([0, 0, 1, 3, 3])) },
  { type: 'SegmentMean', inputs: [u([5, 2])], build: ([d]) => tf.segmentMean(d, i32([0, 0, 1, 3, 3])) },
  { type: 'SegmentMax', inputs: [u([5, 2])], build: ([d]) => tf.segmentMax(d, i32([0, 0, 1, 3, 3])) },
  { type: 'SegmentMin', inputs: [u([5, 2])], build: ([d]) => tf.segmentMin(d, i32([0, 0, 1, 3, 3])) },
  { type: 'SegmentProd', inputs: [away([5, 2], 0.5, 1.5)], build: ([d]) => tf.segmentProd(d, i32([0, 0, 1, 3, 3])) },
  { type: 'TopKV2', inputs: [vals([2, 4], [0.3, -0.2, 0.9, 0.1, -0.8, 0.5, 0.05, 0.7])], build: ([x]) => tf.topK(x, 2).values },
];

const PADS: GradSpec[] = [
  { type: 'Pad', inputs: [u([2, 3])], build: ([x]) => tf.pad(x, [[1, 0], [2, 1]]) },
  { type: 'PadV2', inputs: [u([2, 3])], build: ([x]) => tf.pad(x, [[0, 1], [1, 1]], { constantValues: f64(0.5) }) },
  { type: 'MirrorPad', variant: 'REFLECT', inputs: [u([3, 4])], build: ([x]) => tf.pad(x, [[1, 2], [2, 1]], 'REFLECT') },
  { type: 'MirrorPad', variant: 'SYMMETRIC', inputs: [u([3, 4])], build: ([x]) => tf.pad(x, [[2, 3], [1, 0]], 'SYMMETRIC') },
  { type: 'MirrorPadGrad', variant: 'REFLECT', inputs: [u([3, 4]), u([6, 7])], build: vjp(x => tf.pad(x, [[1, 2], [2, 1]], 'REFLECT')) },
  { type: 'MirrorPadGrad', variant: 'SYMMETRIC', inputs: [u([3, 4]), u([8, 5])], build: vjp(x => tf.pad(x, [[2, 3], [1, 0]], 'SYMMETRIC')) },
];

const SELECTS: GradSpec[] = [
  { type: 'Select', inputs: [u([2, 3]), u([2, 3])], build: ([x, y]) => tf.where(bool([[true, false, true], [false, false, true]]), x, y) },
  { type: 'Select', variant: 'vector condition picks rows', inputs: [u([2, 3]), u([2, 3])], build: ([x, y]) => raw('Select')(bool([true, false]), x, y) },
  { type: 'SelectV2', inputs: [u([2, 3]), u([2, 3])], build: ([x, y]) => tf.whereV2(bool([[true, false, true], [false, false, true]]), x, y) },
  { type: 'SelectV2', variant: 'broadcast condition [3], x [2,1], y []', inputs: [u([2, 1]), u([])], build: ([x, y]) => tf.whereV2(bool([true, false, true]), x, y) },
  { type: 'SelectV2', variant: 'broadcast, dynamic shapes', inputs: [u([2, 1], undefined, { staticShape: [null, null] }), u([3], undefined, { staticShape: [null] })], build: ([x, y]) => tf.whereV2(bool([true, false, true]), x, y) },
];

export const ARRAY_SPECS: GradSpec[] = [...SHAPES, ...SLICES, ...PADS, ...SELECTS];
