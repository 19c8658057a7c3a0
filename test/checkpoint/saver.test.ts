// tf.train.Saver: the graph it builds (TF's node names), save/restore, maxToKeep,
// keepCheckpointEveryNHours, restoring real TF checkpoints, errors and crash safety.

import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import * as train from '../../src/train/index.js';
import { Saver, latestCheckpoint, getCheckpointState } from '../../src/checkpoint/index.js';
import { bundleTestHooks, indexFilename, dataFilename, BundleReader } from '../../src/checkpoint/bundle.js';
import { importMetaGraph } from '../../src/io/meta_graph.js';
import { fixture, expectedArray, assertSameArray, tempDir, type Expected } from './fixture.js';

const { NDArray } = tf;

/** dense/w [2,2] float32 and dense/b [2] int32 with known values. */
function smallModel(): { w: tf.Variable; b: tf.Variable } {
  return tf.variableScope('dense', () => ({
    w: new tf.Variable([[1, 2], [3, 4]], { name: 'w', dtype: 'float32' }),
    b: new tf.Variable([5, 6], { name: 'b' }),
  }));
}

test('builds the save/restore ops TF builds, with TF\'s names and SaverDef', () => {
  tf.withGraph(g => {
    smallModel();
    train.getOrCreateGlobalStep();
    const saver = new Saver();
    const nodes = g.getOperations().filter(o => o.name.startsWith('save/'))
      .map(o => [o.name, o.type, [...o.inputs.map(t => t.name.replace(/:0$/, '')), ...o.controlInputs.map(c => `^${c.name}`)]]);
    // from TF 2.21, tf.compat.v1 (tools: printed with as_graph_def())
    assert.deepEqual(nodes, [
      ['save/filename/input', 'Const', []],
      ['save/filename', 'PlaceholderWithDefault', ['save/filename/input']],
      ['save/Const', 'PlaceholderWithDefault', ['save/filename']],
      ['save/SaveV2/tensor_names', 'Const', []],
      ['save/SaveV2/shape_and_slices', 'Const', []],
      ['save/SaveV2', 'SaveV2', ['save/Const', 'save/SaveV2/tensor_names', 'save/SaveV2/shape_and_slices', 'dense/b', 'dense/w', 'global_step']],
      ['save/control_dependency', 'Identity', ['save/Const', '^save/SaveV2']],
      ['save/RestoreV2/tensor_names', 'Const', []],
      ['save/RestoreV2/shape_and_slices', 'Const', []],
      ['save/RestoreV2', 'RestoreV2', ['save/Const', 'save/RestoreV2/tensor_names', 'save/RestoreV2/shape_and_slices']],
      ['save/Assign', 'Assign', ['dense/b', 'save/RestoreV2']],
      ['save/Assign_1', 'Assign', ['dense/w', 'save/RestoreV2:1']],
      ['save/Assign_2', 'Assign', ['global_step', 'save/RestoreV2:2']],
      ['save/restore_all', 'NoOp', ['^save/Assign', '^save/Assign_1', '^save/Assign_2']],
    ]);
    assert.deepEqual(g.getOperationByName('save/SaveV2').attrs.dtypes, ['int32', 'float32', 'int64']);
    assert.deepEqual(saver.asSaverDef(), {
      filename_tensor_name: 'save/Const:0', save_tensor_name: 'save/control_dependency:0', restore_op_name: 'save/restore_all',
      max_to_keep: 5, sharded: false, keep_checkpoint_every_n_hours: 10000, version: 'V2',
    });
    // a second Saver gets its own scope
    assert.equal(new Saver(null, { maxToKeep: 1 }).saverDef.restore_op_name, 'save_1/restore_all');
  });
});

test('save returns prefix-STEP and restore brings the values back', () => {
  const dir = tempDir();
  tf.withGraph(() => {
    const { w, b } = smallModel();
    const gs = train.getOrCreateGlobalStep() as tf.Variable;
    const saver = new Saver();
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    sess.run(gs.assign(new NDArray('int64', [], BigInt64Array.of(42n))));
    const p = saver.save(sess, path.join(dir, 'model.ckpt'), { globalStep: gs });
    assert.equal(p, path.join(dir, 'model.ckpt-42'));
    assert.ok(fs.existsSync(indexFilename(p!)) && fs.existsSync(dataFilename(p!)));
    sess.run([w.assign([[0, 0], [0, 0]]), b.assign([0, 0])]);
    saver.restore(sess, p);
    assert.deepEqual(sess.run(w).toArray(), [[1, 2], [3, 4]]);
    assert.deepEqual(sess.run(b).toArray(), [5, 6]);
    // a fresh session restores without running the initializers
    const s2 = new tf.Session();
    saver.restore(s2, latestCheckpoint(dir));
    assert.deepEqual(s2.run(w).toArray(), [[1, 2], [3, 4]]);
    assert.equal(s2.run(gs).item(), 42n);
    // no temporary files are left behind
    assert.ok(!fs.readdirSync(dir).some(n => n.includes('tempstate')));
  });
});

