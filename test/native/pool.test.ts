// Native MaxPool / MaxPoolGrad / AvgPool / AvgPoolGrad (native/src/pool.cc) against the
// reference kernels (src/backend/reference/pool.ts), with 1 and 2 threads (the pools do not
// depend on the CPU path, but every path is run anyway): batch 0/1/odd, channels 1/3/prime,
// windows 1x1 to 5x5 and larger than the image, strides 1-3, SAME/VALID/EXPLICIT (max only),
// ties and NaNs. The native kernels accumulate in double in the reference's order, so float32
// and float64 results must equal the reference's bit for bit (tolerance 0). Then the
// registered kernels and a Session with tf.gradients through maxPool and avgPool.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { NDArray } from '../../src/framework/ndarray.js';
import { getOpDef, kernelFor } from '../../src/framework/op_def.js';
import * as ref from '../../src/backend/reference/pool.js';
import { conv2dInfo, concreteInfo, type Conv2DInfoConcrete, type Padding } from '../../src/ops/nn/conv_info.js';
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

type FT = Float32Array | Float64Array;
type DT = 'float32' | 'float64';

/** Random values; with `ties`, few distinct values (so windows hold equal maxima) and some NaNs. */
function randomData(dtype: DT, n: number, r: () => number, ties: boolean): FT {
  const a = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (ties) {
      const u = r();
      a[i] = u < 0.03 ? NaN : u < 0.05 ? -Infinity : Math.floor(r() * 4) - 2;
    } else a[i] = (r() - 0.5) * 4;
  }
  return a;
}

function isas(): NativeIsa[] {
  if (!addon) return [];
  const info = addon.info();
  return (['scalar', 'avx2', 'avx512'] as NativeIsa[]).filter(i => i === 'scalar' || (i === 'avx2' && info.avx2) || (i === 'avx512' && info.avx512));
}

interface Case { batch: number; h: number; w: number; c: number; kh: number; kw: number; sh: number; sw: number; padding: Padding; pads: number[] }
const describeCase = (c: Case) => `x [${c.batch},${c.h},${c.w},${c.c}] ksize ${c.kh}x${c.kw} strides ${c.sh},${c.sw} ${c.padding}${c.padding === 'EXPLICIT' ? ` [${c.pads}]` : ''}`;

function infoOf(c: Case): Conv2DInfoConcrete | null {
  try {
    return concreteInfo(conv2dInfo([c.batch, c.h, c.w, c.c], [c.kh, c.kw, null, null], {
      strides: [1, c.sh, c.sw, 1], dilations: [1, 1, 1, 1], padding: c.padding,
      explicitPaddings: c.padding === 'EXPLICIT' ? [0, 0, ...c.pads, 0, 0] : [],
    }, true));
  } catch {
    return null;
  }
}

function geom(g: Conv2DInfoConcrete): Float64Array {
  return Float64Array.from([g.batch, g.inH, g.inW, g.inC, g.filterH, g.filterW, g.outH, g.outW, g.strideH, g.strideW, g.padTop, g.padLeft]);
}

function assertSame(got: FT, want: Float64Array, dtype: DT, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const w = dtype === 'float32' ? Float32Array.from(want) : want;  // the reference rounds once on store
  for (let i = 0; i < w.length; i++) {
    if (!Object.is(got[i], w[i]) && !(got[i] === 0 && w[i] === 0)) assert.fail(`${what}: element ${i} is ${got[i]}, want ${w[i]}`);
  }
}

function checkCase(c: Case, dtype: DT, r: () => number, ties: boolean): boolean {
  const g = infoOf(c);
  if (!g) return false;
  const a = addon!;
  const nx = c.batch * c.h * c.w * c.c, ny = g.batch * g.outH * g.outW * c.c;
  const x = randomData(dtype, nx, r, ties), dy = randomData(dtype, ny, r, false);
  const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
  const gm = geom(g), what = `${dtype} ${describeCase(c)}`;
  const y = new Ctor(ny).fill(7), dx = new Ctor(nx).fill(7);
  a.maxPool(x, y, gm, 0);
  assertSame(y, ref.maxPool(x, g), dtype, `maxPool ${what}`);
  a.maxPoolGrad(x, dy, dx, gm, 0);
  assertSame(dx, ref.maxPoolGrad(x, dy, g), dtype, `maxPoolGrad ${what}`);
  if (c.padding !== 'EXPLICIT') {  // AvgPool has no explicit padding
    y.fill(7);
    dx.fill(7);
    a.avgPool(x, y, gm, 0);
    assertSame(y, ref.avgPool(x, g), dtype, `avgPool ${what}`);
    a.avgPoolGrad(dy, dx, gm, 0);
    assertSame(dx, ref.avgPoolGrad(dy, g), dtype, `avgPoolGrad ${what}`);
  }
  return true;
}

