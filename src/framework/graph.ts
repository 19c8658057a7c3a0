// Graph: the operations, TF's naming rules (unique names, name scopes), control
// dependencies, devices, collections, and the default-graph stack.

import { type Attrs, type OpDef, type InputSpec } from './op_def.js';
import { Operation } from './operation.js';
import { Tensor } from './tensor.js';
import { ShapeError, ValueError } from './errors.js';
import { formatShape } from './tensor_shape.js';
import { callSite } from './call_site.js';
import type { NDArray } from './ndarray.js';

export const GraphKeys = {
  GLOBAL_VARIABLES: 'variables',
  LOCAL_VARIABLES: 'local_variables',
  TRAINABLE_VARIABLES: 'trainable_variables',
  SUMMARIES: 'summaries',
  UPDATE_OPS: 'update_ops',
  GLOBAL_STEP: 'global_step',
  LOSSES: 'losses',
  REGULARIZATION_LOSSES: 'regularization_losses',
  INIT_OP: 'init_op',
  SAVERS: 'savers',
  TRAIN_OP: 'train_op',
  MODEL_VARIABLES: 'model_variables',
} as const;

export interface AddOpOptions {
  /** A name relative to the current scope, or a scope ending in '/' used verbatim. */
  name?: string;
  /** The op type string to record, when it differs from def.type (an alias such as AddV2). */
  type?: string;
  /** Values of inputs known at build time, for shape functions that need them. */
}

/** GraphDef export, installed by io/graph_def.ts (keeps framework free of the io layer). */
let graphDefExporter: ((g: Graph, opts: object) => unknown) | null = null;
export function installGraphDefExporter(f: (g: Graph, opts: object) => unknown): void { graphDefExporter = f; }

/** Constant-value lookup, installed by ops/ (tensor_util.constant_value). */
let constantValueFn: (t: Tensor) => NDArray | null = () => null;
export function installConstantValue(fn: (t: Tensor) => NDArray | null): void { constantValueFn = fn; }

export class Graph {
  private ops: Operation[] = [];
  private byName = new Map<string, Operation>();
  private consumerIndex = new Map<Tensor, Operation[]>();
  private namesInUse = new Map<string, number>();
  private nameStack = '';
  private controlStack: ({ deps: Operation[]; created: Set<Operation> } | null)[] = [];
  private deviceStack: string[] = [];
  private collections = new Map<string, unknown[]>();
  private finalized = false;
  /** Graph-level random seed (tf.set_random_seed). */
  seed: number | null = null;
  /** Whether to record the user's file:line on every node (costs a stack capture per op). */
  captureCallSites = true;
  /** Incremented on every new op; sessions compare it between runs. */
  version = 0;

  get operations(): readonly Operation[] { return this.ops; }
  getOperations(): Operation[] { return this.ops.slice(); }
  get isFinalized(): boolean { return this.finalized; }

  /** Makes this graph the default while fn runs (`with g.as_default():`). */
  asDefault<T>(fn: () => T): T {
    defaultStack.push(this);
    try { return fn(); } finally { defaultStack.pop(); }
  }

  finalize(): void { this.finalized = true; }
  /** Undoes finalize() (tf.Graph._unsafe_unfinalize). */
  unfinalize(): void { this.finalized = false; }

  // ---- names ------------------------------------------------------------------------------

  /** TF's Graph.unique_name: scoped, case-insensitively uniquified with _1, _2, ... */
  uniqueName(name: string, markAsUsed = true): string {
    if (this.nameStack) name = `${this.nameStack}/${name}`;
    let key = name.toLowerCase();
    let i = this.namesInUse.get(key) ?? 0;
    if (markAsUsed) this.namesInUse.set(key, i + 1);
    if (i > 0) {
      const base = key;
      while (this.namesInUse.has(key)) { key = `${base}_${i}`; i++; }
      if (markAsUsed) this.namesInUse.set(key, 1);
      name = `${name}_${i - 1}`;
    }
    return name;
  }

  /** The current name scope, without the trailing '/'. */
  getNameScope(): string { return this.nameStack; }

  /**
   * Opens a name scope for fn (TF's Graph.name_scope). `name` ending in '/' re-enters an
   * existing scope verbatim; '' or null returns to the top level. fn receives the scope
   * string with its trailing '/'.
   */
  nameScope<T>(name: string | null, fn: (scope: string) => T): T {
    const old = this.nameStack;
    let scope: string;
    if (!name) scope = '';
    else if (name.endsWith('/')) scope = name.slice(0, -1);
    else {
      validateScopeName(name);
      scope = this.uniqueName(name);
    }
    this.nameStack = scope;
    try { return fn(scope ? `${scope}/` : ''); } finally { this.nameStack = old; }
  }

  // ---- ops --------------------------------------------------------------------------------

