// Protocol-buffer text format (what tf.io.write_graph(as_text=True) writes and
// text_format.Parse reads), generic over protobufjs reflection: a printer and a parser for
// the plain objects of proto_message.ts.

import protobuf from 'protobufjs';
import { proto } from './protos.js';
import { int64ToJs, pruneDefaults, type PlainMessage } from './proto_message.js';
import { ValueError } from '../framework/errors.js';

const isType = (t: unknown): t is protobuf.Type => t instanceof protobuf.Type;
const isEnum = (t: unknown): t is protobuf.Enum => t instanceof protobuf.Enum;
const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

// ---- printing ---------------------------------------------------------------------------------

/** The message as protobuf text format, fields in number order and map entries by key, as Python's text_format prints. */
export function messageToText(typeName: string, obj: object): string {
  const t = proto(typeName);
  const out: string[] = [];
  printMessage(t, pruneDefaults(t, obj as PlainMessage), '', out);
  return out.join('');
}

function printMessage(type: protobuf.Type, obj: PlainMessage, ind: string, out: string[]): void {
  const fields = type.fieldsArray.slice().sort((a, b) => a.id - b.id);
  for (const f of fields) {
    const v = obj[f.name];
    if (v === undefined || v === null) continue;
    if (f.map) {
      for (const k of Object.keys(v as object).sort()) {
        out.push(`${ind}${f.name} {\n${ind}  key: ${scalarText((f as unknown as protobuf.MapField).keyType, k, null)}\n`);
        printField(f, 'value', (v as PlainMessage)[k], `${ind}  `, out);
        out.push(`${ind}}\n`);
      }
    } else if (f.repeated) for (const e of v as unknown[]) printField(f, f.name, e, ind, out);
    else printField(f, f.name, v, ind, out);
  }
}

function printField(f: protobuf.Field, name: string, v: unknown, ind: string, out: string[]): void {
  if (isType(f.resolvedType)) {
    out.push(`${ind}${name} {\n`);
    printMessage(f.resolvedType, v as PlainMessage, `${ind}  `, out);
    out.push(`${ind}}\n`);
  } else out.push(`${ind}${name}: ${scalarText(f.type, v, f.resolvedType)}\n`);
}

function scalarText(type: string, v: unknown, rt: protobuf.ReflectionObject | null): string {
  if (isEnum(rt)) return typeof v === 'number' ? rt.valuesById[v] ?? String(v) : String(v);
  switch (type) {
    case 'string': return quote(utf8.encode(String(v)));
    case 'bytes': return quote(v as Uint8Array);
    case 'float': return floatText(v as number, true);
    case 'double': return floatText(v as number, false);
    case 'bool': return v ? 'true' : 'false';
    default: return String(v);
  }
}

/** C-style escaping as Python's text_format.CEscape: octal for non-printable bytes. */
function quote(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x22) s += '\\"';
    else if (b === 0x27) s += "\\'";
    else if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\' + b.toString(8).padStart(3, '0');
  }
  return s + '"';
}

/** Shortest decimal that reads back as the same float32 (or float64) value. */
export function floatText(v: number, single: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  let s = String(v);
  if (single) {
    for (let p = 1; p <= 9; p++) {
      const c = Number(v.toPrecision(p));
      if (Math.fround(c) === Math.fround(v)) { s = String(c); break; }
    }
  }
  return /[.en]/.test(s) ? s : `${s}.0`;
}

// ---- parsing ----------------------------------------------------------------------------------

interface Token { kind: 'id' | 'num' | 'str' | 'punct' | 'eof'; text: string; line: number; col: number; bytes?: number[] }

