// tf.variable_scope / tf.get_variable with TF's reuse rules, and the initializer ops.

import { type DType, toDType, isFloating } from '../../framework/dtypes.js';
import { Graph, getDefaultGraph, GraphKeys } from '../../framework/graph.js';
import { TensorShape, type ShapeLike } from '../../framework/tensor_shape.js';
import type { Tensor } from '../../framework/tensor.js';
import type { Operation } from '../../framework/operation.js';
import { ValueError } from '../../framework/errors.js';
import { Variable } from './variable.js';
import { constant, type TensorLike } from '../core.js';
import type { ValueLike } from '../../framework/ndarray.js';
import { zeros, ones } from '../array/fill.js';
import { group, noOp } from '../control/stop_gradient.js';
import { glorotUniformInitializer } from '../random/initializers.js';

/** An initializer builds the initial value for a shape and dtype (tf.*_initializer). */
export type Initializer = (shape: number[], dtype: DType) => Tensor;

export const AUTO_REUSE = 'AUTO_REUSE' as const;
export type Reuse = boolean | typeof AUTO_REUSE | undefined;

export class VariableScope {
  constructor(
    readonly name: string,
    readonly reuse: boolean | typeof AUTO_REUSE,
    readonly initializer: Initializer | undefined,
    readonly dtype: DType,
    /** The name scope opened with this variable scope (for ops). */
    readonly originalNameScope: string,
  ) {}

  /** Sets reuse for the rest of this scope (VariableScope.reuse_variables()). */
  reuseVariables(): void { (this as { reuse: Reuse }).reuse = true; }

  getVariable<D extends DType = 'float32'>(name: string, shape?: ShapeLike, opts: GetVariableOptions<D> = {}): Variable<D> {
    return getVariableIn(this, name, shape, opts);
  }
}

interface Store { vars: Map<string, Variable>; scopeStack: VariableScope[]; scopeCounts: Map<string, number> }
const stores = new WeakMap<Graph, Store>();
function storeOf(g: Graph): Store {
  let s = stores.get(g);
  if (!s) {
    s = { vars: new Map(), scopeStack: [new VariableScope('', false, undefined, 'float32', '')], scopeCounts: new Map() };
    stores.set(g, s);
  }
  return s;
}

/** The current variable scope (tf.get_variable_scope()). */
export function getVariableScope(): VariableScope {
  const st = storeOf(getDefaultGraph()).scopeStack;
  return st[st.length - 1];
}

export interface VariableScopeOptions {
  reuse?: Reuse;
  initializer?: Initializer;
  dtype?: DType;
  /** Used when `nameOrScope` is null: uniquified like TF's default_name. */
  defaultName?: string;
  values?: readonly unknown[];
  /** Whether to also open a name scope (TF: auxiliary_name_scope). */
  auxiliaryNameScope?: boolean;
}

/**
 * Opens a variable scope for fn (`with tf.variable_scope('foo'):`): getVariable names are
 * prefixed with it, ops get a name scope, reuse is inherited (once true, it stays true).
 *
 * ```ts
 * tf.variableScope('foo', () => tf.variableScope('bar', () => tf.getVariable('v', [1])));  // foo/bar/v:0
 * ```
 */
export function variableScope<T>(nameOrScope: string | VariableScope | null, fn: (scope: VariableScope) => T, opts?: VariableScopeOptions): T;
export function variableScope<T>(nameOrScope: string | VariableScope | null, opts: VariableScopeOptions, fn: (scope: VariableScope) => T): T;
export function variableScope<T>(nameOrScope: string | VariableScope | null, a: ((scope: VariableScope) => T) | VariableScopeOptions, b?: ((scope: VariableScope) => T) | VariableScopeOptions): T {
  const fn = (typeof a === 'function' ? a : b) as (scope: VariableScope) => T;
  const opts = (typeof a === 'function' ? b : a) as VariableScopeOptions | undefined ?? {};
  const g = getDefaultGraph();
  const store = storeOf(g);
  const parent = store.scopeStack[store.scopeStack.length - 1];
  let relName: string;
  if (nameOrScope instanceof VariableScope) relName = '';
  else if (nameOrScope) relName = nameOrScope;
  else if (opts.defaultName) {
    // TF's _get_unique_variable_scope: the first name not yet opened (prefix, prefix_1, ...)
    const base = parent.name ? `${parent.name}/${opts.defaultName}` : opts.defaultName;
    let k = 0;
    if (store.scopeCounts.get(base)) { k = 1; while (store.scopeCounts.get(`${base}_${k}`)) k++; }
    relName = k ? `${opts.defaultName}_${k}` : opts.defaultName;
  } else throw new ValueError('If default_name is None then name_or_scope is required');
  const fullName = nameOrScope instanceof VariableScope ? nameOrScope.name : parent.name ? `${parent.name}/${relName}` : relName;
  if (!(nameOrScope instanceof VariableScope)) store.scopeCounts.set(fullName, (store.scopeCounts.get(fullName) ?? 0) + 1);
  const inherited = nameOrScope instanceof VariableScope ? nameOrScope.reuse : parent.reuse;
  let reuse: boolean | typeof AUTO_REUSE = inherited;
  if (opts.reuse === true || opts.reuse === AUTO_REUSE) reuse = inherited === true ? true : opts.reuse;
  const init = opts.initializer ?? (nameOrScope instanceof VariableScope ? nameOrScope.initializer : parent.initializer);
  const dtype = opts.dtype ? toDType(opts.dtype) : (nameOrScope instanceof VariableScope ? nameOrScope.dtype : parent.dtype);
  const enter = (nameScope: string) => {
    const scope = new VariableScope(fullName, reuse, init, dtype, nameScope);
    store.scopeStack.push(scope);
    try { return fn(scope); } finally { store.scopeStack.pop(); }
  };
  if (opts.auxiliaryNameScope === false) return enter(g.getNameScope() ? `${g.getNameScope()}/` : '');
  if (nameOrScope instanceof VariableScope) {
    // re-entering a captured scope re-enters its original name scope
    return g.nameScope(nameOrScope.originalNameScope || null, s => enter(s));
  }
  return g.nameScope(relName, s => enter(s));
}

