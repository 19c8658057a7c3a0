// TF's ValidateStridedSliceOp (core/util/strided_slice_op.cc), used by StridedSlice's shape
// function (partial shapes, maybe-unknown begin/end) and by the StridedSlice and
// StridedSliceGrad kernels. A sparse spec (with ellipsis, new axes and shrinks) becomes a
// dense one with one (begin, end, stride) per input dimension.

import { NDArray } from '../../framework/ndarray.js';
import { stridesOf } from '../../framework/tensor_shape.js';
import { affineTable, elemWidth, gatherTables, tableOffsets } from './array_kernels.js';

export interface StridedSliceMasks {
  beginMask: number; endMask: number; ellipsisMask: number; newAxisMask: number; shrinkAxisMask: number;
}

export interface StridedSliceSpec {
  /** One entry per input dimension: the sliced size (null if unknown). */
  processing: (number | null)[];
  /** The output shape: processing with shrunk axes removed and new axes inserted. */
  final: (number | null)[];
  /** Dense, canonical begin and strides per input dimension (valid where the dimension is known). */
  begin: number[];
  strides: number[];
}

const SHRINK = -1, NEW_AXIS = -2;

/** Computes the dense slicing spec; `fail` throws the caller's error type with TF's wording. */
export function stridedSliceSpec(inputShape: readonly (number | null)[], beginIn: readonly number[] | null,
  endIn: readonly number[] | null, stridesIn: readonly number[], m: StridedSliceMasks, fail: (msg: string) => never): StridedSliceSpec {
  let { ellipsisMask } = m;
  const { beginMask, endMask, newAxisMask, shrinkAxisMask } = m;
  if (ellipsisMask && (ellipsisMask & (ellipsisMask - 1)) !== 0) fail('Multiple ellipses in slice spec not allowed');
  // Step 1: count new axes after the ellipsis; add an implicit ellipsis at the end
  let sparseDims = stridesIn.length;
  let ellipsisSeen = false, addAfterEllipsis = 0;
  for (let i = 0; i < sparseDims; i++) {
    if (ellipsisSeen && (newAxisMask & (1 << i))) addAfterEllipsis++;
    if (ellipsisMask & (1 << i)) ellipsisSeen = true;
  }
  if (!ellipsisSeen) { ellipsisMask |= 1 << sparseDims; sparseDims++; }

  // Step 2: the dense spec
  const dims = inputShape.length;
  const begin = new Array<number>(dims).fill(0), end = new Array<number>(dims).fill(0), strides = new Array<number>(dims).fill(1);
  let dBegin = 0, dEnd = 0, dShrink = 0;
  const gather: number[] = [];
  let full = 0;
  for (let i = 0; i < sparseDims; i++) {
    if (ellipsisMask & (1 << i)) {
      const next = Math.min(dims - (sparseDims - i) + 1 + addAfterEllipsis, dims);
      for (; full < next; full++) {
        dBegin |= 1 << full; dEnd |= 1 << full;
        gather.push(full);
      }
    } else if (newAxisMask & (1 << i)) {
      gather.push(NEW_AXIS);
    } else {
      if (full === dims) fail(`Index out of range using input dim ${full}; input has only ${dims} dims`);
      if (beginIn) begin[full] = beginIn[i];
      if (endIn) end[full] = endIn[i];
      strides[full] = stridesIn[i];
      if (beginMask & (1 << i)) dBegin |= 1 << full;
      if (endMask & (1 << i)) dEnd |= 1 << full;
      if (shrinkAxisMask & (1 << i)) { gather.push(SHRINK); dShrink |= 1 << full; } else gather.push(full);
      full++;
    }
  }

  // Step 3: canonical ranges and the processing shape
  const processing: (number | null)[] = [];
  for (let i = 0; i < dims; i++) {
    const stride = strides[i], dim = inputShape[i];
    if (stride === 0) fail(`strides[${i}] must be non-zero`);
    const shrink = (dShrink & (1 << i)) !== 0;
    if (dim === null) { processing.push(shrink ? 1 : null); continue; }
    const masks = [dBegin & (1 << i), dEnd & (1 << i)];
    const valid = [stride > 0 ? 0 : -1, stride > 0 ? dim : dim - 1];
    const canonical = (x: number, c: 0 | 1): number => {
      if (masks[c]) return stride > 0 ? valid[c] : valid[(c + 1) & 1];
      const fwd = x < 0 ? dim + x : x;
      return fwd < valid[0] ? valid[0] : fwd > valid[1] ? valid[1] : fwd;
    };
    if (shrink && stride <= 0) fail('only stride 1 allowed on non-range indexing.');
    const bothMasked = masks[0] && masks[1];
    let length: number | null = null;
    if (beginIn && endIn) {
      if (shrink) {
        const fwd = begin[i] < 0 ? dim + begin[i] : begin[i];
        begin[i] = fwd; end[i] = fwd + 1;
        if (fwd < 0 || fwd >= dim) fail(`slice index ${fwd} of dimension ${i} out of bounds.`);
      } else {
        begin[i] = canonical(begin[i], 0);
        end[i] = canonical(end[i], 1);
      }
      length = end[i] - begin[i];
    } else if (shrink) length = 1;
    else if (bothMasked && dim > 0) length = stride < 0 ? -dim : dim;
    if (length === null) { processing.push(null); continue; }
    processing.push(length === 0 || (length < 0) !== (stride < 0) ? 0 : Math.ceil(length / stride));
  }

  // Step 4: the final shape
  const final: (number | null)[] = [];
  for (const gi of gather) {
    if (gi >= 0) final.push(processing[gi]);
    else if (gi === NEW_AXIS) final.push(1);
  }
  return { processing, final, begin, strides };
}

/** Source offsets (row-major over the processing shape) of a concrete spec. */
function specTables(shape: readonly number[], spec: StridedSliceSpec): Float64Array[] {
  const st = stridesOf(shape);
  return (spec.processing as number[]).map((n, i) => affineTable(n, spec.begin[i], spec.strides[i], st[i]));
}

/** The StridedSlice kernel: gathers the slice and reshapes it to the final shape. */
export function stridedSliceArray(x: NDArray, spec: StridedSliceSpec): NDArray {
  const out = gatherTables(x, spec.processing as number[], specTables(x.shape, spec));
  return out.reshape(spec.final as number[]);
}

/** The StridedSliceGrad kernel: zeros of `shape` with dy written at the slice's positions. */
export function stridedSliceGradArray(shape: readonly number[], spec: StridedSliceSpec, dy: NDArray): NDArray {
  const out = NDArray.zeros(dy.dtype, shape);
  const offs = tableOffsets(spec.processing as number[], specTables(shape, spec));
  const O = out.data as unknown as unknown[], D = dy.data as unknown as unknown[];
  const w = elemWidth(dy.dtype);
  for (let i = 0; i < offs.length; i++) for (let s = 0; s < w; s++) O[offs[i] * w + s] = D[i * w + s];
  return out;
}