function randomCase(r: () => number): Case {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  return {
    batch: pick([0, 1, 1, 2, 3]), h: pick([1, 2, 3, 4, 5, 7, 8, 11]), w: pick([1, 2, 3, 5, 6, 9, 13]), c: pick([1, 3, 7, 17]),
    kh: pick([1, 2, 2, 3, 5]), kw: pick([1, 2, 2, 3, 4]), sh: pick([1, 2, 2, 3]), sw: pick([1, 2, 3]),
    padding: pick(['SAME', 'VALID', 'EXPLICIT'] as Padding[]), pads: [pick([0, 1, 2]), pick([0, 1]), pick([0, 1]), pick([0, 2])],
  };
}

const FIXED: Case[] = [
  { batch: 64, h: 28, w: 28, c: 6, kh: 2, kw: 2, sh: 2, sw: 2, padding: 'SAME', pads: [] },   // LeNet
  { batch: 5, h: 10, w: 10, c: 16, kh: 2, kw: 2, sh: 2, sw: 2, padding: 'VALID', pads: [] },
  { batch: 3, h: 13, w: 17, c: 19, kh: 3, kw: 3, sh: 1, sw: 1, padding: 'SAME', pads: [] },   // overlapping windows
  { batch: 2, h: 3, w: 2, c: 3, kh: 5, kw: 5, sh: 1, sw: 2, padding: 'SAME', pads: [] },      // window larger than the image
  { batch: 1, h: 2, w: 2, c: 2, kh: 1, kw: 1, sh: 1, sw: 1, padding: 'EXPLICIT', pads: [2, 1, 0, 3] },  // empty windows: -inf
  { batch: 0, h: 4, w: 4, c: 3, kh: 2, kw: 2, sh: 2, sw: 2, padding: 'VALID', pads: [] },
  { batch: 2, h: 4, w: 4, c: 0, kh: 2, kw: 2, sh: 2, sw: 2, padding: 'VALID', pads: [] },
];

describe('native pooling vs reference', { skip }, () => {
  const original = addon?.info();
  after(() => {
    if (addon && original) {
      addon.setIsa(original.isa);
      addon.setThreads(original.threads);
    }
  });
  for (const isa of isas()) {
    for (const threads of [1, 2]) {
      test(`${isa}, ${threads} thread(s): fixed and random shapes, ties and NaNs, bit-exact`, () => {
        addon!.setIsa(isa);
        addon!.setThreads(threads);
        const r = rng(31 * threads + isa.length);
        for (const dtype of ['float32', 'float64'] as DT[]) {
          for (const c of FIXED) {
            assert.ok(checkCase(c, dtype, r, false), describeCase(c));
            checkCase(c, dtype, r, true);
          }
        }
        let ran = 0;
        for (let round = 0; round < 200; round++) if (checkCase(randomCase(r), round % 2 ? 'float64' : 'float32', r, round % 3 === 0)) ran++;
        assert.ok(ran > 100, `only ${ran} valid random cases`);
      });
    }
  }

  test('MaxPoolGrad gives a tied window\'s gradient to its first maximum', () => {
    const g = infoOf({ batch: 1, h: 2, w: 2, c: 1, kh: 2, kw: 2, sh: 1, sw: 1, padding: 'VALID', pads: [] })!;
    const dx = new Float32Array(4);
    addon!.maxPoolGrad(new Float32Array([1, 3, 3, 3]), new Float32Array([5]), dx, geom(g), 0);
    assert.deepEqual(Array.from(dx), [0, 5, 0, 0]);
    addon!.maxPoolGrad(new Float32Array([NaN, 3, 4, 3]), new Float32Array([5]), dx, geom(g), 0);
    assert.deepEqual(Array.from(dx), [5, 0, 0, 0]);  // a NaN first is never replaced
    const y = new Float32Array(1);
    addon!.maxPool(new Float32Array([2, NaN, 4, 3]), y, geom(g), 0);
    assert.deepEqual(Array.from(y), [4]);  // a later NaN never wins
  });
});

