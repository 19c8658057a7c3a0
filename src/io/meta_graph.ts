// MetaGraphDef: a GraphDef plus what is needed to use it again without the model code —
// collections (variables as VariableDef protos, train_op, summaries, ...), the SaverDef,
// and the OpDefs used (tf.train.export_meta_graph / import_meta_graph).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Graph, GraphKeys, getDefaultGraph } from '../framework/graph.js';
import { Tensor } from '../framework/tensor.js';
import { Operation } from '../framework/operation.js';
import { ValueError } from '../framework/errors.js';
import { Variable } from '../ops/state/variable.js';
import { asGraphDef } from './graph_def.js';
import { importGraphDefScoped } from './import_graph_def.js';
import { opDefProto } from './attr_map.js';
import { encodeMessage, decodeMessage, looksLikeText } from './proto_message.js';
import { messageToText, messageFromText } from './proto_text.js';
import { writeFileAtomic, wrapFsError } from '../checkpoint/atomic_file.js';
import type { CollectionDef, MetaGraphDef, SaverDef, VariableDef, GraphDef } from './graph_def_types.js';

/**
 * meta_info_def.tensorflow_version: the TF release whose formats we follow, with our own
 * version as a PEP 440 local label (TF parses this field as a version: it must be >= 1.9).
 */
export const TENSORGRAPH_VERSION = '2.21.0+tensorgraph.0.1.0';
/** meta_info_def.tensorflow_git_version (free-form). */
export const TENSORGRAPH_GIT_VERSION = 'tensorgraph-0.1.0';

/** Collections whose items are Variables (stored as VariableDef protos). */
export const VARIABLE_COLLECTIONS: readonly string[] = [
  GraphKeys.GLOBAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES, GraphKeys.LOCAL_VARIABLES, GraphKeys.MODEL_VARIABLES,
  GraphKeys.GLOBAL_STEP, 'moving_average_variables', 'metric_variables', 'concatenated_variables',
];

export interface ExportMetaGraphOptions {
  /** The graph to export (default: the default graph). */
  graph?: Graph;
  /** The Saver's SaverDef (saver.saverDef), recorded so a restore needs no model code. */
  saverDef?: SaverDef;
  /** Collections to export (default: all). */
  collectionList?: readonly string[];
  /** Leave out device placements. */
  clearDevices?: boolean;
  /** Text format instead of binary when writing `filename` (default: binary). */
  asText?: boolean;
  /** meta_info_def.tags. */
  tags?: readonly string[];
  /** Add `_output_shapes` to the nodes (default true, as TF's export_meta_graph). */
  addShapes?: boolean;
  /** Include meta_info_def.stripped_op_list, the OpDefs of the op types used (default true). */
  strippedOpList?: boolean;
}

/** The VariableDef of a variable (variable.to_proto()): its op names for recreating it from the graph. */
export function variableToProto(v: Variable): VariableDef {
  return {
    variable_name: v.name, initial_value_name: v.initialValue.name, initializer_name: v.initializer.name,
    snapshot_name: v.snapshot.name, trainable: v.trainable,
  };
}

const enc = new TextEncoder();

function collectionDef(key: string, items: unknown[]): CollectionDef | null {
  if (!items.length) return null;
  if (items.every(x => x instanceof Variable)) {
    return { bytes_list: { value: (items as Variable[]).map(v => encodeMessage('VariableDef', variableToProto(v))) } };
  }
  if (items.every(x => x instanceof Tensor || x instanceof Operation)) return { node_list: { value: items.map(x => (x as Tensor | Operation).name) } };
  if (items.every(x => typeof x === 'bigint' || (typeof x === 'number' && Number.isInteger(x)))) return { int64_list: { value: items as number[] } };
  if (items.every(x => typeof x === 'number')) return { float_list: { value: items as number[] } };
  if (items.every(x => typeof x === 'string')) return { bytes_list: { value: (items as string[]).map(s => enc.encode(s)) } };
  if (items.every(x => x instanceof Uint8Array)) return { bytes_list: { value: items as Uint8Array[] } };
  process.emitWarning(`Issue encountered when serializing ${key}: its items are not Variables, Tensors, Operations, numbers or strings; the collection is left out of the MetaGraphDef.`);
  return null;
}

