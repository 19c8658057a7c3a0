#!/usr/bin/env python3
"""Generate test/fixtures/checkpoints/ from real TensorFlow (tf.compat.v1, graph mode).

Run from the repository root:

    .venv-tf/bin/python tools/gen_checkpoint_fixtures.py

Each subdirectory holds what TF 1's Saver (or the SaveV2 op) wrote, plus `values.json`
listing every saved tensor: {name: {dtype, shape, values}} with values flattened
row-major; int64 as decimal strings, complex64 as [re, im] pairs, strings as UTF-8 text,
non-finite floats as "nan" / "inf" / "-inf".

  dtypes/   tf.train.Saver() over variables of every dtype tensorgraph has (float16/32/64,
            int8/16/32/64, uint8/16, bool, string, complex64), scoped names, scalars and
            empty tensors; prefix `model.ckpt` (no global step) + .meta + `checkpoint`.
  adam/     a small dense model (dense/w [3,2], dense/b [2], global_step) trained 3 steps
            with AdamOptimizer(0.1), saved after each step with max_to_keep=2, so
            model.ckpt-2 and model.ckpt-3 remain and `checkpoint` lists both
            (paths relative, as TF writes them for a relative prefix); values.json's
            "after_step_4" holds every variable after one more (unsaved) step.
  many/     SaveV2 (the raw op) of NUM_MANY float32 scalars with long names, so the .index
            SSTable has several data blocks, plus `big` (a [256,256] float32 tensor larger
            than a block); names and values follow the formula in values.json's "spec"
            (the test rebuilds them rather than storing every value).
"""

import json
import os
import shutil

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'checkpoints')
NUM_MANY = 2600
LONG = 'encoder/layer_norm/attention/self/query/kernel/' * 4


def encode(a):
    a = np.asarray(a)
    flat = a.reshape(-1)
    if a.dtype == np.int64:
        vals = [str(int(v)) for v in flat]
    elif a.dtype == np.complex64:
        vals = [[float(v.real), float(v.imag)] for v in flat]
    elif a.dtype == np.bool_:
        vals = [bool(v) for v in flat]
    elif a.dtype.kind in 'OSU':
        vals = [v.decode('utf-8') if isinstance(v, bytes) else str(v) for v in flat]
    elif a.dtype.kind == 'f':
        vals = [('nan' if np.isnan(v) else ('inf' if v > 0 else '-inf')) if not np.isfinite(v) else float(v) for v in flat]
    else:
        vals = [int(v) for v in flat]
    dt = 'bool' if a.dtype == np.bool_ else 'string' if a.dtype.kind in 'OSU' else str(a.dtype)
    return {'dtype': dt, 'shape': list(a.shape), 'values': vals}


