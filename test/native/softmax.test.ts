// Native Softmax, LogSoftmax, SoftmaxCrossEntropyWithLogits and
// SparseSoftmaxCrossEntropyWithLogits against the reference kernels
// (src/backend/reference/softmax.ts, computed in float64), on every CPU path, 1 and 2 threads,
// random shapes (0, 1, primes, non-multiples of 16, broadcast logits/labels), float32/float64.
//
// Tolerances (per element): float32 uses its own vector exp (<= 2 ulp) with the shift and the
// sums in double: softmax and backprop |d| <= 4·2^-24·max(|ref|, p) + 1e-37 (p the softmax
// value, which backprop = p - label carries); log-softmax and loss |d| <= 2^-22·(1 + |ref|).
// float64 (std::exp, a multiplication by 1/sum, another summation order): the same forms with
// 2^-46 in place of 2^-22.
// NaN and ±inf logits give NaN where the reference does.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { NDArray } from '../../src/framework/ndarray.js';
import { getOpDef, kernelFor, type Attrs, type KernelContext } from '../../src/framework/op_def.js';
import { softmaxRows, softmaxXent, sparseSoftmaxXent } from '../../src/backend/reference/softmax.js';
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
const SIZES = [1, 2, 3, 5, 7, 10, 13, 16, 17, 31, 33, 100];
type FT = 'float32' | 'float64';
const ctx = undefined as unknown as KernelContext;
function native(type: string, inputs: NDArray[], attrs: Attrs = {}): NDArray[] {
  const r = kernelFor(getOpDef(type)!, 'native')(inputs, attrs, ctx);
  return Array.isArray(r) ? r : [r];
}
function randomArray(dtype: FT, shape: number[], r: () => number, scale = 20): NDArray {
  const a = NDArray.zeros(dtype, shape);
  const d = a.data as Float32Array;
  for (let i = 0; i < d.length; i++) d[i] = (r() - 0.5) * scale;
  return a;
}
const eps = (dt: FT) => (dt === 'float32' ? 2 ** -22 : 2 ** -46);

/** prob: compare as probabilities (relative, with p the softmax value); else as log-domain values. */
function close(got: ArrayLike<number>, want: ArrayLike<number>, dt: FT, what: string, prob: boolean, p?: ArrayLike<number>): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = dt === 'float32' ? Math.fround(want[i]) : want[i];
    if (Object.is(g, w) || g === w) continue;
    if (Number.isNaN(w) || Number.isNaN(g)) assert.fail(`${what}: element ${i} is ${g}, want ${w}`);
    const tol = prob ? eps(dt) * Math.max(Math.abs(w), p ? Math.abs(p[i]) : 0) + 1e-37 : eps(dt) * (1 + Math.abs(w));
    if (!(Math.abs(g - w) <= tol)) assert.fail(`${what}: element ${i} is ${g}, want ${w} (tol ${tol})`);
  }
}

