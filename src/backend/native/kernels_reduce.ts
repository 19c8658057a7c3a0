// Native reduce-family kernels, registered for the 'native' backend (see kernels.ts for the
// pattern): Sum/Mean/Max/Min/Prod, ArgMax/ArgMin, Softmax/LogSoftmax, the two softmax
// cross-entropies, BiasAdd/BiasAddGrad and Transpose. Every error case, and every dtype or
// layout the addon does not take, runs the reference kernel (the op's own kernel: TF's
// messages). Shapes are computed here; the C++ side re-checks every length.

import { getOpDef, registerKernel, type Attrs, type Kernel, type KernelContext } from '../../framework/op_def.js';
import { NDArray } from '../../framework/ndarray.js';
import type { DType } from '../../framework/dtypes.js';
import { nativeAddon } from './load.js';
import { allocOutput, forwardOrAllocate, isNativeDType } from './alloc.js';
import { REDUCE_MAX_RANK, TRANSPOSE_MAX_RANK } from './binding_reduce.js';
import type { NativeArray } from './binding.js';

type Floats = Float32Array | Float64Array;
const isFloat = (d: DType): d is 'float32' | 'float64' => d === 'float32' || d === 'float64';

const dims = new Float64Array(1 + 2 * REDUCE_MAX_RANK);

/** The reference kernel of `type` (looked up when first needed: the op is defined by then). */
function reference(type: string): Kernel<Attrs> {
  let k: Kernel<Attrs> | undefined;
  return (inputs, attrs, ctx) => {
    k ??= getOpDef(type)!.kernel as Kernel<Attrs>;
    return k(inputs, attrs, ctx);
  };
}

function intsOf(a: NDArray): number[] {
  return Array.from(a.data as ArrayLike<number | bigint>, Number);
}

function alloc(ctx: KernelContext | undefined, dtype: DType, shape: readonly number[], index = 0): NDArray {
  if (isNativeDType(dtype)) return allocOutput(ctx, dtype, shape, index);
  if (ctx?.allocate) return ctx.allocate(index, dtype, shape);
  return NDArray.zeros(dtype, shape);
}

// ---- reductions -----------------------------------------------------------------------------

const REDUCE_OPS: Array<[string, number]> = [['Sum', 0], ['Mean', 1], ['Max', 2], ['Min', 3], ['Prod', 4]];
for (const [type, code] of REDUCE_OPS) {
  const ref = reference(type);
  registerKernel(type, 'native', (inputs, attrs, ctx) => {
    const [x, axesArr] = inputs;
    const addon = nativeAddon();
    const r = x.rank;
    if (!addon || !isNativeDType(x.dtype) || r > REDUCE_MAX_RANK || axesArr.rank > 1) return ref(inputs, attrs, ctx);
    const axes = intsOf(axesArr);
    let mask = 0;
    for (const a of axes) {
      if (!(a >= -r && a < r)) return ref(inputs, attrs, ctx);
      const k = a < 0 ? a + r : a;
      const bit = 2 ** k;
      if (Math.floor(mask / bit) % 2 === 1) return ref(inputs, attrs, ctx);  // duplicate: TF's error
      mask += bit;
    }
    const keep = (attrs as { keepDims?: boolean }).keepDims === true;
    const shape: number[] = [];
    dims[0] = r;
    for (let d = 0; d < r; d++) {
      dims[1 + d] = x.shape[d];
      const red = Math.floor(mask / 2 ** d) % 2 === 1;
      if (!red) shape.push(x.shape[d]);
      else if (keep) shape.push(1);
    }
    const out = allocOutput(ctx, x.dtype, shape);
    addon.reduce(x.data as NativeArray, out.data as NativeArray, dims, mask, code, 0);
    return out;
  });
}

// ---- ArgMax / ArgMin ------------------------------------------------------------------------

