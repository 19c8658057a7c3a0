// tf.train.Optimizer (TF's training/optimizer.py): minimize = computeGradients +
// applyGradients, with the template methods subclasses fill in: _createSlots (per-variable
// state), _prepare (learning-rate tensors), _applyDense (one update op per variable) and
// _finish (e.g. Adam's beta powers). Slots are keyed by the variable's VariableV2 node.

import type { DType } from '../framework/dtypes.js';
import { type Graph, GraphKeys, getDefaultGraph } from '../framework/graph.js';
import { Operation } from '../framework/operation.js';
import { Tensor } from '../framework/tensor.js';
import type { TensorShape } from '../framework/tensor_shape.js';
import { ValueError } from '../framework/errors.js';
import { convertToTensor, identity, withScope, type TensorLike } from '../ops/core.js';
import { Variable, assignAdd, trainableVariables } from '../ops/state/variable.js';
import type { Initializer } from '../ops/state/variable_scope.js';
import { group } from '../ops/control/stop_gradient.js';
import { gradients, type AggregationMethod } from '../gradients/gradients.js';
import { createSlot, createSlotWithInitializer, createZerosSlot } from './slot_creator.js';

/** A hyperparameter: a number, a tensor (e.g. a placeholder or a decay schedule), or a function returning one. */
export type Hyper = TensorLike | (() => TensorLike);
export type GradAndVar = readonly [Tensor | null, Variable];

export const GATE_NONE = 0;
export const GATE_OP = 1;
export const GATE_GRAPH = 2;
export type GateGradients = typeof GATE_NONE | typeof GATE_OP | typeof GATE_GRAPH;

export interface ComputeGradientsOptions {
  /** Variables to differentiate (default: tf.trainableVariables()). */
  varList?: readonly Variable[];
  /** GATE_NONE, GATE_OP (default) or GATE_GRAPH. */
  gateGradients?: GateGradients;
  aggregationMethod?: AggregationMethod;
  colocateGradientsWithOps?: boolean;
  /** The gradient of the loss (default: ones). */
  gradLoss?: TensorLike;
}
export interface ApplyGradientsOptions {
  /** Incremented by one after the updates (a Variable, or its reference tensor 'global_step:0'). */
  globalStep?: Variable | Tensor | null;
  /** Name of the returned op (default: the optimizer's name). */
  name?: string;
}
export type MinimizeOptions = ComputeGradientsOptions & ApplyGradientsOptions;

/** Python's repr() of a str, for error messages that print lists of names. */
function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  return q + s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n') + q;
}
const pyList = (xs: readonly unknown[]) => `[${xs.map(x => pyRepr(String(x))).join(', ')}]`;

const VALID_DTYPES: readonly DType[] = ['float32', 'float64', 'float16'];

/** control_flow_ops.tuple: each tensor, released only once all of them are computed. */
function tuple(tensors: readonly (Tensor | null)[]): (Tensor | null)[] {
  const present = tensors.filter((t): t is Tensor => t !== null);
  if (!present.length) return tensors.slice();
  return withScope(undefined, 'tuple', present, (_, g) => {
    const gate = group(present.map(t => t.op));
    return tensors.map(t => (t === null ? null : g.nameScope('control_dependency', scope =>
      g.controlDependencies([gate], () => identity(t, scope)))));
  });
}

/**
 * Base class of the optimizers (tf.train.Optimizer). Subclasses implement _applyDense and,
 * as needed, _createSlots, _prepare and _finish.
 *
 * ```ts
 * const w = new tf.Variable(5, { name: 'w', dtype: 'float32' });
 * const trainOp = new tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(w));   // op 'GradientDescent'
 * const sess = new tf.Session();
 * sess.run(tf.globalVariablesInitializer());
 * sess.run(trainOp);
 * sess.run(w);   // 4
 * ```
 */
