// The `checkpoint` state file: text format, paths as TF writes and reads them, atomic updates.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import {
  getCheckpointState, latestCheckpoint, updateCheckpointState, parseCheckpointState, formatCheckpointState,
  generateCheckpointStateProto, Saver, listVariables, loadVariable, loadCheckpoint,
} from '../../src/checkpoint/index.js';
import { writeFileAtomic } from '../../src/checkpoint/atomic_file.js';
import { fixture, tempDir, expectedArray, assertSameArray } from './fixture.js';

test('reads the state file TF wrote: relative paths joined to the directory', () => {
  const f = fixture('adam');
  assert.equal(fs.readFileSync(path.join(f.dir, 'checkpoint'), 'utf8'),
    'model_checkpoint_path: "model.ckpt-3"\nall_model_checkpoint_paths: "model.ckpt-2"\nall_model_checkpoint_paths: "model.ckpt-3"\n');
  const s = getCheckpointState(f.dir)!;
  assert.equal(s.modelCheckpointPath, path.join(f.dir, 'model.ckpt-3'));
  assert.deepEqual(s.allModelCheckpointPaths, [path.join(f.dir, 'model.ckpt-2'), path.join(f.dir, 'model.ckpt-3')]);
  assert.equal(latestCheckpoint(f.dir), path.join(f.dir, 'model.ckpt-3'));
});

test('text format: escapes, timestamps and comments round trip', () => {
  const s = {
    modelCheckpointPath: 'dir with "quotes"/caf\u00e9\\x\n',
    allModelCheckpointPaths: ['a', 'dir with "quotes"/caf\u00e9\\x\n'],
    allModelCheckpointTimestamps: [1700000000.25, 1700000001],
    lastPreservedTimestamp: 1699999999.5,
  };
  const text = formatCheckpointState(s);
  assert.match(text, /^model_checkpoint_path: "dir with \\"quotes\\"\/caf\\303\\251\\\\x\\n"\n/);
  assert.match(text, /all_model_checkpoint_timestamps: 1700000001.0\n/);
  assert.deepEqual(parseCheckpointState(text), s);
  const parsed = parseCheckpointState('# comment\nmodel_checkpoint_path: \'single\' "-joined"\n all_model_checkpoint_paths:"x"\nlast_preserved_timestamp: 1e3\n');
  assert.equal(parsed.modelCheckpointPath, 'single-joined');
  assert.deepEqual(parsed.allModelCheckpointPaths, ['x']);
  assert.equal(parsed.lastPreservedTimestamp, 1000);
  assert.throws(() => parseCheckpointState('model_checkpoint_path: "a"\nbogus_field: 3\n', 'ckdir/checkpoint'), /ckdir\/checkpoint:2: .*no field named "bogus_field"/);
});

test('paths: relative prefixes are stored relative to the directory, absolute ones stay absolute', () => {
  const dir = tempDir();
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    fs.mkdirSync('ck');
    updateCheckpointState('ck', 'ck/model-2', { allModelCheckpointPaths: ['ck/model-1', 'ck/model-2'] });
    assert.equal(fs.readFileSync('ck/checkpoint', 'utf8'), 'model_checkpoint_path: "model-2"\nall_model_checkpoint_paths: "model-1"\nall_model_checkpoint_paths: "model-2"\n');
    updateCheckpointState(path.join(dir, 'ck'), path.join(dir, 'ck/model-7'));
    assert.equal(fs.readFileSync('ck/checkpoint', 'utf8'), `model_checkpoint_path: "${dir}/ck/model-7"\nall_model_checkpoint_paths: "${dir}/ck/model-7"\n`);
    updateCheckpointState(path.join(dir, 'ck'), path.join(dir, 'ck/model-8'), { saveRelativePaths: true });
    assert.equal(fs.readFileSync('ck/checkpoint', 'utf8'), 'model_checkpoint_path: "model-8"\nall_model_checkpoint_paths: "model-8"\n');
    // the Saver with a relative prefix, as seed 002 uses it
    tf.withGraph(() => {
      new tf.Variable([1, 2, 3], { name: 'v' });
      const saver = new Saver();
      const sess = new tf.Session();
      sess.run(tf.globalVariablesInitializer());
      fs.mkdirSync('checkpoint_dir');
      assert.equal(saver.save(sess, 'checkpoint_dir/model.ckpt', { globalStep: 3 }), 'checkpoint_dir/model.ckpt-3');
      assert.match(fs.readFileSync('checkpoint_dir/checkpoint', 'utf8'), /^model_checkpoint_path: "model.ckpt-3"\nall_model_checkpoint_paths: "model.ckpt-3"\nall_model_checkpoint_timestamps: \d+(\.\d+)?\n$/);
      const ckpt = getCheckpointState('checkpoint_dir')!;
      assert.equal(ckpt.modelCheckpointPath, 'checkpoint_dir/model.ckpt-3');
      saver.restore(sess, ckpt.modelCheckpointPath);
      // a bare prefix in the current directory
      assert.equal(saver.save(sess, 'bare'), 'bare');
      assert.equal(fs.readFileSync('checkpoint', 'utf8').split('\n')[0], 'model_checkpoint_path: "bare"');
      assert.equal(latestCheckpoint(''), 'bare');
    });
  } finally {
    process.chdir(cwd);
  }
});

