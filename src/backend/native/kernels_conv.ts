// Native conv and pooling kernels (NHWC, float32 / float64), registered for the 'native'
// backend (see kernels.ts for the pattern): Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter,
// MaxPool, MaxPoolGrad, AvgPool, AvgPoolGrad. Everything else — other dtypes, other data
// formats, grouped convolutions, and every error case (the reference kernels throw TF's
// messages) — runs the op's reference kernel.

import { registerKernel, getOpDef, type Attrs, type Kernel, type KernelContext } from '../../framework/op_def.js';
import type { NDArray } from '../../framework/ndarray.js';
import { conv2dInfo, concreteInfo, type Conv2DInfoConcrete, type Padding } from '../../ops/nn/conv_info.js';
import { nativeAddon } from './load.js';
import { allocOutput } from './alloc.js';

type FloatArray = Float32Array | Float64Array;
type FloatDType = 'float32' | 'float64';

const MAX_GEOM = 2147483647;

interface WindowAttrs extends Attrs {
  strides: readonly number[];
  padding: Padding;
  explicitPaddings?: readonly number[];
  dilations?: readonly number[];
  dataFormat?: string;
  ksize?: readonly number[];
}

const isFloat = (a: NDArray): boolean => a.dtype === 'float32' || a.dtype === 'float64';
const nhwc = (a: WindowAttrs): boolean => !a.dataFormat || a.dataFormat === 'NHWC';
const sameShape = (s: readonly number[], t: readonly number[]): boolean => s.length === t.length && s.every((d, i) => d === t[i]);
const ints = (nd: NDArray): number[] => Array.from(nd.data as ArrayLike<number | bigint>, Number);

function reference(type: string): Kernel<Attrs> {
  const def = getOpDef(type);
  if (!def) throw new Error(`kernels_conv: op ${type} is not defined`);
  return def.kernel;
}

/** The geometry when it is valid and fits the binding's limits, else null (the reference kernel decides). */
function info(x: readonly number[], f: readonly (number | null)[], a: WindowAttrs, pool: boolean): Conv2DInfoConcrete | null {
  if (x.length !== 4 || f.length !== 4) return null;
  let g: Conv2DInfoConcrete;
  try {
    g = concreteInfo(conv2dInfo(x, f, pool ? { ...a, dilations: [1, 1, 1, 1] } : a, pool));
  } catch {
    return null;
  }
  for (const v of Object.values(g)) if (!(Number.isInteger(v) && v >= 0 && v <= MAX_GEOM)) return null;
  return g;
}

const convGeom = new Float64Array(15);
function packConv(g: Conv2DInfoConcrete): Float64Array {
  const d = convGeom;
  d[0] = g.batch; d[1] = g.inH; d[2] = g.inW; d[3] = g.inC; d[4] = g.filterH; d[5] = g.filterW; d[6] = g.outC;
  d[7] = g.outH; d[8] = g.outW; d[9] = g.strideH; d[10] = g.strideW; d[11] = g.dilationH; d[12] = g.dilationW;
  d[13] = g.padTop; d[14] = g.padLeft;
  return d;
}
const poolGeom = new Float64Array(12);
function packPool(g: Conv2DInfoConcrete): Float64Array {
  const d = poolGeom;
  d[0] = g.batch; d[1] = g.inH; d[2] = g.inW; d[3] = g.inC; d[4] = g.filterH; d[5] = g.filterW;
  d[6] = g.outH; d[7] = g.outW; d[8] = g.strideH; d[9] = g.strideW; d[10] = g.padTop; d[11] = g.padLeft;
  return d;
}

/** A conv geometry the native kernels run: NHWC, not grouped, strides and dilations >= 1. */
function convInfo(x: readonly number[], f: readonly number[], a: WindowAttrs): Conv2DInfoConcrete | null {
  if (!nhwc(a) || !a.strides || a.strides.length !== 4 || a.strides[0] !== 1 || a.strides[3] !== 1) return null;
  const dil = a.dilations ?? [1, 1, 1, 1];
  if (dil.length !== 4 || dil[0] !== 1 || dil[3] !== 1) return null;
  const g = info(x, f, a, false);
  if (!g || g.filterIn !== g.inC || x[3] !== f[2] || g.strideH < 1 || g.strideW < 1 || g.dilationH < 1 || g.dilationW < 1) return null;
  return g;
}

