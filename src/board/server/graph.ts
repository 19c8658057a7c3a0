// The run's graph for the page: a GraphDef (from a graph_def event, a MetaGraphDef, or TF 2's
// traced RunMetadata summary) as a flat node list with printable attributes, output shapes
// (from _output_shapes) and output dtypes.

import { decodeProto, type ProtoObject } from '../../summary/proto_util.js';
import { makeNdarray } from '../../summary/tensor_proto.js';
import { eventAt } from './media.js';
import type { GraphRef } from './series.js';
import { Wire } from './wire.js';

export interface GraphNode {
  name: string; op: string; inputs: string[]; device: string;
  attrs: Record<string, string>; outputShapes: string[]; dtypes: string[];
}

const DTYPES = [
  'invalid', 'float32', 'float64', 'int32', 'uint8', 'int16', 'int8', 'string', 'complex64', 'int64', 'bool',
  'qint8', 'quint8', 'qint32', 'bfloat16', 'qint16', 'quint16', 'uint16', 'complex128', 'float16', 'resource',
  'variant', 'uint32', 'uint64',
];

/** TF's name for a DataType enum value ('float32', 'int32_ref', ...). */
export function dtypeName(e: number): string {
  if (e > 100) return `${dtypeName(e - 100)}_ref`;
  return DTYPES[e] ?? `dtype(${e})`;
}

/** "[?,3]"; "<unknown>" for an unknown rank. */
export function shapeString(s: ProtoObject | undefined): string {
  if (!s) return '<unknown>';
  if (s.unknown_rank) return '<unknown>';
  const dims = (s.dim ?? []) as ProtoObject[];
  return `[${dims.map(d => { const n = Number(d.size ?? 0); return n < 0 ? '?' : String(n); }).join(',')}]`;
}

const MAX_ATTR = 200;
const clip = (s: string) => (s.length > MAX_ATTR ? `${s.slice(0, MAX_ATTR - 1)}…` : s);

function bytesString(b: Uint8Array): string {
  const s = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  return JSON.stringify(s.length > MAX_ATTR ? s.slice(0, MAX_ATTR) : s);
}

function tensorString(t: ProtoObject): string {
  const head = `${dtypeName(Number(t.dtype ?? 0))} ${shapeString(t.tensor_shape as ProtoObject)}`;
  try {
    const v = makeNdarray(t);
    if (v.size > 10) return head;
    const vals = Array.from(v.data as ArrayLike<unknown>, x => (typeof x === 'string' ? JSON.stringify(x) : String(x)));
    return `${head} ${v.shape.length ? `[${vals.join(', ')}]` : vals[0] ?? ''}`;
  } catch {
    return head;
  }
}

/** A short printable form of an AttrValue. */
export function attrString(a: ProtoObject): string {
  switch (a.value) {
    case 's': return clip(bytesString(a.s as Uint8Array));
    case 'i': case 'f': return String(a[a.value]);
    case 'b': return a.b ? 'true' : 'false';
    case 'type': return dtypeName(Number(a.type ?? 0));
    case 'shape': return shapeString(a.shape as ProtoObject);
    case 'tensor': return clip(tensorString(a.tensor as ProtoObject));
    case 'func': return String((a.func as ProtoObject).name ?? '');
    case 'placeholder': return `$${a.placeholder}`;
    case 'list': {
      const l = a.list as ProtoObject;
      const items: string[] = [];
      for (const x of (l.s ?? []) as Uint8Array[]) items.push(bytesString(x));
      for (const x of (l.i ?? []) as number[]) items.push(String(x));
      for (const x of (l.f ?? []) as number[]) items.push(String(x));
      for (const x of (l.b ?? []) as boolean[]) items.push(String(x));
      for (const x of (l.type ?? []) as number[]) items.push(dtypeName(x));
      for (const x of (l.shape ?? []) as ProtoObject[]) items.push(shapeString(x));
      for (const x of (l.tensor ?? []) as ProtoObject[]) items.push(tensorString(x));
      for (const x of (l.func ?? []) as ProtoObject[]) items.push(String(x.name ?? ''));
      return clip(`[${items.join(', ')}]`);
    }
    default: return '';
  }
}

