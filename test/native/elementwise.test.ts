// Native elementwise kernels (native/src/elementwise*.{h,cc}) against the reference kernels, on
// every CPU path this machine has, with 1 and 2 threads: sizes 0, 1, primes, non-multiples of
// the vector width and of the 512-element block, large enough to be split over threads;
// special values (NaN, +-Inf, -0, denormals, overflow / underflow edges); broadcast layouts;
// in-place outputs; fused programs (bit-identical to the ops run one by one, and to the
// reference for exact ops); AddN and Cast; the Session API on 'native' vs 'reference'.
//
// Tolerances, in ulp of the output dtype (float32 / float64). Exact (0 ulp, same NaN-ness and
// same sign of zero): Neg Abs Square Sqrt Rsqrt Reciprocal Relu Relu6 Softsign Sign Floor Ceil
// Round, Add Sub Mul RealDiv Maximum Minimum SquaredDifference ReluGrad Relu6Grad EluGrad
// SeluGrad, AddN, Cast, and every int32 op. The vectorised math (max ulp measured on 200k
// random and special inputs, all paths -> bound asserted):
//   Exp 1/1 -> 1/1      Expm1 1/2 -> 2/2    Log 1/1 -> 1/1      Log1p 2/2 -> 2/2
//   Tanh 2/4 -> 3/4     Sigmoid 2/2 -> 2/2  Softplus 2/3 -> 3/3 Elu 1/1 -> 2/2
//   Selu 2/2 -> 2/2     Pow 0/1 -> 1/1 (libm pow per lane)

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { NDArray } from '../../src/framework/ndarray.js';
import { getOpDef, type KernelContext } from '../../src/framework/op_def.js';
import { broadcastConcrete } from '../../src/framework/tensor_shape.js';
import { nativeAddon } from '../../src/backend/native/load.js';
import { nativeUnary, nativeBinary, compileFused, runFused, FUSABLE_OPS, type FusedNode } from '../../src/backend/native/kernels_elementwise.js';
import { packDims, type NativeIsa, type NativeArray } from '../../src/backend/native/binding.js';

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

type FDT = 'float32' | 'float64';
const f32v = new Float32Array(1), i32v = new Int32Array(f32v.buffer), f64v = new Float64Array(1), i64v = new BigInt64Array(f64v.buffer);
function ordered(x: number, dt: FDT): bigint {
  if (dt === 'float32') {
    f32v[0] = x;
    const b = i32v[0];
    return BigInt(b < 0 ? -(b & 0x7fffffff) : b);
  }
  f64v[0] = x;
  const b = i64v[0];
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}
/** Distance in ulp; Infinity when NaN-ness or the sign of a zero differ. */
function ulps(a: number, b: number, dt: FDT): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === 0 && b === 0) return Object.is(a, b) ? 0 : Infinity;
  const d = ordered(a, dt) - ordered(b, dt);
  return Number(d < 0n ? -d : d);
}

const TOL: Record<string, [number, number]> = {
  Exp: [1, 1], Expm1: [2, 2], Log: [1, 1], Log1p: [2, 2], Tanh: [3, 4], Sigmoid: [2, 2], Softplus: [3, 3], Elu: [2, 2], Selu: [2, 2], Pow: [1, 1],
};
const tol = (op: string, dt: FDT) => (TOL[op] ? TOL[op][dt === 'float32' ? 0 : 1] : 0);

const UNARY = ['Neg', 'Abs', 'Square', 'Sqrt', 'Rsqrt', 'Reciprocal', 'Exp', 'Expm1', 'Log', 'Log1p', 'Tanh', 'Sigmoid', 'Relu', 'Relu6', 'Elu', 'Selu',
  'Softplus', 'Softsign', 'Sign', 'Floor', 'Ceil', 'Round', 'Rint'];
const BINARY = ['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Div', 'Maximum', 'Minimum', 'SquaredDifference', 'Pow', 'ReluGrad', 'Relu6Grad', 'EluGrad', 'SeluGrad'];
const INT_UNARY = ['Neg', 'Abs', 'Square', 'Relu', 'Relu6', 'Sign', 'Round'];
const INT_BINARY = ['Add', 'AddV2', 'Sub', 'Mul', 'Maximum', 'Minimum', 'SquaredDifference', 'ReluGrad', 'Relu6Grad'];

