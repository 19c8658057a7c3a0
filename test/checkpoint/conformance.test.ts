// Conformance: real TensorFlow (the local .venv-tf) reads the checkpoints tensorgraph writes.
// Skips with a message when Python TensorFlow is not installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import * as train from '../../src/train/index.js';
import { Saver, latestCheckpoint } from '../../src/checkpoint/index.js';
import { tfUnavailable, runTfPython, tempDir, expectedArray, assertSameArray, type Expected } from './fixture.js';

const skip = tfUnavailable();

const PY_ENCODE = `
import json, sys, os
import numpy as np
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
def encode(a):
    a = np.asarray(a)
    flat = a.reshape(-1)
    if a.dtype == np.int64: vals = [str(int(v)) for v in flat]
    elif a.dtype == np.complex64: vals = [[float(v.real), float(v.imag)] for v in flat]
    elif a.dtype == np.bool_: vals = [bool(v) for v in flat]
    elif a.dtype.kind in 'OSU': vals = [v.decode('utf-8') if isinstance(v, bytes) else str(v) for v in flat]
    elif a.dtype.kind == 'f': vals = [('nan' if np.isnan(v) else ('inf' if v > 0 else '-inf')) if not np.isfinite(v) else float(v) for v in flat]
    else: vals = [int(v) for v in flat]
    dt = 'bool' if a.dtype == np.bool_ else 'string' if a.dtype.kind in 'OSU' else str(a.dtype)
    return {'dtype': dt, 'shape': list(a.shape), 'values': vals}
`;

/** Variables of every dtype, scalars, empty tensors and scoped names, with known values. */
const VALUES: [string, tf.NDArray][] = [
  ['dtypes/float16', new tf.NDArray('float16', [4], Float32Array.of(1, -2.5, 65504, 2 ** -24))],
  ['dtypes/float32', new tf.NDArray('float32', [2, 3], Float32Array.of(1.5, -2.25, 3, 0, -0, 1e-38))],
  ['dtypes/float64', new tf.NDArray('float64', [2], Float64Array.of(Math.PI, -1e300))],
  ['dtypes/int8', new tf.NDArray('int8', [3], Int8Array.of(-128, 0, 127))],
  ['dtypes/int16', new tf.NDArray('int16', [2], Int16Array.of(-32768, 32767))],
  ['dtypes/int32', new tf.NDArray('int32', [2, 2], Int32Array.of(1, -2, 3, -4))],
  ['dtypes/int64', new tf.NDArray('int64', [2], BigInt64Array.of(-(2n ** 62n), 2n ** 62n + 3n))],
  ['dtypes/uint8', new tf.NDArray('uint8', [2], Uint8Array.of(0, 255))],
  ['dtypes/uint16', new tf.NDArray('uint16', [2], Uint16Array.of(1, 65535))],
  ['dtypes/bool', new tf.NDArray('bool', [3], Uint8Array.of(1, 0, 1))],
  ['dtypes/string', new tf.NDArray('string', [3], ['hello', '', 'caf\u00e9 \u2713'])],
  ['dtypes/complex64', new tf.NDArray('complex64', [2], Float32Array.of(1, 2, -0.5, 0.25))],
  ['scalars/pi', new tf.NDArray('float32', [], Float32Array.of(Math.fround(Math.PI)))],
  ['scalars/count', new tf.NDArray('int64', [], BigInt64Array.of(-5n))],
  ['scalars/name', new tf.NDArray('string', [], ['tensorgraph'])],
  ['empty/matrix', new tf.NDArray('float32', [0, 3], new Float32Array(0))],
  ['outer/inner/deep/v', new tf.NDArray('float64', [2, 3, 4], Float64Array.from({ length: 24 }, (_, i) => i))],
];

