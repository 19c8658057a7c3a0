// How our ops' attributes become TensorFlow's NodeDef attrs and back. Our attrs are the
// camelCase of TF's (transpose_a <-> transposeA); the type attrs TF records (T, Tidx, SrcT,
// N, ...) follow from the inputs' and outputs' dtypes as TF's OpDef binds them
// (op_signatures.ts, generated from TF's registry). OP_RULES lists the exceptions, in one
// place; ops without a signature fall back to T = the first input's dtype and snake_case names.

import { type DType, isDType } from '../framework/dtypes.js';
import { NDArray } from '../framework/ndarray.js';
import { TensorShape } from '../framework/tensor_shape.js';
import type { Attrs, AttrValue } from '../framework/op_def.js';
import type { Operation } from '../framework/operation.js';
import { ValueError } from '../framework/errors.js';
import { OP_SIGNATURES } from './op_signatures.js';
import { dtypeToProto, dtypeFromProto, shapeToProto, shapeFromProto, makeTensorProto, makeNdarray, dataTypeName } from './tensor_proto.js';
import { int64ToJs } from './proto_message.js';
import type { AttrValueProto, NodeDef, OpDefProto, ArgDefProto, AttrDefProto } from './graph_def_types.js';

// ---- op signatures ----------------------------------------------------------------------------

export interface ArgSig { name: string; typeAttr?: string; fixed?: string; numberAttr?: string; typeListAttr?: string; isRef: boolean }
export interface AttrSig { name: string; type: string; default?: AttrValueProto }
export interface OpSig { name: string; inputs: ArgSig[]; outputs: ArgSig[]; attrs: AttrSig[]; stateful: boolean }

const sigCache = new Map<string, OpSig | null>();

/** TF's OpDef of an op type (from op_signatures.ts), or undefined when we have none. */
export function opSignature(type: string): OpSig | undefined {
  if (!sigCache.has(type)) {
    const row = Object.prototype.hasOwnProperty.call(OP_SIGNATURES, type) ? OP_SIGNATURES[type] : undefined;
    sigCache.set(type, row ? parseSig(type, row) : null);
  }
  return sigCache.get(type) ?? undefined;
}

function parseSig(name: string, [ins, outs, attrs, flags = '']: readonly string[]): OpSig {
  const args = (s: string): ArgSig[] => s.split(' ').filter(Boolean).map(a => {
    const isRef = a.endsWith('&');
    const [argName, spec] = (isRef ? a.slice(0, -1) : a).split(':');
    let t = spec;
    let numberAttr: string | undefined;
    if (t.includes('*')) [numberAttr, t] = t.split('*');
    if (t.startsWith('[')) return { name: argName, typeListAttr: t.slice(1, -1), numberAttr, isRef };
    if (t.startsWith('DT_')) return { name: argName, fixed: t, numberAttr, isRef };
    return { name: argName, typeAttr: t, numberAttr, isRef };
  });
  const attrList = attrs.split(' ').filter(Boolean).map((a): AttrSig => {
    const eq = a.indexOf('=');
    const [attrName, type] = (eq < 0 ? a : a.slice(0, eq)).split(':');
    return eq < 0 ? { name: attrName, type } : { name: attrName, type, default: parseDefault(type, a.slice(eq + 1)) };
  });
  return { name, inputs: args(ins), outputs: args(outs), attrs: attrList, stateful: flags.includes('s') };
}

function parseDefault(type: string, text: string): AttrValueProto {
  if (type === 'type') return { type: text };
  if (type === 'shape') return { shape: shapeToProto(JSON.parse(text) as number[] | null) };
  const v = JSON.parse(text) as unknown;
  switch (type) {
    case 'int': return { i: v as number };
    case 'float': return { f: v as number };
    case 'bool': return { b: v as boolean };
    case 'string': return { s: new TextEncoder().encode(v as string) };
    case 'list(int)': return { list: { i: v as number[] } };
    case 'list(float)': return { list: { f: v as number[] } };
    case 'list(string)': return { list: { s: (v as string[]).map(x => new TextEncoder().encode(x)) } };
    case 'list(type)': return { list: { type: v as string[] } };
    case 'list(bool)': return { list: { b: v as boolean[] } };
    default: return { list: {} };
  }
}

