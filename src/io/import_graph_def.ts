// tf.import_graph_def: recreates a GraphDef's nodes in a Graph through the op registry,
// resolving inputs in dependency order (whatever the node order), mapping inputs, and
// returning requested elements. Everything is checked on a scratch graph first, so a bad
// GraphDef leaves the target graph untouched.

import { type Graph, getDefaultGraph } from '../framework/graph.js';
import { Tensor } from '../framework/tensor.js';
import { Operation } from '../framework/operation.js';
import { getOpDef, type Attrs } from '../framework/op_def.js';
import { NotFoundError, OpError, ValueError } from '../framework/errors.js';
import { Graph as GraphClass } from '../framework/graph.js';
import { Placeholder, convertToTensor, isTensorConvertible, type TensorLike } from '../ops/core.js';
import { toNDArray } from '../framework/ndarray.js';
import { TensorShape } from '../framework/tensor_shape.js';
import { IMPORT_AS, importAttrs, expectedInputTypes } from './attr_map.js';
import { dtypeToProto, dtypeFromProto, shapeFromProto } from './tensor_proto.js';
import { parseGraphDef, GRAPH_DEF_VERSION, GRAPH_DEF_VERSION_MIN_PRODUCER } from './graph_def.js';
import type { GraphDef, NodeDef } from './graph_def_types.js';

export interface ImportGraphDefOptions {
  /** Tensor names in the GraphDef ('x:0', or 'x' for 'x:0'; '^x' for a control input) -> values to use instead. */
  inputMap?: Record<string, TensorLike | Operation> | Map<string, TensorLike | Operation>;
  /** Names of tensors ('x:0') or operations ('x') in the GraphDef to return. */
  returnElements?: readonly string[];
  /** Prefix for the imported names (opened as a name scope); default 'import', '' for none. */
  name?: string;
  /** Ignore the devices recorded in the GraphDef. */
  clearDevices?: boolean;
  /** The graph to import into (default: the default graph). */
  graph?: Graph;
}

interface Ref { node: string; index: number; control: boolean; text: string }

function parseInput(s: string, node: string): Ref {
  const m = /^(\^)?([^:^]+)(?::(\d+))?$/.exec(s);
  if (!m) throw new ValueError(`Node '${node}': Malformed input '${s}' (expected 'name', 'name:index' or '^name').`);
  return { node: m[2], index: m[3] ? Number(m[3]) : 0, control: !!m[1], text: s };
}
const tensorKey = (r: Ref): string => (r.control ? `^${r.node}` : `${r.node}:${r.index}`);

interface Plan {
  nodes: NodeDef[];
  order: number[];
  refs: Ref[][];
  attrs: Attrs[];
}

