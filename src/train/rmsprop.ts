// tf.train.RMSPropOptimizer (TF's training/rmsprop.py), plain or centered.

import type { Tensor } from '../framework/tensor.js';
import type { Operation } from '../framework/operation.js';
import { cast } from '../ops/math/cast.js';
import { onesLike } from '../ops/array/fill.js';
import type { Variable } from '../ops/state/variable.js';
import { onesInitializer } from '../ops/state/variable_scope.js';
import { Optimizer, ctorOptions, type Hyper } from './optimizer.js';
import { applyCenteredRMSProp, applyRMSProp } from './training_ops.js';

export interface RMSPropOptions {
  decay?: Hyper; momentum?: Hyper; epsilon?: Hyper; useLocking?: boolean; centered?: boolean; name?: string;
}
type AllOptions = RMSPropOptions & { learningRate: Hyper };

/**
 * RMSProp: ms = decay * ms + (1 - decay) * grad²; mom = momentum * mom + lr * grad / sqrt(ms + eps);
 * var -= mom (op ApplyRMSProp). With `centered`, the mean gradient mg is tracked too and
 * ms - mg² is used (op ApplyCenteredRMSProp). Slots: 'rms' (starts at 1, `<var>/RMSProp`),
 * 'mg' when centered, 'momentum'. Defaults: decay 0.9, momentum 0, epsilon 1e-10.
 *
 * ```ts
 * const opt = new tf.train.RMSPropOptimizer(0.01, { momentum: 0.9, centered: true });
 * const w = new tf.Variable([1, 2], { name: 'w', dtype: 'float32' });
 * opt.minimize(tf.reduceSum(tf.square(w)));
 * opt.variables().map(v => v.name);   // ['w/RMSProp:0', 'w/RMSProp_1:0', 'w/RMSProp_2:0'] (rms, mg, momentum)
 * ```
 */
export class RMSPropOptimizer extends Optimizer {
  private readonly learningRate: Hyper;
  private readonly decay: Hyper;
  private readonly momentum: Hyper;
  private readonly epsilon: Hyper;
  private readonly centered: boolean;
  private t: { lr: Tensor; decay: Tensor; momentum: Tensor; epsilon: Tensor } | null = null;

  constructor(learningRate: Hyper | AllOptions, opts: RMSPropOptions = {}) {
    const o = ctorOptions<AllOptions>(learningRate, opts);
    super(o.useLocking ?? false, o.name ?? 'RMSProp');
    this.learningRate = o.learningRate;
    this.decay = o.decay ?? 0.9;
    this.momentum = o.momentum ?? 0.0;
    this.epsilon = o.epsilon ?? 1e-10;
    this.centered = o.centered ?? false;
  }

  protected override _createSlots(varList: Variable[]): void {
    for (const v of varList) {
      if (v.shape.isFullyDefined) this._getOrMakeSlotWithInitializer(v, onesInitializer(), v.shape, v.dtype, 'rms', this._name);
      else this._getOrMakeSlot(v, v.graph.asDefault(() => onesLike(v.initializedValue())), 'rms', this._name);
      if (this.centered) this._zerosSlot(v, 'mg', this._name);
      this._zerosSlot(v, 'momentum', this._name);
    }
  }

  protected override _prepare(): void {
    const c = (x: Hyper, name: string) => this._hyper(this._callIfCallable(x), name);
    this.t = { lr: c(this.learningRate, 'learning_rate'), decay: c(this.decay, 'decay'), momentum: c(this.momentum, 'momentum'), epsilon: c(this.epsilon, 'epsilon') };
  }

  protected override _applyDense(grad: Tensor, v: Variable): Operation {
    const rms = this.getSlot(v, 'rms')!, mom = this.getSlot(v, 'momentum')!;
    const t = this.t!, d = v.dtype;
    const opts = { useLocking: this._useLocking };
    if (this.centered) {
      const mg = this.getSlot(v, 'mg')!;
      return applyCenteredRMSProp(v, mg, rms, mom, cast(t.lr, d), cast(t.decay, d), cast(t.momentum, d), cast(t.epsilon, d), grad, opts).op;
    }
    return applyRMSProp(v, rms, mom, cast(t.lr, d), cast(t.decay, d), cast(t.momentum, d), cast(t.epsilon, d), grad, opts).op;
  }
}
