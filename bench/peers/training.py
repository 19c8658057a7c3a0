"""Peers for the training benchmarks: seed 004's single-sample loop and an MLP SGD step
(784-512-256-10, ReLU, softmax cross-entropy, batch 128) in TF compat.v1 and PyTorch,
where installed. One JSON line per result."""
import json, os, random, time
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
import numpy as np

def med(xs):
    xs = sorted(xs); return xs[len(xs) // 2]

try:
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    # seed 004's loop: time 5,000 steps and scale to 100,000
    g = tf.Graph()
    with g.as_default():
        m = tf.get_variable("m", [], initializer=tf.constant_initializer(0.))
        b = tf.get_variable("b", [], initializer=tf.constant_initializer(0.))
        x = tf.placeholder(tf.float32); y = tf.placeholder(tf.float32)
        loss = tf.square(y - (m * x + b))
        train_op = tf.train.GradientDescentOptimizer(1e-3).minimize(loss)
        sess = tf.Session(); sess.run(tf.global_variables_initializer())
        tm, tb = random.random(), random.random()
        n = 5000
        t = time.perf_counter()
        for _ in range(n):
            xi = random.random()
            sess.run([loss, train_op], feed_dict={x: xi, y: tm * xi + tb})
        secs = (time.perf_counter() - t) * (100000 / n)
    print(json.dumps({"bench": "seed004", "peer": "TensorFlow %s compat.v1 (5,000 steps timed, scaled to 100,000)" % tf.__version__, "seconds": secs}))
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(0)
        x = tf.placeholder(tf.float32, [None, 784]); y = tf.placeholder(tf.int32, [None])
        h = x; sizes = [784, 512, 256, 10]
        for i in range(3):
            w = tf.get_variable("w%d" % i, [sizes[i], sizes[i + 1]]); bb = tf.get_variable("b%d" % i, [sizes[i + 1]], initializer=tf.zeros_initializer())
            h = tf.nn.bias_add(tf.matmul(h, w), bb)
            if i < 2: h = tf.nn.relu(h)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h))
        train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
        sess = tf.Session(); sess.run(tf.global_variables_initializer())
        xs = np.random.rand(128, 784).astype(np.float32); ys = (np.arange(128) % 10).astype(np.int32)
        f = sess.make_callable([train, loss], [x, y])
        for _ in range(5): f(xs, ys)
        reps = []
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(20): f(xs, ys)
            reps.append(20 / (time.perf_counter() - t))
    print(json.dumps({"bench": "mlp", "peer": "TensorFlow %s compat.v1" % tf.__version__, "steps_per_s": med(reps)}))
except ImportError:
    pass

try:
    import torch
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    xs = torch.rand(128, 784); ys = torch.arange(128) % 10
    lossf = torch.nn.CrossEntropyLoss()
    def step():
        opt.zero_grad(); l = lossf(model(xs), ys); l.backward(); opt.step()
    for _ in range(5): step()
    reps = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(20): step()
        reps.append(20 / (time.perf_counter() - t))
    print(json.dumps({"bench": "mlp", "peer": "PyTorch %s" % torch.__version__, "steps_per_s": med(reps)}))
except ImportError:
    pass
