#!/usr/bin/env python3
"""Generate test/fixtures/train.json from real TensorFlow (tf.compat.v1, graph mode).

Run from the repository root:

    .venv-tf/bin/python tools/gen_train_fixtures.py

Contents:
  problems      two fixed problems: "lsq" (least squares, data fed through placeholders
                x [8,3] and y [8,1]; variables W [3,1] and b []) and "quad" (a weighted
                quadratic in one variable v [4]). Initial values and data are listed.
  trajectories  for each optimizer config and problem: 10 training steps. Per step: the
                loss and the gradients at the current values (before the step), then the
                variable values after the step. Also the final slot values, the slot names
                (opt.get_slot_names()), the slot variable names, opt.variables() names, the
                train op name and type.
  graphs        the nodes (name, type, inputs) apply_gradients adds for each optimizer, for
                a variable 'weights' [2,2] whose gradient is the placeholder 'grad'.
  schedules     learning-rate schedules evaluated at several global steps, with the name
                of the returned tensor.
Floats are written with repr() (exact for float32 values widened to float64).
"""

import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'train.json')
STEPS = 10


def flt(a):
    a = np.asarray(a)
    return {'dtype': str(a.dtype), 'shape': list(a.shape), 'values': [float(x) for x in a.reshape(-1)]}


X = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7], [-0.2, 0.8, 1.1], [2.0, -0.5, 0.4],
              [0.0, 1.2, -1.5], [-1.3, -0.4, 0.9], [0.7, 0.7, 0.7], [1.1, -1.6, 0.2]], np.float32)
TRUE_W = np.array([[1.5], [-2.0], [0.5]], np.float32)
Y = (X @ TRUE_W + 0.3).astype(np.float32)
W0 = np.array([[0.1], [-0.2], [0.3]], np.float32)
B0 = np.float32(0.0)
V0 = np.array([1.0, -2.0, 3.0, 0.5], np.float32)
QUAD_SCALE = np.array([1.0, 0.5, 2.0, 4.0], np.float32)
QUAD_TARGET = np.array([0.5, 1.0, -1.0, 0.0], np.float32)

CONFIGS = {
    'gd': lambda: tf.train.GradientDescentOptimizer(0.1),
    'momentum': lambda: tf.train.MomentumOptimizer(0.05, 0.9),
    'nesterov': lambda: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    'adagrad': lambda: tf.train.AdagradOptimizer(0.3),
    'adadelta': lambda: tf.train.AdadeltaOptimizer(1.0, rho=0.95, epsilon=1e-6),
    'rmsprop': lambda: tf.train.RMSPropOptimizer(0.01),
    'rmsprop_momentum': lambda: tf.train.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5),
    'rmsprop_centered': lambda: tf.train.RMSPropOptimizer(0.01, decay=0.9, momentum=0.5, centered=True),
    'adam': lambda: tf.train.AdamOptimizer(0.1),
    'adam_custom': lambda: tf.train.AdamOptimizer(0.05, beta1=0.8, beta2=0.99, epsilon=1e-4),
}
# the TS constructor arguments for each config, so the tests build the same optimizers
CONFIG_ARGS = {
    'gd': {'cls': 'GradientDescentOptimizer', 'args': [0.1]},
    'momentum': {'cls': 'MomentumOptimizer', 'args': [0.05, 0.9]},
    'nesterov': {'cls': 'MomentumOptimizer', 'args': [0.05, 0.9, {'useNesterov': True}]},
    'adagrad': {'cls': 'AdagradOptimizer', 'args': [0.3]},
    'adadelta': {'cls': 'AdadeltaOptimizer', 'args': [1.0, {'rho': 0.95, 'epsilon': 1e-6}]},
    'rmsprop': {'cls': 'RMSPropOptimizer', 'args': [0.01]},
    'rmsprop_momentum': {'cls': 'RMSPropOptimizer', 'args': [0.01, {'decay': 0.8, 'momentum': 0.5}]},
    'rmsprop_centered': {'cls': 'RMSPropOptimizer', 'args': [0.01, {'decay': 0.9, 'momentum': 0.5, 'centered': True}]},
    'adam': {'cls': 'AdamOptimizer', 'args': [0.1]},
    'adam_custom': {'cls': 'AdamOptimizer', 'args': [0.05, {'beta1': 0.8, 'beta2': 0.99, 'epsilon': 1e-4}]},
}


