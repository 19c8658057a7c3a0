// Cumsum / Cumprod (exclusive, reverse, axes, integer wrap-around) and AddN / accumulateN:
// values against TF 2.21, node names, errors and gradient rules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { run, flat, assertClose, nodes, checkGrad } from './grad_util.js';

test('cumsum: exclusive, reverse, negative axis, int64, uint8 wrap, complex', () => {
  tf.withGraph(() => {
    const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(run(tf.cumsum(x, 1, { exclusive: true, reverse: true })).toArray(), [[5, 3, 0], [11, 6, 0]]);
    assert.deepEqual(run(tf.cumsum(x)).toArray(), [[1, 2, 3], [5, 7, 9]]);
    assert.deepEqual(run(tf.cumsum(tf.constant([[1, 2, 3], [4, 5, 6]], 'float32'), -1, { exclusive: true })).toArray(), [[0, 1, 3], [0, 4, 9]]);
    assert.deepEqual(run(tf.cumsum(tf.constant([1, 2, 3], 'int64'), { reverse: true })).toArray(), [6n, 5n, 3n]);
    assert.deepEqual(run(tf.cumsum(tf.constant([200, 100, 3], 'uint8'))).toArray(), [200, 44, 47]);
    const c = run(tf.cumsum(tf.constant([{ re: 1, im: 1 }, { re: 2, im: -1 }])));
    assert.deepEqual(flat(c), [1, 1, 3, 0]);
  });
});

test('cumprod: axis 0 reversed, exclusive, int32 wrap-around', () => {
  tf.withGraph(() => {
    const x = tf.constant([[1, 2, 3], [4, 5, 6]], 'float32');
    assert.deepEqual(run(tf.cumprod(x, 0, { reverse: true })).toArray(), [[4, 10, 18], [4, 5, 6]]);
    assert.deepEqual(run(tf.cumprod(x, 0, { exclusive: true })).toArray(), [[1, 1, 1], [1, 2, 3]]);
    assert.deepEqual(run(tf.cumprod(tf.constant([100000, 100000, 3]))).toArray(), [100000, 1410065408, -64771072]);
  });
});

test('cumsum/cumprod: errors and node names', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    const y = tf.cumsum(x, 1, { exclusive: true, reverse: true });
    tf.cumsum([1, 2, 3]);
    tf.cumprod(x);
    assert.equal(String(y), 'Tensor("Cumsum:0", shape=(2, 3), dtype=float32)');
    assert.deepEqual(y.op.attrs, { exclusive: true, reverse: true });
    assert.deepEqual(nodes(g), [
      ['x', 'Placeholder', []],
      ['Cumsum/axis', 'Const', []], ['Cumsum', 'Cumsum', ['x', 'Cumsum/axis']],
      ['Cumsum_1/x', 'Const', []], ['Cumsum_1/axis', 'Const', []], ['Cumsum_1', 'Cumsum', ['Cumsum_1/x', 'Cumsum_1/axis']],
      ['Cumprod/axis', 'Const', []], ['Cumprod', 'Cumprod', ['x', 'Cumprod/axis']],
    ]);
    assert.throws(() => run(tf.cumsum(tf.constant([[1, 2, 3], [4, 5, 6]]), 2)),
      (e: Error) => e instanceof tf.InvalidArgumentError && (e as tf.OpError).rawMessage === 'ScanOp: Expected scan axis in the range [-2, 2), but got 2');
    assert.throws(() => run(tf.cumsum(tf.constant([1, 2, 3]), tf.constant([0]))),
      (e: Error) => (e as tf.OpError).rawMessage === 'ScanOp: axis must be a scalar, not [1]');
    assert.throws(() => tf.cumsum(tf.constant([true])), /Value passed to parameter 'x' has DataType bool not in list of allowed values/);
  });
});

test('cumsum/cumprod gradient rules (all attr combinations)', () => {
  const x = { shape: [2, 3], values: [1.5, -2, 3, 0.5, 2, -1.25] };
  for (const exclusive of [false, true]) {
    for (const reverse of [false, true]) {
      checkGrad(([t]) => tf.cumsum(t, 1, { exclusive, reverse }), [x]);
      checkGrad(([t]) => tf.cumprod(t, 1, { exclusive, reverse }), [x]);
    }
  }
  checkGrad(([t]) => tf.cumprod(t, 0), [x]);
});

test('addN: values, dtypes, single input, names', () => {
  tf.withGraph(g => {
    const s = tf.addN([tf.constant([1, 2]), tf.constant([3, 4]), tf.constant([5, 6])]);
    assert.deepEqual(run(s).toArray(), [9, 12]);
    assert.deepEqual(run(tf.addN([tf.constant([1], 'int64'), tf.constant([2], 'int64')])).toArray(), [3n]);
    assert.deepEqual(run(tf.addN([tf.constant([32767], 'int16'), tf.constant([1], 'int16')])).toArray(), [-32768]);
    assertClose(flat(run(tf.addN([tf.constant([0.1, 0.2], 'float32'), tf.constant([0.2, 0.3], 'float32')]))), [0.30000001192092896, 0.5], 1e-7);
    const x = tf.placeholder('float32', [2, 3], 'x');
    assert.equal(tf.addN([x]), x);
    assert.equal(tf.accumulateN([x]), x);
    assert.equal(tf.addN([x], { name: 'foo' }).op.type, 'Identity');
    assert.equal(tf.accumulateN([x, x]).op.type, 'AddN');
    assert.deepEqual(nodes(g).filter(n => n[0].startsWith('AddN') || n[0] === 'foo'), [
      ['AddN', 'AddN', ['Const', 'Const_1', 'Const_2']],
      ['AddN_1', 'AddN', ['Const_3', 'Const_4']],
      ['AddN_2', 'AddN', ['Const_5', 'Const_6']],
      ['AddN_3', 'AddN', ['Const_7', 'Const_8']],
      ['foo', 'Identity', ['x']],
      ['AddN_4', 'AddN', ['x', 'x']],
    ]);
  });
});

test('addN: errors in TF wording', () => {
  tf.withGraph(() => {
    assert.throws(() => tf.addN([tf.constant([1, 2]), tf.constant([1, 2, 3])]),
      (e: Error) => e instanceof tf.ValueError && e.message.startsWith('Dimension 0 in both shapes must be equal, but are 2 and 3. Shapes are [2] and [3].\n\tFrom merging shape 0 with other shapes'));
    assert.throws(() => tf.addN([tf.constant([1, 2]), tf.constant([1, 2])].concat([tf.constant([1.5, 2])] as never)),
      /Tensors in list passed to 'inputs' of 'AddN' Op have types \[int32, int32, float32\] that don't all match\./);
    assert.throws(() => tf.addN([]), /Inputs must be an iterable of at least one Tensor\/IndexedSlices with the same dtype and shape\./);
    assert.throws(() => tf.accumulateN([tf.constant([1]), tf.constant([1.5])]), /inputs must be a list of at least one Tensor with the same dtype and shape/);
    const p = tf.placeholder('float32'), q = tf.placeholder('float32');
    assert.throws(() => run(tf.addN([p, q]), [[p, [1, 2]], [q, [1, 2, 3]]]),
      (e: Error) => (e as tf.OpError).rawMessage === 'Inputs to operation AddN of type AddN must have the same size and shape.  Input 0: [2] != input 1: [3]');
  });
});

test('AddN gradient rule copies dy to every input', () => {
  checkGrad(([a, b, c]) => tf.addN([a, b, c]), [{ shape: [2], values: [1, 2] }, { shape: [2], values: [3, 4] }, { shape: [2], values: [5, 6] }]);
});
