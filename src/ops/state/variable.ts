// Variables: the VariableV2 node holds no value itself; each Session keeps the value.
// Assign / AssignAdd / AssignSub write it and return the new value.

import { type DType, toDType } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import type { Operation } from '../../framework/operation.js';
import { TensorShape, mergeShape, type ShapeLike } from '../../framework/tensor_shape.js';
import { GraphKeys, type Graph, getDefaultGraph } from '../../framework/graph.js';
import { InvalidArgumentError, ValueError } from '../../framework/errors.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { binaryKernel } from '../../backend/reference/elementwise.js';

export const VariableV2 = defineOp<{ shape: TensorShape; dtype: DType }>({
  type: 'VariableV2',
  infer: (_, a) => [{ dtype: a.dtype, shape: a.shape }],
  kernel: (_, __, ctx) => ctx.state.readVariable(ctx.op),
  stateful: true,
});

/** The VariableV2 op a reference input points at (through Identity ops). */
export function refTarget(t: Tensor): Operation {
  let op = t.op;
  while (op.type === 'Identity' || op.type === 'RefIdentity') op = op.inputs[0].op;
  if (op.type !== 'VariableV2') throw new TypeError(`'${t.name}' is not a variable reference (it is produced by a ${op.type} op).`);
  return op;
}

function checkValue(target: Operation, value: NDArray, validate: boolean, what: string): void {
  const v = target.outputs[0];
  if (value.dtype !== v.dtype) throw new InvalidArgumentError(`${what}: value of dtype ${value.dtype} for variable of dtype ${v.dtype}`);
  if (validate && !v.shape.isCompatibleWith(value.shape)) {
    throw new InvalidArgumentError(`${what} requires shapes of both tensors to match. lhs shape= ${v.shape.toDebugString()} rhs shape= [${value.shape.join(',')}]`);
  }
}

export const Assign = defineOp<{ validateShape: boolean; useLocking: boolean }>({
  type: 'Assign',
  refInputs: [0],
  stateful: true,
  infer: ([ref, value], a) => {
    if (ref.dtype !== value.dtype) throw new TypeError(`Input 'value' of 'Assign' Op has type ${value.dtype} that does not match type ${ref.dtype} of argument 'ref'.`);
    return [{ dtype: ref.dtype, shape: a.validateShape ? mergeShape(ref.shape, value.shape) : value.shape }];
  },
  kernel: ([, value], a, ctx) => {
    const target = refTarget(ctx.op.inputs[0]);
    checkValue(target, value, a.validateShape, 'Assign');
    ctx.state.writeVariable(target, value);
    return ctx.state.readVariable(target);
  },
});

const addK = binaryKernel('AssignAdd', { num: (a, b) => a + b, big: (a, b) => a + b });
const subK = binaryKernel('AssignSub', { num: (a, b) => a - b, big: (a, b) => a - b });
function updateOp(type: 'AssignAdd' | 'AssignSub', k: typeof addK) {
  return defineOp<{ useLocking: boolean }>({
    type,
    refInputs: [0],
    stateful: true,
    infer: ([ref, value]) => {
      if (ref.dtype !== value.dtype) throw new TypeError(`Input 'value' of '${type}' Op has type ${value.dtype} that does not match type ${ref.dtype} of argument 'ref'.`);
      mergeShape(ref.shape, value.shape);
      return [{ dtype: ref.dtype, shape: ref.shape }];
    },
    kernel: ([, value], _, ctx) => {
      const target = refTarget(ctx.op.inputs[0]);
      const cur = ctx.state.readVariable(target);
      if (cur.shape.length !== value.shape.length || cur.shape.some((d, i) => d !== value.shape[i])) {
        throw new InvalidArgumentError(`${type} requires shapes of both tensors to match. lhs shape= [${cur.shape.join(',')}] rhs shape= [${value.shape.join(',')}]`);
      }
      ctx.state.writeVariable(target, k(cur, value));
      return ctx.state.readVariable(target);
    },
  });
}
export const AssignAdd = updateOp('AssignAdd', addK);
export const AssignSub = updateOp('AssignSub', subK);

