#!/usr/bin/env python3
"""Golden fixtures for the array-op family (test/array/*.test.ts), from real TensorFlow.

Run from the repository root:  .venv-tf/bin/python tools/gen_array_fixtures.py
Writes test/fixtures/array_ops.json:

  naming  {case: {"ops": [[name, type, [inputs]]...], "outputs": [[name, dtype, shape]...]}}
          graph structure as tf.compat.v1 builds it (shape: list with null for unknown
          dims, or null for unknown rank)
  values  {case: [VALUE, ...]}   one VALUE per output: {"dtype", "shape", "values" (flat)}
  grads   {case: [VALUE, ...]}   tf.gradients(ys, xs, grad_ys) for the listed xs
  errors  {case: {"class", "phase", "message"}}  phase "build" (message cut before
          " for '{{node") or "run" (the kernel's message)

The TypeScript tests rebuild each case by name; keep the names in sync.
"""
import json
import os
import re

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

A = np.arange(24, dtype=np.int32).reshape(2, 3, 4)
AF = A.astype(np.float32)
V = np.arange(10, dtype=np.int32)
M = np.array([[1, 2, 3], [4, 5, 6]], np.float32)
S3 = np.array([[1, 2], [3, 4], [5, 6]], np.float32)


def P(shape, dtype=tf.float32, name='x'):
  return tf.placeholder(dtype, shape, name=name)


def c(v, dtype=None):
  return tf.constant(v, dtype=dtype)