export abstract class Optimizer {
  static readonly GATE_NONE = GATE_NONE;
  static readonly GATE_OP = GATE_OP;
  static readonly GATE_GRAPH = GATE_GRAPH;

  protected readonly _useLocking: boolean;
  protected readonly _name: string;
  /** slot name -> primary variable's VariableV2 op -> slot variable */
  private readonly slots = new Map<string, Map<Operation, Variable>>();
  /** non-slot name -> graph -> variable (Adam's beta powers) */
  private readonly nonSlot = new Map<string, Map<Graph, Variable>>();

  constructor(useLocking: boolean, name: string) {
    if (!name) throw new ValueError('Must specify the optimizer name');
    this._useLocking = useLocking;
    this._name = name;
  }

  getName(): string { return this._name; }

  /**
   * Adds ops that compute the gradients of `loss` and apply them (Optimizer.minimize).
   * The second argument may be the global step variable, as TF's positional argument.
   */
  minimize(loss: Tensor | (() => Tensor), opts: MinimizeOptions | Variable | Tensor = {}): Operation {
    const o: MinimizeOptions = opts instanceof Variable || opts instanceof Tensor ? { globalStep: opts } : opts;
    const lossT = typeof loss === 'function' ? loss() : loss;
    const gv = this.computeGradients(lossT, o);
    if (!gv.some(([g]) => g !== null)) {
      throw new ValueError(
        'No gradients provided for any variable, check your graph for ops that do not support gradients, ' +
        `between variables ${pyList(gv.map(([, v]) => v))} and loss ${String(lossT)}.`);
    }
    return this.applyGradients(gv, { globalStep: o.globalStep, name: o.name });
  }

  /** [gradient, variable] pairs for `loss` (Optimizer.compute_gradients); a gradient is null when loss does not depend on the variable. */
  computeGradients(loss: Tensor | (() => Tensor), opts: ComputeGradientsOptions = {}): GradAndVar[] {
    const lossT = typeof loss === 'function' ? loss() : loss;
    if (!(lossT instanceof Tensor)) throw new TypeError(`\`loss\` passed to Optimizer.compute_gradients should be a Tensor, got ${String(lossT)}.`);
    const gate = opts.gateGradients ?? GATE_OP;
    if (gate !== GATE_NONE && gate !== GATE_OP && gate !== GATE_GRAPH) {
      throw new ValueError(`gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not ${String(gate)}`);
    }
    this._assertValidDtypes([lossT]);
    let gradLoss: Tensor | undefined;
    if (opts.gradLoss !== undefined) {
      gradLoss = convertToTensor(opts.gradLoss, { dtypeHint: lossT.dtype });
      this._assertValidDtypes([gradLoss]);
    }
    const varList = opts.varList ? [...opts.varList] : lossT.graph.asDefault(() => trainableVariables());
    if (!varList.length) throw new ValueError('No variables to optimize.');
    for (const v of varList) if (!(v instanceof Variable)) throw new TypeError(`Trying to optimize unsupported type ${String(v)}`);
    let grads = gradients(lossT, varList, gradLoss ? [gradLoss] : null, {
      gateGradients: gate === GATE_OP, aggregationMethod: opts.aggregationMethod,
      colocateGradientsWithOps: opts.colocateGradientsWithOps,
    });
    if (gate === GATE_GRAPH) grads = lossT.graph.asDefault(() => tuple(grads));
    const gv = varList.map((v, i) => [grads[i], v] as const);
    this._assertValidDtypes(gv.filter(([g]) => g !== null).map(([, v]) => v));
    return gv;
  }

