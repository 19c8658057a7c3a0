// Reference reductions over any set of axes.

import { type DType, allocData } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';
import { InvalidArgumentError } from '../../framework/errors.js';

export type ReduceKind = 'sum' | 'prod' | 'max' | 'min' | 'mean' | 'any' | 'all';

/** Normalizes axes (negative allowed) against rank; throws TF's error when out of range. */
export function normalizeAxes(axes: readonly number[], rank: number): number[] {
  const out = new Set<number>();
  for (const a of axes) {
    if (a < -rank || a >= rank) throw new InvalidArgumentError(`Invalid reduction dimension (${a} for input with ${rank} dimension(s)`);
    const k = a < 0 ? a + rank : a;
    if (out.has(k)) throw new InvalidArgumentError(`Invalid reduction arguments: Axes contains duplicate dimension: ${k}`);
    out.add(k);
  }
  return [...out].sort((x, y) => x - y);
}

/** Output shape and, per input element, its output index. */
export function reductionPlan(shape: readonly number[], axes: readonly number[]): { outShape: number[]; keptShape: number[]; map: (i: number) => number; n: number } {
  const reduced = new Set(axes);
  const outShape: number[] = [];
  const keptShape: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (reduced.has(d)) keptShape.push(1); else { outShape.push(shape[d]); keptShape.push(shape[d]); }
  }
  const r = shape.length;
  const outStride: number[] = new Array(r).fill(0);
  let acc = 1;
  for (let d = r - 1; d >= 0; d--) if (!reduced.has(d)) { outStride[d] = acc; acc *= shape[d]; }
  const n = shape.reduce((a, b) => a * b, 1);
  const map = (flat: number) => {
    let o = 0;
    for (let d = r - 1; d >= 0; d--) { const k = flat % shape[d]; flat = (flat - k) / shape[d]; o += k * outStride[d]; }
    return o;
  };
  return { outShape, keptShape, map, n };
}

