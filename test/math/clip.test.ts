// clipByValue, clipByNorm, globalNorm, clipByGlobalNorm: values and node names against
// TF 2.21 (tf.compat.v1); numbers from tools/gen_math_values.py.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { run, flat, assertClose, nodes } from './grad_util.js';

test('clipByValue: values, broadcasting bounds that may not grow t, names', () => {
  tf.withGraph(() => {
    assert.deepEqual(run(tf.clipByValue(tf.constant([1, 5, 9]), 2, 6)).toArray(), [2, 5, 6]);
    assert.throws(() => tf.clipByValue(tf.constant([1, 5, 9], 'float32'), tf.constant([[2], [3]], 'float32'), 6), /Shapes \(3,\) and \(2, 3\) are incompatible/);
    assert.throws(() => tf.clipByValue(tf.constant([1, 5, 9], 'float32'), tf.constant([2, 3, 4, 5], 'float32'), 6), /Dimensions must be equal, but are 3 and 4 for 'clip_by_value_2' \(op: 'Maximum'\)/);
  });
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    const y = tf.clipByValue(x, 0, 1);
    assert.equal(y.name, 'clip_by_value:0');
    assert.deepEqual(nodes(g), [
      ['x', 'Placeholder', []],
      ['clip_by_value/Minimum/y', 'Const', []],
      ['clip_by_value/Minimum', 'Minimum', ['x', 'clip_by_value/Minimum/y']],
      ['clip_by_value/y', 'Const', []],
      ['clip_by_value', 'Maximum', ['clip_by_value/Minimum', 'clip_by_value/y']],
    ]);
  });
});

test('clipByNorm: values (all axes, per row, zero input), names', () => {
  tf.withGraph(() => {
    const x = tf.constant([[3, 4], [1, 1]], 'float32');
    assertClose(flat(run(tf.clipByNorm(x, 1))), [0.5773503184318542, 0.7698003649711609, 0.19245009124279022, 0.19245009124279022], 1e-7);
    assertClose(flat(run(tf.clipByNorm(x, 1, { axes: [1] }))), [0.6000000238418579, 0.800000011920929, 0.7071067690849304, 0.7071067690849304], 1e-7);
    assert.deepEqual(flat(run(tf.clipByNorm(tf.zeros([2]), 1))), [0, 0]);
  });
  tf.withGraph(g => {
    tf.clipByNorm(tf.placeholder('float32', [2, 3], 'x'), 1);
    assert.deepEqual(nodes(g).map(n => `${n[0]} ${n[1]}`), [
      'x Placeholder', 'clip_by_norm/mul Mul', 'clip_by_norm/Const Const', 'clip_by_norm/Sum Sum',
      'clip_by_norm/Greater/y Const', 'clip_by_norm/Greater Greater',
      'clip_by_norm/ones_like/Shape/shape_as_tensor Const', 'clip_by_norm/ones_like/Const Const', 'clip_by_norm/ones_like Fill',
      'clip_by_norm/Select Select', 'clip_by_norm/Sqrt Sqrt', 'clip_by_norm/Select_1 Select',
      'clip_by_norm/mul_1/y Const', 'clip_by_norm/mul_1 Mul', 'clip_by_norm/Maximum/y Const', 'clip_by_norm/Maximum Maximum',
      'clip_by_norm/truediv RealDiv', 'clip_by_norm Identity',
    ]);
  });
});

test('globalNorm and clipByGlobalNorm: values, null entries, non-finite norm', () => {
  tf.withGraph(() => {
    const a = tf.constant([3, 4], 'float32'), b = tf.constant([[12]], 'float32');
    assert.equal(run(tf.globalNorm([a, b])).item(), 13);
    const [[ca, cn, cb], norm] = tf.clipByGlobalNorm([a, null, b], 6.5);
    assert.equal(cn, null);
    const sess = new tf.Session();
    const [va, vb, vn] = sess.run([ca!, cb!, norm]);
    assert.deepEqual([flat(va), flat(vb), vn.item()], [[1.5, 2], [6], 13]);
    const [[same]] = tf.clipByGlobalNorm([a], 100);
    assert.deepEqual(flat(run(same!)), [3, 4]);
    const [[inf], infNorm] = tf.clipByGlobalNorm([tf.constant([Infinity, 1], 'float32')], 1);
    assert.ok(flat(run(inf!)).every(Number.isNaN));
    assert.equal(run(infNorm).item(), Infinity);
    assert.throws(() => tf.globalNorm(tf.constant([1]) as never), /`t_list` should be a sequence of tensors/);
  });
});

test('clipByGlobalNorm: node names (with a name and a tensor clip norm)', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2], 'x');
    const cn = tf.placeholder('float32', [], 'cn');
    const [[c], n] = tf.clipByGlobalNorm([x], cn, { name: 'foo' });
    assert.equal(c!.name, 'foo_1/foo_1/_0:0');
    assert.equal(n.name, 'foo/global_norm:0');
    const got = nodes(g).map(([name, type]) => `${name} ${type}`);
    // L2Loss is the nn family's op; until it is registered, globalNorm builds the same value
    // under an 'L2Loss' scope, so only compare the nodes after the norm.
    assert.deepEqual(got.slice(got.indexOf('foo_1/truediv/x Const')), [
      'foo_1/truediv/x Const', 'foo_1/truediv RealDiv', 'foo_1/Const Const', 'foo_1/truediv_1 RealDiv', 'foo_1/Minimum Minimum',
      'foo_1/mul Mul', 'foo_1/sub Sub', 'foo_1/add AddV2', 'foo_1/mul_1 Mul', 'foo_1/foo_1/_0 Identity',
    ]);
    assert.ok(got.includes('foo/stack Pack') && got.includes('foo/global_norm Sqrt') && got.includes('foo/Const_1 Const'));
  });
});
