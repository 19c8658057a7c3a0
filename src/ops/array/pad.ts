// Pad (zeros), PadV2 (a constant), MirrorPad (REFLECT / SYMMETRIC) and MirrorPadGrad:
// tf.pad.

import { NDArray } from '../../framework/ndarray.js';
import { defineOp, type InputSpec } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, formatShape, stridesOf } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError, ValueError } from '../../framework/errors.js';
import { elemWidth, gatherTables, indexList, table, tableOffsets } from '../../backend/reference/array_kernels.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';
import { INDEX, checkDType } from '../dtype_sets.js';
import { constInts, requireRank, unknownOfRank, addDims, subtractDims } from './shape_util.js';

type Mode = 'REFLECT' | 'SYMMETRIC';

/** PadShapeFn: paddings is [rank, 2]; with known paddings each dim grows (or shrinks) by its pads. */
function padShape(x: InputSpec, p: InputSpec, sign: 1 | -1): TensorShape {
  checkDType('paddings', p.dtype, INDEX);
  requireRank(p.shape, 2);
  const cols = p.shape.dim(1);
  if (cols !== null && cols !== 2) throw new ShapeError(`Dimension must be 2 but is ${cols}`);
  let n = p.shape.dim(0);
  if (n !== null) requireRank(x.shape, n);
  else if (x.shape.rank !== null) n = x.shape.rank;
  const pads = constInts(p);
  if (!pads) return unknownOfRank(n);
  const dims = [];
  for (let i = 0; i < pads.length / 2; i++) {
    const [a, b] = [pads[2 * i], pads[2 * i + 1]];
    if (a < 0 || b < 0) throw new ShapeError('Paddings must be non-negative');
    dims.push(sign > 0 ? addDims(x.shape.dim(i), a + b) : subtractDims(x.shape.dim(i), a + b));
  }
  return new TensorShape(dims);
}

/** Reads the paddings matrix in a kernel, with TF's checks. */
function padsOf(x: NDArray, p: NDArray): number[] {
  if (p.rank !== 2 || p.shape[1] !== 2) throw new InvalidArgumentError(`paddings must be a matrix with 2 columns: ${formatShape(p.shape)}`);
  if (p.shape[0] !== x.rank) throw new InvalidArgumentError(`The first dimension of paddings must be the rank of inputs${formatShape(p.shape)}, ${formatShape(x.shape)}`);
  const pads = indexList(p);
  for (let i = 0; i < x.rank; i++) {
    if (pads[2 * i] < 0 || pads[2 * i + 1] < 0) throw new InvalidArgumentError(`Paddings must be non-negative: ${pads[2 * i]} ${pads[2 * i + 1]}`);
  }
  return pads;
}

function constantPad(x: NDArray, pads: number[], fill: NDArray): NDArray {
  const st = stridesOf(x.shape);
  const out = x.shape.map((d, i) => d + pads[2 * i] + pads[2 * i + 1]);
  const tables = out.map((n, i) => table(n, c => {
    const j = c - pads[2 * i];
    return j >= 0 && j < x.shape[i] ? j * st[i] : -Infinity;
  }));
  return gatherTables(x, out, tables, fill);
}

export const Pad = defineOp({
  type: 'Pad',
  infer: ([x, p]) => [{ dtype: x.dtype, shape: padShape(x, p, 1) }],
  kernel: ([x, p]) => constantPad(x, padsOf(x, p), NDArray.zeros(x.dtype, [])),
  grad: (op, [dy]) => [dy ? padGrad(op.inputs[0], op.inputs[1], dy) : null, null],
});

export const PadV2 = defineOp({
  type: 'PadV2',
  infer: ([x, p, c]) => {
    requireRank(c.shape, 0);
    if (c.dtype !== x.dtype) throw new TypeError(`Input 'constant_values' of 'PadV2' Op has type ${c.dtype} that does not match type ${x.dtype} of argument 'input'.`);
    return [{ dtype: x.dtype, shape: padShape(x, p, 1) }];
  },
  kernel: ([x, p, c]) => constantPad(x, padsOf(x, p), c),
  grad: (op, [dy]) => [dy ? padGrad(op.inputs[0], op.inputs[1], dy) : null, null, null],
});

