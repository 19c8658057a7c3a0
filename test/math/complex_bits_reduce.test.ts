// Complex helpers (Complex, Real, Imag, Conj, Angle), bitwise ops, EuclideanNorm,
// reduceVariance / reduceStd and scalarMul: values and node names against TF 2.21.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { run, flat, assertClose, nodes, checkGrad } from './grad_util.js';

const c64 = (v: [number, number][]) => tf.constant(v.map(([re, im]) => ({ re, im })));

test('complex, real, imag, conj, angle', () => {
  tf.withGraph(() => {
    const z = tf.complex(tf.constant([1, 2], 'float32'), tf.constant([[3], [4]], 'float32'));
    assert.equal(z.dtype, 'complex64');
    assert.deepEqual(z.shape.dims, [2, 2]);
    assert.deepEqual(flat(run(z)), [1, 3, 2, 3, 1, 4, 2, 4]);
    const w = c64([[1, 1], [-1, 0], [0, 0], [0, -1]]);
    assert.deepEqual(flat(run(tf.real(w))), [1, -1, 0, 0]);
    assert.deepEqual(flat(run(tf.imag(w))), [1, 0, 0, -1]);
    assert.deepEqual(flat(run(tf.conj(w))), [1, -1, -1, -0, 0, -0, 0, 1]);
    assertClose(flat(run(tf.angle(w))), [0.7853982, 3.1415927, 0, -1.5707964], 1e-7, 'angle');
    assertClose(flat(run(tf.angle(tf.constant([1, -1, 0, -0], 'float32')))), [0, 3.1415927, 0, 0], 1e-7, 'angle real');
    const x = tf.constant([1.5], 'float32');
    assert.equal(tf.real(x), x);
    assert.equal(tf.conj(x), x);
    assert.deepEqual(flat(run(tf.imag(x))), [0]);
    assert.throws(() => tf.complex(tf.constant([1], 'float32'), tf.constant([1], 'float64')), /The `real` and `imag` components have incorrect types: float32 float64/);
    assert.throws(() => tf.conj(tf.constant(['a'])), /Expected numeric or variant tensor, got dtype tf.string/);
  });
});

test('complex op names and gradient rules', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2], 'x');
    const c = tf.placeholder('complex64', [2], 'c');
    tf.complex(x, x); tf.real(c); tf.imag(c); tf.conj(c); tf.angle(c); tf.abs(c);
    tf.imag(x);
    assert.deepEqual(nodes(g).map(n => `${n[0]} ${n[1]}`), [
      'x Placeholder', 'c Placeholder', 'Complex Complex', 'Real Real', 'Imag Imag', 'Conj Conj', 'Angle Angle', 'Abs ComplexAbs',
      'Imag_1/zeros_like Const',
    ]);
    const z = tf.complex(tf.constant([1, 2], 'float32'), tf.constant([3, 4], 'float32'));
    const dz = c64([[5, 6], [7, 8]]);
    const [gr, gi] = z.op.def.grad!(z.op, [dz]);
    assert.deepEqual([flat(run(gr!)), flat(run(gi!))], [[5, 7], [6, 8]]);
    const re = tf.real(z), im = tf.imag(z), ang = tf.angle(z);
    const dy = tf.constant([1, 2], 'float32');
    assert.deepEqual(flat(run(re.op.def.grad!(re.op, [dy])[0]!)), [1, 0, 2, 0]);
    assert.deepEqual(flat(run(im.op.def.grad!(im.op, [dy])[0]!)), [0, 1, 0, 2]);
    // d angle: -dy / (im + i re) = -dy (im - i re) / |z|^2
    assertClose(flat(run(ang.op.def.grad!(ang.op, [dy])[0]!)), [-0.3, 0.1, -0.4, 0.2], 1e-6, 'angle grad');
    assert.deepEqual(flat(run(tf.conj(z).op.def.grad!(tf.conj(z).op, [dz])[0]!)), [5, -6, 7, -8]);
  });
});

test('bitwise ops: values and wrap-around as TF, names', () => {
  tf.withGraph(() => {
    const i = (v: number) => tf.constant(v);
    const r = new tf.Session().run([
      tf.bitwise.bitwiseAnd(i(12), 10), tf.bitwise.bitwiseOr(i(12), 10), tf.bitwise.bitwiseXor(i(12), 10), tf.bitwise.leftShift(i(1), 33),
      tf.bitwise.rightShift(i(-8), 1), tf.bitwise.rightShift(i(-8), 40), tf.bitwise.invert(i(5)), tf.bitwise.leftShift(i(-1), -1),
    ]).map(a => a.item());
    assert.deepEqual(r, [8, 14, 6, -2147483648, -4, -1, -6, -1]);
    assert.deepEqual(run(tf.leftShift(tf.constant([1, 1], 'int8'), tf.constant([3, 7], 'int8'))).toArray(), [8, -128]);
    assert.deepEqual(run(tf.leftShift(tf.constant([255], 'uint8'), tf.constant([1], 'uint8'))).toArray(), [254]);
    assert.deepEqual(run(tf.rightShift(tf.constant([65535], 'uint16'), tf.constant([20], 'uint16'))).toArray(), [1]);
    assert.deepEqual(run(tf.rightShift(tf.constant([200], 'uint8'), tf.constant([3], 'uint8'))).toArray(), [25]);
    assert.deepEqual(run(tf.rightShift(tf.constant([-8n], 'int64'), tf.constant([65n], 'int64'))).toArray(), [-1n]);
    assert.deepEqual(run(tf.invert(tf.constant([5], 'uint8'))).toArray(), [250]);
    assert.throws(() => tf.bitwiseAnd(tf.constant(1.5), tf.constant(2.5)), /Value passed to parameter 'x' has DataType float32 not in list of allowed values/);
  });
  tf.withGraph(g => {
    const x = tf.placeholder('int32', [2], 'i');
    tf.bitwiseAnd(x, 3); tf.invert(x); tf.leftShift(x, 1);
    assert.deepEqual(nodes(g).slice(1), [
      ['BitwiseAnd/y', 'Const', []], ['BitwiseAnd', 'BitwiseAnd', ['i', 'BitwiseAnd/y']],
      ['Invert', 'Invert', ['i']],
      ['LeftShift/y', 'Const', []], ['LeftShift', 'LeftShift', ['i', 'LeftShift/y']],
    ]);
  });
});

