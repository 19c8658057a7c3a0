// The numeric checker itself: it passes right gradients in both modes and catches wrong
// ones (a checker that never fails proves nothing).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { checkGradients, drawValues, rng } from '../harness/numeric_grad.js';

// sin with a wrong gradient rule (cos(x) + 0.01)
const WrongSin = tf.defineOp({
  type: 'TestWrongSin',
  infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
  kernel: ([x]) => new tf.NDArray('float64', x.shape, (x.data as Float64Array).map(Math.sin)),
  grad: (op, [dy]) => [tf.mul(dy!, tf.add(tf.cos(op.inputs[0]), 0.01))],
});
const wrongSin = (x: tf.Tensor) => x.graph.addOp(WrongSin, [x], {}).outputs[0];

test('right gradients pass, in the full-Jacobian and the projection modes', () => {
  const small = checkGradients(([x, y]) => tf.mul(tf.sin(x), y), [{ shape: [2, 2] }, { shape: [2] }]);
  assert.equal(small.mode, 'jacobian');
  assert.ok(small.worst < 0.1, `worst ${small.worst}`);
  assert.deepEqual([...small.opTypes].sort(), ['Mul', 'Sin']);
  const big = checkGradients(([x]) => tf.sin(x), [{ shape: [10, 10] }]);
  assert.equal(big.mode, 'projection');
});

test('wrong gradients fail in both modes', () => {
  assert.throws(() => checkGradients(([x]) => wrongSin(x), [{ shape: [3] }]), /d y0\[0\] \/ d x0\[0\]: tf.gradients .*, numeric/);
  assert.throws(() => checkGradients(([x]) => wrongSin(x), [{ shape: [10, 10] }]), /projection 0: <t, J\^T c> = .*, <J t, c> = /);
});

test('an unconnected input counts as a zero gradient; non-float64 outputs are ignored', () => {
  checkGradients(([x]) => [tf.square(x), tf.cast(x, 'int32')], [{ shape: [2] }, { shape: [2] }]);
  assert.throws(() => checkGradients(([x]) => tf.cast(x, 'int32'), [{ shape: [2] }]), /no float64 output/);
});

test('drawn values are reproducible and respect ranges and signs', () => {
  const a = drawValues({ shape: [50], range: [0.3, 1.5], randomSign: true }, rng(7));
  const b = drawValues({ shape: [50], range: [0.3, 1.5], randomSign: true }, rng(7));
  assert.deepEqual(a, b);
  assert.ok(a.every(v => Math.abs(v) >= 0.3 && Math.abs(v) <= 1.5));
  assert.ok(a.some(v => v < 0) && a.some(v => v > 0));
});