NAMING = {
    'transpose_default': lambda: tf.transpose(P([2, 3, 4])),
    'transpose_unknown_rank': lambda: tf.transpose(P(None)),
    'transpose_perm': lambda: tf.transpose(P([2, 3, 4]), [0, 2, 1]),
    'concat': lambda: tf.concat([P([2, 3]), P([2, 3], name='y')], 1),
    'concat_one': lambda: tf.concat([P([2, 3])], 1),
    'concat_list_values': lambda: tf.concat([P([2], tf.int32), [7, 8]], 0),
    'stack_axis1': lambda: tf.stack([P([2]), P([2], name='y')], axis=1),
    'stack_consts': lambda: tf.stack([[1, 2], [3, 4]]),
    'stack_mixed': lambda: tf.stack([P([], tf.int32, 'k'), 2]),
    'unstack': lambda: tf.unstack(P([2, 3]), axis=1),
    'split_int': lambda: tf.split(P([4, 6]), 2, axis=1),
    'split_list': lambda: tf.split(P([4, 6]), [1, -1, 2], axis=1),
    'slice': lambda: tf.slice(P([3, 4]), [1, 0], [-1, 2]),
    'strided_slice_fn': lambda: tf.strided_slice(P([3, 4]), [0, 1], [2, 3]),
    'strided_slice_strides': lambda: tf.strided_slice(P([3, 4]), [0, 1], [2, 3], [1, 1], begin_mask=1),
    'getitem_basic': lambda: P([3, 4])[0, :],
    'getitem_complex': lambda: P([2, 3, 4])[..., tf.newaxis, ::-1],
    'getitem_tensor': lambda: P([3, 4])[P([], tf.int32, 'k')],
    'getitem_tensor_slice': lambda: P([5])[1:P([], tf.int32, 'k')],
    'getitem_int64': lambda: P([5])[P([], tf.int64, 'k')],
    'getitem_empty': lambda: P([5])[()],
    'getitem_bool': lambda: P([3])[P([3], tf.bool, 'm')],
    'zeros_small': lambda: tf.zeros([2, 3]),
    'zeros_big': lambda: tf.zeros([100, 100]),
    'zeros_tensor_shape': lambda: tf.zeros(P([2], tf.int32, 's')),
    'ones_int': lambda: tf.ones([2], tf.int32),
    'zeros_like_known': lambda: tf.zeros_like(P([2, 3])),
    'zeros_like_big': lambda: tf.zeros_like(P([100, 100])),
    'zeros_like_unknown': lambda: tf.zeros_like(P([None, 3])),
    'zeros_like_dtype_unknown': lambda: tf.zeros_like(P([None, 3]), dtype=tf.int32),
    'zeros_like_list': lambda: tf.zeros_like([1, 2]),
    'ones_like_known': lambda: tf.ones_like(P([2, 3])),
    'ones_like_unknown': lambda: tf.ones_like(P(None)),
    'shape_known': lambda: [tf.shape(P([2, 3])), tf.size(P([2, 3], name='y')), tf.rank(P([2, 3], name='z'))],
    'shape_unknown': lambda: [tf.shape(P([None])), tf.size(P([None], name='y')), tf.rank(P(None, name='z'))],
    'linspace': lambda: tf.linspace(0., 1.5, 5),
    'linspace_int': lambda: tf.linspace(0, 10, 5),
    'gather_axis': lambda: tf.gather(P([2, 3, 4]), P([5], tf.int32, 'i'), axis=1),
    'gather_list': lambda: tf.gather(P([3]), [1, 0]),
    'gather_nd': lambda: tf.gather_nd(P([2, 3]), [[1, 0]]),
    'scatter_nd': lambda: tf.scatter_nd([[0], [1]], [1., 2.], [4]),
    'tile': lambda: tf.tile(P([2, 3]), [1, 2]),
    'pad': lambda: tf.pad(P([2, 3]), [[1, 1], [0, 0]]),
    'pad_v2': lambda: tf.pad(P([2, 3]), [[1, 1], [0, 0]], constant_values=3),
    'pad_reflect': lambda: tf.pad(P([2, 3]), [[1, 1], [0, 0]], mode='REFLECT'),
    'pad_symmetric': lambda: tf.pad(P([2, 3]), [[1, 1], [0, 0]], mode='symmetric'),
    'reverse': lambda: tf.reverse(P([2, 3]), [1]),
    'boolean_mask': lambda: tf.boolean_mask(P([2, 3, 4]), P([2, 3], tf.bool, 'm')),
    'boolean_mask_unknown': lambda: tf.boolean_mask(P(None), P([2], tf.bool, 'm')),
    'boolean_mask_axis': lambda: tf.boolean_mask(P([2, 3, 4]), P([3], tf.bool, 'm'), axis=1),
    'one_hot': lambda: tf.one_hot(P([5], tf.int32, 'i'), 3),
    'one_hot_values': lambda: tf.one_hot(P([5], tf.int32, 'i'), 3, on_value=5, off_value=-1, axis=0),
    'sequence_mask': lambda: tf.sequence_mask([1, 2], 4),
    'sequence_mask_nomax': lambda: tf.sequence_mask(P([5], tf.int32, 'i')),
    'sequence_mask_dtype': lambda: tf.sequence_mask(P([5], tf.int32, 'i'), 4, dtype=tf.float32),
    'segment_sum': lambda: tf.segment_sum(P([2, 3]), [0, 0]),
    'segment_mean': lambda: tf.segment_mean(P([2, 3]), [0, 0]),
    'unsorted_segment_sum': lambda: tf.unsorted_segment_sum(P([2, 3]), [0, 0], 3),
    'top_k': lambda: list(tf.nn.top_k(P([5], tf.int32, 'i'), 2)),
    'unique': lambda: list(tf.unique(P([5], tf.int32, 'i'))),
    'invert_permutation': lambda: tf.invert_permutation(P([5], tf.int32, 'i')),
    'where_v1': lambda: tf.where(P([2], tf.bool, 'c'), P([2]), P([2], name='y')),
    'where_v2': lambda: tf.where_v2(P([2], tf.bool, 'c'), P([2]), 0.),
    'fill': lambda: tf.fill([2, 3], 9),
    'expand_dims': lambda: tf.expand_dims(P([2]), -1),
    'reshape_packed': lambda: tf.reshape(P([6]), [P([], tf.int32, 'k'), -1]),
    'named': lambda: tf.transpose(tf.concat([P([2, 3]), P([2, 3], name='y')], 0, name='cc'), name='tt'),
    'unknown_dims': lambda: [tf.concat([P([None, 3]), P([2, None], name='y')], 0),
                             tf.transpose(P([None, 3, None]), [2, 0, 1]),
                             tf.gather(P([None, 5]), P([None, 2], tf.int32, 'i'), axis=1),
                             tf.pad(P([None, 3]), [[1, 2], [0, 1]]),
                             tf.tile(P([None, 3]), [2, 2]),
                             P([None, None, 4])[1:, ::2, 2]],
}

