// Reference Conv2D and its two backprops (NHWC, filter HWIO) as im2col + GEMM, one output
// pixel at a time: the pixel's receptive field is gathered into a patch vector (zeros for
// padding), then multiplied with the filter matrix [taps·in, out] in i-k-j order, so the
// innermost loop runs over contiguous output channels. Grouped convolution (input depth a
// multiple of the filter's) uses the same loops. Accumulation is in float64.

import type { Conv2DInfoConcrete } from '../../ops/nn/conv_info.js';
import { type DType, allocData, roundHalf } from '../../framework/dtypes.js';
import { NDArray } from '../../framework/ndarray.js';

type Num = ArrayLike<number>;

/** Stores float64 results into an array of `dtype` (float16 rounded on store). */
export function fromFloat64(dtype: DType, shape: readonly number[], acc: Float64Array): NDArray {
  const out = allocData(dtype, acc.length) as Float32Array | Float64Array;
  if (dtype === 'float16') for (let i = 0; i < acc.length; i++) out[i] = roundHalf(acc[i]);
  else out.set(acc);
  return new NDArray(dtype, shape, out as never);
}

/** Float64 view of a kernel input (one element type keeps the hot loops monomorphic). */
const f64 = (a: Num): Float64Array => (a instanceof Float64Array ? a : Float64Array.from(a));

/**
 * Visits every output pixel with its patch: patch[t * inC + c] = x[n, ih(t), iw(t), c]
 * (0 outside the image), `valid[t]` telling whether tap t is inside. visit(pixelIndex, n, oh, ow).
 */
function forEachPixel(g: Conv2DInfoConcrete, x: Float64Array | null, patch: Float64Array, valid: Uint8Array,
                      visit: (pix: number, n: number, oh: number, ow: number) => void): void {
  const { batch, inH, inW, inC, filterH, filterW, outH, outW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  for (let n = 0, pix = 0; n < batch; n++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++, pix++) {
        for (let kh = 0, t = 0; kh < filterH; kh++) {
          const ih = oh * strideH - padTop + kh * dilationH;
          for (let kw = 0; kw < filterW; kw++, t++) {
            const iw = ow * strideW - padLeft + kw * dilationW;
            const inside = ih >= 0 && ih < inH && iw >= 0 && iw < inW;
            valid[t] = inside ? 1 : 0;
            if (!x) continue;
            const pb = t * inC;
            if (inside) {
              const xb = ((n * inH + ih) * inW + iw) * inC;
              for (let c = 0; c < inC; c++) patch[pb + c] = x[xb + c];
            } else for (let c = 0; c < inC; c++) patch[pb + c] = 0;
          }
        }
        visit(pix, n, oh, ow);
      }
    }
  }
}

function scratch(g: Conv2DInfoConcrete) {
  const taps = g.filterH * g.filterW;
  const groups = g.inC / g.filterIn;
  return { taps, patch: new Float64Array(taps * g.inC), valid: new Uint8Array(taps), og: g.outC / groups };
}

/** y[pixel, o] = sum_{t, c} patch[t, c] * f[t, c, o] (per group). */
export function conv2d(xIn: Num, fIn: Num, g: Conv2DInfoConcrete): Float64Array {
  const x = f64(xIn), f = f64(fIn);
  const { inC, outC, filterIn: fc } = g;
  const { taps, patch, valid, og } = scratch(g);
  const y = new Float64Array(g.batch * g.outH * g.outW * outC);
  forEachPixel(g, x, patch, valid, pix => {
    const yb = pix * outC;
    for (let t = 0; t < taps; t++) {
      if (!valid[t]) continue;
      for (let c = 0; c < inC; c++) {
        const a = patch[t * inC + c];
        if (a === 0) continue;
        const grp = (c / fc) | 0, o0 = grp * og, fr = (t * fc + c - grp * fc) * outC;
        for (let o = o0, end = o0 + og; o < end; o++) y[yb + o] += a * f[fr + o];
      }
    }
  });
  return y;
}

/** dx for Conv2D: each pixel's dy times the filter, scattered back over its patch (col2im). */
export function conv2dBackpropInput(dyIn: Num, fIn: Num, g: Conv2DInfoConcrete): Float64Array {
  const dy = f64(dyIn), f = f64(fIn);
  const { inH, inW, inC, outC, filterIn: fc, filterW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const { taps, patch, valid, og } = scratch(g);
  const dx = new Float64Array(g.batch * inH * inW * inC);
  forEachPixel(g, null, patch, valid, (pix, n, oh, ow) => {
    const yb = pix * outC;
    for (let t = 0; t < taps; t++) {
      if (!valid[t]) continue;
      const ih = oh * strideH - padTop + ((t / filterW) | 0) * dilationH;
      const iw = ow * strideW - padLeft + (t % filterW) * dilationW;
      const xb = ((n * inH + ih) * inW + iw) * inC;
      for (let c = 0; c < inC; c++) {
        const grp = (c / fc) | 0, o0 = grp * og, fr = (t * fc + c - grp * fc) * outC;
        let s = 0;
        for (let o = o0, end = o0 + og; o < end; o++) s += dy[yb + o] * f[fr + o];
        dx[xb + c] += s;
      }
    }
  });
  return dx;
}

/** dfilter for Conv2D: the sum over output pixels of patch ⊗ dy(pixel). */
export function conv2dBackpropFilter(xIn: Num, dyIn: Num, g: Conv2DInfoConcrete): Float64Array {
  const x = f64(xIn), dy = f64(dyIn);
  const { inC, outC, filterIn: fc } = g;
  const { taps, patch, valid, og } = scratch(g);
  const df = new Float64Array(taps * fc * outC);
  forEachPixel(g, x, patch, valid, pix => {
    const yb = pix * outC;
    for (let t = 0; t < taps; t++) {
      if (!valid[t]) continue;
      for (let c = 0; c < inC; c++) {
        const a = patch[t * inC + c];
        if (a === 0) continue;
        const grp = (c / fc) | 0, o0 = grp * og, fr = (t * fc + c - grp * fc) * outC;
        for (let o = o0, end = o0 + og; o < end; o++) df[fr + o] += a * dy[yb + o];
      }
    }
  });
  return df;
}