describe('native pooling kernels as registered', { skip }, () => {
  const run = (type: string, backend: string, inputs: NDArray[], a: object) => kernelFor(getOpDef(type)!, backend)(inputs, a as never, undefined as never) as NDArray;
  const attrs = (k: number, s: number, padding: Padding, pads: number[] = []) => ({ ksize: [1, k, k, 1], strides: [1, s, s, 1], padding, explicitPaddings: padding === 'EXPLICIT' ? [0, 0, ...pads, 0, 0] : [], dataFormat: 'NHWC' });

  test('native and reference kernels agree; ints and errors go to the reference', () => {
    const r = rng(3);
    for (const dtype of ['float32', 'float64'] as DT[]) {
      const x = new NDArray(dtype, [2, 7, 6, 3], randomData(dtype, 252, r, true) as never);
      for (const a of [attrs(2, 2, 'SAME'), attrs(3, 1, 'VALID')]) {
        const y = run('MaxPool', 'native', [x], a);
        assert.deepEqual(y.toArray(), run('MaxPool', 'reference', [x], a).toArray());
        const dy = new NDArray(dtype, y.shape.slice(), randomData(dtype, y.size, r, false) as never);
        assert.deepEqual(run('MaxPoolGrad', 'native', [x, y, dy], a).toArray(), run('MaxPoolGrad', 'reference', [x, y, dy], a).toArray());
        const xs = new NDArray('int32', [4], Int32Array.from(x.shape) as never);
        assert.deepEqual(run('AvgPool', 'native', [x], a).toArray(), run('AvgPool', 'reference', [x], a).toArray());
        assert.deepEqual(run('AvgPoolGrad', 'native', [xs, dy], a).toArray(), run('AvgPoolGrad', 'reference', [xs, dy], a).toArray());
      }
    }
    const xi = new NDArray('int32', [1, 2, 2, 1], Int32Array.from([4, -1, 9, 2]) as never);
    assert.deepEqual(run('MaxPool', 'native', [xi], attrs(2, 1, 'VALID')).toArray(), [[[[9]]]]);
    const x = new NDArray('float32', [1, 4, 4, 1], new Float32Array(16) as never);
    const dy = new NDArray('float32', [1, 3, 3, 1], new Float32Array(9) as never);
    assert.throws(() => run('MaxPoolGrad', 'native', [x, dy, dy], attrs(2, 2, 'SAME')), /Expected grad shape to be \[1,2,2,1\], but got \[1,3,3,1\]/);
  });
});

describe('pooling through a Session', { skip }, () => {
  test('values and gradients on native equal those on reference', () => {
    tf.withGraph(() => {
      const r = rng(9);
      const xv = new NDArray('float64', [3, 9, 10, 4], randomData('float64', 1080, r, true).map(v => (Number.isNaN(v) || !Number.isFinite(v) ? 0.5 : v)) as never);
      const x = tf.placeholder(tf.float64, [null, 9, 10, 4]);
      const xn = tf.add(x, tf.constant(0, { dtype: 'float64' }));
      const m = tf.nn.maxPool(xn, 3, 2, 'SAME');
      const a = tf.nn.avgPool(xn, [2, 3], [1, 2], 'VALID');
      const loss = tf.add(tf.reduceSum(tf.square(m)), tf.reduceSum(tf.multiply(a, a)));
      const [gx] = tf.gradients(loss, [x]);
      const fetches = [m, a, loss, gx];
      const native = new tf.Session({ backend: 'native' }).run(fetches, [[x, xv]]);
      const reference = new tf.Session({ backend: 'reference' }).run(fetches, [[x, xv]]);
      // the pools and elementwise ops are exact; the loss's native Sum adds in another order (float64: within 1e-13 relative)
      native.forEach((got, i) => {
        if (i !== 2) return assert.deepEqual(got.toArray(), reference[i].toArray(), `fetch ${i}`);
        const g = got.item() as number, w = reference[i].item() as number;
        assert.ok(Math.abs(g - w) <= 1e-13 * Math.abs(w), `loss ${g} vs ${w}`);
      });
    });
  });
});