def fresh(name):
    d = os.path.join(ROOT, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def dump_values(d, prefix, extra=None):
    r = tf.train.load_checkpoint(os.path.join(d, prefix))
    out = {k: encode(r.get_tensor(k)) for k in sorted(r.get_variable_to_shape_map())}
    doc = {'prefix': prefix, 'tensors': out}
    if extra:
        doc.update(extra)
    with open(os.path.join(d, 'values.json'), 'w') as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write('\n')


DTYPE_VALUES = {
    'dtypes/float32': np.array([[1.5, -2.25, 3.0], [0.0, -0.0, 1e-38]], np.float32),
    'dtypes/float64': np.array([np.pi, -1e-300, 1e300], np.float64),
    'dtypes/float16': np.array([1.0, -2.5, 6e-8, 65504.0, np.inf, -np.inf], np.float16),
    'dtypes/int8': np.array([-128, 0, 127], np.int8),
    'dtypes/int16': np.array([[-32768, 1], [2, 32767]], np.int16),
    'dtypes/int32': np.array([-2147483648, 7, 2147483647], np.int32),
    'dtypes/int64': np.array([-2 ** 62, 1, 2 ** 62 + 3], np.int64),
    'dtypes/uint8': np.array([0, 200, 255], np.uint8),
    'dtypes/uint16': np.array([0, 40000, 65535], np.uint16),
    'dtypes/bool': np.array([[True, False], [False, True]]),
    'dtypes/string': np.array([b'hello', b'', 'caf\u00e9 \u2713'.encode('utf-8'), b'x' * 200], object),
    'dtypes/complex64': np.array([1 + 2j, -0.5 - 0.25j], np.complex64),
    'scalars/pi': np.float32(3.1415927),
    'scalars/count': np.int64(-5),
    'scalars/flag': np.bool_(True),
    'scalars/name': np.array(b'tensorgraph', object),
    'empty/matrix': np.zeros([0, 3], np.float32),
    'empty/strings': np.zeros([0], object),
    'outer/inner/deep/v': np.arange(24, dtype=np.float64).reshape(2, 3, 4),
}


def gen_dtypes():
    d = fresh('dtypes')
    tf.reset_default_graph()
    # one name scope per prefix (re-entering a scope would make 'dtypes_1/...')
    by_scope = {}
    for name, v in DTYPE_VALUES.items():
        scope, base = name.rsplit('/', 1)
        by_scope.setdefault(scope, []).append((base, v))
    for scope, items in by_scope.items():
        with tf.name_scope(scope):
            for base, v in items:
                tf.Variable(tf.constant(v, dtype=tf.string) if v.dtype == object else v, name=base)
    saver = tf.train.Saver()
    cwd = os.getcwd()
    os.chdir(d)
    try:
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            saver.save(s, 'model.ckpt')
    finally:
        os.chdir(cwd)
    dump_values(d, 'model.ckpt')


def gen_adam():
    d = fresh('adam')
    tf.reset_default_graph()
    x = tf.constant([[1., 2., 3.], [4., 5., 6.], [-1., 0., 1.], [0.5, 0.5, -2.]], name='x')
    y = tf.constant([[1., 0.], [0., 1.], [1., 1.], [0., 0.]], name='y')
    with tf.variable_scope('dense'):
        w = tf.get_variable('w', initializer=tf.constant([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]))
        b = tf.get_variable('b', initializer=tf.constant([0.01, -0.02]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y), name='loss')
    gs = tf.train.get_or_create_global_step()
    train = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=gs)
    saver = tf.train.Saver(max_to_keep=2)
    cwd = os.getcwd()
    os.chdir(d)
    try:
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            for _ in range(3):
                s.run(train)
                saver.save(s, 'model.ckpt', global_step=gs)
            # one more step (not saved): a restored model must continue exactly like this
            s.run(train)
            after = {v.op.name: encode(s.run(v)) for v in tf.global_variables()}
    finally:
        os.chdir(cwd)
    dump_values(d, 'model.ckpt-3', {'after_step_4': after})


def many_name(i):
    return 'v%05d/%s%d' % (i, LONG, i % 7)


def gen_many():
    d = fresh('many')
    tf.reset_default_graph()
    names = [many_name(i) for i in range(NUM_MANY)] + ['big']
    tensors = [tf.constant(np.float32(i) * 0.5 - 3.0) for i in range(NUM_MANY)]
    tensors.append(tf.constant((np.arange(256 * 256, dtype=np.float32) * 0.25 - 100.0).reshape(256, 256)))
    prefix = tf.constant(os.path.join(d, 'model.ckpt'))
    op = tf.raw_ops.SaveV2(prefix=prefix, tensor_names=names, shape_and_slices=[''] * len(names), tensors=tensors)
    with tf.Session() as s:
        s.run(op)
    spec = {
        'spec': {
            'count': NUM_MANY,
            'name': "'v%05d/' + LONG + str(i % 7)",
            'long': LONG,
            'value': 'float32(i) * 0.5 - 3.0 (scalar)',
            'big': '(arange(65536, float32) * 0.25 - 100).reshape(256, 256)',
        },
    }
    # values.json keeps only a few entries: the spec rebuilds the rest
    r = tf.train.load_checkpoint(os.path.join(d, 'model.ckpt'))
    keep = [many_name(0), many_name(1), many_name(NUM_MANY - 1)]
    doc = {'prefix': 'model.ckpt', 'tensors': {k: encode(r.get_tensor(k)) for k in keep}}
    doc['tensors']['big'] = {'dtype': 'float32', 'shape': [256, 256], 'values': 'see spec'}
    doc.update(spec)
    with open(os.path.join(d, 'values.json'), 'w') as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    os.makedirs(ROOT, exist_ok=True)
    gen_dtypes()
    gen_adam()
    gen_many()
    for sub in sorted(os.listdir(ROOT)):
        p = os.path.join(ROOT, sub)
        if os.path.isdir(p):
            print(sub, sorted(os.listdir(p)))
