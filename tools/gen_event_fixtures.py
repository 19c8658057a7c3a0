#!/usr/bin/env python3
"""Generate test/fixtures/events/ from real TensorFlow (tf.compat.v1, graph mode).

Run from the repository root:

    .venv-tf/bin/python tools/gen_event_fixtures.py

Writes
  test/fixtures/events/tf_run/events.out.tfevents.1700000000.fixture
      An event file written by tf.compat.v1.summary.FileWriter(logdir, graph): file_version,
      graph_def and meta_graph_def events, then RUN_STEPS steps of merged summaries (scalars,
      a histogram, uint8 and float images, audio, text) from the graph in `build_run_graph`,
      then a SessionLog(STOP). Renamed from TF's `<seconds>.<hostname>` to a fixed name.
  test/fixtures/events/summaries.json
      {"tf_version",
       "run": {"steps": [...], "scalars": {tag: [values per step]}, "inputs": {...}}
         what went into tf_run (the test checks what it reads against this);
       "ops": [{"id", "kind", "args", "summary": hex}]    one summary op run alone: its exact
         serialized Summary (images: also "images": [{"tag", "height", "width", "colorspace",
         "pixels"}] with the PNG decoded by TF, since PNG bytes depend on the zlib used);
       "naming": [[name, op, [inputs]]]     the nodes of `build_naming_graph`;
       "golden_event": {"event": hex, "record": hex}   one scalar Event serialized by TF and
         framed by tf.io.TFRecordWriter;
       "crc32c": [[hex input, crc]]          CRC32C test vectors (RFC 3720 B.4 and "123456789")}
  examples/seeds/expected/improved_graph.txt
      What the Python original of examples/seeds/improved_graph.ts prints (the seeds' "improved
      graph": seed 003 with tf.summary, seed 000 with the TF 0.x summary names), run here.
"""

import glob
import json
import os
import shutil
import tempfile

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.core.framework import summary_pb2
from tensorflow.core.util import event_pb2

tf.disable_v2_behavior()

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'events')
RUN_STEPS = 3
FIXED_NAME = 'events.out.tfevents.1700000000.fixture'


def hexs(b):
    return bytes(b).hex()


# ---- inputs shared by the run and the single-op cases ---------------------------------------

HIST_DATA = [1.5, -2.0, 0.0, 3e-12, -7.25, 100.0, 0.001, 2.0, 2.0, -0.5, 1e10, 42.0]
IMG_U8 = (np.arange(2 * 3 * 4 * 3) * 7 % 256).astype(np.uint8).reshape(2, 3, 4, 3)
IMG_F_SIGNED = np.linspace(-1.5, 0.75, 2 * 2 * 3 * 1, dtype=np.float32).reshape(2, 2, 3, 1)
IMG_F_POS = np.linspace(0.0, 2.0, 1 * 2 * 2 * 4, dtype=np.float32).reshape(1, 2, 2, 4)
IMG_F_NAN = np.array([[[[0.1, 0.2, 0.3], [np.nan, 0.5, 0.6]], [[0.7, np.inf, 0.9], [1.0, 1.1, 1.2]]]], dtype=np.float32)
IMG_F64 = np.linspace(-0.3, 3.3, 1 * 3 * 2 * 3).reshape(1, 3, 2, 3)
AUDIO_MONO = np.array([[0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 0.25, 1 / 65536, -1 / 65536, 3 / 65536, 0.1],
                       [0.3, -0.3, 0.7, -0.7, 0.0, 0.9, -0.9, 0.05, 0.5, -0.25, 0.125, 0.0]], dtype=np.float32)
AUDIO_STEREO = np.array([[[0.1, -0.1], [0.2, -0.2], [0.3, -0.3], [0.4, -0.4], [0.5, -0.5]]], dtype=np.float32)
TEXTS = ['hello **world**', 'w\u00f6rld']


def lst(a):
    return [None if np.isnan(v) else ('inf' if np.isposinf(v) else ('-inf' if np.isneginf(v) else float(v)))
            for v in np.asarray(a, dtype=np.float64).ravel()]


# ---- the run written by FileWriter ------------------------------------------------------------

