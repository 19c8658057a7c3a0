// Downsampling for charts: the page asks for at most N points of a series that may hold
// millions. Scalars keep the first and last point and the min and max of each bucket between
// them (so spikes survive); other series keep evenly spaced points.

/** Indices (increasing) of at most `n` points of a series of `total`, keeping min/max per bucket. */
export function minMaxIndices(values: ArrayLike<number>, total: number, n: number): number[] {
  if (total <= n) return Array.from({ length: total }, (_, i) => i);
  if (n <= 2) return n === 1 ? [total - 1] : [0, total - 1];
  const out = [0];
  const buckets = Math.floor((n - 2) / 2);
  const inner = total - 2;
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * inner) / buckets), hi = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (hi <= lo) continue;
    let iMin = lo, iMax = lo;
    for (let i = lo + 1; i < hi; i++) {
      const v = values[i];
      // NaN and infinities are extremes worth seeing: treat NaN as both
      if (v < values[iMin] || (Number.isNaN(v) && !Number.isNaN(values[iMin]))) iMin = i;
      if (v > values[iMax] || (Number.isNaN(v) && !Number.isNaN(values[iMax]))) iMax = i;
    }
    if (iMin === iMax) out.push(iMin);
    else out.push(Math.min(iMin, iMax), Math.max(iMin, iMax));
  }
  out.push(total - 1);
  return out;
}

/** Indices (increasing) of at most `n` evenly spaced points of `total`, first and last included. */
export function evenIndices(total: number, n: number): number[] {
  if (total <= n) return Array.from({ length: total }, (_, i) => i);
  if (n === 1) return [total - 1];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.round((i * (total - 1)) / (n - 1));
    if (!out.length || out[out.length - 1] !== k) out.push(k);
  }
  return out;
}
