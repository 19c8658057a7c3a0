// Fuzzes the reduce-family and train entry points of the native binding (reduce, argReduce,
// softmax, softmaxXent, sparseSoftmaxXent, biasAdd, biasAddGrad, transpose, trainApply): valid
// calls (which must succeed) mutated at random — an argument replaced by junk, a typed array of
// another type or a length off by one, a dims entry negative / fractional / NaN / huge, a bad
// number, too few or too many arguments, an output overlapping an input. Every call must succeed
// or throw a TypeError / RangeError; none may crash, write outside its outputs (guard zones
// around every array are checked after each call) or write an input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nativeAddon } from '../../src/backend/native/load.js';

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

const GUARD = 17;
const SENTINEL = 99;
type Arr = Float32Array | Float64Array | Int32Array | Int16Array | Uint8Array | BigInt64Array;
type Ctor = { new (n: number): Arr };
const CTORS: Ctor[] = [Float32Array, Float64Array, Int32Array, Int16Array, Uint8Array, BigInt64Array];

interface Guarded { view: Arr; whole: Arr; n: number; copy: Arr; output: boolean }
function guarded(ctor: Ctor, n: number, r: () => number, output: boolean, fill?: (i: number) => number): Guarded {
  const whole = new ctor(n + 2 * GUARD);
  const big = whole instanceof BigInt64Array;
  for (let i = 0; i < whole.length; i++) {
    const v = i < GUARD || i >= GUARD + n ? SENTINEL : fill ? fill(i - GUARD) : Math.floor(r() * 7) - 3;
    (whole as Float64Array)[i] = (big ? BigInt(v) : v) as number;
  }
  const view = whole.subarray(GUARD, GUARD + n) as Arr;
  return { view, whole, n, copy: whole.slice() as Arr, output };
}
function guardsIntact(g: Guarded): boolean {
  for (let i = 0; i < GUARD; i++) {
    if (Number(g.whole[i]) !== SENTINEL || Number(g.whole[GUARD + g.n + i]) !== SENTINEL) return false;
  }
  return true;
}
function unchanged(g: Guarded): boolean {
  for (let i = 0; i < g.whole.length; i++) if (!Object.is(g.whole[i], g.copy[i])) return false;
  return true;
}

const JUNK: unknown[] = [undefined, null, 0, 1, -1, 'x', {}, [], [1, 2], () => 0, 10n, new DataView(new ArrayBuffer(8)), Symbol('s')];
const BAD_NUMBERS: unknown[] = [-1, 0.5, NaN, Infinity, 1e9, 2 ** 53, '3', null];
const BAD_DIMS = [-1, 1.5, NaN, 2 ** 40, Infinity, 2 ** 31, 33, 17];

interface Call { fn: string; args: unknown[]; arrays: Guarded[]; numeric: number[] }
type Maker = (r: () => number) => Call;

const fl = (r: () => number): Ctor => (r() < 0.5 ? Float32Array : Float64Array);
const small = (r: () => number, lo = 0) => lo + Math.floor(r() * 6);
const prod = (s: number[]) => s.reduce((p, x) => p * x, 1);