  /**
   * Adds the update ops for [gradient, variable] pairs (Optimizer.apply_gradients) and returns
   * the train op: a NoOp named like the optimizer, or with `globalStep` the AssignAdd that
   * increments it after the updates.
   */
  applyGradients(gradsAndVars: Iterable<readonly [TensorLike | null | undefined, Variable]>, opts: ApplyGradientsOptions = {}): Operation {
    const pairs = [...gradsAndVars];
    if (!pairs.length) throw new ValueError('No variables provided.');
    const converted: [Tensor | null, Variable][] = pairs.map(([g, v]) => {
      if (!(v instanceof Variable)) throw new TypeError(`Trying to optimize unsupported type ${String(v)}`);
      if (g === null || g === undefined) return [null, v];
      let t: Tensor;
      try {
        t = v.graph.asDefault(() => convertToTensor(g, { dtypeHint: v.dtype }));
      } catch {
        throw new TypeError(`Gradient must be convertible to a Tensor or IndexedSlices, or None: ${String(g)}`);
      }
      return [t, v];
    });
    const varList = converted.filter(([g]) => g !== null).map(([, v]) => v);
    if (!varList.length) throw new ValueError(`No gradients provided for any variable: ${pyList(converted.map(([, v]) => v))}.`);
    const g0 = varList[0].graph;
    // slots ignore surrounding control dependencies but keep the name scope (init_scope)
    g0.asDefault(() => g0.controlDependencies(null, () => this._createSlots(varList)));
    return withScope(opts.name, this._name, varList.map(v => v.ref), (scope, g) => {
      this._prepare();
      const updates: Operation[] = [];
      for (const [grad, v] of converted) {
        if (grad === null) continue;
        const u = g.nameScope(`update_${v.op.name}`, () => this._applyDense(grad, v));
        updates.push(u instanceof Tensor ? u.op : u);
      }
      gateUpdates(updates, converted);
      let train: Operation;
      if (!opts.globalStep) train = this._finish(updates, scope);
      else {
        const gs = opts.globalStep;
        train = g.controlDependencies([this._finish(updates, 'update')], () => assignAdd(gs, 1, { name: scope }).op);
      }
      const col = g.getCollectionRef<Operation>(GraphKeys.TRAIN_OP);
      if (!col.includes(train)) col.push(train);
      return train;
    });
  }

  /** The slot `name` created for `v` (Optimizer.get_slot), or null. */
  getSlot(v: Variable, name: string): Variable | null {
    return this.slots.get(name)?.get(v.op) ?? null;
  }

  /** The names of the slots this optimizer created, sorted (Optimizer.get_slot_names). */
  getSlotNames(): string[] {
    return [...this.slots.keys()].sort();
  }