const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 6, 7, NaN, Infinity, -Infinity, 1e-40, -1e-40, 1e-310, -1e-310, 88.5, 88.8, 89, -87.5, -103.9, -104,
  709.5, 710, -745, -746, 9.5, -9.5, 19, 20, -20, 0.3465, -0.3465, 1e-8, -1e-8, 3e-30, 2 ** -25, 2 ** -60, 8388607.5, -8388609, 4503599627370495.5, 1e300];

function values(dt: FDT, n: number, r: () => number, special = true): NDArray {
  const a = NDArray.zeros(dt, [n]);
  const d = a.data as Float32Array | Float64Array;
  for (let i = 0; i < n; i++) {
    if (special && r() < 0.05) d[i] = SPECIAL[Math.floor(r() * SPECIAL.length)];
    else {
      const wide = r() < 0.3;
      d[i] = (r() < 0.5 ? -1 : 1) * Math.exp((r() * 2 - 1) * (wide ? 40 : 4));
    }
  }
  return a;
}
function intValues(n: number, r: () => number): NDArray {
  const a = NDArray.zeros('int32', [n]);
  const d = a.data as Int32Array;
  const sp = [0, 1, -1, 5, 6, 7, -6, 2 ** 31 - 1, -(2 ** 31), 46340, 46341, 94906265, 94906267, -94906267];
  for (let i = 0; i < n; i++) d[i] = r() < 0.1 ? sp[Math.floor(r() * sp.length)] : r() < 0.5 ? Math.floor(r() * 2 ** 32) - 2 ** 31 : Math.floor(r() * 21) - 10;
  return a;
}
const reshape = (a: NDArray, shape: number[]) => new NDArray(a.dtype, shape, a.data as Float32Array);

const reference = (op: string, xs: NDArray[]) => getOpDef(op)!.kernel(xs, {}, undefined as unknown as KernelContext) as NDArray;

function assertAgree(got: NDArray, want: NDArray, op: string, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  const g = got.data as Float64Array, w = want.data as Float64Array;
  if (got.dtype === 'int32') {
    for (let i = 0; i < w.length; i++) if (g[i] !== w[i]) assert.fail(`${what}: element ${i} is ${g[i]}, want ${w[i]}`);
    return;
  }
  const dt = got.dtype as FDT, t = tol(op, dt);
  for (let i = 0; i < w.length; i++) {
    if (!(ulps(g[i], w[i], dt) <= t)) assert.fail(`${what}: element ${i} is ${g[i]}, want ${w[i]} (${ulps(g[i], w[i], dt)} ulp > ${t})`);
  }
}

function isas(): NativeIsa[] {
  if (!addon) return [];
  const info = addon.info();
  return (['scalar', 'avx2', 'avx512'] as NativeIsa[]).filter(i => i === 'scalar' || (i === 'avx2' && info.avx2) || (i === 'avx512' && info.avx512));
}

const SIZES = [0, 1, 2, 3, 5, 7, 13, 15, 16, 17, 31, 33, 97, 511, 512, 513, 1031, 140001];
const BCAST: [number[], number[]][] = [
  [[], []], [[], [5]], [[5], []], [[1], [7]], [[3, 1], [1, 4]], [[2, 3, 4], [4]], [[2, 1, 4], [3, 1]], [[7, 1, 5, 1], [1, 6, 1, 3]],
  [[0, 3], [3]], [[4, 0], [1]], [[2, 3, 5], [2, 3, 5]], [[1, 1, 17], [13, 1, 1]], [[300, 517], [517]], [[300, 517], [300, 1]],
  [[2, 1, 3, 1, 2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 2, 1, 2, 1]], [[520, 3], [1, 3]], [[1000, 140], [1000, 140]],
];