describe('native softmax family', { skip }, () => {
  const saved = addon ? addon.info() : null;
  after(() => {
    if (!addon || !saved) return;
    addon.setIsa(saved.isa);
    addon.setThreads(saved.threads);
  });

  test('Softmax and LogSoftmax agree with the reference', () => {
    const r = rng(11);
    for (const isa of isas()) {
      addon!.setIsa(isa);
      for (const threads of [1, 2]) {
        addon!.setThreads(threads);
        for (let it = 0; it < 60; it++) {
          const rank = 1 + Math.floor(r() * 3);
          let shape = Array.from({ length: rank }, () => SIZES[Math.floor(r() * SIZES.length)]);
          while (shape.reduce((a, b) => a * b, 1) > 60000) shape = shape.map(d => Math.ceil(d / 2));  // keep the reference fast
          if (it % 15 === 0) { shape[0] = it % 30 === 0 ? 0 : 2000; while (shape.reduce((a, b) => a * b, 1) > 300000) shape = [shape[0], ...shape.slice(1).map(d => Math.ceil(d / 2))]; }
          const dtype: FT = r() < 0.5 ? 'float32' : 'float64';
          const x = randomArray(dtype, shape, r, it % 7 === 0 ? 300 : 20);
          if (x.size > 0 && it % 9 === 0) (x.data as Float32Array)[Math.floor(r() * x.size)] = [NaN, Infinity, -Infinity][it % 3];
          const depth = shape[rank - 1];
          const what = `${isa}/${threads}t ${dtype} [${shape}]`;
          const p = softmaxRows(x.data as Float32Array, depth, false);
          const [s] = native('Softmax', [x]);
          assert.deepEqual(s.shape, shape);
          close(s.data as Float32Array, p, dtype, `Softmax ${what}`, true);
          const [ls] = native('LogSoftmax', [x]);
          close(ls.data as Float32Array, softmaxRows(x.data as Float32Array, depth, true), dtype, `LogSoftmax ${what}`, false);
        }
      }
    }
  });

  test('SoftmaxCrossEntropyWithLogits agrees with the reference (incl. broadcast)', () => {
    const r = rng(12);
    for (const isa of isas()) {
      addon!.setIsa(isa);
      for (const threads of [1, 2]) {
        addon!.setThreads(threads);
        for (let it = 0; it < 60; it++) {
          const b = it % 20 === 0 ? 1500 : SIZES[Math.floor(r() * SIZES.length)], c = SIZES[Math.floor(r() * SIZES.length)];
          const fs = [r() < 0.15 ? 1 : b, r() < 0.1 ? 1 : c], ls = [r() < 0.15 ? 1 : b, r() < 0.1 ? 1 : c];
          const dtype: FT = r() < 0.5 ? 'float32' : 'float64';
          const f = randomArray(dtype, fs, r), l = randomArray(dtype, ls, r, 1);
          for (let i = 0; i < l.size; i++) (l.data as Float32Array)[i] += 0.5;
          const [loss, back] = native('SoftmaxCrossEntropyWithLogits', [f, l]);
          const [wl, wb] = softmaxXent(f.data as Float32Array, fs, l.data as Float32Array, ls);
          const B = Math.max(fs[0], ls[0]), C = Math.max(fs[1], ls[1]);
          assert.deepEqual(loss.shape, [B]);
          assert.deepEqual(back.shape, [B, C]);
          const what = `${isa}/${threads}t ${dtype} logits [${fs}] labels [${ls}]`;
          // loss = sum_j y_j·(lse - s_j): scale the tolerance by sum |y|·(1 + |lse - s|)
          const scale = Float64Array.from({ length: B }, (_, bi) => {
            let s = 0;
            for (let j = 0; j < C; j++) s += Math.abs((l.data as Float32Array)[(ls[0] === 1 ? 0 : bi) * ls[1] + (ls[1] === 1 ? 0 : j)]) * 40;
            return s;
          });
          for (let i = 0; i < B; i++) {
            const d = Math.abs((loss.data as Float32Array)[i] - wl[i]);
            assert.ok(d <= eps(dtype) * (1 + Math.abs(wl[i]) + scale[i]), `loss ${what} row ${i}: ${(loss.data as Float32Array)[i]} vs ${wl[i]}`);
          }
          const p = Float64Array.from(wb, (v, i) => v + (l.data as Float32Array)[(ls[0] === 1 ? 0 : Math.floor(i / C)) * ls[1] + (ls[1] === 1 ? 0 : i % C)]);
          close(back.data as Float32Array, wb, dtype, `backprop ${what}`, true, p);
        }
      }
    }
  });

  test('SparseSoftmaxCrossEntropyWithLogits agrees with the reference; bad labels raise TF\'s error', () => {
    const r = rng(13);
    for (const isa of isas()) {
      addon!.setIsa(isa);
      for (const threads of [1, 2]) {
        addon!.setThreads(threads);
        for (let it = 0; it < 60; it++) {
          const b = it % 20 === 0 ? 1500 : it % 20 === 1 ? 0 : SIZES[Math.floor(r() * SIZES.length)], c = SIZES[Math.floor(r() * SIZES.length)];
          const dtype: FT = r() < 0.5 ? 'float32' : 'float64';
          const f = randomArray(dtype, [b, c], r);
          const l64 = r() < 0.5;
          const labelsNum = Array.from({ length: b }, () => Math.floor(r() * c));
          const l = l64 ? new NDArray('int64', [b], BigInt64Array.from(labelsNum, BigInt)) : new NDArray('int32', [b], Int32Array.from(labelsNum));
          const [loss, back] = native('SparseSoftmaxCrossEntropyWithLogits', [f, l]);
          const [wl, wb] = sparseSoftmaxXent(f.data as Float32Array, b, c, l.data as Int32Array);
          const what = `${isa}/${threads}t ${dtype} [${b},${c}] ${l.dtype}`;
          close(loss.data as Float32Array, wl, dtype, `loss ${what}`, false);
          const p = Float64Array.from(wb, (v, i) => v + (labelsNum[Math.floor(i / c)] === i % c ? 1 : 0));
          close(back.data as Float32Array, wb, dtype, `backprop ${what}`, true, p);
        }
      }
    }
    const f = NDArray.zeros('float32', [2, 3]);
    assert.throws(() => native('SparseSoftmaxCrossEntropyWithLogits', [f, new NDArray('int32', [2], Int32Array.of(1, 3))]),
      /Received a label value of 3 which is outside the valid range of \[0, 3\)/);
    assert.throws(() => native('SparseSoftmaxCrossEntropyWithLogits', [f, new NDArray('int64', [2], BigInt64Array.of(-1n, 0n))]), /label value of -1/);
    assert.throws(() => native('SparseSoftmaxCrossEntropyWithLogits', [NDArray.zeros('float32', [2, 0]), new NDArray('int32', [2], Int32Array.of(0, 0))]), /at least one class/);
  });

  test('Session: native and reference backends agree on a softmax graph and its gradient', () => {
    const g = new tf.Graph();
    const outs = g.asDefault(() => {
      const x = tf.constant(Float32Array.from({ length: 8 * 10 }, (_, i) => Math.sin(i * 1.3) * 4), { shape: [8, 10] });
      const y = tf.constant(Int32Array.from({ length: 8 }, (_, i) => (i * 3) % 10));
      const yd = tf.oneHot(y, 10);
      const l1 = tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: y, logits: x }));
      const l2 = tf.reduceSum(tf.nn.softmaxCrossEntropyWithLogits({ labels: yd, logits: x }));
      return [tf.nn.softmax(x), tf.nn.logSoftmax(x), l1, l2, ...tf.gradients(tf.add(l1, l2), [x])];
    });
    const run = (backend: string) => { const s = new tf.Session({ graph: g, backend }); const v = s.run(outs) as NDArray[]; s.close(); return v; };
    const a = run('native'), b = run('reference');
    for (let i = 0; i < a.length; i++) {
      assert.deepEqual(a[i].shape, b[i].shape);
      const x = a[i].data as Float32Array, y = b[i].data as Float32Array;
      x.forEach((v, j) => assert.ok(Math.abs(v - y[j]) <= 1e-6 * Math.max(1, Math.abs(y[j])), `output ${i} element ${j}: ${v} vs ${y[j]}`));
    }
  });
});