/** The OpDef proto of an op type, for meta_info_def.stripped_op_list. */
export function opDefProto(type: string): OpDefProto | undefined {
  const s = opSignature(type);
  if (!s) return undefined;
  const arg = (a: ArgSig): ArgDefProto => ({
    name: a.name, ...(a.fixed ? { type: a.fixed } : {}), ...(a.typeAttr ? { type_attr: a.typeAttr } : {}),
    ...(a.numberAttr ? { number_attr: a.numberAttr } : {}), ...(a.typeListAttr ? { type_list_attr: a.typeListAttr } : {}),
    ...(a.isRef ? { is_ref: true } : {}),
  });
  const attr = (a: AttrSig): AttrDefProto => ({ name: a.name, type: a.type, ...(a.default ? { default_value: a.default } : {}) });
  return {
    name: type, ...(s.inputs.length ? { input_arg: s.inputs.map(arg) } : {}), ...(s.outputs.length ? { output_arg: s.outputs.map(arg) } : {}),
    ...(s.attrs.length ? { attr: s.attrs.map(attr) } : {}), ...(s.stateful ? { is_stateful: true } : {}),
  };
}

// ---- the exceptions ---------------------------------------------------------------------------

interface OpRule {
  /** Our attr name -> TF's, where TF's is not the snake_case of ours. */
  rename?: Record<string, string>;
  /** Our attrs that TF does not record (dropped on export). */
  internal?: readonly string[];
}

/**
 * One row per op type whose attrs do not follow the camelCase rule. None needs one today:
 * test/io/graph_def_ops.test.ts round-trips every op type, and test/io/graph_def.test.ts
 * compares our NodeDefs with TF's. Add a row when an op's attr is named differently.
 */
export const OP_RULES: Record<string, OpRule> = {};

/** TF op types we build with another of our OpDefs when importing (TF 2 resource variables, renamed ops). */
export const IMPORT_AS: Record<string, { type: string; keepType: boolean; attrs?: (a: Attrs) => Attrs }> = {
  VarHandleOp: { type: 'VariableV2', keepType: false },
  ReadVariableOp: { type: 'Identity', keepType: false },
  AssignVariableOp: { type: 'Assign', keepType: false, attrs: a => ({ ...a, validateShape: a.validateShape ?? false, useLocking: true }) },
  AssignAddVariableOp: { type: 'AssignAdd', keepType: false, attrs: a => ({ ...a, useLocking: true }) },
  AssignSubVariableOp: { type: 'AssignSub', keepType: false, attrs: a => ({ ...a, useLocking: true }) },
  VarIsInitializedOp: { type: 'IsVariableInitialized', keepType: false },
  Snapshot: { type: 'Identity', keepType: true },
  RefIdentity: { type: 'Identity', keepType: true },
  BatchMatMul: { type: 'BatchMatMulV2', keepType: true },
  BatchMatMulV3: { type: 'BatchMatMulV2', keepType: true },
  PlaceholderV2: { type: 'Placeholder', keepType: false },
};

// ---- names ------------------------------------------------------------------------------------