describe('native elementwise vs reference', { skip }, () => {
  const original = addon?.info();
  after(() => {
    if (addon && original) {
      addon.setIsa(original.isa);
      addon.setThreads(original.threads);
    }
  });

  for (const isa of isas()) {
    for (const threads of [1, 2]) {
      test(`${isa}, ${threads} thread(s): unary ops, float32 / float64 / int32`, () => {
        addon!.setIsa(isa);
        addon!.setThreads(threads);
        const r = rng(isa.length * 10 + threads);
        for (const dt of ['float32', 'float64'] as FDT[]) {
          for (const n of SIZES) {
            const x = values(dt, n, r);
            if (n <= SPECIAL.length) (x.data as Float64Array).set(SPECIAL.slice(0, n));
            for (const op of UNARY) {
              const got = nativeUnary(op, x);
              assert.ok(got, `${op} ${dt} runs natively`);
              assertAgree(got, reference(op, [x]), op, `${op} ${dt} n=${n}`);
            }
          }
          const sp = NDArray.zeros(dt, [SPECIAL.length]);
          (sp.data as Float64Array).set(SPECIAL);
          for (const op of UNARY) assertAgree(nativeUnary(op, sp)!, reference(op, [sp]), op, `${op} ${dt} special values`);
        }
        for (const n of [0, 1, 5, 17, 100, 140001]) {
          const x = intValues(n, r);
          for (const op of INT_UNARY) assertAgree(nativeUnary(op, x)!, reference(op, [x]), op, `${op} int32 n=${n}`);
        }
      });

      test(`${isa}, ${threads} thread(s): binary ops with broadcasting`, () => {
        addon!.setIsa(isa);
        addon!.setThreads(threads);
        const r = rng(isa.length * 20 + threads);
        for (const [sa, sb] of BCAST) {
          const na = sa.reduce((p, d) => p * d, 1), nb = sb.reduce((p, d) => p * d, 1);
          // large layouts (split over threads) with a few ops: the reference's broadcasting is slow
          const ops = Math.max(na, nb) > 10000 ? ['AddV2', 'Mul', 'Maximum', 'SeluGrad'] : BINARY;
          for (const dt of ['float32', 'float64'] as FDT[]) {
            const a = reshape(values(dt, na, r), sa), b = reshape(values(dt, nb, r), sb);
            for (const op of ops) assertAgree(nativeBinary(op, a, b)!, reference(op, [a, b]), op, `${op} ${dt} [${sa}] vs [${sb}]`);
          }
          const a = reshape(intValues(na, r), sa), b = reshape(intValues(nb, r), sb);
          for (const op of INT_BINARY) assertAgree(nativeBinary(op, a, b)!, reference(op, [a, b]), op, `${op} int32 [${sa}] vs [${sb}]`);
        }
        // every pairing of special values
        for (const dt of ['float32', 'float64'] as FDT[]) {
          const k = SPECIAL.length;
          const a = NDArray.zeros(dt, [k, 1]), b = NDArray.zeros(dt, [1, k]);
          (a.data as Float64Array).set(SPECIAL);
          (b.data as Float64Array).set(SPECIAL);
          for (const op of BINARY) assertAgree(nativeBinary(op, a, b)!, reference(op, [a, b]), op, `${op} ${dt} special x special`);
        }
      });

      test(`${isa}, ${threads} thread(s): fused programs equal the ops run one by one`, () => {
        addon!.setIsa(isa);
        addon!.setThreads(threads);
        fusedRounds(rng(isa.length * 30 + threads), 60);
      });
    }
  }

  test('outputs of 16 MB and more (written with non-temporal stores), every path, in place too', () => {
    const r = rng(77);
    const prog = (dt: FDT) => compileFused({ dtype: dt, nInputs: 2, nodes: [{ op: 'Maximum', args: [0, 1] }, { op: 'Neg', args: [2] }] })!;
    for (const [dt, n] of [['float32', (4 << 20) + 3], ['float64', (2 << 20) + 5]] as [FDT, number][]) {
      const a = values(dt, n, r, false), b = values(dt, n, r, false);
      const wantMul = reference('Mul', [a, b]), want = reference('Neg', [reference('Maximum', [a, b])]);
      for (const isa of isas()) {
        addon!.setIsa(isa);
        assertAgree(nativeBinary('Mul', a, b)!, wantMul, 'exact', `${isa} Mul ${dt} n=${n}`);
        assertAgree(runFused(prog(dt), [a, b], [n]), want, 'exact', `${isa} fused ${dt} n=${n}`);
        const b2 = new NDArray(dt, [n], (b.data as Float64Array).slice());
        const ctx = { forwardInput: (i: number) => (i === 1 ? b2 : null) } as unknown as KernelContext;
        const got = runFused(prog(dt), [a, b2], [n], ctx);
        assert.equal(got.data, b2.data);
        assertAgree(got, want, 'exact', `${isa} fused in place ${dt} n=${n}`);
      }
    }
    addon!.setIsa(original!.isa);
  });

  test('incompatible shapes and unsupported dtypes are not handled natively (the reference throws TF\'s error)', () => {
    const a = NDArray.zeros('float32', [2, 3]), b = NDArray.zeros('float32', [4]);
    assert.equal(nativeBinary('Add', a, b), null);
    assert.equal(nativeUnary('Exp', NDArray.zeros('int32', [3])), null);
    assert.equal(nativeBinary('Div', NDArray.zeros('int32', [3]), NDArray.zeros('int32', [3])), null);
    assert.equal(nativeBinary('Add', NDArray.zeros('float32', [3]), NDArray.zeros('float64', [3])), null);
  });

  test('in place: out === an input gives the out-of-place result', () => {
    const r = rng(5);
    const code = new Map(addon!.ewOps().map(([name], i) => [name, i]));
    for (const n of [1, 7, 513, 140001]) {
      for (const dt of ['float32', 'float64'] as FDT[]) {
        for (const op of ['Exp', 'Tanh', 'Neg', 'Floor']) {
          const x = values(dt, n, r), want = nativeUnary(op, x)!;
          addon!.ewUnary(code.get(op)!, x.data as NativeArray, x.data as NativeArray, 0);
          assertAgree(x, want, 'exact', `${op} in place n=${n}`);
        }
        for (const op of ['Sub', 'RealDiv', 'Pow']) {
          for (const which of [0, 1]) {
            const a = values(dt, n, r), b = values(dt, n, r), want = nativeBinary(op, a, b)!;
            const out = which === 0 ? a : b;
            addon!.ewBinary(code.get(op)!, a.data as NativeArray, b.data as NativeArray, out.data as NativeArray, packDims([n], [n]), 0);
            assertAgree(out, want, 'exact', `${op} in place into input ${which} n=${n}`);
          }
        }
        // a program whose output is its first (full-size) input, beside a broadcast one
        const x = reshape(values(dt, n * 3, r), [n, 3]), bias = reshape(values(dt, 3, r), [3]);
        const prog = compileFused({ dtype: dt, nInputs: 2, nodes: [{ op: 'Add', args: [0, 1] }, { op: 'Tanh', args: [2] }, { op: 'Mul', args: [3, 0] }] })!;
        const want = runFused(prog, [x, bias], [n, 3]);
        const ctx = { forwardInput: (i: number) => (i === 0 ? x : null) } as unknown as KernelContext;
        const got = runFused(prog, [x, bias], [n, 3], ctx);
        assert.equal(got.data, x.data, 'the program wrote into its input');
        assertAgree(got, want, 'exact', `program in place n=${n}`);
      }
    }
    // partial overlap is refused
    const buf = new Float32Array(20);
    assert.throws(() => addon!.ewUnary(code.get('Exp')!, buf.subarray(0, 10), buf.subarray(5, 15), 0), RangeError);
    assert.throws(() => addon!.ewBinary(code.get('Add')!, buf.subarray(0, 1), buf.subarray(0, 10), buf.subarray(0, 10), packDims([1], [10]), 0), RangeError);
  });

  test('AddN and Cast agree exactly with the reference', () => {
    const r = rng(11);
    for (const n of [0, 1, 17, 513, 140001]) {
      for (const dt of ['float32', 'float64', 'int32'] as const) {
        for (const k of [1, 2, 3, 7]) {
          const xs = Array.from({ length: k }, () => (dt === 'int32' ? intValues(n, r) : values(dt, n, r)));
          const want = reference('AddN', xs);
          const got = nativeAddN(xs);
          assertAgree(got, want, 'exact', `AddN ${dt} k=${k} n=${n}`);
        }
      }
      const big = [3e9, -3e9, 2 ** 31, -(2 ** 31) - 1, 1e20, -1e20, 2.9, -2.9, 0.5, -0.5, NaN, Infinity, -Infinity, 1e-40, -0, 2 ** 53 + 2];
      for (const from of ['float32', 'float64', 'int32'] as const) {
        const x = from === 'int32' ? intValues(n, r) : values(from, n, r);
        if (from !== 'int32' && n >= big.length) (x.data as Float64Array).set(big);
        for (const to of ['float32', 'float64', 'int32'] as const) {
          const want = getOpDef('Cast')!.kernel([x], { SrcT: from, DstT: to, Truncate: false }, undefined as unknown as KernelContext) as NDArray;
          const out = NDArray.zeros(to, [n]);
          addon!.ewCast(x.data as NativeArray, out.data as NativeArray, 0);
          assertAgree(out, want, 'exact', `Cast ${from} -> ${to} n=${n}`);
        }
      }
    }
  });

  test('gradient ops without an OpDef here (SqrtGrad, ...) give real TF\'s values', () => {
    // tf.raw_ops.*Grad in TensorFlow 2.21, float32: (y, dy) = ([0, 2, inf, 0], [0, 3, 0, 1])
    const y = new NDArray('float32', [4], new Float32Array([0, 2, Infinity, 0])), dy = new NDArray('float32', [4], new Float32Array([0, 3, 0, 1]));
    const want: Record<string, number[]> = {
      SqrtGrad: [0, 0.75, 0, Infinity], RsqrtGrad: [0, -12, 0, -0], ReciprocalGrad: [0, -12, 0, -0], SigmoidGrad: [0, -6, NaN, 0], TanhGrad: [0, -9, NaN, 1],
    };
    for (const [op, w] of Object.entries(want)) {
      for (const dt of ['float32', 'float64'] as FDT[]) {
        const cast = (x: NDArray) => new NDArray(dt, [4], (dt === 'float32' ? Float32Array : Float64Array).from(x.data as Float32Array));
        assertAgree(nativeBinary(op, cast(y), cast(dy))!, new NDArray(dt, [4], (dt === 'float32' ? Float32Array : Float64Array).from(w)), 'exact', `${op} ${dt}`);
      }
    }
    // (gradients, features) = ([1, 2, -3], [0.5, -100, 100])
    const g = new NDArray('float32', [3], new Float32Array([1, 2, -3])), f = new NDArray('float32', [3], new Float32Array([0.5, -100, 100]));
    const sp = nativeBinary('SoftplusGrad', g, f)!.data as Float32Array, ss = nativeBinary('SoftsignGrad', g, f)!.data as Float32Array;
    assert.deepEqual(Array.from(sp).map(v => Math.fround(v)), [0.62245935, 0, -3].map(Math.fround));
    [4.4444445e-01, 1.9605921e-04, -2.9408882e-04].forEach((v, i) => assert.ok(Math.abs(ss[i] - v) <= 1e-7 * Math.abs(v), `SoftsignGrad ${i}`));
  });

  test('compileFused rejects what the engine cannot run', () => {
    assert.equal(compileFused({ dtype: 'float32', nInputs: 1, nodes: [{ op: 'LeakyRelu', args: [0] }] }), null);
    assert.equal(compileFused({ dtype: 'float32', nInputs: 1, nodes: [{ op: 'Add', args: [0] }] }), null);
    assert.equal(compileFused({ dtype: 'float32', nInputs: 1, nodes: [{ op: 'Exp', args: [1] }] }), null);
    assert.equal(compileFused({ dtype: 'float32', nInputs: 0, nodes: [{ op: 'Exp', args: [0] }] }), null);
    assert.equal(compileFused({ dtype: 'int32' as FDT, nInputs: 1, nodes: [{ op: 'Exp', args: [0] }] }), null);
    assert.equal(compileFused({ dtype: 'float32', nInputs: 1, nodes: [] }), null);
    assert.ok(compileFused({ dtype: 'float64', nInputs: 2, nodes: [{ op: 'SigmoidGrad', args: [0, 1] }] }));
    for (const op of FUSABLE_OPS) assert.ok(getOpDef(op) || /Grad$|^Inv$/.test(op), `${op} is an op type`);
  });

  test('fuzz: random bad arguments throw TypeError / RangeError and never write outside out', () => {
    fuzz(rng(2024), 10000);
  });
});