/** Everything that can be checked without building: node names, op types, inputs, cycles, versions. */
function plan(gd: GraphDef, mapped: Set<string>): Plan {
  if (typeof gd !== 'object' || gd === null || (gd.node !== undefined && !Array.isArray(gd.node))) {
    throw new ValueError('importGraphDef expects a GraphDef (object, binary bytes or text format).');
  }
  const v = gd.versions ?? {};
  if ((v.min_consumer ?? 0) > GRAPH_DEF_VERSION) {
    throw new ValueError(`GraphDef min consumer version ${v.min_consumer} above current version ${GRAPH_DEF_VERSION} for TensorFlow. Please upgrade TensorFlow.`);
  }
  if ((v.producer ?? GRAPH_DEF_VERSION) < GRAPH_DEF_VERSION_MIN_PRODUCER || (v.bad_consumers ?? []).includes(GRAPH_DEF_VERSION)) {
    throw new ValueError(`GraphDef versions ${JSON.stringify(v)} disallow this consumer (version ${GRAPH_DEF_VERSION}).`);
  }
  const nodes = gd.node ?? [];
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (!n || typeof n.name !== 'string' || !n.name) throw new ValueError(`NodeDef #${i} has no name.`);
    if (typeof n.op !== 'string' || !n.op) throw new ValueError(`Node '${n.name}' has no op type.`);
    if (index.has(n.name)) throw new ValueError(`Duplicate node name in graph: '${n.name}'`);
    index.set(n.name, i);
  });
  // unknown op types: one error listing all of them
  const unknown = new Map<string, string[]>();
  for (const n of nodes) {
    if (getOpDef(IMPORT_AS[n.op]?.type ?? n.op)) continue;
    const users = unknown.get(n.op) ?? [];
    users.push(n.name);
    unknown.set(n.op, users);
  }
  if (unknown.size) {
    const types = [...unknown.keys()].map(t => `'${t}'`).join(', ');
    const users = [...unknown.entries()].map(([t, ns]) => `${t}: ${ns.slice(0, 3).map(x => `'${x}'`).join(', ')}${ns.length > 3 ? `, ... (${ns.length} nodes)` : ''}`).join('; ');
    const fns = new Set(((gd.library?.function ?? []) as { signature?: { name?: string } }[]).map(f => f.signature?.name));
    const calls = [...unknown.keys()].filter(t => fns.has(t));
    const fnNote = calls.length ? ` (${calls.map(c => `'${c}'`).join(', ')} ${calls.length === 1 ? 'is a function' : 'are functions'} of the GraphDef's library: tensorgraph does not run graph functions)` : '';
    throw new NotFoundError(`Op type not registered ${types} in the graph (${users}). tensorgraph does not implement ${unknown.size === 1 ? 'this op' : 'these ops'}${fnNote}; make sure the modules defining them are loaded, or remove the nodes from the GraphDef.`);
  }
  const refs = nodes.map(n => {
    if (n.input !== undefined && !Array.isArray(n.input)) throw new ValueError(`Node '${n.name}': input must be a list of strings.`);
    const rs = (n.input ?? []).map(s => parseInput(String(s), n.name));
    let seenControl = false;
    for (const r of rs) {
      if (r.control) seenControl = true;
      else if (seenControl) throw new ValueError(`Node '${n.name}': Control dependencies must come after regular dependencies.`);
      if (!index.has(r.node) && !mapped.has(tensorKey(r))) throw new ValueError(`Node '${n.name}': Unknown input node '${r.text}'`);
    }
    return rs;
  });
  return { nodes, order: topoOrder(nodes, refs, index, mapped), refs, attrs: nodes.map(n => importAttrs(n, n.op)) };
}

/** Dependencies first, otherwise the GraphDef's order; a cycle is an error naming its nodes. */
function topoOrder(nodes: NodeDef[], refs: Ref[][], index: Map<string, number>, mapped: Set<string>): number[] {
  const state = new Uint8Array(nodes.length); // 0 new, 1 on the stack, 2 done
  const order: number[] = [];
  for (let root = 0; root < nodes.length; root++) {
    if (state[root]) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [i, k] = top;
      if (k === refs[i].length) {
        stack.pop();
        state[i] = 2;
        order.push(i);
        continue;
      }
      top[1]++;
      const r = refs[i][k];
      if (mapped.has(tensorKey(r))) continue;
      const j = index.get(r.node)!;
      if (state[j] === 2) continue;
      if (state[j] === 1) {
        const cycle = stack.slice(stack.findIndex(([s]) => s === j)).map(([s]) => `'${nodes[s].name}'`);
        throw new ValueError(`The GraphDef has a cycle: ${cycle.join(' -> ')} -> '${nodes[j].name}' (node '${nodes[j].name}' depends on itself). tensorgraph cannot import cyclic graphs (TF control-flow loops).`);
      }
      state[j] = 1;
      stack.push([j, 0]);
    }
  }
  return order;
}

function normalizeInputMap(m: ImportGraphDefOptions['inputMap']): Map<string, TensorLike | Operation> {
  const out = new Map<string, TensorLike | Operation>();
  const entries = m instanceof Map ? [...m.entries()] : Object.entries(m ?? {});
  for (const [k, v] of entries) {
    const key = k.startsWith('^') || k.includes(':') ? k : `${k}:0`;
    out.set(key, v);
  }
  return out;
}

