// Native GEMM / batched matmul against the reference kernel (src/backend/reference/gemm.ts), on
// every CPU path this machine has, with 1 and 2 threads: shapes with 0, 1, primes and sizes that
// are not multiples of the register tiles (14x32 / 6x16 / 4x8) or cache blocks, all four
// transpose combinations, broadcast batch dims; float32, float64 and int32.
//
// Tolerance (per element): |native - reference| <= 4 · k · eps · (|A|·|B|)_ij, the standard
// bound for a k-term dot product in any summation order (eps = 2^-24 for float32, 2^-53 for
// float64); int32 must match exactly (wrapping products and sums).

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { NDArray } from '../../src/framework/ndarray.js';
import { matmul as referenceMatmul } from '../../src/backend/reference/gemm.js';
import { nativeMatmul } from '../../src/backend/native/kernels.js';
import { nativeAddon } from '../../src/backend/native/load.js';
import type { NativeIsa } from '../../src/backend/native/binding.js';

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

type DT = 'float32' | 'float64' | 'int32';

function randomArray(dtype: DT, shape: number[], r: () => number): NDArray {
  const a = NDArray.zeros(dtype, shape);
  const d = a.data as Float32Array | Float64Array | Int32Array;
  for (let i = 0; i < d.length; i++) {
    d[i] = dtype === 'int32' ? Math.floor(r() * 2 ** 32) - 2 ** 31 : (r() - 0.5) * 4;  // int32 products wrap
  }
  return a;
}

function absArray(a: NDArray): NDArray {
  const out = NDArray.zeros('float64', a.shape);
  const d = out.data as Float64Array;
  for (let i = 0; i < d.length; i++) d[i] = Math.abs(Number(a.at(i)));
  return out;
}

function assertClose(got: NDArray, a: NDArray, b: NDArray, ta: boolean, tb: boolean, what: string): void {
  const want = referenceMatmul(a, b, ta, tb);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  const g = got.data as Float32Array, w = want.data as Float32Array;
  if (a.dtype === 'int32') {
    for (let i = 0; i < w.length; i++) if (g[i] !== w[i]) assert.fail(`${what}: element ${i} is ${g[i]}, want ${w[i]}`);
    return;
  }
  const k = ta ? a.shape[a.rank - 2] : a.shape[a.rank - 1];
  const eps = a.dtype === 'float32' ? 2 ** -24 : 2 ** -53;
  const bound = referenceMatmul(absArray(a), absArray(b), ta, tb).data as Float64Array;
  for (let i = 0; i < w.length; i++) {
    const tol = 4 * Math.max(k, 1) * eps * bound[i] + 1e-300;
    if (!(Math.abs(g[i] - w[i]) <= tol)) assert.fail(`${what}: element ${i} is ${g[i]}, want ${w[i]} (tolerance ${tol})`);
  }
}

const SIZES = [0, 1, 2, 3, 5, 7, 13, 14, 15, 16, 17, 31, 32, 33, 47, 61, 97, 128, 130];

function isas(): NativeIsa[] {
  if (!addon) return [];
  const info = addon.info();
  return (['scalar', 'avx2', 'avx512'] as NativeIsa[]).filter(i => i === 'scalar' || (i === 'avx2' && info.avx2) || (i === 'avx512' && info.avx512));
}