export function reduce(kind: ReduceKind, x: NDArray, axesIn: readonly number[], keepDims: boolean): NDArray {
  const axes = normalizeAxes(axesIn, x.rank);
  const { outShape, keptShape, map, n } = reductionPlan(x.shape, axes);
  const shape = keepDims ? keptShape : outShape;
  const m = outShape.reduce((a, b) => a * b, 1);
  const count = m === 0 ? 0 : n / m;
  const dt: DType = x.dtype;
  if (dt === 'int64') {
    const acc = new Array<bigint>(m).fill(kind === 'prod' ? 1n : 0n);
    const seen = new Uint8Array(m);
    const X = x.data as BigInt64Array;
    for (let i = 0; i < n; i++) {
      const o = map(i), v = X[i];
      switch (kind) {
        case 'sum': case 'mean': acc[o] += v; break;
        case 'prod': acc[o] *= v; break;
        case 'max': if (!seen[o] || v > acc[o]) acc[o] = v; break;
        case 'min': if (!seen[o] || v < acc[o]) acc[o] = v; break;
        default: throw new InvalidArgumentError(`reduce ${kind} on int64`);
      }
      seen[o] = 1;
    }
    const out = new BigInt64Array(m);
    for (let o = 0; o < m; o++) {
      let v = acc[o];
      if (!seen[o] && kind === 'max') v = -(2n ** 63n);
      if (!seen[o] && kind === 'min') v = 2n ** 63n - 1n;
      if (kind === 'mean') v = count ? v / BigInt(count) : 0n;
      out[o] = BigInt.asIntN(64, v);
    }
    return new NDArray('int64', shape, out);
  }
  if (dt === 'complex64') {
    if (kind !== 'sum' && kind !== 'mean' && kind !== 'prod') throw new InvalidArgumentError(`reduce ${kind} is not defined for complex64`);
    const out = allocData('complex64', m) as Float32Array;
    if (kind === 'prod') for (let o = 0; o < m; o++) out[2 * o] = 1;
    const X = x.data as Float32Array;
    for (let i = 0; i < n; i++) {
      const o = map(i);
      if (kind === 'prod') {
        const re = out[2 * o] * X[2 * i] - out[2 * o + 1] * X[2 * i + 1];
        out[2 * o + 1] = out[2 * o] * X[2 * i + 1] + out[2 * o + 1] * X[2 * i];
        out[2 * o] = re;
      } else { out[2 * o] += X[2 * i]; out[2 * o + 1] += X[2 * i + 1]; }
    }
    if (kind === 'mean') for (let o = 0; o < 2 * m; o++) out[o] /= count;
    return new NDArray('complex64', shape, out);
  }
  const acc = new Float64Array(m);
  const X = x.data as Float64Array;
  const isInt = dt !== 'float32' && dt !== 'float64' && dt !== 'float16';
  switch (kind) {
    case 'prod': case 'all': acc.fill(1); break;
    case 'max': acc.fill(isInt ? -Infinity : -Infinity); break;
    case 'min': acc.fill(Infinity); break;
    default: break;
  }
  for (let i = 0; i < n; i++) {
    const o = map(i), v = X[i];
    switch (kind) {
      case 'sum': case 'mean': acc[o] += v; break;
      case 'prod': acc[o] = isInt ? Math.imul(acc[o], v) : acc[o] * v; break;
      case 'max': if (v > acc[o] || Number.isNaN(v)) acc[o] = Number.isNaN(acc[o]) ? acc[o] : v; break;
      case 'min': if (v < acc[o] || Number.isNaN(v)) acc[o] = Number.isNaN(acc[o]) ? acc[o] : v; break;
      case 'any': if (v) acc[o] = 1; break;
      case 'all': if (!v) acc[o] = 0; break;
    }
  }
  if (kind === 'mean') for (let o = 0; o < m; o++) acc[o] = isInt ? Math.trunc(acc[o] / count) : acc[o] / count;
  const out = allocData(dt, m) as Float64Array;
  if (isInt && (kind === 'max' || kind === 'min')) {
    // empty reductions give the type's lowest/highest value, as Eigen does
    const lo = { int8: -128, int16: -32768, int32: -(2 ** 31), uint8: 0, uint16: 0 } as Record<string, number>;
    const hi = { int8: 127, int16: 32767, int32: 2 ** 31 - 1, uint8: 255, uint16: 65535 } as Record<string, number>;
    for (let o = 0; o < m; o++) out[o] = acc[o] === -Infinity ? lo[dt] ?? 0 : acc[o] === Infinity ? hi[dt] ?? 0 : acc[o];
  } else for (let o = 0; o < m; o++) out[o] = acc[o];
  return new NDArray(dt, shape, out as unknown as Float32Array) as NDArray;
}

/** Index of the max/min along one axis (ArgMax/ArgMin); ties pick the first. */
export function argReduce(kind: 'max' | 'min', x: NDArray, axis: number, outType: DType): NDArray {
  const rank = x.rank;
  if (axis < -rank || axis >= Math.max(rank, 1)) throw new InvalidArgumentError(`Expected dimension in the range [${-rank}, ${rank}), but got ${axis}`);
  const ax = axis < 0 ? axis + rank : axis;
  const outer = x.shape.slice(0, ax).reduce((a, b) => a * b, 1);
  const len = x.shape[ax];
  const inner = x.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  if (len === 0) throw new InvalidArgumentError('Reduction axis has zero length: ArgMax/ArgMin of an empty dimension');
  const outShape = x.shape.filter((_, d) => d !== ax);
  const out = NDArray.zeros(outType, outShape);
  const X = x.data as ArrayLike<number | bigint>;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = X[o * len * inner + i], bi = 0;
      for (let k = 1; k < len; k++) {
        const v = X[(o * len + k) * inner + i];
        if (kind === 'max' ? v > best : v < best) { best = v; bi = k; }
      }
      if (outType === 'int64') (out.data as BigInt64Array)[o * inner + i] = BigInt(bi);
      else (out.data as Int32Array)[o * inner + i] = bi;
    }
  }
  return out;
}
