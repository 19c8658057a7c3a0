// Gradients of gradients, numerically: for every row of the gradient spec tables, the
// first derivative x ↦ tf.gradients(f(x), x) is itself a graph, and its gradient (built
// from the rules' ops) is checked against central differences. Rules whose result cannot
// be differentiated again are listed with the reason.

import { test, describe } from 'node:test';
import * as tf from '../../src/index.js';
import { gradients } from '../../src/gradients/index.js';
import { checkGradients } from '../harness/numeric_grad.js';
import { type GradSpec, Unavailable } from './grad_spec.js';
import { MATH_SPECS } from './grad_specs_math.js';
import { ARRAY_SPECS } from './grad_specs_array.js';
import { LINALG_SPECS } from './grad_specs_linalg.js';
import { NN_SPECS } from './grad_specs_nn.js';

/** Rows whose first derivative is not differentiable again here, and why. */
const KNOWN: Record<string, string> = {
  Angle: 'its rule builds complex Mul and Reciprocal, whose gradients lack conj (see the complex Mul row)',
  'SoftmaxCrossEntropyWithLogits (d/dlabels too)': "the labels' effect on the backprop output is ignored, as in TF's _SoftmaxCrossEntropyWithLogitsGrad",
};

const label = (row: GradSpec) => `${row.type}${row.variant ? ` (${row.variant})` : ''}`;

/** x ↦ the first derivatives of row.build at x (null ones dropped; the y's weighted to avoid symmetric sums). */
function firstDerivative(row: GradSpec) {
  return (xs: tf.Tensor[]): tf.Tensor[] => {
    const built = row.build(xs);
    const ys = (Array.isArray(built) ? built : [built]).filter(y => y.dtype === 'float64');
    const weighted = ys.map((y, i) => {
      const w = tf.reshape(tf.add(tf.mul(tf.cast(tf.range(0, tf.size(y), 1), 'float64'), 0.25), i + 1), tf.shape(y));
      return tf.reduceSum(tf.mul(y, w));
    });
    const gs = gradients(weighted, xs).filter((g): g is tf.Tensor => g !== null);
    if (!gs.length) throw new Unavailable('the first derivative is null');
    return gs;
  };
}

describe('second derivatives of every op (float64 central differences)', () => {
  for (const row of [...MATH_SPECS, ...ARRAY_SPECS, ...LINALG_SPECS, ...NN_SPECS]) {
    const def = tf.getOpDef(row.type);
    const skip = !def ? `op type ${row.type} is not registered yet` : false;
    test(label(row), { skip, todo: KNOWN[label(row)] ?? row.todo }, t => {
      try {
        checkGradients(firstDerivative(row), row.inputs, { ...row.opts, what: `d² ${label(row)}`, rtol: Math.max(row.opts?.rtol ?? 0, 1e-5) });
      } catch (e) {
        if (e instanceof Unavailable) { t.skip(e.message); return; }
        throw e;
      }
    });
  }
});
