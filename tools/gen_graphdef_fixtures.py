#!/usr/bin/env python3
"""GraphDef / MetaGraphDef fixtures and the op-signature table, from real TensorFlow.

Run from the repository root:

    .venv-tf/bin/python tools/gen_graphdef_fixtures.py

Writes
  src/io/op_signatures.ts        TF's OpDefs (inputs, outputs, attrs with defaults) of every op
                                 type tensorgraph defines (every quoted CamelCase name under src/
                                 that TF registers) plus a few more that graphs from real TF use.
  test/fixtures/graphdefs/       <name>.pb (binary GraphDef), <name>.pbtxt (text format) for
                                 each graph below, model.meta / plain.meta (MetaGraphDefs; model.*
                                 also has its V2 checkpoint), and manifest.json:
      {"tf_version", "producer",
       "graphs": {"<name>": {"feeds": {"<tensor>": value}, "init": "<op>"|null,
                             "fetches": {"<tensor>": value}}},
       "meta": {"<file>": {"variables": [...], "trainable": [...], "collections": [...],
                           "saver_def": {...}|null, "feeds", "init", and "fetches"/"values"
                           (vars.meta) or "trained" (model.meta: after 3 training steps)}}}
    vars.meta needs no training ops; plain.meta and model.meta (with save/restore ops) do.
    A value is {"dtype", "shape", "values"}: flat C-order; floats by repr() ("nan", "inf",
    "-inf" as strings); int64 as decimal strings; strings as text; bools as true/false.
"""

import json
import math
import os
import re
import shutil
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.framework import op_def_registry
from tensorflow.core.framework import types_pb2

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'graphdefs')
SIGS = os.path.join(ROOT, 'src', 'io', 'op_signatures.ts')

# Op types graphs from real TF often contain, besides those tensorgraph defines.
EXTRA_OPS = """
VarHandleOp ReadVariableOp AssignVariableOp AssignAddVariableOp AssignSubVariableOp VarIsInitializedOp
DestroyResourceOp SaveV2 RestoreV2 StringJoin ShardedFilename MergeV2Checkpoints ScalarSummary
HistogramSummary ImageSummary AudioSummaryV2 TensorSummaryV2 MergeSummary Relu Relu6 Elu Selu LeakyRelu
Softmax LogSoftmax BiasAdd Conv2D MaxPool AvgPool ReluGrad Relu6Grad EluGrad SeluGrad LeakyReluGrad
SigmoidGrad TanhGrad SqrtGrad RsqrtGrad ReciprocalGrad SoftplusGrad SoftsignGrad BroadcastGradientArgs
Snapshot RefIdentity PreventGradient CheckNumerics BatchMatMul BatchMatMulV3 ApplyGradientDescent
ApplyMomentum ApplyAdam ApplyAdagrad ApplyRMSProp ApplyAdadelta ApplyCenteredRMSProp RandomUniform
RandomStandardNormal TruncatedNormal ArgMax ArgMin IdentityN Squeeze ExpandDims DivNoNan Einsum
FusedBatchNormV3 LRN DepthwiseConv2dNative Conv2DBackpropInput Conv2DBackpropFilter InTopKV2 L2Loss
SoftmaxCrossEntropyWithLogits SparseSoftmaxCrossEntropyWithLogits Sum Mean Prod Max Min All Any
""".split()

DT_NAMES = {v: k for k, v in types_pb2.DataType.items()}


def arg_str(a):
    if a.type_attr:
        t = a.type_attr
    elif a.type_list_attr:
        t = '[%s]' % a.type_list_attr
    else:
        t = DT_NAMES[a.type]
    if a.number_attr:
        t = '%s*%s' % (a.number_attr, t)
    return '%s:%s%s' % (a.name, t, '&' if a.is_ref else '')


def default_str(attr):
    if not attr.HasField('default_value'):
        return ''
    v = attr.default_value
    kind = v.WhichOneof('value')
    if kind == 'type':
        return '=' + DT_NAMES[v.type]
    if kind == 'shape':
        if v.shape.unknown_rank:
            return '=null'
        return '=' + json.dumps([d.size for d in v.shape.dim], separators=(',', ':'))
    if kind == 'list':
        lst = v.list
        for f in ('s', 'i', 'f', 'b', 'type'):
            vals = list(getattr(lst, f))
            if vals:
                if f == 's':
                    vals = [x.decode() for x in vals]
                if f == 'type':
                    vals = [DT_NAMES[x] for x in vals]
                return '=' + json.dumps(vals, separators=(',', ':'))
        return '=[]'
    if kind == 's':
        return '=' + json.dumps(v.s.decode()).replace(' ', '\\u0020')
    if kind in ('i', 'b'):
        return '=' + json.dumps(getattr(v, kind))
    if kind == 'f':
        return '=' + repr(float(v.f))
    return ''


