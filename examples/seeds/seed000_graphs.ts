// Seed 000 ("which framework to learn?"): constants, fill/range/random, placeholders and
// feeds, graphs, variables, sessions and name scopes — ported line by line.
// (The SummaryWriter / TensorBoard parts come with the files issue.)

import * as tf from '../../src/index.js';
import { print } from './py.js';

export function main(): void {
  tf.resetDefaultGraph();

  // Basic constant operations
  {
    const a = tf.constant(2);
    const b = tf.constant(3);
    const c = a.add(b);
    const d = a.mul(b);
    const e = c.add(d);
    tf.withSession(sess => print(`(a+b)+(a*b) = ${sess.run(e).item()}`));
  }

  // You can create initialized tensors in many ways
  {
    const a = tf.zeros([2, 3], tf.int32);
    const b = tf.ones([2, 3], tf.int32);
    const c = tf.fill([3, 3], 23.9);
    const d = tf.range(0, 10, 1);
    tf.withSession(sess => {
      print(sess.run(a));
      print(sess.run(b));
      print(sess.run(c));
      print(sess.run(d));
    });
  }

  // Random shuffle of range(20)
  {
    const idx = tf.constant(20);
    const idxList = tf.range(idx); // 0~19
    const shuffle = tf.randomShuffle(idxList);
    tf.withSession(sess => {
      const [a, b] = sess.run([idxList, shuffle]);
      print(a);
      print(Array.from(b.data as Int32Array).sort((x, y) => x - y).join(',') === Array.from(a.data as Int32Array).join(',') ? 'shuffle is a permutation of 0..19' : 'NOT A PERMUTATION');
    });
  }

  // Basic operations with variable graph input
  {
    const a = tf.placeholder(tf.int16);
    const b = tf.placeholder(tf.int16);
    const c = tf.add(a, b);
    const d = tf.mul(a, b);
    const e = tf.add(c, d);
    const values: tf.FeedDict = [[a, 5], [b, 3]];
    tf.withSession(sess => {
      print(`a = ${sess.run(a, values).item()}`);
      print(`b = ${sess.run(b, values).item()}`);
      print(`(a+b)+(a*b) = ${sess.run(e, values).item()}`);
    });
  }

  // Placeholders of shape [2]
  {
    const a = tf.placeholder(tf.int16, [2]);
    const b = tf.placeholder(tf.int16, [2]);
    const c = tf.add(a, b);
    const d = tf.mul(a, b);
    const e = tf.add(c, d);
    const variables: tf.FeedDict = [[a, [2, 2]], [b, [3, 3]]];
    tf.withSession(sess => {
      print(sess.run(a, variables));
      print(sess.run(b, variables));
      print(sess.run(e, variables));
    });
  }

  // Named nodes
  {
    const a = tf.placeholder(tf.int32, null, { name: 'input_a' });
    const b = tf.placeholder(tf.int32, null, { name: 'input_b' });
    const c = tf.add(a, b, { name: 'add_1' });
    const d = tf.mul(a, b, { name: 'mul_1' });
    const e = tf.add(c, d, { name: 'add_2' });
    const sess = new tf.Session();
    print(sess.run(e, [[a, 5], [b, 3]]));
    print(e);
  }

  // tf.shape of a [2,2] placeholder
  {
    const a = tf.placeholder(tf.int16, [2, 2], { name: 'input_a' });
    const shape = tf.shape(a);
    const session = new tf.Session();
    print(session.run(shape));
  }

  // Feeding data points by iterating
  {
    const listAValues = [1, 2, 3];
    const a = tf.placeholder(tf.int16);
    const b = a.mul(2);
    tf.withSession(sess => {
      for (const aValue of listAValues) print(sess.run(b, [[a, aValue]]));
    });
  }

  // Graphs
  {
    const g = new tf.Graph();
    const a = g.asDefault(() => tf.mul(2, 3));
    print(a.graph === g, a.graph === tf.getDefaultGraph());
    const g1 = new tf.Graph(), g2 = new tf.Graph();
    const x = g1.asDefault(() => tf.constant(1));
    const y = g2.asDefault(() => tf.constant(2));
    print(x.graph === g1, y.graph === g2);
  }

  // Variables: assign in a loop
  {
    const a = new tf.Variable(3, { name: 'my_var' });
    const b = a.assign(tf.mul(2, a));
    tf.withSession(sess => {
      sess.run(tf.initializeAllVariables());
      print('a:', a.eval());
      print('b:', sess.run(b));
      print('b:', sess.run(b));
      print('b:', sess.run(b));
    });
  }

  // Increment and decrement
  {
    const a = new tf.Variable(3, { name: 'my_var' });
    tf.withSession(sess => {
      sess.run(tf.initializeAllVariables());
      print(sess.run(a.assignAdd(1)));
      print(sess.run(a.assignSub(1)));
    });
  }

  // Each Session has its own value of a variable
  {
    const a = new tf.Variable(10);
    const sess1 = new tf.Session();
    const sess2 = new tf.Session();
    sess1.run(tf.initializeAllVariables());
    sess2.run(tf.initializeAllVariables());
    print(sess1.run(a.assignAdd(10)));
    print(sess2.run(a.assignSub(2)));
    sess1.close();
    sess2.close();
  }

  // Name scopes
  {
    const [b] = tf.nameScope('Scope_A', () => {
      const a = tf.add(1, 2, { name: 'A_add' });
      return [tf.mul(a, 3, { name: 'A_mul' })];
    });
    const d = tf.nameScope('Scope_B', () => {
      const c = tf.add(4, 5, { name: 'B_add' });
      return tf.mul(c, 6, { name: 'B_mul' });
    });
    const e = tf.add(b, d, { name: 'output' });
    print(e);
    tf.withSession(sess => print(sess.run(e)));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
