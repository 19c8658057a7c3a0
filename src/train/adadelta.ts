// tf.train.AdadeltaOptimizer (TF's training/adadelta.py).

import type { Tensor } from '../framework/tensor.js';
import type { Operation } from '../framework/operation.js';
import { cast } from '../ops/math/cast.js';
import type { Variable } from '../ops/state/variable.js';
import { Optimizer, ctorOptions, type Hyper } from './optimizer.js';
import { applyAdadelta } from './training_ops.js';

export interface AdadeltaOptions { rho?: Hyper; epsilon?: Hyper; useLocking?: boolean; name?: string }
type AllOptions = AdadeltaOptions & { learningRate?: Hyper };

/**
 * Adadelta (Zeiler, 2012) with a learning rate (op ApplyAdadelta); slots 'accum' and
 * 'accum_update' (`<var>/Adadelta`, `<var>/Adadelta_1`). Defaults: learningRate 0.001,
 * rho 0.95, epsilon 1e-8; use learningRate 1.0 for the paper's form.
 *
 * ```ts
 * const opt = new tf.train.AdadeltaOptimizer(1.0, { rho: 0.95, epsilon: 1e-6 });
 * const w = new tf.Variable([1, 2], { name: 'w', dtype: 'float32' });
 * opt.minimize(tf.reduceSum(tf.square(w)));
 * opt.getSlotNames();   // ['accum', 'accum_update']
 * ```
 */
export class AdadeltaOptimizer extends Optimizer {
  private readonly lr: Hyper;
  private readonly rho: Hyper;
  private readonly epsilon: Hyper;
  private lrT: Tensor | null = null;
  private rhoT: Tensor | null = null;
  private epsilonT: Tensor | null = null;

  constructor(learningRate: Hyper | AllOptions = 0.001, opts: AdadeltaOptions = {}) {
    const o = ctorOptions<AllOptions>(learningRate, opts);
    super(o.useLocking ?? false, o.name ?? 'Adadelta');
    this.lr = o.learningRate ?? 0.001;
    this.rho = o.rho ?? 0.95;
    this.epsilon = o.epsilon ?? 1e-8;
  }

  protected override _createSlots(varList: Variable[]): void {
    for (const v of varList) {
      this._zerosSlot(v, 'accum', this._name);
      this._zerosSlot(v, 'accum_update', this._name);
    }
  }

  protected override _prepare(): void {
    this.lrT = this._hyper(this._callIfCallable(this.lr), 'lr');
    this.rhoT = this._hyper(this._callIfCallable(this.rho), 'rho');
    this.epsilonT = this._hyper(this._callIfCallable(this.epsilon), 'epsilon');
  }

  protected override _applyDense(grad: Tensor, v: Variable): Operation {
    const accum = this.getSlot(v, 'accum')!, accumUpdate = this.getSlot(v, 'accum_update')!;
    return applyAdadelta(v, accum, accumUpdate, cast(this.lrT!, v.dtype), cast(this.rhoT!, v.dtype), cast(this.epsilonT!, v.dtype),
      grad, { useLocking: this._useLocking }).op;
  }
}
