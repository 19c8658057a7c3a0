// Every optimizer against real TF: 10 steps of applyGradients with TF's own gradients fed
// through placeholders give TF's trajectory (float32, to a few ulps), TF's slot values,
// slot names, variables() and train op.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { fixture, buildProblem, makeOptimizer, nd, assertClose, values } from './fixture.js';

for (const tr of fixture.trajectories) {
  test(`applyGradients ${tr.config} on ${tr.problem} (${tr.dtype}) follows TF's trajectory`, () => {
    tf.withGraph(() => {
      const { vars, feeds } = buildProblem(tr.problem, tr.dtype);
      const grads = vars.map((v, i) => tf.placeholder(tr.dtype, v.shape.dims as number[], `grad_${i}`));
      const opt = makeOptimizer(tr.opt);
      const trainOp = opt.applyGradients(vars.map((v, i) => [grads[i], v] as const));
      assert.deepEqual([trainOp.name, trainOp.type], tr.train_op);
      assert.deepEqual(opt.getSlotNames(), tr.slot_names);
      assert.deepEqual(opt.variables().map(v => v.name), tr.variables);
      const sess = new tf.Session();
      sess.run(tf.globalVariablesInitializer());
      const rtol = tr.dtype === 'float64' ? 1e-12 : 2e-6, atol = tr.dtype === 'float64' ? 1e-14 : 1e-7;
      tr.steps.forEach((step, k) => {
        const feed: [tf.Tensor, tf.NDArray][] = [...feeds, ...grads.map((g, i) => [g, nd(step.grads[i], tr.dtype)] as [tf.Tensor, tf.NDArray])];
        sess.run(trainOp, feed);
        vars.forEach((v, i) => assertClose(values(sess.run(v)), step.values[i].values, `step ${k + 1} ${v.name}`, rtol, atol));
      });
      for (const [key, slot] of Object.entries(tr.slots)) {
        const [varName, slotName] = key.split(':');
        const v = vars.find(x => x.op.name === varName)!;
        const s = opt.getSlot(v, slotName);
        assert.ok(s, `slot ${slotName} of ${varName}`);
        assert.equal(s.name, slot.name);
        assert.equal(s.trainable, false);
        assertClose(values(sess.run(s)), slot.value.values, `slot ${key}`, rtol, atol);
      }
      sess.close();
    });
  });
}