def build_problem(name, dtype=tf.float32):
    """Returns (variables, loss, feed)."""
    npd = dtype.as_numpy_dtype
    if name == 'lsq':
        x = tf.placeholder(dtype, [None, 3], name='x')
        y = tf.placeholder(dtype, [None, 1], name='y')
        w = tf.Variable(W0.astype(npd), name='W')
        b = tf.Variable(npd(B0), name='b')
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        return [w, b], loss, {x: X.astype(npd), y: Y.astype(npd)}
    v = tf.Variable(V0.astype(npd), name='v')
    loss = tf.reduce_sum(QUAD_SCALE.astype(npd) * tf.square(v - QUAD_TARGET.astype(npd)))
    return [v], loss, {}


def trajectory(config, problem, dtype=tf.float32):
    g = tf.Graph()
    with g.as_default():
        varlist, loss, feed = build_problem(problem, dtype)
        opt = CONFIGS[config]()
        gv = opt.compute_gradients(loss)
        train = opt.apply_gradients(gv)
        grads = [gg for gg, _ in gv]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            steps = []
            for _ in range(STEPS):
                l, gr = sess.run([loss, grads], feed)
                sess.run(train, feed)
                steps.append({'loss': float(l), 'grads': [flt(a) for a in gr],
                              'values': [flt(a) for a in sess.run(varlist)]})
            slots = {}
            for sn in opt.get_slot_names():
                for v in varlist:
                    s = opt.get_slot(v, sn)
                    slots[f'{v.op.name}:{sn}'] = {'name': s.name, 'value': flt(sess.run(s))}
            return {
                'config': config, 'problem': problem, 'dtype': dtype.name,
                'opt': CONFIG_ARGS[config],
                'train_op': [train.name, train.type],
                'slot_names': opt.get_slot_names(),
                'slots': slots,
                'variables': [v.name for v in opt.variables()],
                'steps': steps,
            }


def graph_nodes(config, with_global_step=False):
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name='weights')
        gp = tf.placeholder(tf.float32, [2, 2], name='grad')
        gs = tf.train.get_or_create_global_step() if with_global_step else None
        opt = CONFIGS[config]()
        n0 = len(g.as_graph_def().node)
        train = opt.apply_gradients([(gp, w)], global_step=gs)
        # data inputs in order; control inputs sorted
        nodes = []
        for n in g.as_graph_def().node[n0:]:
            data = [i for i in n.input if not i.startswith('^')]
            ctrl = sorted(i for i in n.input if i.startswith('^'))
            nodes.append([n.name, n.op, data + ctrl])
        return {'config': config, 'global_step': with_global_step, 'opt': CONFIG_ARGS[config],
                'train_op': [train.name, train.type], 'nodes': nodes,
                'global_variables': [v.name for v in tf.global_variables()],
                'train_op_collection': [o.name for o in tf.get_collection(tf.GraphKeys.TRAIN_OP)]}


