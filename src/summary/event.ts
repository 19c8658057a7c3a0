// Event protos as FileWriter writes them (tensorflow/core/util/event.proto): encoding with
// an already-serialized Summary or GraphDef spliced in, so their bytes are written as given.

import { encodeProto, type ProtoObject } from './proto_util.js';

/** An Event to write: the payload fields may be objects or already-serialized bytes. */
export interface EventLike {
  wall_time?: number;
  step?: number | bigint;
  file_version?: string;
  graph_def?: Uint8Array;
  summary?: ProtoObject | Uint8Array;
  log_message?: ProtoObject;
  session_log?: ProtoObject;
  tagged_run_metadata?: ProtoObject;
  meta_graph_def?: Uint8Array;
  source_metadata?: ProtoObject;
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return out;
}

/** Serializes an Event as TF does (fields in number order, proto3 defaults left out). */
export function encodeEvent(ev: EventLike): Uint8Array {
  const { summary, ...rest } = ev;
  if (!(summary instanceof Uint8Array)) return encodeProto('Event', { ...rest, summary } as ProtoObject);
  // summary is field 5; source_metadata (10) is the only field after it
  const { source_metadata, ...head } = rest;
  const parts = [
    encodeProto('Event', head as ProtoObject),
    Uint8Array.from([(5 << 3) | 2, ...varint(summary.length)]), summary,
  ];
  if (source_metadata) parts.push(encodeProto('Event', { source_metadata }));
  return Buffer.concat(parts);
}

/** The time now in seconds, with sub-millisecond precision (Python's time.time()). */
export function wallTime(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}
