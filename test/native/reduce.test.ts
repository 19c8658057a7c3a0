// Native reductions (Sum, Mean, Max, Min, Prod) and ArgMax/ArgMin against the reference kernels
// (src/backend/reference/reduce.ts), on every CPU path this machine has, with 1 and 2 threads:
// random shapes (0, 1, primes, sizes that are not multiples of 16), random axis sets, keepDims,
// float32 / float64 / int32, NaNs, empty reductions, and large shapes for the threaded paths.
//
// Tolerances (per output element, S = the sum of |x| over the group, n = the group size):
//   int32 (all ops), Max, Min, ArgMax, ArgMin: exact (NaN where the reference has NaN).
//   float32 Sum/Mean/Prod: both accumulate in double, in another order: |d| <= 2^-23·|ref| + 2^-40·S.
//   float64 Sum/Mean: |d| <= 4·n·2^-53·S;  float64 Prod: |d| <= 4·n·2^-53·|ref|.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { NDArray } from '../../src/framework/ndarray.js';
import { getOpDef, kernelFor, type Attrs, type KernelContext } from '../../src/framework/op_def.js';
import { reduce as referenceReduce, argReduce, type ReduceKind } from '../../src/backend/reference/reduce.js';
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

type DT = 'float32' | 'float64' | 'int32';
const SIZES = [0, 1, 1, 2, 3, 5, 7, 13, 16, 17, 31, 33];

function isas(): NativeIsa[] {
  const best = addon!.info().bestIsa;
  return best === 'avx512' ? ['scalar', 'avx2', 'avx512'] : best === 'avx2' ? ['scalar', 'avx2'] : ['scalar'];
}

function randomArray(dtype: DT, shape: number[], r: () => number, kind: string): NDArray {
  const a = NDArray.zeros(dtype, shape);
  const d = a.data as Float32Array | Float64Array | Int32Array;
  for (let i = 0; i < d.length; i++) {
    if (dtype === 'int32') d[i] = kind === 'prod' ? Math.floor(r() * 2 ** 32) - 2 ** 31 : Math.floor(r() * 2001) - 1000;
    else if (kind === 'prod') d[i] = 0.97 + 0.06 * r();  // products of thousands stay in range
    else d[i] = Math.floor((r() - 0.5) * 64) / 4;  // many ties for arg-reductions
  }
  return a;
}

const ctx = undefined as unknown as KernelContext;
function native(type: string, inputs: NDArray[], attrs: Attrs): NDArray {
  return kernelFor(getOpDef(type)!, 'native')(inputs, attrs, ctx) as NDArray;
}

const TYPES: Record<ReduceKind, string> = { sum: 'Sum', mean: 'Mean', max: 'Max', min: 'Min', prod: 'Prod', any: 'Any', all: 'All' };

function check(kind: ReduceKind, x: NDArray, axes: number[], keepDims: boolean, what: string): void {
  const got = native(TYPES[kind], [x, new NDArray('int32', [axes.length], Int32Array.from(axes))], { keepDims });
  const want = referenceReduce(kind, x, axes, keepDims);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  const g = got.data as Float64Array, w = want.data as Float64Array;
  const exact = x.dtype === 'int32' || kind === 'max' || kind === 'min';
  let absSum: Float64Array | null = null, count = 1;
  if (!exact) {
    const ax = new NDArray('float64', x.shape, Float64Array.from(x.data as Float64Array, Math.abs));
    absSum = referenceReduce('sum', ax, axes, keepDims).data as Float64Array;
    count = w.length ? x.size / w.length : 0;
  }
  for (let i = 0; i < w.length; i++) {
    if (Object.is(g[i], w[i]) || g[i] === w[i]) continue;
    if (exact || Number.isNaN(w[i]) || Number.isNaN(g[i])) assert.fail(`${what}: element ${i} is ${g[i]}, want ${w[i]}`);
    const d = Math.abs(g[i] - w[i]);
    const tol = x.dtype === 'float32'
      ? 2 ** -23 * Math.abs(w[i]) + 2 ** -40 * absSum![i]
      : 4 * count * 2 ** -53 * (kind === 'prod' ? Math.abs(w[i]) : absSum![i]) + 1e-300;
    if (!(d <= tol)) assert.fail(`${what}: element ${i} is ${g[i]}, want ${w[i]} (|d| ${d} > ${tol})`);
  }
}

