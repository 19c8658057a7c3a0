// Error classes and messages against real TensorFlow (test/fixtures/errors.json, from
// tools/gen_fixtures.py). Each case is a port of the fixture's Python snippet; our message
// must contain TF's essential text (up to where TF prints its internal NodeDef dump, which
// we replace with the node's name, op and input shapes).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '../src/index.js';

interface Case { id: string; class: string | null; core: string | null; phase: string | null }
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/errors.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** The part of TF's message we reproduce verbatim. */
function essential(core: string): string {
  return core
    .split(" for '{{node")[0]
    .split(' not in list of allowed values')[0]
    .split(' Originally defined at:')[0]
    .split(' (graphs are <')[0];
}

const run = (fetch: unknown, feed?: unknown): unknown => tf.withSession(sess => (sess.run as (f: unknown, d?: unknown) => unknown).call(sess, fetch, feed));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const T = tf as any;

const ports: Record<string, (() => unknown) | undefined> = {
  unfed_placeholder_int32: () => { const x = tf.placeholder(tf.int32); return run(x.add(1)); },
  unfed_placeholder_float32_shape: () => run(tf.placeholder(tf.float32, [null, 3])),
  unfed_placeholder_named: () => { const x = tf.placeholder(tf.float32, null, { name: 'x' }); return run(tf.multiply(x, 2.0)); },
  unfed_placeholder_int16_shape_scope: () => {
    const a = tf.nameScope('input', () => tf.placeholder(tf.int16, [2], { name: 'input_a' }));
    return run(a.mul(2));
  },
  uninitialized_get_variable: () => run(tf.getVariable('count', [], { initializer: tf.zerosInitializer() })),
  uninitialized_variable_add: () => run(new tf.Variable(3, { name: 'my_var' }).add(1)),
  uninitialized_assign_add: () => run(new tf.Variable(3, { name: 'my_var' }).assignAdd(1)),
  feed_wrong_shape: () => { const x = tf.placeholder(tf.float32, [null, 3]); return run(x, [[x, [[1.5, 2.5]]]]); },
  feed_wrong_shape_scalar: () => { const x = tf.placeholder(tf.int32, []); return run(x, [[x, [1, 2]]]); },
  feed_string_to_int: () => { const x = tf.placeholder(tf.int32); return run(x, [[x, 'hello']]); },
  feed_string_list_to_int: () => { const x = tf.placeholder(tf.int32, [2]); return run(x, [[x, ['a', 'b']]]); },
  feed_ragged: () => { const x = tf.placeholder(tf.int32); return run(x, [[x, [[1, 2], [3]]]]); },
  feed_unknown_key: () => { const x = tf.placeholder(tf.int32); return run(x, { 'nope:0': 1 }); },
  fetch_none: () => { tf.constant(1); return run(null); },
  fetch_int: () => { tf.constant(1); return run(5); },
  fetch_string_missing: () => { tf.constant(1); return run('missing:0'); },
  fetch_op_name_missing: () => { tf.constant(1); return run('missing'); },
  add_int32_float32: () => tf.add(tf.constant(1), tf.constant(2.5)),
  operator_add_int32_float32: () => tf.constant(1).add(tf.constant(2.5)),
  reshape_impossible_static: () => tf.reshape(tf.constant([1, 2, 3, 4, 5, 6]), [4, 2]),
  reshape_impossible_runtime: () => { const x = tf.placeholder(tf.int32); return run(tf.reshape(x, [4, 2]), [[x, [1, 2, 3, 4, 5, 6]]]); },
  reshape_infer_runtime: () => { const x = tf.placeholder(tf.int32, [null]); return run(tf.reshape(x, [-1, 4]), [[x, [1, 2, 3, 4, 5, 6]]]); },
  matmul_inner_mismatch: () => tf.matmul(tf.constant([[1.5, 2, 3]]), tf.constant([[1.5, 2]])),
  matmul_inner_mismatch_runtime: () => {
    const a = tf.placeholder(tf.float32), b = tf.placeholder(tf.float32);
    return run(tf.matmul(a, b), [[a, [[1, 2, 3]]], [b, [[1, 2]]]]);
  },
  add_shape_mismatch: () => tf.constant([1, 2, 3]).add(tf.constant([1, 2])),
  add_shape_mismatch_runtime: () => { const a = tf.placeholder(tf.int32); return run(a.add(tf.constant([1, 2])), [[a, [1, 2, 3]]]); },
  get_variable_twice: () => { tf.getVariable('v', [1], { initializer: tf.zerosInitializer() }); return tf.getVariable('v', [1]); },
  get_variable_twice_in_scope: () => {
    tf.variableScope('foo', () => tf.getVariable('v', [1], { initializer: tf.zerosInitializer() }));
    return tf.variableScope('foo', () => tf.getVariable('v', [1]));
  },
  get_variable_reuse_missing: () => tf.variableScope('foo', { reuse: true }, () => tf.getVariable('v', [1])),
  get_variable_reuse_shape_mismatch: () => {
    tf.variableScope('foo', () => tf.getVariable('v', [1], { initializer: tf.zerosInitializer() }));
    return tf.variableScope('foo', { reuse: true }, () => tf.getVariable('v', [2]));
  },
  get_variable_no_shape: () => tf.getVariable('v'),
  run_after_close: () => { const a = tf.constant(1); const s = new tf.Session(); s.close(); return s.run(a); },
  tensor_from_other_graph: () => {
    const a = new tf.Graph().asDefault(() => tf.constant(1, { name: 'a' }));
    return new tf.Graph().asDefault(() => tf.add(a, tf.constant(2, { name: 'b' })));
  },
  fetch_from_other_graph: () => {
    const a = new tf.Graph().asDefault(() => tf.constant(1, { name: 'a' }));
    tf.constant(2, { name: 'b' });
    return run(a);
  },
  get_tensor_by_name_missing: () => tf.getDefaultGraph().getTensorByName('foo:0'),
  get_tensor_by_name_no_output_index: () => { tf.constant(1, { name: 'foo' }); return tf.getDefaultGraph().getTensorByName('foo'); },
  get_tensor_by_name_bad_index: () => { tf.constant(1, { name: 'foo' }); return tf.getDefaultGraph().getTensorByName('foo:1'); },
  get_operation_by_name_missing: () => tf.getDefaultGraph().getOperationByName('foo'),
  get_operation_by_name_tensor_name: () => { tf.constant(1, { name: 'foo' }); return tf.getDefaultGraph().getOperationByName('foo:0'); },
  integer_division_by_zero: () => run(tf.constant([1, 2]).floordiv(tf.constant([1, 0]))),
  gather_out_of_range: T.gather ? () => run(T.gather(tf.constant([1, 2, 3]), [5])) : undefined,
  matrix_inverse_singular: T.matrixInverse ? () => run(T.matrixInverse(tf.constant([[1.5, 3], [3, 6]]))) : undefined,
  feed_dict_non_tensor_key: () => run(tf.constant(1), new Map([[5 as never, 1]])),
  sqrt_int32: () => tf.sqrt(tf.constant([4])),
  constant_float_to_int: () => tf.constant(1.5, tf.int32),
  concat_shape_mismatch: T.concat ? () => T.concat([tf.constant([[1, 2]]), tf.constant([[1, 2, 3]])], 0) : undefined,
  variable_no_initial_value: () => new tf.Variable(undefined as never),
  placeholder_feed_eval_without_session: () => tf.constant(1).eval(),
  assign_shape_mismatch: () => new tf.Variable([1, 2], { name: 'v' }).assign([1, 2, 3]),
  assign_dtype_mismatch: () => new tf.Variable([1, 2], { name: 'v' }).assign([1.5, 2.5]),
  squeeze_non_one: () => tf.squeeze(tf.zeros([2, 3]), [0]),
  transpose_bad_perm_runtime: T.transpose ? () => {
    const p = tf.placeholder(tf.int32);
    return run(T.transpose(tf.zeros([2, 3]), p), [[p, [0, 0]]]);
  } : undefined,
};