test('reduceEuclideanNorm: ints, floats, complex, names, gradient', () => {
  tf.withGraph(() => {
    assert.deepEqual(run(tf.reduceEuclideanNorm(tf.constant([[3, 4], [5, 12]]), 1)).toArray(), [5, 13]);
    assertClose(flat(run(tf.reduceEuclideanNorm(tf.constant([[3, 4], [5, 12]], 'float32')))), [13.928389], 1e-7);
    assertClose(flat(run(tf.reduceEuclideanNorm(c64([[3, 4], [0, 1]])))), [5.0990195, 0], 1e-7);
    assert.deepEqual(run(tf.reduceEuclideanNorm(tf.ones([2, 3]), { axis: 0, keepDims: true })).shape, [1, 3]);
  });
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    tf.reduceEuclideanNorm(x, 1);
    const all = tf.reduceEuclideanNorm(x);
    assert.deepEqual(all.shape.dims, []);
    assert.deepEqual(nodes(g).slice(1), [
      ['EuclideanNorm/reduction_indices', 'Const', []], ['EuclideanNorm', 'EuclideanNorm', ['x', 'EuclideanNorm/reduction_indices']],
      ['Const', 'Const', []], ['EuclideanNorm_1', 'EuclideanNorm', ['x', 'Const']],
    ]);
  });
  checkGrad(([x]) => tf.reduceEuclideanNorm(x, 1), [{ shape: [2, 3], values: [1, -2, 3, 0.5, 4, -1] }]);
  checkGrad(([x]) => tf.reduceEuclideanNorm(x, { axis: 0, keepDims: true }), [{ shape: [2, 3], values: [1, -2, 3, 0.5, 4, -1] }]);
});

test('reduceVariance / reduceStd: values, complex, int rejection, names', () => {
  tf.withGraph(() => {
    assertClose(flat(run(tf.reduceStd(tf.constant([[1, 2], [3, 5]], 'float32'), { axis: 0, keepDims: true }))), [1, 1.5], 1e-7);
    assertClose(flat(run(tf.reduceVariance(tf.constant([[1, 2], [3, 4]], 'float32')))), [1.25], 1e-7);
    const v = tf.reduceVariance(c64([[1, 1], [2, -1]]));
    assert.equal(v.dtype, 'float32');
    assertClose(flat(run(v)), [1.25], 1e-7);
    assert.throws(() => tf.reduceVariance(tf.constant([1, 2])), /Input must be either real or complex. Received integer type <dtype: 'int32'>/);
  });
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    tf.reduceVariance(x, 1);
    tf.reduceStd(x);
    assert.deepEqual(nodes(g).slice(1), [
      ['reduce_variance/Mean/reduction_indices', 'Const', []],
      ['reduce_variance/Mean', 'Mean', ['x', 'reduce_variance/Mean/reduction_indices']],
      ['reduce_variance/sub', 'Sub', ['x', 'reduce_variance/Mean']],
      ['reduce_variance/Square', 'Square', ['reduce_variance/sub']],
      ['reduce_variance/Mean_1/reduction_indices', 'Const', []],
      ['reduce_variance/Mean_1', 'Mean', ['reduce_variance/Square', 'reduce_variance/Mean_1/reduction_indices']],
      ['reduce_std/reduce_variance/Const', 'Const', []],
      ['reduce_std/reduce_variance/Mean', 'Mean', ['x', 'reduce_std/reduce_variance/Const']],
      ['reduce_std/reduce_variance/sub', 'Sub', ['x', 'reduce_std/reduce_variance/Mean']],
      ['reduce_std/reduce_variance/Square', 'Square', ['reduce_std/reduce_variance/sub']],
      ['reduce_std/reduce_variance/Const_1', 'Const', []],
      ['reduce_std/reduce_variance/Mean_1', 'Mean', ['reduce_std/reduce_variance/Square', 'reduce_std/reduce_variance/Const_1']],
      ['reduce_std/Sqrt', 'Sqrt', ['reduce_std/reduce_variance/Mean_1']],
    ]);
  });
});

test('scalarMul: TF 1 naming and scalar check', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    const y = tf.scalarMul(2, x);
    assert.deepEqual(nodes(g).slice(1), [['scalar', 'Const', []], ['Mul', 'Mul', ['scalar', 'x']]]);
    assert.deepEqual(flat(run(y, [[x, [[1, 2, 3], [4, 5, 6]]]])), [2, 4, 6, 8, 10, 12]);
    assert.throws(() => tf.scalarMul([2, 3], x), /The input scalar must be a 0-D value. Received shape \(2,\)\./);
  });
});
