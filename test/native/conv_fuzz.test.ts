// Hammers the conv and pool entry points of the native binding (conv2d, conv2dBackpropInput,
// conv2dBackpropFilter, maxPool, maxPoolGrad, avgPool, avgPoolGrad) with random arguments:
// wrong types and argument counts, mismatched dtypes, random lengths, geometry descriptors with
// negative, fractional, NaN, zero-stride, huge and wrong-length entries, aliasing outputs. Every
// call must either succeed or throw a TypeError / RangeError; it must never crash, write outside
// its output (guard zones are checked after every call) or write its inputs. Calls that succeed
// on a consistent geometry are checked against the reference kernels.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as refConv from '../../src/backend/reference/conv.js';
import * as refPool from '../../src/backend/reference/pool.js';
import type { Conv2DInfoConcrete } from '../../src/ops/nn/conv_info.js';
import { nativeAddon } from '../../src/backend/native/load.js';
import type { NativeAddon } from '../../src/backend/native/binding.js';

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

const GUARD = 29;
const SENTINEL = 99;
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;
type Arr = InstanceType<Ctor>;
const JUNK: unknown[] = [undefined, null, 0, -1, 'x', {}, [], [1, 2], () => 0, 10n, new DataView(new ArrayBuffer(8)), Symbol('s'), NaN, Infinity, 2 ** 40];

interface Guarded { view: Arr; whole: Arr; n: number }
function guarded(ctor: Ctor, n: number, r: () => number): Guarded {
  const whole = new ctor(n + 2 * GUARD);
  for (let i = 0; i < whole.length; i++) whole[i] = i < GUARD || i >= GUARD + n ? SENTINEL : Math.floor(r() * 9) - 4;
  return { view: whole.subarray(GUARD, GUARD + n) as Arr, whole, n };
}
const intact = (g: Guarded) => {
  for (let i = 0; i < GUARD; i++) if (g.whole[i] !== SENTINEL || g.whole[GUARD + g.n + i] !== SENTINEL) return false;
  return true;
};

function badNumber(r: () => number): number {
  const u = r();
  if (u < 0.2) return -1;
  if (u < 0.4) return 1.5;
  if (u < 0.55) return NaN;
  if (u < 0.7) return 2 ** 31;
  if (u < 0.85) return Infinity;
  return 2 ** 53;
}

/** A consistent random geometry (conv: 15 values, pool: 12) and its info for the reference. */
function randomGeometry(r: () => number, pool: boolean): { geom: number[]; g: Conv2DInfoConcrete } {
  const i = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const batch = i(0, 2), inH = i(0, 5), inW = i(0, 5), inC = i(0, 3), kh = i(1, 3), kw = i(1, 3), outC = pool ? inC : i(0, 3);
  const outH = i(0, 5), outW = i(0, 5), sh = i(1, 3), sw = i(1, 3), dh = pool ? 1 : i(1, 2), dw = pool ? 1 : i(1, 2), pt = i(0, 3), pl = i(0, 3);
  const g: Conv2DInfoConcrete = { batch, inH, inW, inC, filterH: kh, filterW: kw, filterIn: inC, outC, outH, outW, strideH: sh, strideW: sw, dilationH: dh, dilationW: dw, padTop: pt, padLeft: pl };
  const geom = pool ? [batch, inH, inW, inC, kh, kw, outH, outW, sh, sw, pt, pl] : [batch, inH, inW, inC, kh, kw, outC, outH, outW, sh, sw, dh, dw, pt, pl];
  return { geom, g };
}