  /**
   * Creates an operation: checks inputs, infers output shapes and dtypes (decorating any
   * shape error with the node name, op type and input shapes), applies the current control
   * dependencies and device.
   */
  addOp<A extends Attrs>(def: OpDef<A>, inputs: Tensor[], attrs: A, opts: AddOpOptions = {}): Operation<A> {
    if (this.finalized) {
      throw new Error(`Graph is finalized and cannot be modified (while adding a '${def.type}' op${callSiteSuffix(this)}).`);
    }
    const type = opts.type ?? def.type;
    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i];
      if (!(t instanceof Tensor)) throw new TypeError(`Input ${i} of '${type}' must be a Tensor, got ${String(t)}.`);
      if (t.graph !== this) {
        throw new ValueError(`Tensor ${t.toString()} must be from the same graph as the other inputs of '${opts.name ?? type}' (op: '${type}'); it was created in another Graph.`);
      }
    }
    let name = opts.name ?? type;
    if (name.endsWith('/')) name = name.slice(0, -1);
    else {
      validateOpName(name);
      name = this.uniqueName(name);
    }
    const specs: InputSpec[] = inputs.map(t => ({ dtype: t.dtype, shape: t.shape, value: () => constantValueFn(t) }));
    let outs;
    try {
      outs = def.infer(specs, attrs);
    } catch (e) {
      if (e instanceof ShapeError || e instanceof TypeError || e instanceof ValueError) {
        const shapes = inputs.map(t => formatShape(t.shape)).join(', ');
        const where = this.captureCallSites ? callSite() : '';
        const at = where ? `\n  (defined at ${where})` : '';
        // dtype mismatches read as TF's do; shape errors name the node and its input shapes
        const msg = e instanceof TypeError ? `${e.message}${at}` : `${e.message} for '${name}' (op: '${type}') with input shapes: ${shapes}.${at}`;
        const err = e instanceof TypeError ? new TypeError(msg) : e instanceof ShapeError ? new ShapeError(msg) : new ValueError(msg);
        throw err;
      }
      throw e;
    }
    // TF's rule: a frame's dependencies are implied (and dropped) when a data input was
    // itself created inside that frame; a null frame clears the outer ones
    const ctrl: Operation[] = [];
    let firstFrame = 0;
    for (let i = this.controlStack.length - 1; i >= 0; i--) if (this.controlStack[i] === null) { firstFrame = i + 1; break; }
    for (let i = firstFrame; i < this.controlStack.length; i++) {
      const frame = this.controlStack[i]!;
      if (inputs.some(t => frame.created.has(t.op))) continue;
      for (const c of frame.deps) if (!ctrl.includes(c) && !inputs.some(t => t.op === c)) ctrl.push(c);
    }
    const op = new Operation<A>({
      graph: this, type, name, def: def as unknown as OpDef<Attrs>, inputs, controlInputs: ctrl, attrs,
      device: this.deviceStack.length ? this.deviceStack[this.deviceStack.length - 1] : '',
      definedAt: this.captureCallSites ? callSite() : '', id: this.ops.length + 1,
    });
    op.outputs = outs.map((o, i) => new Tensor(op as Operation, i, o.dtype, o.shape));
    this.ops.push(op as Operation);
    for (const t of inputs) {
      const c = this.consumerIndex.get(t);
      if (c) c.push(op as Operation); else this.consumerIndex.set(t, [op as Operation]);
    }
    for (const frame of this.controlStack) frame?.created.add(op as Operation);
    this.byName.set(name, op as Operation);
    this.version++;
    return op;
  }

  /** The operations that take `t` as a data input, in creation order. */
  consumersOf(t: Tensor): readonly Operation[] {
    return this.consumerIndex.get(t) ?? [];
  }

  /**
   * The graph as a GraphDef (graph.as_graph_def()): nodes with op types, inputs (`^ctrl` for
   * control inputs), devices and TF's attrs; `{ addShapes: true }` adds `_output_shapes`.
   */
  asGraphDef(opts: { addShapes?: boolean; clearDevices?: boolean } = {}): import('../io/graph_def_types.js').GraphDef {
    if (!graphDefExporter) throw new Error('GraphDef export is not loaded (import tensorgraph, not framework/graph.js).');
    return graphDefExporter(this, opts) as import('../io/graph_def_types.js').GraphDef;
  }

  /** The id the next op will get (TF's graph._last_id + 1), used to derive op seeds. */
  get lastId(): number { return this.ops.length; }

  getOperationByName(name: string): Operation {
    const op = this.byName.get(name);
    if (!op) {
      if (name.includes(':')) {
        throw new ValueError(`Name '${name}' appears to refer to a Tensor, not a Operation.`);
      }
      throw new KeyError(`The name '${name}' refers to an Operation not in the graph.`);
    }
    return op;
  }

  getTensorByName(name: string): Tensor {
    const m = /^(.*):(\d+)$/.exec(name);
    if (!m) {
      if (this.byName.has(name)) throw new ValueError(`The name '${name}' refers to an Operation, not a Tensor. Tensor names must be of the form "<op_name>:<output_index>".`);
      throw new ValueError(`The name '${name}' looks like an (invalid) Operation name, not a Tensor. Tensor names must be of the form "<op_name>:<output_index>".`);
    }
    const op = this.byName.get(m[1]);
    if (!op) throw new KeyError(`The name '${name}' refers to a Tensor which does not exist. The operation, '${m[1]}', does not exist in the graph.`);
    const i = Number(m[2]);
    if (i >= op.outputs.length) {
      throw new KeyError(`The name '${name}' refers to a Tensor which does not exist. The operation, '${m[1]}', exists but only has ${op.outputs.length} outputs.`);
    }
    return op.outputs[i];
  }

  /** A Tensor ('x:0') or Operation ('x') by name, as Graph.as_graph_element. */
  asGraphElement(name: string): Tensor | Operation {
    return name.includes(':') ? this.getTensorByName(name) : this.getOperationByName(name);
  }

  hasOperation(name: string): boolean { return this.byName.has(name); }

  // ---- control dependencies and devices -----------------------------------------------------

  /** Ops created in fn run after `deps` (null clears outer dependencies). */
  controlDependencies<T>(deps: readonly (Operation | Tensor)[] | null, fn: () => T): T {
    let frame: { deps: Operation[]; created: Set<Operation> } | null = null;
    if (deps) {
      frame = { deps: deps.map(d => (d instanceof Tensor ? d.op : d)), created: new Set() };
      for (const op of frame.deps) {
        if (op.graph !== this) throw new ValueError(`Control dependency ${op.name} must be from the same graph.`);
      }
    }
    this.controlStack.push(frame);
    try { return fn(); } finally { this.controlStack.pop(); }
  }

  /** Records a device on the ops created in fn (`with tf.device('/cpu:0'):`). */
  device<T>(spec: string | null, fn: () => T): T {
    this.deviceStack.push(canonicalDevice(spec ?? ''));
    try { return fn(); } finally { this.deviceStack.pop(); }
  }

  // ---- collections --------------------------------------------------------------------------

  addToCollection(key: string, value: unknown): void {
    this.getCollectionRef(key).push(value);
  }
  addToCollections(keys: readonly string[], value: unknown): void {
    for (const k of new Set(keys)) this.addToCollection(k, value);
  }
  /** A copy of the collection, optionally filtered by name scope (a prefix match). */
  getCollection<T = unknown>(key: string, scope?: string): T[] {
    const items = (this.collections.get(key) ?? []) as T[];
    if (!scope) return items.slice();
    const re = new RegExp(`^${scope}`);
    return items.filter(v => {
      const n = (v as { name?: string })?.name;
      return typeof n === 'string' && re.test(n);
    });
  }
  getCollectionRef<T = unknown>(key: string): T[] {
    let c = this.collections.get(key);
    if (!c) this.collections.set(key, (c = []));
    return c as T[];
  }
  clearCollection(key: string): void { this.collections.delete(key); }
  getAllCollectionKeys(): string[] { return [...this.collections.keys()]; }
}