/**
 * The graph as a MetaGraphDef (tf.train.export_meta_graph), also written to `filename` when
 * given (binary, or text format with `asText`).
 *
 * ```ts
 * const meta = tf.train.exportMetaGraph('/tmp/model.meta');
 * ```
 */
export function exportMetaGraph(filename?: string | null, opts: ExportMetaGraphOptions = {}): MetaGraphDef {
  const g = opts.graph ?? getDefaultGraph();
  const graphDef = asGraphDef(g, { addShapes: opts.addShapes ?? true, clearDevices: opts.clearDevices });
  const meta: MetaGraphDef = {
    meta_info_def: {
      ...(opts.strippedOpList === false ? {} : {
        stripped_op_list: { op: [...new Set(graphDef.node.map(n => n.op))].sort().map(t => opDefProto(t)).filter(o => o !== undefined) },
      }),
      ...(opts.tags?.length ? { tags: [...opts.tags] } : {}),
      tensorflow_version: TENSORGRAPH_VERSION,
      tensorflow_git_version: TENSORGRAPH_GIT_VERSION,
    },
    graph_def: graphDef,
  };
  if (opts.saverDef) meta.saver_def = opts.saverDef;
  const collections: Record<string, CollectionDef> = {};
  for (const key of opts.collectionList ?? g.getAllCollectionKeys()) {
    const c = collectionDef(key, g.getCollection(key));
    if (c) collections[key] = c;
  }
  if (Object.keys(collections).length) meta.collection_def = collections;
  if (filename) writeMetaGraph(meta, filename, opts.asText ?? false);
  return meta;
}

/** Writes a MetaGraphDef file atomically (binary or text format). */
export function writeMetaGraph(meta: MetaGraphDef, filename: string, asText = false): string {
  const data = asText ? messageToText('MetaGraphDef', meta) : encodeMessage('MetaGraphDef', meta);
  try {
    fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  } catch (e) {
    throw wrapFsError(e, path.dirname(filename));
  }
  writeFileAtomic(filename, data);
  return filename;
}

/** Reads a MetaGraphDef (a .meta file, bytes, or text). */
export function readMetaGraph(source: string | Uint8Array): MetaGraphDef {
  let data: Uint8Array;
  const what = typeof source === 'string' ? `'${source}'` : 'MetaGraphDef';
  if (typeof source === 'string') {
    try {
      data = fs.readFileSync(source);
    } catch (e) {
      throw wrapFsError(e, source);
    }
  } else data = source;
  if (looksLikeText(data)) return messageFromText('MetaGraphDef', new TextDecoder().decode(data)) as MetaGraphDef;
  return decodeMessage('MetaGraphDef', data, what) as MetaGraphDef;
}

// ---- import -----------------------------------------------------------------------------------

export interface ImportMetaGraphOptions {
  /** A name scope for the imported nodes (default: none, the original names). */
  importScope?: string;
  /** Ignore the devices recorded in the graph. */
  clearDevices?: boolean;
  /** As importGraphDef's inputMap. */
  inputMap?: Record<string, Tensor | Operation>;
  /** The graph to import into (default: the default graph). */
  graph?: Graph;
}

export interface ImportedMetaGraph {
  graph: Graph;
  metaGraphDef: MetaGraphDef;
  /** The SaverDef recorded in the file (null if none): what a Saver needs to restore. */
  saverDef: SaverDef | null;
  /** The rebuilt global variables (also in the graph's collections). */
  variables: Variable[];
  /** The scope prefix given to the imported names ('' for none). */
  importScope: string;
}

