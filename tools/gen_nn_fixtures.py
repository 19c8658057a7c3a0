"""Generates test/fixtures/nn.json: values and node names of tf.nn / tf.losses from real TF.

Run with the venv's TensorFlow (tf.compat.v1, graph mode):
    .venv-tf/bin/python tools/gen_nn_fixtures.py

Each value case records its op, attrs, inputs and TF's outputs; the test (test/nn/*.test.ts)
rebuilds the same graph with tensorgraph and compares. Inputs come from a fixed NumPy seed.
Each naming case records the nodes TF adds for a builder call, for the same call in the tests.
"""
import json
import os
import sys
import warnings

warnings.filterwarnings('ignore')
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
import numpy as np  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402
from tensorflow.python.ops import gen_nn_ops  # noqa: E402

tf.disable_v2_behavior()
tf.get_logger().setLevel('ERROR')

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'nn.json')
rs = np.random.RandomState(20240501)


def arr(a):
    a = np.asarray(a)
    data = a.ravel().tolist()
    if a.dtype.kind == 'f':
        data = [None if np.isnan(v) else ('inf' if v == np.inf else ('-inf' if v == -np.inf else float(v))) for v in data]
    elif a.dtype.kind == 'b':
        data = [bool(v) for v in data]
    else:
        data = [int(v) for v in data]
    return {'shape': list(a.shape), 'dtype': str(a.dtype) if a.dtype.kind != 'b' else 'bool', 'data': data}


def uniform(shape, lo=-1.0, hi=1.0, dtype=np.float64):
    return rs.uniform(lo, hi, size=shape).astype(dtype)


cases = []


def case(cid, op, inputs, fn, attrs=None):
    """Runs fn(*placeholders) in a fresh graph; records inputs and outputs."""
    g = tf.Graph()
    with g.as_default():
        # placeholders, not constants: Grappler's constant folding mishandles some ops (FusedBatchNormV3)
        phs = [tf.placeholder(tf.as_dtype(np.asarray(x).dtype), np.shape(x)) for x in inputs]
        out = fn(*phs)
        outs = out if isinstance(out, (list, tuple)) else [out]
        with tf.Session() as s:
            vals = s.run(list(outs), dict(zip(phs, inputs)))
    cases.append({'id': cid, 'op': op, 'attrs': attrs or {}, 'inputs': [arr(x) for x in inputs], 'outputs': [arr(v) for v in vals]})


# ---- activations and their gradient ops ---------------------------------------------------
ACT_X = np.array([[-100.0, -3.5, -1.0, -0.25, 0.0], [0.3, 1.0, 5.9, 6.0, 100.0]])
for dt in (np.float64, np.float32):
    x = ACT_X.astype(dt)
    dy = uniform(x.shape, dtype=dt)
    sfx = '' if dt == np.float64 else '_f32'
    case('relu' + sfx, 'relu', [x], tf.nn.relu)
    case('relu6' + sfx, 'relu6', [x], tf.nn.relu6)
    case('elu' + sfx, 'elu', [x], tf.nn.elu)
    case('selu' + sfx, 'selu', [x], tf.nn.selu)
    case('leaky_relu' + sfx, 'leakyRelu', [x], lambda t: tf.nn.leaky_relu(t, alpha=0.1), {'alpha': 0.1})
    case('softplus' + sfx, 'softplus', [x], tf.nn.softplus)
    case('softsign' + sfx, 'softsign', [x], tf.nn.softsign)
    case('relu_grad' + sfx, 'ReluGrad', [dy, x], gen_nn_ops.relu_grad)
    case('relu6_grad' + sfx, 'Relu6Grad', [dy, x], gen_nn_ops.relu6_grad)
    case('elu_grad' + sfx, 'EluGrad', [dy, x], gen_nn_ops.elu_grad)
    case('selu_grad' + sfx, 'SeluGrad', [dy, x], gen_nn_ops.selu_grad)
    case('leaky_relu_grad' + sfx, 'LeakyReluGrad', [dy, x], lambda a, b: gen_nn_ops.leaky_relu_grad(a, b, alpha=0.3), {'alpha': 0.3})

