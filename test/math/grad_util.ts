// Shared helpers for the math tests: run a tensor, compare arrays, and check an op's
// gradient rule numerically (central differences in float64) without tf.gradients: the
// rule is called directly, as the gradient driver will call it.

import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';

/** Runs `t` in a fresh session of its graph. */
export function run(t: tf.Tensor, feeds?: [tf.Tensor, unknown][]): tf.NDArray {
  return new tf.Session({ graph: t.graph }).run(t, feeds ?? null);
}

/** Flat values of an NDArray as numbers (complex as [re, im] pairs flattened). */
export function flat(a: tf.NDArray): number[] {
  if (a.dtype === 'complex64') return Array.from(a.data as Float32Array);
  return a.toFlat().map(Number);
}

/** Asserts a ≈ b elementwise with tolerance rtol * max(1, |b|); NaN matches NaN, inf matches inf. */
export function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, rtol = 1e-6, what = ''): void {
  assert.equal(a.length, b.length, `${what} length`);
  for (let i = 0; i < b.length; i++) {
    const x = a[i], y = b[i];
    if (Number.isNaN(y)) { assert.ok(Number.isNaN(x), `${what}[${i}]: got ${x}, want NaN`); continue; }
    if (!Number.isFinite(y)) { assert.equal(x, y, `${what}[${i}]`); continue; }
    assert.ok(Math.abs(x - y) <= rtol * Math.max(1, Math.abs(y)), `${what}[${i}]: got ${x}, want ${y}`);
  }
}

/** Node names, op types and inputs of a graph, as TF's graph_def shows them. */
export function nodes(g: tf.Graph): [string, string, string[]][] {
  return g.operations.map(o => [o.name, o.type, o.inputs.map(t => (t.valueIndex ? t.name : t.op.name))]);
}

/**
 * Checks the gradient rule of the op that produces `build(...)`'s output against central
 * differences. `inputs` are float64 values for placeholders that must be direct inputs of
 * that op; `out` picks the differentiated output. The upstream gradient is a fixed
 * pseudo-random array, so the check covers J^T v for a generic v.
 */
export function checkGrad(build: (xs: tf.Tensor[]) => tf.Tensor, inputs: { shape: number[]; values: number[] }[], opts: { eps?: number; rtol?: number; atol?: number } = {}): void {
  const eps = opts.eps ?? 1e-6, rtol = opts.rtol ?? 1e-6, atol = opts.atol ?? 1e-8;
  tf.withGraph(g => {
    const phs = inputs.map((x, i) => tf.placeholder('float64', x.shape, `x${i}`));
    const y = build(phs);
    const n = y.shape.numElements;
    assert.ok(n !== null, 'output shape must be static');
    const v = Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + 0.3) + 0.5);
    const dy = tf.constant(new tf.NDArray('float64', y.shape.dims as number[], Float64Array.from(v)));
    const grads = y.op.outputs.map(o => (o === y ? dy : null));
    const rule = y.op.def.grad;
    assert.ok(rule, `no gradient rule for ${y.op.type}`);
    const dxs = rule(y.op, grads);
    const sess = new tf.Session({ graph: g });
    const feedsFor = (vals: number[][]) => phs.map((p, i) => [p, new tf.NDArray('float64', inputs[i].shape, Float64Array.from(vals[i]))] as [tf.Tensor, unknown]);
    const base = inputs.map(x => x.values.slice());
    const objective = (vals: number[][]) => {
      const out = flat(sess.run(y, feedsFor(vals)));
      return out.reduce((s, o, i) => s + o * v[i], 0);
    };
    phs.forEach((p, k) => {
      const idx = y.op.inputs.indexOf(p);
      assert.ok(idx >= 0, `placeholder ${k} is not an input of ${y.op.name}`);
      const dx = dxs[idx];
      assert.ok(dx, `gradient for input ${idx} of ${y.op.type} is null`);
      const analytic = flat(sess.run(dx, feedsFor(base)));
      const numeric = base[k].map((_, j) => {
        const plus = base.map(a => a.slice()), minus = base.map(a => a.slice());
        plus[k][j] += eps; minus[k][j] -= eps;
        return (objective(plus) - objective(minus)) / (2 * eps);
      });
      for (let j = 0; j < numeric.length; j++) {
        const ok = Math.abs(analytic[j] - numeric[j]) <= atol + rtol * Math.max(1, Math.abs(numeric[j]));
        assert.ok(ok, `${y.op.type} d/dx${k}[${j}]: rule ${analytic[j]}, numeric ${numeric[j]}`);
      }
    });
  });
}
