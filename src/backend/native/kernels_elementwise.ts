// Native elementwise kernels, registered for the 'native' backend (see kernels.ts for the pattern):
// unary and binary ops (float32, float64; int32 for the cheap ones) with NumPy/TF broadcasting,
// AddN, Cast, and fused programs (chains of those ops run block by block in one pass over
// memory; the plan pass that finds chains calls compileFused / runFused).
//
// Outputs come from forwardOrAllocate: in a Session run a dying same-shape input is overwritten
// in place. Every dtype or case the native engine does not handle, and every error, runs the
// reference kernel (whose messages are TF's).

import { registerKernel, getOpDef, type Kernel, type Attrs, type KernelContext } from '../../framework/op_def.js';
import type { NDArray } from '../../framework/ndarray.js';
import type { DType } from '../../framework/dtypes.js';
import { broadcastConcrete } from '../../framework/tensor_shape.js';
import { nativeAddon } from './load.js';
import { allocOutput, forwardOrAllocate, isNativeDType, type NativeDType } from './alloc.js';
import { packDims, MAX_RANK, type NativeArray, type NativeAddon } from './binding.js';
import { registerElementwiseFuser } from '../../client/optimize/fusion.js';

/** TF op type -> the engine's op (unary). */
const UNARY_OPS: Record<string, string> = {
  Neg: 'Neg', Abs: 'Abs', Square: 'Square', Sqrt: 'Sqrt', Rsqrt: 'Rsqrt', Reciprocal: 'Reciprocal', Inv: 'Reciprocal',
  Exp: 'Exp', Expm1: 'Expm1', Log: 'Log', Log1p: 'Log1p', Tanh: 'Tanh', Sigmoid: 'Sigmoid', Relu: 'Relu', Relu6: 'Relu6',
  Elu: 'Elu', Selu: 'Selu', Softplus: 'Softplus', Softsign: 'Softsign', Sign: 'Sign', Floor: 'Floor', Ceil: 'Ceil',
  Round: 'Round', Rint: 'Round',
};
/** TF op type -> the engine's op (binary). Div is real division for floats (int32 Div runs the reference). */
const BINARY_OPS: Record<string, string> = {
  Add: 'Add', AddV2: 'Add', Sub: 'Sub', Mul: 'Mul', RealDiv: 'RealDiv', Div: 'RealDiv', Maximum: 'Maximum', Minimum: 'Minimum',
  SquaredDifference: 'SquaredDifference', Pow: 'Pow', ReluGrad: 'ReluGrad', Relu6Grad: 'Relu6Grad', EluGrad: 'EluGrad',
  SeluGrad: 'SeluGrad', SigmoidGrad: 'SigmoidGrad', TanhGrad: 'TanhGrad', SqrtGrad: 'SqrtGrad', RsqrtGrad: 'RsqrtGrad',
  ReciprocalGrad: 'ReciprocalGrad', SoftplusGrad: 'SoftplusGrad', SoftsignGrad: 'SoftsignGrad',
};

/** Op types compileFused accepts: the attr-free unary and binary ops above (float32 / float64). */
export const FUSABLE_OPS: ReadonlySet<string> = new Set([...Object.keys(UNARY_OPS), ...Object.keys(BINARY_OPS)]);

interface OpCode { code: number; arity: number; int32: boolean }
let codes: Map<string, OpCode> | null = null;
/** The engine's op codes by name (read once from the addon). */
function opCodes(addon: NativeAddon): Map<string, OpCode> {
  if (!codes) {
    codes = new Map();
    addon.ewOps().forEach(([name, arity, int32], code) => codes!.set(name, { code, arity, int32 }));
  }
  return codes;
}
function lookup(addon: NativeAddon, type: string): OpCode | undefined {
  const name = UNARY_OPS[type] ?? BINARY_OPS[type];
  return name === undefined ? undefined : opCodes(addon).get(name);
}

function reference(type: string, inputs: NDArray[], attrs: Attrs, ctx: KernelContext): NDArray | NDArray[] {
  const def = getOpDef(type);
  if (!def) throw new Error(`No OpDef for op type ${type}`);  // kernels registered ahead of (imported-graph) ops
  return def.kernel(inputs, attrs, ctx);
}
const handles = (op: OpCode, dt: DType): dt is NativeDType => dt === 'float32' || dt === 'float64' || (dt === 'int32' && op.int32);

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** y = op(x) on the native engine, or null when it does not handle this op / dtype. */
export function nativeUnary(type: string, x: NDArray, ctx?: KernelContext, threads = 0): NDArray | null {
  const addon = nativeAddon();
  const op = addon && lookup(addon, type);
  if (!addon || !op || op.arity !== 1 || !handles(op, x.dtype)) return null;
  const out = forwardOrAllocate(ctx, [0], x.dtype, x.shape);
  addon.ewUnary(op.code, x.data as NativeArray, out.data, threads);
  return out;
}

