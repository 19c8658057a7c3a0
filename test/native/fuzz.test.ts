// Hammers the native binding with random arguments: wrong types, random lengths, random dims
// descriptors (negative, fractional, NaN, huge, wrong ranks), random flags and argument counts,
// aliasing outputs. Every call must either succeed or throw a TypeError / RangeError; it must never
// crash, write outside its output (guard zones around c are checked after every call) or write its
// inputs. Successful calls on valid arguments are checked against the reference kernel.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NDArray } from '../../src/framework/ndarray.js';
import { matmul as referenceMatmul } from '../../src/backend/reference/gemm.js';
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

const GUARD = 37;
const SENTINEL = 99;  // representable in every array type used
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Int16ArrayConstructor | Uint8ArrayConstructor;
const CTORS: Ctor[] = [Float32Array, Float64Array, Int32Array, Int16Array, Uint8Array];

/** A typed array of `n` elements that sits between two guard zones of one buffer. */
function guarded(ctor: Ctor, n: number, r: () => number): { view: InstanceType<Ctor>; whole: InstanceType<Ctor> } {
  const whole = new ctor(n + 2 * GUARD);
  for (let i = 0; i < whole.length; i++) whole[i] = i < GUARD || i >= GUARD + n ? SENTINEL : Math.floor(r() * 7) - 3;
  return { view: whole.subarray(GUARD, GUARD + n) as InstanceType<Ctor>, whole };
}

function guardsIntact(whole: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < GUARD; i++) if (whole[i] !== SENTINEL || whole[GUARD + n + i] !== SENTINEL) return false;
  return true;
}

function randomDim(r: () => number): number {
  const x = r();
  if (x < 0.7) return Math.floor(r() * 6);
  if (x < 0.75) return -1;
  if (x < 0.8) return 1.5;
  if (x < 0.85) return NaN;
  if (x < 0.9) return 2 ** 40;
  if (x < 0.95) return Infinity;
  return 2 ** 31;
}

const JUNK: unknown[] = [undefined, null, 0, 1, -1, 'x', {}, [], [1, 2], () => 0, 10n, new BigInt64Array(4), new DataView(new ArrayBuffer(8)), Symbol('s')];

test('fuzz: random calls never crash or write out of bounds', { skip }, () => {
  const a0 = addon as NativeAddon;
  const r = rng(2024);
  let ok = 0, rejected = 0, checked = 0;
  for (let iter = 0; iter < 20000; iter++) {
    const valid = r() < 0.35;
    // shapes: mostly consistent with the arrays when `valid`, random otherwise
    const ra = 2 + Math.floor(r() * 3), rb = 2 + Math.floor(r() * 3);
    const sa = Array.from({ length: ra }, () => Math.floor(r() * 5));
    const sb = Array.from({ length: rb }, () => Math.floor(r() * 5));
    const ta = r() < 0.5, tb = r() < 0.5;
    // make k agree and batch dims broadcastable for valid calls
    const k = Math.floor(r() * 6);
    sa[ta ? ra - 2 : ra - 1] = k;
    sb[tb ? rb - 1 : rb - 2] = k;
    for (let d = 0; d < Math.min(ra, rb) - 2; d++) if (r() < 0.7) sb[rb - 3 - d] = r() < 0.5 ? 1 : sa[ra - 3 - d];
    const m = ta ? sa[ra - 1] : sa[ra - 2], n = tb ? sb[rb - 2] : sb[rb - 1];
    const batchOk = sa.slice(0, -2).reverse().every((x, i) => i >= rb - 2 || x === 1 || sb[rb - 3 - i] === 1 || sb[rb - 3 - i] === x);
    const bA = sa.slice(0, -2), bB = sb.slice(0, -2);
    const nb = Math.max(bA.length, bB.length);
    const batch: number[] = [];
    for (let i = 0; i < nb; i++) {
      const x = bA[i - (nb - bA.length)] ?? 1, y = bB[i - (nb - bB.length)] ?? 1;
      batch.push(x === 1 ? y : x);
    }
    const prod = (s: number[]) => s.reduce((p, x) => p * x, 1);
    const ctor = valid ? CTORS[Math.floor(r() * 3)] : CTORS[Math.floor(r() * CTORS.length)];
    const lenA = valid ? prod(sa) : Math.max(0, prod(sa) + Math.floor(r() * 3) - 1);
    const lenB = valid ? prod(sb) : Math.max(0, prod(sb) + Math.floor(r() * 3) - 1);
    const lenC = valid ? prod(batch) * m * n : Math.max(0, prod(batch) * m * n + Math.floor(r() * 3) - 1);
    const A = guarded(r() < 0.9 || valid ? ctor : CTORS[Math.floor(r() * CTORS.length)], lenA, r);
    const B = guarded(r() < 0.9 || valid ? ctor : CTORS[Math.floor(r() * CTORS.length)], lenB, r);
    const C = guarded(r() < 0.9 || valid ? ctor : CTORS[Math.floor(r() * CTORS.length)], lenC, r);
    const aCopy = A.whole.slice(), bCopy = B.whole.slice();
    const dims = new Float64Array(2 + ra + rb + Math.floor(r() * 3));
    dims.set([ra, rb, ...sa, ...sb]);
    if (!valid && r() < 0.5) dims[Math.floor(r() * dims.length)] = randomDim(r);
    if (!valid && r() < 0.1) dims[Math.floor(r() * 2)] = Math.floor(r() * 25) - 2;
    let flags: unknown = (ta ? 1 : 0) | (tb ? 2 : 0) | (Math.floor(r() * 3) << 2);
    if (!valid && r() < 0.1) flags = [-1, 0.5, NaN, 1e9, '3', 4 * 65][Math.floor(r() * 6)];
    const args: unknown[] = [A.view, B.view, C.view, dims, flags];
    if (!valid && r() < 0.15) args[Math.floor(r() * 5)] = JUNK[Math.floor(r() * JUNK.length)];
    if (!valid && r() < 0.05) args.length = Math.floor(r() * 7);
    let aliased = false;
    if (!valid && r() < 0.05 && lenA > 0) {  // c overlapping a
      args[2] = r() < 0.5 ? A.view : A.whole.subarray(GUARD + 1, GUARD + 1 + lenC);
      aliased = true;
    }
    let threw: unknown = null;
    try {
      (a0.matmul as (...x: unknown[]) => void)(...args);
    } catch (e) {
      threw = e;
    }
    if (threw) {
      assert.ok(threw instanceof TypeError || threw instanceof RangeError, `unexpected ${String(threw)}`);
      rejected++;
    } else {
      ok++;
    }
    assert.ok(guardsIntact(C.whole, lenC), `iteration ${iter}: write outside c`);
    if (aliased && (args[2] as ArrayLike<number>).length > 0) assert.ok(threw, `iteration ${iter}: c overlapping a was accepted`);
    if (!aliased) assert.deepEqual(A.whole, aCopy, `iteration ${iter}: a was written`);
    assert.deepEqual(B.whole, bCopy, `iteration ${iter}: b was written`);
    if (!threw && valid && batchOk && args.length === 5 && args[0] === A.view && args[2] === C.view) {
      const dt = ctor === Float32Array ? 'float32' : ctor === Float64Array ? 'float64' : 'int32';
      const want = referenceMatmul(new NDArray(dt, sa, A.view as never), new NDArray(dt, sb, B.view as never), ta, tb);
      assert.deepEqual(Array.from(C.view), Array.from(want.data as Float32Array), `iteration ${iter}: wrong product`);
      checked++;
    }
  }
  assert.ok(ok > 1000 && rejected > 1000 && checked > 1000, `ok ${ok}, rejected ${rejected}, checked ${checked}`);
});

