// Slice (begin + size, size -1 = to the end), StridedSlice (numpy-style slicing with
// masks; the spec logic lives in backend/reference/strided_slice.ts) and StridedSliceGrad.

import { defineOp, type InputSpec } from '../../framework/op_def.js';
import { Tensor } from '../../framework/tensor.js';
import { TensorShape, formatShape, type Dim } from '../../framework/tensor_shape.js';
import { InvalidArgumentError, ShapeError } from '../../framework/errors.js';
import { affineTable, gatherTables, indexList } from '../../backend/reference/array_kernels.js';
import { stridedSliceSpec, stridedSliceArray, stridedSliceGradArray, type StridedSliceMasks } from '../../backend/reference/strided_slice.js';
import { stridesOf } from '../../framework/tensor_shape.js';
import { withScope, type TensorLike, convertToTensor } from '../core.js';
import { INDEX, checkDType, checkSameDType } from '../dtype_sets.js';
import { constInts, isOptions, mergeShapesTF, requireRank, subtractDims, unknownOfRank } from './shape_util.js';
import { shapeFromTensorSpec } from './fill.js';

export const Slice = defineOp({
  type: 'Slice',
  infer: ([x, b, s]) => {
    checkDType('begin', b.dtype, INDEX);
    checkSameDType('Slice', ['begin', 'size'], [b.dtype, s.dtype]);
    requireRank(b.shape, 1); requireRank(s.shape, 1);
    const n = mergeShapesTF(b.shape.rank === null ? unknownOfRank(1) : b.shape, s.shape.rank === null ? unknownOfRank(1) : s.shape).dim(0);
    if (n !== null) requireRank(x.shape, n);
    const begin = shapeFromTensorSpec(b);
    const sizes = constInts(s);
    if (sizes) {
      if (begin.rank !== null && begin.rank !== sizes.length) throw new ShapeError(`Shape must be rank ${sizes.length} but is rank ${begin.rank}`);
      const dims = sizes.map((sz, i) => {
        if (sz === -1) return subtractDims(x.shape.dim(i), begin.dim(i));
        if (sz < 0) throw new ShapeError(`Out of bounds slicing on dimension ${i} of length ${x.shape.dim(i) ?? -1}: sizes vector cannot be < -1, but was ${sz}`);
        return sz;
      });
      return [{ dtype: x.dtype, shape: new TensorShape(dims) }];
    }
    const sizeShape = shapeFromTensorSpec(s);
    if (sizeShape.rank !== null) return [{ dtype: x.dtype, shape: sizeShape }];
    return [{ dtype: x.dtype, shape: unknownOfRank(x.shape.rank) }];
  },
  kernel: ([x, b, s]) => {
    const begin = indexList(b), size = indexList(s);
    const r = x.rank;
    if (b.rank !== 1 || s.rank !== 1 || begin.length !== r || size.length !== r) {
      throw new InvalidArgumentError(`Expected begin and size arguments to be 1-D tensors of size ${r}, but got shapes ${formatShape(b.shape)} and ${formatShape(s.shape)} instead.`);
    }
    const st = stridesOf(x.shape);
    const out: number[] = [];
    for (let i = 0; i < r; i++) {
      const d = x.shape[i], bi = begin[i];
      const si = size[i] === -1 ? d - bi : size[i];
      if (!(bi >= 0 && bi <= d)) throw new InvalidArgumentError(`Expected begin[${i}] in [0, ${d}], but got ${bi}`);
      if (!(si >= 0 && bi + si <= d)) throw new InvalidArgumentError(`Expected size[${i}] in [0, ${d - bi}], but got ${si}`);
      out.push(si);
    }
    return gatherTables(x, out, out.map((n, i) => affineTable(n, begin[i], 1, st[i])));
  },
  grad: (op, [dy]) => {
    if (!dy) return [null, null, null];
    const [x, begin] = op.inputs;
    const idt = begin.dtype as 'int32' | 'int64';
    const sliceSize = shape(op.outputs[0], { outType: idt });
    const s = stack([rank(x), 1]);
    const before = reshape(begin, s);
    const after = reshape(opSub(opSub(shape(x, { outType: idt }), sliceSize), begin), s);
    return [pad(dy, concat([before, after], 1)), null, null];
  },
});

