"""Peer timings for the tiny-graph benchmark: (a+b)+(a*b) with two scalar feeds.

Prints one JSON line per peer that is installed: {"peer": ..., "us_per_run": ...}.
Run by bench/run.ts with the project's .venv-tf python when it exists.
"""
import json, os, time
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')

def median_us(fn, n, reps=5):
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        out.append((time.perf_counter() - t) / n * 1e6)
    out.sort()
    return out[len(out) // 2]

try:
    import numpy as np
    a, b = np.int16(5), np.int16(3)
    print(json.dumps({"peer": "NumPy", "us_per_run": median_us(lambda: (a + b) + (a * b), 200000)}))
except ImportError:
    pass

try:
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    pa = tf.placeholder(tf.int16); pb = tf.placeholder(tf.int16)
    e = tf.add(tf.add(pa, pb), tf.multiply(pa, pb))
    sess = tf.Session()
    sess.run(e, {pa: 5, pb: 3})
    print(json.dumps({"peer": "TensorFlow %s (compat.v1 Session.run)" % tf.__version__, "us_per_run": median_us(lambda: sess.run(e, {pa: 5, pb: 3}), 5000)}))
    f = sess.make_callable(e, [pa, pb])
    print(json.dumps({"peer": "TensorFlow %s (make_callable)" % tf.__version__, "us_per_run": median_us(lambda: f(5, 3), 5000)}))
except ImportError:
    pass

try:
    import torch
    ta, tb = torch.tensor(5, dtype=torch.int16), torch.tensor(3, dtype=torch.int16)
    print(json.dumps({"peer": "PyTorch %s (eager)" % torch.__version__, "us_per_run": median_us(lambda: (ta + tb) + (ta * tb), 50000)}))
except ImportError:
    pass