for (const [type, isMin] of [['ArgMax', 0], ['ArgMin', 1]] as const) {
  const ref = reference(type);
  registerKernel(type, 'native', (inputs, attrs, ctx) => {
    const [x, dim] = inputs;
    const addon = nativeAddon();
    const outType = (attrs as { outputType?: DType }).outputType ?? 'int64';
    const r = x.rank;
    if (!addon || !isNativeDType(x.dtype) || (outType !== 'int64' && outType !== 'int32') || dim.size !== 1 || r === 0) return ref(inputs, attrs, ctx);
    const a = Number(dim.data[0]);
    if (!(a >= -r && a < r)) return ref(inputs, attrs, ctx);
    const ax = a < 0 ? a + r : a;
    let outer = 1, inner = 1;
    for (let d = 0; d < ax; d++) outer *= x.shape[d];
    for (let d = ax + 1; d < r; d++) inner *= x.shape[d];
    const len = x.shape[ax];
    if (len === 0) return ref(inputs, attrs, ctx);
    const out = alloc(ctx, outType, x.shape.filter((_, d) => d !== ax));
    dims[0] = outer; dims[1] = len; dims[2] = inner;
    addon.argReduce(x.data as NativeArray, out.data as Int32Array | BigInt64Array, dims, isMin, 0);
    return out;
  });
}

// ---- softmax family -------------------------------------------------------------------------

for (const [type, log] of [['Softmax', 0], ['LogSoftmax', 1]] as const) {
  const ref = reference(type);
  registerKernel(type, 'native', (inputs, attrs, ctx) => {
    const [x] = inputs;
    const addon = nativeAddon();
    if (!addon || !isFloat(x.dtype) || x.rank < 1) return ref(inputs, attrs, ctx);
    const out = allocOutput(ctx, x.dtype, x.shape);
    addon.softmax(x.data as Floats, out.data as Floats, x.shape[x.rank - 1], log, 0);
    return out;
  });
}

{
  const ref = reference('SoftmaxCrossEntropyWithLogits');
  registerKernel('SoftmaxCrossEntropyWithLogits', 'native', (inputs, attrs, ctx) => {
    const [f, l] = inputs;
    const addon = nativeAddon();
    if (!addon || !isFloat(f.dtype) || l.dtype !== f.dtype || f.rank !== 2 || l.rank !== 2) return ref(inputs, attrs, ctx);
    for (let d = 0; d < 2; d++) if (f.shape[d] !== l.shape[d] && f.shape[d] !== 1 && l.shape[d] !== 1) return ref(inputs, attrs, ctx);
    if (f.size === 0 || l.size === 0) return ref(inputs, attrs, ctx);  // empty: the reference's shapes
    const b = Math.max(f.shape[0], l.shape[0]), c = Math.max(f.shape[1], l.shape[1]);
    const loss = allocOutput(ctx, f.dtype, [b], 0), back = allocOutput(ctx, f.dtype, [b, c], 1);
    dims[0] = f.shape[0]; dims[1] = f.shape[1]; dims[2] = l.shape[0]; dims[3] = l.shape[1];
    addon.softmaxXent(f.data as Floats, l.data as Floats, loss.data as Floats, back.data as Floats, dims, 0);
    return [loss, back];
  });
}

{
  const ref = reference('SparseSoftmaxCrossEntropyWithLogits');
  registerKernel('SparseSoftmaxCrossEntropyWithLogits', 'native', (inputs, attrs, ctx) => {
    const [f, l] = inputs;
    const addon = nativeAddon();
    if (!addon || !isFloat(f.dtype) || (l.dtype !== 'int32' && l.dtype !== 'int64') || f.rank !== 2 || l.rank !== 1 || f.shape[0] !== l.shape[0]) {
      return ref(inputs, attrs, ctx);
    }
    const [b, c] = f.shape;
    if (c === 0 && b > 0) return ref(inputs, attrs, ctx);
    const labels = l.data as Int32Array | BigInt64Array;
    if (labels instanceof Int32Array) {
      for (let i = 0; i < b; i++) { const k = labels[i]; if (!(k >= 0 && k < c)) return ref(inputs, attrs, ctx); }
    } else {
      const bc = BigInt(c);
      for (let i = 0; i < b; i++) { const k = labels[i]; if (!(k >= 0n && k < bc)) return ref(inputs, attrs, ctx); }
    }
    const loss = allocOutput(ctx, f.dtype, [b], 0), back = allocOutput(ctx, f.dtype, [b, c], 1);
    addon.sparseSoftmaxXent(f.data as Floats, labels, loss.data as Floats, back.data as Floats, c, 0);
    return [loss, back];
  });
}