def op_types_in_src():
    names = set()
    for dirpath, _, files in os.walk(os.path.join(ROOT, 'src')):
        for f in files:
            if f.endswith('.ts') and f != 'op_signatures.ts':
                text = open(os.path.join(dirpath, f), encoding='utf-8').read()
                names.update(re.findall(r"""['"]([A-Z][A-Za-z0-9]+)['"]""", text))
    return names


def write_signatures():
    names = sorted(n for n in op_types_in_src() | set(EXTRA_OPS) if op_def_registry.get(n) is not None)
    lines = []
    for n in names:
        od = op_def_registry.get(n)
        ins = ' '.join(arg_str(a) for a in od.input_arg)
        outs = ' '.join(arg_str(a) for a in od.output_arg)
        attrs = ' '.join('%s:%s%s' % (a.name, a.type, default_str(a)) for a in od.attr)
        flags = 's' if od.is_stateful else ''
        row = [ins, outs, attrs] + ([flags] if flags else [])
        lines.append('  %s: [%s],' % (n, ', '.join(json.dumps(x) for x in row)))
    with open(SIGS, 'w', encoding='utf-8') as f:
        f.write('// Generated by tools/gen_graphdef_fixtures.py from TensorFlow %s\'s op registry; do not edit.\n' % tf.__version__)
        f.write('// Each op: [inputs, outputs, attrs, flags?], space-separated. An arg is `name:T` (its dtype is\n')
        f.write("// type attr T), `name:DT_INT32` (fixed), `name:N*T` (N of them), `name:[U]` (list-of-types\n")
        f.write("// attr U); a trailing `&` marks a reference. An attr is `name:type` or `name:type=default`\n")
        f.write("// (JSON; dtypes as DT_ names; shapes as a dims list, null = unknown rank). Flag s = stateful.\n\n")
        f.write('export const OP_SIGNATURES: Readonly<Record<string, readonly string[]>> = {\n')
        f.write('\n'.join(lines) + '\n};\n')
    print('wrote %d op signatures' % len(names))


# ---- values ---------------------------------------------------------------------------------

def enc_float(x):
    x = float(x)
    if math.isnan(x):
        return 'nan'
    if math.isinf(x):
        return 'inf' if x > 0 else '-inf'
    return x


def value(a):
    a = np.asarray(a)
    dt = a.dtype
    flat = a.reshape(-1)
    if dt.kind in 'SUO':
        return {'dtype': 'string', 'shape': list(a.shape), 'values': [v.decode() if isinstance(v, bytes) else str(v) for v in flat]}
    name = {'float16': 'float16', 'float32': 'float32', 'float64': 'float64', 'int8': 'int8', 'int16': 'int16',
            'int32': 'int32', 'int64': 'int64', 'uint8': 'uint8', 'uint16': 'uint16', 'bool': 'bool',
            'complex64': 'complex64'}[dt.name]
    if name == 'int64':
        vals = [str(int(v)) for v in flat]
    elif name == 'bool':
        vals = [bool(v) for v in flat]
    elif name == 'complex64':
        vals = [[enc_float(v.real), enc_float(v.imag)] for v in flat]
    elif dt.kind == 'f':
        vals = [enc_float(v) for v in flat]
    else:
        vals = [int(v) for v in flat]
    return {'dtype': name, 'shape': list(a.shape), 'values': vals}


def save_graph(name, graph):
    gd = graph.as_graph_def()
    tf.io.write_graph(gd, OUT, name + '.pb', as_text=False)
    tf.io.write_graph(gd, OUT, name + '.pbtxt', as_text=True)


def run_and_record(graph, feeds, fetches, init=None):
    with tf.Session(graph=graph) as sess:
        if init:
            sess.run(init)
        fd = {graph.get_tensor_by_name(k): v for k, v in feeds.items()}
        out = sess.run([graph.get_tensor_by_name(f) for f in fetches], fd)
    return {'feeds': {k: value(v) for k, v in feeds.items()}, 'init': init,
            'fetches': {f: value(v) for f, v in zip(fetches, out)}}


# ---- graphs ---------------------------------------------------------------------------------