def build_run_graph():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [], name='x')
        with tf.name_scope('train'):
            loss = tf.square(x, name='loss_value')
            tf.summary.scalar('loss', loss)
            tf.summary.scalar('x', x)
        tf.summary.histogram('weights', tf.constant(HIST_DATA, dtype=tf.float32) * (1.0 + x))
        tf.summary.image('pictures', tf.constant(IMG_U8), max_outputs=2)
        tf.summary.image('signed', tf.constant(IMG_F_SIGNED), max_outputs=1)
        tf.summary.audio('sound', tf.constant(AUDIO_MONO), 8000, max_outputs=2)
        tf.summary.text('notes', tf.constant(TEXTS))
        merged = tf.summary.merge_all()
    return g, x, merged


def write_run():
    out = os.path.join(ROOT, 'tf_run')
    shutil.rmtree(out, ignore_errors=True)
    tmp = tempfile.mkdtemp()
    g, x, merged = build_run_graph()
    writer = tf.summary.FileWriter(tmp, g)
    xs = [0.5 * (i + 1) for i in range(RUN_STEPS)]
    with tf.Session(graph=g) as sess:
        for step, xv in enumerate(xs):
            writer.add_summary(sess.run(merged, {x: xv}), global_step=step * 10)
    writer.add_session_log(tf.SessionLog(status=tf.SessionLog.STOP), global_step=99)
    writer.close()
    files = glob.glob(os.path.join(tmp, 'events.out.tfevents.*'))
    assert len(files) == 1, files
    os.makedirs(out)
    shutil.move(files[0], os.path.join(out, FIXED_NAME))
    shutil.rmtree(tmp)
    return {
        'file': 'tf_run/' + FIXED_NAME,
        'steps': [i * 10 for i in range(RUN_STEPS)],
        'x': xs,
        'scalars': {'train/loss': [float(np.float32(v) * np.float32(v)) for v in xs], 'train/x': xs},
        'hist_data': HIST_DATA,
        'graph_nodes': sorted(n.name for n in g.as_graph_def().node),
    }


# ---- single ops -------------------------------------------------------------------------------

def run_op(build):
    g = tf.Graph()
    with g.as_default():
        t = build()
        with tf.Session() as sess:
            return sess.run(t)


def decode_images(summary_bytes):
    s = summary_pb2.Summary.FromString(summary_bytes)
    out = []
    g = tf.Graph()
    with g.as_default(), tf.Session() as sess:
        for v in s.value:
            px = sess.run(tf.image.decode_png(v.image.encoded_image_string, channels=0))
            out.append({'tag': v.tag, 'height': v.image.height, 'width': v.image.width,
                        'colorspace': v.image.colorspace, 'shape': list(px.shape),
                        'pixels': [int(p) for p in px.ravel()]})
    return out