/** TF's _PadGrad: the slice of dy where x sits. */
function padGrad(x: Tensor, paddings: Tensor, dy: Tensor): Tensor {
  const before = slice(paddings, [0, 0], stack([rank(x), 1]));
  const begin = reshape(before, [-1]);
  return slice(dy, begin, shape(x, { outType: begin.dtype as 'int32' | 'int64' }));
}

/** Source index along one dimension of a mirror-padded array (offset 0 reflects, 1 repeats the edge). */
function mirrorTable(outN: number, n: number, before: number, mode: Mode, stride: number): Float64Array {
  const off = mode === 'REFLECT' ? 0 : 1;
  return table(outN, c => {
    let j = c - before;
    if (j < 0) j = -j - off;
    else if (j >= n) j = 2 * n - 2 + off - j;
    return j * stride;
  });
}

function mirrorTables(inShape: readonly number[], pads: number[], mode: Mode): { out: number[]; tables: Float64Array[] } {
  const st = stridesOf(inShape);
  const out = inShape.map((d, i) => d + pads[2 * i] + pads[2 * i + 1]);
  inShape.forEach((d, i) => {
    const [b, a] = [pads[2 * i], pads[2 * i + 1]];
    if (mode === 'REFLECT' && (b >= d || a >= d)) throw new InvalidArgumentError(`paddings must be less than the dimension size: ${b}, ${a} not less than ${d}`);
    if (mode === 'SYMMETRIC' && (b > d || a > d)) throw new InvalidArgumentError(`paddings must be no greater than the dimension size: ${b}, ${a} greater than ${d}`);
  });
  return { out, tables: out.map((n, i) => mirrorTable(n, inShape[i], pads[2 * i], mode, st[i])) };
}

export const MirrorPad = defineOp<{ mode: Mode }>({
  type: 'MirrorPad',
  infer: ([x, p]) => [{ dtype: x.dtype, shape: padShape(x, p, 1) }],
  kernel: ([x, p], a) => {
    const { out, tables } = mirrorTables(x.shape, padsOf(x, p), a.mode);
    return gatherTables(x, out, tables);
  },
  grad: (op, [dy]) => [dy ? mirrorPadGrad(dy, op.inputs[1], op.attrs.mode) : null, null],
});

export const MirrorPadGrad = defineOp<{ mode: Mode }>({
  type: 'MirrorPadGrad',
  infer: ([dy, p]) => [{ dtype: dy.dtype, shape: padShape(dy, p, -1) }],
  kernel: ([dy, p], a) => {
    const pads = indexList(p);
    const inShape = dy.shape.map((d, i) => d - pads[2 * i] - pads[2 * i + 1]);
    if (inShape.some(d => d < 0)) throw new InvalidArgumentError(`Paddings must be no greater than the dimension size: ${formatShape(dy.shape)}`);
    const { tables } = mirrorTables(inShape, pads, a.mode);
    const offs = tableOffsets(dy.shape, tables);
    return scatterAdd(dy, offs, inShape);
  },
  grad: (op, [g]) => [g ? mirrorPad(g, op.inputs[1], op.attrs.mode) : null, null],
});

/** out[offs[i]] += src.flat[i] over an output of `shape` (numeric dtypes). */
function scatterAdd(src: NDArray, offs: Float64Array, shape: readonly number[]): NDArray {
  const out = NDArray.zeros(src.dtype, shape);
  const S = src.data as unknown as number[], O = out.data as unknown as number[];
  const w = elemWidth(src.dtype);
  for (let i = 0; i < offs.length; i++) for (let s = 0; s < w; s++) O[offs[i] * w + s] += S[i * w + s];
  return out;
}

