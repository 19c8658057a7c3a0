// Shared helpers of the tf.nn / tf.losses tests: the real-TF fixture (test/fixtures/nn.json,
// from tools/gen_nn_fixtures.py), conversion of its arrays, comparison, and graph listings.
// tf.nn and tf.losses are imported from their barrels, so these tests run before and after
// they are wired into src/index.ts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '../../src/index.js';
export * as nn from '../../src/ops/nn/index.js';
export * as losses from '../../src/ops/losses/index.js';

export interface FixArray { shape: number[]; dtype: string; data: (number | string | boolean | null)[] }
export interface FixCase { id: string; op: string; attrs: Record<string, unknown>; inputs: FixArray[]; outputs: FixArray[] }
export interface Fixture {
  tf_version: string;
  cases: FixCase[];
  names: Record<string, [string, string, string[]][]>;
  errors: Record<string, { type: string; message: string } | null>;
}

export const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/nn.json', import.meta.url), 'utf8')) as Fixture;

export function fixCase(id: string): FixCase {
  const c = fixture.cases.find(k => k.id === id);
  if (!c) throw new Error(`no fixture case ${id}`);
  return c;
}

const num = (v: number | string | boolean | null): number =>
  v === null ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : typeof v === 'boolean' ? +v : Number(v);

/** A fixture array as an NDArray of its dtype. */
export function toND(a: FixArray): tf.NDArray {
  const dtype = a.dtype as tf.DType;
  const nd = tf.NDArray.zeros(dtype, a.shape);
  const d = nd.data as unknown as (number | bigint)[];
  a.data.forEach((v, i) => { d[i] = dtype === 'int64' ? BigInt(num(v)) : num(v); });
  return nd;
}

/** A fixture array's values as numbers. */
export const values = (a: FixArray): number[] => a.data.map(num);

/** Flat numbers of an NDArray (bools as 0/1). */
export const flat = (a: tf.NDArray): number[] => Array.from(a.data as ArrayLike<number | bigint>, Number);

/** Tolerance for a dtype: float32 results are compared as float32 computations. */
export const rtolFor = (dtype: string): number => (dtype === 'float32' ? 2e-5 : 1e-10);

/** Asserts |got - want| <= atol + rtol * |want| elementwise (NaN matches NaN, inf matches inf). */
export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, what: string, atol = rtol): void {
  assert.equal(got.length, want.length, `${what}: length ${got.length} vs ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i], w = want[i];
    if (Number.isNaN(w)) { assert.ok(Number.isNaN(g), `${what}[${i}]: got ${g}, want NaN`); continue; }
    if (!Number.isFinite(w)) { assert.equal(g, w, `${what}[${i}]`); continue; }
    assert.ok(Math.abs(g - w) <= atol + rtol * Math.abs(w), `${what}[${i}]: got ${g}, want ${w}`);
  }
}

/** Compares an NDArray with a fixture output: dtype, shape and values. */
export function assertMatches(got: tf.NDArray, want: FixArray, what: string, rtol = rtolFor(want.dtype)): void {
  assert.equal(got.dtype, want.dtype === 'bool' ? 'bool' : want.dtype, `${what}: dtype`);
  assert.deepEqual([...got.shape], want.shape, `${what}: shape`);
  assertClose(flat(got), values(want), rtol, what);
}

/** Node names, types and inputs (with ^control inputs), as TF's GraphDef lists them. */
export function nodes(g: tf.Graph): [string, string, string[]][] {
  return g.operations.map(o => [o.name, o.type, [
    ...o.inputs.map(t => (t.valueIndex ? t.name : t.op.name)),
    ...o.controlInputs.map(c => `^${c.name}`),
  ]]);
}

/** Runs fetches in a fresh session of the default graph. */
export function run<T extends tf.Tensor | tf.Tensor[]>(fetches: T, feeds?: [tf.Tensor, unknown][]): T extends tf.Tensor ? tf.NDArray : tf.NDArray[] {
  const g = Array.isArray(fetches) ? fetches[0].graph : (fetches as tf.Tensor).graph;
  return new tf.Session({ graph: g }).run(fetches as never, (feeds ?? null) as never) as never;
}

export { tf };
