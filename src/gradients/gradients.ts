// tf.gradients: reverse-mode differentiation by building graph ops (TF's
// gradients_util._GradientsHelper). The ops between xs and ys are visited in reverse
// topological order; each op's gradient rule runs in the scope `gradients/<op>_grad/`;
// several gradients arriving at one tensor are summed with AddN; broadcasting is undone
// by sumToInput(). Because the rules build ordinary ops, gradients of gradients work.

import { isComplex, isFloating, isInteger } from '../framework/dtypes.js';
import type { Graph } from '../framework/graph.js';
import type { Operation } from '../framework/operation.js';
import { Tensor } from '../framework/tensor.js';
import { ShapeError, ValueError } from '../framework/errors.js';
import { convertToTensor, identity, isTensorConvertible, withScope, type TensorLike } from '../ops/core.js';
import { Variable } from '../ops/state/variable.js';
import { addN } from '../ops/math/add_n.js';
import { ones, zerosLike } from '../ops/array/fill.js';
import { shape as shapeOf } from '../ops/array/shape.js';
import { group } from '../ops/control/stop_gradient.js';
import { betweenOps, isTrainable } from './between.js';
import { isNotDifferentiable } from './not_differentiable.js';
import { sumToInput } from './unbroadcast.js';

/** How several gradients reaching one tensor are summed (tf.AggregationMethod). */
export const AggregationMethod = {
  /** One AddN over all terms (the default). */
  ADD_N: 0,
  DEFAULT: 0,
  /** Pairwise AddN in a `<op>_gradient_sum` scope. */
  EXPERIMENTAL_TREE: 1,
  EXPERIMENTAL_ACCUMULATE_N: 2,
} as const;
export type AggregationMethod = (typeof AggregationMethod)[keyof typeof AggregationMethod];

/** What an x that ys do not depend on gets (tf.UnconnectedGradients). */
export const UnconnectedGradients = { NONE: 'none', ZERO: 'zero' } as const;
export type UnconnectedGradients = (typeof UnconnectedGradients)[keyof typeof UnconnectedGradients];

export interface GradientsOptions {
  /** The name scope of the gradient ops (default 'gradients', uniquified). */
  name?: string;
  /** Tensors treated as constants: no gradient flows through them. */
  stopGradients?: TensorLike | readonly TensorLike[];
  aggregationMethod?: AggregationMethod;
  unconnectedGradients?: UnconnectedGradients;
  /** Accepted for TF compatibility; there are no devices to colocate on. */
  colocateGradientsWithOps?: boolean;
  /**
   * Gate each op's input gradients: none is released before all are computed (TF's
   * gate_gradients, as optimizers' GATE_OP uses it; nodes `<op>_grad/tuple/...`).
   */
  gateGradients?: boolean;
}

/** TF's LookupError: an op on the path has no gradient rule. */
export class LookupError extends Error {
  override name = 'LookupError';
}

type Many<T> = T | readonly T[];

