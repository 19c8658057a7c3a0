"""Expected numbers for test/random/*.test.ts, from the real TF (tf.compat.v1 graph mode).

Run: .venv-tf/bin/python tools/gen_random_fixtures.py > test/fixtures/random.json
Each case builds a fresh graph, runs `fetch` `runs` times in one session (and once more in a
second session when `sessions` is 2), and records the values as exact doubles.
"""
import json
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def values(a):
    a = np.asarray(a)
    if a.dtype == np.int64:
        return [str(int(v)) for v in a.reshape(-1)]
    return [float(v) if a.dtype.kind == 'f' else int(v) for v in a.reshape(-1)]


def case(name, build, runs=2, sessions=2, pick=None):
    """runs: [run][fetch][flat values]; session2: the first run of a second session."""
    g = tf.Graph()
    with g.as_default():
        fetch = build()
        fetches = fetch if isinstance(fetch, list) else [fetch]
        init = tf.global_variables_initializer()
        out = {'runs': [], 'session2': []}
        for s in range(sessions):
            with tf.Session() as sess:
                sess.run(init)
                for _ in range(runs if s == 0 else 1):
                    vs = sess.run(fetches)
                    out['shapes'] = [list(np.shape(v)) for v in vs]
                    out['dtypes'] = [np.asarray(v).dtype.name for v in vs]
                    flat = [np.asarray(v).reshape(-1) for v in vs]
                    if pick is not None:
                        out['indices'] = pick
                        flat = [f[pick] for f in flat]
                    out['runs' if s == 0 else 'session2'].append([values(f) for f in flat])
        out['nodes'] = [[n.name, n.op, {k: v.i for k, v in n.attr.items() if k in ('seed', 'seed2')}]
                        for n in g.as_graph_def().node]
        CASES[name] = out


CASES = {}
N = 100003
BIG_PICK = list(range(8)) + [4095, 4096, 50000, 65537] + list(range(N - 8, N))

case('normal_graph_seed', lambda: (tf.set_random_seed(42), tf.random_normal([2, 2]))[1], runs=3)
case('uniform_op_seed', lambda: tf.random_uniform([6], seed=7))
case('uniform_minmax', lambda: tf.random_uniform([3, 1], -1.0, 1.0, seed=42))
case('uniform_f64', lambda: tf.random_uniform([5], dtype=tf.float64, seed=3))
case('uniform_f16', lambda: tf.random_uniform([6], dtype=tf.float16, seed=3))
case('normal_f64', lambda: tf.random_normal([5], dtype=tf.float64, seed=3))
case('normal_f16', lambda: tf.random_normal([6], dtype=tf.float16, seed=3))
case('normal_mean_std', lambda: tf.random_normal([7], 5.0, 0.5, seed=11))
case('truncated_f32', lambda: tf.truncated_normal([10], seed=5))
case('truncated_f64', lambda: tf.truncated_normal([5], dtype=tf.float64, seed=5))
case('truncated_std', lambda: tf.truncated_normal([3, 3], stddev=0.1, seed=9))
case('uniform_int32', lambda: tf.random_uniform([10], 0, 10, dtype=tf.int32, seed=1))
case('uniform_int32_full', lambda: tf.random_uniform([6], -2**31, 2**31 - 1, dtype=tf.int32, seed=1))
case('uniform_int64', lambda: tf.random_uniform([6], -5, 1000, dtype=tf.int64, seed=1))
case('uniform_int64_wide', lambda: tf.random_uniform([4], -2**62, 2**62, dtype=tf.int64, seed=2))
case('shuffle_1d', lambda: tf.random_shuffle(list(range(10)), seed=1))
case('shuffle_2d', lambda: tf.random_shuffle(np.arange(10).reshape(5, 2), seed=2))
case('multinomial', lambda: tf.multinomial([[1.0, 2.0, 3.0], [0.0, 0.0, -np.inf]], 10, seed=1))
case('categorical_f64', lambda: tf.random.categorical(np.log([[0.1, 0.2, 0.7]]), 7, dtype=tf.int32, seed=4))
case('gamma_f32', lambda: tf.random_gamma([5], [0.5, 2.0], seed=1))
case('gamma_f64', lambda: tf.random_gamma([4], [0.3, 1.0, 7.5], dtype=tf.float64, seed=1))
case('seeds_zero', lambda: (tf.set_random_seed(0), tf.random_normal([3], seed=0))[1])
case('graph_seed_many', lambda: (tf.set_random_seed(1), [tf.random_uniform([3]), tf.random_normal([3]),
                                                       tf.truncated_normal([3]), tf.random_shuffle([1, 2, 3, 4]),
                                                       tf.random_uniform([3], seed=5)])[1])
case('big_uniform', lambda: tf.random_uniform([N], seed=1), pick=BIG_PICK)
case('big_normal', lambda: tf.random_normal([N], seed=1), pick=BIG_PICK)
case('big_truncated', lambda: tf.truncated_normal([N], seed=1), pick=BIG_PICK)
case('big_int', lambda: tf.random_uniform([N], 0, 1000, dtype=tf.int32, seed=1), pick=BIG_PICK)


def var_case(name, make_init, shape=(3, 4)):
    case(name, lambda: tf.get_variable('w', list(shape), initializer=make_init()).read_value(), runs=1)


var_case('glorot_uniform', lambda: tf.glorot_uniform_initializer(seed=1))
var_case('glorot_normal', lambda: tf.glorot_normal_initializer(seed=1))
var_case('he_normal_conv', lambda: tf.initializers.he_normal(seed=3), shape=(3, 3, 2, 4))
var_case('lecun_uniform', lambda: tf.initializers.lecun_uniform(seed=3))
var_case('vs_untruncated_fan_out', lambda: tf.variance_scaling_initializer(scale=2.0, mode='fan_out', distribution='untruncated_normal', seed=4))
var_case('random_normal_init', lambda: tf.random_normal_initializer(0.5, 0.25, seed=6))
var_case('random_uniform_init', lambda: tf.random_uniform_initializer(-0.1, 0.1, seed=6))
var_case('truncated_normal_init', lambda: tf.truncated_normal_initializer(stddev=0.01, seed=6))
var_case('default_init_graph_seed', lambda: (tf.set_random_seed(3), None)[1])

json.dump(CASES, sys.stdout, indent=None, separators=(',', ':'), sort_keys=True)
print()