/**
 * Extracts a slice of `size` starting at `begin` (tf.slice); a size of -1 takes the rest of
 * that dimension.
 *
 * ```ts
 * tf.slice(tf.constant([[1, 2, 3], [4, 5, 6]]), [0, 1], [2, -1]);   // [[2, 3], [5, 6]]
 * ```
 */
export function slice(input: TensorLike, begin: Packable, size: Packable, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'Slice', [input, begin, size], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    const idt = begin instanceof Tensor ? begin.dtype : size instanceof Tensor ? size.dtype : undefined;
    const b = toTensorAuto(begin, 'begin', 'int32', idt);
    const s = toTensorAuto(size, 'size', 'int32', b.dtype);
    return refined(g.addOp(Slice, [x, b, s], {}, { name: scope }));
  });
}

// ---- StridedSlice -----------------------------------------------------------------------

export type StridedSliceAttrs = { [K in keyof StridedSliceMasks]: number };

const shapeFail = (m: string): never => { throw new ShapeError(m); };
const runFail = (m: string): never => { throw new InvalidArgumentError(m); };

function checkSpecInputs(b: InputSpec, e: InputSpec, s: InputSpec): Dim {
  checkDType('begin', b.dtype, INDEX);
  checkSameDType('StridedSlice', ['begin', 'end', 'strides'], [b.dtype, e.dtype, s.dtype]);
  for (const t of [b, e, s]) requireRank(t.shape, 1);
  let n: Dim = null;
  for (const t of [b, e, s]) {
    const d = t.shape.dim(0);
    if (d !== null && n !== null && d !== n) throw new ShapeError(`Dimension 0 in both shapes must be equal, but are ${d} and ${n}. Shapes are [${d}] and [${n}].`);
    n ??= d;
  }
  return n;
}

export const StridedSlice = defineOp<StridedSliceAttrs>({
  type: 'StridedSlice',
  infer: ([x, b, e, s], a) => {
    const n = checkSpecInputs(b, e, s);
    const strides = constInts(s);
    if (x.shape.rank === null || n === null || !strides) return [{ dtype: x.dtype, shape: TensorShape.unknown() }];
    const spec = stridedSliceSpec(x.shape.dims!, constInts(b), constInts(e), strides, a, shapeFail);
    return [{ dtype: x.dtype, shape: new TensorShape(spec.final) }];
  },
  kernel: ([x, b, e, s], a) => {
    const n = s.size;
    if (b.rank !== 1 || e.rank !== 1 || s.rank !== 1 || b.size !== n || e.size !== n || n >= 32) {
      throw new InvalidArgumentError(`Expected begin, end, and strides to be 1D equal size tensors, but got shapes ${formatShape(b.shape)}, ${formatShape(e.shape)}, and ${formatShape(s.shape)} instead.`);
    }
    return stridedSliceArray(x, stridedSliceSpec(x.shape, indexList(b), indexList(e), indexList(s), a, runFail));
  },
  grad: (op, [dy]) => {
    if (!dy) return [null, null, null, null];
    const [x, b, e, s] = op.inputs;
    return [stridedSliceGrad(shape(x, { outType: b.dtype as 'int32' | 'int64' }), b, e, s, dy, op.attrs), null, null, null];
  },
});