test('varList as a list or a {name: variable} map; errors for duplicates and no variables', () => {
  const dir = tempDir();
  tf.withGraph(() => {
    const { w, b } = smallModel();
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    const s1 = new Saver([w]);
    const p1 = s1.save(sess, path.join(dir, 'only_w'))!;
    assert.deepEqual(readKeys(p1), ['dense/w']);
    const s2 = new Saver({ 'renamed/weights': w, bias: b });
    const p2 = s2.save(sess, path.join(dir, 'renamed'))!;
    assert.deepEqual(readKeys(p2), ['bias', 'renamed/weights']);
    sess.run(w.assign([[9, 9], [9, 9]]));
    s2.restore(sess, p2);
    assert.deepEqual(sess.run(w).toArray(), [[1, 2], [3, 4]]);
    assert.throws(() => new Saver([w, w]), /At least two variables have the same name: dense\/w/);
  });
  tf.withGraph(() => {
    assert.throws(() => new Saver(), (e: Error) => e instanceof tf.ValueError && e.message === 'No variables to save');
    const empty = new Saver(null, { allowEmpty: true });
    assert.equal(empty.save(new tf.Session(), path.join(dir, 'none')), null);
  });
});

function readKeys(prefix: string): string[] {
  const r = new BundleReader(prefix);
  try { return r.keys(); } finally { r.close(); }
}

test('maxToKeep deletes older checkpoints (all their files) and the state file lists the kept ones', () => {
  const dir = tempDir();
  tf.withGraph(() => {
    smallModel();
    const saver = new Saver(null, { maxToKeep: 2 });
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    // a fake .meta next to each checkpoint must be deleted with it
    for (let i = 1; i <= 5; i++) {
      const p = saver.save(sess, path.join(dir, 'model'), { globalStep: i })!;
      if (!fs.existsSync(`${p}.meta`)) fs.writeFileSync(`${p}.meta`, 'meta');
    }
    assert.deepEqual(fs.readdirSync(dir).sort(), [
      'checkpoint', 'model-4.data-00000-of-00001', 'model-4.index', 'model-4.meta',
      'model-5.data-00000-of-00001', 'model-5.index', 'model-5.meta',
    ]);
    assert.deepEqual(saver.lastCheckpoints, [path.join(dir, 'model-4'), path.join(dir, 'model-5')]);
    const st = getCheckpointState(dir)!;
    assert.equal(st.modelCheckpointPath, path.join(dir, 'model-5'));
    assert.deepEqual(st.allModelCheckpointPaths, [path.join(dir, 'model-4'), path.join(dir, 'model-5')]);
    assert.equal(st.allModelCheckpointTimestamps.length, 2);
    // saving the same step again replaces it in the list
    saver.save(sess, path.join(dir, 'model'), { globalStep: 5 });
    assert.deepEqual(saver.lastCheckpoints, [path.join(dir, 'model-4'), path.join(dir, 'model-5')]);
  });
});

test('maxToKeep 0 keeps every checkpoint', () => {
  const dir = tempDir();
  tf.withGraph(() => {
    smallModel();
    const saver = new Saver(null, { maxToKeep: 0 });
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    for (let i = 0; i < 7; i++) saver.save(sess, path.join(dir, 'm'), { globalStep: i });
    assert.equal(fs.readdirSync(dir).filter(n => n.endsWith('.index')).length, 7);
    assert.equal(latestCheckpoint(dir), path.join(dir, 'm-6'));
  });
});