export interface GetVariableOptions<D extends DType = DType> {
  dtype?: D;
  initializer?: Initializer | TensorLike;
  trainable?: boolean;
  collections?: readonly string[];
  validateShape?: boolean;
  regularizer?: (v: Tensor) => Tensor | null;
  reuse?: Reuse;
}

/**
 * Gets an existing variable or creates a new one under the current variable scope
 * (tf.get_variable), with TF's errors for reusing a missing variable or creating one twice.
 */
export function getVariable<D extends DType = 'float32'>(name: string, shape?: ShapeLike, opts: GetVariableOptions<D> = {}): Variable<D> {
  return getVariableIn(getVariableScope(), name, shape, opts);
}

function getVariableIn<D extends DType>(scope: VariableScope, name: string, shapeIn: ShapeLike, opts: GetVariableOptions<D>): Variable<D> {
  const g = getDefaultGraph();
  const store = storeOf(g);
  const fullName = scope.name ? `${scope.name}/${name}` : name;
  const reuse = opts.reuse === true ? true : opts.reuse === AUTO_REUSE ? AUTO_REUSE : scope.reuse;
  const existing = store.vars.get(fullName);
  const shape = shapeIn === undefined ? null : TensorShape.from(shapeIn);
  const dtype = opts.dtype ? toDType(opts.dtype) : scope.dtype;
  if (existing) {
    if (reuse === false) {
      const where = existing.op.definedAt ? `\n\n  ${existing.op.definedAt}` : '';
      throw new ValueError(`Variable ${fullName} already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally defined at:${where}`);
    }
    if (shape && !shape.isCompatibleWith(existing.shape)) {
      throw new ValueError(`Trying to share variable ${fullName}, but specified shape ${shape.toString()} and found shape ${existing.shape.toString()}.`);
    }
    if (opts.dtype && existing.dtype !== dtype) {
      throw new ValueError(`Trying to share variable ${fullName}, but specified dtype ${dtype} and found dtype ${existing.dtype}.`);
    }
    return existing as Variable<D>;
  }
  if (reuse === true) {
    throw new ValueError(`Variable ${fullName} does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?`);
  }
  // create it: names depend only on the variable scope, so the name scope is reset
  const init = opts.initializer ?? scope.initializer;
  let initialValue: () => TensorLike;
  if (typeof init === 'function') {
    if (!shape || !shape.isFullyDefined) throw new ValueError(`Shape of a new variable (${fullName}) must be fully defined, but instead was ${shape ? shape.toString() : '<unknown>'}.`);
    initialValue = () => (init as Initializer)(shape.dims as number[], dtype);
  } else if (init !== undefined) {
    if (shape) throw new ValueError('If initializer is a constant, do not specify shape.');
    initialValue = () => init as TensorLike;
  } else {
    if (!shape) throw new ValueError(`Variable ${fullName} did not get an initializer, so its \`shape\` argument must be specified.`);
    if (!shape.isFullyDefined) throw new ValueError(`Shape of a new variable (${fullName}) must be fully defined, but instead was ${shape.toString()}.`);
    const dflt: Initializer = isFloating(dtype) ? glorotUniformInitializer() : zerosInitializer();
    initialValue = () => dflt(shape.dims as number[], dtype);
  }
  const v = g.nameScope(null, () => new Variable(initialValue, {
    name: fullName, dtype: typeof init === 'function' || init === undefined ? dtype : undefined,
    trainable: opts.trainable, collections: opts.collections, validateShape: opts.validateShape,
  }));
  store.vars.set(fullName, v);
  if (opts.regularizer) {
    const loss = g.nameScope(`${fullName}/Regularizer/`, () => opts.regularizer!(v.toTensor()));
    if (loss) g.addToCollection(GraphKeys.REGULARIZATION_LOSSES, loss);
  }
  return v as Variable<D>;
}

// ---- deterministic initializers (random ones live in random/initializers.ts) -------------------

/** tf.zeros_initializer(). */
export function zerosInitializer(): Initializer {
  return (shape, dtype) => zeros(shape, dtype);
}
/** tf.ones_initializer(). */
export function onesInitializer(): Initializer {
  return (shape, dtype) => ones(shape, dtype);
}
/** tf.constant_initializer(value): a scalar fills the shape; a list must match its size. */
export function constantInitializer(value: ValueLike = 0): Initializer {
  return (shape, dtype) => constant(value, { dtype, shape });
}

// ---- initializer ops ---------------------------------------------------------------------

/** An op that runs the initializers of `varList` (tf.variables_initializer). */
export function variablesInitializer(varList: readonly Variable[], opts: { name?: string } = {}): Operation {
  const name = opts.name ?? 'init';
  if (!varList.length) return noOp({ name });
  return group(varList.map(v => v.initializer), { name });
}
/** An op that initializes every global variable (tf.global_variables_initializer). */
export function globalVariablesInitializer(): Operation {
  return variablesInitializer(getDefaultGraph().getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES));
}
export function localVariablesInitializer(): Operation {
  return variablesInitializer(getDefaultGraph().getCollection<Variable>(GraphKeys.LOCAL_VARIABLES), { name: 'init' });
}
