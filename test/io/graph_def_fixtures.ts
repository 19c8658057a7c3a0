// Shared by the GraphDef / MetaGraphDef tests: the fixtures real TF wrote
// (tools/gen_graphdef_fixtures.py), value helpers, the programs we rebuild with our API, and
// the local TensorFlow venv for conformance tests.
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import * as tf from '../../src/index.js';
import { toNDArray } from '../../src/framework/ndarray.js';
import type { DType } from '../../src/framework/dtypes.js';

export type Enc = number | string | boolean | Enc[];
export interface Value { dtype: DType; shape: number[]; values: Enc[] }
export interface GraphRecord { feeds: Record<string, Value>; init: string | null; fetches: Record<string, Value> }
export interface MetaRecord {
  variables: string[]; trainable: string[]; local?: string[]; collections: string[]; feeds: Record<string, Value>; init: string;
  saver_def: Record<string, unknown> | null; fetches?: Record<string, Value>; values?: Record<string, Value>;
  trained?: { fetches: Record<string, Value>; variables: Record<string, Value> };
}

export const FIXTURES = new URL('../../../test/fixtures/graphdefs/', import.meta.url);
export const fixturePath = (name: string): string => fileURLToPath(new URL(name, FIXTURES));
export const readFixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));
export const manifest = JSON.parse(readFileSync(new URL('manifest.json', FIXTURES), 'utf8')) as {
  tf_version: string; producer: number; graphs: Record<string, GraphRecord>; meta: Record<string, MetaRecord>;
};

const num = (v: Enc): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

/** A fixture value as an NDArray. */
export function toArray(v: Value): tf.NDArray {
  if (v.dtype === 'int64') return new tf.NDArray('int64', v.shape, BigInt64Array.from(v.values.map(x => BigInt(x as string))));
  if (v.dtype === 'complex64') return new tf.NDArray('complex64', v.shape, Float32Array.from((v.values as Enc[][]).flat().map(num)));
  const flat = v.dtype === 'string' || v.dtype === 'bool' ? v.values : v.values.map(num);
  return toNDArray(flat as never, v.dtype, false).reshape(v.shape);
}

/** Values equal within a relative tolerance (floats), exactly otherwise. */
export function assertMatches(got: tf.NDArray, want: Value, what: string, rtol = 1e-5): void {
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assert.deepEqual([...got.shape], want.shape, `${what}: shape`);
  const exp = toArray(want).toFlat();
  got.toFlat().forEach((g, i) => {
    const e = exp[i];
    if (typeof g === 'number' && typeof e === 'number') {
      assert.ok(Object.is(g, e) || Math.abs(g - e) <= rtol * Math.max(1, Math.abs(e)), `${what}[${i}]: got ${g}, expected ${e}`);
    } else if (typeof g === 'object' && typeof e === 'object') {
      assert.ok(Math.abs(g.re - e.re) <= rtol && Math.abs(g.im - e.im) <= rtol, `${what}[${i}]: got ${JSON.stringify(g)}, expected ${JSON.stringify(e)}`);
    } else assert.equal(g, e, `${what}[${i}]`);
  });
}

/** Runs a fixture's fetches in graph g (names relative to `prefix`) and checks TF's numbers. */
export function checkRecord(g: tf.Graph, rec: GraphRecord, prefix = ''): void {
  const sess = new tf.Session({ graph: g });
  if (rec.init) sess.run(g.getOperationByName(prefix + rec.init));
  const feeds = Object.entries(rec.feeds).map(([k, v]) => [g.getTensorByName(prefix + k), toArray(v)] as [tf.Tensor, tf.NDArray]);
  const names = Object.keys(rec.fetches);
  const outs = sess.run(names.map(n => g.getTensorByName(prefix + n)), feeds) as tf.NDArray[];
  names.forEach((n, i) => assertMatches(outs[i], rec.fetches[n], n));
  sess.close();
}

// ---- the fixtures' programs, written with our API --------------------------------------------

export function buildSeed(): void {
  const a = tf.placeholder('int16', null, 'a');
  const b = tf.placeholder('int16', null, 'b');
  tf.add(tf.add(a, b), tf.multiply(a, b));
}

export function buildSeedConst(): void {
  const a = tf.constant(2);
  const b = tf.constant(3);
  tf.operator.add(tf.operator.add(a, b), tf.operator.mul(a, b));
}

export const X3 = [[0.5, -1.0, 2.0], [1.5, 0.3, -0.7], [-0.2, 0.8, 1.1], [2.0, -0.5, 0.4]];
export const W0 = [[0.1, 0.4], [-0.2, 0.5], [0.3, -0.6]];
export const B0 = [0.05, -0.1];

export function buildLinear(): void {
  const x = tf.placeholder('float32', [null, 3], 'x');
  tf.nameScope('linear', () => {
    const w = new tf.Variable(W0, { name: 'W', dtype: 'float32' });
    const b = new tf.Variable(B0, { name: 'b', dtype: 'float32' });
    tf.add(tf.matmul(x, w), b, { name: 'y' });
  });
  tf.globalVariablesInitializer();
}

