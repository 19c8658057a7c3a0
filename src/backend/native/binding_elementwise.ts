// The elementwise part of the native addon's surface (native/src/binding_elementwise.cc). Memory stays in the
// caller's typed arrays; every argument is checked on the C++ side (TypeError / RangeError).
//
// Op codes are the indices of ewOps() (stable within one build); kernels_elementwise.ts maps TF
// op types to them by name. `flags` is the thread count (0 = the pool's default). `out` may be
// exactly one of the inputs when that input has out's length (the op runs in place); any other
// overlap is a RangeError.

import type { NativeArray } from './binding.js';

export interface ElementwiseAddon {
  /** [name, arity (1 or 2), has an int32 kernel] per op code. */
  ewOps(): [string, number, boolean][];
  /** out = op(x); x and out of one type and length. */
  ewUnary(op: number, x: NativeArray, out: NativeArray, flags: number): void;
  /** out = op(a, b) with broadcasting; dims: [rankA, rankB, ...shapeA, ...shapeB] (packDims). */
  ewBinary(op: number, a: NativeArray, b: NativeArray, out: NativeArray, dims: Float64Array, flags: number): void;
  /**
   * A fused program over inputs broadcast to out's shape. code: Int32Array [nInputs, nNodes,
   * (op, arg0, arg1) per node], args index inputs (0..nInputs-1) or earlier nodes (nInputs + k),
   * arg1 is -1 for a unary op; the value is the last node. dims: [outRank, ...outShape, rank0,
   * ...shape0, rank1, ...shape1, ...].
   */
  ewProgram(code: Int32Array, inputs: NativeArray[], out: NativeArray, dims: Float64Array, flags: number): void;
  /** out = inputs[0] + inputs[1] + ... (same type and length; float32 accumulates in double). */
  ewAddN(inputs: NativeArray[], out: NativeArray, flags: number): void;
  /** out = cast(x) between Float32Array / Float64Array / Int32Array with the reference's rules. */
  ewCast(x: NativeArray, out: NativeArray, flags: number): void;
}