VALUES = {
    'ss_neg_strides': lambda: c(A)[::-1, 1:, ::-2],
    'ss_shrink_ellipsis': lambda: c(A)[-1, ..., 1],
    'ss_newaxis_neg': lambda: c(A)[..., None, -2:0:-1],
    'ss_mixed': lambda: c(A)[:, None, 2, ::3],
    'ss_1d_neg': lambda: c(V)[8:1:-3],
    'ss_clamp': lambda: c(V)[-100:100:4],
    'ss_empty': lambda: c(V)[3:1],
    'ss_neg_both': lambda: c(A)[::-3, -1:-4:-1],
    'ss_masks_fn': lambda: tf.strided_slice(c(A), [1, 0, 3], [0, 0, 0], [1, 1, -1], begin_mask=2, end_mask=6, shrink_axis_mask=1),
    'ss_ellipsis_mid': lambda: c(A)[1, ..., ::2],
    'ss_newaxis_first': lambda: c(V)[None, 2:5],
    'ss_fn_newaxis_ellipsis': lambda: tf.strided_slice(c(A), [0, 0, 1], [0, 0, 3], [1, 1, 1], ellipsis_mask=2, new_axis_mask=1),
    'gather_axis1': lambda: tf.gather(c(A), [[2, 0], [1, 1]], axis=1),
    'gather_neg_axis': lambda: tf.gather(c(A), [3, 0], axis=-1),
    'gather_batch': lambda: tf.gather(c(A), [[0, 2], [1, 1]], axis=1, batch_dims=1),
    'gather_batch_axis2': lambda: tf.gather(c(A), [[0, 3, 1], [2, 2, 0]], axis=2, batch_dims=1),
    'gather_nd_slices': lambda: tf.gather_nd(c(A), [[1], [0]]),
    'gather_nd_elems': lambda: tf.gather_nd(c(A), [[[1, 2, 3]], [[0, 0, 1]]]),
    'gather_string': lambda: tf.gather(['a', 'b', 'c'], [2, 0, 2]),
    'pad_constant': lambda: tf.pad(c(M), [[1, 0], [2, 1]]),
    'pad_value': lambda: tf.pad(c(M), [[0, 1], [1, 1]], constant_values=-1.5),
    'pad_reflect': lambda: tf.pad(c(M), [[1, 1], [2, 2]], mode='REFLECT'),
    'pad_symmetric': lambda: tf.pad(c(M), [[1, 1], [3, 3]], mode='SYMMETRIC'),
    'pad_reflect_3d': lambda: tf.pad(c(A), [[1, 0], [2, 1], [0, 3]], mode='REFLECT'),
    'pad_string': lambda: tf.pad([['a', 'b']], [[1, 0], [0, 1]], constant_values='z'),
    'split_neg1': lambda: tf.split(c(A), [1, -1, 1], axis=2),
    'split_neg1_1d': lambda: tf.split(c(V), [3, -1]),
    'split_even': lambda: tf.split(c(A), 3, axis=1),
    'split_neg_axis': lambda: tf.split(c(A), 2, axis=-1),
    'tile': lambda: tf.tile(c(M), [2, 3]),
    'tile_zero': lambda: tf.tile(c(M), [0, 2]),
    'reverse_multi': lambda: tf.reverse(c(A), [0, -1]),
    'transpose_3d': lambda: tf.transpose(c(A), [1, 2, 0]),
    'concat_neg': lambda: tf.concat([c(A), c(A)], -1),
    'stack_neg': lambda: tf.stack([c(M), c(M)], axis=-1),
    'unstack_axis': lambda: tf.unstack(c(A), axis=2),
    'one_hot_axis0': lambda: tf.one_hot([[0, 2], [1, 5]], 3, axis=0),
    'one_hot_values': lambda: tf.one_hot([1, -1, 2], 3, on_value=7, off_value=2),
    'seg_mean': lambda: tf.segment_mean(c(S3), [0, 0, 2]),
    'seg_max': lambda: tf.segment_max(c(S3), [0, 0, 2]),
    'seg_min': lambda: tf.segment_min(c(S3), [0, 2, 2]),
    'seg_prod': lambda: tf.segment_prod(c(S3), [1, 1, 1]),
    'seg_sum_int': lambda: tf.segment_sum(c(A), [0, 1]),
    'unsorted_2d': lambda: tf.unsorted_segment_sum(c(A), [[0, 1, -1], [1, 1, 3]], 4),
    'top_k_2d': lambda: list(tf.nn.top_k([[1, 3, 3, 2], [5, 5, 5, 1]], 3)),
    'unique_float': lambda: list(tf.unique([2.5, 1., 2.5, -0., 0.])),
    'invert_perm': lambda: tf.invert_permutation([2, 0, 3, 1]),
    'scatter_nd_dup': lambda: tf.scatter_nd([[1], [3], [1]], [[1, 2], [3, 4], [5, 6]], [4, 2]),
    'boolean_mask_axis': lambda: tf.boolean_mask(c(A), [True, False, True], axis=1),
    'boolean_mask_2d': lambda: tf.boolean_mask(c(A), [[True, False, True], [False, False, True]]),
    'sequence_mask_2d': lambda: tf.sequence_mask([[1, 2], [3, 0]], 3),
    'linspace_tensor': lambda: tf.linspace([0., 1.], [1., 3.], 3),
    'linspace_axis': lambda: tf.linspace([0., 1.], [1., 3.], 3, axis=1),
    'complex_transpose': lambda: tf.transpose(tf.constant([[1 + 2j, 3 - 1j]], dtype=tf.complex64)),
    'int64_gather': lambda: tf.gather(tf.constant([10, 20, 30], tf.int64), [2, 1]),
    'bool_reverse': lambda: tf.reverse([[True, False]], [1]),
}