def single_ops():
    cases = []

    def add(case_id, kind, args, build):
        b = run_op(build)
        c = {'id': case_id, 'kind': kind, 'args': args, 'summary': hexs(b)}
        if kind == 'image':
            c['images'] = decode_images(b)
        cases.append(c)

    add('scalar_float', 'scalar', {'name': 'loss', 'value': 0.25, 'dtype': 'float32'},
        lambda: tf.summary.scalar('loss', tf.constant(0.25)))
    add('scalar_zero', 'scalar', {'name': 'zero', 'value': 0.0, 'dtype': 'float32'},
        lambda: tf.summary.scalar('zero', tf.constant(0.0)))
    add('scalar_int64', 'scalar', {'name': 'count', 'value': 7, 'dtype': 'int64'},
        lambda: tf.summary.scalar('count', tf.constant(7, tf.int64)))
    add('scalar_float64', 'scalar', {'name': 'pi', 'value': 3.141592653589793, 'dtype': 'float64'},
        lambda: tf.summary.scalar('pi', tf.constant(3.141592653589793, tf.float64)))
    hist_cases = {
        'hist_mixed': (HIST_DATA, 'float32'),
        'hist_empty': ([], 'float32'),
        'hist_int': ([1, 2, 2, 3, 3, 3, -4, 0, 1000000], 'int32'),
        'hist_f64': ([1e-13, -1e-13, 1e-12, 1.1e-12, 5e19, -5e19, 1e25, 0.1, 0.2, 0.30000000000000004], 'float64'),
        'hist_normal': (np.random.RandomState(0).standard_normal(200).astype(np.float32).tolist(), 'float32'),
    }
    for cid, (data, dt) in hist_cases.items():
        add(cid, 'histogram', {'name': 'h', 'values': data, 'dtype': dt},
            lambda data=data, dt=dt: tf.summary.histogram('h', tf.constant(data, dtype=dt, shape=[len(data)])))
    image_cases = {
        'image_u8': (IMG_U8, 'uint8', 3),
        'image_signed': (IMG_F_SIGNED, 'float32', 3),
        'image_pos_rgba': (IMG_F_POS, 'float32', 1),
        'image_nan': (IMG_F_NAN, 'float32', 3),
        'image_f64': (IMG_F64, 'float64', 3),
        'image_zero': (np.zeros([1, 2, 2, 1], np.float32), 'float32', 3),
    }
    for cid, (arr, dt, mo) in image_cases.items():
        add(cid, 'image', {'name': 'img', 'shape': list(arr.shape), 'values': lst(arr), 'dtype': dt, 'max_outputs': mo},
            lambda arr=arr, mo=mo: tf.summary.image('img', tf.constant(arr), max_outputs=mo))
    audio_cases = {
        'audio_mono': (AUDIO_MONO, 8000, 3),
        'audio_stereo_one': (AUDIO_STEREO, 11025.5, 1),
        'audio_half_rate': (AUDIO_MONO[:1], 22050.5, 2),
    }
    for cid, (arr, rate, mo) in audio_cases.items():
        add(cid, 'audio', {'name': 'snd', 'shape': list(arr.shape), 'values': lst(arr), 'sample_rate': rate, 'max_outputs': mo},
            lambda arr=arr, rate=rate, mo=mo: tf.summary.audio('snd', tf.constant(arr), rate, max_outputs=mo))
    add('text_vector', 'text', {'name': 'notes', 'values': TEXTS, 'shape': [2]},
        lambda: tf.summary.text('notes', tf.constant(TEXTS)))
    add('text_scalar', 'text', {'name': 'note', 'values': ['just one'], 'shape': []},
        lambda: tf.summary.text('note', tf.constant('just one')))
    add('tensor_int', 'tensor', {'name': 'mat', 'values': [1, 2, 3, 4, 5, 6], 'shape': [2, 3], 'dtype': 'int32'},
        lambda: tf.summary.tensor_summary('mat', tf.constant([[1, 2, 3], [4, 5, 6]])))
    add('tensor_desc', 'tensor', {'name': 'vec', 'values': [0.5, -1.5], 'shape': [2], 'dtype': 'float64',
                                  'summary_description': 'a vector', 'display_name': 'Vec'},
        lambda: tf.summary.tensor_summary('vec', tf.constant([0.5, -1.5], tf.float64),
                                          summary_description='a vector', display_name='Vec'))
    add('merge_two', 'merge', {'scalars': [['a', 1.0], ['b', 2.0]]},
        lambda: tf.summary.merge([tf.summary.scalar('a', 1.0), tf.summary.scalar('b', 2.0)]))
    return cases


# ---- naming -----------------------------------------------------------------------------------

def build_naming_graph():
    from tensorflow.python.ops import logging_ops
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None], name='x')
        c = tf.constant(1.0, name='c')
        tf.summary.scalar('loss', c)
        tf.summary.scalar('loss', c)
        tf.summary.scalar('bad name!', c)
        tf.summary.scalar('/lead', c)
        tf.summary.scalar('fam', c, family='F')
        tf.summary.histogram('h', x)
        z = tf.zeros([2, 4, 4, 3], name='z')
        tf.summary.image('img', z)
        tf.summary.audio('aud', tf.zeros([2, 10], name='za'), 8000)
        tf.summary.text('txt', tf.constant('hello', name='s'))
        tf.summary.tensor_summary('ts', x)
        with tf.name_scope('outer'):
            tf.summary.scalar('inner', c)
        tf.summary.scalar('other', c, collections=['mine'])
        m = tf.summary.merge_all()
        tf.summary.merge([m], name='foo')
        tf.summary.merge_all('mine')
        with tf.name_scope('summaries'):
            logging_ops.scalar_summary(b'Output', c, name='output_summary')
            logging_ops.histogram_summary('H', x)
        with tf.name_scope('global_ops'):
            logging_ops.merge_all_summaries()
        logging_ops.merge_summary([m], name='legacy')
        assert tf.summary.merge_all('nothing') is None
    return [[n.name, n.op, list(n.input)] for n in g.as_graph_def().node]


# ---- golden bytes -----------------------------------------------------------------------------

