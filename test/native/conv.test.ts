// Native Conv2D / Conv2DBackpropInput / Conv2DBackpropFilter (native/src/conv.cc) against the
// reference kernels (src/backend/reference/conv.ts), on every CPU path this machine has, with 1
// and 2 threads: batch 0/1/odd, channels 1/3/prime, kernels 1x1/2x2/3x3/5x5 (even and odd),
// strides 1-3, dilations, SAME/VALID/EXPLICIT padding, images smaller than the kernel, and
// shapes big enough to be cut into several tiles and chunks; float32 and float64. Then the
// registered kernels through a Session (values and tf.gradients on 'native' vs 'reference').
//
// Tolerance (per element): |native - reference| <= 2 · (L + 2) · eps · B_i, where B is the same
// computation on |inputs| and L the reduction length of that element: K = fh·fw·inC for the
// forward pass, fh·fw·outC for the input gradient (a GEMM over outC, then up to fh·fw col2im
// adds), batch·outH·outW for the filter gradient; eps = 2^-24 (float32) or 2^-53 (float64).
// The reference accumulates in float64 and rounds once, so this also covers its rounding.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { NDArray } from '../../src/framework/ndarray.js';
import { getOpDef, kernelFor } from '../../src/framework/op_def.js';
import * as ref from '../../src/backend/reference/conv.js';
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

function randomData(dtype: DT, n: number, r: () => number): FT {
  const a = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = (r() - 0.5) * 4;
  return a;
}
const abs = (a: FT): Float64Array => Float64Array.from(a, Math.abs);

function isas(): NativeIsa[] {
  if (!addon) return [];
  const info = addon.info();
  return (['scalar', 'avx2', 'avx512'] as NativeIsa[]).filter(i => i === 'scalar' || (i === 'avx2' && info.avx2) || (i === 'avx512' && info.avx512));
}

function geom(g: Conv2DInfoConcrete): Float64Array {
  return Float64Array.from([g.batch, g.inH, g.inW, g.inC, g.filterH, g.filterW, g.outC, g.outH, g.outW,
    g.strideH, g.strideW, g.dilationH, g.dilationW, g.padTop, g.padLeft]);
}

interface Case { batch: number; h: number; w: number; c: number; fh: number; fw: number; o: number; sh: number; sw: number; dh: number; dw: number; padding: Padding; pads: number[] }

function describeCase(c: Case): string {
  return `x [${c.batch},${c.h},${c.w},${c.c}] f [${c.fh},${c.fw},${c.c},${c.o}] strides ${c.sh},${c.sw} dilations ${c.dh},${c.dw} ${c.padding}${c.padding === 'EXPLICIT' ? ` [${c.pads}]` : ''}`;
}

function infoOf(c: Case): Conv2DInfoConcrete | null {
  try {
    return concreteInfo(conv2dInfo([c.batch, c.h, c.w, c.c], [c.fh, c.fw, c.c, c.o], {
      strides: [1, c.sh, c.sw, 1], dilations: [1, c.dh, c.dw, 1], padding: c.padding,
      explicitPaddings: c.padding === 'EXPLICIT' ? [0, 0, ...c.pads, 0, 0] : [],
    }));
  } catch {
    return null;  // VALID with an image smaller than the kernel
  }
}

function assertClose(got: FT, want: Float64Array, bound: Float64Array, L: number, dtype: DT, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const eps = dtype === 'float32' ? 2 ** -24 : 2 ** -53;
  for (let i = 0; i < want.length; i++) {
    const tol = 2 * (L + 2) * eps * bound[i] + 1e-300;
    if (!(Math.abs(got[i] - want[i]) <= tol)) assert.fail(`${what}: element ${i} is ${got[i]}, want ${want[i]} (tolerance ${tol})`);
  }
}

