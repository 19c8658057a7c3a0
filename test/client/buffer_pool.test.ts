// The plan's buffer pool: intermediate buffers are recycled across runs (a steady-state step
// allocates only what it hands to the caller), fetched values are never overwritten by later
// runs, a failed run leaves the pool usable, and in-place forwarding only hands out a buffer
// that nobody else will read.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { BufferPool, StepContext, ESCAPES } from '../../src/client/buffer_pool.js';
import { NDArray } from '../../src/framework/ndarray.js';
import type { Operation } from '../../src/framework/operation.js';
import type { SessionState } from '../../src/framework/op_def.js';

function rand(shape: number[], seed: number): tf.NDArray {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) % 2147483648; d[i] = s / 2147483648 - 0.5; }
  return new tf.NDArray('float32', shape, d);
}

/** x -> three matmuls with a shared intermediate read twice; fetches the last and one in the middle. */
function chain() {
  const x = tf.placeholder(tf.float32, [null, 40], { name: 'x' });
  const w1 = tf.constant(rand([40, 48], 1)), w2 = tf.constant(rand([48, 48], 2)), w3 = tf.constant(rand([48, 8], 3));
  const h1 = tf.matmul(x, w1);
  const h2 = tf.matmul(h1, w2);
  const h3 = tf.matmul(tf.matmul(h2, w2), w3);
  const h4 = tf.matmul(h1, tf.matmul(w2, w3));  // h1 read again, late
  return { x, h2, h3, h4 };
}

test('a steady-state run allocates only the values it returns', { skip: tf.backendInfo().cpuPath === null && 'the native addon is not built' }, () => {
  tf.withGraph(() => {
    const { x, h3 } = chain();
    const sess = new tf.Session({ backend: 'native' });
    const feed = rand([64, 40], 9);
    sess.run(h3, [[x, feed]]);
    sess.run(h3, [[x, feed]]);
    const before = { ...sess.stats };
    for (let i = 0; i < 10; i++) sess.run(h3, [[x, feed]]);
    const fresh = sess.stats.allocatedBytes - before.allocatedBytes;
    assert.equal(fresh, 10 * 64 * 8 * 4, 'only the fetched [64,8] float32 result is new each run');
    assert.ok(sess.stats.reusedBytes - before.reusedBytes >= 10 * (64 * 48 * 4 * 3), 'intermediates come from the pool');
    sess.close();
  });
});

test('pooled runs give the reference values, and fetched values survive later runs', () => {
  tf.withGraph(() => {
    const { x, h2, h3, h4 } = chain();
    const ref = new tf.Session({ backend: 'reference' });
    const sess = new tf.Session();
    const kept: { feed: tf.NDArray; got: tf.NDArray[] }[] = [];
    for (let i = 0; i < 6; i++) {
      const feed = rand([i % 2 ? 64 : 17, 40], 100 + i);  // two batch sizes alternate
      const got = sess.run([h2, h3, h4], [[x, feed]]);
      kept.push({ feed, got });  // the arrays the session returned, compared again at the end
      const want = ref.run([h2, h3, h4], [[x, feed]]);
      for (let j = 0; j < 3; j++) {
        for (let e = 0; e < want[j].size; e++) assert.ok(Math.abs((got[j].data as Float32Array)[e] - (want[j].data as Float32Array)[e]) <= 1e-4, `run ${i} output ${j}`);
      }
    }
    for (let i = 0; i < kept.length; i++) {
      const want = ref.run([h2, h3, h4], [[x, kept[i].feed]]);
      for (let j = 0; j < 3; j++) {
        for (let e = 0; e < want[j].size; e++) assert.ok(Math.abs((kept[i].got[j].data as Float32Array)[e] - (want[j].data as Float32Array)[e]) <= 1e-4, `result of run ${i} output ${j} changed later`);
      }
    }
    sess.close(); ref.close();
  });
});

test('a run that fails part-way leaves the pool consistent', () => {
  tf.withGraph(() => {
    const x = tf.placeholder(tf.float32, null, { name: 'x' });
    const w = tf.constant(rand([40, 40], 5));
    const h = tf.matmul(tf.matmul(x, w), w);
    const y = tf.matmul(h, tf.constant(rand([40, 3], 6)));
    const sess = new tf.Session();
    const ref = new tf.Session({ backend: 'reference' });
    const good = rand([5, 40], 7);
    const want = ref.run(y, [[x, good]]);
    for (let i = 0; i < 3; i++) {
      assert.throws(() => sess.run(y, [[x, rand([5, 41], 8)]]), /Matrix size-incompatible|In\[0\]/);
      const got = sess.run(y, [[x, good]]);
      for (let e = 0; e < want.size; e++) assert.ok(Math.abs((got.data as Float32Array)[e] - (want.data as Float32Array)[e]) <= 1e-4);
    }
    sess.close(); ref.close();
  });
});

const fakeOp = { name: 'op', type: 'Fake' } as unknown as Operation;
const noState = {} as SessionState;

test('BufferPool: a buffer returns after its last read, and an escaped one never does', () => {
  const pool = new BufferPool();
  const ctx = new StepContext(fakeOp, noState, pool);
  ctx.running = true;
  const a = ctx.allocate(0, 'float32', [4, 5]);
  pool.retain(a.data, 2);
  pool.release(a.data);
  assert.equal(pool.pending(a.data), 1);
  pool.release(a.data);
  assert.equal(pool.pending(a.data), undefined);
  const b = ctx.allocate(0, 'float32', [20]);
  assert.equal(b.data, a.data, 'the freed buffer is handed out again for the same dtype and size');
  const c = ctx.allocate(0, 'float32', [20]);
  assert.notEqual(c.data, b.data);
  assert.notEqual(ctx.allocate(0, 'int32', [20]).data, a.data, 'another dtype gets another buffer');
  pool.retain(b.data, ESCAPES);
  pool.endRun();
  const d = ctx.allocate(0, 'float32', [20]);
  assert.notEqual(d.data, b.data, 'a fetched buffer belongs to the caller');
  assert.equal(d.data, c.data, 'an output nobody read is recycled at the end of the run');
});

test('StepContext.forwardInput: only the last reader of a pooled buffer may overwrite it', () => {
  const pool = new BufferPool();
  const ctx = new StepContext(fakeOp, noState, pool);
  ctx.running = true;
  const a = ctx.allocate(0, 'float32', [6]);
  pool.retain(a.data, 2);  // two reads to come
  ctx.args = [a, new NDArray('float32', [6], new Float32Array(6))];
  assert.equal(ctx.forwardInput(0, 'float32', [6]), null, 'another step still reads it');
  assert.equal(ctx.forwardInput(1, 'float32', [6]), null, 'not a pooled buffer (a feed, constant or variable)');
  pool.release(a.data);
  const f = ctx.forwardInput(0, 'float32', [2, 3]);
  assert.ok(f && f.data === a.data && f.shape.join() === '2,3');
  assert.equal(ctx.forwardInput(0, 'float64', [6]), null, 'dtype must match');
  assert.equal(ctx.forwardInput(0, 'float32', [7]), null, 'size must match');
  ctx.args = [a, a];  // read twice by this step (x * x): both reads are this step's
  pool.retain(a.data, 1);
  assert.ok(ctx.forwardInput(1, 'float32', [6]));
  ctx.running = false;
  assert.equal(ctx.forwardInput(0, 'float32', [6]), null, 'outside a run nothing is forwarded');
  assert.notEqual(ctx.allocate(0, 'float32', [6]).data, a.data, 'outside a run allocations are fresh');
});
