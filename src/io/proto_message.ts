// Encoding and decoding TensorFlow protos as plain objects (see graph_def_types.ts), generic
// over protobufjs reflection: int64 become numbers (bigints beyond 2^53, so int64 tensors stay
// exact), enums their names, bytes Uint8Arrays. Default-valued fields outside oneofs are left
// out when encoding, as TF's own (proto3) serializer does.

import protobuf from 'protobufjs';
import { proto } from './protos.js';
import { DataLossError, ValueError } from '../framework/errors.js';

export type PlainMessage = { [field: string]: unknown };

const isType = (t: unknown): t is protobuf.Type => t instanceof protobuf.Type;
const isEnum = (t: unknown): t is protobuf.Enum => t instanceof protobuf.Enum;

/** A 64-bit integer from protobufjs (number, Long, string or bigint) as a number when exact, else a bigint. */
export function int64ToJs(v: unknown, unsigned = false): number | bigint {
  let b: bigint;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'string') b = BigInt(v);
  else if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const l = v as { low: number; high: number; unsigned?: boolean };
    b = (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
    b = l.unsigned || unsigned ? BigInt.asUintN(64, b) : BigInt.asIntN(64, b);
  } else throw new TypeError(`Expected a 64-bit integer, got ${String(v)}`);
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

function valueToPlain(f: protobuf.Field, v: unknown): unknown {
  const rt = f.resolvedType;
  if (isType(rt)) return messageToPlain(rt, v as protobuf.Message);
  if (isEnum(rt)) return rt.valuesById[v as number] ?? v;
  if (f.long) return int64ToJs(v, f.type.startsWith('u') || f.type === 'fixed64');
  if (f.type === 'bytes') {
    // plain Uint8Array views (not node Buffers), so decoded objects compare equal to built ones
    if (v instanceof Uint8Array) return v.constructor === Uint8Array ? v : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return new Uint8Array(v as ArrayLike<number>);
  }
  return v;
}

/** A decoded protobufjs message as a plain object (only the fields that are set). */
export function messageToPlain(type: protobuf.Type, m: protobuf.Message | PlainMessage): PlainMessage {
  const out: PlainMessage = {};
  const src = m as unknown as PlainMessage;
  for (const f of type.fieldsArray) {
    if (!Object.prototype.hasOwnProperty.call(src, f.name)) continue;
    const v = src[f.name];
    if (v === null || v === undefined) continue;
    if (f.map) {
      const keys = Object.keys(v as object);
      if (!keys.length) continue;
      const o: PlainMessage = {};
      for (const k of keys) o[k] = valueToPlain(f, (v as PlainMessage)[k]);
      out[f.name] = o;
    } else if (f.repeated) {
      const arr = Array.from(v as ArrayLike<unknown>);
      if (arr.length) out[f.name] = arr.map(e => valueToPlain(f, e));
    } else out[f.name] = valueToPlain(f, v);
  }
  return out;
}

function isDefault(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number') return Object.is(v, 0);
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'string') return v === '';
  if (typeof v === 'boolean') return !v;
  if (v instanceof Uint8Array) return v.length === 0;
  return false;
}

/** Drops proto3 default-valued fields (outside oneofs), recursively. */
export function pruneDefaults(type: protobuf.Type, obj: PlainMessage): PlainMessage {
  if (typeof obj !== 'object' || obj === null) throw new ValueError(`${type.fullName.slice(1)}: expected an object, got ${String(obj)}`);
  const out: PlainMessage = {};
  for (const f of type.fieldsArray) {
    let v = obj[f.name];
    if (v === undefined || v === null) continue;
    const sub = isType(f.resolvedType) ? f.resolvedType : null;
    if (f.map) {
      const o: PlainMessage = {};
      for (const [k, e] of Object.entries(v as PlainMessage)) o[k] = sub ? pruneDefaults(sub, e as PlainMessage) : e;
      if (Object.keys(o).length) out[f.name] = o;
      continue;
    }
    if (f.repeated) {
      const arr = Array.from(v as ArrayLike<unknown>);
      if (!arr.length) continue;
      v = sub ? arr.map(e => pruneDefaults(sub, e as PlainMessage)) : arr;
    } else if (sub) v = pruneDefaults(sub, v as PlainMessage);
    else if (!f.partOf && (isDefault(v) || (isEnum(f.resolvedType) && f.resolvedType.values[v as string] === 0))) continue;
    out[f.name] = v;
  }
  return out;
}

/** Serializes a plain object as the TF message `typeName` ('GraphDef', 'MetaGraphDef', ...). */
export function encodeMessage(typeName: string, obj: object): Uint8Array {
  const t = proto(typeName);
  let msg: protobuf.Message;
  try {
    msg = t.fromObject(pruneDefaults(t, obj as PlainMessage));
  } catch (e) {
    throw new ValueError(`Invalid ${typeName} object: ${(e as Error).message}`);
  }
  return t.encode(msg).finish();
}

/** Parses bytes as the TF message `typeName`; truncated or corrupt data is a DataLossError naming `what`. */
export function decodeMessage(typeName: string, bytes: Uint8Array, what = typeName): PlainMessage {
  const t = proto(typeName);
  let msg: protobuf.Message;
  try {
    msg = t.decode(bytes);
  } catch (e) {
    throw new DataLossError(`Cannot parse ${what} as a binary ${typeName}: the data is truncated or corrupt (${(e as Error).message}).`);
  }
  return messageToPlain(t, msg);
}

/** Whether bytes look like protobuf text format (printable UTF-8 starting with a field name or comment). */
export function looksLikeText(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (i === bytes.length) return false;
  const c = bytes[i];
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x23 || c === 0x5f;
  if (!letter) return false;
  const n = Math.min(bytes.length, 4096);
  for (let k = i; k < n; k++) {
    const b = bytes[k];
    if (b < 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
    if (b === 0x7f) return false;
  }
  return true;
}
