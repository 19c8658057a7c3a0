// tf.train.AdagradOptimizer (TF's training/adagrad.py).

import type { Tensor } from '../framework/tensor.js';
import type { Operation } from '../framework/operation.js';
import { ValueError } from '../framework/errors.js';
import { convertToTensor } from '../ops/core.js';
import { cast } from '../ops/math/cast.js';
import { fill } from '../ops/array/fill.js';
import { shape as shapeOf } from '../ops/array/shape.js';
import type { Variable } from '../ops/state/variable.js';
import { constantInitializer } from '../ops/state/variable_scope.js';
import { Optimizer, ctorOptions, pyFloat, type Hyper } from './optimizer.js';
import { applyAdagrad } from './training_ops.js';

export interface AdagradOptions { initialAccumulatorValue?: number; useLocking?: boolean; name?: string }
type AllOptions = AdagradOptions & { learningRate: Hyper };

/**
 * Adagrad: accum += grad²; var -= learningRate * grad / sqrt(accum) (op ApplyAdagrad). The
 * 'accumulator' slot (`<var>/Adagrad`) starts at `initialAccumulatorValue` (0.1).
 *
 * ```ts
 * const w = new tf.Variable(1, { name: 'w', dtype: 'float32' });
 * const opt = new tf.train.AdagradOptimizer(0.1);
 * const trainOp = opt.applyGradients([[tf.constant(0.3, 'float32'), w]]);
 * const sess = new tf.Session();
 * sess.run(tf.globalVariablesInitializer());
 * sess.run(trainOp);
 * sess.run(opt.getSlot(w, 'accumulator'));   // 0.19
 * sess.run(w);   // 0.93117
 * ```
 */
export class AdagradOptimizer extends Optimizer {
  private readonly learningRate: Hyper;
  private readonly initialAccumulatorValue: number;
  private lrT: Tensor | null = null;

  constructor(learningRate: Hyper | AllOptions, opts: AdagradOptions = {}) {
    const o = ctorOptions<AllOptions>(learningRate, opts);
    const init = o.initialAccumulatorValue ?? 0.1;
    if (!(init > 0)) throw new ValueError(`initial_accumulator_value must be positive: ${pyFloat(init)}`);
    super(o.useLocking ?? false, o.name ?? 'Adagrad');
    this.learningRate = o.learningRate;
    this.initialAccumulatorValue = init;
  }

  protected override _createSlots(varList: Variable[]): void {
    for (const v of varList) {
      if (v.shape.isFullyDefined) {
        this._getOrMakeSlotWithInitializer(v, constantInitializer(this.initialAccumulatorValue), v.shape, v.dtype, 'accumulator', this._name);
      } else {
        const val = v.graph.asDefault(() => fill(shapeOf(v.initializedValue()), convertToTensor(this.initialAccumulatorValue, { dtype: v.dtype })));
        this._getOrMakeSlot(v, val, 'accumulator', this._name);
      }
    }
  }

  protected override _prepare(): void {
    this.lrT = this._hyper(this._callIfCallable(this.learningRate), 'learning_rate');
  }

  protected override _applyDense(grad: Tensor, v: Variable): Operation {
    const acc = this.getSlot(v, 'accumulator')!;
    return applyAdagrad(v, acc, cast(this.lrT!, v.dtype), grad, { useLocking: this._useLocking }).op;
  }
}
