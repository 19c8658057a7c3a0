// Segment reductions (SegmentSum/Mean/Max/Min/Prod, UnsortedSegmentSum): out[s] combines
// the rows of data whose segment id is s. Integer dtypes wrap as TF's do (stores into the
// typed array; Math.imul for products); floats accumulate in float64.

import { NDArray } from '../../framework/ndarray.js';
import { type DType, isInteger } from '../../framework/dtypes.js';

export type SegmentKind = 'sum' | 'mean' | 'max' | 'min' | 'prod';

/**
 * Reduces the rows of `data` (its first `idsRank` dims are indexed by `ids`) into
 * numSegments rows. Rows with id < 0 are dropped; empty segments give 0 (1 for prod).
 */
export function segmentReduceRows(kind: SegmentKind, data: NDArray, idsRank: number, ids: readonly number[], numSegments: number): NDArray {
  const tail = data.shape.slice(idsRank);
  let inner = 1;
  for (const d of tail) inner *= d;
  const out = NDArray.zeros(data.dtype, [numSegments, ...tail]);
  const n = numSegments * inner;
  const count = new Int32Array(numSegments);
  const dt: DType = data.dtype;
  if (dt === 'int64') {
    const D = data.data as BigInt64Array, O = out.data as BigInt64Array;
    const seen = new Uint8Array(n);
    ids.forEach((s, k) => {
      if (s < 0) return;
      count[s]++;
      for (let i = 0; i < inner; i++) {
        const j = s * inner + i, v = D[k * inner + i];
        if (!seen[j]) { O[j] = v; seen[j] = 1; continue; }
        O[j] = kind === 'sum' || kind === 'mean' ? O[j] + v : kind === 'prod' ? O[j] * v : kind === 'max' ? (v > O[j] ? v : O[j]) : (v < O[j] ? v : O[j]);
      }
    });
    for (let s = 0; s < numSegments; s++) {
      for (let i = 0; i < inner; i++) {
        const j = s * inner + i;
        if (!count[s]) O[j] = kind === 'prod' ? 1n : 0n;
        else if (kind === 'mean') O[j] = O[j] / BigInt(count[s]);
      }
    }
    return out;
  }
  if (dt === 'complex64') {
    const D = data.data as Float32Array;
    const acc = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) if (kind === 'prod') acc[2 * j] = 1;
    ids.forEach((s, k) => {
      if (s < 0) return;
      count[s]++;
      for (let i = 0; i < inner; i++) {
        const j = 2 * (s * inner + i), q = 2 * (k * inner + i);
        if (kind === 'prod') {
          const [a, b, c, d] = [acc[j], acc[j + 1], D[q], D[q + 1]];
          acc[j] = a * c - b * d; acc[j + 1] = a * d + b * c;
        } else { acc[j] += D[q]; acc[j + 1] += D[q + 1]; }
      }
    });
    const O = out.data as Float32Array;
    for (let s = 0; s < numSegments; s++) {
      const c = kind === 'mean' && count[s] ? count[s] : 1;
      for (let i = 0; i < 2 * inner; i++) O[2 * s * inner + i] = acc[2 * s * inner + i] / c;
    }
    return out;
  }
  const D = data.data as Float64Array, O = out.data as Float64Array;
  const intType = isInteger(dt);
  const acc = intType ? O : new Float64Array(n);
  ids.forEach((s, k) => {
    if (s < 0) return;
    const first = count[s]++ === 0;
    for (let i = 0; i < inner; i++) {
      const j = s * inner + i, v = D[k * inner + i];
      if (first) { acc[j] = v; continue; }
      switch (kind) {
        case 'sum': case 'mean': acc[j] += v; break;
        case 'prod': acc[j] = intType ? Math.imul(acc[j], v) : acc[j] * v; break;
        case 'max': if (v > acc[j] || Number.isNaN(v)) acc[j] = v; break;
        case 'min': if (v < acc[j] || Number.isNaN(v)) acc[j] = v; break;
      }
    }
  });
  for (let s = 0; s < numSegments; s++) {
    for (let i = 0; i < inner; i++) {
      const j = s * inner + i;
      let v = acc[j];
      if (!count[s]) v = kind === 'prod' ? 1 : 0;
      else if (kind === 'mean') v = intType ? Math.trunc(v / count[s]) : v / count[s];
      O[j] = v;
    }
  }
  return out;
}