class Tokenizer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private buffered: Token | null = null;
  constructor(private readonly text: string) {}

  peek(): Token { return (this.buffered ??= this.read()); }
  next(): Token { const t = this.peek(); this.buffered = null; return t; }
  fail(tok: Token, msg: string): never { throw new ValueError(`${tok.line}:${tok.col} : ${msg}`); }

  private read(): Token {
    const s = this.text;
    for (;;) {
      while (this.pos < s.length && /\s/.test(s[this.pos])) {
        if (s[this.pos] === '\n') { this.line++; this.lineStart = this.pos + 1; }
        this.pos++;
      }
      if (s[this.pos] !== '#') break;
      while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
    }
    const tok = (kind: Token['kind'], text: string): Token => ({ kind, text, line: this.line, col: this.pos - this.lineStart + 1 });
    if (this.pos >= s.length) return tok('eof', '');
    const rest = s.slice(this.pos, this.pos + 256);
    let m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (m) { const t = tok('id', m[0]); this.pos += m[0].length; return t; }
    m = /^-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fF]?)/.exec(rest);
    if (m) { const t = tok('num', m[0]); this.pos += m[0].length; return t; }
    const c = s[this.pos];
    if (c === '"' || c === "'") return this.readString(tok('str', ''), c);
    if ('{}<>:[],;-'.includes(c)) { const t = tok('punct', c); this.pos++; return t; }
    return this.fail(tok('punct', c), `Unexpected character '${c}'.`);
  }

  private readString(t: Token, q: string): Token {
    const s = this.text;
    const bytes: number[] = [];
    let i = this.pos + 1;
    for (;;) {
      if (i >= s.length || s[i] === '\n') this.fail(t, 'String literal is not terminated.');
      const c = s[i];
      if (c === q) { i++; break; }
      if (c !== '\\') {
        const cp = s.codePointAt(i)!;
        bytes.push(...utf8.encode(String.fromCodePoint(cp)));
        i += cp > 0xffff ? 2 : 1;
        continue;
      }
      const e = s[i + 1];
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, '"': 34, "'": 39, '\\': 92, '?': 63, a: 7, b: 8, f: 12, v: 11 };
      let m: RegExpExecArray | null;
      if (e in simple) { bytes.push(simple[e]); i += 2; } else if ((m = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4)))) {
        bytes.push(parseInt(m[0], 8) & 0xff); i += 1 + m[0].length;
      } else if ((m = /^x([0-9a-fA-F]{1,2})/.exec(s.slice(i + 1, i + 4)))) {
        bytes.push(parseInt(m[1], 16)); i += 1 + m[0].length;
      } else if ((m = /^(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(s.slice(i + 1, i + 10)))) {
        bytes.push(...utf8.encode(String.fromCodePoint(parseInt(m[1] ?? m[2], 16)))); i += 1 + m[0].length;
      } else this.fail(t, `Invalid escape sequence in string literal: \\${e ?? ''}`);
    }
    this.pos = i;
    return { ...t, text: s.slice(t.col - 1 + this.lineStart, i), bytes };
  }
}

/** Parses protobuf text format as the TF message `typeName` into a plain object; errors give line:column. */
export function messageFromText(typeName: string, text: string): PlainMessage {
  const t = proto(typeName);
  const tk = new Tokenizer(text);
  try {
    return parseFields(tk, t, null);
  } catch (e) {
    if (e instanceof ValueError) throw new ValueError(`Cannot parse text-format tensorflow.${typeName}: ${e.message}`);
    throw e;
  }
}

const CLOSE: Record<string, string> = { '{': '}', '<': '>' };

function parseFields(tk: Tokenizer, type: protobuf.Type, close: string | null): PlainMessage {
  const obj: PlainMessage = {};
  const oneofSet = new Map<string, string>();
  for (;;) {
    const tok = tk.peek();
    if (close && tok.kind === 'punct' && tok.text === close) { tk.next(); return obj; }
    if (tok.kind === 'eof') {
      if (close) tk.fail(tok, `Expected "${close}".`);
      return obj;
    }
    if (tok.kind !== 'id') tk.fail(tok, `Expected identifier, got: ${tok.text}`);
    tk.next();
    const f = type.fields[tok.text];
    if (!f) tk.fail(tok, `Message type "${type.fullName.slice(1)}" has no field named "${tok.text}".`);
    const value = f.map ? parseMapEntry(tk, f as unknown as protobuf.MapField) : null;
    const values: unknown[] = [];
    if (value) values.push(value);
    else if (isType(f.resolvedType)) {
      acceptPunct(tk, ':');
      const sub = f.resolvedType;
      if (acceptPunct(tk, '[')) {
        if (!acceptPunct(tk, ']')) {
          do values.push(parseSubMessage(tk, sub)); while (acceptPunct(tk, ','));
          expectPunct(tk, ']');
        }
      } else values.push(parseSubMessage(tk, sub));
    } else {
      expectPunct(tk, ':');
      if (acceptPunct(tk, '[')) {
        if (!acceptPunct(tk, ']')) {
          do values.push(parseScalar(tk, f.type, f.resolvedType)); while (acceptPunct(tk, ','));
          expectPunct(tk, ']');
        }
      } else values.push(parseScalar(tk, f.type, f.resolvedType));
    }
    if (f.map) Object.assign((obj[f.name] ??= {}) as PlainMessage, values[0]);
    else if (f.repeated) ((obj[f.name] ??= []) as unknown[]).push(...values);
    else {
      if (f.name in obj || values.length !== 1) tk.fail(tok, `Message type "${type.fullName.slice(1)}" should not have multiple "${f.name}" fields.`);
      if (f.partOf) {
        const other = oneofSet.get(f.partOf.name);
        if (other) tk.fail(tok, `Field "${type.fullName.slice(1)}.${f.name}" is specified along with field "${type.fullName.slice(1)}.${other}", another member of oneof "${f.partOf.name}".`);
        oneofSet.set(f.partOf.name, f.name);
      }
      obj[f.name] = values[0];
    }
    if (!acceptPunct(tk, ',')) acceptPunct(tk, ';');
  }
}