function buildVariables(): Map<string, tf.Variable> {
  const vars = new Map<string, tf.Variable>();
  for (const [name, value] of VALUES) {
    const i = name.lastIndexOf('/');
    vars.set(name, tf.nameScope(`${name.slice(0, i)}/`, () => new tf.Variable(value, { name: name.slice(i + 1) })));
  }
  return vars;
}

test('real TF reads our checkpoints: load_checkpoint, Saver.restore into a TF graph, our `checkpoint` file', { skip: skip ?? false }, () => {
  const dir = tempDir();
  let prefix = '';
  tf.withGraph(() => {
    buildVariables();
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    const saver = new Saver(null, { maxToKeep: 2 });
    for (let i = 1; i <= 3; i++) prefix = saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: i })!;
  });
  const spec = VALUES.map(([name, v]) => [name, v.dtype, v.shape]);
  // one Python process (TF takes seconds to import) does all the reading
  const out = JSON.parse(runTfPython(`${PY_ENCODE}
prefix, ckdir, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
r = tf.train.load_checkpoint(prefix)
names = sorted(r.get_variable_to_shape_map())
loaded = {'dtypes': {k: r.get_variable_to_dtype_map()[k].name for k in names},
          'values': {k: encode(r.get_tensor(k)) for k in names}}
np_dtype = {'string': object, 'bool': np.bool_}
vs = {}
for name, dt, shape in spec:
    scope, base = name.rsplit('/', 1)
    with tf.name_scope(scope + '/'):
        if dt == 'string':
            vs[name] = tf.Variable(tf.constant(np.full(shape, b'', dtype=object), dtype=tf.string), name=base)
        else:
            vs[name] = tf.Variable(np.zeros(shape, dtype=np_dtype.get(dt, dt)), name=base)
saver = tf.train.Saver()
st = tf.train.get_checkpoint_state(ckdir)
with tf.Session() as s:
    saver.restore(s, st.model_checkpoint_path)
    restored = {k: encode(s.run(v)) for k, v in vs.items()}
print(json.dumps({'latest': tf.train.latest_checkpoint(ckdir), 'loaded': loaded, 'restored': restored,
                  'state': {'model': st.model_checkpoint_path, 'all': list(st.all_model_checkpoint_paths),
                            'times': list(st.all_model_checkpoint_timestamps)}}))
`, [prefix, dir, JSON.stringify(spec)])) as {
    latest: string; loaded: { dtypes: Record<string, string>; values: Record<string, Expected> };
    restored: Record<string, Expected>; state: { model: string; all: string[]; times: number[] };
  };
  // tf.train.load_checkpoint: every variable, its dtype and value
  assert.equal(out.latest, prefix);
  assert.deepEqual(Object.keys(out.loaded.values), VALUES.map(([k]) => k).sort());
  for (const [name, value] of VALUES) {
    assert.equal(out.loaded.dtypes[name], value.dtype, name);
    assertSameArray(expectedArray(out.loaded.values[name]), value, `load_checkpoint ${name}`);
  }
  // tf.compat.v1.train.Saver().restore into an equivalent TF graph
  for (const [name, value] of VALUES) assertSameArray(expectedArray(out.restored[name]), value, `Saver.restore ${name}`);
  // get_checkpoint_state parses our state file (with timestamps)
  assert.equal(out.state.model, path.join(dir, 'model.ckpt-3'));
  assert.deepEqual(out.state.all, [path.join(dir, 'model.ckpt-2'), path.join(dir, 'model.ckpt-3')]);
  assert.equal(out.state.times.length, 2);
});