/**
 * A Variable for ops already in the graph (TF's Variable(variable_def=...)): the VariableV2
 * output, its initializer, its `read` snapshot and initial value.
 */
export function variableFromOps(parts: { ref: Tensor; initializer: Operation; snapshot: Tensor; initialValue: Tensor; trainable: boolean }): Variable {
  return Variable.fromOps(parts);
}

/** The Variable a VariableDef describes, with names under `scope`. */
export function variableFromProto(g: Graph, def: VariableDef, scope = ''): Variable {
  const name = (n: string | undefined, what: string): string => {
    if (!n) throw new ValueError(`VariableDef for '${def.variable_name ?? '?'}' has no ${what}.`);
    return scope + n;
  };
  const ref = g.getTensorByName(name(def.variable_name, 'variable_name'));
  const initializer = g.getOperationByName(name(def.initializer_name, 'initializer_name'));
  const snapshot = def.snapshot_name ? g.getTensorByName(scope + def.snapshot_name) : ref;
  // older VariableDefs have no initial_value_name: the initializer's value input serves
  const initialValue = def.initial_value_name ? g.getTensorByName(scope + def.initial_value_name) : initializer.inputs[1] ?? ref;
  return variableFromOps({ ref, initializer, snapshot, initialValue, trainable: def.trainable ?? false });
}

/**
 * Rebuilds a MetaGraphDef's graph in the default graph (tf.train.import_meta_graph): the
 * nodes, the collections (with real Variable objects in `variables` / `trainable_variables`),
 * and returns the SaverDef so a Saver can restore the variables with no model code.
 *
 * ```ts
 * const { saverDef } = tf.train.importMetaGraph('/tmp/model.meta');
 * ```
 */
export function importMetaGraph(source: string | Uint8Array | MetaGraphDef, opts: ImportMetaGraphOptions = {}): ImportedMetaGraph {
  const meta = typeof source === 'string' || source instanceof Uint8Array ? readMetaGraph(source) : source;
  const g = opts.graph ?? getDefaultGraph();
  const gd: GraphDef = meta.graph_def ?? {};
  const { scope } = importGraphDefScoped(gd, { name: opts.importScope ?? '', inputMap: opts.inputMap, clearDevices: opts.clearDevices, graph: g });
  const variables = new Map<string, Variable>();
  const dec = new TextDecoder();
  for (const [key, col] of Object.entries(meta.collection_def ?? {})) {
    try {
      if (col.node_list) {
        for (const n of col.node_list.value ?? []) g.addToCollection(key, g.asGraphElement(scope + n));
      } else if (col.bytes_list && VARIABLE_COLLECTIONS.includes(key)) {
        for (const b of col.bytes_list.value ?? []) {
          const def = decodeMessage('VariableDef', b, `a VariableDef in collection '${key}'`) as VariableDef;
          const k = def.variable_name ?? '';
          if (!variables.has(k)) variables.set(k, variableFromProto(g, def, scope));
          g.addToCollection(key, variables.get(k));
        }
      } else if (col.bytes_list && key === GraphKeys.SAVERS) {
        for (const b of col.bytes_list.value ?? []) g.addToCollection(key, decodeMessage('SaverDef', b, `a SaverDef in collection '${key}'`));
      } else if (col.bytes_list) {
        for (const b of col.bytes_list.value ?? []) g.addToCollection(key, dec.decode(b));
      } else if (col.int64_list) {
        for (const x of col.int64_list.value ?? []) g.addToCollection(key, x);
      } else if (col.float_list) {
        for (const x of col.float_list.value ?? []) g.addToCollection(key, x);
      }
    } catch (e) {
      throw new ValueError(`Cannot import collection '${key}' of the MetaGraphDef: ${(e as Error).message}`);
    }
  }
  const global = g.getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES).filter(v => v instanceof Variable);
  return { graph: g, metaGraphDef: meta, saverDef: meta.saver_def ?? null, variables: global, importScope: scope };
}
