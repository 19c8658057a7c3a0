// The reduce part of the native addon's surface (native/src/binding_reduce.cc): reductions,
// ArgMax/ArgMin, the softmax family, BiasAdd/BiasAddGrad and Transpose. Memory stays in the
// caller's typed arrays; every argument is checked on the C++ side (TypeError / RangeError).
// `threads` 0 uses the pool's default. Outputs must not overlap inputs (except biasAdd's y,
// which may be x itself).

type Floats = Float32Array | Float64Array;
type Nums = Float32Array | Float64Array | Int32Array;

export interface ReduceAddon {
  /**
   * out = op over the dims d of x whose bit d is set in axesMask; op 0 sum, 1 mean, 2 max,
   * 3 min, 4 prod. dims: [rank, ...shape] (rank <= 32); out (same type) holds the kept dims.
   */
  reduce(x: Nums, out: Nums, dims: Float64Array, axesMask: number, op: number, threads: number): void;
  /** Index of the max (isMin 0) / min (1) of x viewed as dims = [outer, len, inner], len >= 1. */
  argReduce(x: Nums, out: Int32Array | BigInt64Array, dims: Float64Array, isMin: number, threads: number): void;
  /** Softmax (log 0) / LogSoftmax (log 1) of each row of `depth`. */
  softmax(x: Floats, y: Floats, depth: number, log: number, threads: number): void;
  /** Softmax cross-entropy: dims = [lb, lc, yb, yc] (logits [lb, lc], labels [yb, yc], broadcast along 1s). */
  softmaxXent(logits: Floats, labels: Floats, loss: Floats, backprop: Floats, dims: Float64Array, threads: number): void;
  /** Sparse softmax cross-entropy: logits [labels.length, depth], labels in [0, depth). */
  sparseSoftmaxXent(logits: Floats, labels: Int32Array | BigInt64Array, loss: Floats, backprop: Floats, depth: number, threads: number): void;
  /** y = x + bias along the channel axis of x viewed as dims = [outer, channels, inner]; y may be x. */
  biasAdd(x: Floats, bias: Floats, y: Floats, dims: Float64Array, threads: number): void;
  /** db = dy summed over all but the channel axis (dims = [outer, channels, inner]). */
  biasAddGrad(dy: Floats, db: Floats, dims: Float64Array, threads: number): void;
  /** y = transpose(x, perm), dims = [rank, ...shape, ...perm] (rank <= 16), 4- or 8-byte elements. */
  transpose(x: Float32Array | Float64Array | Int32Array | Uint32Array | BigInt64Array, y: Float32Array | Float64Array | Int32Array | Uint32Array | BigInt64Array, dims: Float64Array, threads: number): void;
}

/** Ranks the reduce and transpose entry points accept. */
export const REDUCE_MAX_RANK = 32;
export const TRANSPOSE_MAX_RANK = 16;