X3 = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7], [-0.2, 0.8, 1.1], [2.0, -0.5, 0.4]], np.float32)
W0 = np.array([[0.1, 0.4], [-0.2, 0.5], [0.3, -0.6]], np.float32)
B0 = np.array([0.05, -0.1], np.float32)


def seed_graph():
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.int16, name='a')
        b = tf.placeholder(tf.int16, name='b')
        c = tf.add(a, b)
        d = tf.multiply(a, b)
        tf.add(c, d)
    return g, run_and_record(g, {'a:0': np.int16(5), 'b:0': np.int16(3)}, ['Add_1:0', 'Add:0', 'Mul:0'])


def seed_const_graph():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(2)
        b = tf.constant(3)
        c = a + b
        d = a * b
        c + d
    return g, run_and_record(g, {}, ['add_1:0'])


def linear_graph():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name='x')
        with tf.name_scope('linear'):
            w = tf.Variable(W0, name='W')
            b = tf.Variable(B0, name='b')
            tf.add(tf.matmul(x, w), b, name='y')
        tf.global_variables_initializer()
    return g, run_and_record(g, {'x:0': X3}, ['linear/y:0'], init='init')


def mlp_variables(relu_softmax):
    rng = np.random.RandomState(7)
    x = tf.placeholder(tf.float32, [None, 3], name='input')
    w1 = tf.Variable(rng.randn(3, 5).astype(np.float32), name='w1')
    b1 = tf.Variable(rng.randn(5).astype(np.float32), name='b1')
    w2 = tf.Variable(rng.randn(5, 4).astype(np.float32), name='w2')
    b2 = tf.Variable(rng.randn(4).astype(np.float32), name='b2')
    with tf.name_scope('hidden'):
        pre = tf.matmul(x, w1) + b1
        h = tf.nn.relu(pre) if relu_softmax else tf.tanh(pre)
    with tf.name_scope('output'):
        if relu_softmax:
            logits = tf.nn.bias_add(tf.matmul(h, w2), b2)
            tf.nn.softmax(logits, name='probs')
        else:
            tf.add(tf.matmul(h, w2), b2, name='y')


def frozen_graph(relu_softmax):
    g = tf.Graph()
    with g.as_default():
        mlp_variables(relu_softmax)
        out = 'output/probs' if relu_softmax else 'output/y'
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), [out])
    fg = tf.Graph()
    with fg.as_default():
        tf.import_graph_def(frozen, name='')
    return fg, run_and_record(fg, {'input:0': X3}, [out + ':0'])


def scopes_graph():
    """Seeds 000/003's "improved graph": variables, transformation and update scopes."""
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope('variables'):
            global_step = tf.Variable(0, dtype=tf.int32, trainable=False, name='global_step')
            total_output = tf.Variable(0.0, dtype=tf.float32, trainable=False, name='total_output')
        with tf.name_scope('transformation'):
            with tf.name_scope('input'):
                a = tf.placeholder(tf.float32, shape=[None], name='input_placeholder_a')
            with tf.name_scope('intermediate_layer'):
                b = tf.reduce_prod(a, name='product_b')
                c = tf.reduce_sum(a, name='sum_c')
            with tf.name_scope('output'):
                output = tf.add(b, c, name='output')
        with tf.name_scope('update'):
            update_total = total_output.assign_add(output)
            increment_step = global_step.assign_add(1)
        with tf.name_scope('summaries'):
            tf.div(update_total, tf.cast(increment_step, tf.float32), name='average')
        with tf.name_scope('global_ops'):
            tf.global_variables_initializer()
    return g, run_and_record(g, {'transformation/input/input_placeholder_a:0': np.array([5, 2], np.float32)},
                             ['transformation/output/output:0', 'summaries/average:0'], init='global_ops/init')


