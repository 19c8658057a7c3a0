#!/usr/bin/env python3
"""Gradient fixtures from real TensorFlow for test/gradients/tf_fixtures.test.ts.

Run from the repository root with the TensorFlow virtualenv:

    .venv-tf/bin/python tools/gen_grad_fixtures.py

Writes test/fixtures/gradients.json:

  {"tf_version", "cases": [CASE...], "naming": [NAMING...]}

  CASE   = {"id", "inputs": {name: VALUE}, "grads": [VALUE or null per x],
            "second": optional, as "grads" for a second-order case}
  VALUE  = {"shape": [...], "values": flat row-major float64 list}
  NAMING = {"id", "nodes": [[name, op type, [inputs]]...] of the gradient scope,
            "grads": [tensor names of tf.gradients' results]}

Each case is a composition built identically in the TypeScript test (keyed by "id"):
all inputs are float64 placeholders (integer data such as gather indices is a constant
in both builders) and tf.gradients(ys, xs) is evaluated at the stored inputs.
"""

import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
rng = np.random.RandomState(20240)
f64 = tf.float64


def value(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "values": [float(v) for v in a.reshape(-1)]}


def uniform(shape, lo=-1.0, hi=1.0):
    return rng.uniform(lo, hi, size=shape)


CASES = []


def case(case_id, inputs, xs_names=None):
    """Registers a builder: fn(placeholders) -> ys (a tensor or list)."""
    def register(fn):
        CASES.append((case_id, inputs, xs_names, fn))
        return fn
    return register


# ---- compositions -------------------------------------------------------------------------

@case('mse_linear', {'x': uniform([5, 3]), 'W': uniform([3, 2]), 'b': uniform([2]), 'y': uniform([5, 2])}, ['W', 'b', 'x'])
def _(p):
    pred = tf.matmul(p['x'], p['W']) + p['b']
    return tf.reduce_mean(tf.square(pred - p['y']))


@case('logsumexp', {'x': uniform([3, 4], -3, 3)})
def _(p):
    return tf.reduce_logsumexp(p['x'], axis=1)


@case('broadcast_ops', {'a': uniform([2, 1, 3], 0.5, 1.5), 'b': uniform([4, 1], 0.5, 1.5) * np.array([[1], [-1], [1], [-1]])})
def _(p):
    a, b = p['a'], p['b']
    return tf.reduce_sum(a * b + a / b - tf.maximum(a, b) + tf.squared_difference(a, b))


@case('reductions_keepdims', {'x': uniform([3, 4, 2])})
def _(p):
    x = p['x']
    m = tf.reduce_mean(x, axis=1, keepdims=True)
    s = tf.reduce_sum(x * m, axis=[0, 2], keepdims=True)
    return [tf.reduce_max(x, axis=0) * 2.0, s, tf.reduce_prod(x + 2.0, axis=-1)]


@case('matmul_transposes', {'a': uniform([4, 3]), 'b': uniform([5, 4]), 'c': uniform([3, 5])})
def _(p):
    ab = tf.matmul(p['a'], p['b'], transpose_a=True, transpose_b=True)
    return tf.reduce_sum(ab * p['c']) + tf.reduce_sum(tf.matmul(p['c'], ab, transpose_b=True))


@case('batch_matmul_broadcast', {'a': uniform([2, 3, 4]), 'b': uniform([4, 2])})
def _(p):
    return tf.reduce_sum(tf.square(tf.matmul(p['a'], p['b'])))


@case('gather', {'params': uniform([5, 3]), 'w': uniform([4, 3])}, ['params'])
def _(p):
    rows = tf.gather(p['params'], [4, 0, 4, 2])
    cols = tf.gather(p['params'], [2, 0], axis=1)
    return tf.reduce_sum(rows * p['w']) + tf.reduce_sum(tf.square(cols))


@case('concat_split', {'a': uniform([2, 3]), 'b': uniform([2, 2])})
def _(p):
    c = tf.concat([p['a'], p['b']], 1)
    s0, s1 = tf.split(c, [2, 3], 1)
    return tf.reduce_sum(tf.square(s0)) + tf.reduce_sum(s1 * 3.0) + tf.reduce_sum(tf.stack([p['a'][:, 0], p['b'][:, 1]]))


@case('where_select', {'x': uniform([3, 4]) + 0.05})
def _(p):
    x = p['x']
    return tf.reduce_sum(tf.where(x > 0, tf.square(x), -x))


@case('maximum_minimum', {'x': uniform([2, 3]), 'y': uniform([3])})
def _(p):
    return tf.maximum(p['x'], 0.3) + tf.minimum(p['x'], p['y'])


@case('pow', {'x': uniform([2, 3], 0.5, 2), 'y': uniform([2, 3], -2, 2)})
def _(p):
    return tf.pow(p['x'], p['y']) + tf.pow(p['x'], 3.0)


@case('reshape_transpose_chain', {'x': uniform([2, 6]), 'w': uniform([4, 3])})
def _(p):
    t = tf.transpose(tf.reshape(p['x'], [3, 4]), [1, 0])
    return tf.reduce_sum(tf.reshape(t * p['w'], [2, 6]) * tf.expand_dims(tf.range(6, dtype=f64), 0))


@case('mlp_tanh_sigmoid', {'x': uniform([4, 3]), 'W1': uniform([3, 5]), 'b1': uniform([5]), 'W2': uniform([5, 2]), 'b2': uniform([2])},
      ['W1', 'b1', 'W2', 'b2'])
def _(p):
    h = tf.tanh(tf.matmul(p['x'], p['W1']) + p['b1'])
    o = tf.sigmoid(tf.matmul(h, p['W2']) + p['b2'])
    return tf.reduce_mean(tf.log(o + 0.1))


