// Native fused optimizer updates (ApplyGradientDescent, ApplyMomentum ± Nesterov, ApplyAdagrad
// ± update_slots, ApplyAdadelta, ApplyRMSProp, ApplyCenteredRMSProp, ApplyAdam ± Nesterov)
// against the reference kernels (src/backend/reference/training_ops.ts): every result must be
// BIT-IDENTICAL (each step rounded to the dtype in the reference's order, no FMA), for float32
// and float64, sizes 0, 1, primes, non-multiples of 16 and large (threaded), every CPU path, 1
// and 2 threads, a gradient that is one of the slots; then whole optimizers through a Session
// on the 'native' and 'reference' backends, several steps, bit-identical variables and slots.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import type { NDArray } from '../../src/framework/ndarray.js';
import * as k from '../../src/backend/reference/training_ops.js';
import { nativeAddon } from '../../src/backend/native/load.js';
import { TRAIN_OPS } from '../../src/backend/native/binding_train.js';
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

type F = Float32Array | Float64Array;
interface Case { op: keyof typeof TRAIN_OPS; refs: number; scalars: number[]; flag: boolean; ref: (refs: F[], s: number[], g: F, r: k.Round) => void }
const CASES: Case[] = [
  { op: 'ApplyGradientDescent', refs: 1, scalars: [0.01], flag: false, ref: ([v], [lr], g, r) => k.applyGradientDescent(v, lr, g, r) },
  { op: 'ApplyMomentum', refs: 2, scalars: [0.05, 0.9], flag: false, ref: ([v, a], [lr, m], g, r) => k.applyMomentum(v, a, lr, g, m, false, r) },
  { op: 'ApplyMomentum', refs: 2, scalars: [0.05, 0.9], flag: true, ref: ([v, a], [lr, m], g, r) => k.applyMomentum(v, a, lr, g, m, true, r) },
  { op: 'ApplyAdagrad', refs: 2, scalars: [0.1], flag: true, ref: ([v, a], [lr], g, r) => k.applyAdagrad(v, a, lr, g, true, r) },
  { op: 'ApplyAdagrad', refs: 2, scalars: [0.1], flag: false, ref: ([v, a], [lr], g, r) => k.applyAdagrad(v, a, lr, g, false, r) },
  { op: 'ApplyAdadelta', refs: 3, scalars: [1, 0.95, 1e-6], flag: false, ref: ([v, a, u], [lr, rho, e], g, r) => k.applyAdadelta(v, a, u, lr, rho, e, g, r) },
  { op: 'ApplyRMSProp', refs: 3, scalars: [0.01, 0.9, 0.5, 1e-7], flag: false, ref: ([v, ms, mo], [lr, rho, m, e], g, r) => k.applyRMSProp(v, ms, mo, lr, rho, m, e, g, r) },
  { op: 'ApplyCenteredRMSProp', refs: 4, scalars: [0.01, 0.9, 0.5, 1e-7], flag: false, ref: ([v, mg, ms, mo], [lr, rho, m, e], g, r) => k.applyCenteredRMSProp(v, mg, ms, mo, lr, rho, m, e, g, r) },
  { op: 'ApplyAdam', refs: 3, scalars: [0.9 ** 3, 0.999 ** 3, 0.001, 0.9, 0.999, 1e-8], flag: false, ref: ([v, m, s], [b1p, b2p, lr, b1, b2, e], g, r) => k.applyAdam(v, m, s, b1p, b2p, lr, b1, b2, e, g, false, r) },
  { op: 'ApplyAdam', refs: 3, scalars: [0.9 ** 3, 0.999 ** 3, 0.001, 0.9, 0.999, 1e-8], flag: true, ref: ([v, m, s], [b1p, b2p, lr, b1, b2, e], g, r) => k.applyAdam(v, m, s, b1p, b2p, lr, b1, b2, e, g, true, r) },
];

function sameBits(a: F, b: F, what: string): void {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) assert.fail(`${what}: element ${i} is ${a[i]}, want ${b[i]}`);
}

