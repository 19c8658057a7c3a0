// TF's NormalizeFloatImage (summary_image_op.cc): a float image becomes uint8 by one affine
// map per image, chosen from the finite pixels: if all are >= 0, scale by 255 / max; else
// scale by 127 / max(|min|, |max|) and add 128. Pixels with a non-finite channel get
// bad_color. Arithmetic as in TF: in float32 for float images, in double for float64 ones.

import type { DType } from '../framework/dtypes.js';

const f = Math.fround;

export function normalizedImage(data: Float32Array | Float64Array, start: number, hw: number, depth: number, dtype: DType, badColor: Uint8Array): Uint8Array {
  const out = new Uint8Array(hw * depth);
  if (!out.length) return out;
  const finite = (p: number): boolean => {
    for (let j = 0; j < depth; j++) if (!Number.isFinite(data[start + p * depth + j])) return false;
    return true;
  };
  let min = Infinity, max = -Infinity;
  for (let p = 0; p < hw; p++) {
    if (!finite(p)) continue;
    for (let j = 0; j < depth; j++) {
      const v = f(data[start + p * depth + j]);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const ZERO = f(1e-6);
  let scale: number, offset: number;
  if (min < 0) {
    const m = Math.max(Math.abs(min), Math.abs(max));
    scale = m < ZERO ? 0 : f(127 / m);
    offset = 128;
  } else {
    scale = max < ZERO ? 0 : f(255 / max);
    offset = 0;
  }
  const single = dtype !== 'float64';
  for (let p = 0; p < hw; p++) {
    const ok = finite(p);
    for (let j = 0; j < depth; j++) {
      let v: number;
      if (!ok) v = badColor[j];
      else {
        const x = data[start + p * depth + j];
        v = single ? f(f(x * scale) + offset) : x * scale + offset;
      }
      out[p * depth + j] = Math.min(255, Math.max(0, Math.trunc(v)));
    }
  }
  return out;
}