const DTYPE_ATTRS = ['DstT', 'out_type', 'output_type', 'dtype', 'T', 'Tout', 'type'];

function nodeJson(n: ProtoObject, prefix: string): GraphNode {
  const attr = (n.attr ?? {}) as Record<string, ProtoObject>;
  const attrs: Record<string, string> = {};
  for (const k of Object.keys(attr).sort()) if (k !== '_output_shapes') attrs[k] = attrString(attr[k]);
  const shapes = ((attr._output_shapes?.list as ProtoObject | undefined)?.shape ?? []) as ProtoObject[];
  const outputShapes = shapes.map(shapeString);
  let dtypes: string[] = [];
  const listed = (attr.output_types?.list as ProtoObject | undefined)?.type as number[] | undefined;
  if (listed?.length) dtypes = listed.map(dtypeName);
  else {
    const key = DTYPE_ATTRS.find(k => attr[k]?.value === 'type');
    if (key) dtypes = new Array(Math.max(1, outputShapes.length)).fill(dtypeName(Number(attr[key].type ?? 0)));
  }
  const pre = (s: string) => (prefix ? (s.startsWith('^') ? `^${prefix}${s.slice(1)}` : `${prefix}${s}`) : s);
  return {
    name: pre(String(n.name ?? '')), op: String(n.op ?? ''), inputs: ((n.input ?? []) as string[]).map(pre),
    device: String(n.device ?? ''), attrs, outputShapes, dtypes,
  };
}

/** The GraphDefs inside a serialized RunMetadata (TF 2's trace_export): the pre-optimization function graphs, else the partition graphs. */
function runMetadataGraphs(b: Buffer): ProtoObject[] {
  const pre: Buffer[] = [], parts: Buffer[] = [];
  const w = new Wire(b, 0, b.length);
  while (!w.done) {
    const [f, t] = w.tag();
    if (f === 3 && t === 2) { const [s, e] = w.bytes(); parts.push(b.subarray(s, e)); }
    else if (f === 4 && t === 2) {
      const [s, e] = w.bytes();
      const fg = new Wire(b, s, e);
      while (!fg.done) {
        const [g, u] = fg.tag();
        if (g === 2 && u === 2) { const [gs, ge] = fg.bytes(); pre.push(b.subarray(gs, ge)); } else fg.skip(u);
      }
    } else w.skip(t);
  }
  return (pre.length ? pre : parts).map(x => decodeProto('GraphDef', x));
}

/** The node list of the graph at `ref`. */
export function readGraph(ref: GraphRef): GraphNode[] {
  const ev = eventAt(ref.file, ref.offset);
  let graphs: ProtoObject[];
  if (ref.kind === 'graph_def') graphs = [decodeProto('GraphDef', ev.graph_def as Uint8Array)];
  else if (ref.kind === 'meta_graph_def') graphs = [(decodeProto('MetaGraphDef', ev.meta_graph_def as Uint8Array).graph_def ?? {}) as ProtoObject];
  else {
    const v = (((ev.summary as ProtoObject).value ?? []) as ProtoObject[])[ref.value];
    const bytes = (((v?.tensor as ProtoObject | undefined)?.string_val ?? []) as Uint8Array[])[0];
    graphs = bytes ? runMetadataGraphs(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) : [];
  }
  const nodes: GraphNode[] = [];
  graphs.forEach((g, i) => {
    const prefix = graphs.length > 1 ? `graph_${i + 1}/` : '';
    for (const n of (g.node ?? []) as ProtoObject[]) nodes.push(nodeJson(n, prefix));
  });
  return nodes;
}