/** Merges a node's recorded `_output_shapes` into the inferred shapes, as TF's importer does. */
function refineShapes(op: Operation, node: NodeDef): void {
  const shapes = node.attr?._output_shapes?.list?.shape;
  if (!shapes || shapes.length !== op.outputs.length) return; // TF ignores a mismatched count too
  shapes.forEach((p, i) => {
    try {
      op.outputs[i].setShape(shapeFromProto(p));
    } catch (e) {
      throw new ValueError(`Node '${node.name}' has an _output_shapes attribute inconsistent with the GraphDef for output #${i}: ${(e as Error).message}`);
    }
  });
}

/** Builds the planned nodes into g under `prefix`; `inputs` gives the mapped values. */
function build(g: Graph, p: Plan, prefix: string, inputs: Map<string, Tensor | Operation>, opts: ImportGraphDefOptions, real: boolean,
  shownAs = new Map<Tensor, string>()): Map<string, Operation> {
  const created = new Map<string, Operation>();
  for (const i of p.order) {
    const node = p.nodes[i];
    const alias = IMPORT_AS[node.op];
    const def = getOpDef(alias?.type ?? node.op)!;
    const full = prefix + node.name;
    if (g.hasOperation(full)) throw new ValueError(`Cannot import node '${node.name}': the graph already has an operation named '${full}' (import with a name prefix, e.g. {name: 'import'}).`);
    const data = p.refs[i].filter(r => !r.control);
    const tensors = data.map(r => {
      const m = inputs.get(tensorKey(r));
      if (m) return m as Tensor;
      const src = created.get(r.node)!;
      if (r.index >= src.outputs.length) {
        throw new ValueError(`Node '${node.name}': input '${r.text}' refers to output ${r.index} of '${r.node}', which has ${src.outputs.length} output${src.outputs.length === 1 ? '' : 's'}.`);
      }
      return src.outputs[r.index];
    });
    if (!alias || alias.keepType) {
      expectedInputTypes(node, tensors.length).forEach((want, k) => {
        const base = want?.replace(/_REF$/, '');
        if (base && base !== dtypeToProto(tensors[k].dtype)) {
          let name = base;
          try { name = dtypeFromProto(base).dtype; } catch { /* a dtype we do not support: keep TF's name */ }
          throw new ValueError(`Input ${k} of node ${full} was passed ${tensors[k].dtype} from ${shownAs.get(tensors[k]) ?? tensors[k].name} incompatible with expected ${name}.`);
        }
      });
    }
    const attrs = alias?.attrs ? alias.attrs(p.attrs[i]) : p.attrs[i];
    const make = () => g.addOp(def, tensors, attrs, { name: `${full}/`, type: alias && !alias.keepType ? alias.type : node.op });
    let op: Operation;
    try {
      op = node.device && !opts.clearDevices ? g.device(node.device, make) : make();
    } catch (e) {
      if (e instanceof OpError || !(e instanceof Error)) throw e;
      const msg = e.message.includes(`'${full}'`) ? e.message : `${e.message} (while importing node '${node.name}' (op: '${node.op}'))`;
      throw e instanceof TypeError ? new TypeError(msg) : new ValueError(msg);
    }
    refineShapes(op, node);
    if (real) g.nameScope(null, () => g.uniqueName(full));
    for (const r of p.refs[i]) {
      if (!r.control) continue;
      const m = inputs.get(tensorKey(r));
      op.addControlInput(m ? (m instanceof Tensor ? m.op : (m as Operation)) : created.get(r.node)!);
    }
    created.set(node.name, op);
  }
  return created;
}

