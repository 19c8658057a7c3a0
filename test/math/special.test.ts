// Lgamma, Digamma, Polygamma, Zeta, Betainc, Erfinv and Xlogy, Xdivy, Xlog1py, MulNoNan:
// float64 values against TF 2.21 (tools/gen_math_values.py; edge cases included), node
// names, gradient rules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { run, flat, assertClose, nodes, checkGrad } from './grad_util.js';

const f64 = (v: number[]) => tf.constant(v, 'float64');
const inf = Infinity, nan = NaN;

test('lgamma and digamma match TF, including poles and reflections', () => {
  tf.withGraph(() => {
    const xs = [0, -0, -inf, inf, nan, -2.5, 1e-300, 1e10, 3, 1.5, 0.999, 2.001, -1e-5, 171.5, 1e306];
    assertClose(flat(run(tf.lgamma(f64(xs)))), [inf, inf, inf, inf, nan, -5.6243716497674068e-02, 6.9077552789821368e+02, 2.2025850928881058e+11,
      6.9314718055994529e-01, -1.2078223763524522e-01, 5.7803853289138023e-04, 4.2310673480011699e-04, 1.1512931237209125e+01, 7.0914316303092824e+02, inf], 1e-13, 'lgamma');
    const ds = [0, -0, -inf, inf, nan, -2.5, 1e-300, 1e10, 3, 1.5, 0.999, 2.001, -1e-5];
    assertClose(flat(run(tf.digamma(f64(ds)))), [nan, nan, nan, inf, nan, 1.1031566406452433, -9.9999999999999990e+299, 2.3025850929890456e+001,
      9.2278433509846747e-001, 3.6489973978576451e-002, -5.7886180210864557e-001, 4.2342906719069817e-001, 9.9999422767885611e+004], 1e-13, 'digamma');
    assertClose(flat(run(tf.lgamma(tf.constant([0.5, 10], 'float32')))), [0.5723649263381958, 12.801827430725098], 1e-7, 'float32');
  });
});

test('polygamma, zeta, betainc, erfinv match TF', () => {
  tf.withGraph(() => {
    assertClose(flat(run(tf.polygamma(f64([1, 2, 3, 0, 1.5, -1, 1, 1]), f64([0.5, 2, 10, 2.5, 1, 1, -1.5, 0])))),
      [4.9348022005446799, -4.0411380631918858e-01, 2.3199013042898686e-03, 7.0315664064524341e-01, nan, nan, 9.3792466449891236, inf], 1e-13, 'polygamma');
    assertClose(flat(run(tf.zeta(f64([2, 3, 1, 0.5, 2, 2, 2, 4]), f64([1, 2, 1, 1, -1, -1.5, 1e9, 0.3])))),
      [1.6449340668482266, 2.0205690315959429e-01, inf, nan, inf, 9.3792466449891236, 1.0000000004999997e-09, 1.2385696077584161e+02], 1e-13, 'zeta');
    assertClose(flat(run(tf.betainc(f64([0, 1, 2, 2, 2, -1, 1e-3, 100, 0.5, 30]), f64([1, 0, 3, 3, 3, 1, 1e-3, 200, 0.5, 40]), f64([0.5, 0.5, 0, 1, 1.5, 0.5, 0.3, 0.33, 0.5, 0.42])))),
      [nan, nan, 0, 1, nan, nan, 0.49957696213967645, 0.4566181633340067, 0.49999999999999994, 0.44704953086049676], 1e-12, 'betainc');
    assertClose(flat(run(tf.betainc(1, 2, f64([0.5, 0.25])))), [0.75, 0.4375], 1e-14, 'betainc scalars');
    // TF's own float64 erfinv is accurate to ~1e-9 relative; ours polishes with Halley steps
    assertClose(flat(run(tf.erfinv(f64([-1, 1, 1.5, 0.5, -0.9, 0.999999, nan])))), [-inf, inf, nan, 0.47693627620446988, -1.1630871536766743, 3.4589107372600512, nan], 1e-10, 'erfinv');
    // (near 1, TF's float32 erfinv is off: it gives 3.4655046 for float32(0.999999), whose erfinv is 3.45707)
    assertClose(flat(run(tf.erfinv(tf.constant([0.5, -0.9], 'float32')))), [0.4769363, -1.1630871], 1e-6, 'erfinv float32');
    assert.throws(() => run(tf.betainc(f64([1, 2]), f64([1, 2, 3]), f64([0.5, 0.5]))), /Shapes of a and b are inconsistent: \[2\] vs. \[3\]|Dimension 0 in both shapes must be equal/);
  });
});

