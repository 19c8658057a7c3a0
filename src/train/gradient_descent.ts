// tf.train.GradientDescentOptimizer (TF's training/gradient_descent.py).

import type { Tensor } from '../framework/tensor.js';
import type { Operation } from '../framework/operation.js';
import { cast } from '../ops/math/cast.js';
import type { Variable } from '../ops/state/variable.js';
import { Optimizer, ctorOptions, type Hyper } from './optimizer.js';
import { applyGradientDescent } from './training_ops.js';

export interface GradientDescentOptions { useLocking?: boolean; name?: string }

/**
 * Plain gradient descent: var -= learningRate * grad (op ApplyGradientDescent).
 *
 * ```ts
 * const w = new tf.Variable([1, 2], { name: 'w', dtype: 'float32' });
 * const trainOp = new tf.train.GradientDescentOptimizer(0.5).applyGradients([[tf.constant([2, 2], 'float32'), w]]);
 * const sess = new tf.Session();
 * sess.run(tf.globalVariablesInitializer());
 * sess.run(trainOp);
 * sess.run(w);   // [0 1]
 * ```
 */
export class GradientDescentOptimizer extends Optimizer {
  private readonly learningRate: Hyper;
  private lrT: Tensor | null = null;

  constructor(learningRate: Hyper | (GradientDescentOptions & { learningRate: Hyper }), opts: GradientDescentOptions = {}) {
    const o = ctorOptions<GradientDescentOptions & { learningRate: Hyper }>(learningRate, opts);
    super(o.useLocking ?? false, o.name ?? 'GradientDescent');
    this.learningRate = o.learningRate;
  }

  protected override _prepare(): void {
    this.lrT = this._hyper(this._callIfCallable(this.learningRate), 'learning_rate');
  }

  protected override _applyDense(grad: Tensor, v: Variable): Operation {
    return applyGradientDescent(v, cast(this.lrT!, v.dtype), grad, { useLocking: this._useLocking }).op;
  }
}