def zoo_graph():
    """Many op types and attrs, each fetched: checks attr mapping on import."""
    g = tf.Graph()
    fetches = []

    def out(t, name):
        fetches.append(tf.identity(t, name=name).name)

    with g.as_default():
        x = tf.placeholder(tf.float32, [2, 3], name='x')
        m = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4), name='m')
        out(tf.transpose(x), 'transpose')
        out(tf.reshape(x, [3, 2]), 'reshape')
        out(tf.concat([x, x], axis=1), 'concat')
        out(tf.stack([x, x], axis=1), 'stack')
        out(tf.unstack(x, axis=1)[2], 'unstack')
        out(x[1:, ::2], 'strided')
        out(x[:, 1], 'strided_shrink')
        out(tf.reduce_mean(x, axis=1, keepdims=True), 'mean_keep')
        out(tf.reduce_max(x, axis=0), 'max')
        out(tf.argmax(x, axis=1), 'argmax')
        out(tf.argmin(x, axis=0, output_type=tf.int32), 'argmin')
        out(tf.cast(x, tf.int32), 'cast')
        out(tf.one_hot([0, 2, 1], 3, on_value=5.0, off_value=-1.0, axis=0), 'one_hot')
        out(tf.tile(x, [2, 1]), 'tile')
        out(tf.pad(x, [[1, 0], [0, 2]]), 'pad')
        out(tf.pad(x, [[1, 1], [0, 1]], mode='REFLECT'), 'mirror_pad')
        out(tf.gather(x, [2, 0], axis=1), 'gather')
        out(tf.squeeze(tf.expand_dims(x, 0), axis=[0]), 'squeeze')
        out(tf.split(x, 3, axis=1)[1], 'split')
        out(tf.split(x, [1, 2], axis=1)[1], 'splitv')
        out(tf.cumsum(x, axis=1, exclusive=True, reverse=True), 'cumsum')
        out(tf.matmul(x, m), 'matmul')
        out(tf.matmul(m, m, transpose_a=True), 'matmul_ta')
        out(tf.matmul(tf.stack([x, x]), tf.stack([x, x]), adjoint_b=True), 'batch_matmul')
        out(tf.where(x > 0, x, -x), 'where')
        out(tf.logical_and(x > 0, x < 1.0), 'logical')
        out(tf.range(1, 10, 3), 'range')
        out(tf.fill([2, 2], 7), 'fill')
        out(tf.zeros_like(x), 'zeros_like')
        out(tf.shape(x), 'shape')
        out(tf.size(x, out_type=tf.int64), 'size')
        out(tf.rank(x), 'rank')
        out(tf.clip_by_value(x, -0.5, 0.5), 'clip')
        out(tf.nn.top_k(tf.reshape(x, [-1]), k=2).indices, 'top_k')
        out(tf.sqrt(tf.abs(x)) + tf.exp(x) * tf.square(x) - tf.sigmoid(x) / tf.tanh(x + 2.0), 'elementwise')
        out(tf.pow(tf.abs(x), 2.5), 'pow')
        out(tf.floordiv(tf.constant([7, -7]), 2), 'floordiv')
        out(tf.math.floormod(tf.constant([7, -7]), 3), 'floormod')
        out(tf.reverse(x, axis=[1]), 'reverse')
        out(tf.slice(x, [0, 1], [2, 2]), 'slice')
        out(tf.add_n([x, x, x]), 'add_n')
        out(tf.constant([2 ** 40 + 1, -3], dtype=tf.int64), 'int64_const')
        out(tf.constant([1.5, -2.25, 65504.0], dtype=tf.float16), 'half_const')
        out(tf.constant([True, False, True]), 'bool_const')
        out(tf.constant(['a', 'bc', '']), 'string_const')
        out(tf.constant([1, 255], dtype=tf.uint8), 'uint8_const')
        out(tf.constant([1, 65535], dtype=tf.uint16), 'uint16_const')
        out(tf.constant([1, -128], dtype=tf.int8), 'int8_const')
        out(tf.constant(1.5, shape=[2, 3]), 'filled_const')
        out(tf.constant([1.0, 2.0], dtype=tf.float64), 'double_const')
        out(tf.complex(tf.constant([1.0, 2.0]), tf.constant([0.5, -1.0])), 'complex')
        out(tf.constant(np.array([[1 + 2j, 3 - 4j]], np.complex64)), 'complex_const')
    feeds = {'x:0': np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]], np.float32)}
    return g, run_and_record(g, feeds, fetches)


# ---- meta graphs ----------------------------------------------------------------------------