test('generateCheckpointStateProto appends the latest path and checks timestamps', () => {
  const s = generateCheckpointStateProto('/d', '/d/m-3', { allModelCheckpointPaths: ['/d/m-1'] });
  assert.deepEqual(s.allModelCheckpointPaths, ['/d/m-1', '/d/m-3']);
  assert.throws(() => generateCheckpointStateProto('/d', '/d/m-3', { allModelCheckpointPaths: ['/d/m-3'], allModelCheckpointTimestamps: [1, 2] }), /must match checkpoint paths/);
  assert.throws(() => updateCheckpointState('/d', '/d/checkpoint'), /conflicts with path used for checkpoint state/);
});

test('no state file, missing checkpoint files, corrupt state file', () => {
  const dir = tempDir();
  assert.equal(getCheckpointState(dir), null);
  assert.equal(latestCheckpoint(dir), null);
  assert.equal(getCheckpointState(path.join(dir, 'missing')), null);
  fs.writeFileSync(path.join(dir, 'checkpoint'), 'model_checkpoint_path: "gone-1"\n');
  assert.equal(getCheckpointState(dir)!.modelCheckpointPath, path.join(dir, 'gone-1'));
  assert.equal(latestCheckpoint(dir), null); // files are gone
  fs.writeFileSync(path.join(dir, 'checkpoint'), 'model_checkpoint_path: "unterminated\n');
  assert.equal(getCheckpointState(dir), null); // TF ignores an unparsable file with a warning
  fs.writeFileSync(path.join(dir, 'checkpoint'), 'all_model_checkpoint_paths: "x"\n');
  assert.throws(() => getCheckpointState(dir), /Invalid checkpoint state loaded from/);
});

test('state file updates are atomic: a failed write leaves the old file', () => {
  const dir = tempDir();
  const file = path.join(dir, 'checkpoint');
  updateCheckpointState(dir, path.join(dir, 'm-1'));
  const before = fs.readFileSync(file, 'utf8');
  assert.throws(() => writeFileAtomic(file, 'garbage', { beforeRename: () => { throw new Error('simulated crash'); } }), /simulated crash/);
  assert.equal(fs.readFileSync(file, 'utf8'), before);
  assert.deepEqual(fs.readdirSync(dir), ['checkpoint']);
});

test('listVariables / loadVariable / loadCheckpoint on TF\'s checkpoint (directory or prefix)', () => {
  const f = fixture('adam');
  assert.deepEqual(listVariables(f.dir), Object.keys(f.tensors).sort().map(k => [k, f.tensors[k].shape]));
  assertSameArray(loadVariable(f.dir, 'dense/w:0'), expectedArray(f.tensors['dense/w']));
  assertSameArray(loadVariable(path.join(f.dir, 'model.ckpt-2'), 'global_step'), new tf.NDArray('int64', [], BigInt64Array.of(2n)));
  const r = loadCheckpoint(f.path);
  assert.equal(r.getVariableToDtypeMap()['global_step'], 'int64');
  assert.deepEqual(r.getVariableToShapeMap()['dense/w/Adam'], [3, 2]);
  assert.ok(r.hasTensor('beta1_power') && !r.hasTensor('nope'));
  assert.throws(() => r.getTensor('nope'), (e: Error) => e instanceof tf.NotFoundError && e.message.startsWith('Key nope not found in checkpoint'));
  r.close();
  assert.throws(() => loadCheckpoint('/no/such/prefix'), (e: Error) => e instanceof tf.NotFoundError && /Failed to find any matching files for \/no\/such\/prefix/.test(e.message));
  const empty = tempDir();
  assert.throws(() => listVariables(empty), /Couldn't find 'checkpoint' file or checkpoints in given directory/);
});