const MAKERS: Maker[] = [
  r => {  // reduce(x, out, dims, axesMask, op, threads)
    const rank = Math.floor(r() * 4), shape = Array.from({ length: rank }, () => small(r));
    const mask = Math.floor(r() * 2 ** rank), ctor = [Float32Array, Float64Array, Int32Array][Math.floor(r() * 3)] as Ctor;
    const kept = shape.filter((_, d) => !((mask >> d) & 1));
    const x = guarded(ctor, prod(shape), r, false), out = guarded(ctor, prod(kept), r, true);
    return { fn: 'reduce', args: [x.view, out.view, Float64Array.from([rank, ...shape]), mask, Math.floor(r() * 5), Math.floor(r() * 3)], arrays: [x, out], numeric: [3, 4, 5] };
  },
  r => {  // argReduce(x, out, dims, isMin, threads)
    const d = [small(r), small(r, 1), small(r)], ctor = [Float32Array, Float64Array, Int32Array][Math.floor(r() * 3)] as Ctor;
    const x = guarded(ctor, prod(d), r, false), out = guarded(r() < 0.5 ? Int32Array : BigInt64Array, d[0] * d[2], r, true);
    return { fn: 'argReduce', args: [x.view, out.view, Float64Array.from(d), Math.floor(r() * 2), 0], arrays: [x, out], numeric: [3, 4] };
  },
  r => {  // softmax(x, y, depth, log, threads)
    const rows = small(r), depth = small(r, 1), c = fl(r);
    const x = guarded(c, rows * depth, r, false), y = guarded(c, rows * depth, r, true);
    return { fn: 'softmax', args: [x.view, y.view, depth, Math.floor(r() * 2), 1], arrays: [x, y], numeric: [2, 3, 4] };
  },
  r => {  // softmaxXent(logits, labels, loss, backprop, dims, threads)
    const b = small(r), c = small(r), ld = [r() < 0.2 ? 1 : b, r() < 0.2 ? 1 : c], yd = [r() < 0.2 ? 1 : b, r() < 0.2 ? 1 : c], C = fl(r);
    const B = ld[0] === 1 ? yd[0] : ld[0], D = ld[1] === 1 ? yd[1] : ld[1];  // 1 broadcasts to the other size, 0 included
    const l = guarded(C, prod(ld), r, false), y = guarded(C, prod(yd), r, false), loss = guarded(C, B, r, true), back = guarded(C, B * D, r, true);
    return { fn: 'softmaxXent', args: [l.view, y.view, loss.view, back.view, Float64Array.from([...ld, ...yd]), 0], arrays: [l, y, loss, back], numeric: [5] };
  },
  r => {  // sparseSoftmaxXent(logits, labels, loss, backprop, depth, threads)
    const b = small(r), depth = small(r, 1), C = fl(r);
    const l = guarded(C, b * depth, r, false), y = guarded(r() < 0.5 ? Int32Array : BigInt64Array, b, r, false, () => Math.floor(r() * depth));
    const loss = guarded(C, b, r, true), back = guarded(C, b * depth, r, true);
    return { fn: 'sparseSoftmaxXent', args: [l.view, y.view, loss.view, back.view, depth, 0], arrays: [l, y, loss, back], numeric: [4, 5] };
  },
  r => {  // biasAdd(x, bias, y, dims, threads)
    const d = [small(r), small(r), small(r)], C = fl(r);
    const x = guarded(C, prod(d), r, false), b = guarded(C, d[1], r, false), y = guarded(C, prod(d), r, true);
    return { fn: 'biasAdd', args: [x.view, b.view, y.view, Float64Array.from(d), 0], arrays: [x, b, y], numeric: [4] };
  },
  r => {  // biasAddGrad(dy, db, dims, threads)
    const d = [small(r), small(r), small(r)], C = fl(r);
    const dy = guarded(C, prod(d), r, false), db = guarded(C, d[1], r, true);
    return { fn: 'biasAddGrad', args: [dy.view, db.view, Float64Array.from(d), 2], arrays: [dy, db], numeric: [3] };
  },
  r => {  // transpose(x, y, dims, threads)
    const rank = Math.floor(r() * 5), shape = Array.from({ length: rank }, () => small(r));
    const perm = [...Array(rank).keys()].sort(() => r() - 0.5);
    const C = [Float32Array, Float64Array, Int32Array, BigInt64Array][Math.floor(r() * 4)] as Ctor;
    const x = guarded(C, prod(shape), r, false), y = guarded(C, prod(shape), r, true);
    return { fn: 'transpose', args: [x.view, y.view, Float64Array.from([rank, ...shape, ...perm]), 0], arrays: [x, y], numeric: [3] };
  },
  r => {  // trainApply(op, refs, grad, scalars, flags)
    const op = Math.floor(r() * 7), nrefs = [1, 2, 2, 3, 3, 4, 3][op], n = small(r) * 5, C = fl(r);
    const refs = Array.from({ length: nrefs }, () => guarded(C, n, r, true, () => 1 + r()));
    const g = guarded(C, n, r, false);
    return { fn: 'trainApply', args: [op, refs.map(x => x.view), g.view, Float64Array.of(0.1, 0.9, 0.5, 1e-7, 0.9, 1e-8), Math.floor(r() * 4)], arrays: [...refs, g], numeric: [0, 4] };
  },
];