export function buildScopes(): void {
  let globalStep!: tf.Variable, totalOutput!: tf.Variable;
  tf.nameScope('variables', () => {
    globalStep = new tf.Variable(0, { dtype: 'int32', trainable: false, name: 'global_step' });
    totalOutput = new tf.Variable(0, { dtype: 'float32', trainable: false, name: 'total_output' });
  });
  let output!: tf.Tensor;
  tf.nameScope('transformation', () => {
    const a = tf.nameScope('input', () => tf.placeholder('float32', [null], 'input_placeholder_a'));
    const [b, c] = tf.nameScope('intermediate_layer', () => [tf.reduceProd(a, { name: 'product_b' }), tf.reduceSum(a, { name: 'sum_c' })]);
    output = tf.nameScope('output', () => tf.add(b, c, { name: 'output' }));
  });
  const [updateTotal, incrementStep] = tf.nameScope('update', () => [totalOutput.assignAdd(output), globalStep.assignAdd(1)]);
  tf.nameScope('summaries', () => tf.div(updateTotal, tf.cast(incrementStep, 'float32'), { name: 'average' }));
  tf.nameScope('global_ops', () => tf.globalVariablesInitializer());
}

/** The zoo graph: many op types and attrs, each output behind an Identity named as in the fixture. */
export function buildZoo(): void {
  const out = (t: tf.Tensor, name: string) => tf.identity(t, name);
  const x = tf.placeholder('float32', [2, 3], 'x');
  const m = tf.constant(new tf.NDArray('float32', [3, 4], Float32Array.from({ length: 12 }, (_, i) => i)), { name: 'm' });
  out(tf.transpose(x), 'transpose');
  out(tf.reshape(x, [3, 2]), 'reshape');
  out(tf.concat([x, x], 1), 'concat');
  out(tf.stack([x, x], 1), 'stack');
  out(tf.unstack(x, { axis: 1 })[2], 'unstack');
  out(x.index('1:', '::2'), 'strided');
  out(x.index(':', 1), 'strided_shrink');
  out(tf.reduceMean(x, { axis: 1, keepDims: true }), 'mean_keep');
  out(tf.reduceMax(x, { axis: 0 }), 'max');
  out(tf.argMax(x, 1), 'argmax');
  out(tf.argMin(x, 0, { outputType: 'int32' }), 'argmin');
  out(tf.cast(x, 'int32'), 'cast');
  out(tf.oneHot([0, 2, 1], 3, { onValue: 5, offValue: -1, dtype: 'float32', axis: 0 }), 'one_hot');
  out(tf.tile(x, [2, 1]), 'tile');
  out(tf.pad(x, [[1, 0], [0, 2]]), 'pad');
  out(tf.pad(x, [[1, 1], [0, 1]], 'REFLECT'), 'mirror_pad');
  out(tf.gather(x, [2, 0], { axis: 1 }), 'gather');
  out(tf.squeeze(tf.expandDims(x, 0), [0]), 'squeeze');
  out(tf.split(x, 3, 1)[1], 'split');
  out(tf.split(x, [1, 2], 1)[1], 'splitv');
  out(tf.cumsum(x, 1, { exclusive: true, reverse: true }), 'cumsum');
  out(tf.matmul(x, m), 'matmul');
  out(tf.matmul(m, m, { transposeA: true }), 'matmul_ta');
  out(tf.matmul(tf.stack([x, x]), tf.stack([x, x]), { adjointB: true }), 'batch_matmul');
  out(tf.where(tf.greater(x, 0), x, tf.negative(x)), 'where');
  out(tf.logicalAnd(tf.greater(x, 0), tf.less(x, 1.0)), 'logical');
  out(tf.range(1, 10, 3), 'range');
  out(tf.fill([2, 2], 7), 'fill');
  out(tf.zerosLike(x), 'zeros_like');
  out(tf.shape(x), 'shape');
  out(tf.size(x, { outType: 'int64' }), 'size');
  out(tf.rank(x), 'rank');
  out(tf.clipByValue(x, -0.5, 0.5), 'clip');
  out(tf.topK(tf.reshape(x, [-1]), 2).indices, 'top_k');
  out(tf.sqrt(tf.abs(x)).add(tf.exp(x).mul(tf.square(x))).sub(tf.sigmoid(x).div(tf.tanh(x.add(2.0)))), 'elementwise');
  out(tf.pow(tf.abs(x), 2.5), 'pow');
  out(tf.floordiv(tf.constant([7, -7]), 2), 'floordiv');
  out(tf.floormod(tf.constant([7, -7]), 3), 'floormod');
  out(tf.reverse(x, [1]), 'reverse');
  out(tf.slice(x, [0, 1], [2, 2]), 'slice');
  out(tf.addN([x, x, x]), 'add_n');
  out(tf.constant([2n ** 40n + 1n, -3n], 'int64'), 'int64_const');
  out(tf.constant([1.5, -2.25, 65504.0], 'float16'), 'half_const');
  out(tf.constant([true, false, true]), 'bool_const');
  out(tf.constant(['a', 'bc', '']), 'string_const');
  out(tf.constant([1, 255], 'uint8'), 'uint8_const');
  out(tf.constant([1, 65535], 'uint16'), 'uint16_const');
  out(tf.constant([1, -128], 'int8'), 'int8_const');
  out(tf.constant(1.5, { shape: [2, 3] }), 'filled_const');
  out(tf.constant([1.0, 2.0], 'float64'), 'double_const');
  out(tf.complex(tf.constant([1.0, 2.0], 'float32'), tf.constant([0.5, -1.0])), 'complex');
  out(tf.constant([[{ re: 1, im: 2 }, { re: 3, im: -4 }]], 'complex64'), 'complex_const');
}