function nativeAddN(xs: NDArray[]): NDArray {
  const out = NDArray.zeros(xs[0].dtype, xs[0].shape);
  addon!.ewAddN(xs.map(x => x.data as NativeArray), out.data as NativeArray, 0);
  return out;
}

// ---- fused programs ----------------------------------------------------------------------------

const FUSE_UNARY = UNARY.filter(o => o !== 'Rint');
const FUSE_BINARY = BINARY;

function broadcastTo(x: NDArray, shape: number[]): NDArray {
  const n = shape.reduce((p, d) => p * d, 1);
  const out = NDArray.zeros(x.dtype, shape);
  const o = out.data as Float64Array, d = x.data as Float64Array;
  const r = shape.length, xr = x.rank;
  for (let i = 0; i < n; i++) {
    let rem = i, src = 0, stride = 1;
    for (let k = r - 1; k >= 0; k--) {
      const idx = rem % shape[k];
      rem = (rem - idx) / shape[k];
      const xk = k - (r - xr);
      if (xk >= 0) {
        if (x.shape[xk] !== 1) src += idx * stride;
        stride *= x.shape[xk];
      }
    }
    o[i] = d[src];
  }
  return out;
}

function randomShapes(r: () => number, k: number): { out: number[]; ins: number[][] } {
  const rank = Math.floor(r() * 4);
  const big = r() < 0.15;
  const out = Array.from({ length: rank }, (_, i) => (big && i === rank - 1 ? 1000 + Math.floor(r() * 400) : [1, 2, 3, 5, 7, 17, 31][Math.floor(r() * 7)]));
  if (big && rank === 0) out.push(140001);
  if (r() < 0.05 && out.length) out[0] = 0;
  const ins = Array.from({ length: k }, (_, i) => {
    if (i === 0) return [...out];  // the first input has the output's shape
    const drop = Math.floor(r() * (out.length + 1));
    return out.slice(drop).map(d => (r() < 0.4 ? 1 : d));
  });
  return { out, ins };
}