const OPTION_KEYS = ['name', 'stopGradients', 'aggregationMethod', 'unconnectedGradients', 'colocateGradientsWithOps', 'gateGradients'];
/** A plain options object (never a value for grad_ys, which are tensors, arrays or NDArrays). */
function isOptions(x: unknown): x is GradientsOptions {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || ArrayBuffer.isView(x) || x instanceof Tensor || isTensorConvertible(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return (proto === Object.prototype || proto === null) && Object.keys(x).every(k => OPTION_KEYS.includes(k));
}
type GradY = TensorLike | null | undefined;

function asList<T>(x: Many<T>): T[] {
  return Array.isArray(x) ? [...(x as readonly T[])] : [x as T];
}

/** ys and grad_ys: tensors; a Variable means its value (the `read` snapshot). */
function toTensor(x: TensorLike, what: string): Tensor {
  if (x === null || x === undefined) throw new TypeError(`${what} must be a Tensor or Variable, got ${String(x)}.`);
  return convertToTensor(x, { name: what });
}

/** xs: a Variable means the variable itself (its VariableV2 ref, as TF's as_ref=True). */
function toX(x: TensorLike): Tensor {
  if (x instanceof Variable) return x.ref;
  if (x instanceof Tensor) return x;
  if (isTensorConvertible(x)) return x.toTensor();
  throw new TypeError(`xs must be Tensors or Variables, got ${x === null || x === undefined ? String(x) : typeof x}.`);
}

/**
 * Symbolic derivatives of sum(ys) with respect to each of xs (tf.gradients). Returns one
 * tensor per x, or null when no y depends on that x. `gradYs` are the initial gradients of
 * the ys (ones by default); the gradient ops are built under the scope `gradients/`.
 *
 * ```ts
 * const x = tf.placeholder('float32', [3], 'x');
 * const y = tf.reduceSum(tf.square(x));
 * const [dx] = tf.gradients(y, x);   // 2 * x
 * new tf.Session().run(dx, [[x, [1, 2, 3]]]);   // [2. 4. 6.]
 * ```
 *
 * The options may also come third: `tf.gradients(loss, vars, {stopGradients: [t]})`.
 */
export function gradients(ys: Many<TensorLike>, xs: Many<TensorLike>, gradYs?: Many<GradY> | null | GradientsOptions, opts: GradientsOptions = {}): (Tensor | null)[] {
  if (isOptions(gradYs)) { opts = gradYs; gradYs = null; }
  const yList = asList(ys).map(y => toTensor(y, 'y'));
  const xList = asList(xs).map(toX);
  const stops = opts.stopGradients === undefined ? [] : asList(opts.stopGradients).map(s => toX(s));
  const gyList: GradY[] = gradYs === undefined || gradYs === null ? yList.map(() => null) : asList(gradYs as Many<GradY>);
  if (gyList.length !== yList.length) throw new ValueError(`Length mismatch. Passed ${gyList.length} grad_ys for ${yList.length} ys`);
  const gyTensors = gyList.filter((t): t is TensorLike => t !== null && t !== undefined && (t instanceof Tensor || isTensorConvertible(t)));
  return withScope(opts.name, 'gradients', [...yList, ...xList, ...stops, ...gyTensors], (_, g) => {
    const initial = defaultGradYs(yList, gyList);
    return new GradientBuilder(g, opts).run(yList, xList, stops, initial);
  });
}

/** TF's _DefaultGradYs: ones shaped like each y (`grad_ys_<i>`), or checked identities of the given ones. */
function defaultGradYs(ys: Tensor[], gradYs: GradY[]): Tensor[] {
  return ys.map((y, i) => {
    const gy = gradYs[i];
    if (gy === null || gy === undefined) {
      if (isComplex(y.dtype)) throw new TypeError(`Gradients of complex tensors (${y.toString()}) must set grad_ys (y.dtype = ${y.dtype})`);
      return ones(shapeOf(y), y.dtype, { name: `grad_ys_${i}` });
    }
    const t = convertToTensor(gy, { name: 'grad_y', dtypeHint: y.dtype });
    const real = (d: Tensor['dtype']) => isFloating(d) || isInteger(d);
    if (real(y.dtype)) {
      if (!real(t.dtype)) throw new TypeError(`Gradient type ${t.dtype} generated for real or integer-valued tensor ${y.toString()} with type ${y.dtype} must be real or integer`);
    } else if (isComplex(y.dtype)) {
      if (!isComplex(t.dtype)) throw new TypeError(`Gradient type ${t.dtype} generated for complex-valued tensor ${y.toString()} with type ${y.dtype} must be real`);
    } else {
      throw new TypeError(`Tensor ${y.toString()} with type ${y.dtype} must be numeric to obtain a default gradient`);
    }
    if (t.dtype !== y.dtype) {
      // TF accepts it here and fails in the first gradient rule; say so where it starts
      throw new TypeError(`grad_ys[${i}] has dtype ${t.dtype} but ys[${i}] (${y.toString()}) has dtype ${y.dtype}; cast it with tf.cast().`);
    }
    if (!t.shape.isCompatibleWith(y.shape)) {
      throw new ValueError(`grad_ys[${i}] of shape ${t.shape.toDebugString()} is not compatible with ys[${i}] of shape ${y.shape.toDebugString()}.`);
    }
    return identity(t, `grad_ys_${i}`);
  });
}

/** control_flow_ops.tuple: the tensors, each released only once all of them are computed. */
function tuple(g: Graph, tensors: (Tensor | null)[]): (Tensor | null)[] {
  return g.nameScope('tuple', () => {
    const ops = [...new Set(tensors.filter((t): t is Tensor => t !== null).map(t => t.op))].sort((a, b) => a.id - b.id);
    const gate = group(ops);
    return tensors.map(t => t && g.nameScope('control_dependency', scope => g.controlDependencies([gate], () => identity(t, scope))));
  });
}

/** One call of tf.gradients: the per-output gradient lists and the walk over the ops. */
class GradientBuilder {
  /** For each op: per output, the gradients received so far (summed when the op is visited). */
  private readonly grads = new Map<Operation, (Tensor | null)[][]>();

  constructor(private readonly g: Graph, private readonly opts: GradientsOptions) {}

  run(ys: Tensor[], xs: Tensor[], stops: Tensor[], gradYs: Tensor[]): (Tensor | null)[] {
    const toOps = ys.map(y => y.op), fromOps = xs.map(x => x.op);
    const between = betweenOps(this.g, toOps, fromOps);
    const pending = between.pending;
    ys.forEach((y, i) => this.setGrad(y, gradYs[i]));

    const queue: Operation[] = [];
    const queued = new Set<Operation>();
    for (const op of toOps) {
      if ((pending.get(op) ?? 0) === 0 && !queued.has(op) && between.reachableToOps.has(op)) { queued.add(op); queue.push(op); }
    }
    // an x whose inputs carry no gradient is a leaf: its own inputs are not differentiated
    const stopOps = new Set(stops.map(s => s.op));
    for (const op of fromOps) if (op.inputs.every(t => (pending.get(t.op) ?? 0) === 0)) stopOps.add(op);

    for (let h = 0; h < queue.length; h++) {
      const op = queue[h];
      const outGrads = this.aggregated(op);
      const inGrads = this.opGradients(op, outGrads, stopOps.has(op));
      op.inputs.forEach((t, i) => { const gi = inGrads[i]; if (gi) this.setGrad(t, gi); });
      for (const t of op.inputs) {
        const n = (pending.get(t.op) ?? 0) - 1;
        pending.set(t.op, n);
        if (n === 0 && between.set.has(t.op)) queue.push(t.op);
      }
    }
    return xs.map(x => this.result(x));
  }

  private setGrad(t: Tensor, grad: Tensor): void {
    let perOutput = this.grads.get(t.op);
    if (!perOutput) this.grads.set(t.op, (perOutput = t.op.outputs.map(() => [])));
    perOutput[t.valueIndex].push(grad);
  }

  /** Sums each output's gradients in place (AddN in the `gradients/` scope, as TF's _AggregatedGrads). */
  private aggregated(op: Operation): (Tensor | null)[] {
    const perOutput = this.grads.get(op);
    if (!perOutput) return op.outputs.map(() => null);
    return perOutput.map((list, i) => {
      const terms = list.filter((t): t is Tensor => t !== null);
      let sum: Tensor | null = null;
      if (terms.length === 1) sum = terms[0];
      else if (terms.length > 1) {
        const tree = this.opts.aggregationMethod === AggregationMethod.EXPERIMENTAL_TREE || this.opts.aggregationMethod === AggregationMethod.EXPERIMENTAL_ACCUMULATE_N;
        sum = tree ? this.g.nameScope(`${op.name}_gradient_sum`, () => terms.slice(1).reduce((acc, t) => addN([acc, t]), terms[0])) : addN(terms);
      }
      perOutput[i] = sum ? [sum] : [];
      return sum;
    });
  }

  /** The gradients for op's inputs: its rule's result, or nulls where nothing flows. */
  private opGradients(op: Operation, outGrads: (Tensor | null)[], isStop: boolean): (Tensor | null)[] {
    const none = op.inputs.map(() => null);
    if (isStop || !outGrads.some(t => t !== null)) return none;
    const rule = op.def.grad;
    if (!rule) {
      if (isNotDifferentiable(op.type)) return none;
      const at = op.definedAt ? `\n  (defined at ${op.definedAt})` : '';
      throw new LookupError(`No gradient defined for operation '${op.name}' (op type: ${op.type}).\nIf this op should be treated as a constant, wrap its input in tf.stopGradient().${at}`);
    }
    // an output nothing depends on has gradient 0 (TF passes zeros for trainable outputs)
    const dys = outGrads.map((d, i) => (d === null && isTrainable(op.outputs[i].dtype) ? zerosLike(op.outputs[i]) : d));
    return this.g.nameScope(`${op.name}_grad`, () => {
      const inGrads = rule(op, dys);
      if (!Array.isArray(inGrads) || inGrads.length !== op.inputs.length) {
        throw new ValueError(`Num gradients ${Array.isArray(inGrads) ? inGrads.length : String(inGrads)} generated for op ${op.name} do not match num inputs ${op.inputs.length}`);
      }
      const checked = inGrads.map((gi, i) => {
        // nothing flows into integer inputs (TF never visits their producers)
        if (!gi || (!isTrainable(op.inputs[i].dtype) && gi.dtype !== op.inputs[i].dtype)) return null;
        return this.checked(op, i, sumToInput(op, i, gi));
      });
      return this.opts.gateGradients && checked.filter(t => t !== null).length > 1 ? tuple(this.g, checked) : checked;
    });
  }

  /** Refines the gradient's static shape to its input's, as TF's set_shape, and checks the dtype. */
  private checked(op: Operation, i: number, grad: Tensor): Tensor {
    const x = op.inputs[i];
    if (grad.dtype !== x.dtype) {
      throw new TypeError(`The gradient rule of ${op.type} produced a ${grad.dtype} gradient for input ${i} of '${op.name}', which has dtype ${x.dtype}.`);
    }
    try {
      grad.setShape(x.shape);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      throw new ValueError(`Incompatible shapes between op input and calculated input gradient. Forward operation: ${op.name}. Input index: ${i}. Original input shape: ${x.shape.toString()}. Calculated input gradient shape: ${grad.shape.toString()}`);
    }
    return grad;
  }

  /** TF's _GetGrad: the summed gradient of x, null (or zeros) when unconnected. */
  private result(x: Tensor): Tensor | null {
    const perOutput = this.grads.get(x.op);
    const list = perOutput ? perOutput[x.valueIndex].filter((t): t is Tensor => t !== null) : [];
    const grad = list.length > 1 ? addN(list) : list.length === 1 ? list[0] : null;
    if (!grad && this.opts.unconnectedGradients === UnconnectedGradients.ZERO) return zerosLike(x);
    return grad;
  }
}
