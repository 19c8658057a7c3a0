// Numeric gradient checking in float64 (the idea of JAX's check_grads / check_vjp):
// tf.gradients' result is compared with central differences, run on the reference
// kernels through a Session. Tiny problems compare the full Jacobian; larger ones compare
// random projections: <t, J^T c> (reverse mode) against <J t, c> (central differences
// along t).

import * as tf from '../../src/index.js';
import { gradients } from '../../src/gradients/index.js';

/** One differentiable input: a float64 placeholder with these values. */
export interface GradInput {
  shape: number[];
  /** Explicit values (row-major); otherwise drawn uniformly from `range`. */
  values?: number[];
  /** Default [-1, 1]. */
  range?: [number, number];
  /** Flip the sign of drawn values at random (with a positive range: values away from 0). */
  randomSign?: boolean;
  /** The placeholder's static shape, when it should be less known than `shape` (null = unknown dim). */
  staticShape?: (number | null)[] | null;
}

export interface CheckOptions {
  eps?: number;
  rtol?: number;
  atol?: number;
  seed?: number;
  /** Compare the full Jacobian when inputs and outputs both have at most this many elements. */
  fullJacobianLimit?: number;
  /** Random projections otherwise. */
  projections?: number;
  /** A label for messages. */
  what?: string;
}

export interface CheckResult {
  /** Op types built by `build` (the forward graph). */
  opTypes: Set<string>;
  mode: 'jacobian' | 'projection';
  /** Largest error seen, relative to its tolerance (< 1 passes). */
  worst: number;
}

/** A small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function drawValues(input: GradInput, rand: () => number): number[] {
  if (input.values) {
    if (input.values.length !== sizeOf(input.shape)) throw new Error(`values of length ${input.values.length} for shape [${input.shape}]`);
    return input.values.slice();
  }
  const [lo, hi] = input.range ?? [-1, 1];
  return Array.from({ length: sizeOf(input.shape) }, () => {
    const v = lo + (hi - lo) * rand();
    return input.randomSign && rand() < 0.5 ? -v : v;
  });
}

const f64 = (shape: readonly number[], values: ArrayLike<number>) => new tf.NDArray('float64', shape.slice(), Float64Array.from(values));
const flat = (a: tf.NDArray): number[] => Array.from(a.data as Float64Array);

/**
 * Checks tf.gradients of `build(xs)` against central differences at the given inputs.
 * Outputs that are not float64 are ignored; there must be at least one float64 output.
 */
export function checkGradients(build: (xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[], inputs: GradInput[], opts: CheckOptions = {}): CheckResult {
  const eps = opts.eps ?? 1e-6, rtol = opts.rtol ?? 1e-6, atol = opts.atol ?? 1e-9;
  const rand = rng(opts.seed ?? 1234);
  const what = opts.what ? `${opts.what}: ` : '';
  return tf.withGraph(g => {
    const phs = inputs.map((x, i) => tf.placeholder('float64', x.staticShape === undefined ? x.shape : x.staticShape, `x${i}`));
    const first = g.operations.length;
    const built = build(phs);
    const opTypes = new Set(g.operations.slice(first).map(o => o.type));
    const ys = (Array.isArray(built) ? built : [built]).filter(y => y.dtype === 'float64');
    if (!ys.length) throw new Error(`${what}build() returned no float64 output`);
    const base = inputs.map(x => drawValues(x, rand));
    const sess = new tf.Session({ graph: g });
    const feeds = (vals: number[][]): [tf.Tensor, tf.NDArray][] => phs.map((p, i) => [p, f64(inputs[i].shape, vals[i])]);
    const forward = (vals: number[][]) => sess.run(ys, feeds(vals)).map(flat);
    const first0 = sess.run(ys, feeds(base));
    const y0 = first0.map(flat), yShapes = first0.map(a => a.shape);
    const cs = ys.map((_, i) => tf.placeholder('float64', yShapes[i], `c${i}`));
    const dxs = gradients(ys, phs, cs);
    const fetch = dxs.map((d, i) => d ?? tf.zerosLike(phs[i]));
    const analytic = (c: number[][]) => {
      const cf: [tf.Tensor, tf.NDArray][] = cs.map((p, i) => [p, f64(yShapes[i], c[i])]);
      return sess.run(fetch, [...feeds(base), ...cf]).map(flat);
    };
    const nIn = base.reduce((s, v) => s + v.length, 0), nOut = y0.reduce((s, v) => s + v.length, 0);
    const scale = y0.flat().reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    const limit = opts.fullJacobianLimit ?? 24;
    let worst = 0;
    const judge = (a: number, n: number, mag: number, msg: () => string) => {
      if (!Number.isFinite(a) || !Number.isFinite(n)) throw new Error(`${what}non-finite gradient: ${msg()}`);
      const tol = atol * scale + rtol * Math.max(mag, 1e-3 * scale);
      const r = Math.abs(a - n) / tol;
      worst = Math.max(worst, r);
      if (r > 1) throw new Error(`${what}${msg()} (|diff| ${Math.abs(a - n).toExponential(2)} > tol ${tol.toExponential(2)})`);
    };
    const perturbed = (dir: number[][], h: number) => base.map((v, k) => v.map((x, j) => x + h * dir[k][j]));
    if (nIn <= limit && nOut <= limit) {
      // full Jacobian: columns by central differences, rows by reverse mode with unit c
      const unit = (k: number, j: number) => base.map((v, kk) => v.map((_, jj) => (kk === k && jj === j ? 1 : 0)));
      const numeric: number[][][][] = base.map((v, k) => v.map((_, j) => {
        const plus = forward(perturbed(unit(k, j), eps)), minus = forward(perturbed(unit(k, j), -eps));
        return plus.map((p, o) => p.map((pv, m) => (pv - minus[o][m]) / (2 * eps)));
      }));
      y0.forEach((yv, o) => yv.forEach((_, m) => {
        const c = y0.map((v, oo) => v.map((__, mm) => (oo === o && mm === m ? 1 : 0)));
        const row = analytic(c);
        row.forEach((rv, k) => rv.forEach((a, j) => {
          const n = numeric[k][j][o][m];
          judge(a, n, Math.max(Math.abs(a), Math.abs(n)), () => `d y${o}[${m}] / d x${k}[${j}]: tf.gradients ${a}, numeric ${n}`);
        }));
      }));
      return { opTypes, mode: 'jacobian', worst };
    }
    for (let p = 0; p < (opts.projections ?? 2); p++) {
      const t = base.map(v => v.map(() => rand() * 2 - 1));
      const c = y0.map(v => v.map(() => rand() * 2 - 1));
      const gr = analytic(c);
      let lhs = 0, mag = 0;
      gr.forEach((gv, k) => gv.forEach((a, j) => { lhs += a * t[k][j]; mag += Math.abs(a * t[k][j]); }));
      const plus = forward(perturbed(t, eps)), minus = forward(perturbed(t, -eps));
      let rhs = 0, magN = 0;
      plus.forEach((pv, o) => pv.forEach((v, m) => { const jt = (v - minus[o][m]) / (2 * eps); rhs += jt * c[o][m]; magN += Math.abs(jt * c[o][m]); }));
      judge(lhs, rhs, Math.max(mag, magN), () => `projection ${p}: <t, J^T c> = ${lhs}, <J t, c> = ${rhs}`);
    }
    return { opTypes, mode: 'projection', worst };
  });
}