export const StridedSliceGrad = defineOp<StridedSliceAttrs>({
  type: 'StridedSliceGrad',
  infer: ([sh, b, e, s, dy]) => {
    checkSpecInputs(b, e, s);
    checkDType('shape', sh.dtype, INDEX);
    return [{ dtype: dy.dtype, shape: shapeFromTensorSpec(sh) }];
  },
  kernel: ([sh, b, e, s, dy], a) => {
    const shp = indexList(sh);
    const spec = stridedSliceSpec(shp, indexList(b), indexList(e), indexList(s), a, runFail);
    const fin = spec.final as number[];
    if (fin.length !== dy.rank || fin.some((d, i) => d !== dy.shape[i])) {
      throw new InvalidArgumentError(`shape of dy was ${formatShape(dy.shape)} instead of ${formatShape(fin)}`);
    }
    return stridedSliceGradArray(shp, spec, dy);
  },
  grad: (op, [g]) => [null, null, null, null, g ? stridedSlice(g, op.inputs[1], op.inputs[2], op.inputs[3], op.attrs) : null],
});

export interface StridedSliceOptions {
  beginMask?: number; endMask?: number; ellipsisMask?: number; newAxisMask?: number; shrinkAxisMask?: number; name?: string;
}
const masksOf = (o: StridedSliceOptions): StridedSliceAttrs => ({
  beginMask: o.beginMask ?? 0, endMask: o.endMask ?? 0, ellipsisMask: o.ellipsisMask ?? 0,
  newAxisMask: o.newAxisMask ?? 0, shrinkAxisMask: o.shrinkAxisMask ?? 0,
});

/**
 * Numpy-style strided slicing (tf.strided_slice): `begin`, `end` and `strides` per sliced
 * dimension, with bit masks: beginMask/endMask ignore begin/end (take the full range),
 * ellipsisMask marks `...`, newAxisMask inserts a dimension of 1, shrinkAxisMask takes a
 * single index and drops the dimension. Strides default to ones. For `x[1:, ::-1]`-style
 * access see {@link index}.
 *
 * ```ts
 * const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
 * tf.stridedSlice(x, [0, 0], [2, 3], [1, -1], { beginMask: 2, endMask: 2 });   // [[3, 2, 1], [6, 5, 4]]
 * ```
 */
export function stridedSlice(input: TensorLike, begin: Packable, end: Packable, strides?: Packable | null | StridedSliceOptions & { strides?: Packable }, opts: StridedSliceOptions = {}): Tensor {
  if (isOptions(strides)) { opts = strides as StridedSliceOptions; strides = (strides as { strides?: Packable }).strides; }
  const st = (strides as Packable | null | undefined) ?? onesLike(begin as TensorLike);
  return withScope(opts.name, 'StridedSlice', [input, begin, end, st], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    const idt = [begin, end, st].find((v): v is Tensor => v instanceof Tensor)?.dtype;
    const b = toTensorAuto(begin, 'begin', 'int32', idt);
    const e = toTensorAuto(end, 'end', 'int32', b.dtype);
    const s = toTensorAuto(st, 'strides', 'int32', b.dtype);
    return refined(g.addOp(StridedSlice, [x, b, e, s], masksOf(opts), { name: scope }));
  });
}

/** The gradient of StridedSlice: dy placed into zeros of `shape` (gen_array_ops.strided_slice_grad). */
export function stridedSliceGrad(shape_: TensorLike, begin: TensorLike, end: TensorLike, strides: TensorLike, dy: TensorLike, opts: StridedSliceOptions = {}): Tensor {
  return withScope(opts.name, 'StridedSliceGrad', [shape_, begin, end, strides, dy], (scope, g) => {
    const sh = toTensorAuto(shape_, 'shape', 'int32');
    const b = toTensorAuto(begin, 'begin', 'int32', sh.dtype);
    const e = toTensorAuto(end, 'end', 'int32', sh.dtype);
    const s = toTensorAuto(strides, 'strides', 'int32', sh.dtype);
    const d = convertToTensor(dy, { name: 'dy' });
    return refined(g.addOp(StridedSliceGrad, [sh, b, e, s, d], masksOf(opts), { name: scope }));
  });
}

import { toTensorAuto, stack, type Packable } from './pack.js';
import { onesLike } from './fill.js';
import { shape, rank } from './shape.js';
import { reshape } from './reshape.js';
import { concat } from './concat.js';
import { pad } from './pad.js';
import { opSub } from './operators.js';
import { refined } from './fold.js';