test('real TF restores our Adam-trained model (slot variables) and continues training like us', { skip: skip ?? false }, () => {
  const dir = tempDir();
  let prefix = '';
  let ours: Record<string, tf.NDArray> = {};
  tf.withGraph(() => {
    const x = tf.constant([[1, 2, 3], [4, 5, 6], [-1, 0, 1], [0.5, 0.5, -2]], { name: 'x', dtype: 'float32' });
    const y = tf.constant([[1, 0], [0, 1], [1, 1], [0, 0]], { name: 'y', dtype: 'float32' });
    const { w, b } = tf.variableScope('dense', () => ({
      w: tf.getVariable('w', [3, 2], { initializer: tf.constantInitializer([0.1, -0.2, 0.3, 0.4, -0.5, 0.6]) }),
      b: tf.getVariable('b', [2], { initializer: tf.constantInitializer([0.01, -0.02]) }),
    }));
    const loss = tf.reduceMean(tf.square(tf.matmul(x, w).add(b).sub(y)), { name: 'loss' });
    const gs = train.getOrCreateGlobalStep();
    const step = new train.AdamOptimizer(0.1).minimize(loss, { globalStep: gs });
    const saver = new Saver();
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    for (let i = 0; i < 3; i++) sess.run(step);
    prefix = saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: gs })!;
    sess.run(step);
    ours = Object.fromEntries(tf.globalVariables().map(v => [v.op.name, sess.run(v)]));
  });
  assert.equal(latestCheckpoint(dir), prefix);
  const out = JSON.parse(runTfPython(`${PY_ENCODE}
x = tf.constant([[1., 2., 3.], [4., 5., 6.], [-1., 0., 1.], [0.5, 0.5, -2.]], name='x')
y = tf.constant([[1., 0.], [0., 1.], [1., 1.], [0., 0.]], name='y')
with tf.variable_scope('dense'):
    w = tf.get_variable('w', [3, 2], initializer=tf.zeros_initializer())
    b = tf.get_variable('b', [2], initializer=tf.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y), name='loss')
gs = tf.train.get_or_create_global_step()
train = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=gs)
saver = tf.train.Saver()
with tf.Session() as s:
    saver.restore(s, tf.train.latest_checkpoint(sys.argv[1]))
    s.run(train)
    print(json.dumps({v.op.name: encode(s.run(v)) for v in tf.global_variables()}))
`, [dir])) as Record<string, Expected>;
  assert.deepEqual(Object.keys(out).sort(), Object.keys(ours).sort());
  for (const [name, e] of Object.entries(out)) {
    const want = expectedArray(e), got = ours[name];
    assert.equal(got.dtype, want.dtype, name);
    const a = got.data as ArrayLike<number | bigint>, bb = want.data as ArrayLike<number | bigint>;
    for (let i = 0; i < a.length; i++) {
      if (typeof a[i] === 'bigint') assert.equal(a[i], bb[i]);
      else assert.ok(Math.abs((a[i] as number) - (bb[i] as number)) <= 1e-6 * Math.max(1, Math.abs(bb[i] as number)), `${name}[${i}]`);
    }
  }
});

const PY_IMPORT_META = `${PY_ENCODE}
prefix = sys.argv[1]
saver = tf.train.import_meta_graph(prefix + '.meta')
with tf.Session() as s:
    saver.restore(s, prefix)
    print(json.dumps({v.op.name: encode(s.run(v)) for v in tf.global_variables()}))
`;

test('real TF import_meta_graph(our .meta) + restore: our SaveV2/RestoreV2 graph and SaverDef work in TF', { skip: skip ?? false }, () => {
  const dir = tempDir();
  let prefix = '';
  tf.withGraph(() => {
    buildVariables();
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    prefix = new Saver().save(sess, path.join(dir, 'model.ckpt'))!;
  });
  assert.ok(fs.existsSync(`${prefix}.meta`), 'Saver.save writes prefix.meta');
  const out = JSON.parse(runTfPython(PY_IMPORT_META, [prefix])) as Record<string, Expected>;
  assert.deepEqual(Object.keys(out).sort(), VALUES.map(([k]) => k).sort());
  for (const [name, value] of VALUES) assertSameArray(expectedArray(out[name]), value, name);
});

if (skip) test(`checkpoint conformance: ${skip}`, { skip }, () => {});