test('xlogy, xdivy, xlog1py, multiplyNoNan: zero and NaN handling as TF', () => {
  tf.withGraph(() => {
    assertClose(flat(run(tf.xlogy(f64([0, 0, 0, 1, 2, 0]), f64([0, -1, nan, 0, 3, inf])))), [0, 0, 0, -inf, 2.1972245773362196, 0], 1e-15, 'xlogy');
    assertClose(flat(run(tf.xdivy(f64([0, 0, 1, 2]), f64([0, nan, 0, 3])))), [0, 0, inf, 0.6666666666666666], 1e-15, 'xdivy');
    assertClose(flat(run(tf.xlog1py(f64([0, 0, 1, 2]), f64([-1, nan, -1, 3])))), [0, 0, -inf, 2.772588722239781], 1e-15, 'xlog1py');
    assertClose(flat(run(tf.multiplyNoNan(f64([inf, nan, 1, 2]), f64([0, 0, nan, 3])))), [0, 0, nan, 6], 0, 'mulNoNan');
    assert.throws(() => tf.multiplyNoNan(tf.constant([1], 'float32'), tf.constant([1], 'float64')), /Tensor conversion requested dtype float32 for Tensor with dtype float64/);
  });
});

test('node names match TF (tf.compat.v1)', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    tf.lgamma(x); tf.digamma(x); tf.polygamma(1, x); tf.zeta(2, x); tf.betainc(1, 2, x); tf.erfinv(x);
    tf.xlogy(x, x); tf.xdivy(x, 2); tf.xlog1py(x, 2); tf.multiplyNoNan(x, x);
    assert.deepEqual(nodes(g).slice(1), [
      ['Lgamma', 'Lgamma', ['x']],
      ['Digamma', 'Digamma', ['x']],
      ['Polygamma/a', 'Const', []], ['Polygamma', 'Polygamma', ['Polygamma/a', 'x']],
      ['Zeta/x', 'Const', []], ['Zeta', 'Zeta', ['Zeta/x', 'x']],
      ['Betainc/a', 'Const', []], ['Betainc/b', 'Const', []], ['Betainc', 'Betainc', ['Betainc/a', 'Betainc/b', 'x']],
      ['erfinv/Erfinv', 'Erfinv', ['x']],
      ['Xlogy', 'Xlogy', ['x', 'x']],
      ['xdivy/Xdivy/y', 'Const', []], ['xdivy/Xdivy', 'Xdivy', ['x', 'xdivy/Xdivy/y']],
      ['xlog1py/Xlog1py/y', 'Const', []], ['xlog1py/Xlog1py', 'Xlog1py', ['x', 'xlog1py/Xlog1py/y']],
      ['multiply_no_nan', 'MulNoNan', ['x', 'x']],
    ]);
  });
});

test('gradient rules of the special functions', () => {
  const pos = { shape: [4], values: [0.3, 1.2, 2.5, 7] };
  checkGrad(([x]) => tf.lgamma(x), [pos]);
  checkGrad(([x]) => tf.digamma(x), [pos]);
  checkGrad(([x]) => tf.erfinv(x), [{ shape: [3], values: [-0.7, 0.1, 0.9] }]);
  checkGrad(([x]) => tf.polygamma(2, x), [pos]);
  checkGrad(([q]) => tf.zeta(3, q), [pos]);
  checkGrad(([x]) => tf.betainc(2.5, 1.5, x), [{ shape: [3], values: [0.2, 0.5, 0.8] }], { rtol: 1e-5 });
  const a = { shape: [3], values: [0.5, 2, -1.5] }, b = { shape: [3], values: [0.7, 3, 1.3] };
  checkGrad(([x, y]) => tf.xlogy(x, y), [a, b]);
  checkGrad(([x, y]) => tf.xdivy(x, y), [a, b]);
  checkGrad(([x, y]) => tf.xlog1py(x, y), [a, b]);
  checkGrad(([x, y]) => tf.multiplyNoNan(x, y), [a, b]);
});