/**
 * Imports a GraphDef (an object, binary protobuf bytes, or text format) into the default
 * graph (tf.import_graph_def): every node becomes an operation named `<name>/<node>`; inputs
 * in `inputMap` are replaced by the given tensors; returns the `returnElements` (tensors for
 * 'x:0', operations for 'x'). Unknown op types, dangling inputs and cycles are reported
 * before anything is added.
 *
 * ```ts
 * const [y] = tf.importGraphDef(fs.readFileSync('frozen.pb'), { inputMap: { 'input:0': x }, returnElements: ['output/y:0'] });
 * ```
 */
export function importGraphDef(graphDef: GraphDef | Uint8Array | string, opts: ImportGraphDefOptions = {}): (Tensor | Operation)[] {
  return importGraphDefScoped(graphDef, opts).elements;
}

/** importGraphDef, also giving the name prefix used (e.g. 'import_1/'). */
export function importGraphDefScoped(graphDef: GraphDef | Uint8Array | string, opts: ImportGraphDefOptions = {}): { elements: (Tensor | Operation)[]; scope: string } {
  const gd = graphDef instanceof Uint8Array || typeof graphDef === 'string' ? parseGraphDef(graphDef) : graphDef;
  const g = opts.graph ?? getDefaultGraph();
  const rawMap = normalizeInputMap(opts.inputMap);
  const p = plan(gd, new Set(rawMap.keys()));
  const names = new Set(p.nodes.map(n => n.name));
  const missing = [...rawMap.keys()].filter(k => !names.has(k.replace(/^\^/, '').replace(/:\d+$/, '')));
  if (missing.length) throw new ValueError(`Attempted to map inputs that were not found in graph_def: [${missing.join(', ')}]`);
  const returns = (opts.returnElements ?? []).map(s => {
    const r = parseInput(s, '(return element)');
    if (r.control || !names.has(r.node)) throw new ValueError(`Requested return ${s.includes(':') ? 'tensor' : 'node'} '${s}' not found in graph def`);
    return { r, tensor: s.includes(':') };
  });

  const run = (scope: string): { elements: (Tensor | Operation)[]; scope: string } => {
    // check on a scratch graph first, mapped inputs standing in as placeholders
    const scratch = new GraphClass();
    scratch.captureCallSites = false;
    const stand = new Map<string, Tensor | Operation>();
    const shownAs = new Map<Tensor, string>();
    scratch.asDefault(() => {
      for (const [k, v] of rawMap) {
        if (k.startsWith('^') || v instanceof Operation) {
          stand.set(k, scratch.addOp(getOpDef('NoOp')!, [], {}, { name: '.mapped_control' }));
          continue;
        }
        const like = v instanceof Tensor || isTensorConvertible(v) ? convertToTensor(v as TensorLike) : toNDArray(v);
        const shape = like instanceof Tensor ? like.shape : new TensorShape(like.shape);
        const t = scratch.addOp(Placeholder, [], { dtype: like.dtype, shape }, { name: '.mapped_input' }).outputs[0];
        stand.set(k, t);
        shownAs.set(t, like instanceof Tensor ? like.name : k);
      }
      const made = build(scratch, p, scope, stand, opts, false, shownAs);
      for (const { r, tensor } of returns) {
        const n = made.get(r.node)!.outputs.length;
        if (tensor && r.index >= n) throw new ValueError(`Requested return tensor '${r.text}' not found in graph def: '${r.node}' has ${n} output${n === 1 ? '' : 's'}.`);
      }
    });
    // then for real
    const inputs = new Map<string, Tensor | Operation>();
    for (const [k, v] of rawMap) {
      if (k.startsWith('^')) inputs.set(k, v instanceof Tensor ? v.op : (v as Operation));
      else inputs.set(k, v instanceof Operation ? v.outputs[0] : convertToTensor(v as TensorLike));
    }
    const created = build(g, p, scope, inputs, opts, true);
    const elements = returns.map(({ r, tensor }) => (tensor ? created.get(r.node)!.outputs[r.index] : created.get(r.node)!));
    return { elements, scope };
  };
  const name = opts.name ?? 'import';
  return g.asDefault(() => (name ? g.nameScope(name, run) : run('')));
}