# ---- softmax --------------------------------------------------------------------------------
SM = np.array([[1.0, 2.0, 3.0, 4.0], [1000.0, 0.0, -1000.0, 1.0], [-5.0, -5.0, -5.0, -5.0]])
case('softmax', 'softmax', [SM], tf.nn.softmax, {'axis': -1})
case('softmax_f32', 'softmax', [SM.astype(np.float32)], tf.nn.softmax, {'axis': -1})
case('log_softmax', 'logSoftmax', [SM], tf.nn.log_softmax, {'axis': -1})
case('log_softmax_f32', 'logSoftmax', [SM.astype(np.float32)], tf.nn.log_softmax, {'axis': -1})
case('softmax_axis0', 'softmax', [SM], lambda t: tf.nn.softmax(t, axis=0), {'axis': 0})
X3 = uniform([2, 3, 4], -3, 3)
case('softmax_3d_axis1', 'softmax', [X3], lambda t: tf.nn.softmax(t, axis=1), {'axis': 1})
case('log_softmax_3d_axism2', 'logSoftmax', [X3], lambda t: tf.nn.log_softmax(t, axis=-2), {'axis': -2})

# ---- bias add -------------------------------------------------------------------------------
case('bias_add_2d', 'biasAdd', [uniform([3, 4]), uniform([4])], tf.nn.bias_add)
case('bias_add_4d', 'biasAdd', [uniform([2, 3, 2, 5]), uniform([5])], tf.nn.bias_add)
case('bias_add_grad', 'BiasAddGrad', [uniform([2, 3, 2, 5])], gen_nn_ops.bias_add_grad)

# ---- conv2d and its backprops ---------------------------------------------------------------
CONVS = [
    ('same_s1', [2, 5, 5, 3], [3, 3, 3, 4], [1, 1, 1, 1], 'SAME', [1, 1, 1, 1]),
    ('valid_s2', [2, 6, 7, 2], [2, 3, 2, 3], [1, 2, 2, 1], 'VALID', [1, 1, 1, 1]),
    ('same_s32', [1, 7, 6, 2], [3, 2, 2, 2], [1, 3, 2, 1], 'SAME', [1, 1, 1, 1]),
    ('same_even_s2', [1, 6, 6, 1], [2, 2, 1, 2], [1, 2, 2, 1], 'SAME', [1, 1, 1, 1]),
    ('same_dil2', [1, 7, 7, 2], [3, 3, 2, 3], [1, 1, 1, 1], 'SAME', [1, 2, 2, 1]),
    ('valid_dil21', [2, 6, 6, 3], [2, 2, 3, 2], [1, 1, 1, 1], 'VALID', [1, 2, 1, 1]),
    ('explicit_s2', [1, 5, 5, 2], [3, 3, 2, 2], [1, 2, 2, 1], [[0, 0], [1, 2], [0, 1], [0, 0]], [1, 1, 1, 1]),
    ('pointwise', [2, 3, 3, 4], [1, 1, 4, 5], [1, 1, 1, 1], 'VALID', [1, 1, 1, 1]),
]
for name, xs, fs, st, pad, dil in CONVS:
    # TF's float64 CPU backprops do not support dilations; its float32 (oneDNN) ones do
    cdt = np.float64 if dil == [1, 1, 1, 1] else np.float32
    x, f = uniform(xs, dtype=cdt), uniform(fs, dtype=cdt)
    attrs = {'strides': st, 'padding': pad, 'dilations': dil}
    g = tf.Graph()
    with g.as_default():
        y = tf.nn.conv2d(tf.constant(x), tf.constant(f), strides=st, padding=pad, dilations=dil)
        ys = y.shape.as_list()
    dy = uniform(ys, dtype=cdt)
    case('conv2d_' + name, 'conv2d', [x, f], lambda a, b: tf.nn.conv2d(a, b, strides=st, padding=pad, dilations=dil), attrs)
    case('conv2d_input_' + name, 'conv2dBackpropInput', [np.array(xs, np.int32), f, dy],
         lambda s, b, d: tf.nn.conv2d_backprop_input(s, b, d, strides=st, padding=pad, dilations=dil), attrs)
    case('conv2d_filter_' + name, 'conv2dBackpropFilter', [x, np.array(fs, np.int32), dy],
         lambda a, s, d: tf.nn.conv2d_backprop_filter(a, s, d, strides=st, padding=pad, dilations=dil), attrs)