  /** The optimizer's variables in the default graph: slots and non-slot variables, sorted by name. */
  variables(): Variable[] {
    const g = getDefaultGraph();
    const out: Variable[] = [];
    for (const byGraph of this.nonSlot.values()) { const v = byGraph.get(g); if (v) out.push(v); }
    for (const byVar of this.slots.values()) for (const s of byVar.values()) if (s.graph === g) out.push(s);
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  // ---- template methods --------------------------------------------------------------------

  /** Creates the slots of each variable (called once per applyGradients, before any update). */
  protected _createSlots(_varList: Variable[]): void { /* no slots */ }
  /** Converts hyperparameters to tensors, in the optimizer's name scope. */
  protected _prepare(): void { /* nothing */ }
  /** The update op for one variable. */
  protected abstract _applyDense(grad: Tensor, v: Variable): Operation | Tensor;
  /** The op that finishes the updates; by default a group named `nameScope`. */
  protected _finish(updateOps: Operation[], nameScope: string): Operation {
    return group(updateOps, { name: nameScope });
  }

  // ---- helpers for subclasses --------------------------------------------------------------

  protected _callIfCallable(x: Hyper): TensorLike {
    return typeof x === 'function' ? x() : x;
  }

  /**
   * A hyperparameter as a tensor named `name`. JS has no float literal: a number becomes
   * float32 as a Python float would (so 1 means 1.0); tensors keep their dtype.
   */
  protected _hyper(x: TensorLike, name: string): Tensor {
    return convertToTensor(x, { name, dtypeHint: 'float32' });
  }

  protected _validDtypes(): readonly DType[] { return VALID_DTYPES; }

  protected _assertValidDtypes(ts: readonly (Tensor | Variable)[]): void {
    const valid = this._validDtypes();
    for (const t of ts) {
      if (!valid.includes(t.dtype)) {
        const names = valid.map(d => `tf.${d}`);
        if (valid === VALID_DTYPES) names.push('tf.bfloat16');   // TF's list; we have no bfloat16
        throw new ValueError(`Invalid type tf.${t.dtype} for ${t.name}, expected: [${names.join(', ')}].`);
      }
    }
  }

  private slotDict(slotName: string): Map<Operation, Variable> {
    let m = this.slots.get(slotName);
    if (!m) this.slots.set(slotName, (m = new Map()));
    return m;
  }

  /** The slot `slotName` of `v`, created from the value `val` if missing. */
  protected _getOrMakeSlot(v: Variable, val: Tensor, slotName: string, opName: string): Variable {
    const m = this.slotDict(slotName);
    let s = m.get(v.op);
    if (!s) m.set(v.op, (s = createSlot(v, val, opName)));
    return s;
  }

  /** The slot `slotName` of `v`, created with `initializer` if missing. */
  protected _getOrMakeSlotWithInitializer(v: Variable, initializer: Initializer, shape: TensorShape, dtype: DType, slotName: string, opName: string): Variable {
    const m = this.slotDict(slotName);
    let s = m.get(v.op);
    if (!s) m.set(v.op, (s = createSlotWithInitializer(v, initializer, shape, dtype, opName)));
    return s;
  }

  /** The zero-initialized slot `slotName` of `v`, created if missing. */
  protected _zerosSlot(v: Variable, slotName: string, opName: string): Variable {
    const m = this.slotDict(slotName);
    let s = m.get(v.op);
    if (!s) m.set(v.op, (s = createZerosSlot(v, opName)));
    return s;
  }

  /** A variable of the optimizer not tied to one variable, created once per graph. */
  protected _createNonSlotVariable(initialValue: TensorLike, name: string, colocateWith: Variable): Variable {
    const g = colocateWith.graph;
    let byGraph = this.nonSlot.get(name);
    if (!byGraph) this.nonSlot.set(name, (byGraph = new Map()));
    let v = byGraph.get(g);
    if (!v) {
      v = g.asDefault(() => new Variable(initialValue, { name, trainable: false }));
      byGraph.set(g, v);
    }
    return v;
  }

  protected _getNonSlotVariable(name: string, graph: Graph = getDefaultGraph()): Variable | null {
    return this.nonSlot.get(name)?.get(graph) ?? null;
  }
}

/**
 * Makes every update wait for every gradient. Updates write variables in place and our
 * executor runs one op at a time, so an update must not run while another gradient that
 * reads the same variable is still to be computed (TF's GATE_OP gating, made complete).
 * Only control edges are added; node names stay TF's.
 */
function gateUpdates(updates: Operation[], converted: readonly (readonly [Tensor | null, Variable])[]): void {
  // ops without inputs (placeholders, constants) read no variable
  const gradOps = [...new Set(converted.filter(([g]) => g !== null).map(([g]) => g!.op))]
    .filter(op => op.inputs.length > 0);
  if (updates.length < 2 || !gradOps.length) return;
  for (const u of updates) {
    for (const op of gradOps) if (!u.inputs.some(t => t.op === op)) u.addControlInput(op);
  }
}

/** Whether a constructor's first argument is an options object (`{ learningRate: 0.1 }`) rather than a value. */
export function isOptionsObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

/** Python's str() of a float, for messages (`0.0`, `1e-08`). */
export function pyFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  const s = String(x);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A constructor's options: the first argument itself when it is an options object, else `rest` plus it as `learningRate`. */
export function ctorOptions<O>(first: unknown, rest: object, extra: object = {}): O {
  return (isOptionsObject(first) ? first : { ...rest, ...extra, learningRate: first }) as O;
}
