"""Reference values embedded in test/math/*.test.ts, computed with real TensorFlow.

Run with the venv's TF:  .venv-tf/bin/python tools/gen_math_values.py
Prints one JSON object per section; the tests hold these numbers (rounded to 15 digits).
"""
import json

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
s = tf.Session()
r = lambda x: np.asarray(x).round(15).tolist()
inf, nan = np.inf, np.nan
f64 = lambda v: tf.constant(v, tf.float64)

# linalg.test.ts
A = np.array([[[2., -1., 0.5], [1., 3., -2.], [0., 1., 4.]], [[1., 2., 3.], [0., 1., 4.], [5., 6., 0.]]])
B = np.array([[[1., 0.], [2., 1.], [-1., 3.]], [[0.5, 1.], [1., -1.], [2., 2.]]])
S = np.array([[[4., 2., 0.6], [2., 5., 1.], [0.6, 1., 3.]], [[2., -1., 0.], [-1., 2., -1.], [0., -1., 2.]]])
L = np.array([[2., 0., 0.], [1., 3., 0.], [-1., 0.5, 4.]])
sign, logabs = s.run(tf.linalg.slogdet(A))
print(json.dumps({'linalg': {
    'inv': r(s.run(tf.matrix_inverse(A))), 'invAdj': r(s.run(tf.matrix_inverse(A, adjoint=True))),
    'det': r(s.run(tf.matrix_determinant(A))), 'slogdet': [r(sign), r(logabs)],
    'chol': r(s.run(tf.cholesky(S))), 'solve': r(s.run(tf.matrix_solve(A, B))),
    'solveAdj': r(s.run(tf.matrix_solve(A, B, adjoint=True))), 'triLower': r(s.run(tf.matrix_triangular_solve(L, B))),
    'triUpperAdj': r(s.run(tf.matrix_triangular_solve(np.stack([L.T, 2 * L.T]), B[0], lower=False, adjoint=True))),
    'logdet': r(s.run(tf.linalg.logdet(S))), 'inv32': r(s.run(tf.matrix_inverse(A.astype(np.float32)))),
}}))
Q = np.array([[[3., 1.], [4., 2.], [0., 5.]], [[-1., 2.], [2., 0.5], [1., -3.]]])
qrs = [tf.qr(Q), tf.qr(Q, full_matrices=True), tf.qr(np.array([[1., 2., 3.], [-4., 5., 0.5]]))]
print(json.dumps({'qr': [[r(v) for v in s.run(list(t))] for t in qrs]}))

# clip.test.ts
x = np.array([[3., 4.], [1., 1.]], np.float32)
a, b = np.array([3., 4.], np.float32), np.array([[12.]], np.float32)
c, n = tf.clip_by_global_norm([a, None, b], 6.5)
print(json.dumps({'clip': {
    'by_norm': r(s.run(tf.clip_by_norm(x, 1.))), 'by_norm_rows': r(s.run(tf.clip_by_norm(x, 1., axes=[1]))),
    'global_norm': float(s.run(tf.global_norm([a, b]))), 'by_global_norm': [r(v) for v in s.run([c[0], c[2], n])],
}}))

# special.test.ts
xs = [0., -0., -inf, inf, nan, -2.5, 1e-300, 1e10, 3., 1.5, 0.999, 2.001, -1e-5, 171.5, 1e306]
print(json.dumps({'special': {
    'lgamma': r(s.run(tf.lgamma(f64(xs)))), 'digamma': r(s.run(tf.digamma(f64(xs[:13])))),
    'polygamma': r(s.run(tf.polygamma(f64([1., 2., 3., 0., 1.5, -1., 1., 1.]), f64([0.5, 2., 10., 2.5, 1., 1., -1.5, 0.])))),
    'zeta': r(s.run(tf.zeta(f64([2., 3., 1., 0.5, 2., 2., 2., 4.]), f64([1., 2., 1., 1., -1., -1.5, 1e9, 0.3])))),
    'betainc': r(s.run(tf.betainc(f64([0., 1., 2., 2., 2., -1., 1e-3, 100., 0.5, 30.]), f64([1., 0., 3., 3., 3., 1., 1e-3, 200., 0.5, 40.]),
                                  f64([0.5, 0.5, 0., 1., 1.5, 0.5, 0.3, 0.33, 0.5, 0.42])))),
    'erfinv': r(s.run(tf.math.erfinv(f64([-1., 1., 1.5, 0.5, -0.9, 0.999999, nan])))),
    'xlogy': r(s.run(tf.math.xlogy(f64([0., 0., 0., 1., 2., 0.]), f64([0., -1., nan, 0., 3., inf])))),
    'xdivy': r(s.run(tf.math.xdivy(f64([0., 0., 1., 2.]), f64([0., nan, 0., 3.])))),
    'xlog1py': r(s.run(tf.math.xlog1py(f64([0., 0., 1., 2.]), f64([-1., nan, -1., 3.])))),
}}, default=str))
