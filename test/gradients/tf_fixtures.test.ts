// tf.gradients of compositions against real TensorFlow (test/fixtures/gradients.json,
// made by tools/gen_grad_fixtures.py): each case is built here exactly as the generator
// builds it, from float64 placeholders, and the gradients' values must agree.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '../../src/index.js';
import { gradients } from '../../src/gradients/index.js';
import { api, Unavailable } from './grad_spec.js';

interface Value { shape: number[]; values: number[] }
interface Case { id: string; inputs: Record<string, Value>; xs: string[]; grads: (Value | null)[] }
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/gradients.json', import.meta.url), 'utf8')) as { cases: Case[] };

type T = tf.Tensor;
type P = Record<string, T>;
type Fn = (...args: unknown[]) => T;
const nn = (name: string) => api<Fn>(`nn.${name}`);
const c64 = (v: number[] | number[][] | number) => tf.constant(v, 'float64');
const sum = (x: T) => tf.reduceSum(x);

const BUILDERS: Record<string, (p: P) => T | T[]> = {
  mse_linear: p => tf.reduceMean(tf.square(tf.matmul(p.x, p.W).add(p.b).sub(p.y))),
  logsumexp: p => tf.reduceLogSumExp(p.x, 1),
  broadcast_ops: ({ a, b }) => sum(a.mul(b).add(a.div(b)).sub(tf.maximum(a, b)).add(tf.squaredDifference(a, b))),
  reductions_keepdims: ({ x }) => {
    const m = tf.reduceMean(x, { axis: 1, keepDims: true });
    const s = tf.reduceSum(x.mul(m), { axis: [0, 2], keepDims: true });
    return [tf.reduceMax(x, 0).mul(2), s, tf.reduceProd(x.add(2), -1)];
  },
  matmul_transposes: ({ a, b, c }) => {
    const ab = tf.matmul(a, b, { transposeA: true, transposeB: true });
    return sum(ab.mul(c)).add(sum(tf.matmul(c, ab, { transposeB: true })));
  },
  batch_matmul_broadcast: ({ a, b }) => sum(tf.square(tf.matmul(a, b))),
  gather: ({ params, w }) => {
    const rows = tf.gather(params, tf.constant([4, 0, 4, 2], 'int32'));
    const cols = tf.gather(params, tf.constant([2, 0], 'int32'), { axis: 1 });
    return sum(rows.mul(w)).add(sum(tf.square(cols)));
  },
  concat_split: ({ a, b }) => {
    const [s0, s1] = tf.split(tf.concat([a, b], 1), [2, 3], 1);
    return sum(tf.square(s0)).add(sum(s1.mul(3))).add(sum(tf.stack([a.index(':', 0), b.index(':', 1)])));
  },
  where_select: ({ x }) => sum(tf.where(x.gt(0), tf.square(x), x.neg())),
  maximum_minimum: ({ x, y }) => tf.maximum(x, 0.3).add(tf.minimum(x, y)),
  pow: ({ x, y }) => tf.pow(x, y).add(tf.pow(x, 3)),
  reshape_transpose_chain: ({ x, w }) => {
    const t = tf.transpose(tf.reshape(x, [3, 4]), [1, 0]);
    return sum(tf.reshape(t.mul(w), [2, 6]).mul(tf.expandDims(tf.range(6, null, 1, { dtype: 'float64' }), 0)));
  },
  mlp_tanh_sigmoid: p => {
    const h = tf.tanh(tf.matmul(p.x, p.W1).add(p.b1));
    const o = tf.sigmoid(tf.matmul(h, p.W2).add(p.b2));
    return tf.reduceMean(tf.log(o.add(0.1)));
  },
  slices_and_pads: ({ x }) => [
    tf.pad(x.index('1:3', '::2'), [[1, 0], [0, 2]]), tf.pad(x, [[1, 1], [2, 0]], 'REFLECT'), tf.reverse(x.index(':', 1), [0]),
  ],
  cumsum_segment: ({ x }) => [
    tf.cumsum(x, 0, { exclusive: true }), tf.segmentSum(x, tf.constant([0, 0, 1, 2, 2], 'int32')).mul(2),
    tf.unsortedSegmentSum(x, tf.constant([1, 0, 1, -1, 0], 'int32'), 2),
  ],
  softmax_xent: ({ logits, labels }) => tf.reduceMean(nn('softmaxCrossEntropyWithLogitsV2')({ labels, logits })),
  sparse_softmax_xent: ({ logits }) => nn('sparseSoftmaxCrossEntropyWithLogits')({ labels: tf.constant([2, 0, 1, 1], 'int32'), logits }),
  sigmoid_xent_l2: ({ logits, w }) => {
    const labels = c64([[0, 1], [1, 0.5], [0.2, 0]]);
    return sum(nn('sigmoidCrossEntropyWithLogits')({ labels, logits })).add(nn('l2Loss')(w));
  },
  relu_softmax_net: ({ x, W, b }) => {
    const h = nn('relu')(nn('biasAdd')(tf.matmul(x, W), b));
    return sum(nn('logSoftmax')(h).mul(c64([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])));
  },
  conv_pool: ({ x, w }) => {
    const c = nn('conv2d')(x, w, [1, 1, 1, 1], 'SAME');
    return sum(tf.square(nn('maxPool')(c, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'))).add(sum(nn('avgPool')(c, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME')));
  },
  second_order: ({ x }) => {
    // the first derivative; the test differentiates it again
    return gradients(sum(x.mul(x).mul(x).add(tf.tanh(x)).add(tf.sigmoid(x))), x)[0]!;
  },
};

describe('tf.gradients agrees with TensorFlow on compositions', () => {
  test('every fixture case has a builder', () => {
    assert.deepEqual(fixture.cases.map(c => c.id).filter(id => !BUILDERS[id]), []);
  });
  for (const c of fixture.cases) {
    test(c.id, t => {
      tf.withGraph(g => {
        const p: P = {};
        for (const [k, v] of Object.entries(c.inputs)) p[k] = tf.placeholder('float64', v.shape, k);
        let ys: T | T[];
        try {
          ys = BUILDERS[c.id](p);
        } catch (e) {
          if (e instanceof Unavailable) { t.skip(e.message); return; }
          throw e;
        }
        const grads = gradients(ys, c.xs.map(k => p[k]));
        const feeds = Object.entries(c.inputs).map(([k, v]) => [p[k], new tf.NDArray('float64', v.shape, Float64Array.from(v.values))] as [T, tf.NDArray]);
        const sess = new tf.Session({ graph: g });
        grads.forEach((gr, i) => {
          const want = c.grads[i];
          if (!want) { assert.equal(gr, null, `${c.id}: d/d${c.xs[i]} should be null`); return; }
          assert.ok(gr, `${c.id}: d/d${c.xs[i]} is null`);
          const got = sess.run(gr, feeds);
          assert.deepEqual(got.shape, want.shape, `${c.id}: shape of d/d${c.xs[i]}`);
          const data = got.data as Float64Array;
          want.values.forEach((w, j) => assert.ok(Math.abs(data[j] - w) <= 1e-10 * Math.max(1, Math.abs(w)), `${c.id}: d/d${c.xs[i]}[${j}] = ${data[j]}, TF ${w}`));
        });
      });
    });
  }
});
