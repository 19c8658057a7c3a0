// tf.train.MomentumOptimizer (TF's training/momentum.py), with Nesterov's variant.

import type { Tensor } from '../framework/tensor.js';
import type { Operation } from '../framework/operation.js';
import { cast } from '../ops/math/cast.js';
import type { Variable } from '../ops/state/variable.js';
import { Optimizer, ctorOptions, type Hyper } from './optimizer.js';
import { applyMomentum } from './training_ops.js';

export interface MomentumOptions { useLocking?: boolean; name?: string; useNesterov?: boolean }
type AllOptions = MomentumOptions & { learningRate: Hyper; momentum: Hyper };

/**
 * Momentum: accum = momentum * accum + grad; var -= learningRate * accum (op ApplyMomentum).
 * One slot per variable, 'momentum' (variable `<var>/Momentum`).
 *
 * ```ts
 * const w = new tf.Variable(1, { name: 'w', dtype: 'float32' });
 * const opt = new tf.train.MomentumOptimizer(0.1, 0.9);
 * const trainOp = opt.applyGradients([[tf.constant(1, 'float32'), w]]);
 * const sess = new tf.Session();
 * sess.run(tf.globalVariablesInitializer());
 * sess.run(trainOp);
 * sess.run(trainOp);
 * sess.run(opt.getSlot(w, 'momentum'));   // 1.9
 * sess.run(w);   // 0.71
 * ```
 */
export class MomentumOptimizer extends Optimizer {
  private readonly learningRate: Hyper;
  private readonly momentum: Hyper;
  private readonly useNesterov: boolean;
  private lrT: Tensor | null = null;
  private momentumT: Tensor | null = null;

  constructor(learningRate: Hyper | AllOptions, momentum?: Hyper, opts: MomentumOptions = {}) {
    const o = ctorOptions<AllOptions>(learningRate, opts, { momentum });
    super(o.useLocking ?? false, o.name ?? 'Momentum');
    if (o.momentum === undefined) throw new TypeError("MomentumOptimizer() missing 1 required positional argument: 'momentum'");
    this.learningRate = o.learningRate;
    this.momentum = o.momentum;
    this.useNesterov = o.useNesterov ?? false;
  }

  protected override _createSlots(varList: Variable[]): void {
    for (const v of varList) this._zerosSlot(v, 'momentum', this._name);
  }

  protected override _prepare(): void {
    this.lrT = this._hyper(this._callIfCallable(this.learningRate), 'learning_rate');
    this.momentumT = this._hyper(this._callIfCallable(this.momentum), 'momentum');
  }

  protected override _applyDense(grad: Tensor, v: Variable): Operation {
    const mom = this.getSlot(v, 'momentum')!;
    return applyMomentum(v, mom, cast(this.lrT!, v.dtype), grad, cast(this.momentumT!, v.dtype),
      { useLocking: this._useLocking, useNesterov: this.useNesterov }).op;
  }
}