function mirrorPad(x: Tensor, paddings: Tensor, mode: Mode): Tensor {
  return x.graph.addOp(MirrorPad, [x, paddings], { mode }, { name: 'MirrorPad' }).outputs[0];
}
function mirrorPadGrad(dy: Tensor, paddings: Tensor, mode: Mode): Tensor {
  return dy.graph.addOp(MirrorPadGrad, [dy, paddings], { mode }, { name: 'MirrorPadGrad' }).outputs[0];
}

export interface PadOptions { mode?: string; constantValues?: TensorLike; name?: string }

/**
 * Pads a tensor (tf.pad): `paddings[i] = [before, after]` for each dimension. Mode
 * 'CONSTANT' pads with `constantValues` (op Pad for 0, else PadV2); 'REFLECT' mirrors
 * without repeating the edge and 'SYMMETRIC' with it (op MirrorPad). Modes are
 * case-insensitive.
 *
 * ```ts
 * const t = tf.constant([[1, 2, 3], [4, 5, 6]]);
 * tf.pad(t, [[1, 1], [2, 2]], 'REFLECT');
 * // [[6, 5, 4, 5, 6, 5, 4], [3, 2, 1, 2, 3, 2, 1], [6, 5, 4, 5, 6, 5, 4], [3, 2, 1, 2, 3, 2, 1]]
 * tf.pad(t, [[0, 0], [1, 1]], { constantValues: 9 });   // [[9, 1, 2, 3, 9], [9, 4, 5, 6, 9]]
 * ```
 */
export function pad(tensor: TensorLike, paddings: Packable, modeOrOpts: string | PadOptions = {}, opts: PadOptions = {}): Tensor {
  const o: PadOptions = typeof modeOrOpts === 'string' ? { ...opts, mode: modeOrOpts } : modeOrOpts;
  const mode = (o.mode ?? 'CONSTANT').toUpperCase();
  const cv = o.constantValues ?? 0;
  let result: Tensor;
  if (mode === 'CONSTANT') {
    const isZero = !(cv instanceof Tensor) && (typeof cv === 'number' || typeof cv === 'bigint' || typeof cv === 'boolean') && !cv;
    result = withScope(o.name, isZero ? 'Pad' : 'PadV2', [tensor, paddings, cv], (scope, g) => {
      const x = convertToTensor(tensor, { name: 'input' });
      const p = toTensorAuto(paddings, 'paddings', 'int32');
      if (isZero) return refined(g.addOp(Pad, [x, p], {}, { name: scope }));
      const c = cv instanceof Tensor ? cv : convertToTensor(cv, { name: 'constant_values', dtype: x.dtype });
      return refined(g.addOp(PadV2, [x, p, c], {}, { name: scope }));
    });
  } else if (mode === 'REFLECT' || mode === 'SYMMETRIC') {
    result = withScope(o.name, 'MirrorPad', [tensor, paddings], (scope, g) => {
      const x = convertToTensor(tensor, { name: 'input' });
      const p = toTensorAuto(paddings, 'paddings', 'int32');
      return refined(g.addOp(MirrorPad, [x, p], { mode }, { name: scope }));
    });
  } else {
    throw new ValueError(`Value of argument \`mode\` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". Received \`mode\` = ${o.mode}`);
  }
  // TF refines the static shape from partially constant paddings
  const input = result.op.inputs[0];
  if (Array.isArray(paddings) && input.shape.rank !== null && !result.shape.isFullyDefined && paddings.length === input.shape.rank) {
    const dims = (paddings as unknown[]).map((pp, i) => {
      const d = input.shape.dim(i);
      if (!Array.isArray(pp) || d === null || pp.some(v => typeof v !== 'number')) return null;
      return d + (pp as number[])[0] + (pp as number[])[1];
    });
    result.setShape(dims);
  }
  return result;
}

import { toTensorAuto, stack, type Packable } from './pack.js';
import { slice } from './slice.js';
import { reshape } from './reshape.js';
import { shape, rank } from './shape.js';
import { refined } from './fold.js';