def golden_event():
    ev = event_pb2.Event(wall_time=1700000000.25, step=7,
                         summary=summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag='loss', simple_value=0.5)]))
    data = ev.SerializeToString()
    tmp = tempfile.mkdtemp()
    p = os.path.join(tmp, 'r.tfrecord')
    with tf.io.TFRecordWriter(p) as w:
        w.write(data)
        w.write(b'')
        w.write(b'x' * 300)
    with open(p, 'rb') as f:
        rec = f.read()
    shutil.rmtree(tmp)
    return {'event': hexs(data), 'records': hexs(rec), 'payloads': [hexs(data), '', hexs(b'x' * 300)]}


CRC_VECTORS = [
    (b'123456789', 0xE3069283),
    (bytes(32), 0x8A9136AA),
    (b'\xff' * 32, 0x62A8AB43),
    (bytes(range(32)), 0x46DD794E),
    (bytes(range(31, -1, -1)), 0x113FDB5C),
    (b'', 0),
]


# ---- the seeds' improved graph (examples/seeds/improved_graph.ts) ----------------------------

IMPROVED_INPUTS = [[2, 8], [3, 1, 3, 3], [8], [1, 2, 3], [11, 4], [4, 1], [7, 3, 1], [6, 3], [0, 2], [4, 5, 6]]


def improved_graph(lines, legacy):
    from tensorflow.python.ops import logging_ops
    out = lambda *a: lines.append(' '.join(str(x) for x in a))
    graph = tf.Graph()
    with graph.as_default():
        with tf.name_scope('variables'):
            global_step = tf.Variable(0, dtype=tf.int32, name='global_step')
            total_output = tf.Variable(0.0, dtype=tf.float32, name='total_output')
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
            avg = tf.div(update_total, tf.cast(increment_step, tf.float32), name='average')
            if legacy:
                logging_ops.scalar_summary(b'Output', output, name='output_summary')
                logging_ops.scalar_summary(b'Sum of outputs over time', update_total, name='total_summary')
                logging_ops.scalar_summary(b'Average of outputs over time', avg, name='average_summary')
            else:
                tf.summary.scalar('output_summary', output)
                tf.summary.scalar('total_summary', update_total)
                tf.summary.scalar('average_summary', avg)
        with tf.name_scope('global_ops'):
            init = tf.global_variables_initializer()
            merged_summaries = logging_ops.merge_all_summaries() if legacy else tf.summary.merge_all()
    out(merged_summaries)
    logdir = tempfile.mkdtemp()
    sess = tf.Session(graph=graph)
    writer = tf.summary.FileWriter(logdir, graph)
    sess.run(init)
    for inp in IMPROVED_INPUTS:
        o, step, summ = sess.run([output, increment_step, merged_summaries], feed_dict={a: inp})
        writer.add_summary(summ, global_step=step)
        out('run_graph(%s): output = %s, step = %s' % (inp, o, step))
    writer.flush()
    writer.close()
    sess.close()
    [path] = glob.glob(os.path.join(logdir, 'events.out.tfevents.*'))
    for e in tf.train.summary_iterator(path):
        if e.HasField('graph_def'):
            out('graph: %d nodes' % len(tf.GraphDef.FromString(e.graph_def).node))
        elif e.HasField('summary'):
            out('step %d: %s' % (e.step, ', '.join('%s = %r' % (v.tag, v.simple_value) for v in e.summary.value)))
    shutil.rmtree(logdir)


def write_improved_graph_expected():
    lines = ['=== seed 003: tf.summary.scalar, tf.summary.merge_all, tf.summary.FileWriter ===']
    improved_graph(lines, legacy=False)
    lines.append('=== seed 000: tf.scalar_summary, tf.merge_all_summaries, tf.train.SummaryWriter ===')
    improved_graph(lines, legacy=True)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'examples', 'seeds', 'expected', 'improved_graph.txt')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def main():
    os.makedirs(ROOT, exist_ok=True)
    fixture = {
        'tf_version': tf.__version__,
        'run': write_run(),
        'ops': single_ops(),
        'naming': build_naming_graph(),
        'golden_event': golden_event(),
        'crc32c': [[hexs(b), c] for b, c in CRC_VECTORS],
    }
    with open(os.path.join(ROOT, 'summaries.json'), 'w') as f:
        json.dump(fixture, f, indent=1)
        f.write('\n')
    write_improved_graph_expected()
    print('wrote', ROOT, 'and examples/seeds/expected/improved_graph.txt')


if __name__ == '__main__':
    main()