test('keepCheckpointEveryNHours preserves one checkpoint per period', () => {
  const dir = tempDir();
  let now = 1_000_000_000_000;
  const h = 3600_000;
  mock.method(Date, 'now', () => now);
  try {
    tf.withGraph(() => {
      smallModel();
      const saver = new Saver(null, { maxToKeep: 2, keepCheckpointEveryNHours: 1 });
      const sess = new tf.Session();
      sess.run(tf.globalVariablesInitializer());
      const at = [0, 0.5, 1.2, 1.5, 2.5, 3.0, 3.1];
      at.forEach((t, i) => { now = 1_000_000_000_000 + t * h; saver.save(sess, path.join(dir, 'm'), { globalStep: i }); });
      // s0 and s1 go; s2 (past hour 1) stays; s3 goes; s4 (past hour 2) stays; s5, s6 are the last two
      const kept = fs.readdirSync(dir).filter(n => n.endsWith('.index')).map(n => n.replace('.index', '')).sort();
      assert.deepEqual(kept, ['m-2', 'm-4', 'm-5', 'm-6']);
      assert.deepEqual(getCheckpointState(dir)!.allModelCheckpointPaths, [path.join(dir, 'm-5'), path.join(dir, 'm-6')]);
    });
  } finally {
    mock.restoreAll();
  }
});

test('padStepNumber and latestFilename collisions', () => {
  const dir = tempDir();
  tf.withGraph(() => {
    smallModel();
    const saver = new Saver(null, { padStepNumber: true });
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    assert.equal(saver.save(sess, path.join(dir, 'm'), { globalStep: 42 }), path.join(dir, 'm-00000042'));
    assert.throws(() => saver.save(sess, path.join(dir, 'checkpoint')), /'latest_filename' collides with 'save_path'/);
    // writeState: false leaves the state file alone
    saver.save(sess, path.join(dir, 'other'), { writeState: false });
    assert.equal(latestCheckpoint(dir), path.join(dir, 'm-00000042'));
  });
});

// ---- restoring checkpoints real TF wrote ---------------------------------------------------

test('restores TF\'s checkpoint of every dtype into an equivalent graph', () => {
  const f = fixture('dtypes');
  tf.withGraph(() => {
    const vars = new Map<string, tf.Variable>();
    for (const [name, e] of Object.entries(f.tensors)) {
      const scope = name.slice(0, name.lastIndexOf('/')), base = name.slice(name.lastIndexOf('/') + 1);
      const zero = NDArray.zeros(e.dtype, e.shape);
      vars.set(name, tf.nameScope(`${scope}/`, () => new tf.Variable(zero, { name: base }))); // re-enters the scope
    }
    for (const [name, v] of vars) assert.equal(v.op.name, name);
    const saver = new Saver();
    const sess = new tf.Session();
    saver.restore(sess, latestCheckpoint(f.dir));
    for (const [name, e] of Object.entries(f.tensors)) assertSameArray(sess.run(vars.get(name)!), expectedArray(e), name);
  });
});

test('restores TF\'s Adam checkpoint (slots, beta powers, global step) and training continues exactly as in TF', () => {
  const f = fixture('adam');
  const after = (JSON.parse(fs.readFileSync(path.join(f.dir, 'values.json'), 'utf8')) as { after_step_4: Record<string, Expected> }).after_step_4;
  tf.withGraph(() => {
    const x = tf.constant([[1, 2, 3], [4, 5, 6], [-1, 0, 1], [0.5, 0.5, -2]], { name: 'x', dtype: 'float32' });
    const y = tf.constant([[1, 0], [0, 1], [1, 1], [0, 0]], { name: 'y', dtype: 'float32' });
    const { w, b } = tf.variableScope('dense', () => ({
      w: tf.getVariable('w', [3, 2], { initializer: tf.zerosInitializer() }),
      b: tf.getVariable('b', [2], { initializer: tf.zerosInitializer() }),
    }));
    const loss = tf.reduceMean(tf.square(tf.matmul(x, w).add(b).sub(y)), { name: 'loss' });
    const gs = train.getOrCreateGlobalStep();
    const step = new train.AdamOptimizer(0.1).minimize(loss, { globalStep: gs });
    const saver = new Saver();
    assert.deepEqual([...saver.keys], Object.keys(f.tensors).sort());
    const sess = new tf.Session();
    const ckpt = getCheckpointState(f.dir)!;
    assert.equal(ckpt.modelCheckpointPath, path.join(f.dir, 'model.ckpt-3'));
    saver.restore(sess, ckpt.modelCheckpointPath);
    const byName = new Map(tf.globalVariables().map(v => [v.op.name, v]));
    for (const [name, e] of Object.entries(f.tensors)) assertSameArray(sess.run(byName.get(name)!), expectedArray(e), `restored ${name}`);
    sess.run(step);
    for (const [name, e] of Object.entries(after)) {
      const got = sess.run(byName.get(name)!), want = expectedArray(e);
      assert.equal(got.dtype, want.dtype);
      const a = got.data as ArrayLike<number | bigint>, bb = want.data as ArrayLike<number | bigint>;
      for (let i = 0; i < a.length; i++) {
        if (typeof a[i] === 'bigint') assert.equal(a[i], bb[i]);
        else assert.ok(Math.abs((a[i] as number) - (bb[i] as number)) <= 1e-6 * Math.max(1, Math.abs(bb[i] as number)), `${name}[${i}]: ${a[i]} vs ${bb[i]}`);
      }
    }
  });
});