export const IsVariableInitialized = defineOp({
  type: 'IsVariableInitialized',
  refInputs: [0],
  stateful: true,
  infer: () => [{ dtype: 'bool', shape: TensorShape.scalar() }],
  kernel: (_, __, ctx) => new NDArray('bool', [], Uint8Array.of(ctx.state.isInitialized(refTarget(ctx.op.inputs[0])) ? 1 : 0)),
});

type AssignOpts = { name?: string; useLocking?: boolean; validateShape?: boolean };

function refOf(ref: Variable | Tensor): Tensor {
  return ref instanceof Variable ? ref.ref : ref;
}

/** Writes `value` into the variable (tf.assign); the op's value is the new value. */
export function assign(ref: Variable | Tensor, value: TensorLike, opts: AssignOpts = {}): Tensor {
  const r = refOf(ref);
  return withScope(opts.name, 'Assign', [r, value], (scope, g) => {
    const v = convertToTensor(value, { dtype: r.dtype, name: 'value' });
    return g.addOp(Assign, [r, v], { validateShape: opts.validateShape ?? true, useLocking: opts.useLocking ?? true }, { name: scope }).outputs[0];
  });
}
/** Adds `value` to the variable (tf.assign_add). */
export function assignAdd(ref: Variable | Tensor, value: TensorLike, opts: AssignOpts = {}): Tensor {
  const r = refOf(ref);
  return withScope(opts.name, 'AssignAdd', [r, value], (scope, g) => {
    const v = convertToTensor(value, { dtype: r.dtype, name: 'value' });
    return g.addOp(AssignAdd, [r, v], { useLocking: opts.useLocking ?? false }, { name: scope }).outputs[0];
  });
}
/** Subtracts `value` from the variable (tf.assign_sub). */
export function assignSub(ref: Variable | Tensor, value: TensorLike, opts: AssignOpts = {}): Tensor {
  const r = refOf(ref);
  return withScope(opts.name, 'AssignSub', [r, value], (scope, g) => {
    const v = convertToTensor(value, { dtype: r.dtype, name: 'value' });
    return g.addOp(AssignSub, [r, v], { useLocking: opts.useLocking ?? false }, { name: scope }).outputs[0];
  });
}

/** `initialValue` for a Variable: a value, a tensor, or a function building one (initializers). */
export type InitialValue = TensorLike | (() => TensorLike);

export interface VariableOptions {
  name?: string;
  dtype?: DType;
  trainable?: boolean;
  collections?: readonly string[];
  validateShape?: boolean;
  expectedShape?: ShapeLike;
}

/**
 * A variable (TF 1's RefVariable): a VariableV2 node plus its initializer (`name/Assign`)
 * and its value (`name/read`). Use it wherever a tensor is accepted.
 *
 * ```ts
 * const a = new tf.Variable(3, { name: 'my_var' });
 * const b = a.assign(tf.multiply(2, a));
 * ```
 */
export class Variable<D extends DType = DType> {
  /** The VariableV2 output (a reference). */
  readonly ref: Tensor<D>;
  readonly initialValue: Tensor<D>;
  readonly initializer: Operation;
  /** The `read` snapshot that ops consume. */
  readonly snapshot: Tensor<D>;
  readonly trainable: boolean;

