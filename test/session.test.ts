import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../src/index.js';

test('seed graph (a+b)+(a*b) with int16 placeholders', () => {
  tf.withGraph(() => {
    const a = tf.placeholder(tf.int16, undefined, { name: 'input_a' });
    const b = tf.placeholder(tf.int16, undefined, { name: 'input_b' });
    const e = tf.add(tf.add(a, b, { name: 'add_1' }), tf.mul(a, b, { name: 'mul_1' }), { name: 'add_2' });
    const sess = new tf.Session();
    const r = sess.run(e, [[a, 5], [b, 3]]);
    assert.equal(r.dtype, 'int16');
    assert.equal(r.item(), 23);
    assert.equal(String(e), 'Tensor("add_2:0", shape=<unknown>, dtype=int16)');
  });
});

test('variables live in the session: two sessions hold independent values', () => {
  tf.withGraph(() => {
    const a = new tf.Variable(10);
    const s1 = new tf.Session(), s2 = new tf.Session();
    s1.run(a.initializer); s2.run(a.initializer);
    assert.equal(s1.run(a.assignAdd(10)).item(), 20);
    assert.equal(s2.run(a.assignSub(2)).item(), 8);
    assert.equal(s1.run(a).item(), 20);
  });
});

test('unfed placeholder raises InvalidArgumentError naming it', () => {
  tf.withGraph(() => {
    const p = tf.placeholder(tf.int32);
    const sess = new tf.Session();
    assert.throws(() => sess.run(p), (e: Error) => e instanceof tf.InvalidArgumentError &&
      e.message.startsWith("You must feed a value for placeholder tensor 'Placeholder' with dtype int32"));
  });
});
