// Reference scans (TF's Cumsum / Cumprod): a running sum or product along one axis,
// optionally exclusive (each output leaves out its own element) and/or reversed.
// Floats accumulate in float64; integers are stored element by element into the output's
// typed array, so they wrap exactly as TF's do.

import { NDArray } from '../../framework/ndarray.js';
import { allocData, roundHalf } from '../../framework/dtypes.js';

export type ScanKind = 'sum' | 'prod';

/** outer x len x inner decomposition of `shape` around `axis` (already normalized). */
export function axisGeometry(shape: readonly number[], axis: number): { outer: number; len: number; inner: number } {
  let outer = 1, inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  return { outer, len: shape[axis] ?? 1, inner };
}

export function scan(kind: ScanKind, x: NDArray, axis: number, exclusive: boolean, reverse: boolean): NDArray {
  const { outer, len, inner } = axisGeometry(x.shape, axis);
  const out = allocData(x.dtype, x.size);
  const dt = x.dtype;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      // positions along the axis in scan order
      const at = (k: number) => base + (reverse ? len - 1 - k : k) * inner;
      if (dt === 'int64') {
        const X = x.data as BigInt64Array, O = out as BigInt64Array;
        let acc = kind === 'sum' ? 0n : 1n;
        for (let k = 0; k < len; k++) {
          const p = at(k);
          if (exclusive) { O[p] = acc; acc = BigInt.asIntN(64, kind === 'sum' ? acc + X[p] : acc * X[p]); } else {
            acc = BigInt.asIntN(64, kind === 'sum' ? acc + X[p] : acc * X[p]); O[p] = acc;
          }
        }
      } else if (dt === 'complex64') {
        const X = x.data as Float32Array, O = out as Float32Array;
        let re = kind === 'sum' ? 0 : 1, im = 0;
        for (let k = 0; k < len; k++) {
          const p = at(k), xr = X[2 * p], xi = X[2 * p + 1];
          if (exclusive) { O[2 * p] = re; O[2 * p + 1] = im; }
          if (kind === 'sum') { re += xr; im += xi; } else { const r = re * xr - im * xi; im = re * xi + im * xr; re = r; }
          if (!exclusive) { O[2 * p] = re; O[2 * p + 1] = im; }
        }
      } else if (dt === 'float32' || dt === 'float64' || dt === 'float16') {
        const X = x.data as Float64Array, O = out as Float64Array;
        const half = dt === 'float16';
        let acc = kind === 'sum' ? 0 : 1;
        for (let k = 0; k < len; k++) {
          const p = at(k);
          if (exclusive) O[p] = half ? roundHalf(acc) : acc;
          acc = kind === 'sum' ? acc + X[p] : acc * X[p];
          if (!exclusive) O[p] = half ? roundHalf(acc) : acc;
        }
      } else {
        // small integer types: the typed-array store wraps each partial result
        const X = x.data as Int32Array, O = out as Int32Array;
        const mul = dt === 'int32' || dt === 'qint32' ? Math.imul : (a: number, b: number) => a * b;
        const id = kind === 'sum' ? 0 : 1;
        let prev = -1;
        for (let k = 0; k < len; k++) {
          const p = at(k);
          if (exclusive) {
            O[p] = prev < 0 ? id : kind === 'sum' ? O[prev] + X[prev] : mul(O[prev], X[prev]);
          } else {
            O[p] = prev < 0 ? X[p] : kind === 'sum' ? O[prev] + X[p] : mul(O[prev], X[p]);
          }
          prev = p;
        }
      }
    }
  }
  return new NDArray(dt, x.shape, out);
}
