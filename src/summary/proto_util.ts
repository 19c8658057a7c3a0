// Encoding and decoding TensorFlow protos as TF's own (proto3) serializer does: fields with
// default values are left out unless they belong to a oneof, so that our bytes equal TF's.

import type protobuf from 'protobufjs';
import { proto } from '../io/protos.js';

/** A decoded message as a plain object (snake_case fields, int64 as number, bytes as Buffer). */
export type ProtoObject = { [field: string]: unknown };

function isDefault(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number') return Object.is(v, 0);
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'string') return v === '';
  if (typeof v === 'boolean') return !v;
  if (v instanceof Uint8Array) return v.length === 0;
  if (typeof v === 'object' && 'low' in v && 'high' in v) return (v as { low: number; high: number }).low === 0 && (v as { high: number }).high === 0;
  return false;
}

/** Drops proto3 default-valued fields (outside oneofs) so that protobufjs writes what TF writes. */
function prune(type: protobuf.Type, obj: ProtoObject): ProtoObject {
  const out: ProtoObject = {};
  for (const f of type.fieldsArray) {
    let v = obj[f.name];
    if (v === undefined || v === null) continue;
    if (f.map) { if (Object.keys(v as object).length) out[f.name] = v; continue; }
    const sub = f.resolvedType && 'fieldsArray' in f.resolvedType ? (f.resolvedType as protobuf.Type) : null;
    if (f.repeated) {
      const arr = Array.from(v as ArrayLike<unknown>);
      if (!arr.length) continue;
      v = sub ? arr.map(e => prune(sub, e as ProtoObject)) : arr;
    } else if (sub) {
      v = prune(sub, v as ProtoObject);
    } else if (!f.partOf && isDefault(v)) continue;
    if (typeof v === 'bigint') v = v.toString();
    out[f.name] = v;
  }
  return out;
}

/** Serializes a plain object as the TF message `typeName` (e.g. 'Event', 'Summary'). */
export function encodeProto(typeName: string, obj: ProtoObject): Uint8Array {
  const t = proto(typeName);
  return t.encode(t.fromObject(prune(t, obj))).finish();
}

/** Parses bytes as the TF message `typeName` into a plain object. */
export function decodeProto(typeName: string, bytes: Uint8Array): ProtoObject {
  const t = proto(typeName);
  return t.toObject(t.decode(bytes), { longs: Number, oneofs: true }) as ProtoObject;
}
