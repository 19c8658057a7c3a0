// Seed 002 (TensorFlow basics, Analytics Vidhya): hello world, tensors and operations,
// variables, placeholders, simple expressions, resource management — ported line by line.
// (Regression, the MLP, saving and TensorBoard come with the training and files issues.)

import * as tf from '../../src/index.js';
import { print, printError } from './py.js';

export function main(): void {
  tf.resetDefaultGraph();
  const hello = tf.constant('Hello, TensorFlow!');
  const sess = new tf.InteractiveSession();
  print(sess.run(hello));

  const zerosTensor = tf.zeros([3, 3]);
  print(sess.run(zerosTensor));
  print(zerosTensor);

  const a = tf.truncatedNormal([2, 2]);
  const b = tf.fill([2, 2], 0.5);
  const [av, sum, diff, prod, mm] = sess.run([a, a.add(b), a.sub(b), a.mul(b), tf.matmul(a, b)]);
  const close = (x: tf.NDArray, y: number[]) => x.toFlat().every((v, i) => Math.abs((v as number) - y[i]) < 1e-6);
  const A = av.toFlat() as number[];
  print(A.every(v => Math.abs(v) <= 2) ? 'truncated normal values lie within two standard deviations' : 'OUT OF RANGE');
  print('a + b, a - b, a * b elementwise:', close(sum, A.map(v => v + 0.5)) && close(diff, A.map(v => v - 0.5)) && close(prod, A.map(v => v * 0.5)));
  print('matmul(a, b) rows:', close(mm, [0.5 * (A[0] + A[1]), 0.5 * (A[0] + A[1]), 0.5 * (A[2] + A[3]), 0.5 * (A[2] + A[3])]));

  // A variable must be initialized before use
  const v = new tf.Variable(zerosTensor);
  printError(() => sess.run(v));
  sess.run(v.initializer);
  print(sess.run(v));

  // Placeholders
  const x = tf.placeholder(tf.float32, [4, 4]);
  print(x);
  {
    const a = tf.placeholder('float');
    const b = tf.placeholder('float');
    const y = tf.multiply(a, b);
    print(sess.run(y, [[a, 100], [b, 500]]));
  }

  // 1 + 2*ans + ans^2 at 10
  {
    const ans = tf.placeholder(tf.float32);
    const f = tf.operator.add(1, tf.operator.mul(2, ans)).add(tf.pow(ans, 2));
    print(sess.run(f, [[ans, 10]]));
  }

  // The sigmoid over 50 points
  {
    const x = tf.placeholder(tf.float32);
    const sigma = tf.operator.truediv(1, tf.operator.add(1, tf.exp(x.neg())));
    const values = sigma.eval([[x, sess.run(tf.linspace(-5.0, 5.0, 50))]]);
    print(new tf.TensorShape(values.shape), (values.get(0) as number).toFixed(6), (values.get(49) as number).toFixed(6));
  }

  // Resource management: devices and a config
  {
    const a = tf.device('/cpu:0', () => tf.constant([1.5, 2.5], { name: 'a' }));
    print(a.device);
    const cfg: tf.ConfigProto = { allowSoftPlacement: true };
    const s = new tf.Session({ config: cfg });
    const g = tf.device('/gpu:0', () => a.mul(2));
    print(s.run(g));
    printError(() => new tf.Session().run(g));
    s.close();
  }
  sess.close();
}

if (import.meta.url === `file://${process.argv[1]}`) main();
