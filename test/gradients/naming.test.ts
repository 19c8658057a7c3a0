// Node names of gradient graphs against real TF (test/fixtures/gradients.json, "naming"):
// the driver's own nodes (grad_ys, AddN) and the `gradients/<op>_grad/` scopes must match;
// the names inside a scope come from each op's rule, and are compared where they agree.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '../../src/index.js';
import { gradients } from '../../src/gradients/index.js';

interface Naming { id: string; nodes: [string, string, string[]][]; grads: string[] }
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/gradients.json', import.meta.url), 'utf8')) as { naming: Naming[] };

const PROGRAMS: Record<string, () => (tf.Tensor | null)[]> = {
  add_square: () => {
    const x = tf.placeholder('float32', [2, 3], 'x');
    const b = tf.placeholder('float32', [3], 'b');
    return gradients(tf.reduceSum(tf.square(x.add(b))), [x, b]);
  },
  variable_two_paths: () => {
    const v = new tf.Variable(tf.constant([1, 2], 'float32'), { name: 'v' });
    return gradients(tf.reduceSum(v.mul(v)), [v]);
  },
  dense_layer: () => {
    const x = tf.placeholder('float32', [null, 3], 'x');
    const [w, b, y] = tf.nameScope('dense', () => {
      const w = new tf.Variable(tf.zeros([3, 2]), { name: 'kernel' });
      const b = new tf.Variable(tf.zeros([2]), { name: 'bias' });
      return [w, b, tf.matmul(x, w).add(b)] as const;
    });
    return gradients(tf.reduceMean(tf.square(y), { name: 'loss' }), [w, b]);
  },
  twice: () => {
    const x = tf.placeholder('float32', [3], 'x');
    const y = tf.exp(x);
    gradients(y, x);
    return gradients(y, x, tf.ones([3]), { name: 'my_grads' });
  },
};

/** `gradients/dense/add_grad/Sum` -> `gradients/dense/add_grad`: the scope a rule ran in. */
const ruleScope = (name: string) => /^(.*?_grad)\//.exec(name)?.[1] ?? null;
/** Nodes the driver makes itself (outside any rule's scope). */
const driverNodes = (nodes: [string, string, string[]][]) => nodes.filter(([n]) => !ruleScope(n)).map(([n, t, i]) => `${n} ${t} ${i.join(',')}`);

for (const c of fixture.naming) {
  test(`gradient node names as TF names them: ${c.id}`, () => {
    tf.withGraph(g => {
      const grads = PROGRAMS[c.id]();
      const ours = g.operations.filter(o => /^(gradients|my_grads)/.test(o.name))
        .map(o => [o.name, o.type, o.inputs.map(t => (t.valueIndex ? t.name : t.op.name))] as [string, string, string[]]);
      assert.deepEqual(driverNodes(ours), driverNodes(c.nodes), 'grad_ys and aggregation nodes');
      const scopes = (ns: [string, string, string[]][]) => [...new Set(ns.map(([n]) => ruleScope(n)).filter(Boolean))].sort();
      assert.deepEqual(scopes(ours), scopes(c.nodes), 'gradients/<op>_grad scopes');
      // result names: exact where the rules build what TF's build (Exp's rule names its Mul 'Mul', TF's 'mul')
      const norm = (n: string) => (c.id === 'twice' ? n.toLowerCase() : n);
      assert.deepEqual(grads.map(t => norm(t!.name)), c.grads.map(norm));
    });
  });
}
