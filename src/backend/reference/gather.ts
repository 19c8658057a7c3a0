// Reference kernels for GatherV2, GatherNd and ScatterNd. Shapes are already checked by the
// ops' shape functions; index values are checked here (they are only known at run time).

import { NDArray } from '../../framework/ndarray.js';
import { InvalidArgumentError } from '../../framework/errors.js';
import { sizeOf, formatShape } from '../../framework/tensor_shape.js';
import { copyElems, elemWidth, indexList, multiIndex } from './array_kernels.js';

/**
 * GatherV2 with `batchDims` leading dimensions shared by params and indices:
 * out[b, o, j, i] = params[b, o, indices[b, j], i].
 */
export function gatherV2(params: NDArray, indices: NDArray, axis: number, batchDims: number): NDArray {
  const ps = params.shape, is = indices.shape;
  const batch = sizeOf(ps.slice(0, batchDims));
  const outer = sizeOf(ps.slice(batchDims, axis));
  const limit = ps[axis];
  const inner = sizeOf(ps.slice(axis + 1));
  const nIdx = sizeOf(is.slice(batchDims));
  const outShape = [...ps.slice(0, axis), ...is.slice(batchDims), ...ps.slice(axis + 1)];
  const out = NDArray.zeros(params.dtype, outShape);
  const idx = indexList(indices);
  for (let k = 0; k < idx.length; k++) {
    if (!(idx[k] >= 0 && idx[k] < limit)) {
      throw new InvalidArgumentError(`indices[${multiIndex(k, is)}] = ${idx[k]} is not in [0, ${limit})`);
    }
  }
  if (inner === 0) return out;
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outer; o++) {
      const src = (b * outer + o) * limit, dst = (b * outer + o) * nIdx;
      for (let j = 0; j < nIdx; j++) copyElems(params.dtype, out.data, (dst + j) * inner, params.data, (src + idx[b * nIdx + j]) * inner, inner);
    }
  }
  return out;
}

/** The flat slice offsets (in units of `inner` elements) that GatherNd/ScatterNd address. */
function ndOffsets(indices: NDArray, shape: readonly number[], what: (pos: string, ix: number[]) => string): { offs: number[]; inner: number } {
  const depth = indices.shape[indices.rank - 1];
  const idx = indexList(indices);
  const inner = sizeOf(shape.slice(depth));
  const count = sizeOf(indices.shape.slice(0, -1));
  const offs: number[] = new Array(count).fill(0);
  for (let k = 0; k < count; k++) {
    let flat = 0;
    for (let d = 0; d < depth; d++) {
      const v = idx[k * depth + d];
      if (!(v >= 0 && v < shape[d])) {
        throw new InvalidArgumentError(what(multiIndex(k, indices.shape.slice(0, -1)), idx.slice(k * depth, (k + 1) * depth)));
      }
      flat = flat * shape[d] + v;
    }
    offs[k] = flat;
  }
  return { offs, inner };
}

/** GatherNd: out[k..., :] = params[indices[k..., :], ...]. */
export function gatherNd(params: NDArray, indices: NDArray, nodeName: string): NDArray {
  const depth = indices.shape[indices.rank - 1];
  const outShape = [...indices.shape.slice(0, -1), ...params.shape.slice(depth)];
  const { offs, inner } = ndOffsets(indices, params.shape, (pos, ix) =>
    `indices[${pos}] = [${ix.join(', ')}] does not index into param shape ${formatShape(params.shape)}, node name: ${nodeName}`);
  const out = NDArray.zeros(params.dtype, outShape);
  if (inner > 0) offs.forEach((o, k) => copyElems(params.dtype, out.data, k * inner, params.data, o * inner, inner));
  return out;
}

/** ScatterNd: zeros of `shape` with updates summed in at the indexed slices. */
export function scatterNd(indices: NDArray, updates: NDArray, shape: readonly number[]): NDArray {
  const { offs, inner } = ndOffsets(indices, shape, (pos, ix) =>
    `indices[${pos}] = [${ix.join(', ')}] does not index into shape ${formatShape(shape)}`);
  const out = NDArray.zeros(updates.dtype, shape);
  const O = out.data as unknown as number[], U = updates.data as unknown as number[];
  const w = elemWidth(updates.dtype);
  if (updates.dtype === 'bool') {
    offs.forEach((o, k) => { for (let i = 0; i < inner; i++) if (U[k * inner + i]) O[o * inner + i] = 1; });
    return out;
  }
  offs.forEach((o, k) => { for (let i = 0; i < inner * w; i++) O[o * inner * w + i] += U[k * inner * w + i]; });
  return out;
}
