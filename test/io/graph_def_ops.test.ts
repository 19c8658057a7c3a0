// Every op type through a GraphDef: each row of the gradient spec tables (which between
// them build every differentiable op) is built with its gradient graph, exported, imported
// into a fresh graph, exported again (same GraphDef) and run (same numbers). Checks the attr
// mapping both ways for the forward and the gradient op types.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { asGraphDef, serializeGraphDef } from '../../src/io/graph_def.js';
import { importGraphDef } from '../../src/io/import_graph_def.js';
import { opSignature } from '../../src/io/attr_map.js';
import { drawValues, rng } from '../harness/numeric_grad.js';
import { type GradSpec, Unavailable } from '../gradients/grad_spec.js';
import { MATH_SPECS } from '../gradients/grad_specs_math.js';
import { ARRAY_SPECS } from '../gradients/grad_specs_array.js';
import { LINALG_SPECS } from '../gradients/grad_specs_linalg.js';
import { NN_SPECS } from '../gradients/grad_specs_nn.js';

const SPECS: GradSpec[] = [...MATH_SPECS, ...ARRAY_SPECS, ...LINALG_SPECS, ...NN_SPECS];
const label = (row: GradSpec) => `${row.type}${row.variant ? ` (${row.variant})` : ''}`;

/** The row's graph with its gradients; the fetches are the outputs and the gradients. */
function buildRow(row: GradSpec): { g: tf.Graph; fetches: string[]; feeds: [string, tf.NDArray][] } {
  return tf.withGraph(g => {
    const rand = rng(99);
    const phs = row.inputs.map((x, i) => tf.placeholder('float64', x.staticShape === undefined ? x.shape : x.staticShape, `x${i}`));
    const built = row.build(phs);
    const ys = (Array.isArray(built) ? built : [built]);
    const fys = ys.filter(y => y.dtype === 'float64');
    const grads = fys.length ? tf.gradients(fys, phs).filter((d): d is tf.Tensor => d !== null) : [];
    const feeds = row.inputs.map((x, i) => [phs[i].name, new tf.NDArray('float64', x.shape, Float64Array.from(drawValues(x, rand)))] as [string, tf.NDArray]);
    return { g, fetches: [...ys, ...grads].map(t => t.name), feeds };
  });
}

function run(g: tf.Graph, fetches: string[], feeds: [string, tf.NDArray][]): tf.NDArray[] {
  const sess = new tf.Session({ graph: g });
  const out = sess.run(fetches.map(f => g.getTensorByName(f)), feeds.map(([n, v]) => [g.getTensorByName(n), v] as [tf.Tensor, tf.NDArray])) as tf.NDArray[];
  sess.close();
  return out;
}

describe('every op type survives export -> import -> export, and runs the same', () => {
  const seen = new Set<string>();
  for (const row of SPECS) {
    const skip = !tf.getOpDef(row.type) ? `op type ${row.type} is not registered yet` : false;
    test(label(row), { skip }, t => {
      let built;
      try {
        built = buildRow(row);
      } catch (e) {
        if (e instanceof Unavailable) { t.skip(e.message); return; }
        throw e;
      }
      const { g, fetches, feeds } = built;
      for (const op of g.operations) seen.add(op.type);
      const gd = asGraphDef(g, { addShapes: true });
      tf.withGraph(g2 => {
        importGraphDef(serializeGraphDef(gd), { name: '' });
        assert.deepEqual(asGraphDef(g2, { addShapes: true }), gd);
        const [a, b] = [run(g, fetches, feeds), run(g2, fetches, feeds)];
        a.forEach((x, i) => {
          assert.equal(b[i].dtype, x.dtype, fetches[i]);
          assert.deepEqual([...b[i].shape], [...x.shape], fetches[i]);
          assert.deepEqual(b[i].toFlat(), x.toFlat(), fetches[i]);
        });
      });
    });
  }
  test('the op types exercised all have TF signatures', () => {
    const without = [...seen].filter(t => !opSignature(t)).sort();
    assert.deepEqual(without, [], `op types without a signature in src/io/op_signatures.ts (rerun tools/gen_graphdef_fixtures.py): ${without.join(', ')}`);
  });
});