// ---- errors --------------------------------------------------------------------------------

test('a variable missing from the checkpoint: NotFoundError with TF\'s wording', () => {
  const f = fixture('adam');
  tf.withGraph(() => {
    tf.variableScope('dense', () => new tf.Variable(NDArray.zeros('float32', [3, 2]), { name: 'w' }));
    new tf.Variable(0, { name: 'not_saved' });
    const saver = new Saver();
    assert.throws(() => saver.restore(new tf.Session(), f.path), (e: Error) =>
      e instanceof tf.NotFoundError &&
      e.message.startsWith('Restoring from checkpoint failed. This is most likely due to a Variable name or other graph key that is missing from the checkpoint.') &&
      e.message.includes('Key not_saved not found in checkpoint') && e.message.includes(f.path));
  });
});

test('a shape mismatch: InvalidArgumentError naming the variable and the checkpoint', () => {
  const f = fixture('adam');
  tf.withGraph(() => {
    tf.variableScope('dense', () => new tf.Variable(NDArray.zeros('float32', [2, 3]), { name: 'w' }));
    const saver = new Saver();
    assert.throws(() => saver.restore(new tf.Session(), f.path), (e: Error) =>
      e instanceof tf.InvalidArgumentError &&
      e.message.startsWith('Restoring from checkpoint failed. This is most likely due to a mismatch between the current graph and the graph from the checkpoint.') &&
      e.message.includes('Assign requires shapes of both tensors to match. lhs shape= [2,3] rhs shape= [3,2]') &&
      e.message.includes("variable 'dense/w'") && e.message.includes(f.path));
  });
});

test('a dtype mismatch: InvalidArgumentError with TF\'s wording', () => {
  const f = fixture('adam');
  tf.withGraph(() => {
    tf.variableScope('dense', () => new tf.Variable(NDArray.zeros('float64', [3, 2]), { name: 'w' }));
    const saver = new Saver();
    assert.throws(() => saver.restore(new tf.Session(), f.path), (e: Error) =>
      e instanceof tf.InvalidArgumentError && e.message.includes('tensor_name = dense/w; expected dtype double does not equal original dtype float'));
  });
});