// ---- real TensorFlow -----------------------------------------------------------------------

export const VENV_PYTHON = fileURLToPath(new URL('../../../.venv-tf/bin/python', import.meta.url));

/** Why real-TF conformance tests cannot run here, or null when they can. */
export function tfMissing(): string | null {
  if (!existsSync(VENV_PYTHON)) return `real TensorFlow is not installed (${VENV_PYTHON} is missing); conformance with TF skipped`;
  const r = spawnSync(VENV_PYTHON, ['-c', 'import tensorflow'], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
  if (r.error || r.status !== 0) return 'the .venv-tf python cannot import tensorflow; conformance with TF skipped';
  return null;
}

/** Runs a Python script in the TF venv; returns its stdout's last line parsed as JSON. */
export function runTF(script: string, args: string[] = []): unknown {
  const r = spawnSync(VENV_PYTHON, ['-c', script, ...args], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr.split('\n').filter(l => !/^(W|I)0000|WARNING|deprecat|Instructions/.test(l)).slice(-25).join('\n')}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** Python helper printed by the conformance scripts: a numpy value in the fixtures' encoding. */
export const PY_VALUE = `
import json, math
import numpy as np
def enc_float(x):
    x = float(x)
    return 'nan' if math.isnan(x) else ('inf' if x == math.inf else '-inf' if x == -math.inf else x)
def value(a):
    a = np.asarray(a)
    flat = a.reshape(-1)
    names = {'float16': 'float16', 'float32': 'float32', 'float64': 'float64', 'int8': 'int8', 'int16': 'int16', 'int32': 'int32',
             'int64': 'int64', 'uint8': 'uint8', 'uint16': 'uint16', 'bool': 'bool', 'complex64': 'complex64'}
    if a.dtype.kind in 'SUO':
        return {'dtype': 'string', 'shape': list(a.shape), 'values': [v.decode() if isinstance(v, bytes) else str(v) for v in flat]}
    n = names[a.dtype.name]
    if n == 'int64': vals = [str(int(v)) for v in flat]
    elif n == 'bool': vals = [bool(v) for v in flat]
    elif n == 'complex64': vals = [[enc_float(v.real), enc_float(v.imag)] for v in flat]
    elif a.dtype.kind == 'f': vals = [enc_float(v) for v in flat]
    else: vals = [int(v) for v in flat]
    return {'dtype': n, 'shape': list(a.shape), 'values': vals}
`;

/** Our value in the fixtures' encoding (for comparisons with what TF computes). */
export function encodeValue(a: tf.NDArray): Value {
  const values = a.toFlat().map((v): Enc => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'object') return [v.re, v.im];
    if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    return v;
  });
  return { dtype: a.dtype, shape: [...a.shape], values };
}

/** vars.meta's program: scoped, non-trainable and local variables, custom collections. */
export function buildVars(): void {
  const x = tf.placeholder('float32', [null, 3], 'x');
  const [w, b] = tf.variableScope('layer', () => [
    tf.getVariable('w', undefined, { initializer: tf.constant(W0, 'float32') }),
    tf.getVariable('b', [2], { initializer: tf.zerosInitializer() }),
  ]);
  const scale = new tf.Variable(2, { name: 'scale', dtype: 'float32', trainable: false });
  new tf.Variable(7, { name: 'steps', dtype: 'int64', trainable: false });
  new tf.Variable([1, 2, 3], { name: 'local', collections: [tf.GraphKeys.LOCAL_VARIABLES] });
  const y = tf.multiply(tf.operator.add(tf.matmul(x, w), b), scale, { name: 'y' });
  tf.addToCollection('outputs', y);
  tf.addToCollection('outputs', y.op);
  tf.addToCollection('sizes', 3);
  tf.addToCollection('rates', 0.5);
  tf.addToCollection('labels', 'cat');
  tf.group([tf.globalVariablesInitializer(), tf.localVariablesInitializer()], { name: 'init_all' });
}