def grad_case(build, n_x=1):
  """build() -> (ys, xs); dys are arange-filled like the outputs."""
  def run():
    ys, xs = build()
    ys = ys if isinstance(ys, list) else [ys]
    with tf.Session() as s:
      shapes = [v.shape for v in s.run(ys)]
    dys = [tf.constant(np.arange(np.prod(sh), dtype=np.float32).reshape(sh) + 1) for sh in shapes]
    return [tf.convert_to_tensor(g) for g in tf.gradients(ys, xs, grad_ys=dys)]
  return run


XF = lambda: c(AF)
GRADS = {
    'ss': lambda: (lambda x: (x[::-1, 1:, ::2], [x]))(XF()),
    'ss_shrink_newaxis': lambda: (lambda x: (x[1, None, ..., -1], [x]))(XF()),
    'gather_axis1': lambda: (lambda x: (tf.gather(x, [[2, 0], [1, 1]], axis=1), [x]))(XF()),
    'gather_axis0': lambda: (lambda x: (tf.gather(x, [1, 1, 0]), [x]))(XF()),
    'gather_batch': lambda: (lambda x: (tf.gather(x, [[0, 2], [1, 1]], axis=1, batch_dims=1), [x]))(XF()),
    'pad': lambda: (lambda x: (tf.pad(x, [[1, 0], [0, 1], [2, 2]]), [x]))(XF()),
    'pad_v2': lambda: (lambda x: (tf.pad(x, [[1, 0], [0, 1], [2, 2]], constant_values=2.), [x]))(XF()),
    'mirror_reflect': lambda: (lambda x: (tf.pad(x, [[1, 1], [2, 2]], 'REFLECT'), [x]))(c(M)),
    'mirror_symmetric': lambda: (lambda x: (tf.pad(x, [[1, 1], [3, 2]], 'SYMMETRIC'), [x]))(c(M)),
    'tile': lambda: (lambda x: (tf.tile(x, [2, 3]), [x]))(c(M)),
    'concat': lambda: (lambda x, y: (tf.concat([x, y], 1), [x, y]))(XF(), c(AF[:, :2])),
    'split': lambda: (lambda x: (tf.split(x, [1, -1], axis=2), [x]))(XF()),
    'split_even': lambda: (lambda x: (tf.split(x, 2, axis=0), [x]))(XF()),
    'slice': lambda: (lambda x: (tf.slice(x, [1, 0, 1], [1, -1, 2]), [x]))(XF()),
    'transpose': lambda: (lambda x: (tf.transpose(x, [2, 0, 1]), [x]))(XF()),
    'reverse': lambda: (lambda x: (tf.reverse(x, [1]), [x]))(XF()),
    'stack': lambda: (lambda x, y: (tf.stack([x, y], axis=1), [x, y]))(c(M), c(M * 2)),
    'unstack': lambda: (lambda x: (tf.unstack(x, axis=1), [x]))(XF()),
    'seg_sum': lambda: (lambda x: (tf.segment_sum(x, [0, 0, 2]), [x]))(c(S3)),
    'seg_mean': lambda: (lambda x: (tf.segment_mean(x, [0, 0, 2]), [x]))(c(S3)),
    'seg_max': lambda: (lambda x: (tf.segment_max(x, [0, 0, 0]), [x]))(c(np.array([[1, 5], [3, 5], [3, 2]], np.float32))),
    'seg_prod': lambda: (lambda x: (tf.segment_prod(x, [0, 0, 1]), [x]))(c(np.array([[0, 2], [3, 4], [5, 0]], np.float32))),
    'unsorted': lambda: (lambda x: (tf.unsorted_segment_sum(x, [1, -1, 1], 3), [x]))(c(S3)),
    'top_k': lambda: (lambda x: (tf.nn.top_k(x, 2).values, [x]))(c(np.array([[1, 4, 3], [9, 8, 9]], np.float32))),
    'gather_nd': lambda: (lambda x: (tf.gather_nd(x, [[1, 2], [0, 0], [1, 2]]), [x]))(XF()),
    'scatter_nd': lambda: (lambda u: (tf.scatter_nd([[1], [3], [1]], u, [4, 2]), [u]))(c(S3)),
    'strided_slice_grad_of_grad': None,
}
del GRADS['strided_slice_grad_of_grad']