test('bad paths: a missing checkpoint, a prefix in a missing directory', () => {
  const dir = tempDir();
  tf.withGraph(() => {
    smallModel();
    const saver = new Saver();
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    assert.throws(() => saver.restore(sess, path.join(dir, 'nothing')), /The passed save_path is not a valid checkpoint: .*nothing/);
    assert.throws(() => saver.restore(sess, null), /Can't load save_path when it is None/);
    const deep = path.join(dir, 'no', 'such', 'dir', 'model');
    assert.throws(() => saver.save(sess, deep), (e: Error) => e instanceof tf.ValueError && e.message === `Parent directory of ${deep} doesn't exist, can't save.`);
    assert.deepEqual(fs.readdirSync(dir), []);
    assert.equal(latestCheckpoint(path.join(dir, 'no')), null);
    assert.equal(getCheckpointState(path.join(dir, 'no')), null);
  });
});

test('a crash in the middle of a save never damages the previous checkpoint', () => {
  const dir = tempDir();
  tf.withGraph(() => {
    const { w } = smallModel();
    const saver = new Saver();
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    const good = saver.save(sess, path.join(dir, 'model'), { globalStep: 1 })!;
    const snapshot = () => Object.fromEntries(fs.readdirSync(dir).map(n => [n, fs.readFileSync(path.join(dir, n)).toString('base64')]));
    const before = snapshot();
    sess.run(w.assign([[7, 7], [7, 7]]));
    for (const stage of ['data', 'index'] as const) {
      bundleTestHooks.beforeRename = s => { if (s === stage) throw new Error(`simulated crash before renaming the ${s} file`); };
      try {
        assert.throws(() => saver.save(sess, path.join(dir, 'model'), { globalStep: 2 }), /simulated crash/);
      } finally {
        bundleTestHooks.beforeRename = undefined;
      }
      const now = snapshot();
      // every earlier file is byte-for-byte the same; at most an orphan data file of step 2 appeared
      for (const [n, v] of Object.entries(before)) assert.equal(now[n], v, `${n} changed`);
      for (const n of Object.keys(now)) assert.ok(n in before || n === 'model-2.data-00000-of-00001', `unexpected ${n}`);
      assert.equal(latestCheckpoint(dir), good);
      const s2 = new tf.Session();
      saver.restore(s2, latestCheckpoint(dir));
      assert.deepEqual(s2.run(w).toArray(), [[1, 2], [3, 4]]);
    }
    // the next save works normally
    assert.equal(saver.save(sess, path.join(dir, 'model'), { globalStep: 2 }), path.join(dir, 'model-2'));
    assert.equal(latestCheckpoint(dir), path.join(dir, 'model-2'));
  });
});

test('saving an uninitialized variable fails like TF and writes nothing', () => {
  const dir = tempDir();
  tf.withGraph(() => {
    smallModel();
    const saver = new Saver();
    assert.throws(() => saver.save(new tf.Session(), path.join(dir, 'm')), (e: Error) =>
      e instanceof tf.FailedPreconditionError && /uninitialized value dense\/b/.test(e.message));
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});

test('a Saver from a SaverDef (as import_meta_graph makes) uses the existing ops', () => {
  const dir = tempDir();
  tf.withGraph(() => {
    const { w } = smallModel();
    const built = new Saver();
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    const n = tf.getDefaultGraph().getOperations().length;
    const again = new Saver(null, { saverDef: built.asSaverDef() });
    assert.equal(tf.getDefaultGraph().getOperations().length, n);
    const p = again.save(sess, path.join(dir, 'm'))!;
    sess.run(w.assign([[0, 0], [0, 0]]));
    again.restore(sess, p);
    assert.deepEqual(sess.run(w).toArray(), [[1, 2], [3, 4]]);
  });
});

// ---- with the MetaGraph (.meta): restoring without the model code ---------------------------

test('restores TF\'s checkpoints from TF\'s .meta alone (importMetaGraph + Saver.fromProto)', () => {
  for (const sub of ['dtypes', 'adam']) {
    const f = fixture(sub);
    tf.withGraph(() => {
      const imp = importMetaGraph(`${f.path}.meta`);
      const saver = Saver.fromProto(imp.saverDef!, imp.importScope);
      assert.equal(saver.saverDef.restore_op_name, 'save/restore_all');
      const sess = new tf.Session();
      saver.restore(sess, f.path);
      const got = new Map(imp.variables.map(v => [v.op.name, sess.run(v)]));
      assert.deepEqual([...got.keys()].sort(), Object.keys(f.tensors).sort());
      for (const [name, e] of Object.entries(f.tensors)) assertSameArray(got.get(name)!, expectedArray(e), `${sub}:${name}`);
    });
  }
});

test('Saver.save writes prefix.meta; a fresh graph restores from it', () => {
  const dir = tempDir();
  let prefix = '';
  tf.withGraph(() => {
    smallModel();
    const sess = new tf.Session();
    sess.run(tf.globalVariablesInitializer());
    prefix = new Saver().save(sess, path.join(dir, 'model.ckpt'), { globalStep: 3 })!;
  });
  assert.ok(fs.existsSync(`${prefix}.meta`));
  tf.withGraph(() => {
    const imp = importMetaGraph(`${prefix}.meta`);
    const saver = Saver.fromProto(imp.saverDef!);
    const sess = new tf.Session();
    saver.restore(sess, latestCheckpoint(dir));
    const vals = Object.fromEntries(imp.variables.map(v => [v.op.name, sess.run(v).toArray()]));
    assert.deepEqual(vals, { 'dense/w': [[1, 2], [3, 4]], 'dense/b': [5, 6] });
    // and saves again through the imported ops
    assert.equal(saver.save(sess, path.join(dir, 'again'), { writeMetaGraph: false }), path.join(dir, 'again'));
  });
});
