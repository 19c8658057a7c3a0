"""Peer timings for GEMM: C = A @ B, square float32 matrices, N in the sizes given.

Prints one JSON line per (peer, n) for each peer that is installed:
  {"peer": ..., "n": N, "dtype": "float32", "us": median microseconds per product, "gflops": ...}
Run by bench/run.ts with the project's .venv-tf python when it exists. Every peer uses all of the
machine's cores (its default) and allocates its output, as a user's call would.
Usage: gemm.py [N ...]   (default 64 128 256 512 1024)
"""
import json, os, sys, time
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')

SIZES = [int(s) for s in sys.argv[1:]] or [64, 128, 256, 512, 1024]


def median_us(fn, n):
    reps = max(3, int(min(2000, 4e8 / (n ** 3))))  # about 1 s of work per size at 100 GFLOP/s
    for _ in range(max(2, reps // 4)):
        fn()
    out = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        out.append((time.perf_counter() - t) / reps * 1e6)
    out.sort()
    return out[len(out) // 2]


def emit(peer, n, us):
    print(json.dumps({"peer": peer, "n": n, "dtype": "float32", "us": us, "gflops": 2 * n ** 3 / us / 1e3}), flush=True)


def inputs(n):
    import numpy as np
    rng = np.random.default_rng(n)
    return rng.standard_normal((n, n), dtype=np.float32), rng.standard_normal((n, n), dtype=np.float32)


try:
    import numpy as np
    try:
        from threadpoolctl import threadpool_info
        info = [p.get('internal_api', '') + ' ' + str(p.get('architecture', '')) for p in threadpool_info()]
    except ImportError:
        info = []
    name = 'NumPy %s (%s)' % (np.__version__, ', '.join(info) or 'BLAS')
    for n in SIZES:
        a, b = inputs(n)
        emit(name, n, median_us(lambda: a @ b, n))
except ImportError:
    pass

try:
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    for n in SIZES:
        a, b = inputs(n)
        g = tf.Graph()
        with g.as_default():
            # Inputs held in variables so each run measures the matmul, not feeding.
            va, vb = tf.Variable(a), tf.Variable(b)
            c = tf.matmul(va, vb)
            sess = tf.Session(graph=g)
            sess.run(tf.global_variables_initializer())
            f = sess.make_callable(c)
            emit('TensorFlow %s (compat.v1 Session, make_callable)' % tf.__version__, n, median_us(f, n))
            sess.close()
except ImportError:
    pass

try:
    import torch
    for n in SIZES:
        a, b = inputs(n)
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        with torch.no_grad():
            emit('PyTorch %s (eager, %d threads)' % (torch.__version__, torch.get_num_threads()), n, median_us(lambda: ta @ tb, n))
except ImportError:
    pass