function fusedRounds(r: () => number, rounds: number): void {
  for (let round = 0; round < rounds; round++) {
    const dt: FDT = r() < 0.5 ? 'float32' : 'float64';
    const nIn = 1 + Math.floor(r() * 4);
    const nNodes = 1 + Math.floor(r() * 8);
    const exactOnly = round % 3 === 0;
    const unary = exactOnly ? ['Neg', 'Abs', 'Square', 'Relu', 'Floor', 'Sign'] : FUSE_UNARY;
    const binary = exactOnly ? ['Add', 'Sub', 'Mul', 'Maximum', 'Minimum', 'ReluGrad'] : FUSE_BINARY;
    const nodes: FusedNode[] = [];
    for (let k = 0; k < nNodes; k++) {
      const pickArg = () => (k > 0 && r() < 0.6 ? nIn + k - 1 - Math.floor(r() * Math.min(k, 3)) : Math.floor(r() * (nIn + k)));
      if (r() < 0.45) nodes.push({ op: unary[Math.floor(r() * unary.length)], args: [pickArg()] });
      else nodes.push({ op: binary[Math.floor(r() * binary.length)], args: [pickArg(), pickArg()] });
    }
    const { out, ins } = randomShapes(r, nIn);
    const inputs = ins.map(s => reshape(values(dt, s.reduce((p, d) => p * d, 1), r, false), s));
    const prog = compileFused({ dtype: dt, nInputs: nIn, nodes });
    assert.ok(prog, `compiles: ${JSON.stringify(nodes)}`);
    const got = runFused(prog, inputs, out);
    // one op at a time: natively and through the reference kernels
    const vals: NDArray[] = [...inputs], refs: NDArray[] = [...inputs];
    for (const nd of nodes) {
      const xs = nd.args.map(a => vals[a]), rs = nd.args.map(a => refs[a]);
      vals.push(xs.length === 1 ? nativeUnary(nd.op, xs[0])! : nativeBinary(nd.op, xs[0], xs[1])!);
      refs.push(reference(nd.op, rs));
    }
    const what = `${dt} ${JSON.stringify(nodes.map(n => [n.op, ...n.args]))} out [${out}] ins ${JSON.stringify(ins)}`;
    const seq = broadcastTo(vals[vals.length - 1], out);
    assertAgree(got, seq, 'exact', `fused vs one by one: ${what}`);
    if (exactOnly) assertAgree(got, broadcastTo(refs[refs.length - 1], out), 'exact', `fused vs reference: ${what}`);
  }
}