/** A pool geometry the native kernels run (NHWC, windows over H and W only). */
function poolInfo(x: readonly number[], a: WindowAttrs): Conv2DInfoConcrete | null {
  const k = a.ksize;
  if (!nhwc(a) || !k || k.length !== 4 || !a.strides || a.strides.length !== 4) return null;
  if (k[0] !== 1 || k[3] !== 1 || a.strides[0] !== 1 || a.strides[3] !== 1) return null;
  const g = info(x, [k[1], k[2], null, null] as number[], a, true);
  if (!g || g.filterH < 1 || g.filterW < 1 || g.strideH < 1 || g.strideW < 1) return null;
  return g;
}

const outShape = (g: Conv2DInfoConcrete, c: number): number[] => [g.batch, g.outH, g.outW, c];

function register(type: string, native: (inputs: NDArray[], a: WindowAttrs, ctx: KernelContext) => NDArray | null): void {
  let ref: Kernel<Attrs> | undefined;  // looked up on first use: the op modules may load after this one
  registerKernel(type, 'native', (inputs, attrs, ctx) => native(inputs, attrs as WindowAttrs, ctx) ?? (ref ??= reference(type))(inputs, attrs, ctx));
}

register('Conv2D', ([x, f], a, ctx) => {
  const addon = nativeAddon();
  if (!addon || !isFloat(x) || f.dtype !== x.dtype) return null;
  const g = convInfo(x.shape, f.shape, a);
  if (!g) return null;
  const y = allocOutput(ctx, x.dtype as FloatDType, outShape(g, g.outC));
  addon.conv2d(x.data as FloatArray, f.data as FloatArray, y.data, packConv(g), 0);
  return y;
});

register('Conv2DBackpropInput', ([sizes, f, dy], a, ctx) => {
  const addon = nativeAddon();
  if (!addon || !isFloat(f) || dy.dtype !== f.dtype || sizes.rank !== 1) return null;
  const xs = ints(sizes);
  const g = convInfo(xs, f.shape, a);
  if (!g || !sameShape(dy.shape, outShape(g, g.outC))) return null;
  const dx = allocOutput(ctx, f.dtype as FloatDType, xs);
  addon.conv2dBackpropInput(dy.data as FloatArray, f.data as FloatArray, dx.data, packConv(g), 0);
  return dx;
});

register('Conv2DBackpropFilter', ([x, sizes, dy], a, ctx) => {
  const addon = nativeAddon();
  if (!addon || !isFloat(x) || dy.dtype !== x.dtype || sizes.rank !== 1) return null;
  const fs = ints(sizes);
  const g = convInfo(x.shape, fs, a);
  if (!g || !sameShape(dy.shape, outShape(g, g.outC))) return null;
  const df = allocOutput(ctx, x.dtype as FloatDType, fs);
  addon.conv2dBackpropFilter(x.data as FloatArray, dy.data as FloatArray, df.data, packConv(g), 0);
  return df;
});

register('MaxPool', ([x], a, ctx) => {
  const addon = nativeAddon();
  if (!addon || !isFloat(x)) return null;
  const g = poolInfo(x.shape, a);
  if (!g) return null;
  const y = allocOutput(ctx, x.dtype as FloatDType, outShape(g, g.inC));
  addon.maxPool(x.data as FloatArray, y.data, packPool(g), 0);
  return y;
});

register('MaxPoolGrad', ([x, y, dy], a, ctx) => {
  const addon = nativeAddon();
  if (!addon || !isFloat(x) || dy.dtype !== x.dtype || y.dtype !== x.dtype) return null;
  const g = poolInfo(x.shape, a);
  if (!g || !sameShape(dy.shape, outShape(g, g.inC))) return null;
  const dx = allocOutput(ctx, x.dtype as FloatDType, x.shape);
  addon.maxPoolGrad(x.data as FloatArray, dy.data as FloatArray, dx.data, packPool(g), 0);
  return dx;
});

register('AvgPool', ([x], a, ctx) => {
  const addon = nativeAddon();
  if (!addon || !isFloat(x) || a.padding === 'EXPLICIT') return null;
  const g = poolInfo(x.shape, a);
  if (!g) return null;
  const y = allocOutput(ctx, x.dtype as FloatDType, outShape(g, g.inC));
  addon.avgPool(x.data as FloatArray, y.data, packPool(g), 0);
  return y;
});

register('AvgPoolGrad', ([s, dy], a, ctx) => {
  const addon = nativeAddon();
  if (!addon || !isFloat(dy) || s.rank !== 1 || s.dtype !== 'int32' || a.padding === 'EXPLICIT') return null;
  const xs = ints(s);
  const g = poolInfo(xs, a);
  if (!g || !sameShape(dy.shape, outShape(g, g.inC))) return null;
  const dx = allocOutput(ctx, dy.dtype as FloatDType, xs);
  addon.avgPoolGrad(dy.data as FloatArray, dx.data, packPool(g), 0);
  return dx;
});
