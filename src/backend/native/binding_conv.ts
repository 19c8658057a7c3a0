// The conv part of the native addon's surface (native/src/binding_conv.cc). Memory stays in the
// caller's typed arrays; every argument is checked on the C++ side (TypeError / RangeError).
//
// Arrays are all Float32Array or all Float64Array (NHWC tensors, HWIO filters); the output (the
// last array) must not overlap an input and is overwritten entirely. threads: 0 (the pool's
// default) to 64. Geometry values are integers in [0, 2^31 - 1] (strides, dilations and window
// sizes >= 1); every array length must be the one the geometry gives.

/**
 * Conv geometry, a Float64Array of 15: [batch, inH, inW, inC, filterH, filterW, outC, outH,
 * outW, strideH, strideW, dilationH, dilationW, padTop, padLeft] (see packConvGeom).
 */
export type ConvGeom = Float64Array;
/**
 * Pool geometry, a Float64Array of 12: [batch, inH, inW, channels, ksizeH, ksizeW, outH, outW,
 * strideH, strideW, padTop, padLeft] (see packPoolGeom).
 */
export type PoolGeom = Float64Array;

type F = Float32Array | Float64Array;

export interface ConvAddon {
  /** y = conv2d(x, filter): x [batch, inH, inW, inC], filter [fh, fw, inC, outC], y [batch, outH, outW, outC]. */
  conv2d(x: F, filter: F, y: F, geom: ConvGeom, threads: number): void;
  /** dx (shaped like x) from dy (shaped like y) and the filter. */
  conv2dBackpropInput(dy: F, filter: F, dx: F, geom: ConvGeom, threads: number): void;
  /** dfilter (shaped like the filter) from x and dy. */
  conv2dBackpropFilter(x: F, dy: F, dfilter: F, geom: ConvGeom, threads: number): void;
  /** y = max pool of x (x [batch, inH, inW, c], y [batch, outH, outW, c]). */
  maxPool(x: F, y: F, geom: PoolGeom, threads: number): void;
  /** dx: dy routed to each window's first maximum of x. */
  maxPoolGrad(x: F, dy: F, dx: F, geom: PoolGeom, threads: number): void;
  /** y = average pool of x (in-bounds values only). */
  avgPool(x: F, y: F, geom: PoolGeom, threads: number): void;
  /** dx: each dy shared equally by its window's in-bounds inputs. */
  avgPoolGrad(dy: F, dx: F, geom: PoolGeom, threads: number): void;
}
