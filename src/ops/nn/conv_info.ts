// Window geometry of Conv2D and the 2-D pools (NHWC), computed once for shape functions and
// kernels alike: TF's GetWindowedOutputSizeVerbose (conv_ops shape fns) on partial shapes.

import type { Dim } from '../../framework/tensor_shape.js';
import { ShapeError, ValueError } from '../../framework/errors.js';

export type Padding = 'SAME' | 'VALID' | 'EXPLICIT';

/** The attrs that decide a window's geometry (TF's names, camelCased). */
export interface WindowAttrs {
  strides: readonly number[];
  padding: Padding;
  /** 4 (before, after) pairs flattened, for EXPLICIT padding; [] otherwise. */
  explicitPaddings?: readonly number[];
  dilations?: readonly number[];
}

/** Geometry of one NHWC windowed op; dims are null where the shapes do not tell them yet. */
export interface Conv2DInfo {
  batch: Dim; inH: Dim; inW: Dim; inC: Dim;
  filterH: Dim; filterW: Dim;
  /** The filter's input depth: inC, or inC / groups for a grouped convolution. */
  filterIn: Dim;
  outC: Dim;
  outH: Dim; outW: Dim;
  strideH: number; strideW: number; dilationH: number; dilationW: number;
  /** Padding before (top/left); null when it depends on an unknown input size (SAME). */
  padTop: Dim; padLeft: Dim;
}
/** The same geometry with every dim known, as kernels get it. */
export type Conv2DInfoConcrete = { [K in keyof Conv2DInfo]: number };

/** TF's GetWindowedOutputSizeVerbose for one spatial dimension. */
function windowedOutputSize(inSize: Dim, k: Dim, dilation: number, stride: number, padding: Padding,
                            padBefore: number, padAfter: number): [Dim, Dim] {
  if (stride <= 0) throw new ShapeError(`Stride must be > 0, but got ${stride}`);
  if (dilation < 1) throw new ShapeError(`Dilation rate must be >= 1, but got ${dilation}`);
  const eff = k === null ? null : (k - 1) * dilation + 1;
  if (inSize === null || eff === null) {
    // SAME's output size does not depend on the filter
    if (padding === 'SAME' && inSize !== null) return [Math.ceil(inSize / stride), null];
    return [null, padding === 'VALID' ? 0 : padding === 'EXPLICIT' ? padBefore : null];
  }
  let out: number, before: number;
  if (padding === 'VALID') {
    if (inSize < eff) throw new ShapeError(`Negative dimension size caused by subtracting ${eff} from ${inSize}`);
    out = Math.trunc((inSize - eff + stride) / stride); // C++ division truncates
    before = 0;
  } else if (padding === 'EXPLICIT') {
    out = Math.trunc((inSize + padBefore + padAfter - eff + stride) / stride);
    before = padBefore;
  } else {
    out = Math.floor((inSize + stride - 1) / stride);
    const needed = Math.max(0, (out - 1) * stride + eff - inSize);
    before = Math.floor(needed / 2);
  }
  if (out < 0) {
    throw new ShapeError(`Computed output size would be negative: ${out} [input_size: ${inSize}, effective_filter_size: ${eff}, stride: ${stride}]`);
  }
  return [out, before];
}

/**
 * Geometry of a Conv2D (filter [fh, fw, in, out]) or a pool (`filter` = [kh, kw, null, null]
 * with outC taken from the input) on an NHWC input.
 */
export function conv2dInfo(input: readonly Dim[], filter: readonly Dim[], a: WindowAttrs, pool = false): Conv2DInfo {
  const [batch, inH, inW, inC] = input;
  const [filterH, filterW, filterIn, filterOut] = filter;
  const [strideH, strideW] = [a.strides[1], a.strides[2]];
  const dil = a.dilations ?? [1, 1, 1, 1];
  const [dilationH, dilationW] = [dil[1], dil[2]];
  const ep = a.explicitPaddings ?? [];
  if (!pool && inC !== null && filterIn !== null && filterIn > 0 && inC % filterIn !== 0) {
    throw new ShapeError(`Depth of input (${inC}) is not a multiple of input depth of filter (${filterIn})`);
  }
  if (!pool && inC !== null && filterIn !== null && filterOut !== null && filterIn > 0 && filterOut % (inC / filterIn) !== 0) {
    throw new ShapeError(`Depth of output (${filterOut}) is not a multiple of the number of groups (${inC / filterIn})`);
  }
  const [outH, padTop] = windowedOutputSize(inH, filterH, dilationH, strideH, a.padding, ep[2] ?? 0, ep[3] ?? 0);
  const [outW, padLeft] = windowedOutputSize(inW, filterW, dilationW, strideW, a.padding, ep[4] ?? 0, ep[5] ?? 0);
  return {
    batch, inH, inW, inC, filterH, filterW, filterIn: pool ? inC : filterIn, outC: pool ? inC : filterOut, outH, outW,
    strideH, strideW, dilationH, dilationW, padTop, padLeft,
  };
}

/** The geometry with every dim known (kernels run on concrete shapes). */
export function concreteInfo(info: Conv2DInfo): Conv2DInfoConcrete {
  for (const [k, v] of Object.entries(info)) if (v === null) throw new Error(`conv2dInfo: ${k} unknown at run time`);
  return info as Conv2DInfoConcrete;
}

// ---- attr checks (raw op level, TF's shape-fn wording) ---------------------------------------

