// Serialized GraphDefs for FileWriter's graph events, from the GraphDef exporter in src/io
// (as TF's FileWriter writes graph.as_graph_def(add_shapes=True)).

import { Graph } from '../framework/graph.js';
import { asGraphDef, serializeGraphDef } from '../io/graph_def.js';
import { encodeMessage } from '../io/proto_message.js';
import type { GraphDef } from '../io/graph_def_types.js';

/** A GraphDef as bytes or as an object ({node: [...], versions: {...}}). */
export type GraphDefInput = Uint8Array | GraphDef;

/** The bytes of a Graph's GraphDef with `_output_shapes`, or of a given GraphDef. */
export function graphDefBytes(graph: Graph | GraphDefInput): Uint8Array {
  if (graph instanceof Uint8Array) return graph;
  return serializeGraphDef(graph instanceof Graph ? asGraphDef(graph, { addShapes: true }) : graph);
}

/** The bytes of a MetaGraphDef given as bytes or as an object. */
export function metaGraphDefBytes(meta: Uint8Array | object): Uint8Array {
  return meta instanceof Uint8Array ? meta : encodeMessage('MetaGraphDef', meta);
}