describe('native matmul vs reference', { skip }, () => {
  const original = addon?.info();
  after(() => {
    if (addon && original) {
      addon.setIsa(original.isa);
      addon.setThreads(original.threads);
    }
  });

  test('a job big enough to be cut into several tasks per thread', () => {
    addon!.setIsa(addon!.info().bestIsa);
    addon!.setThreads(2);
    const r = rng(3);
    const a = randomArray('float32', [650, 700], r), b = randomArray('float32', [700, 600], r);  // 273M multiply-adds
    assertClose(nativeMatmul(a, b, false, false), a, b, false, false, '650x700 · 700x600');
  });

  for (const isa of isas()) {
    for (const threads of [1, 2]) {
      test(`${isa}, ${threads} thread(s): random shapes, all transposes, f32/f64/i32`, () => {
        addon!.setIsa(isa);
        addon!.setThreads(threads);
        const r = rng(isa.length * 100 + threads);
        const pick = () => SIZES[Math.floor(r() * SIZES.length)];
        for (const dtype of ['float32', 'float64', 'int32'] as DT[]) {
          for (let round = 0; round < 40; round++) {
            const m = pick(), n = pick(), k = pick();
            const ta = (round & 1) === 1, tb = (round & 2) === 2;
            const a = randomArray(dtype, ta ? [k, m] : [m, k], r), b = randomArray(dtype, tb ? [n, k] : [k, n], r);
            assertClose(nativeMatmul(a, b, ta, tb), a, b, ta, tb, `${dtype} m=${m} n=${n} k=${k} ta=${ta} tb=${tb}`);
          }
        }
      });

      test(`${isa}, ${threads} thread(s): larger than the cache blocks`, () => {
        addon!.setIsa(isa);
        addon!.setThreads(threads);
        const r = rng(7 + threads);
        for (const [m, n, k] of [[301, 263, 521], [29, 1100, 9], [600, 45, 70]]) {
          for (let t = 0; t < 4; t++) {
            const ta = (t & 1) === 1, tb = (t & 2) === 2;
            const a = randomArray('float32', ta ? [k, m] : [m, k], r), b = randomArray('float32', tb ? [n, k] : [k, n], r);
            assertClose(nativeMatmul(a, b, ta, tb), a, b, ta, tb, `m=${m} n=${n} k=${k} ta=${ta} tb=${tb}`);
          }
        }
      });

      test(`${isa}, ${threads} thread(s): batched with broadcasting`, () => {
        addon!.setIsa(isa);
        addon!.setThreads(threads);
        const r = rng(99 + threads);
        const cases: [number[], number[], boolean, boolean][] = [
          [[4, 5, 3], [4, 3, 7], false, false],
          [[2, 3, 5, 4], [3, 4, 6], false, false],          // b broadcast over the first dim
          [[1, 17, 9], [3, 9, 33], false, false],           // a broadcast
          [[3, 17, 9], [9, 33], false, false],              // b shared: folds into one product
          [[3, 9, 17], [9, 33], true, false],               // a transposed: no fold
          [[2, 1, 3, 6, 5], [4, 1, 7, 6], true, true],
          [[2, 0, 4], [2, 4, 3], false, false],
          [[0, 3, 4], [4, 5], false, false],
          [[5, 3, 0], [5, 0, 2], false, false],
          [[6, 31, 40], [6, 29, 40], false, true],
        ];
        for (const dtype of ['float32', 'float64', 'int32'] as DT[]) {
          for (const [sa, sb, ta, tb] of cases) {
            const a = randomArray(dtype, sa, r), b = randomArray(dtype, sb, r);
            assertClose(nativeMatmul(a, b, ta, tb), a, b, ta, tb, `${dtype} [${sa}] x [${sb}] ta=${ta} tb=${tb}`);
          }
        }
      });
    }
  }
});

describe('native matmul through a Session', { skip }, () => {
  test('MatMul and BatchMatMulV2 on the native backend agree with the reference backend', () => {
    tf.withGraph(() => {
      const r = rng(5);
      const a = randomArray('float32', [37, 45], r), b = randomArray('float32', [33, 45], r);
      const x = randomArray('float64', [3, 1, 20, 7], r), y = randomArray('float64', [4, 20, 9], r);
      const c = tf.matmul(tf.constant(a), tf.constant(b), { transposeB: true });
      const z = tf.matmul(tf.constant(x), tf.constant(y), { transposeA: true });
      const [cn, zn] = new tf.Session({ backend: 'native' }).run([c, z]);
      const [cr, zr] = new tf.Session({ backend: 'reference' }).run([c, z]);
      assert.deepEqual(cn.shape, [37, 33]);
      assert.deepEqual(zn.shape, [3, 4, 7, 9]);
      assertClose(cn, a, b, false, true, 'MatMul');
      assertClose(zn, x, y, true, false, 'BatchMatMulV2');
      assert.equal(cr.dtype, cn.dtype);
      assert.deepEqual(zr.shape, zn.shape);
    });
  });

  test('run-time shape errors keep TF wording', () => {
    tf.withGraph(() => {
      const p = tf.placeholder(tf.float32, [null, null]);
      const q = tf.placeholder(tf.float32, [null, null]);
      const sess = new tf.Session({ backend: 'native' });
      assert.throws(() => sess.run(tf.matmul(p, q), [[p, [[1, 2, 3]]], [q, [[1, 2]]]]), /Matrix size-incompatible: In\[0\]: \[1,3\], In\[1\]: \[1,2\]/);
    });
  });

  test('dtypes without a native kernel fall back to the reference kernel', () => {
    for (const dtype of ['int64', 'float16'] as const) {
      const a = NDArray.zeros(dtype, [3, 4]), b = NDArray.zeros(dtype, [4, 2]);
      for (let i = 0; i < 12; i++) (a.data as Float32Array | BigInt64Array)[i] = (dtype === 'int64' ? BigInt(i) : i) as never;
      for (let i = 0; i < 8; i++) (b.data as Float32Array | BigInt64Array)[i] = (dtype === 'int64' ? BigInt(i - 3) : i - 3) as never;
      assert.deepEqual(nativeMatmul(a, b, false, false).toArray(), referenceMatmul(a, b, false, false).toArray());
    }
  });
});
