// tf.train.AdamOptimizer (TF's training/adam.py): slots m and v per variable, and the
// graph-wide beta1_power / beta2_power variables advanced by _finish after the updates.

import type { Tensor } from '../framework/tensor.js';
import type { Operation } from '../framework/operation.js';
import { toNDArray } from '../framework/ndarray.js';
import { cast } from '../ops/math/cast.js';
import { group } from '../ops/control/stop_gradient.js';
import { operator } from '../ops/sugar.js';
import type { Variable } from '../ops/state/variable.js';
import { getDefaultGraph } from '../framework/graph.js';
import { Optimizer, ctorOptions, type Hyper } from './optimizer.js';
import { applyAdam } from './training_ops.js';

export interface AdamOptions { beta1?: number | Tensor; beta2?: number | Tensor; epsilon?: Hyper; useLocking?: boolean; name?: string }
type AllOptions = AdamOptions & { learningRate?: Hyper };

/**
 * Adam (Kingma & Ba): lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t); m = beta1 m + (1 - beta1) g;
 * v = beta2 v + (1 - beta2) g²; var -= lr_t m / (sqrt(v) + epsilon) (op ApplyAdam). Slots 'm'
 * and 'v' (`<var>/Adam`, `<var>/Adam_1`); `beta1_power`, `beta2_power` once per graph.
 * Defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8.
 *
 * ```ts
 * const w = new tf.Variable([1, 2], { name: 'weights', dtype: 'float32' });
 * const opt = new tf.train.AdamOptimizer(0.01);
 * const trainOp = opt.minimize(tf.reduceSum(tf.square(w)));
 * opt.getSlot(w, 'm').name;   // 'weights/Adam:0'
 * const sess = new tf.Session();
 * sess.run(tf.globalVariablesInitializer());
 * sess.run(trainOp);
 * sess.run(w);   // [0.99 1.99] (Adam's first step moves each weight by the learning rate)
 * ```
 */
export class AdamOptimizer extends Optimizer {
  private readonly lr: Hyper;
  private readonly beta1: number | Tensor;
  private readonly beta2: number | Tensor;
  private readonly epsilon: Hyper;
  private t: { lr: Tensor; beta1: Tensor; beta2: Tensor; epsilon: Tensor } | null = null;

  constructor(learningRate: Hyper | AllOptions = 0.001, opts: AdamOptions = {}) {
    const o = ctorOptions<AllOptions>(learningRate, opts);
    super(o.useLocking ?? false, o.name ?? 'Adam');
    this.lr = o.learningRate ?? 0.001;
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.epsilon = o.epsilon ?? 1e-8;
  }

  /** [beta1_power, beta2_power] of the default graph. */
  private betaAccumulators(): [Variable, Variable] {
    const g = getDefaultGraph();
    return [this._getNonSlotVariable('beta1_power', g)!, this._getNonSlotVariable('beta2_power', g)!];
  }

  protected override _createSlots(varList: Variable[]): void {
    const first = varList.reduce((a, b) => (b.name < a.name ? b : a));
    // a JS number is a Python float here: beta1_power is float32 even for beta1 = 1
    const initial = (b: number | Tensor) => (typeof b === 'number' ? toNDArray(b, 'float32') : b);
    this._createNonSlotVariable(initial(this.beta1), 'beta1_power', first);
    this._createNonSlotVariable(initial(this.beta2), 'beta2_power', first);
    for (const v of varList) {
      this._zerosSlot(v, 'm', this._name);
      this._zerosSlot(v, 'v', this._name);
    }
  }

  protected override _prepare(): void {
    const c = (x: Hyper, name: string) => this._hyper(this._callIfCallable(x), name);
    this.t = { lr: c(this.lr, 'learning_rate'), beta1: c(this.beta1, 'beta1'), beta2: c(this.beta2, 'beta2'), epsilon: c(this.epsilon, 'epsilon') };
  }

  protected override _applyDense(grad: Tensor, v: Variable): Operation {
    const m = this.getSlot(v, 'm')!, s = this.getSlot(v, 'v')!;
    const [b1p, b2p] = this.betaAccumulators();
    const t = this.t!, d = v.dtype;
    return applyAdam(v, m, s, cast(b1p, d), cast(b2p, d), cast(t.lr, d), cast(t.beta1, d), cast(t.beta2, d), cast(t.epsilon, d), grad,
      { useLocking: this._useLocking }).op;
  }

  protected override _finish(updateOps: Operation[], nameScope: string): Operation {
    const g = getDefaultGraph();
    const [updateBeta1, updateBeta2] = g.controlDependencies(updateOps, () => {
      const [b1p, b2p] = this.betaAccumulators();
      return [
        b1p.assign(operator.mul(b1p, this.t!.beta1), { useLocking: this._useLocking }),
        b2p.assign(operator.mul(b2p, this.t!.beta2), { useLocking: this._useLocking }),
      ];
    });
    return group([...updateOps, updateBeta1.op, updateBeta2.op], { name: nameScope });
  }
}
