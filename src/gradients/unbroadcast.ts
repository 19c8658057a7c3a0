// The one place where broadcasting is undone. Gradient rules of broadcasting ops return
// gradients in the (broadcast) output's shape; the driver calls sumToInput() for each of
// their inputs. With static shapes the reduction axes are computed while building and a
// constant-axes Sum (+ Reshape when ranks differ) is emitted; otherwise the axes come from
// a BroadcastGradientArgs op at run time. Only TF op types are emitted, so the GraphDef
// stays importable by TensorFlow.

import type { Operation } from '../framework/operation.js';
import type { Tensor } from '../framework/tensor.js';
import type { Dim, TensorShape } from '../framework/tensor_shape.js';
import { ValueError } from '../framework/errors.js';
import { reduceSum } from '../ops/math/reduce.js';
import { reshape } from '../ops/array/reshape.js';
import { shape as shapeOf } from '../ops/array/shape.js';
import { broadcastGradientArgs } from './broadcast_gradient_args.js';

/**
 * How an op broadcasts its inputs. 'elementwise': all axes, aligned on the right, among
 * the inputs listed in `operands` (all inputs when omitted). 'batch': all axes but the
 * last two (matrix ops with broadcast batch dimensions).
 */
export interface BroadcastKind { kind: 'elementwise' | 'batch'; operands?: readonly number[] }

const ELEMENTWISE: BroadcastKind = { kind: 'elementwise' };
const BATCH: BroadcastKind = { kind: 'batch' };

/** Op types whose gradient rules leave broadcasting to the driver. */
const BROADCASTING = new Map<string, BroadcastKind>([
  ...['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Div', 'FloorDiv', 'FloorMod', 'TruncateDiv', 'TruncateMod', 'Pow',
    'Maximum', 'Minimum', 'SquaredDifference', 'Atan2', 'Xlogy', 'Xdivy', 'Xlog1py', 'MulNoNan', 'Zeta', 'Polygamma',
    'Igamma', 'Igammac', 'Complex', 'Betainc', 'Select', 'SelectV2', 'DivNoNan']
    .map(t => [t, ELEMENTWISE] as [string, BroadcastKind]),
  ['BroadcastTo', { kind: 'elementwise', operands: [0] }],
  ['BatchMatMulV2', BATCH],
  ['BatchMatMulV3', BATCH],
  ['MatrixTriangularSolve', BATCH],
]);

/** The broadcasting behaviour of an op: the table above, or a `broadcast` field on its OpDef. */
export function broadcastKind(op: Operation): BroadcastKind | undefined {
  return BROADCASTING.get(op.type) ?? (op.def as { broadcast?: BroadcastKind }).broadcast;
}

function sameStatic(a: TensorShape, b: TensorShape): boolean {
  return a.isFullyDefined && b.isFullyDefined && a.equals(b);
}

/**
 * The axes of `g` to sum for input `index` of `op`, when they can be decided while
 * building; null when they depend on run-time dims. An axis where the input is 1 is
 * always safe to sum (it leaves a size-1 axis unchanged).
 */
function staticAxes(op: Operation, index: number, kind: BroadcastKind, sx: TensorShape, sg: TensorShape): number[] | null {
  if (sx.dims === null || sg.dims === null || sg.dims.length < sx.dims.length) return null;
  const lead = sg.dims.length - sx.dims.length;
  const matrixDims = kind.kind === 'batch' ? 2 : 0;
  const axes: number[] = [];
  for (let a = 0; a < lead; a++) axes.push(a);
  for (let j = 0; j < sx.dims.length; j++) {
    const dx = sx.dims[j], dg = sg.dims[lead + j];
    if (j >= sx.dims.length - matrixDims) continue;
    if (dx === 1) { if (dg !== 1) axes.push(lead + j); continue; }
    if (dx !== null || dg === 1) continue;
    // x's dim is unknown: x was not broadcast along it if every other operand is 1 there
    if (!othersAreOne(op, index, kind, sg.dims.length - matrixDims, lead + j)) return null;
  }
  return axes;
}

function othersAreOne(op: Operation, index: number, kind: BroadcastKind, outRank: number, axis: number): boolean {
  const operands = kind.operands ?? op.inputs.map((_, i) => i);
  if (operands.length < 2) return false;
  for (const k of operands) {
    if (k === index) continue;
    const dims = op.inputs[k].shape.dims;
    if (dims === null) return false;
    const r = dims.length - (kind.kind === 'batch' ? 2 : 0);
    const d: Dim = axis < outRank - r ? 1 : dims[axis - (outRank - r)];
    if (d !== 1) return false;
  }
  return true;
}

function incompatible(op: Operation, index: number, x: Tensor, g: Tensor): ValueError {
  return new ValueError(`Incompatible shapes between op input and calculated input gradient. Forward operation: ${op.name}. Input index: ${index}. Original input shape: ${x.shape.toString()}. Calculated input gradient shape: ${g.shape.toString()}`);
}

/**
 * Sums `g` (a gradient in the broadcast shape) down to the shape of input `index` of `op`.
 * Called inside the op's `gradients/<op>_grad/` scope, so the ops are named as TF's.
 */
export function sumToInput(op: Operation, index: number, g: Tensor): Tensor {
  const x = op.inputs[index];
  const kind = broadcastKind(op);
  if (!kind || sameStatic(x.shape, g.shape)) return g;
  const sx = x.shape, sg = g.shape;
  if (sx.dims && sg.dims) {
    // the gradient must be x's shape broadcast (with batch kinds, matrix dims equal)
    const lead = sg.dims.length - sx.dims.length;
    const ok = lead >= 0 && sx.dims.every((d, j) => d === null || sg.dims![lead + j] === null || d === sg.dims![lead + j] || (d === 1 && (kind.kind === 'elementwise' || j < sx.dims!.length - 2)));
    if (!ok) throw incompatible(op, index, x, g);
  }
  const axes = staticAxes(op, index, kind, sx, sg);
  if (axes) {
    if (axes.length === 0 && sx.rank === sg.rank) return g;
    const summed = reduceSum(g, { axis: axes, keepDims: true });
    return sx.rank === sg.rank ? summed : reshape(summed, shapeOf(x));
  }
  const s0 = shapeOf(x), s1 = shapeOf(g);
  const [rx] = broadcastGradientArgs(s0, s1);
  return reshape(reduceSum(g, { axis: rx, keepDims: true }), s0);
}