/** Runs all three ops natively for one case and checks them against the reference. */
function checkCase(c: Case, dtype: DT, r: () => number): boolean {
  const g = infoOf(c);
  if (!g) return false;
  const a = addon!;
  const nx = c.batch * c.h * c.w * c.c, nf = c.fh * c.fw * c.c * c.o, ny = g.batch * g.outH * g.outW * g.outC;
  const x = randomData(dtype, nx, r), f = randomData(dtype, nf, r), dy = randomData(dtype, ny, r);
  const gm = geom(g), what = `${dtype} ${describeCase(c)}`;
  const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
  // outputs start as NaN: every element must be written
  const y = new Ctor(ny).fill(NaN), dx = new Ctor(nx).fill(NaN), df = new Ctor(nf).fill(NaN);
  a.conv2d(x, f, y, gm, 0);
  assertClose(y, ref.conv2d(x, f, g), ref.conv2d(abs(x), abs(f), g), c.fh * c.fw * c.c, dtype, `conv2d ${what}`);
  a.conv2dBackpropInput(dy, f, dx, gm, 0);
  assertClose(dx, ref.conv2dBackpropInput(dy, f, g), ref.conv2dBackpropInput(abs(dy), abs(f), g), c.fh * c.fw * c.o, dtype, `backprop input ${what}`);
  a.conv2dBackpropFilter(x, dy, df, gm, 0);
  assertClose(df, ref.conv2dBackpropFilter(x, dy, g), ref.conv2dBackpropFilter(abs(x), abs(dy), g), g.batch * g.outH * g.outW, dtype, `backprop filter ${what}`);
  return true;
}

function randomCase(r: () => number): Case {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const padding = pick(['SAME', 'VALID', 'EXPLICIT'] as Padding[]);
  const k = pick([1, 1, 2, 3, 3, 5]);
  return {
    batch: pick([0, 1, 1, 2, 3]), h: pick([1, 2, 3, 4, 5, 7, 8, 11]), w: pick([1, 2, 3, 5, 6, 9, 13]),
    c: pick([1, 3, 7]), fh: k, fw: r() < 0.7 ? k : pick([1, 2, 3, 4]), o: pick([1, 2, 5, 17]),
    sh: pick([1, 1, 2, 3]), sw: pick([1, 1, 2, 3]), dh: pick([1, 1, 1, 2]), dw: pick([1, 1, 1, 2, 3]), padding,
    pads: [pick([0, 1, 2]), pick([0, 1, 3]), pick([0, 1, 2]), pick([0, 2, 4])],
  };
}

const FIXED: Case[] = [
  // 1x1 stride 1: a plain matmul
  { batch: 3, h: 5, w: 7, c: 13, fh: 1, fw: 1, o: 11, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'SAME', pads: [] },
  { batch: 1, h: 4, w: 4, c: 3, fh: 1, fw: 1, o: 2, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'VALID', pads: [] },
  // 1x1 with stride 2 or explicit padding: not pointwise
  { batch: 2, h: 7, w: 6, c: 5, fh: 1, fw: 1, o: 3, sh: 2, sw: 2, dh: 1, dw: 1, padding: 'VALID', pads: [] },
  { batch: 2, h: 3, w: 3, c: 2, fh: 1, fw: 1, o: 3, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'EXPLICIT', pads: [1, 0, 0, 2] },
  // LeNet's layers
  { batch: 4, h: 28, w: 28, c: 1, fh: 5, fw: 5, o: 6, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'SAME', pads: [] },
  { batch: 4, h: 14, w: 14, c: 6, fh: 5, fw: 5, o: 16, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'VALID', pads: [] },
  // several tiles per image and several chunks (backprop filter partial sums)
  { batch: 9, h: 30, w: 29, c: 3, fh: 3, fw: 3, o: 33, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'SAME', pads: [] },
  { batch: 1, h: 61, w: 67, c: 5, fh: 4, fw: 4, o: 7, sh: 1, sw: 2, dh: 1, dw: 1, padding: 'SAME', pads: [] },
  { batch: 12, h: 32, w: 32, c: 8, fh: 3, fw: 3, o: 16, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'SAME', pads: [] },
  // single-channel images (the transposed im2col), one big enough to split each tile's GEMM
  { batch: 1, h: 120, w: 150, c: 1, fh: 5, fw: 5, o: 8, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'SAME', pads: [] },
  { batch: 3, h: 17, w: 19, c: 1, fh: 3, fw: 4, o: 5, sh: 2, sw: 3, dh: 2, dw: 1, padding: 'EXPLICIT', pads: [2, 1, 0, 3] },
  // wide K (a tile of few rows)
  { batch: 2, h: 9, w: 9, c: 97, fh: 3, fw: 3, o: 19, sh: 1, sw: 1, dh: 2, dw: 2, padding: 'SAME', pads: [] },
  // image smaller than the kernel (SAME), dilated larger than the image
  { batch: 2, h: 2, w: 3, c: 3, fh: 5, fw: 5, o: 4, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'SAME', pads: [] },
  { batch: 1, h: 3, w: 3, c: 2, fh: 3, fw: 3, o: 2, sh: 2, sw: 3, dh: 3, dw: 3, padding: 'SAME', pads: [] },
  // empty: batch 0, zero channels, zero filters
  { batch: 0, h: 5, w: 5, c: 3, fh: 3, fw: 3, o: 4, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'SAME', pads: [] },
  { batch: 2, h: 5, w: 5, c: 0, fh: 3, fw: 3, o: 4, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'SAME', pads: [] },
  { batch: 2, h: 5, w: 5, c: 3, fh: 3, fw: 3, o: 0, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'VALID', pads: [] },
  // explicit padding larger than the kernel (windows entirely in the padding)
  { batch: 1, h: 3, w: 2, c: 2, fh: 2, fw: 2, o: 3, sh: 1, sw: 1, dh: 1, dw: 1, padding: 'EXPLICIT', pads: [3, 0, 0, 4] },
];

