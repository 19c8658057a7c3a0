// Seed 001 (CS224d TensorFlow tutorial slides): NumPy vs TensorFlow, sessions and eval,
// variables, fetches, feeds and variable scopes — ported line by line.

import * as tf from '../../src/index.js';
import { print, printError } from './py.js';

export function main(): void {
  tf.resetDefaultGraph();

  // In [32]: tf.InteractiveSession()
  const isess = new tf.InteractiveSession();
  {
    const a = tf.zeros([2, 2]), b = tf.ones([2, 2]);
    print(tf.reduceSum(b, { reductionIndices: 1 }).eval());
    print(a.getShape());
    print(tf.reshape(a, [1, 4]).eval());
  }
  {
    const ta = tf.zeros([2, 2]);
    print(ta);
    print(ta.eval());
  }
  isess.close();

  // Session object: run and eval
  {
    const a = tf.constant(5.0, tf.float32);
    const b = tf.constant(6.0, tf.float32);
    const c = a.mul(b);
    tf.withSession(sess => {
      print(sess.run(c));
      print(c.eval());
    });
  }

  // Variables need initialization
  {
    const W1 = tf.ones([2, 2]);
    const W2 = new tf.Variable(tf.zeros([2, 2]), { name: 'weights' });
    tf.withSession(sess => {
      print(sess.run(W1));
      sess.run(tf.initializeAllVariables());
      print(sess.run(W2));
    });
  }
  {
    const W = new tf.Variable(tf.zeros([2, 2]), { name: 'weights' });
    const R = new tf.Variable(tf.randomNormal([2, 2]), { name: 'random_weights' });
    tf.withSession(sess => {
      sess.run(tf.initializeAllVariables());
      print(sess.run(W));
      const r = sess.run(R);
      print(`random_weights: shape (${r.shape.join(', ')}), dtype ${r.dtype}`);
    });
  }

  // Updating variable state
  {
    const state = new tf.Variable(0, { name: 'counter' });
    const newValue = tf.add(state, tf.constant(1));
    const update = tf.assign(state, newValue);
    tf.withSession(sess => {
      sess.run(tf.initializeAllVariables());
      print(sess.run(state));
      for (let i = 0; i < 3; i++) {
        sess.run(update);
        print(sess.run(state));
      }
    });
  }

  // Fetching variable state
  {
    const input1 = tf.constant(3.0, tf.float32);
    const input2 = tf.constant(2.0, tf.float32);
    const input3 = tf.constant(5.0, tf.float32);
    const intermed = tf.add(input2, input3);
    const mul = tf.mul(input1, intermed);
    tf.withSession(sess => {
      const result = sess.run([mul, intermed]);
      print(result);
    });
  }

  // Inputting data with convert_to_tensor
  {
    const a = tf.NDArray.zeros('float64', [3, 3]);
    const ta = tf.convertToTensor(a);
    tf.withSession(sess => print(sess.run(ta)));
  }

  // Placeholders and feed dictionaries
  {
    const input1 = tf.placeholder(tf.float32);
    const input2 = tf.placeholder(tf.float32);
    const output = tf.mul(input1, input2);
    tf.withSession(sess => print(sess.run([output], [[input1, [7.0]], [input2, [2.0]]])));
  }

  // Variable scope
  {
    const v = tf.variableScope('foo', () => tf.variableScope('bar', () => tf.getVariable('v', [1])));
    print(v.name === 'foo/bar/v:0', v.name);
  }
  tf.variableScope('foo', () => {
    const v = tf.getVariable('v', [1]);
    tf.getVariableScope().reuseVariables();
    const v1 = tf.getVariable('v', [1]);
    print(v1 === v);
  });
  {
    const v = tf.variableScope('foo2', () => tf.getVariable('v', [1]));
    const v1 = tf.variableScope('foo2', { reuse: true }, () => tf.getVariable('v', [1]));
    print(v1 === v);
  }
  // Reusing without reuse=True is an error
  printError(() => tf.variableScope('foo2', () => tf.getVariable('v', [1])));
}

if (import.meta.url === `file://${process.argv[1]}`) main();