SCHED_STEPS = [0, 1, 5, 9, 10, 11, 19, 20, 21, 50, 99, 100, 101, 250]
SCHEDULES = {
    'exponential': ('exponentialDecay', [0.1, 100, 0.96], {}, lambda gs: tf.train.exponential_decay(0.1, gs, 100, 0.96)),
    'exponential_staircase': ('exponentialDecay', [0.1, 10, 0.5], {'staircase': True},
                              lambda gs: tf.train.exponential_decay(0.1, gs, 10, 0.5, staircase=True)),
    'polynomial': ('polynomialDecay', [0.1, 100], {'endLearningRate': 0.01, 'power': 0.5},
                   lambda gs: tf.train.polynomial_decay(0.1, gs, 100, 0.01, power=0.5)),
    'polynomial_default': ('polynomialDecay', [0.1, 100], {}, lambda gs: tf.train.polynomial_decay(0.1, gs, 100)),
    'polynomial_cycle': ('polynomialDecay', [0.1, 20], {'endLearningRate': 0.01, 'power': 2.0, 'cycle': True},
                         lambda gs: tf.train.polynomial_decay(0.1, gs, 20, 0.01, power=2.0, cycle=True)),
    'inverse_time': ('inverseTimeDecay', [0.1, 10, 0.5], {}, lambda gs: tf.train.inverse_time_decay(0.1, gs, 10, 0.5)),
    'inverse_time_staircase': ('inverseTimeDecay', [0.1, 10, 0.5], {'staircase': True},
                               lambda gs: tf.train.inverse_time_decay(0.1, gs, 10, 0.5, staircase=True)),
    'natural_exp': ('naturalExpDecay', [0.1, 10, 0.5], {}, lambda gs: tf.train.natural_exp_decay(0.1, gs, 10, 0.5)),
    'natural_exp_staircase': ('naturalExpDecay', [0.1, 10, 0.5], {'staircase': True},
                              lambda gs: tf.train.natural_exp_decay(0.1, gs, 10, 0.5, staircase=True)),
    'cosine': ('cosineDecay', [0.1, 100], {}, lambda gs: tf.train.cosine_decay(0.1, gs, 100)),
    'cosine_alpha': ('cosineDecay', [0.1, 100], {'alpha': 0.1}, lambda gs: tf.train.cosine_decay(0.1, gs, 100, alpha=0.1)),
    'cosine_restarts': ('cosineDecayRestarts', [0.1, 20], {}, lambda gs: tf.train.cosine_decay_restarts(0.1, gs, 20)),
    'cosine_restarts_t1': ('cosineDecayRestarts', [0.1, 20], {'tMul': 1.0, 'mMul': 0.5, 'alpha': 0.05},
                           lambda gs: tf.train.cosine_decay_restarts(0.1, gs, 20, t_mul=1.0, m_mul=0.5, alpha=0.05)),
    'linear_cosine': ('linearCosineDecay', [0.1, 100], {}, lambda gs: tf.train.linear_cosine_decay(0.1, gs, 100)),
    'linear_cosine_args': ('linearCosineDecay', [0.1, 100], {'numPeriods': 2.0, 'alpha': 0.1, 'beta': 0.01},
                           lambda gs: tf.train.linear_cosine_decay(0.1, gs, 100, num_periods=2.0, alpha=0.1, beta=0.01)),
    'piecewise': ('piecewiseConstant', [[10, 20], [1.0, 0.5, 0.1]], {},
                  lambda gs: tf.train.piecewise_constant(gs, [10, 20], [1.0, 0.5, 0.1])),
    'piecewise_one': ('piecewiseConstant', [[50], [0.3, 0.03]], {},
                      lambda gs: tf.train.piecewise_constant(gs, [50], [0.3, 0.03])),
}


def schedules():
    out = {}
    for key, (fn, args, kwargs, make) in SCHEDULES.items():
        g = tf.Graph()
        with g.as_default():
            gs = tf.train.get_or_create_global_step()
            n0 = len(g.as_graph_def().node)
            lr = make(gs)
            nodes = [[n.name, n.op] for n in g.as_graph_def().node[n0:]]
            vals = []
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for s in SCHED_STEPS:
                    gs.load(s, sess)
                    vals.append(float(sess.run(lr)))
            out[key] = {'fn': fn, 'args': args, 'kwargs': kwargs, 'steps': SCHED_STEPS, 'values': vals,
                        'name': lr.name, 'dtype': lr.dtype.name, 'nodes': nodes}
    return out


def main():
    data = {
        'tf_version': tf.__version__,
        'problems': {
            'lsq': {'x': flt(X), 'y': flt(Y), 'W0': flt(W0), 'b0': flt(B0)},
            'quad': {'v0': flt(V0), 'scale': flt(QUAD_SCALE), 'target': flt(QUAD_TARGET)},
        },
        'trajectories': [],
        'graphs': [],
        'schedules': schedules(),
    }
    for config in CONFIGS:
        for problem in ('lsq', 'quad'):
            data['trajectories'].append(trajectory(config, problem))
    for config in ('gd', 'adam', 'rmsprop_centered'):
        data['trajectories'].append(trajectory(config, 'lsq', tf.float64))
    for config in CONFIGS:
        data['graphs'].append(graph_nodes(config))
    data['graphs'].append(graph_nodes('adam', True))
    data['graphs'].append(graph_nodes('gd', True))
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=None, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {OUT}: {len(data["trajectories"])} trajectories, {len(data["graphs"])} graphs, '
          f'{len(data["schedules"])} schedules', file=sys.stderr)


if __name__ == '__main__':
    main()
