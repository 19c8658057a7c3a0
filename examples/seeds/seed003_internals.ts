// Seed 003 (TensorFlow internals): variables and initializers, sessions, fetches, feeds,
// graphs, name scopes — ported line by line. (The housing regressions, the relu modules
// and the TensorBoard graphs come with the training and files issues.)

import * as tf from '../../src/index.js';
import { print } from './py.js';

export function main(): void {
  // Simple example
  tf.resetDefaultGraph();
  {
    const x = new tf.Variable(3, { name: 'x' });
    const y = new tf.Variable(4, { name: 'y' });
    const f = x.mul(x).mul(y).add(y).add(2);
    print('f:', f);
    const sess = new tf.Session();
    sess.run(x.initializer);
    sess.run(y.initializer);
    print(sess.run(f));
    sess.close();
  }
  // with Session
  tf.resetDefaultGraph();
  {
    const x = new tf.Variable(3, { name: 'x' });
    const y = new tf.Variable(4, { name: 'y' });
    const f = x.mul(x).mul(y).add(y).add(2);
    print('f:', f);
    const result = tf.withSession(() => {
      x.initializer.run();
      y.initializer.run();
      return f.eval();
    });
    print(result);
  }
  // global variables initializer
  tf.resetDefaultGraph();
  {
    const x = new tf.Variable(3, { name: 'x' });
    const y = new tf.Variable(4, { name: 'y' });
    const f = x.mul(x).mul(y).add(y).add(2);
    print('f:', f);
    const init = tf.globalVariablesInitializer();
    const result = tf.withSession(() => { init.run(); return f.eval(); });
    print(result);
  }

  // Thinking in tensors
  {
    const a = tf.constant(5, { name: 'input_a' });
    const b = tf.constant(3, { name: 'input_b' });
    const c = tf.mul(a, b, { name: 'mul_c' });
    const d = tf.add(a, b, { name: 'add_d' });
    const e = tf.add(c, d, { name: 'add_e' });
    print(new tf.Session().run(e));
  }
  {
    const a = tf.constant([5, 3], { name: 'input_a' });
    const b = tf.reduceProd(a, { name: 'prod_b' });
    const c = tf.reduceSum(a, { name: 'sum_c' });
    const d = tf.add(b, c, { name: 'add_d' });
    print(new tf.Session().run(d));
  }
  // Data types and numpy arrays
  {
    const t0 = tf.NDArray.zeros('int32', []);
    const t1 = tf.constant(['apple', 'peach', 'grape']);
    const t2 = tf.constant([[true, false, false], [false, false, true], [false, true, false]]);
    const t3 = tf.constant([[[0, 0], [0, 1], [0, 2]], [[1, 0], [1, 1], [1, 2]], [[2, 0], [2, 1], [2, 2]]], tf.int64);
    print(t0.dtype, t1.dtype, t2.dtype, t3.dtype);
    const [v1, v2, v3] = new tf.Session().run([t1, t2, t3]);
    print(v1);
    print(v2);
    print(v3);
    const c = tf.add(tf.NDArray.zeros('int32', [2]), tf.constant([4, 5]));
    print(new tf.Session().run(c));
  }

  // Variables-1
  {
    const myVar = new tf.Variable(3, { name: 'my_variable' });
    tf.add(5, myVar);
    tf.multiply(8, myVar);
    const init = tf.globalVariablesInitializer();
    const sess = new tf.Session();
    print(sess.run(init));
    const var1 = new tf.Variable(0, { name: 'initialize_me' });
    new tf.Variable(1, { name: 'no_INITIALIZATION' });
    const init2 = tf.variablesInitializer([var1], { name: 'init_var1' });
    print(new tf.Session().run(init2));
  }
  // Variables-2
  {
    const myVar = new tf.Variable(1);
    const myVarTimesTwo = myVar.assign(myVar.mul(2));
    const init = tf.globalVariablesInitializer();
    const sess = new tf.Session();
    sess.run(init);
    print(sess.run(myVarTimesTwo));
    print(sess.run(myVarTimesTwo));
    print(sess.run(myVarTimesTwo));
    print(sess.run(myVar.assignAdd(1)));
    print(sess.run(myVar.assignSub(1)));
  }
  // Variables-3: one variable, two sessions
  {
    const myVar = new tf.Variable(0);
    const init = tf.globalVariablesInitializer();
    const sess1 = new tf.Session(), sess2 = new tf.Session();
    sess1.run(init);
    sess1.run(myVar.assignAdd(5));
    sess2.run(init);
    sess2.run(myVar.assignAdd(2));
    print(sess1.run(myVar.assignAdd(5)));
    print(sess2.run(myVar.assignAdd(2)));
  }
  // Life cycle: all node values are dropped between runs
  {
    const w = tf.constant(3);
    const x = w.add(2), y = x.add(5), z = x.mul(3);
    tf.withSession(() => { print(y.eval()); print(z.eval()); });
    tf.withSession(sess => { const [yVal, zVal] = sess.run([y, z]); print(yVal); print(zVal); });
  }
  // fetched
  tf.resetDefaultGraph();
  {
    const a = tf.add(2, 5), b = tf.multiply(a, 3);
    new tf.Session();
    const sess = new tf.Session({ graph: tf.getDefaultGraph() });
    print('sess.run(b):', sess.run(b));
    print('sess.run([a,b]):', sess.run([a, b]));
    print(sess.run(tf.initializeAllVariables()));
  }
  // feed dictionary: replace the value of a
  {
    const a = tf.add(2, 5), b = tf.multiply(a, 3);
    const sess = new tf.Session();
    const replaceDict = new Map([[a, 15]]);
    print(sess.run(b, replaceDict));
  }
  // placeholder
  {
    const a = tf.placeholder(tf.int32, [2], { name: 'my_input' });
    const b = tf.reduceProd(a, { name: 'prod_b' });
    const c = tf.reduceSum(a, { name: 'sum_c' });
    const d = tf.add(b, c, { name: 'add_d' });
    const sess = new tf.Session();
    const inputDict = [[a, new Int32Array([5, 3])]] as const;
    print(sess.run(d, inputDict));
  }
  // graphs
  tf.resetDefaultGraph();
  {
    const x1 = new tf.Variable(1);
    print('x1.graph is tf.get_default_graph():', x1.graph === tf.getDefaultGraph());
    const graph = new tf.Graph();
    const x2 = graph.asDefault(() => {
      const x2 = new tf.Variable(2);
      print('x2.graph is tf.get_default_graph():', x2.graph === tf.getDefaultGraph());
      return x2;
    });
    print('x2.graph is tf.get_default_graph():', x2.graph === tf.getDefaultGraph());
    print('x2.graph is graph:', x2.graph === graph);
  }
  // running graphs
  {
    const a = tf.constant(5, { name: 'input_a' }), b = tf.constant(3, { name: 'input_b' });
    const e = tf.add(tf.multiply(a, b, { name: 'mul_c' }), tf.add(a, b, { name: 'add_d' }), { name: 'add_e' });
    const sess = new tf.Session();
    const result = sess.run(e);
    print('result:', result, ' result', tf.shape(result));
  }
  {
    const a = tf.constant([[5, 3], [2, 1]], { name: 'input_a' });
    const b = tf.reduceProd(a, { name: 'prod_b' }), c = tf.reduceSum(a, { name: 'sum_c' });
    const d = tf.add(b, c, { name: 'add_d' });
    const sess = new tf.Session();
    const result = sess.run(d);
    print('result:', result, ' result', tf.shape(result));
  }
  // named scopes: example 1
  {
    const b = tf.nameScope('Scope_A', () => tf.multiply(tf.add(1, 2, { name: 'A_add' }), 3, { name: 'A_mul' }));
    const d = tf.nameScope('Scope_B', () => tf.multiply(tf.add(4, 5, { name: 'B_add' }), 6, { name: 'B_mul' }));
    const e = tf.add(b, d, { name: 'output' });
    print('example1:', e);
  }
  // named scopes: example 2
  {
    const graph = new tf.Graph();
    const out = graph.asDefault(() => {
      const in1 = tf.placeholder(tf.float32, [], { name: 'input_a' });
      const in2 = tf.placeholder(tf.float32, [], { name: 'input_b' });
      const c = tf.constant(3, { dtype: tf.float32, name: 'static_value' });
      const [cOut, dOut] = tf.nameScope('Transformation', () => {
        const aOut = tf.nameScope('A', () => tf.subtract(tf.multiply(in1, c), in1));
        const bOut = tf.nameScope('B', () => tf.subtract(tf.multiply(in2, c), in2));
        const cOut = tf.nameScope('C', () => tf.add(tf.div(aOut, bOut), c));
        const dOut = tf.nameScope('D', () => tf.add(tf.div(bOut, aOut), c));
        return [cOut, dOut];
      });
      return tf.maximum(cOut, dOut);
    });
    print('example2:', out);
    print(new tf.Session({ graph }).run(out, { 'input_a:0': 4, 'input_b:0': 2 }));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
