// TensorFlow's summary histogram (tensorflow/core/lib/histogram/histogram.cc): fixed
// bucket limits growing by 10% from 1e-12 to 1e20 on both sides of 0, and an encoding that
// collapses each run of empty buckets into one.

import type { ProtoObject } from './proto_util.js';

const DBL_MAX = Number.MAX_VALUE;

let defaultLimits: Float64Array | null = null;

/** TF's default bucket limits: -DBL_MAX, ..., -1e-12, 0, 1e-12, ..., ~1e20, DBL_MAX. */
export function defaultBucketLimits(): Float64Array {
  if (defaultLimits) return defaultLimits;
  const pos: number[] = [];
  for (let v = 1.0e-12; v < 1.0e20; v *= 1.1) pos.push(v);
  pos.push(DBL_MAX);
  const out = new Float64Array(2 * pos.length + 1);
  for (let i = 0; i < pos.length; i++) out[pos.length - 1 - i] = -pos[i];
  out[pos.length] = 0;
  out.set(pos, pos.length + 1);
  return (defaultLimits = out);
}

/** The index of the first limit greater than v (std::upper_bound). */
function upperBound(limits: Float64Array, v: number): number {
  let lo = 0, hi = limits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (limits[mid] <= v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** A HistogramProto object, as TF's HistogramSummary encodes it. */
export interface HistogramProtoObject extends ProtoObject {
  min: number; max: number; num: number; sum: number; sum_squares: number;
  bucket_limit: number[]; bucket: number[];
}

/**
 * Builds the histogram of finite values (callers reject NaN and infinities first), with
 * TF's bucket limits and its encoding of runs of empty buckets.
 */
export function histogramProto(values: ArrayLike<number>, limits: Float64Array = defaultBucketLimits()): HistogramProtoObject {
  const counts = new Float64Array(limits.length);
  let min = limits[limits.length - 1], max = -DBL_MAX, sum = 0, sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    counts[Math.min(upperBound(limits, v), limits.length - 1)] += 1;
    if (min > v) min = v;
    if (max < v) max = v;
    sum += v;
    sumSquares += v * v;
  }
  const bucketLimit: number[] = [], bucket: number[] = [];
  for (let i = 0; i < counts.length;) {
    let end = limits[i], count = counts[i];
    i++;
    if (count <= 0) {
      while (i < counts.length && counts[i] <= 0) { end = limits[i]; count = counts[i]; i++; }
    }
    bucketLimit.push(end);
    bucket.push(count);
  }
  return { min, max, num: values.length, sum, sum_squares: sumSquares, bucket_limit: bucketLimit, bucket };
}