// ---- BiasAdd / BiasAddGrad ------------------------------------------------------------------

/** [outer, channels, inner] of x for the channel axis of the data format (as the reference's split3). */
function split3(shape: readonly number[], fmt: unknown): [number, number, number] {
  const ax = fmt === 'NCHW' && shape.length > 2 ? 1 : shape.length - 1;
  let o = 1, i = 1;
  for (let d = 0; d < ax; d++) o *= shape[d];
  for (let d = ax + 1; d < shape.length; d++) i *= shape[d];
  return [o, shape[ax], i];
}

{
  const ref = reference('BiasAdd');
  registerKernel('BiasAdd', 'native', (inputs, attrs, ctx) => {
    const [x, b] = inputs;
    const addon = nativeAddon();
    if (!addon || !isFloat(x.dtype) || b.dtype !== x.dtype || x.rank < 2 || b.rank !== 1) return ref(inputs, attrs, ctx);
    const [o, c, i] = split3(x.shape, (attrs as { dataFormat?: string }).dataFormat);
    if (b.shape[0] !== c) return ref(inputs, attrs, ctx);
    const y = forwardOrAllocate(ctx, [0], x.dtype, x.shape);
    dims[0] = o; dims[1] = c; dims[2] = i;
    addon.biasAdd(x.data as Floats, b.data as Floats, y.data as Floats, dims, 0);
    return y;
  });
}

{
  const ref = reference('BiasAddGrad');
  registerKernel('BiasAddGrad', 'native', (inputs, attrs, ctx) => {
    const [dy] = inputs;
    const addon = nativeAddon();
    if (!addon || !isFloat(dy.dtype) || dy.rank < 2) return ref(inputs, attrs, ctx);
    const [o, c, i] = split3(dy.shape, (attrs as { dataFormat?: string }).dataFormat);
    const db = allocOutput(ctx, dy.dtype, [c]);
    dims[0] = o; dims[1] = c; dims[2] = i;
    addon.biasAddGrad(dy.data as Floats, db.data as Floats, dims, 0);
    return db;
  });
}

// ---- Transpose ------------------------------------------------------------------------------

/** dtypes whose elements are 4 or 8 bytes in one typed array per element (bits copied as they are). */
const TRANSPOSABLE = new Set<DType>(['float32', 'float64', 'int32', 'int64', 'uint32' as DType]);

{
  const ref = reference('Transpose');
  registerKernel('Transpose', 'native', (inputs, attrs, ctx) => {
    const [x, p] = inputs;
    const addon = nativeAddon();
    const r = x.rank;
    if (!addon || !TRANSPOSABLE.has(x.dtype) || r > TRANSPOSE_MAX_RANK || p.rank !== 1 || p.size !== r) return ref(inputs, attrs, ctx);
    const perm = intsOf(p);
    const seen = new Array<boolean>(r).fill(false);
    const shape = new Array<number>(r);
    dims[0] = r;
    for (let j = 0; j < r; j++) {
      let d = perm[j];
      if (d < 0) d += r;
      if (!(d >= 0 && d < r) || seen[d]) return ref(inputs, attrs, ctx);
      seen[d] = true;
      shape[j] = x.shape[d];
      dims[1 + j] = x.shape[j];
      dims[1 + r + j] = d;
    }
    const out = alloc(ctx, x.dtype, shape);
    addon.transpose(x.data as NativeArray, out.data as NativeArray, dims, 0);
    return out;
  });
}
