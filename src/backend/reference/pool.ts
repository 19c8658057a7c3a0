// Reference 2-D max and average pooling (NHWC) and their gradients. Padded positions never
// take part: a max ignores them, an average divides by the in-bounds count only (as TF).
// Max gradients go to the first maximum in window order (row by row), as TF's CPU kernel.

import type { Conv2DInfoConcrete } from '../../ops/nn/conv_info.js';

type Num = ArrayLike<number>;

/**
 * Calls visit(yIndex, h0, h1, w0, w1, n) for every output position: the window's in-bounds
 * rows [h0, h1) and columns [w0, w1) of image n.
 */
function forEachWindow(g: Conv2DInfoConcrete, visit: (yb: number, h0: number, h1: number, w0: number, w1: number, n: number) => void): void {
  const { batch, inH, inW, outH, outW, outC, strideH, strideW, padTop, padLeft, filterH, filterW } = g;
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outH; oh++) {
      const hs = oh * strideH - padTop;
      const h0 = Math.max(hs, 0), h1 = Math.min(hs + filterH, inH);
      for (let ow = 0; ow < outW; ow++) {
        const ws = ow * strideW - padLeft;
        const w0 = Math.max(ws, 0), w1 = Math.min(ws + filterW, inW);
        visit(((n * outH + oh) * outW + ow) * outC, h0, h1, w0, w1, n);
      }
    }
  }
}

/** For each output element, the flat input index of its window's first maximum (-1: empty). */
export function maxPoolArgmax(x: Num, g: Conv2DInfoConcrete): Int32Array {
  const { inH, inW, inC: C } = g;
  const arg = new Int32Array(g.batch * g.outH * g.outW * C).fill(-1);
  const best = new Float64Array(C);
  forEachWindow(g, (yb, h0, h1, w0, w1, n) => {
    for (let h = h0; h < h1; h++) {
      for (let w = w0; w < w1; w++) {
        const xb = ((n * inH + h) * inW + w) * C;
        for (let c = 0; c < C; c++) {
          const v = x[xb + c];
          if (arg[yb + c] < 0 || v > best[c]) { best[c] = v; arg[yb + c] = xb + c; }
        }
      }
    }
  });
  return arg;
}

export function maxPool(x: Num, g: Conv2DInfoConcrete): Float64Array {
  const arg = maxPoolArgmax(x, g);
  const y = new Float64Array(arg.length);
  for (let i = 0; i < arg.length; i++) y[i] = arg[i] < 0 ? -Infinity : x[arg[i]];
  return y;
}

/** MaxPoolGrad: dy scattered to each window's first maximum of the original input. */
export function maxPoolGrad(x: Num, dy: Num, g: Conv2DInfoConcrete): Float64Array {
  const arg = maxPoolArgmax(x, g);
  const dx = new Float64Array(g.batch * g.inH * g.inW * g.inC);
  for (let i = 0; i < arg.length; i++) if (arg[i] >= 0) dx[arg[i]] += dy[i];
  return dx;
}

/** MaxPoolGradGrad: the input-shaped gradient `ddx` read back at each window's maximum. */
export function maxPoolGradGrad(x: Num, ddx: Num, g: Conv2DInfoConcrete): Float64Array {
  const arg = maxPoolArgmax(x, g);
  const out = new Float64Array(arg.length);
  for (let i = 0; i < arg.length; i++) out[i] = arg[i] < 0 ? 0 : ddx[arg[i]];
  return out;
}

export function avgPool(x: Num, g: Conv2DInfoConcrete): Float64Array {
  const { inH, inW, inC: C } = g;
  const y = new Float64Array(g.batch * g.outH * g.outW * C);
  forEachWindow(g, (yb, h0, h1, w0, w1, n) => {
    for (let h = h0; h < h1; h++) {
      for (let w = w0; w < w1; w++) {
        const xb = ((n * inH + h) * inW + w) * C;
        for (let c = 0; c < C; c++) y[yb + c] += x[xb + c];
      }
    }
    const count = (h1 - h0) * (w1 - w0);
    for (let c = 0; c < C; c++) y[yb + c] /= count;
  });
  return y;
}

/** AvgPoolGrad: each output's gradient shared equally by its window's in-bounds inputs. */
export function avgPoolGrad(dy: Num, g: Conv2DInfoConcrete): Float64Array {
  const { inH, inW, inC: C } = g;
  const dx = new Float64Array(g.batch * inH * inW * C);
  forEachWindow(g, (yb, h0, h1, w0, w1, n) => {
    const count = (h1 - h0) * (w1 - w0);
    for (let h = h0; h < h1; h++) {
      for (let w = w0; w < w1; w++) {
        const xb = ((n * inH + h) * inW + w) * C;
        for (let c = 0; c < C; c++) dx[xb + c] += dy[yb + c] / count;
      }
    }
  });
  return dx;
}