function parseSubMessage(tk: Tokenizer, type: protobuf.Type): PlainMessage {
  const open = tk.next();
  if (open.kind !== 'punct' || !(open.text in CLOSE)) tk.fail(open, `Expected "{", found "${open.text}".`);
  return parseFields(tk, type, CLOSE[open.text]);
}

function parseMapEntry(tk: Tokenizer, f: protobuf.MapField): PlainMessage {
  acceptPunct(tk, ':');
  const open = tk.next();
  if (open.kind !== 'punct' || !(open.text in CLOSE)) tk.fail(open, `Expected "{", found "${open.text}".`);
  let key: unknown = f.keyType === 'string' ? '' : 0;
  let value: unknown = isType(f.resolvedType) ? {} : undefined;
  for (;;) {
    const tok = tk.next();
    if (tok.kind === 'punct' && tok.text === CLOSE[open.text]) break;
    if (tok.text === 'key') { expectPunct(tk, ':'); key = parseScalar(tk, f.keyType, null); } else if (tok.text === 'value') {
      if (isType(f.resolvedType)) { acceptPunct(tk, ':'); value = parseSubMessage(tk, f.resolvedType); } else { expectPunct(tk, ':'); value = parseScalar(tk, f.type, f.resolvedType); }
    } else tk.fail(tok, tok.kind === 'eof' ? `Expected "${CLOSE[open.text]}".` : `Map entry has no field named "${tok.text}".`);
    if (!acceptPunct(tk, ',')) acceptPunct(tk, ';');
  }
  return { [String(key)]: value };
}

function acceptPunct(tk: Tokenizer, p: string): boolean {
  const t = tk.peek();
  if (t.kind === 'punct' && t.text === p) { tk.next(); return true; }
  return false;
}
function expectPunct(tk: Tokenizer, p: string): void {
  const t = tk.next();
  if (t.kind !== 'punct' || t.text !== p) tk.fail(t, `Expected "${p}", found "${t.text || 'end of input'}".`);
}

const INT_RANGE: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n], sint32: [-(2n ** 31n), 2n ** 31n - 1n], sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n], fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n], sint64: [-(2n ** 63n), 2n ** 63n - 1n], sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n], fixed64: [0n, 2n ** 64n - 1n],
};

function parseScalar(tk: Tokenizer, type: string, rt: protobuf.ReflectionObject | null): unknown {
  let tok = tk.next();
  if (type === 'string' || type === 'bytes') {
    if (tok.kind !== 'str') tk.fail(tok, `Expected string, got: ${tok.text || 'end of input'}`);
    const bytes = [...tok.bytes!];
    while (tk.peek().kind === 'str') bytes.push(...tk.next().bytes!);
    return type === 'bytes' ? Uint8Array.from(bytes) : utf8d.decode(Uint8Array.from(bytes));
  }
  if (isEnum(rt)) {
    if (tok.kind === 'id' && tok.text in rt.values) return tok.text;
    if (tok.kind === 'num' && /^-?\d+$/.test(tok.text)) return rt.valuesById[Number(tok.text)] ?? Number(tok.text);
    return tk.fail(tok, `Enum type "${rt.fullName.slice(1)}" has no value named ${tok.text}.`);
  }
  if (type === 'bool') {
    if (tok.kind === 'id' && /^(true|t|True)$/.test(tok.text)) return true;
    if (tok.kind === 'id' && /^(false|f|False)$/.test(tok.text)) return false;
    if (tok.kind === 'num' && (tok.text === '0' || tok.text === '1')) return tok.text === '1';
    return tk.fail(tok, `Expected "true" or "false", found "${tok.text}".`);
  }
  let neg = false;
  if (tok.kind === 'punct' && tok.text === '-') { neg = true; tok = tk.next(); }
  if (type === 'float' || type === 'double') {
    let x: number;
    if (tok.kind === 'id' && /^(inf|infinity)f?$/i.test(tok.text)) x = Infinity;
    else if (tok.kind === 'id' && /^nanf?$/i.test(tok.text)) x = NaN;
    else if (tok.kind === 'num') x = /^-?0[xX]/.test(tok.text) ? Number(BigInt(tok.text.replace('-', ''))) * (tok.text.startsWith('-') ? -1 : 1) : parseFloat(tok.text.replace(/[fF]$/, ''));
    else return tk.fail(tok, `Couldn't parse float: ${tok.text}`);
    return neg ? -x : x;
  }
  const range = INT_RANGE[type];
  if (!range) return tk.fail(tok, `Unsupported field type ${type}.`);
  if (tok.kind !== 'num' || !/^-?(0[xX][0-9a-fA-F]+|\d+)$/.test(tok.text)) tk.fail(tok, `Expected integer, got: ${tok.text || 'end of input'}`);
  let v = tok.text.startsWith('-') ? -BigInt(tok.text.slice(1)) : BigInt(tok.text);
  if (neg) v = -v;
  if (v < range[0] || v > range[1]) tk.fail(tok, `Integer out of range (${v})`);
  return type.endsWith('64') ? int64ToJs(v) : Number(v);
}