/** z = op(a, b) with broadcasting on the native engine, or null when it does not handle it (or the shapes are incompatible). */
export function nativeBinary(type: string, a: NDArray, b: NDArray, ctx?: KernelContext, threads = 0): NDArray | null {
  const addon = nativeAddon();
  const op = addon && lookup(addon, type);
  if (!addon || !op || op.arity !== 2 || a.dtype !== b.dtype || !handles(op, a.dtype) || a.rank > MAX_RANK || b.rank > MAX_RANK) return null;
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastConcrete(a.shape, b.shape);
  if (!shape) return null;
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  const cand = a.size === n ? (b.size === n ? [0, 1] : [0]) : b.size === n ? [1] : [];
  const out = forwardOrAllocate(ctx, cand, a.dtype, shape);
  addon.ewBinary(op.code, a.data as NativeArray, b.data as NativeArray, out.data, packDims(a.shape, b.shape), threads);
  return out;
}

/**
 * Outputs of at most this many elements run the reference kernel when the native engine gives
 * the reference's results exactly (every op but the vectorised transcendental ones): an N-API
 * call costs ~1-2 µs, a JS loop over a few elements ~0.1-0.3 µs. The transcendental ops always
 * run natively, so that a fused program equals its ops run one by one at every size.
 */
const SMALL = 32;
const INEXACT = new Set(['Exp', 'Expm1', 'Log', 'Log1p', 'Tanh', 'Sigmoid', 'Softplus', 'Elu', 'Selu', 'Pow', 'SoftplusGrad']);

function unaryKernel(type: string): Kernel<Attrs> {
  const exact = !INEXACT.has(type);
  return (inputs, attrs, ctx) =>
    (inputs.length === 1 && !(exact && inputs[0].size <= SMALL) && nativeUnary(type, inputs[0], ctx)) || reference(type, inputs, attrs, ctx);
}
function binaryKernel(type: string): Kernel<Attrs> {
  const exact = !INEXACT.has(type);
  return (inputs, attrs, ctx) =>
    (inputs.length === 2 && !(exact && inputs[0].size * inputs[1].size <= SMALL) && nativeBinary(type, inputs[0], inputs[1], ctx)) ||
    reference(type, inputs, attrs, ctx);
}

const addNKernel: Kernel<Attrs> = (xs, attrs, ctx) => {
  const addon = nativeAddon();
  const x0 = xs[0];
  const dt = x0?.dtype;
  if (!addon || !x0 || !isNativeDType(dt) || xs.length > 64 || x0.size <= SMALL || xs.some(x => x.dtype !== dt || !sameShape(x.shape, x0.shape))) return reference('AddN', xs, attrs, ctx);
  const out = forwardOrAllocate(ctx, xs.map((_, i) => i), dt, x0.shape);
  addon.ewAddN(xs.map(x => x.data as NativeArray), out.data, 0);
  return out;
};

const castKernel: Kernel<Attrs> = (inputs, attrs, ctx) => {
  const addon = nativeAddon();
  const x = inputs[0];
  const to = attrs.DstT as DType;
  if (!addon || !isNativeDType(x.dtype) || !isNativeDType(to) || x.size <= SMALL) return reference('Cast', inputs, attrs, ctx);
  const out = allocOutput(ctx, to, x.shape);
  addon.ewCast(x.data as NativeArray, out.data, 0);
  return out;
};

// (ops without an OpDef here, e.g. SigmoidGrad, are registered too: harmless, and ready for imported graphs)
for (const type of Object.keys(UNARY_OPS)) registerKernel(type, 'native', unaryKernel(type));
for (const type of Object.keys(BINARY_OPS)) registerKernel(type, 'native', binaryKernel(type));
registerKernel('AddN', 'native', addNKernel);
registerKernel('Cast', 'native', castKernel);

// ---- fused programs ----------------------------------------------------------------------------

/** One step: op is a TF op type from FUSABLE_OPS; args index inputs (0..nInputs-1) or earlier nodes (nInputs + k). */
export interface FusedNode { op: string; args: readonly number[] }
/** A chain of elementwise ops over inputs of one dtype; its value is the last node. */
export interface FusedProgram { dtype: 'float32' | 'float64'; nInputs: number; nodes: readonly FusedNode[] }