type Entry = keyof Pick<NativeAddon, 'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter' | 'maxPool' | 'maxPoolGrad' | 'avgPool' | 'avgPoolGrad'>;
const ENTRIES: Entry[] = ['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'maxPool', 'maxPoolGrad', 'avgPool', 'avgPoolGrad'];

/** The lengths of an entry point's arrays for a geometry, in argument order (the last is the output). */
function lengths(e: Entry, g: Conv2DInfoConcrete): number[] {
  const x = g.batch * g.inH * g.inW * g.inC, f = g.filterH * g.filterW * g.inC * g.outC, y = g.batch * g.outH * g.outW * g.outC;
  switch (e) {
    case 'conv2d': return [x, f, y];
    case 'conv2dBackpropInput': return [y, f, x];
    case 'conv2dBackpropFilter': return [x, y, f];
    case 'maxPool': case 'avgPool': return [x, y];
    case 'maxPoolGrad': return [x, y, x];
    case 'avgPoolGrad': return [y, x];
  }
}

function reference(e: Entry, ins: Float64Array[], g: Conv2DInfoConcrete): Float64Array {
  switch (e) {
    case 'conv2d': return refConv.conv2d(ins[0], ins[1], g);
    case 'conv2dBackpropInput': return refConv.conv2dBackpropInput(ins[0], ins[1], g);
    case 'conv2dBackpropFilter': return refConv.conv2dBackpropFilter(ins[0], ins[1], g);
    case 'maxPool': return refPool.maxPool(ins[0], g);
    case 'maxPoolGrad': return refPool.maxPoolGrad(ins[0], ins[1], g);
    case 'avgPool': return refPool.avgPool(ins[0], g);
    case 'avgPoolGrad': return refPool.avgPoolGrad(ins[0], g);
  }
}

test('fuzz: random conv and pool calls never crash or write out of bounds', { skip }, () => {
  const a = addon as NativeAddon;
  const r = rng(4242);
  const CTORS: Ctor[] = [Float32Array, Float64Array, Int32Array, Uint8Array];
  let ok = 0, threw = 0, checked = 0;
  for (let round = 0; round < 6000; round++) {
    const e = ENTRIES[Math.floor(r() * ENTRIES.length)];
    const pool = e.startsWith('maxPool') || e.startsWith('avgPool');
    const { geom, g } = randomGeometry(r, pool);
    const lens = lengths(e, g);
    const dtype = r() < 0.5 ? Float32Array : Float64Array;
    // mostly consistent calls, then one thing broken at random
    const arrays: Guarded[] = lens.map(n => guarded(dtype, n, r));
    let geomArg: unknown = Float64Array.from(geom);
    let threads: unknown = Math.floor(r() * 3);
    const u = r();
    let consistent = false;
    if (u < 0.15) {
      const k = Math.floor(r() * arrays.length);  // wrong length
      arrays[k] = guarded(dtype, Math.max(0, lens[k] + (r() < 0.5 ? -1 : 1 + Math.floor(r() * 3))), r);
    } else if (u < 0.3) {
      const k = Math.floor(r() * arrays.length);  // mismatched or unsupported type
      arrays[k] = guarded(CTORS[Math.floor(r() * CTORS.length)], lens[k], r);
    } else if (u < 0.5) {
      (geomArg as Float64Array)[Math.floor(r() * geom.length)] = badNumber(r);
    } else if (u < 0.55) {
      const k = pool ? [8, 9, 4, 5] : [9, 10, 11, 12];  // a zero stride / dilation / window
      (geomArg as Float64Array)[k[Math.floor(r() * k.length)]] = 0;
    } else if (u < 0.6) {
      geomArg = r() < 0.5 ? Float64Array.from([...geom, 1]) : r() < 0.5 ? Float32Array.from(geom) : JUNK[Math.floor(r() * JUNK.length)];
    } else if (u < 0.65) {
      threads = r() < 0.5 ? badNumber(r) : JUNK[Math.floor(r() * JUNK.length)];
    } else if (u < 0.7 && arrays[arrays.length - 1].n > 0) {
      arrays[arrays.length - 1] = arrays[0].n === arrays[arrays.length - 1].n ? arrays[0] : arrays[arrays.length - 1];  // aliasing
    } else consistent = true;
    const args: unknown[] = [...arrays.map(x => x.view), geomArg, threads];
    if (r() < 0.03) args.pop();
    else if (r() < 0.03) args[Math.floor(r() * args.length)] = JUNK[Math.floor(r() * JUNK.length)];
    else if (r() < 0.03) args.push(0);
    const before = arrays.slice(0, -1).map(x => Array.from(x.view));
    try {
      (a[e] as (...xs: unknown[]) => void)(...args);
      ok++;
      if (consistent && args.length === arrays.length + 2 && arrays[arrays.length - 1] !== arrays[0]) {
        const out = arrays[arrays.length - 1].view;
        const want = reference(e, arrays.slice(0, -1).map(x => Float64Array.from(x.view)), g);
        const w = dtype === Float32Array ? Float32Array.from(want) : want;
        for (let i = 0; i < w.length; i++) {
          if (!(Object.is(out[i], w[i]) || Math.abs(out[i] - w[i]) <= 1e-4 * (1 + Math.abs(w[i])))) assert.fail(`${e} [${geom}]: element ${i} is ${out[i]}, want ${w[i]}`);
        }
        checked++;
      }
    } catch (err) {
      threw++;
      assert.ok(err instanceof TypeError || err instanceof RangeError, `${e}: ${String(err)}`);
    }
    for (const x of arrays) assert.ok(intact(x), `${e} [${geom}]: wrote outside an array`);
    arrays.slice(0, -1).forEach((x, k) => {
      if (x === arrays[arrays.length - 1]) return;
      assert.deepEqual(Array.from(x.view), before[k], `${e}: input ${k} changed`);
    });
  }
  assert.ok(ok > 1000 && threw > 1000 && checked > 500, `ok ${ok}, threw ${threw}, checked ${checked}`);
});

test('fuzz: detached buffers and huge geometries are rejected', { skip }, () => {
  const a = addon as NativeAddon;
  const x = new Float32Array(4), y = new Float32Array(4);
  const ab = new ArrayBuffer(16);
  const detached = new Float32Array(ab);
  structuredClone(ab, { transfer: [ab] });
  assert.throws(() => a.maxPool(detached, y, Float64Array.from([1, 2, 2, 1, 1, 1, 2, 2, 1, 1, 0, 0]), 0), (e: unknown) => e instanceof TypeError || e instanceof RangeError);
  // lengths whose products pass 2^53
  const big = 2147483647;
  assert.throws(() => a.conv2d(x, x, y, Float64Array.from([big, big, big, 0, 1, 1, 1, big, big, 1, 1, 1, 1, 0, 0]), 0), RangeError);
  assert.throws(() => a.avgPool(x, y, Float64Array.from([0, big, big, big, 1, 1, big, big, 1, 1, 0, 0]), 0), RangeError);
  // huge padding, strides and dilations on valid lengths are fine (every tap is outside the image)
  const g = Float64Array.from([1, 2, 2, 1, 2, 2, 1, 2, 2, big, big, big, big, big, big]);
  a.conv2d(x, x, y, g, 0);
  assert.deepEqual(Array.from(y), [0, 0, 0, 0]);
  a.conv2dBackpropInput(y, x, x.slice(), g, 0);
  a.conv2dBackpropFilter(x, y, new Float32Array(4), g, 0);
  a.maxPool(x, y, Float64Array.from([1, 2, 2, 1, big, big, 2, 2, big, big, big, big]), 0);
  assert.deepEqual(Array.from(y), [-Infinity, -Infinity, -Infinity, 0]);  // only the last window (at 2^31 - 1 - pad = 0) holds a pixel
});
