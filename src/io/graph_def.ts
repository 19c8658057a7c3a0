// Graph -> GraphDef (graph.as_graph_def), GraphDef <-> bytes / text format, and
// tf.train.write_graph.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Graph, getDefaultGraph, installGraphDefExporter } from '../framework/graph.js';
import { type Operation, installNodeDefText } from '../framework/operation.js';
import { exportAttrs, opSignature } from './attr_map.js';
import { shapeToProto } from './tensor_proto.js';
import { encodeMessage, decodeMessage, looksLikeText } from './proto_message.js';
import { messageToText, messageFromText } from './proto_text.js';
import { writeFileAtomic, wrapFsError } from '../checkpoint/atomic_file.js';
import type { GraphDef, NodeDef, AttrValueProto } from './graph_def_types.js';

/** The GraphDef version TF 2.21 writes (tensorflow/core/public/version.h TF_GRAPH_DEF_VERSION). */
export const GRAPH_DEF_VERSION = 2474;
export const GRAPH_DEF_VERSION_MIN_CONSUMER = 0;
export const GRAPH_DEF_VERSION_MIN_PRODUCER = 0;

export interface AsGraphDefOptions {
  /** Add each node's `_output_shapes` attr (the shapes TensorBoard shows). Default false, as in TF. */
  addShapes?: boolean;
  /** Leave out device placements (clear_devices). */
  clearDevices?: boolean;
}