test('fuzz: bad arguments give clear errors', { skip }, () => {
  const a0 = addon as NativeAddon;
  const f = new Float32Array(6), g = new Float32Array(6), c = new Float32Array(5);
  const dims = new Float64Array([2, 2, 2, 3, 3, 2]);
  assert.throws(() => a0.matmul(f, g, c, dims, 0), { name: 'RangeError', message: /c has 5 elements, but the product has shape \[2,2\]/ });
  const c4 = new Float32Array(4);
  assert.doesNotThrow(() => a0.matmul(f, g, c4.subarray(0, 4), new Float64Array([2, 2, 2, 3, 3, 2]), 0));
  assert.throws(() => a0.matmul(f, new Float64Array(6), c4, dims, 0), { name: 'TypeError', message: /must be of one type/ });
  assert.throws(() => (a0.matmul as (...x: unknown[]) => void)(new Int16Array(6), new Int16Array(6), new Int16Array(4), dims, 0), { name: 'TypeError', message: /Float32Array, Float64Array or Int32Array, got Int16Array/ });
  assert.throws(() => a0.matmul(f, g, c4, new Float64Array([2, 2, 2, 3, 2, 3]), 0), { name: 'RangeError', message: /Matrix size-incompatible: In\[0\]: \[2,3\], In\[1\]: \[2,3\]/ });
  assert.throws(() => a0.matmul(f, g, c4, new Float64Array([2, 2, 2, 3, 3, -2]), 0), { name: 'RangeError', message: /non-negative integer/ });
  assert.throws(() => a0.matmul(f, g, c4, new Float64Array([2, 2, 2, 3, 3]), 0), { name: 'RangeError', message: /dims holds 5 numbers/ });
  assert.throws(() => a0.matmul(f, g, c4, dims, 2 ** 20), { name: 'RangeError', message: /flags/ });
  const shared = new Float32Array(12);
  assert.throws(() => a0.matmul(shared.subarray(0, 6), g, shared.subarray(2, 6), dims, 0), { name: 'RangeError', message: /must not share memory/ });
  assert.throws(() => (a0.matmul as (...x: unknown[]) => void)(f, g, c4, dims), { name: 'TypeError', message: /expected 5 arguments/ });
  assert.throws(() => (a0.matmul as (...x: unknown[]) => void)(f, [1, 2], c4, dims, 0), { name: 'TypeError', message: /b must be a TypedArray, got Array/ });
  // a detached buffer is an empty array
  const d = new Float32Array(6);
  structuredClone(d.buffer, { transfer: [d.buffer] });
  assert.throws(() => a0.matmul(d, g, c4, dims, 0), { name: 'RangeError', message: /a has 0 elements/ });
});