ERRORS = {
    'transpose_perm_size': lambda: tf.transpose(c([[1, 2]]), [0]),
    'transpose_perm_range': lambda: tf.transpose(c([[1, 2]]), [0, 2]),
    'transpose_dup': lambda: tf.transpose(c([[1, 2]]), [0, 0]),
    'transpose_dup_neg': lambda: tf.transpose(tf.placeholder_with_default(c([[1, 2]]), [None, None]), tf.placeholder_with_default([-1, -1], [2])),
    'concat_rank': lambda: tf.concat([c([[1]]), c([1])], 0),
    'concat_dims': lambda: tf.concat([c([[1]]), c([[1, 2]])], 0),
    'concat_axis': lambda: tf.concat([c([[1]]), c([[1, 2]])], 2),
    'concat_scalars': lambda: tf.concat([c(1), c(2)], 0),
    'concat_dtypes': lambda: tf.concat([c([[1]]), c([[1.]])], 0),
    'stack_axis': lambda: tf.stack([c([1]), c([2])], axis=3),
    'unstack_axis': lambda: tf.unstack(c([1, 2]), axis=1),
    'unstack_num': lambda: tf.unstack(P(None)),
    'split_uneven': lambda: tf.split(c([1, 2, 3]), 2),
    'split_sizes': lambda: tf.split(c([1, 2, 3]), [1, 1]),
    'split_two_neg': lambda: tf.split(c([1, 2, 3]), [1, -1, -1]),
    'split_too_big': lambda: tf.split(c([1, 2, 3]), [4, -1]),
    'split_axis': lambda: tf.split(c([1, 2, 3]), 3, axis=1),
    'slice_rank': lambda: tf.slice(c([1, 2, 3]), [1, 0], [1, 1]),
    'slice_begin': lambda: tf.slice(tf.placeholder_with_default(c([1, 2, 3]), [None]), [-1], [1]),
    'slice_size': lambda: tf.slice(tf.placeholder_with_default(c([1, 2, 3]), [None]), [1], [3]),
    'ss_index': lambda: c([1, 2, 3])[5],
    'ss_neg_index': lambda: c([1, 2, 3])[-4],
    'ss_too_many': lambda: c([1, 2, 3])[0, 0],
    'ss_stride0': lambda: c([1, 2, 3])[::0],
    'ss_run_index': lambda: tf.placeholder_with_default(c([1, 2, 3]), [None])[5],
    'gather_index': lambda: tf.gather(c([1, 2, 3]), [5]),
    'gather_axis': lambda: tf.gather(c([1, 2, 3]), [1], axis=1),
    'gather_nd_index': lambda: tf.gather_nd(c([1, 2, 3]), [[5]]),
    'gather_nd_depth': lambda: tf.gather_nd(c([1, 2, 3]), [[1, 1]]),
    'tile_rank': lambda: tf.tile(c([1, 2, 3]), [1, 2]),
    'pad_rank': lambda: tf.pad(c([1, 2, 3]), [[1, 1], [1, 1]]),
    'pad_negative': lambda: tf.pad(c([1, 2, 3]), [[-1, 1]]),
    'pad_reflect_big': lambda: tf.pad(c([1, 2, 3]), [[3, 1]], mode='REFLECT'),
    'pad_symmetric_big': lambda: tf.pad(c([1, 2, 3]), [[4, 1]], mode='SYMMETRIC'),
    'pad_mode': lambda: tf.pad(c([1, 2, 3]), [[1, 1]], mode='WRAP'),
    'reverse_axis': lambda: tf.reverse(c([1, 2, 3]), [1]),
    'reverse_dup': lambda: tf.reverse(c([1, 2, 3]), [0, 0]),
    'one_hot_indices': lambda: tf.one_hot(c([1.]), 3),
    'segment_size': lambda: tf.segment_sum(c([1, 2, 3]), [0, 0]),
    'segment_order': lambda: tf.segment_sum(c([1, 2, 3]), [1, 0, 0]),
    'unsorted_range': lambda: tf.unsorted_segment_sum(c([1, 2, 3]), [0, 5, 0], 2),
    'top_k_k': lambda: tf.nn.top_k(c([1, 2, 3]), 4),
    'invert_dup': lambda: tf.invert_permutation(c([0, 0, 1])),
    'invert_range': lambda: tf.invert_permutation(c([0, 3, 1])),
    'scatter_nd_index': lambda: tf.scatter_nd([[5]], [1.], [4]),
    'boolean_mask_shape': lambda: tf.boolean_mask(c([1, 2, 3]), [True, False]),
    'boolean_mask_scalar': lambda: tf.boolean_mask(c([1, 2, 3]), True),
    'reshape_bad': lambda: tf.reshape(c([1, 2, 3]), [2, -1]),
    'fill_negative': lambda: tf.fill([-1], 1),
}