// ---- fuzz --------------------------------------------------------------------------------------

const GUARD = 16;
function guarded(ctor: Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor, n: number): { view: NativeArray; whole: NativeArray } {
  const whole = new ctor(n + 2 * GUARD).fill(77);
  return { view: whole.subarray(GUARD, GUARD + n), whole };
}
const intact = (whole: NativeArray, n: number) => {
  for (let i = 0; i < GUARD; i++) if (whole[i] !== 77 || whole[GUARD + n + i] !== 77) return false;
  return true;
};

function fuzz(r: () => number, rounds: number): void {
  const nOps = addon!.ewOps().length;
  const ctors = [Float32Array, Float64Array, Int32Array] as const;
  const weird = (): unknown => {
    const c = [undefined, null, 'x', 1.5, -1, NaN, 2 ** 60, {}, [], [1, 2], new Uint8Array(4), new Int16Array(3), new Float32Array(0), 1e300, -0, 64, 65];
    return c[Math.floor(r() * c.length)];
  };
  const num = (lo: number, hi: number): number => (r() < 0.15 ? (weird() as number) : lo + Math.floor(r() * (hi - lo + 1)));
  const shape = (): number[] => Array.from({ length: Math.floor(r() * 4) }, () => (r() < 0.05 ? -1 : r() < 0.05 ? 0.5 : Math.floor(r() * 4)));
  const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
  for (let round = 0; round < rounds; round++) {
    const ctor = ctors[Math.floor(r() * 3)], octor = r() < 0.9 ? ctor : ctors[Math.floor(r() * 3)];
    const sa = shape(), sb = r() < 0.5 ? sa : shape();
    const so = broadcastConcrete(sa.map(d => Math.max(0, Math.floor(d))), sb.map(d => Math.max(0, Math.floor(d)))) ?? [3];
    const lenOf = (s: number[]) => (r() < 0.1 ? Math.floor(r() * 8) : Math.max(0, Math.floor(size(s.map(d => Math.max(0, d))))));
    const a = guarded(ctor, lenOf(sa)), b = guarded(ctor, lenOf(sb));
    const no = lenOf(so), out = guarded(octor, no);
    const arg = <T>(x: T): unknown => (r() < 0.05 ? weird() : x);
    const dims = new Float64Array([sa.length, sb.length, ...sa, ...sb]);
    if (r() < 0.1) dims[Math.floor(r() * dims.length)] = [NaN, -1, 1e20, 0.5, 19][Math.floor(r() * 5)];
    const which = Math.floor(r() * 6);
    try {
      const f = addon as unknown as Record<string, (...xs: unknown[]) => unknown>;
      switch (which) {
        case 0: f.ewUnary(arg(num(0, nOps)), arg(a.view), arg(r() < 0.1 ? a.view : out.view), arg(num(0, 3))); break;
        case 1: f.ewBinary(arg(num(0, nOps)), arg(a.view), arg(b.view), arg(out.view), arg(r() < 0.9 ? dims : new Float32Array(4)), arg(num(0, 3))); break;
        case 2: {
          const nIn = num(0, 3);
          const code = new Int32Array([nIn, 2, num(0, nOps), num(-1, 3), num(-1, 3), num(0, nOps), num(-1, 4), num(-1, 4)]);
          if (r() < 0.1) code[1] = num(-2, 200);
          const pdims = new Float64Array([so.length, ...so, sa.length, ...sa, sb.length, ...sb, sa.length, ...sa]);
          f.ewProgram(arg(code), arg([a.view, b.view, a.view].slice(0, Math.max(0, Math.min(3, nIn + (r() < 0.1 ? 1 : 0))))), arg(out.view), arg(pdims.subarray(0, Math.floor(r() * 20))), arg(num(0, 3)));
          break;
        }
        case 3: f.ewAddN(arg([a.view, r() < 0.5 ? b.view : a.view]), arg(out.view), arg(num(0, 3))); break;
        case 4: f.ewCast(arg(a.view), arg(out.view), arg(num(0, 3))); break;
        default: f.ewBinary(arg(num(0, nOps)), arg(a.view), arg(b.view), arg(r() < 0.5 ? a.view : b.view), arg(dims)); break;
      }
    } catch (e) {
      assert.ok(e instanceof TypeError || e instanceof RangeError, `round ${round}: threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    }
    assert.ok(intact(out.whole, no) && intact(a.whole, a.view.length) && intact(b.whole, b.view.length), `round ${round}: wrote outside its arrays`);
  }
}

// ---- Session API ---------------------------------------------------------------------------------

describe('Session: backend native vs reference on elementwise graphs', { skip }, () => {
  test('float32 and float64 graphs give the same values (within the ulp bounds)', () => {
    for (const dtype of ['float32', 'float64'] as FDT[]) {
      const g = new tf.Graph();
      const fetches = g.asDefault(() => {
        const x = tf.placeholder(dtype, [null, 5], { name: 'x' });
        const b = tf.constant([0.5, -1, 2, 0, -0.25], dtype === 'float32' ? 'float32' : 'float64');
        const h = tf.add(tf.mul(x, 1.5), b);
        const outs = [
          tf.nn.relu(h), tf.nn.relu6(h), tf.nn.elu(h), tf.nn.selu(h), tf.sigmoid(h), tf.tanh(h), tf.exp(h), tf.log1p(tf.abs(h)),
          tf.maximum(h, x), tf.minimum(h, 0.5), tf.squaredDifference(h, x), tf.softplus(h), tf.softsign(h), tf.sqrt(tf.abs(h)),
          tf.round(h), tf.floor(h), tf.ceil(h), tf.sign(h), tf.addN([h, x, tf.mul(x, 2)]), tf.cast(tf.cast(tf.mul(h, 100), 'int32'), dtype),
          tf.realDiv(x, h), tf.pow(tf.abs(h), x), tf.square(h), tf.negative(h), tf.reciprocal(h), tf.rsqrt(tf.abs(h)),
        ];
        const grads = tf.gradients(tf.reduceSum(tf.add(tf.add(tf.nn.relu(h), tf.nn.elu(h)), tf.nn.selu(h))), [x]);
        return [...outs, ...(grads as tf.Tensor[])];
      });
      const r = rng(dtype.length);
      const xv = Array.from({ length: 7 }, () => Array.from({ length: 5 }, () => (r() - 0.5) * 8));
      const run = (backend: string) => {
        const sess = new tf.Session({ graph: g, backend } as ConstructorParameters<typeof tf.Session>[0]);
        return sess.run(fetches, { 'x:0': xv }) as NDArray[];
      };
      const nat = run('native'), ref = run('reference');
      // one transcendental op on identical inputs is within its ulp bound; gradients chain a few
      // ops, so compare those with a relative + absolute tolerance
      const [rtol, atol] = dtype === 'float32' ? [4e-6, 1e-6] : [1e-14, 1e-14];
      nat.forEach((v, i) => {
        assert.deepEqual(v.shape, ref[i].shape);
        const g = v.data as Float64Array, w = ref[i].data as Float64Array;
        for (let j = 0; j < w.length; j++) {
          const ok = Number.isNaN(w[j]) ? Number.isNaN(g[j]) : g[j] === w[j] || Math.abs(g[j] - w[j]) <= rtol * Math.abs(w[j]) + atol;
          if (!ok) assert.fail(`${dtype} fetch ${i} (${fetches[i].name}) element ${j}: native ${g[j]}, reference ${w[j]}`);
        }
      });
    }
  });
});
