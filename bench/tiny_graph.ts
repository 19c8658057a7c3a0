// Core issue benchmark: Session.run of the seed graph (a+b)+(a*b) with two scalar feeds.

import * as tf from '../src/index.js';

export interface Row { name: string; value: number; unit: string; note?: string }

function medianOf(reps: number, fn: () => number): number {
  const xs = Array.from({ length: reps }, fn).sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)];
}

function usPerCall(n: number, f: () => unknown): number {
  for (let i = 0; i < Math.min(n, 20000); i++) f(); // warm up (JIT)
  return medianOf(7, () => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    return Number(process.hrtime.bigint() - t) / 1e3 / n;
  });
}

export function tinyGraph(): Row[] {
  return tf.withGraph(() => {
    const a = tf.placeholder(tf.int16, null, { name: 'input_a' });
    const b = tf.placeholder(tf.int16, null, { name: 'input_b' });
    const e = tf.add(tf.add(a, b, { name: 'add_1' }), tf.multiply(a, b, { name: 'mul_1' }), { name: 'add_2' });
    const sess = new tf.Session();
    const feeds: [tf.Tensor, number][] = [[a, 5], [b, 3]];
    const run = usPerCall(200000, () => sess.run(e, feeds));
    const call = sess.makeCallable(e, [a, b]);
    const callable = usPerCall(200000, () => call(5, 3));
    return [
      { name: 'tiny graph: sess.run with 2 scalar feeds', value: run, unit: 'µs/run', note: 'target < 3' },
      { name: 'tiny graph: makeCallable', value: callable, unit: 'µs/run', note: 'target < 1.5' },
    ];
  });
}
