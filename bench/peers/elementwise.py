"""Peer timings for elementwise add: c = a + b over float32 arrays of 16M and 1M elements into a
preallocated output (torch.add(a, b, out=c), numpy.add(a, b, out=c)).

Prints one JSON line per (peer, n) for each peer that is installed:
  {"peer": ..., "n": N, "gbps": 3*4*N bytes / median seconds / 1e9}
Run by bench/run.ts with the project's .venv-tf python when it exists. Each peer uses its default
threads. Usage: elementwise.py [N ...]   (default 16777216 1048576)
"""
import json, os, sys, time

SIZES = [int(s) for s in sys.argv[1:]] or [16 << 20, 1 << 20]


def median_s(fn, n):
    reps = max(3, int(1e9 / (12 * n)))  # ~0.1 s per repetition at 10 GB/s
    for _ in range(max(2, reps // 2)):
        fn()
    out = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(reps):
            fn()
        out.append((time.perf_counter() - t) / reps)
    out.sort()
    return out[len(out) // 2]


def emit(peer, n, sec):
    print(json.dumps({"peer": peer, "n": n, "gbps": 12 * n / sec / 1e9}), flush=True)


try:
    import torch
    peer = "PyTorch " + torch.__version__.split("+")[0]
    for n in SIZES:
        a = torch.rand(n, dtype=torch.float32)
        b = torch.rand(n, dtype=torch.float32)
        c = torch.empty(n, dtype=torch.float32)
        emit(peer, n, median_s(lambda: torch.add(a, b, out=c), n))
except ImportError:
    pass

try:
    import numpy as np
    peer = "NumPy " + np.__version__
    for n in SIZES:
        rng = np.random.default_rng(n)
        a = rng.random(n, dtype=np.float32)
        b = rng.random(n, dtype=np.float32)
        c = np.empty(n, dtype=np.float32)
        emit(peer, n, median_s(lambda: np.add(a, b, out=c), n))
except ImportError:
    pass