def meta_graphs(tmp):
    g = tf.Graph()
    info = {}
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name='x')
        y = tf.placeholder(tf.float32, [None, 2], name='y')
        global_step = tf.train.get_or_create_global_step()
        with tf.variable_scope('dense'):
            w = tf.get_variable('w', initializer=tf.constant(W0))
            b = tf.get_variable('b', initializer=tf.constant(B0))
            pred = tf.add(tf.matmul(x, w), b, name='pred')
        counter = tf.Variable(0, name='counter', trainable=False)
        loss = tf.reduce_mean(tf.square(pred - y), name='loss')
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)
        tf.add_to_collection('my_tensors', pred)
        tf.add_to_collection('my_tensors', loss)
        tf.add_to_collection('my_numbers', 3)
        init = tf.global_variables_initializer()
        tf.train.export_meta_graph(os.path.join(OUT, 'plain.meta'))
        saver = tf.train.Saver()
        yv = (X3 @ np.array([[1.0, -1.0], [0.5, 0.5], [2.0, 0.0]], np.float32)).astype(np.float32)
        with tf.Session() as sess:
            sess.run(init)
            for _ in range(3):
                sess.run(train_op, {x: X3, y: yv})
            sess.run(counter.assign(42))
            prefix = saver.save(sess, os.path.join(tmp, 'model'), write_meta_graph=True)
            vals = sess.run([pred, loss], {x: X3, y: yv})
            var_vals = {v.op.name: value(sess.run(v)) for v in tf.global_variables()}
        for ext in ('.meta', '.index', '.data-00000-of-00001'):
            shutil.copy(prefix + ext, os.path.join(OUT, 'model' + ext))
        common = {
            'variables': [v.name for v in tf.global_variables()],
            'trainable': [v.name for v in tf.trainable_variables()],
            'collections': sorted(g.get_all_collection_keys()),
            'feeds': {'x:0': value(X3), 'y:0': value(yv)},
            'init': 'init',
        }
        sd = saver.saver_def
        info['model.meta'] = dict(common, saver_def={
            'filename_tensor_name': sd.filename_tensor_name, 'save_tensor_name': sd.save_tensor_name,
            'restore_op_name': sd.restore_op_name, 'max_to_keep': sd.max_to_keep,
            'keep_checkpoint_every_n_hours': sd.keep_checkpoint_every_n_hours, 'version': int(sd.version)},
            trained={'fetches': {'dense/pred:0': value(vals[0]), 'loss:0': value(vals[1])}, 'variables': var_vals})
        info['plain.meta'] = dict(common, saver_def=None)
        info['plain.meta']['collections'] = [c for c in info['plain.meta']['collections'] if c != 'savers']
    return info


def vars_meta():
    """Variables (scoped, non-trainable, local), a computation and custom collections; no training ops."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name='x')
        with tf.variable_scope('layer'):
            w = tf.get_variable('w', initializer=tf.constant(W0))
            b = tf.get_variable('b', [2], initializer=tf.zeros_initializer())
        scale = tf.Variable(2.0, name='scale', trainable=False)
        steps = tf.Variable(7, dtype=tf.int64, name='steps', trainable=False)
        tf.Variable([1, 2, 3], name='local', collections=[tf.GraphKeys.LOCAL_VARIABLES])
        y = tf.multiply(tf.matmul(x, w) + b, scale, name='y')
        tf.add_to_collection('outputs', y)
        tf.add_to_collection('outputs', y.op)
        tf.add_to_collection('sizes', 3)
        tf.add_to_collection('rates', 0.5)
        tf.add_to_collection('labels', 'cat')
        init = tf.group(tf.global_variables_initializer(), tf.local_variables_initializer(), name='init_all')
        tf.train.export_meta_graph(os.path.join(OUT, 'vars.meta'))
        with tf.Session() as sess:
            sess.run(init)
            out = sess.run(y, {x: X3})
            var_vals = {v.op.name: value(sess.run(v)) for v in tf.global_variables() + tf.local_variables()}
        return {
            'variables': [v.name for v in tf.global_variables()], 'trainable': [v.name for v in tf.trainable_variables()],
            'local': [v.name for v in tf.local_variables()], 'collections': sorted(g.get_all_collection_keys()),
            'feeds': {'x:0': value(X3)}, 'init': 'init_all', 'fetches': {'y:0': value(out)}, 'values': var_vals, 'saver_def': None,
        }


def main():
    write_signatures()
    os.makedirs(OUT, exist_ok=True)
    manifest = {'tf_version': tf.__version__, 'producer': tf.Graph().as_graph_def().versions.producer, 'graphs': {}}
    builders = {
        'seed': seed_graph, 'seed_const': seed_const_graph, 'linear': linear_graph, 'scopes': scopes_graph,
        'zoo': zoo_graph, 'frozen': lambda: frozen_graph(False), 'mlp_softmax': lambda: frozen_graph(True),
    }
    for name, build in builders.items():
        g, rec = build()
        save_graph(name, g)
        manifest['graphs'][name] = rec
    tmp = tempfile.mkdtemp()
    try:
        manifest['meta'] = meta_graphs(tmp)
        manifest['meta']['vars.meta'] = vars_meta()
    finally:
        shutil.rmtree(tmp)
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write('\n')
    print('wrote', OUT)


if __name__ == '__main__':
    main()