  constructor(initialValue: InitialValue, opts: VariableOptions = {}) {
    if (initialValue === undefined || initialValue === null) throw new ValueError('initial_value must be specified.');
    const dtype = opts.dtype ? toDType(opts.dtype) : undefined;
    const g = getDefaultGraph();
    const fromFn = typeof initialValue === 'function';
    // variables ignore the surrounding control dependencies (TF's init_scope)
    const built = g.controlDependencies(null, () =>
      withScope(opts.name, 'Variable', fromFn ? [] : [initialValue], (scope, graph) => {
        let init: Tensor;
        if (fromFn) {
          init = graph.nameScope('Initializer', () => convertToTensor((initialValue as () => TensorLike)(), { name: 'initial_value', dtype }));
        } else init = convertToTensor(initialValue as TensorLike, { name: 'initial_value', dtype });
        if (dtype && init.dtype !== dtype) throw new TypeError(`Variable initial value has dtype ${init.dtype}, expected ${dtype}.`);
        const shape = opts.validateShape === false ? TensorShape.unknown() : init.shape;
        if (opts.validateShape !== false && !init.shape.isFullyDefined) {
          throw new ValueError(`initial_value must have a shape specified: ${init.toString()}`);
        }
        const v = graph.addOp(VariableV2, [], { shape, dtype: init.dtype, container: '', sharedName: '' }, { name: scope }).outputs[0];
        const initOp = graph.addOp(Assign, [v, init], { validateShape: opts.validateShape ?? true, useLocking: true }, { name: 'Assign' });
        const read = graph.addOp(IdentityOp, [v], {}, { name: 'read' }).outputs[0];
        return { v, init, initOp, read, graph };
      }));
    this.ref = built.v as Tensor<D>;
    this.initialValue = built.init as Tensor<D>;
    this.initializer = built.initOp;
    this.snapshot = built.read as Tensor<D>;
    this.trainable = opts.trainable ?? true;
    const cols = opts.collections ? [...opts.collections] : [GraphKeys.GLOBAL_VARIABLES];
    if (this.trainable && !cols.includes(GraphKeys.TRAINABLE_VARIABLES)) cols.push(GraphKeys.TRAINABLE_VARIABLES);
    built.graph.addToCollections(cols, this);
  }

  /** A Variable for ops already in a graph (TF's Variable(variable_def=...)), e.g. after importMetaGraph. */
  static fromOps<D extends DType>(parts: { ref: Tensor<D>; initializer: Operation; snapshot: Tensor<D>; initialValue: Tensor<D>; trainable: boolean }): Variable<D> {
    const v = Object.create(Variable.prototype) as Variable<D>;
    Object.assign(v, parts);
    return v;
  }

  get name(): string { return this.ref.name; }
  get op(): Operation { return this.ref.op; }
  get dtype(): D { return this.ref.dtype; }
  get shape(): TensorShape { return this.ref.shape; }
  get graph(): Graph { return this.ref.graph; }
  get device(): string { return this.ref.op.device; }
  getShape(): TensorShape { return this.ref.shape; }

  /** The tensor ops use when given this variable (its `read` snapshot). */
  toTensor(): Tensor<D> { return this.snapshot; }
  value(): Tensor<D> { return this.snapshot; }
  readValue(): Tensor<D> { return identityOf(this.ref) as Tensor<D>; }
  initializedValue(): Tensor<D> { return this.initialValue; }

  assign(value: TensorLike, opts: AssignOpts = {}): Tensor<D> { return assign(this, value, opts) as Tensor<D>; }
  assignAdd(value: TensorLike, opts: AssignOpts = {}): Tensor<D> { return assignAdd(this, value, opts) as Tensor<D>; }
  assignSub(value: TensorLike, opts: AssignOpts = {}): Tensor<D> { return assignSub(this, value, opts) as Tensor<D>; }

  /** The value in `session` (default: the default session). */
  eval(session?: unknown): NDArray<D> { return this.snapshot.eval(undefined, session); }
  /** Sets the value directly in a session (Variable.load). */
  load(value: TensorLike, session?: unknown): void {
    this.initializer.run([[this.initialValue, value]], session);
  }

  toString(): string { return `<tf.Variable '${this.name}' shape=${this.shape.toString()} dtype=${this.dtype}_ref>`; }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
}

import { Identity as IdentityOp, identity } from '../core.js';
const identityOf = (t: Tensor) => identity(t);

/** Variables in a graph collection (tf.global_variables(), tf.trainable_variables()). */
export function globalVariables(scope?: string): Variable[] {
  return getDefaultGraph().getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES, scope);
}
export function trainableVariables(scope?: string): Variable[] {
  return getDefaultGraph().getCollection<Variable>(GraphKeys.TRAINABLE_VARIABLES, scope);
}
export function localVariables(scope?: string): Variable[] {
  return getDefaultGraph().getCollection<Variable>(GraphKeys.LOCAL_VARIABLES, scope);
}