describe('native reductions', { skip }, () => {
  const saved = addon ? addon.info() : null;
  after(() => {
    if (!addon || !saved) return;
    addon.setIsa(saved.isa);
    addon.setThreads(saved.threads);
  });

  test('Sum/Mean/Max/Min/Prod agree with the reference on random shapes and axis sets', () => {
    const r = rng(1);
    for (const isa of isas()) {
      addon!.setIsa(isa);
      for (const threads of [1, 2]) {
        addon!.setThreads(threads);
        for (let it = 0; it < 150; it++) {
          const rank = Math.floor(r() * 5);
          let shape = Array.from({ length: rank }, () => SIZES[Math.floor(r() * SIZES.length)]);
          while (shape.reduce((a, b) => a * b, 1) > 60000) shape = shape.map(d => Math.ceil(d / 2));  // keep the reference fast
          const axes = [...Array(rank).keys()].filter(() => r() < 0.5).map(a => (r() < 0.3 ? a - rank : a));
          const kind = (['sum', 'mean', 'max', 'min', 'prod'] as const)[it % 5];
          const dtype = (['float32', 'float64', 'int32'] as const)[Math.floor(r() * 3)];
          const x = randomArray(dtype, shape, r, kind);
          if (dtype !== 'int32' && x.size > 0 && r() < 0.2) (x.data as Float32Array)[Math.floor(r() * x.size)] = NaN;
          check(kind, x, axes, r() < 0.5, `${isa}/${threads}t ${kind} ${dtype} [${shape}] axes [${axes}]`);
        }
      }
    }
  });

  test('large shapes (the threaded and single-row paths)', () => {
    const r = rng(2);
    const cases: Array<[number[], number[]]> = [
      [[200000], [0]], [[300, 777], [1]], [[777, 300], [0]], [[50, 61, 37], [0, 2]], [[3, 40000], [0]], [[40000, 3], [1]], [[2, 3, 20011], [1]],
    ];
    for (const isa of isas()) {
      addon!.setIsa(isa);
      for (const threads of [1, 2]) {
        addon!.setThreads(threads);
        for (const [shape, axes] of cases) {
          for (const kind of ['sum', 'mean', 'max', 'min', 'prod'] as const) {
            const dtype = (['float32', 'float64', 'int32'] as const)[Math.floor(r() * 3)];  // one per case: the reference is slow
            check(kind, randomArray(dtype, shape, r, kind), axes, false, `${isa}/${threads}t ${kind} ${dtype} [${shape}] axes [${axes}]`);
          }
        }
      }
    }
  });

  test('empty reductions and all-reduced scalars', () => {
    for (const kind of ['sum', 'mean', 'max', 'min', 'prod'] as const) {
      for (const dtype of ['float32', 'float64', 'int32'] as const) {
        check(kind, NDArray.zeros(dtype, [3, 0, 2]), [1], false, `${kind} ${dtype} empty`);
        check(kind, NDArray.zeros(dtype, [0, 4]), [0], true, `${kind} ${dtype} empty rows`);
        check(kind, NDArray.zeros(dtype, [0, 4]), [1], false, `${kind} ${dtype} no output`);
        check(kind, new NDArray(dtype, [], dtype === 'int32' ? Int32Array.of(7) : dtype === 'float32' ? Float32Array.of(2.5) : Float64Array.of(-3)), [], false, `${kind} ${dtype} scalar`);
      }
    }
  });

  test('errors are the reference kernel\'s', () => {
    const x = NDArray.zeros('float32', [2, 3]);
    assert.throws(() => native('Sum', [x, new NDArray('int32', [1], Int32Array.of(2))], { keepDims: false }), /Invalid reduction dimension/);
    assert.throws(() => native('Max', [x, new NDArray('int32', [2], Int32Array.of(1, -1))], { keepDims: false }), /duplicate/);
  });

  test('ArgMax/ArgMin agree with the reference (ties pick the first, int64 and int32 output)', () => {
    const r = rng(3);
    for (const isa of isas()) {
      addon!.setIsa(isa);
      for (const threads of [1, 2]) {
        addon!.setThreads(threads);
        for (let it = 0; it < 120; it++) {
          const rank = 1 + Math.floor(r() * 4);
          let shape = Array.from({ length: rank }, () => SIZES[1 + Math.floor(r() * (SIZES.length - 1))]);
          while (shape.reduce((a, b) => a * b, 1) > 60000) shape = shape.map(d => Math.ceil(d / 2));
          if (it % 40 === 0) { shape[0] = 3000; while (shape.reduce((a, b) => a * b, 1) > 300000) shape = [shape[0], ...shape.slice(1).map(d => Math.ceil(d / 2))]; }
          const axis = Math.floor(r() * rank) - (r() < 0.3 ? rank : 0);
          const dtype = (['float32', 'float64', 'int32'] as const)[Math.floor(r() * 3)];
          const x = randomArray(dtype, shape, r, 'max');
          if (dtype !== 'int32' && r() < 0.3) (x.data as Float32Array)[Math.floor(r() * x.size)] = NaN;
          const outputType = r() < 0.5 ? 'int64' : 'int32';
          for (const [type, kind] of [['ArgMax', 'max'], ['ArgMin', 'min']] as const) {
            const got = native(type, [x, new NDArray('int32', [], Int32Array.of(axis))], { outputType });
            const want = argReduce(kind, x, axis, outputType);
            assert.deepEqual(got.shape, want.shape);
            assert.equal(got.dtype, want.dtype);
            assert.deepEqual(Array.from(got.data as ArrayLike<number>), Array.from(want.data as ArrayLike<number>), `${isa}/${threads}t ${type} ${dtype} [${shape}] axis ${axis}`);
          }
        }
      }
    }
    assert.throws(() => native('ArgMax', [NDArray.zeros('float32', [2, 0]), new NDArray('int32', [], Int32Array.of(1))], { outputType: 'int64' }), /zero length/);
  });

  test('Session: native and reference backends agree on a graph of reductions', () => {
    const g = new tf.Graph();
    const outs = g.asDefault(() => {
      const x = tf.constant(Float32Array.from({ length: 6 * 35 * 4 }, (_, i) => Math.sin(i) * 3), { shape: [6, 35, 4] });
      return [
        tf.reduceSum(x, [0, 2]), tf.reduceMean(x, 1, true), tf.reduceMax(x), tf.reduceMin(x, [-1]), tf.reduceProd(tf.add(x, 4), [1]),
        tf.argMax(x, 1), tf.argMin(x, 2),
      ];
    });
    const run = (backend: string) => { const s = new tf.Session({ graph: g, backend }); const v = s.run(outs) as NDArray[]; s.close(); return v; };
    const a = run('native'), b = run('reference');
    for (let i = 0; i < a.length; i++) {
      assert.deepEqual(a[i].shape, b[i].shape);
      const x = Array.from(a[i].data as ArrayLike<number>, Number), y = Array.from(b[i].data as ArrayLike<number>, Number);
      x.forEach((v, j) => assert.ok(Math.abs(v - y[j]) <= 1e-6 * Math.max(1, Math.abs(y[j])), `output ${i} element ${j}: ${v} vs ${y[j]}`));
    }
  });
});
