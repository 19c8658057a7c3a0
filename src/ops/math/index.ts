// Math ops: elementwise, reductions, linear algebra.
export * from './unary.js';
export {
  add, subtract, multiply, realDiv, maximum, minimum, squaredDifference, pow, atan2, floormod, mod,
  truncatediv, truncatemod, equal, notEqual, less, lessEqual, greater, greaterEqual, logicalAnd, logicalOr,
  logicalXor, truediv, divide, div, floordiv, divNoNan,
} from './binary.js';
export { cast, toFloat, toDouble, toInt32, toInt64 } from './cast.js';
export { reduceSum, reduceProd, reduceMean, reduceMax, reduceMin, reduceAny, reduceAll, reduceLogSumExp, countNonzero, argMax, argMin } from './reduce.js';
export type { ReduceOpts } from './reduce.js';
export { matmul } from './matmul.js';
export type { MatMulOptions } from './matmul.js';