class Compiled {
  constructor(readonly dtype: 'float32' | 'float64', readonly nInputs: number, readonly code: Int32Array, readonly addon: NativeAddon) {}
}
/** A program checked and encoded for the engine (opaque). */
export type CompiledFused = Compiled;

const MAX_INPUTS = 64, MAX_NODES = 128, MAX_REGS = 24;

/** Registers the engine needs (the same linear scan as ew_assign_registers in elementwise.cc). */
function registersNeeded(nInputs: number, nodes: readonly FusedNode[]): number {
  const lastUse = nodes.map((_, k) => k);
  nodes.forEach((nd, k) => { for (const a of nd.args) if (a >= nInputs) lastUse[a - nInputs] = k; });
  const holder: number[] = [];
  for (let k = 0; k < nodes.length; k++) {
    let r = holder.findIndex(h => h < 0 || lastUse[h] <= k);
    if (r < 0) r = holder.length;
    holder[r] = k;
  }
  return holder.length;
}

/**
 * Checks and encodes a program for runFused; null when the engine cannot run it (an op outside
 * FUSABLE_OPS, a wrong operand count or index, too many inputs / nodes / live values, no addon).
 */
export function compileFused(p: FusedProgram): CompiledFused | null {
  const addon = nativeAddon();
  if (!addon || (p.dtype !== 'float32' && p.dtype !== 'float64')) return null;
  const ni = p.nInputs;
  if (!Number.isInteger(ni) || ni < 1 || ni > MAX_INPUTS || p.nodes.length < 1 || p.nodes.length > MAX_NODES) return null;
  const code = new Int32Array(2 + 3 * p.nodes.length);
  code[0] = ni;
  code[1] = p.nodes.length;
  for (let k = 0; k < p.nodes.length; k++) {
    const nd = p.nodes[k];
    if (!FUSABLE_OPS.has(nd.op)) return null;
    const op = lookup(addon, nd.op);
    if (!op || nd.args.length !== op.arity) return null;
    for (const a of nd.args) if (!Number.isInteger(a) || a < 0 || a >= ni + k) return null;
    code[2 + 3 * k] = op.code;
    code[3 + 3 * k] = nd.args[0];
    code[4 + 3 * k] = op.arity === 2 ? nd.args[1] : -1;
  }
  if (registersNeeded(ni, p.nodes) > MAX_REGS) return null;
  return new Compiled(p.dtype, ni, code, addon);
}

let dimsScratch = new Float64Array(64);

/**
 * Runs a compiled program: inputs (of the program's dtype) broadcast to outShape. The output
 * comes from forwardOrAllocate(ctx, the inputs of outShape's size, ...), so a dying input may
 * be overwritten in place. Shape or dtype errors throw (TypeError / RangeError).
 */
export function runFused(c: CompiledFused, inputs: readonly NDArray[], outShape: readonly number[], ctx?: KernelContext): NDArray {
  if (inputs.length !== c.nInputs) throw new RangeError(`runFused: the program takes ${c.nInputs} inputs, got ${inputs.length}`);
  let n = 1;
  for (const d of outShape) n *= d;
  let need = 1 + outShape.length;
  for (const x of inputs) need += 1 + x.rank;
  if (dimsScratch.length < need) dimsScratch = new Float64Array(2 * need);
  const dims = dimsScratch;
  let p = 0;
  dims[p++] = outShape.length;
  for (const d of outShape) dims[p++] = d;
  const cand: number[] = [];
  const datas: NativeArray[] = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i];
    if (x.dtype !== c.dtype) throw new TypeError(`runFused: input ${i} is ${x.dtype}, the program is ${c.dtype}`);
    dims[p++] = x.rank;
    for (const d of x.shape) dims[p++] = d;
    if (x.size === n) cand.push(i);
    datas[i] = x.data as NativeArray;
  }
  const out = forwardOrAllocate(ctx, cand, c.dtype, outShape);
  c.addon.ewProgram(c.code, datas, out.data, dims, 0);
  return out;
}

// The plan's elementwise-fusion pass (client/optimize/fusion.ts) runs its programs here.
registerElementwiseFuser('native', {
  ops: FUSABLE_OPS,
  compile: p => compileFused(p),
  run: (c, inputs, ctx) => {
    let shape: readonly number[] = inputs[0].shape;
    for (let i = 1; i < inputs.length; i++) {
      const s = broadcastConcrete(shape, inputs[i].shape);
      if (!s) throw new RangeError('fused inputs do not broadcast');  // the plan replays the unfused kernels
      shape = s;
    }
    return runFused(c as CompiledFused, inputs, shape, ctx);
  },
});