@case('slices_and_pads', {'x': uniform([4, 5])})
def _(p):
    x = p['x']
    return [tf.pad(x[1:3, ::2], [[1, 0], [0, 2]]), tf.pad(x, [[1, 1], [2, 0]], mode='REFLECT'), tf.reverse(x[:, 1], [0])]


@case('cumsum_segment', {'x': uniform([5, 2])})
def _(p):
    x = p['x']
    return [tf.cumsum(x, axis=0, exclusive=True), tf.math.segment_sum(x, [0, 0, 1, 2, 2]) * 2.0,
            tf.unsorted_segment_sum(x, [1, 0, 1, -1, 0], 2)]


@case('softmax_xent', {'logits': uniform([4, 3], -2, 2), 'labels': np.array([[0.2, 0.5, 0.3], [1, 0, 0], [0, 1, 0], [0.1, 0.1, 0.8]])},
      ['logits', 'labels'])
def _(p):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=p['labels'], logits=p['logits']))


@case('sparse_softmax_xent', {'logits': uniform([4, 3], -2, 2)})
def _(p):
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([2, 0, 1, 1]), logits=p['logits'])


@case('sigmoid_xent_l2', {'logits': uniform([3, 2], -2, 2), 'w': uniform([2, 2])}, ['logits', 'w'])
def _(p):
    labels = tf.constant([[0, 1], [1, 0.5], [0.2, 0]], dtype=f64)
    return tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=p['logits'])) + tf.nn.l2_loss(p['w'])


@case('relu_softmax_net', {'x': uniform([4, 3]), 'W': uniform([3, 4]), 'b': uniform([4])}, ['W', 'b'])
def _(p):
    h = tf.nn.relu(tf.nn.bias_add(tf.matmul(p['x'], p['W']), p['b']))
    return tf.reduce_sum(tf.nn.log_softmax(h) * tf.constant([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=f64))


@case('conv_pool', {'x': uniform([2, 5, 5, 1]), 'w': uniform([3, 3, 1, 2])})
def _(p):
    c = tf.nn.conv2d(p['x'], p['w'], [1, 1, 1, 1], 'SAME')
    return tf.reduce_sum(tf.square(tf.nn.max_pool(c, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'))) + \
        tf.reduce_sum(tf.nn.avg_pool(c, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME'))


def build_second_order(p):
    # returns the first derivative; run_case differentiates it again
    x = p['x']
    return tf.gradients(tf.reduce_sum(x * x * x + tf.tanh(x) + tf.sigmoid(x)), x)[0]


CASES.append(('second_order', {'x': uniform([2, 3])}, None, build_second_order))


def run_case(case_id, inputs, xs_names, fn):
    g = tf.Graph()
    with g.as_default():
        ph = {k: tf.placeholder(f64, np.shape(v), name=k) for k, v in inputs.items()}
        ys = fn(ph)
        xs = [ph[k] for k in (xs_names or list(inputs))]
        grads = tf.gradients(ys, xs)
        with tf.Session() as sess:
            feed = {ph[k]: v for k, v in inputs.items()}
            fetched = [None if t is None else sess.run(t, feed) for t in grads]
    return {'id': case_id, 'inputs': {k: value(v) for k, v in inputs.items()}, 'xs': xs_names or list(inputs),
            'grads': [None if v is None else value(v) for v in fetched]}


# ---- naming: the gradient subgraph of small programs, as TF names it ----------------------

def naming_cases():
    out = []

    def record(case_id, build):
        g = tf.Graph()
        with g.as_default():
            grads = build()
            nodes = [[n.name, n.op, list(n.input)] for n in g.as_graph_def().node if n.name.startswith(('gradients', 'my_grads'))]
        out.append({'id': case_id, 'nodes': nodes, 'grads': [t.name for t in grads if t is not None]})

    def add_square():
        x = tf.placeholder(tf.float32, [2, 3], name='x')
        b = tf.placeholder(tf.float32, [3], name='b')
        return tf.gradients(tf.reduce_sum(tf.square(x + b)), [x, b])

    def variable_two_paths():
        v = tf.Variable([1., 2.], name='v')
        return tf.gradients(tf.reduce_sum(v * v), [v])

    def dense_layer():
        x = tf.placeholder(tf.float32, [None, 3], name='x')
        with tf.name_scope('dense'):
            w = tf.Variable(tf.zeros([3, 2]), name='kernel')
            b = tf.Variable(tf.zeros([2]), name='bias')
            y = tf.matmul(x, w) + b
        loss = tf.reduce_mean(tf.square(y), name='loss')
        return tf.gradients(loss, [w, b])

    def twice():
        x = tf.placeholder(tf.float32, [3], name='x')
        y = tf.exp(x)
        tf.gradients(y, x)
        return tf.gradients(y, x, grad_ys=tf.ones([3]), name='my_grads')

    record('add_square', add_square)
    record('variable_two_paths', variable_two_paths)
    record('dense_layer', dense_layer)
    record('twice', twice)
    return out


def main():
    cases = [run_case(*c) for c in CASES]
    doc = {'tf_version': tf.__version__, 'cases': cases, 'naming': naming_cases()}
    path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'gradients.json')
    with open(path, 'w') as f:
        f.write('{"tf_version": %s,\n"cases": [\n' % json.dumps(doc['tf_version']))
        f.write(',\n'.join(json.dumps(c) for c in doc['cases']))
        f.write('\n],\n"naming": [\n')
        f.write(',\n'.join(json.dumps(c) for c in doc['naming']))
        f.write('\n]}\n')
    print('wrote %d cases, %d naming cases to %s' % (len(cases), len(doc['naming']), path))


if __name__ == '__main__':
    main()