/** transpose_a -> transposeA; T, Tidx, SrcT unchanged. */
export const camelCase = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** transposeA -> transpose_a; names starting in upper case (T, Tidx, SrcT) unchanged. */
export const snakeCase = (s: string): string => (/^[A-Z]/.test(s) ? s : s.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`));

// ---- values -----------------------------------------------------------------------------------

const enc = new TextEncoder();
const dec = new TextDecoder();

function guessType(v: unknown): string | null {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return isDType(v) ? 'type' : 'string';
  if (v instanceof TensorShape) return 'shape';
  if (v instanceof NDArray) return 'tensor';
  if (Array.isArray(v)) {
    if (v.every(e => typeof e === 'number' || typeof e === 'bigint')) return v.every(e => typeof e !== 'number' || Number.isInteger(e)) ? 'list(int)' : 'list(float)';
    if (v.every(e => typeof e === 'string')) return v.length && v.every(e => isDType(e)) ? 'list(type)' : 'list(string)';
    if (v.every(e => typeof e === 'boolean')) return 'list(bool)';
    if (v.every(e => e instanceof TensorShape)) return 'list(shape)';
  }
  return null;
}

/** One of our attr values as an AttrValue of TF's attr type `type` (`fill`: see makeTensorProto). */
export function toAttrValue(v: unknown, type: string, fill: { compact?: boolean; given?: number } = {}): AttrValueProto {
  const list = (f: (e: unknown) => unknown) => (v as unknown[]).map(f);
  switch (type) {
    case 'type': return { type: dtypeToProto(v as DType) };
    case 'int': return { i: typeof v === 'bigint' ? int64ToJs(v) : Number(v) };
    case 'float': return { f: Math.fround(Number(v)) }; // AttrValue.f is a float32
    case 'bool': return { b: Boolean(v) };
    case 'string': return { s: enc.encode(String(v)) };
    case 'shape': return { shape: shapeToProto(v instanceof TensorShape ? v : TensorShape.from(v as number[] | null)) };
    case 'tensor': return { tensor: makeTensorProto(v as NDArray, fill) };
    case 'list(int)': return { list: { i: list(e => (typeof e === 'bigint' ? int64ToJs(e) : Number(e))) as number[] } };
    case 'list(float)': return { list: { f: list(e => Math.fround(Number(e))) as number[] } };
    case 'list(bool)': return { list: { b: list(Boolean) as boolean[] } };
    case 'list(string)': return { list: { s: list(e => enc.encode(String(e))) as Uint8Array[] } };
    case 'list(type)': return { list: { type: list(e => dtypeToProto(e as DType)) as string[] } };
    case 'list(shape)': return { list: { shape: list(e => shapeToProto(e as TensorShape)) as never } };
    default: throw new ValueError(`Cannot write an attr of type ${type}`);
  }
}

/** An AttrValue as our attr value (dtypes, TensorShapes, NDArrays, numbers, strings, arrays). */
export function fromAttrValue(av: AttrValueProto, where: string): AttrValue | undefined {
  if (av.type !== undefined) return dtypeFromProto(av.type, where).dtype;
  if (av.shape !== undefined) return shapeFromProto(av.shape);
  if (av.tensor !== undefined) return makeNdarray(av.tensor, where);
  if (av.i !== undefined) return int64ToJs(av.i);
  if (av.f !== undefined) return av.f;
  if (av.b !== undefined) return av.b;
  if (av.s !== undefined) return dec.decode(av.s);
  if (av.list !== undefined) {
    const l = av.list;
    if (l.s?.length) return l.s.map(x => dec.decode(x));
    if (l.i?.length) return l.i.map(x => Number(x));
    if (l.f?.length) return l.f.slice();
    if (l.b?.length) return l.b.slice() as unknown as AttrValue;
    if (l.type?.length) return l.type.map(t => dtypeFromProto(t, where).dtype);
    if (l.shape?.length) return l.shape.map(shapeFromProto);
    if (l.tensor?.length) return l.tensor.map(t => makeNdarray(t, where)) as unknown as AttrValue;
    return [];
  }
  return undefined;
}

// ---- export -----------------------------------------------------------------------------------

/** Assigns each input (or output) dtype to its OpDef arg: type attrs, number attrs, type lists. */
function bindArgs(args: ArgSig[], dtypes: DType[], ours: Attrs, out: Record<string, AttrValueProto>): void {
  const counts = args.map(a => {
    if (a.typeListAttr) return Array.isArray(ours[camelCase(a.typeListAttr)]) ? (ours[camelCase(a.typeListAttr)] as unknown[]).length : null;
    if (a.numberAttr) return typeof ours[camelCase(a.numberAttr)] === 'number' ? (ours[camelCase(a.numberAttr)] as number) : null;
    return 1;
  });
  const unknown = counts.filter(c => c === null).length;
  if (unknown > 1) return;
  const known = counts.reduce<number>((s, c) => s + (c ?? 0), 0);
  let k = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const n = counts[i] ?? Math.max(0, dtypes.length - known);
    const ds = dtypes.slice(k, k + n);
    k += n;
    if (a.numberAttr && !(a.numberAttr in out)) out[a.numberAttr] = { i: n };
    if (a.typeListAttr && !(a.typeListAttr in out)) out[a.typeListAttr] = { list: { type: ds.map(d => dtypeToProto(d)) } };
    if (a.typeAttr && ds.length && !(a.typeAttr in out)) out[a.typeAttr] = { type: dtypeToProto(ds[0]) };
  }
}

/**
 * How TF writes a Const's value: tf.constant(v, {shape}) records how many values were given
 * (attr `filledFrom`, when ops/core.ts sets it); tf.zeros, tf.ones, tf.zerosLike, tf.onesLike
 * (and their Initializer/ forms) make uniform Consts of these names, written as one value.
 */
function filledConst(op: Operation): { compact?: boolean; given?: number } {
  if (op.type !== 'Const') return {};
  const given = (op.attrs as Attrs).filledFrom; // not a TF attr: never exported itself
  if (typeof given === 'number') return { given };
  return { compact: /^(zeros|ones|zeros_like|ones_like)(_\d+)?$/.test(op.name.slice(op.name.lastIndexOf('/') + 1)) };
}

/** The NodeDef attrs TF records for one of our operations. */
export function exportAttrs(op: Operation): Record<string, AttrValueProto> {
  const out: Record<string, AttrValueProto> = {};
  const ours = op.attrs as Attrs;
  const sig = opSignature(op.type);
  const rule = OP_RULES[op.type] ?? {};
  const where = `attr of node '${op.name}' (op: '${op.type}')`;
  const wrap = (name: string, f: () => AttrValueProto): AttrValueProto => {
    try { return f(); } catch (e) { throw new ValueError(`Cannot export ${where} '${name}': ${(e as Error).message}`); }
  };
  if (sig) {
    bindArgs(sig.inputs, op.inputs.map(t => t.dtype), ours, out);
    bindArgs(sig.outputs, op.outputs.map(t => t.dtype), ours, out);
    const fromTF = new Map<string, string>(Object.entries(rule.rename ?? {}).map(([o, t]) => [t, o]));
    for (const a of sig.attrs) {
      if (a.name in out) continue;
      const key = fromTF.get(a.name) ?? camelCase(a.name);
      const v = ours[key] ?? ours[a.name];
      if (v !== undefined && v !== null) out[a.name] = wrap(a.name, () => toAttrValue(v, a.type, filledConst(op)));
      else if (a.default) out[a.name] = a.default;
    }
    return out;
  }
  // no signature: T from the first input, everything else by name
  if (op.inputs.length && ours.T === undefined) out.T = { type: dtypeToProto(op.inputs[0].dtype) };
  for (const [k, v] of Object.entries(ours)) {
    if (v === undefined || v === null || rule.internal?.includes(k)) continue;
    const type = guessType(v);
    if (type) out[rule.rename?.[k] ?? snakeCase(k)] = wrap(k, () => toAttrValue(v, type));
  }
  return out;
}

// ---- import -----------------------------------------------------------------------------------

/** Our attrs for a NodeDef: every TF attr (but `_`-prefixed ones) in camelCase, missing ones from TF's defaults. */
export function importAttrs(node: NodeDef, type: string): Attrs {
  const ours: Attrs = {};
  const rule = OP_RULES[type] ?? {};
  const toOurs = new Map<string, string>(Object.entries(rule.rename ?? {}).map(([o, t]) => [t, o]));
  const where = `attr of node '${node.name}'`;
  const set = (name: string, av: AttrValueProto): void => {
    const v = fromAttrValue(av, `${where} '${name}'`);
    if (v !== undefined) ours[toOurs.get(name) ?? camelCase(name)] = v;
  };
  for (const [name, av] of Object.entries(node.attr ?? {})) if (!name.startsWith('_')) set(name, av);
  for (const a of opSignature(node.op)?.attrs ?? []) {
    if (!(a.name in (node.attr ?? {})) && a.default) set(a.name, a.default);
  }
  if (type === 'Const') {
    // a TensorProto with fewer *_val values than elements was filled from them: remember how
    // many, so that re-export writes it the same (compact) way
    const tp = node.attr?.value?.tensor;
    const size = ((ours.value as { size?: number } | undefined)?.size) ?? 0;
    if (tp && !(tp.tensor_content && tp.tensor_content.length)) {
      const vals = [tp.float_val, tp.double_val, tp.int_val, tp.int64_val, tp.bool_val, tp.string_val, tp.half_val, tp.uint32_val, tp.uint64_val]
        .find(v => v && v.length) as unknown[] | undefined;
      const scomplex = tp.scomplex_val && tp.scomplex_val.length ? tp.scomplex_val.length / 2 : 0;
      const given = vals ? vals.length : scomplex;
      if (given > 0 && given < size) ours.filledFrom = given;
    }
  }
  return ours;
}

/** The dtype a NodeDef says input arg `i` has (for checking inputMap replacements), if its OpDef says. */
export function expectedInputTypes(node: NodeDef, nInputs: number): (string | null)[] {
  const sig = opSignature(node.op);
  const out: (string | null)[] = new Array(nInputs).fill(null);
  if (!sig) return out;
  const attr = node.attr ?? {};
  let k = 0;
  for (const a of sig.inputs) {
    let n = 1;
    if (a.numberAttr) n = Number(attr[a.numberAttr]?.i ?? 0);
    if (a.typeListAttr) n = attr[a.typeListAttr]?.list?.type?.length ?? 0;
    for (let j = 0; j < n && k < nInputs; j++, k++) {
      if (a.fixed) out[k] = a.fixed;
      else if (a.typeAttr && attr[a.typeAttr]?.type !== undefined) out[k] = dataTypeName(attr[a.typeAttr].type!);
      else if (a.typeListAttr && attr[a.typeListAttr]?.list?.type?.[j] !== undefined) out[k] = dataTypeName(attr[a.typeListAttr].list!.type![j]);
    }
  }
  return out;
}
