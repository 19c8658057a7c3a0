// The global step (TF's training/training_util.py): an int64 scalar variable 'global_step'
// in the GLOBAL_STEP and GLOBAL_VARIABLES collections, not trainable, counting training steps.

import { type Graph, GraphKeys, getDefaultGraph } from '../framework/graph.js';
import { Tensor } from '../framework/tensor.js';
import { ValueError } from '../framework/errors.js';
import { isInteger } from '../framework/dtypes.js';
import { Variable } from '../ops/state/variable.js';
import { getVariable, zerosInitializer } from '../ops/state/variable_scope.js';

export type GlobalStep = Variable | Tensor;

/** Checks that `t` can serve as the global step: an integer scalar Variable or Tensor (tf.train.assert_global_step). */
export function assertGlobalStep(t: unknown): asserts t is GlobalStep {
  if (!(t instanceof Variable) && !(t instanceof Tensor)) throw new TypeError(`Existing "global_step" must be a Variable or Tensor: ${String(t)}.`);
  if (!isInteger(t.dtype)) throw new TypeError(`Existing "global_step" does not have integer type: <dtype: '${t.dtype}'>`);
  if (t.shape.rank !== 0 && t.shape.rank !== null && t.shape.isFullyDefined) {
    throw new TypeError(`Existing "global_step" is not scalar: ${t.shape.toString()}`);
  }
}

/**
 * The global step of `graph` (default graph): the one item of the GLOBAL_STEP collection, or
 * the tensor 'global_step:0', or null (tf.train.get_global_step).
 */
export function getGlobalStep(graph?: Graph): GlobalStep | null {
  const g = graph ?? getDefaultGraph();
  const col = g.getCollection<GlobalStep>(GraphKeys.GLOBAL_STEP);
  let t: GlobalStep;
  if (col.length === 1) t = col[0];
  else if (col.length === 0) {
    if (!g.hasOperation('global_step')) return null;
    t = g.getTensorByName('global_step:0');
  } else {
    process.stderr.write('Multiple tensors in global_step collection.\n');
    return null;
  }
  assertGlobalStep(t);
  return t;
}

/**
 * Creates the global step variable (tf.train.create_global_step): int64 'global_step',
 * initialized to 0, in GLOBAL_VARIABLES and GLOBAL_STEP. Throws if one exists.
 *
 * ```ts
 * const step = tf.train.createGlobalStep();   // <tf.Variable 'global_step:0' shape=() dtype=int64_ref>
 * ```
 */
export function createGlobalStep(graph?: Graph): Variable {
  const g = graph ?? getDefaultGraph();
  if (getGlobalStep(g) !== null) throw new ValueError('"global_step" already exists.');
  return g.asDefault(() => g.nameScope(null, () => getVariable(GraphKeys.GLOBAL_STEP, [], {
    dtype: 'int64', initializer: zerosInitializer(), trainable: false,
    collections: [GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP],
  })));
}

/**
 * The global step of `graph`, created if missing (tf.train.get_or_create_global_step).
 *
 * ```ts
 * const w = new tf.Variable(1, { name: 'w', dtype: 'float32' });
 * const step = tf.train.getOrCreateGlobalStep();
 * const trainOp = new tf.train.AdamOptimizer(0.01).minimize(tf.square(w), { globalStep: step });
 * const sess = new tf.Session();
 * sess.run(tf.globalVariablesInitializer());
 * sess.run(trainOp);
 * tf.train.globalStep(sess, step);   // 1
 * ```
 */
export function getOrCreateGlobalStep(graph?: Graph): GlobalStep {
  return getGlobalStep(graph) ?? createGlobalStep(graph);
}

/** The global step's value in `sess` as a number (tf.train.global_step). */
export function globalStep(sess: { run(t: Tensor): unknown }, globalStepTensor: GlobalStep): number {
  const t = globalStepTensor instanceof Variable ? globalStepTensor.toTensor() : globalStepTensor;
  const v = sess.run(t) as { data: ArrayLike<number | bigint> };
  return Number(v.data[0]);
}
