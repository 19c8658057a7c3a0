"""Peak memory of an MLP training process (784-512-256-10, ReLU, softmax cross-entropy, SGD,
batch 128, 300 steps) for one peer per process: `memory.py tf` or `memory.py torch`. Prints one
JSON line with the process's peak resident set (ru_maxrss) in MB, or nothing when the peer is
not installed."""
import json, os, resource, sys
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
import numpy as np

STEPS = 300
which = sys.argv[1] if len(sys.argv) > 1 else 'tf'
xs = np.random.rand(128, 784).astype(np.float32); ys = (np.arange(128) % 10).astype(np.int32)

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

if which == 'tf':
    try:
        import tensorflow.compat.v1 as tf
    except ImportError:
        sys.exit(0)
    tf.disable_v2_behavior()
    x = tf.placeholder(tf.float32, [None, 784]); y = tf.placeholder(tf.int32, [None])
    h = x; sizes = [784, 512, 256, 10]
    for i in range(3):
        w = tf.get_variable("w%d" % i, [sizes[i], sizes[i + 1]]); b = tf.get_variable("b%d" % i, [sizes[i + 1]], initializer=tf.zeros_initializer())
        h = tf.nn.bias_add(tf.matmul(h, w), b)
        if i < 2: h = tf.nn.relu(h)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    sess = tf.Session(); sess.run(tf.global_variables_initializer())
    f = sess.make_callable([train, loss], [x, y])
    for _ in range(STEPS): f(xs, ys)
    print(json.dumps({"peer": "TensorFlow %s compat.v1" % tf.__version__, "peakMB": peak_mb()}))
else:
    try:
        import torch
    except ImportError:
        sys.exit(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    tx = torch.from_numpy(xs); ty = torch.from_numpy(ys).long()
    lossf = torch.nn.CrossEntropyLoss()
    for _ in range(STEPS):
        opt.zero_grad(); l = lossf(model(tx), ty); l.backward(); opt.step()
    print(json.dumps({"peer": "PyTorch %s" % torch.__version__, "peakMB": peak_mb()}))