def enc_shape(s):
  return None if s.ndims is None else [d for d in s.as_list()]


def enc_value(v):
  v = np.asarray(v)
  if v.dtype.kind == 'c':
    vals = [[float(x.real), float(x.imag)] for x in v.ravel()]
    dtype = 'complex64'
  elif v.dtype.kind in 'SO':
    vals = [x.decode() if isinstance(x, bytes) else x for x in v.ravel()]
    dtype = 'string'
  else:
    dtype = {'b': 'bool'}.get(v.dtype.kind, str(v.dtype))
    vals = []
    for x in v.ravel().tolist():
      if isinstance(x, float) and np.isnan(x):
        x = 'nan'
      elif isinstance(x, float) and np.isinf(x):
        x = 'inf' if x > 0 else '-inf'
      elif isinstance(x, float) and x == 0 and np.signbit(x):
        x = '-0'
      vals.append(x)
  return {'dtype': dtype, 'shape': list(v.shape), 'values': vals}


def nodes(g):
  return [[n.name, n.op, list(n.input)] for n in g.as_graph_def().node]


def as_list(r):
  return list(r) if isinstance(r, (list, tuple)) else [r]


def main():
  out = {'tf_version': tf.__version__, 'naming': {}, 'values': {}, 'grads': {}, 'errors': {}}
  for name, fn in NAMING.items():
    g = tf.Graph()
    with g.as_default():
      ts = as_list(fn())
      out['naming'][name] = {'ops': nodes(g), 'outputs': [[t.name, t.dtype.name, enc_shape(t.shape)] for t in ts]}
  for name, fn in VALUES.items():
    g = tf.Graph()
    with g.as_default():
      ts = as_list(fn())
      with tf.Session() as s:
        vals = s.run(ts)
      out['values'][name] = [dict(enc_value(v), static_shape=enc_shape(t.shape)) for t, v in zip(ts, vals)]
  for name, fn in GRADS.items():
    g = tf.Graph()
    with g.as_default():
      gs = grad_case(fn)()
      with tf.Session() as s:
        out['grads'][name] = [enc_value(v) for v in s.run(gs)]
  for name, fn in ERRORS.items():
    g = tf.Graph()
    with g.as_default():
      try:
        ts = as_list(fn())
        with tf.Session() as s:
          s.run(ts)
        raise SystemExit(f'error case {name} did not fail')
      except tf.errors.OpError as e:
        lines = e.message.split('\n')
        at = [i for i, l in enumerate(lines) if l.startswith("Node: '")]
        msg = next(l for l in lines[at[-1] + 1:] if l.strip()) if at else lines[0]
        out['errors'][name] = {'class': type(e).__name__, 'phase': 'run', 'message': msg}
      except (ValueError, TypeError) as e:
        msg = str(e).split('\n')[0]
        msg = re.split(r" for '\{\{node ", msg)[0]
        out['errors'][name] = {'class': type(e).__name__, 'phase': 'build', 'message': msg}
  path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'array_ops.json')
  with open(path, 'w') as f:
    json.dump(out, f, indent=None, separators=(',', ':'))
    f.write('\n')
  print('wrote', path, {k: len(v) for k, v in out.items() if isinstance(v, dict)})


if __name__ == '__main__':
  main()
