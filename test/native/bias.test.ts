// Native BiasAdd and BiasAddGrad against the reference kernels (src/backend/reference/nn_misc.ts)
// for NHWC and NCHW, ranks 2-5, random shapes (0, 1, primes, non-multiples of 16), every CPU
// path, 1 and 2 threads, float32/float64.
//
// Tolerances: BiasAdd is exact (one rounded addition, as the reference's). BiasAddGrad NHWC
// (and any layout with inner size 1) is exact: the same order of float64 additions. With an
// inner size > 1 the inner sums run in 16 lanes: float32 |d| <= 2^-23·|ref| + 2^-40·S, float64
// |d| <= 4·n·2^-53·S (S = sum of |dy| over the channel, n its element count).

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { NDArray } from '../../src/framework/ndarray.js';
import { getOpDef, kernelFor, type Attrs, type KernelContext } from '../../src/framework/op_def.js';
import { biasAdd, biasAddGrad } from '../../src/backend/reference/nn_misc.js';
import { nativeAddon } from '../../src/backend/native/load.js';
import type { NativeIsa } from '../../src/backend/native/binding.js';
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
function isas(): NativeIsa[] {
  const best = addon!.info().bestIsa;
  return best === 'avx512' ? ['scalar', 'avx2', 'avx512'] : best === 'avx2' ? ['scalar', 'avx2'] : ['scalar'];
}
const SIZES = [0, 1, 2, 3, 5, 7, 13, 16, 17, 31, 33];
type FT = 'float32' | 'float64';
const ctx = undefined as unknown as KernelContext;
const native = (type: string, inputs: NDArray[], attrs: Attrs) => kernelFor(getOpDef(type)!, 'native')(inputs, attrs, ctx) as NDArray;
function randomArray(dtype: FT, shape: number[], r: () => number): NDArray {
  const a = NDArray.zeros(dtype, shape);
  const d = a.data as Float32Array;
  for (let i = 0; i < d.length; i++) d[i] = (r() - 0.5) * 8;
  return a;
}
function split3(shape: number[], fmt: string): [number, number, number] {
  const ax = fmt === 'NCHW' && shape.length > 2 ? 1 : shape.length - 1;
  const p = (a: number[]) => a.reduce((x, y) => x * y, 1);
  return [p(shape.slice(0, ax)), shape[ax], p(shape.slice(ax + 1))];
}

describe('native BiasAdd / BiasAddGrad', { skip }, () => {
  const saved = addon ? addon.info() : null;
  after(() => {
    if (!addon || !saved) return;
    addon.setIsa(saved.isa);
    addon.setThreads(saved.threads);
  });

  test('agree with the reference (NHWC and NCHW)', () => {
    const r = rng(21);
    for (const isa of isas()) {
      addon!.setIsa(isa);
      for (const threads of [1, 2]) {
        addon!.setThreads(threads);
        for (let it = 0; it < 80; it++) {
          const rank = 2 + Math.floor(r() * 4);
          let shape = Array.from({ length: rank }, () => SIZES[Math.floor(r() * SIZES.length)]);
          while (shape.reduce((a, b) => a * b, 1) > 60000) shape = shape.map(d => Math.ceil(d / 2));  // keep the reference fast
          if (it % 16 === 0) { shape[0] = 3000; while (shape.reduce((a, b) => a * b, 1) > 300000) shape = [shape[0], ...shape.slice(1).map(d => Math.ceil(d / 2))]; }
          const fmt = r() < 0.5 ? 'NHWC' : 'NCHW';
          const dtype: FT = r() < 0.5 ? 'float32' : 'float64';
          const [o, c, i] = split3(shape, fmt);
          const x = randomArray(dtype, shape, r), b = randomArray(dtype, [c], r);
          const what = `${isa}/${threads}t ${dtype} ${fmt} [${shape}]`;
          const y = native('BiasAdd', [x, b], { dataFormat: fmt });
          assert.deepEqual(y.shape, shape);
          const want = Float32Array === (x.data as object).constructor ? Float32Array.from(biasAdd(x.data as Float32Array, b.data as Float32Array, o, c, i)) : biasAdd(x.data as Float64Array, b.data as Float64Array, o, c, i);
          assert.deepEqual(Array.from(y.data as Float32Array), Array.from(want), `BiasAdd ${what}`);
          const db = native('BiasAddGrad', [x], { dataFormat: fmt });
          assert.deepEqual(db.shape, [c]);
          const w = biasAddGrad(x.data as Float32Array, o, c, i);
          const S = biasAddGrad(Float64Array.from(x.data as Float32Array, Math.abs), o, c, i);
          for (let k = 0; k < c; k++) {
            const g = (db.data as Float32Array)[k], wk = dtype === 'float32' ? Math.fround(w[k]) : w[k];
            if (i === 1) { assert.equal(g, wk, `BiasAddGrad ${what} channel ${k}`); continue; }
            const tol = dtype === 'float32' ? 2 ** -23 * Math.abs(wk) + 2 ** -40 * S[k] : 4 * o * i * 2 ** -53 * S[k];
            assert.ok(Math.abs(g - wk) <= tol, `BiasAddGrad ${what} channel ${k}: ${g} vs ${wk}`);
          }
        }
      }
    }
  });

  test('BiasAdd in place on a forwarded input, and the reference\'s checks', () => {
    const x = new NDArray('float32', [2, 3], Float32Array.of(1, 2, 3, 4, 5, 6)), b = new NDArray('float32', [3], Float32Array.of(10, 20, 30));
    const y = kernelFor(getOpDef('BiasAdd')!, 'native')([x, b], { dataFormat: 'NHWC' }, { forwardInput: (i: number) => (i === 0 ? x : null) } as unknown as KernelContext) as NDArray;
    assert.equal(y, x);
    assert.deepEqual(Array.from(y.data as Float32Array), [11, 22, 33, 14, 25, 36]);
    // a bias of the wrong length and an int dtype go to the reference kernel
    const xi = new NDArray('int32', [2, 2], Int32Array.of(1, 2, 3, 4));
    assert.deepEqual(Array.from(native('BiasAdd', [xi, new NDArray('int32', [2], Int32Array.of(5, 6))], { dataFormat: 'NHWC' }).data as Int32Array), [6, 8, 8, 10]);
  });

  test('Session: native and reference backends agree on bias_add and its gradient', () => {
    const g = new tf.Graph();
    const outs = g.asDefault(() => {
      const x = tf.constant(Float32Array.from({ length: 4 * 5 * 6 }, (_, i) => Math.cos(i)), { shape: [4, 5, 6] });
      const b = tf.constant(Float32Array.from({ length: 6 }, (_, i) => i / 3));
      const b2 = tf.constant(Float32Array.from({ length: 5 }, (_, i) => -i));
      const y = tf.nn.biasAdd(x, b), z = tf.nn.biasAdd(x, b2, { dataFormat: 'NCHW' });
      return [y, z, ...tf.gradients(tf.add(tf.reduceSum(tf.square(y)), tf.reduceSum(tf.square(z))), [b, b2])];
    });
    const run = (backend: string) => { const s = new tf.Session({ graph: g, backend }); const v = s.run(outs) as NDArray[]; s.close(); return v; };
    const a = run('native'), b = run('reference');
    for (let i = 0; i < a.length; i++) {
      const x = a[i].data as Float32Array, y = b[i].data as Float32Array;
      x.forEach((v, j) => assert.ok(Math.abs(v - y[j]) <= 1e-6 * Math.max(1, Math.abs(y[j])), `output ${i} element ${j}: ${v} vs ${y[j]}`));
    }
  });
});