case('conv2d_f32', 'conv2d', [uniform([2, 5, 5, 3], dtype=np.float32), uniform([3, 3, 3, 4], dtype=np.float32)],
     lambda a, b: tf.nn.conv2d(a, b, strides=[1, 2, 2, 1], padding='SAME'), {'strides': [1, 2, 2, 1], 'padding': 'SAME', 'dilations': [1, 1, 1, 1]})
case('conv2d_transpose', 'conv2dTranspose', [uniform([2, 3, 3, 4]), uniform([3, 3, 2, 4]), np.array([2, 6, 6, 2], np.int32)],
     lambda v, f, s: tf.nn.conv2d_transpose(v, f, s, strides=[1, 2, 2, 1], padding='SAME'), {'strides': [1, 2, 2, 1], 'padding': 'SAME'})

# ---- pooling --------------------------------------------------------------------------------
POOLS = [
    ('valid_2x2_s2', [2, 4, 4, 3], [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'),
    ('same_3x3_s2', [1, 5, 5, 2], [1, 3, 3, 1], [1, 2, 2, 1], 'SAME'),
    ('same_2x2_s1', [1, 5, 4, 2], [1, 2, 2, 1], [1, 1, 1, 1], 'SAME'),
    ('valid_3x2_s21', [2, 7, 6, 1], [1, 3, 2, 1], [1, 2, 1, 1], 'VALID'),
]
for name, xs, k, st, pad in POOLS:
    x = uniform(xs)
    attrs = {'ksize': k, 'strides': st, 'padding': pad}
    with tf.Graph().as_default():
        ys = tf.nn.max_pool(tf.constant(x), k, st, pad).shape.as_list()
    dy = uniform(ys)
    case('max_pool_' + name, 'maxPool', [x], lambda a: tf.nn.max_pool(a, k, st, pad), attrs)
    case('avg_pool_' + name, 'avgPool', [x], lambda a: tf.nn.avg_pool(a, k, st, pad), attrs)
    y = None
    with tf.Graph().as_default(), tf.Session() as s:
        y = s.run(tf.nn.max_pool(tf.constant(x), k, st, pad))
    case('max_pool_grad_' + name, 'MaxPoolGrad', [x, y, dy], lambda a, b, d: gen_nn_ops.max_pool_grad(a, b, d, k, st, pad), attrs)
    ggx = uniform(xs)
    case('max_pool_grad_grad_' + name, 'MaxPoolGradGrad', [x.astype(np.float32), y.astype(np.float32), ggx.astype(np.float32)],
         lambda a, b, d: gen_nn_ops.max_pool_grad_grad(a, b, d, k, st, pad), attrs)
    case('avg_pool_grad_' + name, 'AvgPoolGrad', [np.array(xs, np.int32), dy], lambda s, d: gen_nn_ops.avg_pool_grad(s, d, k, st, pad), attrs)
# ties: integer values, the gradient goes to the first maximum of each window
TIES = np.array([[1, 3, 3, 2], [3, 0, 2, 2], [1, 1, 5, 5], [1, 1, 5, 5]], np.float64).reshape([1, 4, 4, 1])
with tf.Graph().as_default(), tf.Session() as s:
    tie_y = s.run(tf.nn.max_pool(tf.constant(TIES), [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'))
case('max_pool_grad_ties', 'MaxPoolGrad', [TIES, tie_y, np.array([1.0, 2.0, 3.0, 4.0]).reshape([1, 2, 2, 1])],
     lambda a, b, d: gen_nn_ops.max_pool_grad(a, b, d, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'), {'ksize': [1, 2, 2, 1], 'strides': [1, 2, 2, 1], 'padding': 'VALID'})
TIES3 = np.array([[1, 3, 3, 2, 0], [3, 0, 2, 2, 4], [1, 1, 5, 5, 4]], np.float64).reshape([1, 3, 5, 1])
with tf.Graph().as_default(), tf.Session() as s:
    tie3_y = s.run(tf.nn.max_pool(tf.constant(TIES3), [1, 2, 3, 1], [1, 1, 1, 1], 'SAME'))
case('max_pool_grad_ties_same', 'MaxPoolGrad', [TIES3, tie3_y, np.arange(1.0, 16.0).reshape([1, 3, 5, 1])],
     lambda a, b, d: gen_nn_ops.max_pool_grad(a, b, d, [1, 2, 3, 1], [1, 1, 1, 1], 'SAME'), {'ksize': [1, 2, 3, 1], 'strides': [1, 1, 1, 1], 'padding': 'SAME'})

# ---- cross entropies ------------------------------------------------------------------------
LOGITS = np.array([[1.0, 2.0, 0.5], [1000.0, -1000.0, 0.0], [-1e4, 1e4, 3.0], [0.0, 0.0, 0.0]])
LABELS = np.array([[0.2, 0.7, 0.1], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
for dt, sfx in ((np.float64, ''), (np.float32, '_f32')):
    case('softmax_xent_op' + sfx, 'SoftmaxCrossEntropyWithLogits', [LOGITS.astype(dt), LABELS.astype(dt)],
         lambda a, b: list(gen_nn_ops.softmax_cross_entropy_with_logits(a, b)))
    case('sparse_softmax_xent_op' + sfx, 'SparseSoftmaxCrossEntropyWithLogits', [LOGITS.astype(dt), np.array([1, 0, 0, 2], np.int32)],
         lambda a, b: list(gen_nn_ops.sparse_softmax_cross_entropy_with_logits(a, b)))
    case('softmax_xent' + sfx, 'softmaxCrossEntropyWithLogits', [LABELS.astype(dt), LOGITS.astype(dt)],
         lambda l, z: tf.nn.softmax_cross_entropy_with_logits(labels=l, logits=z))
    SIG = np.array([[-1e4, -100.0, -2.0, 0.0], [0.5, 3.0, 100.0, 1e4]]).astype(dt)
    SIGL = np.array([[0.0, 1.0, 0.3, 1.0], [0.5, 0.0, 1.0, 0.0]]).astype(dt)
    case('sigmoid_xent' + sfx, 'sigmoidCrossEntropyWithLogits', [SIGL, SIG], lambda l, z: tf.nn.sigmoid_cross_entropy_with_logits(labels=l, logits=z))
    case('weighted_xent' + sfx, 'weightedCrossEntropyWithLogits', [SIGL, SIG], lambda l, z: tf.nn.weighted_cross_entropy_with_logits(labels=l, logits=z, pos_weight=2.5), {'posWeight': 2.5})
case('softmax_xent_axis0', 'softmaxCrossEntropyWithLogitsV2', [LABELS.T.copy(), LOGITS.T.copy()],
     lambda l, z: tf.nn.softmax_cross_entropy_with_logits_v2(labels=l, logits=z, axis=0), {'axis': 0})
case('softmax_xent_3d', 'softmaxCrossEntropyWithLogitsV2', [np.abs(uniform([2, 3, 4])), uniform([2, 3, 4], -5, 5)],
     lambda l, z: tf.nn.softmax_cross_entropy_with_logits_v2(labels=l, logits=z))
case('sparse_xent_3d', 'sparseSoftmaxCrossEntropyWithLogits', [np.array([[0, 3, 1], [2, 2, 0]], np.int64), uniform([2, 3, 4], -5, 5)],
     lambda l, z: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=l, logits=z))

# ---- small ops and compositions -------------------------------------------------------------
case('l2_loss', 'l2Loss', [uniform([3, 4])], tf.nn.l2_loss)
case('l2_normalize', 'l2Normalize', [uniform([3, 4])], lambda x: tf.nn.l2_normalize(x, 1), {'axis': 1})
case('l2_normalize_all', 'l2Normalize', [uniform([3, 4])], lambda x: tf.nn.l2_normalize(x), {'axis': None})
case('moments', 'moments', [uniform([2, 3, 3, 4])], lambda x: list(tf.nn.moments(x, [0, 1, 2])), {'axes': [0, 1, 2]})
case('moments_keep', 'moments', [uniform([5, 3])], lambda x: list(tf.nn.moments(x, [0], keep_dims=True)), {'axes': [0], 'keepDims': True})
case('batch_norm', 'batchNormalization', [uniform([4, 3]), uniform([3]), uniform([3], 0.5, 2), uniform([3]), uniform([3])],
     lambda x, m, v, o, s: tf.nn.batch_normalization(x, m, v, o, s, 1e-3), {'epsilon': 1e-3})
case('batch_norm_none', 'batchNormalization', [uniform([4, 3]), uniform([3]), uniform([3], 0.5, 2)],
     lambda x, m, v: tf.nn.batch_normalization(x, m, v, None, None, 1e-3), {'epsilon': 1e-3})
BN_X = uniform([2, 3, 3, 4], -2, 3, dtype=np.float32)
BN_V = [uniform([4], dtype=np.float32), uniform([4], dtype=np.float32), uniform([4], dtype=np.float32), uniform([4], 0.5, 2, dtype=np.float32)]
BN_DY = uniform([2, 3, 3, 4], dtype=np.float32)
case('fused_batch_norm_train', 'fusedBatchNorm', [BN_X] + BN_V[:2], lambda x, s, o: list(tf.nn.fused_batch_norm(x, s, o, epsilon=1e-3)), {'isTraining': True})
case('fused_batch_norm_avg', 'fusedBatchNorm', [BN_X] + BN_V, lambda x, s, o, m, v: list(tf.nn.fused_batch_norm(x, s, o, m, v, exponential_avg_factor=0.25)),
     {'isTraining': True, 'exponentialAvgFactor': 0.25})
case('fused_batch_norm_infer', 'fusedBatchNorm', [BN_X] + BN_V, lambda x, s, o, m, v: list(tf.nn.fused_batch_norm(x, s, o, m, v, is_training=False)), {'isTraining': False})
for training in (True, False):
    def bn_grad(x, s, o, m, v, dy, training=training):
        y = tf.nn.fused_batch_norm(x, s, o, m if not training else None, v if not training else None, is_training=training)[0]
        return tf.gradients(y, [x, s, o], grad_ys=dy)
    case('fused_batch_norm_grad_' + ('train' if training else 'infer'), 'fusedBatchNormGrad', [BN_X] + BN_V + [BN_DY], bn_grad, {'isTraining': training})
PRED = np.array([[0.1, 0.3, 0.3, 0.2], [0.5, 0.1, 0.2, 0.2], [0.0, np.nan, 1.0, 0.0], [0.25, 0.25, 0.25, 0.25]], np.float32)
for k in (1, 2, 3):
    case('in_top_k_%d' % k, 'inTopK', [PRED, np.array([2, 0, 2, 3], np.int32)], lambda p, t: tf.nn.in_top_k(p, t, k), {'k': k})

# ---- dropout: TF's exact masks for seeded ops ---------------------------------------------------
ONES = np.ones([4, 6], np.float32)
case('dropout_keep_half_seed7', 'dropout', [ONES], lambda x: tf.nn.dropout(x, 0.5, seed=7), {'keepProb': 0.5, 'seed': 7})
case('dropout_rate_seed3_noise', 'dropout', [ONES], lambda x: tf.nn.dropout(x, rate=0.3, noise_shape=[4, 1], seed=3), {'rate': 0.3, 'seed': 3, 'noiseShape': [4, 1]})


def graph_seeded_dropout(x):
    tf.set_random_seed(11)
    return tf.nn.dropout(x, rate=0.75)


case('dropout_graph_seed11', 'dropout', [ONES.astype(np.float64)], graph_seeded_dropout, {'rate': 0.75, 'graphSeed': 11})

# ---- tf.losses ------------------------------------------------------------------------------
Y = uniform([4, 3])
P = uniform([4, 3])
W_ROW = np.array([[1.0], [0.0], [2.0], [0.5]])
W_FULL = np.abs(uniform([4, 3])) * (rs.uniform(size=[4, 3]) > 0.3)
R = tf.losses.Reduction
for lname, fn in (('mean_squared_error', tf.losses.mean_squared_error), ('absolute_difference', tf.losses.absolute_difference),
                  ('huber_loss', tf.losses.huber_loss)):
    case('loss_' + lname, lname, [Y, P], fn)
    case('loss_' + lname + '_wrow', lname, [Y, P, W_ROW], fn)
    case('loss_' + lname + '_wfull', lname, [Y, P, W_FULL], fn)
    for red in ('SUM', 'MEAN', 'SUM_OVER_BATCH_SIZE', 'NONE'):
        case('loss_%s_%s' % (lname, red.lower()), lname, [Y, P, W_ROW], lambda a, b, w: fn(a, b, weights=w, reduction=getattr(R, red)), {'reduction': red})
case('loss_huber_delta', 'huber_loss', [Y * 3, P * 3], lambda a, b: tf.losses.huber_loss(a, b, delta=0.7), {'delta': 0.7})
case('loss_huber_zero_weights', 'huber_loss', [Y, P, np.zeros([4, 1])], lambda a, b, w: tf.losses.huber_loss(a, b, weights=w))
PROB = rs.uniform(0.01, 0.99, size=[4, 3])
BIN = (rs.uniform(size=[4, 3]) > 0.5).astype(np.float64)
case('loss_log_loss', 'log_loss', [BIN, PROB], tf.losses.log_loss)
case('loss_log_loss_w', 'log_loss', [BIN, PROB, W_ROW], tf.losses.log_loss)
ONEHOT = np.eye(3)[[0, 2, 1, 2]]
case('loss_softmax_ce', 'softmax_cross_entropy', [ONEHOT, P * 4], tf.losses.softmax_cross_entropy)
case('loss_softmax_ce_ls', 'softmax_cross_entropy', [ONEHOT, P * 4, np.array([1.0, 0.0, 2.0, 1.0])],
     lambda a, b, w: tf.losses.softmax_cross_entropy(a, b, weights=w, label_smoothing=0.1), {'labelSmoothing': 0.1})
case('loss_sparse_softmax_ce', 'sparse_softmax_cross_entropy', [np.array([0, 2, 1, 2], np.int32), P * 4], tf.losses.sparse_softmax_cross_entropy)
case('loss_sparse_softmax_ce_w', 'sparse_softmax_cross_entropy', [np.array([[0], [2], [1], [2]], np.int32), P * 4, np.array([[0.0], [1.0], [3.0], [1.0]])],
     lambda a, b, w: tf.losses.sparse_softmax_cross_entropy(a, b, weights=w))
case('loss_sigmoid_ce', 'sigmoid_cross_entropy', [BIN, P * 4], tf.losses.sigmoid_cross_entropy)
case('loss_sigmoid_ce_ls', 'sigmoid_cross_entropy', [BIN, P * 4, W_ROW], lambda a, b, w: tf.losses.sigmoid_cross_entropy(a, b, weights=w, label_smoothing=0.2), {'labelSmoothing': 0.2})

# ---- node names ------------------------------------------------------------------------------
names = {}


def nodes_of(key, fn):
    g = tf.Graph()
    with g.as_default():
        fn()
        names[key] = [[n.name, n.op, [i for i in n.input]] for n in g.as_graph_def().node]


def ph(shape, name, dtype=tf.float32):
    return tf.placeholder(dtype, shape, name=name)


W4 = lambda: tf.constant(np.ones([2, 2, 3, 6], np.float32), name='w')  # noqa: E731
nodes_of('activations', lambda: [tf.nn.relu(ph([None, 5], 'v')), tf.nn.relu6(ph([None, 5], 'v1')), tf.nn.elu(ph([2], 'v2')),
                                 tf.nn.selu(ph([2], 'v3')), tf.nn.leaky_relu(ph([2], 'v4'), alpha=0.1), tf.nn.softplus(ph([2], 'v5'))])
nodes_of('softmax_axis0', lambda: tf.nn.softmax(ph([None, 5], 'v'), axis=0))
nodes_of('log_softmax_axism2', lambda: tf.nn.log_softmax(ph([2, 3, 4], 'v'), axis=-2))
nodes_of('bias_add', lambda: tf.nn.bias_add(ph([None, 5], 'v'), tf.constant([1., 2, 3, 4, 5])))
nodes_of('conv_pool', lambda: tf.nn.avg_pool(tf.nn.max_pool(tf.nn.conv2d(ph([None, 4, 4, 3], 'x'), W4(), strides=[1, 1, 1, 1], padding='SAME'),
                                                            [1, 2, 2, 1], [1, 2, 2, 1], 'SAME'), [1, 2, 2, 1], [1, 1, 1, 1], 'VALID'))
nodes_of('conv2d_transpose', lambda: tf.nn.conv2d_transpose(ph([2, 4, 4, 6], 'x'), W4(), [2, 8, 8, 3], strides=[1, 2, 2, 1], padding='SAME'))
nodes_of('dropout_keep_prob', lambda: tf.nn.dropout(ph([None, 5], 'v'), 0.5))
nodes_of('dropout_tensor', lambda: tf.nn.dropout(ph([None, 5], 'v'), ph([], 'kp')))
nodes_of('dropout_noise', lambda: tf.nn.dropout(ph([None, 5], 'v'), rate=0.1, noise_shape=[1, 5]))
nodes_of('moments', lambda: tf.nn.moments(ph([None, 4, 4, 3], 'x'), [0, 1, 2]))
nodes_of('moments_keep', lambda: tf.nn.moments(ph([None, 5], 'v'), [0], keep_dims=True))
nodes_of('batch_norm', lambda: tf.nn.batch_normalization(ph([None, 5], 'v'), 0.5, 2.0, 0.1, 3.0, 1e-3))
nodes_of('batch_norm_tensors', lambda: tf.nn.batch_normalization(ph([None, 5], 'v'), ph([5], 'm'), ph([5], 'var'), None, ph([5], 's'), 1e-3))
nodes_of('l2', lambda: [tf.nn.l2_loss(ph([None, 5], 'v')), tf.nn.l2_normalize(ph([None, 5], 'u'), 1)])
nodes_of('layers', lambda: [tf.nn.xw_plus_b(ph([None, 3], 'x'), tf.ones([3, 4]), tf.zeros([4])),
                            tf.nn.embedding_lookup(ph([10, 3], 'p'), ph([None], 'ids', tf.int32))])
nodes_of('in_top_k', lambda: tf.nn.in_top_k(ph([None, 5], 'v'), ph([None], 'il', tf.int32), 2))
nodes_of('softmax_xent', lambda: tf.nn.softmax_cross_entropy_with_logits(labels=ph([None, 5], 'lab'), logits=ph([None, 5], 'v')))
nodes_of('softmax_xent_v2_static', lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.constant([[0., 1]]), logits=tf.constant([[1., 2]])))
nodes_of('softmax_xent_axis0', lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=ph([None, 5], 'lab'), logits=ph([None, 5], 'v'), axis=0))
nodes_of('sparse_xent', lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ph([None], 'il', tf.int32), logits=ph([None, 5], 'v')))
nodes_of('sigmoid_xent', lambda: tf.nn.sigmoid_cross_entropy_with_logits(labels=ph([None, 5], 'lab'), logits=ph([None, 5], 'v')))
nodes_of('weighted_xent', lambda: tf.nn.weighted_cross_entropy_with_logits(labels=ph([None, 5], 'lab'), logits=ph([None, 5], 'v'), pos_weight=2.0))
nodes_of('loss_mse', lambda: tf.losses.mean_squared_error(ph([4, 3], 'l'), ph([4, 3], 'p')))
nodes_of('loss_mse_w', lambda: tf.losses.mean_squared_error(ph([4, 3], 'l'), ph([4, 3], 'p'), weights=ph([4, 1], 'w')))
nodes_of('loss_mse_dyn', lambda: tf.losses.mean_squared_error(ph([None, 3], 'l'), ph([None, 3], 'p')))
nodes_of('loss_mse_mean', lambda: tf.losses.mean_squared_error(ph([4, 3], 'l'), ph([4, 3], 'p'), weights=2.0, reduction=R.MEAN))
nodes_of('loss_mse_sobs', lambda: tf.losses.mean_squared_error(ph([4, 3], 'l'), ph([4, 3], 'p'), reduction=R.SUM_OVER_BATCH_SIZE))
nodes_of('loss_huber', lambda: tf.losses.huber_loss(ph([4, 3], 'l'), ph([4, 3], 'p')))
nodes_of('loss_log', lambda: tf.losses.log_loss(ph([4, 3], 'l'), ph([4, 3], 'p')))
nodes_of('loss_abs', lambda: tf.losses.absolute_difference(ph([4, 3], 'l'), ph([4, 3], 'p')))
nodes_of('loss_softmax_ce_ls', lambda: tf.losses.softmax_cross_entropy(ph([4, 3], 'l'), ph([4, 3], 'p'), label_smoothing=0.1))
nodes_of('loss_sparse_ce', lambda: tf.losses.sparse_softmax_cross_entropy(ph([4], 'l', tf.int32), ph([4, 3], 'p')))
nodes_of('loss_sparse_ce_w', lambda: tf.losses.sparse_softmax_cross_entropy(ph([4, 1], 'l', tf.int32), ph([4, 3], 'p'), weights=ph([4, 1], 'w')))
nodes_of('loss_sigmoid_ce_ls', lambda: tf.losses.sigmoid_cross_entropy(ph([4, 3], 'l'), ph([4, 3], 'p'), label_smoothing=0.2))
nodes_of('loss_total', lambda: (tf.losses.mean_squared_error(ph([4, 3], 'l'), ph([4, 3], 'p')),
                                tf.add_to_collection('regularization_losses', tf.constant(1.0)), tf.losses.get_total_loss(),
                                tf.losses.get_regularization_loss()))


def grads_of(build):
    def run():
        x = ph([None, 4, 4, 3], 'x')
        w = tf.constant(np.ones([2, 2, 3, 2], np.float32), name='w')
        y = build(x, w)
        tf.gradients(tf.reduce_sum(y), [x, w])
    return run


nodes_of('grad_conv2d', grads_of(lambda x, w: tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding='SAME')))
nodes_of('grad_relu_pool', grads_of(lambda x, w: tf.nn.avg_pool(tf.nn.max_pool(tf.nn.relu(x), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME'), [1, 2, 2, 1], [1, 1, 1, 1], 'VALID')))
def grad_fbn():
    x = ph([None, 2, 2, 3], 'x')
    y, _, _ = tf.nn.fused_batch_norm(x, tf.ones([3]), tf.zeros([3]))
    tf.gradients(tf.reduce_sum(y), [x])


nodes_of('grad_fused_batch_norm', grad_fbn)


def grad_xent():
    v = ph([None, 5], 'v')
    tf.gradients(tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=ph([None, 5], 'lab'), logits=v)), [v])


nodes_of('grad_softmax_xent', grad_xent)

# ---- errors (messages from TF, checked loosely) -------------------------------------------------
errors = {}


def err_of(key, fn):
    with tf.Graph().as_default():
        try:
            fn()
            errors[key] = None
        except Exception as e:  # noqa: BLE001
            errors[key] = {'type': type(e).__name__, 'message': str(e).split('\n')[0]}


err_of('conv2d_channels', lambda: tf.nn.conv2d(ph([None, 4, 4, 3], 'x'), tf.ones([2, 2, 4, 6]), strides=1, padding='VALID'))
err_of('conv2d_too_small', lambda: tf.nn.conv2d(ph([None, 2, 2, 3], 'x'), tf.ones([3, 3, 3, 6]), strides=1, padding='VALID'))
err_of('conv2d_rank', lambda: tf.nn.conv2d(ph([4, 4, 3], 'x'), tf.ones([2, 2, 3, 6]), strides=1, padding='VALID'))
err_of('bias_add_mismatch', lambda: tf.nn.bias_add(ph([None, 5], 'v'), tf.ones([4])))
err_of('mse_mismatch', lambda: tf.losses.mean_squared_error(ph([4, 3], 'l'), ph([4, 2], 'p')))
err_of('mse_bad_weights', lambda: tf.losses.mean_squared_error(ph([4, 3], 'l'), ph([4, 3], 'p'), weights=ph([2], 'w')))
err_of('mse_bad_weights_dim', lambda: tf.losses.mean_squared_error(ph([4, 3], 'l'), ph([4, 3], 'p'), weights=ph([2, 3], 'w')))
err_of('dropout_rate', lambda: tf.nn.dropout(ph([2], 'v'), rate=1.5))
err_of('sigmoid_xent_shapes', lambda: tf.nn.sigmoid_cross_entropy_with_logits(labels=ph([None, 4], 'l'), logits=ph([None, 5], 'v')))
err_of('sparse_xent_rank', lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ph([None, 2], 'l', tf.int32), logits=ph([None, 5], 'v')))


def run_err(key, fn):
    with tf.Graph().as_default(), tf.Session() as s:
        try:
            s.run(fn())
            errors[key] = None
        except Exception as e:  # noqa: BLE001
            lines = [ln.strip() for ln in str(getattr(e, 'message', e)).split('\n')]
            msg = next((ln for ln in lines if ln and not ln.startswith(('Graph execution', 'Detected at', 'File ', 'Node:', '[['))), lines[0])
            errors[key] = {'type': type(e).__name__, 'message': msg}


run_err('sparse_xent_label_range', lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([1, 5]), logits=tf.ones([2, 3])))

with open(OUT, 'w') as f:
    json.dump({'tf_version': tf.__version__, 'cases': cases, 'names': names, 'errors': errors}, f, separators=(',', ':'))
print('wrote %s: %d cases, %d naming graphs, %d errors' % (OUT, len(cases), len(names), len(errors)), file=sys.stderr)
