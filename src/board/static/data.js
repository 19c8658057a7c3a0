// Pure data functions of the board page (no DOM, so Node tests import them too): smoothing,
// nearest-point lookup, downloads, axis ticks, histogram re-binning and percentiles.

/**
 * TensorBoard's scalar smoothing: an exponential moving average debiased like Adam's first
 * moment (so the first points are not pulled towards 0). Non-finite values pass through and
 * a constant series stays as is. `weight` in [0, 1).
 */
export function smooth(values, weight) {
  const out = new Array(values.length);
  if (values.length === 0) return out;
  const constant = values.every((v) => v === values[0]);
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (constant || !Number.isFinite(v) || weight <= 0) { out[i] = v; continue; }
    last = last * weight + (1 - weight) * v;
    n++;
    const debias = weight === 1 ? 1 : 1 - Math.pow(weight, n);
    out[i] = last / debias;
  }
  return out;
}

/** The index of the element of sorted `xs` nearest to `x` (-1 when empty). */
export function nearestIndex(xs, x) {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid; else hi = mid;
  }
  return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
}

/** The x value of a scalar point [wall_time, step, value] for an x-axis mode. */
export function xOf(point, mode, startWall) {
  if (mode === 'relative') return point[0] - startWall;
  if (mode === 'wall') return point[0];
  return point[1];
}

/** A scalar series as CSV with TensorBoard's columns ("Wall time,Step,Value"). */
export function scalarsCsv(points) {
  const rows = ['Wall time,Step,Value'];
  for (const [w, s, v] of points) rows.push(`${w},${s},${v}`);
  return rows.join('\n') + '\n';
}

/** A scalar series as JSON with TensorBoard's layout ([[wall_time, step, value], ...]). */
export function scalarsJson(points) {
  return JSON.stringify(points.map(([w, s, v]) => [w, s, Number.isFinite(v) ? v : String(v)]));
}

/** About `count` round tick values covering [lo, hi] (1, 2, 5 x 10^k steps). */
export function niceTicks(lo, hi, count = 5) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  if (lo > hi) [lo, hi] = [hi, lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / mag;
  const step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
  const ticks = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let i = first; i * step <= hi + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Ticks at powers of ten for a log axis over positive [lo, hi]. */
export function logTicks(lo, hi) {
  if (!(lo > 0) || !(hi > 0)) return [];
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const every = Math.max(1, Math.ceil((b - a) / 6));
  const ticks = [];
  for (let e = a; e <= b; e += every) {
    const t = Math.pow(10, e);
    if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push(t);
  }
  if (ticks.length < 2) return niceTicks(lo, hi, 4).filter((t) => t > 0);
  return ticks;
}

/** [lo, hi] of finite values, padded a little; null when there are none. */
export function extent(values, { positive = false, pad = 0.05 } = {}) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positive && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return null;
  if (positive) {
    if (lo === hi) return [lo / 2, hi * 2];
    const r = Math.log10(hi / lo) * pad;
    return [lo / Math.pow(10, r), hi * Math.pow(10, r)];
  }
  if (lo === hi) { const d = Math.abs(lo) * 0.1 || 1; return [lo - d, hi + d]; }
  const d = (hi - lo) * pad;
  return [lo - d, hi + d];
}

/** The [left, right, count] buckets of a histogram point with infinite/huge edges clamped to min/max. */
export function cleanBuckets(point) {
  const lo = Number.isFinite(point.min) ? point.min : -Infinity;
  const hi = Number.isFinite(point.max) ? point.max : Infinity;
  const out = [];
  for (const [l, r, c] of point.buckets ?? []) {
    if (!(c > 0)) continue;
    const left = Math.abs(l) > 1e300 || !Number.isFinite(l) ? lo : Math.max(l, lo);
    const right = Math.abs(r) > 1e300 || !Number.isFinite(r) ? hi : Math.min(r, hi);
    out.push([Math.min(left, right), Math.max(left, right), c]);
  }
  return out;
}

/**
 * Re-bins buckets into `bins` equal bins over [lo, hi], spreading each bucket's count in
 * proportion to its overlap (TensorBoard's histogram view does the same with 30 bins).
 */
export function rebin(buckets, lo, hi, bins = 30) {
  const counts = new Array(bins).fill(0);
  const width = (hi - lo) / bins;
  if (!(width > 0)) {
    counts[Math.floor(bins / 2)] = buckets.reduce((a, b) => a + b[2], 0);
    return counts;
  }
  for (const [l, r, c] of buckets) {
    if (r <= l) {
      const i = Math.min(bins - 1, Math.max(0, Math.floor((l - lo) / width)));
      counts[i] += c;
      continue;
    }
    const i0 = Math.max(0, Math.floor((l - lo) / width));
    const i1 = Math.min(bins - 1, Math.floor((r - lo) / width));
    for (let i = i0; i <= i1; i++) {
      const a = Math.max(l, lo + i * width);
      const b = Math.min(r, lo + (i + 1) * width);
      if (b > a) counts[i] += (c * (b - a)) / (r - l);
    }
  }
  return counts;
}

/** TensorBoard's distribution percentiles in basis points: min, ±1.5σ, ±1σ, ±0.5σ, median, max. */
export const BASIS_POINTS = [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000];

/** The values at `basisPoints` (1/100 percent) of a histogram, interpolating inside buckets. */
export function percentiles(point, basisPoints = BASIS_POINTS) {
  const buckets = cleanBuckets(point);
  const total = buckets.reduce((a, b) => a + b[2], 0);
  return basisPoints.map((bp) => {
    if (total === 0) return NaN;
    if (bp <= 0) return Number.isFinite(point.min) ? point.min : buckets[0][0];
    if (bp >= 10000) return Number.isFinite(point.max) ? point.max : buckets[buckets.length - 1][1];
    const target = (bp / 10000) * total;
    let acc = 0;
    for (const [l, r, c] of buckets) {
      if (acc + c >= target) return l + ((target - acc) / c) * (r - l);
      acc += c;
    }
    return buckets[buckets.length - 1][1];
  });
}