test('fuzz: the reduce-family and train entry points never crash or write out of bounds', { skip }, () => {
  const r = rng(77);
  const a = addon as unknown as Record<string, (...x: unknown[]) => void>;
  const counts = { ok: 0, rejected: 0 };
  for (let iter = 0; iter < 12000; iter++) {
    const call = MAKERS[iter % MAKERS.length](r);
    const args = call.args.slice();
    const valid = r() < 0.3;
    let aliased = false;
    if (!valid) {
      const kind = Math.floor(r() * 7);
      const arrIdx = args.map((x, i) => (ArrayBuffer.isView(x) ? i : -1)).filter(i => i >= 0);
      const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
      if (kind === 0) args[Math.floor(r() * args.length)] = pick(JUNK);
      else if (kind === 1 && arrIdx.length) {  // another type, same length
        const i = pick(arrIdx), n = (args[i] as Arr).length;
        const g = guarded(pick(CTORS), n, r, true);
        call.arrays.push(g);
        args[i] = g.view;
      } else if (kind === 2 && arrIdx.length) {  // a length off by one
        const i = pick(arrIdx), v = args[i] as Arr;
        const g = guarded(v.constructor as Ctor, Math.max(0, v.length + (r() < 0.5 ? -1 : 1)), r, true);
        call.arrays.push(g);
        args[i] = g.view;
      } else if (kind === 3) {  // a bad dims entry
        const i = args.findIndex(x => x instanceof Float64Array);
        if (i >= 0) { const d = (args[i] as Float64Array).slice(); if (d.length) d[Math.floor(r() * d.length)] = pick(BAD_DIMS); args[i] = d; }
      } else if (kind === 4) args[pick(call.numeric)] = pick(BAD_NUMBERS);
      else if (kind === 5 && Array.isArray(args[1]) && r() < 0.7) {  // trainApply's refs: one missing, extra, junk, of another type or overlapping
        const refs = (args[1] as Arr[]).slice(), k2 = Math.floor(r() * 5), i = Math.floor(r() * refs.length);
        if (k2 === 0) refs.pop();
        else if (k2 === 1) refs.push(refs[0]);
        else if (k2 === 2) (refs as unknown[])[i] = pick(JUNK);
        else if (k2 === 3) { const g = guarded(pick(CTORS), refs[i].length, r, true); call.arrays.push(g); refs[i] = g.view; }
        else if (refs.length > 1) refs[1] = refs[0];
        args[1] = refs;
      } else if (kind === 5) args.length = r() < 0.5 ? Math.floor(r() * args.length) : args.length + 1;
      else {  // an output overlapping an input partially
        const outs = call.arrays.filter(g => g.output && g.n > 1), ins = call.arrays.filter(g => !g.output && g.n > 1);
        if (outs.length && ins.length && call.fn !== 'trainApply') {
          const o = pick(outs), inp = ins[0];
          const j = args.indexOf(o.view);
          if (j >= 0 && inp.whole.constructor === o.whole.constructor) {
            args[j] = inp.whole.subarray(GUARD + 1, GUARD + 1 + o.n);
            aliased = true;
          }
        }
      }
    }
    let threw: unknown = null;
    try {
      a[call.fn](...args);
    } catch (e) {
      threw = e;
    }
    if (threw) {
      assert.ok(threw instanceof TypeError || threw instanceof RangeError, `${call.fn} iteration ${iter}: unexpected ${String(threw)}`);
      assert.ok(!valid, `${call.fn} iteration ${iter}: a valid call threw ${String(threw)}`);
      counts.rejected++;
    } else counts.ok++;
    if (aliased) assert.ok(threw, `${call.fn} iteration ${iter}: an output overlapping an input was accepted`);
    for (const g of call.arrays) {
      assert.ok(guardsIntact(g), `${call.fn} iteration ${iter}: write outside an array`);
      if (!g.output && !aliased) assert.ok(unchanged(g), `${call.fn} iteration ${iter}: an input was written`);
    }
  }
  assert.ok(counts.ok > 2000 && counts.rejected > 2000, `ok ${counts.ok}, rejected ${counts.rejected}`);
});