describe('native conv2d vs reference', { skip }, () => {
  const original = addon?.info();
  after(() => {
    if (addon && original) {
      addon.setIsa(original.isa);
      addon.setThreads(original.threads);
    }
  });

  for (const isa of isas()) {
    for (const threads of [1, 2]) {
      test(`${isa}, ${threads} thread(s): fixed shapes`, () => {
        addon!.setIsa(isa);
        addon!.setThreads(threads);
        const r = rng(11 * threads + isa.length);
        for (const dtype of ['float32', 'float64'] as DT[]) {
          for (const c of FIXED) assert.ok(checkCase(c, dtype, r), describeCase(c));
        }
      });
      test(`${isa}, ${threads} thread(s): random shapes`, () => {
        addon!.setIsa(isa);
        addon!.setThreads(threads);
        const r = rng(1000 + 7 * threads + isa.length);
        let ran = 0;
        for (let round = 0; round < 120; round++) {
          if (checkCase(randomCase(r), round % 2 ? 'float64' : 'float32', r)) ran++;
        }
        assert.ok(ran > 60, `only ${ran} valid random cases`);
      });
    }
  }
});

describe('native conv kernels as registered', { skip }, () => {
  const attrs = (padding: Padding, s: number, d = 1, pads: number[] = []) => ({
    strides: [1, s, s, 1], padding, explicitPaddings: padding === 'EXPLICIT' ? [0, 0, ...pads, 0, 0] : [], dilations: [1, d, d, 1], dataFormat: 'NHWC', useCudnnOnGpu: true,
  });
  const nd = (dtype: DT, shape: number[], r: () => number) => new NDArray(dtype, shape, randomData(dtype, shape.reduce((p, q) => p * q, 1), r) as never);
  const run = (type: string, backend: string, inputs: NDArray[], a: object) => kernelFor(getOpDef(type)!, backend)(inputs, a as never, undefined as never) as NDArray;

  test('native and reference kernels agree (float32, float64, explicit padding)', () => {
    const r = rng(77);
    for (const dtype of ['float32', 'float64'] as DT[]) {
      for (const a of [attrs('SAME', 2), attrs('VALID', 1, 2), attrs('EXPLICIT', 1, 1, [1, 2, 0, 1])]) {
        const x = nd(dtype, [2, 9, 8, 3], r), f = nd(dtype, [3, 2, 3, 4], r);
        const y = run('Conv2D', 'native', [x, f], a), yr = run('Conv2D', 'reference', [x, f], a);
        assert.deepEqual(y.shape, yr.shape);
        assert.equal(y.dtype, dtype);
        const dy = nd(dtype, y.shape.slice(), r);
        const xs = new NDArray('int32', [4], Int32Array.from(x.shape) as never), fs = new NDArray('int32', [4], Int32Array.from(f.shape) as never);
        const pairs: [NDArray, NDArray][] = [
          [y, yr],
          [run('Conv2DBackpropInput', 'native', [xs, f, dy], a), run('Conv2DBackpropInput', 'reference', [xs, f, dy], a)],
          [run('Conv2DBackpropFilter', 'native', [x, fs, dy], a), run('Conv2DBackpropFilter', 'reference', [x, fs, dy], a)],
        ];
        for (const [got, want] of pairs) {
          assert.deepEqual(got.shape, want.shape);
          const gd = got.data as FT, wd = want.data as FT;
          for (let i = 0; i < wd.length; i++) assert.ok(Math.abs(gd[i] - wd[i]) <= 1e-4 * (1 + Math.abs(wd[i])), `${dtype} ${i}: ${gd[i]} vs ${wd[i]}`);
        }
      }
    }
  });

  test('errors, grouped convolutions and other dtypes go to the reference kernel', () => {
    const r = rng(78);
    const x = nd('float32', [1, 4, 4, 4], r), f = nd('float32', [2, 2, 2, 6], r);  // 2 groups
    const a = attrs('SAME', 1);
    assert.deepEqual(Array.from(run('Conv2D', 'native', [x, f], a).data as Float32Array), Array.from(run('Conv2D', 'reference', [x, f], a).data as Float32Array));
    const bad = nd('float32', [1, 4, 4, 3], r);
    assert.throws(() => run('Conv2D', 'native', [bad, f], a), /Depth of input \(3\) is not a multiple of input depth of filter \(2\)/);
    const xs = new NDArray('int32', [4], Int32Array.from([1, 4, 4, 2]) as never);
    const dy = nd('float32', [1, 3, 4, 6], r);
    assert.throws(() => run('Conv2DBackpropInput', 'native', [xs, nd('float32', [2, 2, 2, 6], r), dy], a), /Size of out_backprop doesn't match computed/);
    const h = new NDArray('float16', [1, 2, 2, 1], new Float32Array([1, 2, 3, 4]) as never);
    const hf = new NDArray('float16', [1, 1, 1, 1], new Float32Array([2]) as never);
    assert.deepEqual(run('Conv2D', 'native', [h, hf], a).toArray(), [[[[2], [4]], [[6], [8]]]]);
  });
});

describe('conv2d through a Session', { skip }, () => {
  test('values and gradients on native equal those on reference', () => {
    tf.withGraph(() => {
      const r = rng(5);
      const xv = new NDArray('float32', [3, 12, 11, 2], randomData('float32', 3 * 12 * 11 * 2, r) as never);
      const x = tf.placeholder(tf.float32, [null, 12, 11, 2]);
      const w1 = tf.constant(new NDArray('float32', [3, 3, 2, 5], randomData('float32', 90, r) as never));
      const w2 = tf.constant(new NDArray('float32', [2, 2, 5, 4], randomData('float32', 80, r) as never));
      const h1 = tf.nn.relu(tf.nn.conv2d(x, w1, 1, 'SAME'));
      const p1 = tf.nn.maxPool(h1, 2, 2, 'SAME');
      const h2 = tf.nn.conv2d(p1, w2, [2, 1], 'VALID', { dilations: [1, 2] });
      const p2 = tf.nn.avgPool(h2, 3, 1, 'SAME');
      const loss = tf.reduceSum(tf.square(p2));
      const grads = tf.gradients(loss, [x, w1, w2]);
      const fetches = [h1, p1, h2, p2, loss, ...grads];
      const native = new tf.Session({ backend: 'native' }).run(fetches, [[x, xv]]);
      const reference = new tf.Session({ backend: 'reference' }).run(fetches, [[x, xv]]);
      native.forEach((got, i) => {
        const want = reference[i];
        assert.deepEqual(got.shape, want.shape, `fetch ${i}: shape`);
        const gd = got.data as Float32Array, wd = want.data as Float32Array;
        let scale = 0;
        for (let j = 0; j < wd.length; j++) scale = Math.max(scale, Math.abs(wd[j]));
        for (let j = 0; j < wd.length; j++) {
          assert.ok(Math.abs(gd[j] - wd[j]) <= 1e-5 * (scale + 1), `fetch ${i} element ${j}: ${gd[j]} vs ${wd[j]}`);
        }
      });
    });
  });
});