export class KeyError extends Error {
  override name = 'KeyError';
}

const VALID_OP_NAME = /^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$/;
const VALID_SCOPE_NAME = /^[A-Za-z0-9_.\\/>-]*$/;
function validateOpName(name: string): void {
  if (!VALID_OP_NAME.test(name)) throw new ValueError(`'${name}' is not a valid node name`);
}
function validateScopeName(name: string): void {
  if (!VALID_SCOPE_NAME.test(name)) throw new ValueError(`'${name}' is not a valid scope name`);
}

/** Canonical device strings as TF records them: '/cpu:0' -> '/device:CPU:0'. */
export function canonicalDevice(spec: string): string {
  if (!spec) return '';
  return spec.replace(/\/(cpu|gpu|tpu):(\d+|\*)/gi, (_, kind: string, n: string) => `/device:${kind.toUpperCase()}:${n}`)
    .replace(/\/device:(cpu|gpu|tpu):/gi, (_, kind: string) => `/device:${kind.toUpperCase()}:`);
}

function callSiteSuffix(g: Graph): string {
  if (!g.captureCallSites) return '';
  const s = callSite();
  return s ? ` at ${s}` : '';
}

// ---- the default graph ---------------------------------------------------------------------

const defaultStack: Graph[] = [];
let globalDefault = new Graph();

export function getDefaultGraph(): Graph {
  return defaultStack.length ? defaultStack[defaultStack.length - 1] : globalDefault;
}

/** Clears the global default graph (tf.reset_default_graph). Not allowed inside asDefault. */
export function resetDefaultGraph(): void {
  if (defaultStack.length) {
    throw new Error('Do not use resetDefaultGraph() to clear nested graphs. If you need a cleared graph, exit the nesting and create a new graph.');
  }
  globalDefault = new Graph();
  resetHooks.forEach(h => h());
}
const resetHooks: (() => void)[] = [];
export function onResetDefaultGraph(h: () => void): void { resetHooks.push(h); }

/** Runs fn with a fresh graph as the default; the graph is returned with fn's result. */
export function withGraph<T>(fn: (g: Graph) => T): T {
  const g = new Graph();
  return g.asDefault(() => fn(g));
}