describe('native optimizer updates', { skip }, () => {
  const saved = addon ? addon.info() : null;
  after(() => {
    if (!addon || !saved) return;
    addon.setIsa(saved.isa);
    addon.setThreads(saved.threads);
  });

  test('every op is bit-identical to the reference kernel', () => {
    const r = rng(41);
    const sizes = [0, 1, 2, 3, 7, 15, 16, 17, 31, 64, 97, 1000, 70001];
    for (const isa of isas()) {
      addon!.setIsa(isa);
      for (const threads of [1, 2]) {
        addon!.setThreads(threads);
        for (const c of CASES) {
          for (const dtype of ['float32', 'float64'] as const) {
            const n = sizes[Math.floor(r() * sizes.length)];
            const make = (pos: boolean) => {
              const a = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
              for (let i = 0; i < n; i++) a[i] = pos ? r() * 2 : (r() - 0.5) * 4;
              return a;
            };
            const refs = Array.from({ length: c.refs }, (_, i) => make(i > 0));
            const grad = make(false);
            const round = dtype === 'float32' ? Math.fround : (x: number) => x;
            const scalars = c.scalars.map(round);
            const want = refs.map(a => a.slice());
            for (let step = 0; step < 3; step++) {
              c.ref(want, scalars, grad, k.roundFor(dtype));
              addon!.trainApply(TRAIN_OPS[c.op], refs, grad, Float64Array.from(scalars), c.flag ? 1 : 0);
            }
            refs.forEach((a, i) => sameBits(a, want[i], `${isa}/${threads}t ${c.op}${c.flag ? '+flag' : ''} ${dtype} n=${n} ref ${i}`));
            // the gradient being a slot (read before written per element)
            if (c.refs > 1) {
              const w2 = want.map(a => a.slice());
              c.ref(w2, scalars, w2[1], k.roundFor(dtype));
              addon!.trainApply(TRAIN_OPS[c.op], refs, refs[1], Float64Array.from(scalars), c.flag ? 1 : 0);
              refs.forEach((a, i) => sameBits(a, w2[i], `${isa}/${threads}t ${c.op} aliased ${dtype} n=${n} ref ${i}`));
            }
          }
        }
      }
    }
  });

  test('Session: each optimizer gives bit-identical variables on the native and reference backends', () => {
    const optimizers: Array<[string, () => tf.train.Optimizer]> = [
      ['sgd', () => new tf.train.GradientDescentOptimizer(0.1)],
      ['momentum', () => new tf.train.MomentumOptimizer(0.05, 0.9)],
      ['nesterov', () => new tf.train.MomentumOptimizer(0.05, 0.9, { useNesterov: true })],
      ['adagrad', () => new tf.train.AdagradOptimizer(0.1)],
      ['adadelta', () => new tf.train.AdadeltaOptimizer(1.0)],
      ['rmsprop', () => new tf.train.RMSPropOptimizer(0.01, { momentum: 0.5 })],
      ['centered', () => new tf.train.RMSPropOptimizer(0.01, { momentum: 0.5, centered: true })],
      ['adam', () => new tf.train.AdamOptimizer(0.01)],
    ];
    for (const [name, make] of optimizers) {
      for (const dtype of ['float32', 'float64'] as const) {
        const results: NDArray[][] = [];
        for (const backend of ['native', 'reference']) {
          const g = new tf.Graph();
          const built = g.asDefault(() => {
            // gradients from exact elementwise ops only (a matmul's rounding would differ between backends)
            const t = tf.constant(Float32Array.from({ length: 5 * 3 }, (_, i) => Math.sin(i)), { shape: [5, 3], dtype });
            const w = new tf.Variable(tf.constant(Float32Array.from({ length: 5 * 3 }, (_, i) => Math.cos(i) / 2), { shape: [5, 3], dtype }), { name: 'w' });
            const b = new tf.Variable(tf.zeros([3], dtype), { name: 'b' });
            const loss = tf.add(tf.reduceSum(tf.square(tf.sub(w, t))), tf.reduceSum(tf.square(tf.sub(b, 0.25))));
            const train = make().minimize(loss);
            return { train, vars: tf.globalVariables(), init: tf.globalVariablesInitializer() };
          });
          const s = new tf.Session({ graph: g, backend });
          s.run(built.init);
          const real = addon!.trainApply;
          let calls = 0;
          addon!.trainApply = (...args) => { calls++; real.apply(addon, args); };
          try {
            for (let i = 0; i < 5; i++) s.run(built.train);
          } finally {
            addon!.trainApply = real;
          }
          assert.equal(calls, backend === 'native' ? 10 : 0, `${name} ${dtype} ${backend}: native update calls`);
          results.push(s.run(built.vars.map(v => v.value())) as NDArray[]);
          s.close();
        }
        const [a, b] = results;
        assert.equal(a.length, b.length);
        a.forEach((v, i) => sameBits(v.data as F, b[i].data as F, `${name} ${dtype} variable ${i}`));
      }
    }
  });
});
