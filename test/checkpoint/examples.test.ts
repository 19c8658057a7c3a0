// The checkpoint examples of seeds 002 and 003 (examples/checkpoints/).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { saveAndRestore } from '../../examples/checkpoints/seed002_save_restore.js';
import { trainAndSave } from '../../examples/checkpoints/seed003_model_saving.js';
import { tempDir } from './fixture.js';

test('seed 002: save, then getCheckpointState + restore in a new session gives the same model', () => {
  const dir = path.join(tempDir(), 'checkpoint_dir');
  const r = saveAndRestore(dir, 20);
  assert.equal(r.savedPath, path.join(dir, 'model.ckpt'));
  assert.equal(r.lossAfterRestore, r.lossBeforeSave);
  assert.equal(r.emptyDirState, null);
  assert.deepEqual(r.files, ['checkpoint', 'model.ckpt.data-00000-of-00001', 'model.ckpt.index', 'model.ckpt.meta']);
});

test('seed 003: periodic saves during minibatch training, maxToKeep, restore from the .meta alone', () => {
  const dir = tempDir();
  const r = trainAndSave(dir, 25);
  assert.deepEqual(r.kept, ['my_model.ckpt-50', 'my_model.ckpt-100', 'my_model_final.ckpt'].sort());
  assert.deepEqual([...r.restoredTheta], [...r.bestTheta]);
  assert.equal(r.restoredMse, r.mse);
});
