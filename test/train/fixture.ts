// Loads test/fixtures/train.json (tools/gen_train_fixtures.py, real TF) and builds the same
// problems and optimizers in tensorgraph.

import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import * as train from '../../src/train/index.js';

export interface Value { dtype: string; shape: number[]; values: number[] }
export interface Step { loss: number; grads: Value[]; values: Value[] }
export interface OptSpec { cls: keyof typeof train; args: unknown[] }
export interface Trajectory {
  config: string; problem: 'lsq' | 'quad'; dtype: 'float32' | 'float64'; opt: OptSpec;
  train_op: [string, string]; slot_names: string[]; slots: Record<string, { name: string; value: Value }>;
  variables: string[]; steps: Step[];
}
export interface GraphCase {
  config: string; global_step: boolean; opt: OptSpec; train_op: [string, string];
  nodes: [string, string, string[]][]; global_variables: string[]; train_op_collection: string[];
}
export interface Schedule { fn: string; args: unknown[]; kwargs: Record<string, unknown>; steps: number[]; values: number[]; name: string; dtype: string }
export interface Fixture {
  problems: { lsq: Record<string, Value>; quad: Record<string, Value> };
  trajectories: Trajectory[]; graphs: GraphCase[]; schedules: Record<string, Schedule>;
}

export const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/train.json', import.meta.url), 'utf8')) as Fixture;

export function nd(v: Value, dtype: string = v.dtype): tf.NDArray {
  const data = dtype === 'float64' ? Float64Array.from(v.values) : Float32Array.from(v.values);
  return new tf.NDArray(dtype as 'float32', v.shape, data as Float32Array);
}

export function makeOptimizer(spec: OptSpec): train.Optimizer {
  const Ctor = train[spec.cls] as unknown as new (...a: unknown[]) => train.Optimizer;
  return new Ctor(...spec.args);
}

export interface Problem { vars: tf.Variable[]; loss: tf.Tensor; feeds: [tf.Tensor, tf.NDArray][] }

/** The fixture's problem in the default graph: variables named as in TF, the same loss. */
export function buildProblem(name: 'lsq' | 'quad', dtype: 'float32' | 'float64' = 'float32'): Problem {
  const p = fixture.problems;
  if (name === 'lsq') {
    const x = tf.placeholder(dtype, [null, 3], 'x');
    const y = tf.placeholder(dtype, [null, 1], 'y');
    const w = new tf.Variable(nd(p.lsq.W0, dtype), { name: 'W' });
    const b = new tf.Variable(nd(p.lsq.b0, dtype), { name: 'b' });
    const loss = tf.reduceMean(tf.square(tf.matmul(x, w).add(b).sub(y)));
    return { vars: [w, b], loss, feeds: [[x, nd(p.lsq.x, dtype)], [y, nd(p.lsq.y, dtype)]] };
  }
  const v = new tf.Variable(nd(p.quad.v0, dtype), { name: 'v' });
  const loss = tf.reduceSum(tf.multiply(nd(p.quad.scale, dtype), tf.square(v.sub(nd(p.quad.target, dtype)))));
  return { vars: [v], loss, feeds: [] };
}

/** |a - b| <= atol + rtol * |b| elementwise, with a message naming the element. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = 1e-5, atol = 1e-6): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]), e = Number(expected[i]);
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      assert.fail(`${what}[${i}]: got ${a}, expected ${e} (TF)\n  got      ${Array.from(actual).join(', ')}\n  expected ${Array.from(expected).join(', ')}`);
    }
  }
}

export const values = (a: tf.NDArray): number[] => Array.from(a.data as ArrayLike<number>, Number);
