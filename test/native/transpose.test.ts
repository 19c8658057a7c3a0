// Native Transpose against the reference kernel (exact: elements are copied), for random
// permutations of ranks 0-6 (negative perm entries too), random shapes with 0, 1, primes and
// non-multiples of the 32x32 tile, large shapes for the threaded path, 1 and 2 threads;
// float32, float64, int32 and int64 (8-byte elements copied as bits).

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { NDArray } from '../../src/framework/ndarray.js';
import { getOpDef, kernelFor, type KernelContext } from '../../src/framework/op_def.js';
import { transposeArray } from '../../src/backend/reference/array_kernels.js';
import { nativeAddon } from '../../src/backend/native/load.js';
import '../../src/backend/native/kernels.js';

const addon = nativeAddon();
const skip = addon ? false : 'the native addon is not built (npm run install)';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SIZES = [0, 1, 1, 2, 3, 5, 7, 13, 17, 33, 40];
const ctx = undefined as unknown as KernelContext;
const native = (inputs: NDArray[]) => kernelFor(getOpDef('Transpose')!, 'native')(inputs, { Tperm: 'int32' }, ctx) as NDArray;

describe('native Transpose', { skip }, () => {
  const saved = addon ? addon.info() : null;
  after(() => { if (addon && saved) addon.setThreads(saved.threads); });

  test('agrees with the reference on random permutations', () => {
    const r = rng(31);
    for (const threads of [1, 2]) {
      addon!.setThreads(threads);
      for (let it = 0; it < 300; it++) {
        const rank = Math.floor(r() * 7);
        let shape = Array.from({ length: rank }, () => SIZES[Math.floor(r() * SIZES.length)]);
          while (shape.reduce((a, b) => a * b, 1) > 60000) shape = shape.map(d => Math.ceil(d / 2));  // keep the reference fast
        if (rank >= 2 && it % 30 === 0) { shape[0] = 700; shape[rank - 1] = 513; for (let d = 1; d < rank - 1; d++) shape[d] = 1; }
        const perm = [...Array(rank).keys()];
        for (let i = rank - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [perm[i], perm[j]] = [perm[j], perm[i]]; }
        const permIn = perm.map(p => (r() < 0.2 ? p - rank : p));
        const dtype = (['float32', 'float64', 'int32', 'int64'] as const)[it % 4];
        const x = NDArray.zeros(dtype, shape);
        const d = x.data as Float64Array | BigInt64Array;
        for (let i = 0; i < d.length; i++) {
          if (d instanceof BigInt64Array) d[i] = BigInt(i) * 0x100000001n - 7n;
          else d[i] = dtype === 'int32' ? i - 5 : i + 0.25;
        }
        const got = native([x, new NDArray('int32', [rank], Int32Array.from(permIn))]);
        const want = transposeArray(x, perm);
        assert.deepEqual(got.shape, want.shape);
        assert.equal(got.dtype, dtype);
        assert.deepEqual(got.data, want.data, `${threads}t ${dtype} [${shape}] perm [${permIn}]`);
      }
    }
  });

  test('bad permutations raise the reference kernel\'s errors', () => {
    const x = NDArray.zeros('float32', [2, 3]);
    assert.throws(() => native([x, new NDArray('int32', [2], Int32Array.of(0, 0))]), /missing/);
    assert.throws(() => native([x, new NDArray('int32', [2], Int32Array.of(0, 2))]), /out of range/);
    assert.throws(() => native([x, new NDArray('int32', [1], Int32Array.of(0))]), /vector of size/);
  });

  test('Session: native and reference backends agree', () => {
    const g = new tf.Graph();
    const outs = g.asDefault(() => {
      const x = tf.constant(Float32Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i), { shape: [2, 3, 4, 5] });
      return [tf.transpose(x), tf.transpose(x, [0, 2, 1, 3]), tf.transpose(x, [3, 1, 2, 0]), tf.nn.softmax(x, 1)];
    });
    const run = (backend: string) => { const s = new tf.Session({ graph: g, backend }); const v = s.run(outs) as NDArray[]; s.close(); return v; };
    const a = run('native'), b = run('reference');
    for (let i = 0; i < 3; i++) assert.deepEqual(a[i].data, b[i].data);
  });
});
