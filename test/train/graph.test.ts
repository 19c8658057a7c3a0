// The nodes applyGradients adds are TF's: names, op types, inputs (data inputs in order,
// control inputs as a set), for every optimizer and with a global step.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import * as train from '../../src/train/index.js';
import { fixture, makeOptimizer } from './fixture.js';

for (const gc of fixture.graphs) {
  test(`applyGradients ${gc.config}${gc.global_step ? ' with a global step' : ''} builds TF's nodes`, () => {
    tf.withGraph(() => {
      const g = tf.getDefaultGraph();
      const w = new tf.Variable([[1.0, 2.0], [3.0, 4.0]], { name: 'weights', dtype: 'float32' });
      const grad = tf.placeholder('float32', [2, 2], 'grad');
      const gs = gc.global_step ? train.getOrCreateGlobalStep() : null;
      const opt = makeOptimizer(gc.opt);
      const n0 = g.operations.length;
      const trainOp = opt.applyGradients([[grad, w]], { globalStep: gs });
      const nodes = g.operations.slice(n0).map(op => [
        op.name, op.type,
        [...op.inputs.map(t => (t.valueIndex ? t.name : t.op.name)), ...op.controlInputs.map(c => `^${c.name}`).sort()],
      ]);
      assert.deepEqual(nodes, gc.nodes);
      assert.deepEqual([trainOp.name, trainOp.type], gc.train_op);
      assert.deepEqual(tf.globalVariables().map(v => v.name), gc.global_variables);
      assert.deepEqual(g.getCollection<tf.Operation>(tf.GraphKeys.TRAIN_OP).map(o => o.name), gc.train_op_collection);
    });
  });
}
