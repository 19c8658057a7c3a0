"""Peers for the CNN benchmarks (bench/cnn.ts): a LeNet-5-like network on 28x28x1 inputs, batch
64 (conv 5x5x6 SAME + ReLU + max pool 2x2, conv 5x5x16 VALID + ReLU + max pool 2x2, dense 120
ReLU, dense 84 ReLU, dense 10, sparse softmax cross-entropy, SGD) in TensorFlow compat.v1
(Session, placeholders, GradientDescentOptimizer) and in PyTorch, where installed. One training
step and one inference batch per call; medians of 7 repetitions after 5 warm-up calls. One JSON
line per result."""
import json, os, time
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
import numpy as np

BATCH = 64

def med(xs):
    xs = sorted(xs); return xs[len(xs) // 2]

def rate(f, n, warm=5):
    for _ in range(warm): f()
    reps = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(n): f()
        reps.append(n / (time.perf_counter() - t))
    return med(reps)

xs = (((np.arange(BATCH * 784) * 7919) % 1000) / 1000).astype(np.float32).reshape(BATCH, 28, 28, 1)
ys = (np.arange(BATCH) % 10).astype(np.int32)

def emit(peer, bench, value, unit):
    print(json.dumps({"peer": peer, "bench": bench, "value": value, "unit": unit}), flush=True)

try:
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(0)
        x = tf.placeholder(tf.float32, [None, 28, 28, 1]); y = tf.placeholder(tf.int32, [None])
        def conv(h, name, shape, padding):
            w = tf.get_variable(name + "_w", shape, initializer=tf.glorot_uniform_initializer())
            b = tf.get_variable(name + "_b", [shape[3]], initializer=tf.zeros_initializer())
            a = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(h, w, [1, 1, 1, 1], padding), b))
            return tf.nn.max_pool(a, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')
        def dense(h, name, n, m, relu):
            w = tf.get_variable(name + "_w", [n, m], initializer=tf.glorot_uniform_initializer())
            b = tf.get_variable(name + "_b", [m], initializer=tf.zeros_initializer())
            z = tf.nn.bias_add(tf.matmul(h, w), b)
            return tf.nn.relu(z) if relu else z
        h = conv(x, "conv1", [5, 5, 1, 6], 'SAME')
        h = conv(h, "conv2", [5, 5, 6, 16], 'VALID')
        h = tf.reshape(h, [-1, 400])
        h = dense(h, "fc1", 400, 120, True)
        h = dense(h, "fc2", 120, 84, True)
        logits = dense(h, "fc3", 84, 10, False)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
        sess = tf.Session(); sess.run(tf.global_variables_initializer())
        step = sess.make_callable([train, loss], [x, y])
        infer = sess.make_callable(logits, [x])
        peer = "TensorFlow %s (compat.v1 Session)" % tf.__version__
        emit(peer, "cnn_train", rate(lambda: step(xs, ys), 10), "steps/s")
        emit(peer, "cnn_infer", rate(lambda: infer(xs), 20), "batches/s")
except ImportError:
    pass

try:
    import torch
    torch.manual_seed(0)
    nn = torch.nn
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    lossf = nn.CrossEntropyLoss()
    tx = torch.from_numpy(xs.transpose(0, 3, 1, 2).copy()); ty = torch.from_numpy(ys.astype(np.int64))
    def step():
        opt.zero_grad(); l = lossf(model(tx), ty); l.backward(); opt.step()
    def infer():
        with torch.no_grad(): model(tx)
    peer = "PyTorch %s" % torch.__version__
    emit(peer, "cnn_train", rate(step, 10), "steps/s")
    emit(peer, "cnn_infer", rate(infer, 20), "batches/s")
except ImportError:
    pass