/** Checks strides/dilations/padding attrs of Conv2D-family ops, as TF's Conv2DShapeImpl. */
export function checkConvAttrs(op: string, a: WindowAttrs & { dataFormat?: string }): void {
  if (a.dataFormat && a.dataFormat !== 'NHWC') {
    throw new ShapeError(`The ${op} op currently only supports the NHWC tensor format on the CPU; got data_format ${a.dataFormat}`);
  }
  if (a.strides.length !== 4) throw new ShapeError(`${op} requires the stride attribute to contain 4 values, but got: ${a.strides.length}`);
  const dil = a.dilations ?? [1, 1, 1, 1];
  if (dil.length !== 4) throw new ShapeError(`${op} requires the dilation attribute to contain 4 values, but got: ${dil.length}`);
  if (a.strides[0] !== 1 || a.strides[3] !== 1) {
    throw new ShapeError('Current implementation does not yet support strides in the batch and depth dimensions.');
  }
  if (dil[0] !== 1 || dil[3] !== 1) {
    throw new ShapeError('Current implementation does not yet support dilations in the batch and depth dimensions.');
  }
  checkPadding(op, a);
}

/** Checks ksize/strides/padding of the pooling ops, as TF's Pool2DShape. */
export function checkPoolAttrs(op: string, a: { ksize: readonly number[]; strides: readonly number[]; padding: Padding; explicitPaddings?: readonly number[]; dataFormat?: string }): void {
  if (a.dataFormat && a.dataFormat !== 'NHWC') {
    throw new ShapeError(`Default ${op}Op only supports NHWC on device type CPU; got data_format ${a.dataFormat}`);
  }
  if (a.strides.length !== 4) throw new ShapeError(`${op} requires the stride attribute to contain 4 values, but got: ${a.strides.length}`);
  if (a.ksize.length !== 4) throw new ShapeError(`${op} requires the ksize attribute to contain 4 values, but got: ${a.ksize.length}`);
  if (a.ksize[0] !== 1 || a.strides[0] !== 1) throw new ShapeError('Pooling is not yet supported on the batch dimension.');
  if (a.ksize[3] !== 1 || a.strides[3] !== 1) throw new ShapeError('Depthwise pooling is not supported by the reference kernels; ksize and strides must be 1 in the depth dimension.');
  if (a.ksize.some(k => k <= 0)) throw new ShapeError(`Sliding window ksize for dimension must be positive, got [${a.ksize.join(',')}]`);
  checkPadding(op, a);
}

function checkPadding(op: string, a: { padding: string; explicitPaddings?: readonly number[] }): void {
  if (a.padding !== 'SAME' && a.padding !== 'VALID' && a.padding !== 'EXPLICIT') {
    throw new ShapeError(`Attr 'padding' of '${op}' Op passed string '${a.padding}' not in: "SAME", "VALID", "EXPLICIT".`);
  }
  const ep = a.explicitPaddings ?? [];
  if (a.padding === 'EXPLICIT') {
    if (ep.length !== 8) throw new ShapeError(`explicit_paddings attribute must contain 8 values, but got: ${ep.length}`);
    if (ep.some(p => p < 0)) throw new ShapeError(`All elements of explicit_paddings must be nonnegative, got [${ep.join(',')}]`);
    if (ep[0] !== 0 || ep[1] !== 0 || ep[6] !== 0 || ep[7] !== 0) {
      throw new ShapeError('Nonzero explicit padding in the batch or depth dimensions is not supported');
    }
  } else if (ep.length) {
    throw new ShapeError(`explicit_paddings attribute must be empty if the padding attribute is not EXPLICIT`);
  }
}

// ---- builder-level argument handling (nn_ops.py) ---------------------------------------------

/** nn_ops._get_sequence for NHWC: 1, 2 or 4 values (or none) become 4. `fn` names the builder. */
export function getSequence(value: number | readonly number[] | undefined | null, what: string, fn: string): number[] {
  if (value === undefined || value === null) return [1, 1, 1, 1];
  const v = typeof value === 'number' ? [value] : Array.from(value);
  if (v.length === 4) return v;
  if (v.length === 1) return [1, v[0], v[0], 1];
  if (v.length === 2) return [1, v[0], v[1], 1];
  throw new ValueError(`${fn} requires ${what} of length 1, 2 or 4, got [${v.join(',')}].`);
}

/** nn_ops.convert_padding: 'SAME' | 'VALID' | explicit [[0,0],[t,b],[l,r],[0,0]]. */
export function convertPadding(padding: string | readonly (readonly number[])[], fn: string): { padding: Padding; explicitPaddings: number[] } {
  if (typeof padding === 'string') {
    if (padding === 'EXPLICIT') throw new ValueError("'EXPLICIT' is not a valid value for `padding`. To use explicit padding, `padding` must be a list.");
    const p = padding.toUpperCase();
    if (p !== 'SAME' && p !== 'VALID') throw new ValueError(`${fn} requires padding 'SAME', 'VALID' or a list of 4 [before, after] pairs, got '${padding}'.`);
    return { padding: p, explicitPaddings: [] };
  }
  if (!Array.isArray(padding)) throw new ValueError(`${fn} requires padding 'SAME', 'VALID' or a list of 4 [before, after] pairs, got ${String(padding)}.`);
  const flat: number[] = [];
  padding.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new ValueError(`When \`padding\` is a list, each element of \`padding\` must be a list/tuple of size 2. Received: padding=${JSON.stringify(padding)} with element at index ${i} of size ${Array.isArray(pair) ? pair.length : 'n/a'}`);
    }
    flat.push(pair[0], pair[1]);
  });
  if (padding.length !== 4) throw new ValueError(`When padding is a list, it must be of size 4. Received: padding=${JSON.stringify(padding)} of size ${padding.length}`);
  return { padding: 'EXPLICIT', explicitPaddings: flat };
}
