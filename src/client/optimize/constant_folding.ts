// Constant folding over a plan (TF's ConstantFold / Grappler constant folding, per plan):
// a pure step whose inputs are all constant runs once, while planning, with the kernel it
// would run with, and its outputs become constant slots pre-filled in every run. Const ops
// are constant slots without running anything. Fed tensors are never constant (the walk
// stops at them, so they are feed slots). A step whose kernel throws stays in the plan, so
// the error surfaces at run time, naming the node, as without folding.

import { NDArray } from '../../framework/ndarray.js';
import { type Draft, isPure, byteSize } from './draft.js';
import type { Deadline } from './options.js';

/** Ops whose cost grows faster than their inputs: folded only when small. */
const HEAVY = new Set([
  'MatMul', 'BatchMatMulV2', 'Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter',
  'MatrixInverse', 'MatrixSolve', 'MatrixTriangularSolve', 'MatrixDeterminant', 'LogMatrixDeterminant',
  'Cholesky', 'Qr', 'AvgPoolGrad', 'MaxPoolGrad', 'MaxPoolGradGrad', 'TopKV2',
]);
const HEAVY_MAX_INPUT_ELEMENTS = 1 << 16;
/**
 * A fold that turns small inputs into a large output (Fill, ZerosLike, Tile of a scalar...)
 * would hold memory for the plan's life to save a cheap fill: above this size it is left
 * to run time.
 */
const EXPANSION_MAX_BYTES = 256 * 1024;

export interface FoldResult { folded: number; constOps: number; truncated: boolean }

export function foldConstants(d: Draft, maxBytes: number, deadline: Deadline): FoldResult {
  let folded = 0, constOps = 0, totalBytes = 0;
  const totalMax = 4 * maxBytes;
  for (const st of d.steps) {
    if (st.removed || !isPure(st.op)) continue;
    const op = st.op;
    const n = st.inputs.length;
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = st.inputs[i] >= 0 && d.consts[d.alias[st.inputs[i]]] !== undefined;
    if (!ok) continue;
    const ins: NDArray[] = new Array(n);
    let inBytes = 0, inElements = 0;
    for (let i = 0; i < n; i++) {
      const v = ins[i] = d.consts[d.alias[st.inputs[i]]]!;
      inBytes += byteSize(v);
      inElements += v.size;
    }
    const isConstOp = op.type === 'Const';
    if (!isConstOp) {
      if (deadline.expired(1)) return { folded, constOps, truncated: true };
      if (HEAVY.has(op.type) && inElements > HEAVY_MAX_INPUT_ELEMENTS) continue;
      if (inBytes > maxBytes) continue;
      if (!staticSizeFits(st.op.outputs, st.outputs, maxBytes)) continue;
    }
    let out: NDArray | NDArray[];
    try {
      out = st.kernel(ins, op.attrs, st.ctx);
    } catch {
      continue; // runs (and fails, with the node's name) at run time
    }
    const outs = Array.isArray(out) ? out : [out];
    let newBytes = 0;
    for (let i = 0; i < st.outputs.length && ok; i++) {
      if (st.outputs[i] < 0) continue;
      const v = outs[i];
      if (!(v instanceof NDArray)) { ok = false; break; }
      if (isConstOp || ins.some(x => x.data === v.data)) continue; // no new memory
      const b = byteSize(v);
      if (b > maxBytes || (b > EXPANSION_MAX_BYTES && b > 16 * inBytes + 4096)) ok = false;
      newBytes += b;
    }
    if (!ok || totalBytes + newBytes > totalMax) continue;
    totalBytes += newBytes;
    for (let i = 0; i < st.outputs.length; i++) if (st.outputs[i] >= 0) {
      d.consts[st.outputs[i]] = outs[i];
      if (isConstOp) d.fromConstOp[st.outputs[i]] = 1;
    }
    st.removed = true;
    if (isConstOp) constOps++; else folded++;
  }
  return { folded, constOps, truncated: false };
}

/** False when an output's static shape is known and already too large to fold. */
function staticSizeFits(tensors: readonly { shape: { numElements: number | null }; dtype: string }[], slots: readonly number[], maxBytes: number): boolean {
  for (let i = 0; i < slots.length; i++) {
    if (slots[i] < 0) continue;
    const n = tensors[i].shape.numElements;
    if (n !== null && n * bytesPerElement(tensors[i].dtype) > maxBytes) return false;
  }
  return true;
}

function bytesPerElement(dtype: string): number {
  switch (dtype) {
    case 'float64': case 'int64': case 'complex64': return 8;
    case 'int8': case 'uint8': case 'bool': case 'qint8': case 'quint8': return 1;
    case 'int16': case 'uint16': return 2;
    case 'string': return 16;
    default: return 4;
  }
}