/** Where our wording knowingly differs from TF's (Python-specific text), what we say instead. */
const ours: Record<string, string> = {
  feed_string_to_int: 'Cannot feed "hello" (string) to Tensor Placeholder:0 of dtype int32',
  feed_string_list_to_int: 'Cannot feed an object of type Array to Tensor Placeholder:0 of dtype int32',
  feed_ragged: 'Cannot feed an object of type Array to Tensor Placeholder:0 of dtype int32: Cannot convert a ragged nested array',
  fetch_none: 'Argument `fetch` = null has invalid type "null". Cannot be null',
  fetch_int: 'Argument `fetch` = 5 (number) has invalid type "number" must be a string or Tensor.',
  feed_dict_non_tensor_key: 'Cannot interpret feed_dict key as Tensor: Can not convert a number into a Tensor.',
  add_int32_py_float: '',
  assign_dtype_mismatch: "Expected int32, got 1.5 (number) instead",
  constant_float_to_int: 'Expected int32, got 1.5 (number) instead.',
  placeholder_feed_eval_without_session: 'Cannot evaluate tensor using `eval()`: No default session is registered.',
  tensor_from_other_graph: 'must be from the same graph as Tensor("a:0", shape=(), dtype=int32)',
};

for (const c of fixture.cases) {
  if (!c.class) continue;
  const port = ports[c.id];
  test(`error: ${c.id}`, port ? {} : { todo: 'not ported (feature pending or Python-only)' }, () => {
    if (!port) return;
    const g = new tf.Graph();
    let caught: unknown = null;
    try { g.asDefault(port); } catch (e) { caught = e; }
    assert.ok(caught instanceof Error, `${c.id} should throw ${c.class}`);
    const err = caught as Error;
    const cls = c.class === 'KeyError' || c.class === 'RuntimeError' || c.class === 'ValueError' || c.class === 'TypeError' ? c.class : c.class;
    assert.equal(err.name, cls, `${c.id}: class (message: ${err.message})`);
    const want = ours[c.id] ?? essential(c.core!);
    assert.ok(err.message.includes(want), `${c.id}:\n  ours: ${err.message}\n  want: ${want}`);
  });
}