/** The input strings of a node: `x` for output 0, `x:1`, then `^ctrl` for control inputs sorted by name (as TF's Graph::ToGraphDef). */
export function nodeInputs(op: Operation): string[] {
  const ctrl = op.controlInputs.map(c => c.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return op.inputs.map(t => (t.valueIndex === 0 ? t.op.name : `${t.op.name}:${t.valueIndex}`)).concat(ctrl.map(c => `^${c}`));
}

const enc = new TextEncoder();

/**
 * The internal attrs TF's Python adds that we reproduce: colocation with a TF 1 variable
 * (`_class: ['loc:@v']`) for ops taking it as a reference input (Assign, AssignAdd, Apply*,
 * IsVariableInitialized), its `v/read` snapshot, and a variable built from an initializer
 * function with its `v/Initializer/` ops; and `_has_manual_control_dependencies` on ops used
 * as control dependencies. (Other colocations TF records are not reproduced.)
 */
function internalAttrs(op: Operation, ctx: ExportContext): Record<string, AttrValueProto> {
  const fnVariables = ctx.fnVariables;
  const locs = new Set<string>();
  const sig = opSignature(op.type);
  op.inputs.forEach((t, i) => {
    if (t.op.type === 'VariableV2' && (sig?.inputs[i]?.isRef || op.def.refInputs?.includes(i))) locs.add(t.op.name);
  });
  const src = op.inputs[0]?.op;
  const ofVar = src?.type === 'VariableV2';
  if (ofVar && op.type === 'Identity' && op.name === `${src.name}/read`) locs.add(src.name);
  if (op.type === 'VariableV2' && fnVariables.has(op.name)) locs.add(op.name);
  const m = /^(.*)\/Initializer\//.exec(op.name);
  if (m && fnVariables.has(m[1])) locs.add(m[1]);
  const attr: Record<string, AttrValueProto> = {};
  if (locs.size) attr._class = { list: { s: [...locs].map(n => enc.encode(`loc:@${n}`)) } };
  if (ctx.controlDeps.has(op)) attr._has_manual_control_dependencies = { b: true };
  return attr;
}

interface ExportContext {
  /** Variables whose value comes from an initializer function (they have `name/Initializer/` ops). */
  fnVariables: Set<string>;
  /** Ops that are control inputs of others. */
  controlDeps: Set<Operation>;
}

function exportContext(graph: Graph): ExportContext {
  const vars = new Set(graph.operations.filter(o => o.type === 'VariableV2').map(o => o.name));
  const ctx: ExportContext = { fnVariables: new Set(), controlDeps: new Set() };
  for (const o of graph.operations) {
    const m = /^(.*)\/Initializer\//.exec(o.name);
    if (m && vars.has(m[1])) ctx.fnVariables.add(m[1]);
    for (const c of o.controlInputs) ctx.controlDeps.add(c);
  }
  return ctx;
}

/** One operation as TF's NodeDef. */
export function nodeDef(op: Operation, opts: AsGraphDefOptions = {}, ctx: ExportContext = exportContext(op.graph)): NodeDef {
  const node: NodeDef = { name: op.name, op: op.type };
  const input = nodeInputs(op);
  if (input.length) node.input = input;
  if (op.device && !opts.clearDevices) node.device = op.device;
  const attr = { ...exportAttrs(op), ...internalAttrs(op, ctx) };
  if (opts.addShapes && op.outputs.length) attr._output_shapes = { list: { shape: op.outputs.map(t => shapeToProto(t.shape)) } };
  if (Object.keys(attr).length) node.attr = attr;
  return node;
}

/**
 * The graph as a GraphDef object (TF's `graph.as_graph_def(add_shapes=...)`): one NodeDef per
 * operation in creation order, with TF's op types, inputs, devices and attrs.
 *
 * ```ts
 * const g = new tf.Graph();
 * g.asDefault(() => tf.add(tf.constant(2), tf.constant(3)));
 * tf.io.asGraphDef(g).node.map(n => n.op);   // ['Const', 'Const', 'AddV2']
 * ```
 */
export function asGraphDef(graph: Graph = getDefaultGraph(), opts: AsGraphDefOptions = {}): GraphDef & { node: NodeDef[] } {
  const ctx = exportContext(graph);
  return {
    node: graph.operations.map(op => nodeDef(op, opts, ctx)),
    versions: { producer: GRAPH_DEF_VERSION },
  };
}

/** A GraphDef (or a Graph) as binary protobuf (graph_def.SerializeToString()). */
export function serializeGraphDef(graphDef: GraphDef | Graph): Uint8Array {
  return encodeMessage('GraphDef', graphDef instanceof Graph ? asGraphDef(graphDef) : graphDef);
}

/** A GraphDef in protobuf text format (text_format.MessageToString), as write_graph(as_text=True) writes it. */
export function graphDefToText(graphDef: GraphDef | Graph): string {
  return messageToText('GraphDef', graphDef instanceof Graph ? asGraphDef(graphDef) : graphDef);
}

/**
 * Parses a GraphDef from binary protobuf or text format (bytes or a string). Truncated bytes
 * give a DataLossError, bad text a ValueError with the line and column.
 */
export function parseGraphDef(data: Uint8Array | string, what = 'GraphDef'): GraphDef {
  if (typeof data === 'string') return messageFromText('GraphDef', data) as GraphDef;
  if (looksLikeText(data)) return messageFromText('GraphDef', new TextDecoder().decode(data)) as GraphDef;
  return decodeMessage('GraphDef', data, what) as GraphDef;
}

/** Reads a GraphDef file (binary .pb or text .pbtxt). */
export function readGraphDef(file: string): GraphDef {
  let data: Uint8Array;
  try {
    data = fs.readFileSync(file);
  } catch (e) {
    throw wrapFsError(e, file);
  }
  return parseGraphDef(data, `'${file}'`);
}

/**
 * Writes a graph's GraphDef to `logdir/name` (tf.train.write_graph / tf.io.write_graph):
 * text format by default, binary with `asText: false`. Creates `logdir` if needed; the file is
 * replaced atomically. Returns the path written.
 *
 * ```ts
 * tf.train.writeGraph(sess.graph, '/tmp/model', 'graph.pbtxt');
 * ```
 */
export function writeGraph(graphOrGraphDef: Graph | GraphDef, logdir: string, name: string, opts: { asText?: boolean } = {}): string {
  const asText = opts.asText ?? true;
  const gd = graphOrGraphDef instanceof Graph ? asGraphDef(graphOrGraphDef) : graphOrGraphDef;
  const data = asText ? messageToText('GraphDef', gd) : encodeMessage('GraphDef', gd);
  const file = path.join(logdir, name);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (e) {
    throw wrapFsError(e, logdir);
  }
  writeFileAtomic(file, data);
  return file;
}

installGraphDefExporter((g, opts) => asGraphDef(g, opts as AsGraphDefOptions));
installNodeDefText(op => messageToText('NodeDef', nodeDef(op)));
