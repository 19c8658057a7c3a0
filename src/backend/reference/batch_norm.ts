// Reference FusedBatchNormV3 and FusedBatchNormGradV3 (NHWC: channels last), as TF's CPU
// kernels compute them: training normalizes with the batch's biased variance and reports
// the unbiased one; inference uses the given population statistics.

type Num = ArrayLike<number>;

export interface BatchNormResult { y: Float64Array; mean: Float64Array; variance: Float64Array; savedMean: Float64Array; savedVar: Float64Array }

export function fusedBatchNorm(x: Num, scale: Num, offset: Num, mean: Num, variance: Num, c: number,
                               epsilon: number, factor: number, training: boolean): BatchNormResult {
  const n = c ? x.length / c : 0;
  const y = new Float64Array(x.length);
  const m = new Float64Array(c), v = new Float64Array(c);
  if (training) {
    for (let i = 0; i < x.length; i++) m[i % c] += x[i];
    for (let k = 0; k < c; k++) m[k] /= n;
    for (let i = 0; i < x.length; i++) { const d = x[i] - m[i % c]; v[i % c] += d * d; }
    for (let k = 0; k < c; k++) v[k] /= n;
  } else {
    for (let k = 0; k < c; k++) { m[k] = mean[k]; v[k] = variance[k]; }
  }
  const mul = new Float64Array(c);
  for (let k = 0; k < c; k++) mul[k] = scale[k] / Math.sqrt(v[k] + epsilon);
  for (let i = 0; i < x.length; i++) { const k = i % c; y[i] = (x[i] - m[k]) * mul[k] + offset[k]; }
  if (!training) return { y, mean: m, variance: v, savedMean: m.slice(), savedVar: v.slice() };
  const adjust = n > 1 ? n / (n - 1) : 1;
  const runMean = new Float64Array(c), runVar = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    const unbiased = v[k] * adjust;
    runMean[k] = factor === 1 ? m[k] : (1 - factor) * mean[k] + factor * m[k];
    runVar[k] = factor === 1 ? unbiased : (1 - factor) * variance[k] + factor * unbiased;
  }
  return { y, mean: runMean, variance: runVar, savedMean: m, savedVar: v };
}

/** [dx, dscale, doffset] given the saved batch statistics (training) or the population ones. */
export function fusedBatchNormGrad(dy: Num, x: Num, scale: Num, mean: Num, variance: Num, c: number,
                                   epsilon: number, training: boolean): [Float64Array, Float64Array, Float64Array] {
  const n = c ? x.length / c : 0;
  const dx = new Float64Array(x.length), dscale = new Float64Array(c), doffset = new Float64Array(c);
  const inv = new Float64Array(c), dyXc = new Float64Array(c);
  for (let k = 0; k < c; k++) inv[k] = 1 / Math.sqrt(variance[k] + epsilon);
  for (let i = 0; i < x.length; i++) {
    const k = i % c;
    doffset[k] += dy[i];
    dyXc[k] += dy[i] * (x[i] - mean[k]);
  }
  for (let k = 0; k < c; k++) dscale[k] = dyXc[k] * inv[k];
  for (let i = 0; i < x.length; i++) {
    const k = i % c;
    if (!training) { dx[i] = dy[i] * scale[k] * inv[k]; continue; }
    const xc = x[i] - mean[k];
    dx[i] = scale[k] * inv[k] * (dy[i] - doffset[k] / n - xc * dyXc[k] / n * inv[k] * inv[k]);
  }
  return [dx, dscale, doffset];
}
