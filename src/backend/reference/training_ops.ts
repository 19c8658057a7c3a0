// Reference kernels of TF's training ops (core/kernels/training_ops.cc), updating the
// variable and its slots in place. Each arithmetic step is rounded to the dtype (`r`), in
// the order of TF's Eigen expressions, so float32 trajectories match TF's to the last bit
// or so. Every element reads its inputs before writing, so a gradient may alias a slot.

import { type DType, roundHalf } from '../../framework/dtypes.js';

/** A float buffer: Float32Array for float16/float32, Float64Array for float64. */
export type FloatData = Float32Array | Float64Array;
export type Round = (x: number) => number;

const id: Round = x => x;
/** The rounding that stores a JS number in `dtype` (TF computes each step in the dtype). */
export function roundFor(dtype: DType): Round {
  return dtype === 'float32' ? Math.fround : dtype === 'float16' ? roundHalf : id;
}

/** var -= grad * lr */
export function applyGradientDescent(v: FloatData, lr: number, g: FloatData, r: Round): void {
  for (let i = 0; i < v.length; i++) v[i] = r(v[i] - r(g[i] * lr));
}

/** accum = accum * momentum + grad; var -= accum * lr (Nesterov: grad * lr + accum * momentum * lr). */
export function applyMomentum(v: FloatData, acc: FloatData, lr: number, g: FloatData, mom: number, nesterov: boolean, r: Round): void {
  for (let i = 0; i < v.length; i++) {
    const gi = g[i];
    const a = r(r(acc[i] * mom) + gi);
    acc[i] = a;
    v[i] = nesterov ? r(v[i] - r(r(gi * lr) + r(r(a * mom) * lr))) : r(v[i] - r(a * lr));
  }
}

/** accum += grad²; var -= grad * lr * rsqrt(accum). */
export function applyAdagrad(v: FloatData, acc: FloatData, lr: number, g: FloatData, updateSlots: boolean, r: Round): void {
  for (let i = 0; i < v.length; i++) {
    const gi = g[i];
    const a = updateSlots ? r(acc[i] + r(gi * gi)) : acc[i];
    acc[i] = a;
    v[i] = r(v[i] - r(r(gi * lr) * r(1 / r(Math.sqrt(a)))));
  }
}

/**
 * accum = accum * rho + grad² * (1 - rho);
 * update = sqrt(accum_update + eps) * rsqrt(accum + eps) * grad; var -= update * lr;
 * accum_update = accum_update * rho + update² * (1 - rho).
 */
export function applyAdadelta(v: FloatData, acc: FloatData, accUpd: FloatData, lr: number, rho: number, eps: number, g: FloatData, r: Round): void {
  const oneMinusRho = r(1 - rho);
  for (let i = 0; i < v.length; i++) {
    const gi = g[i];
    const a = r(r(acc[i] * rho) + r(r(gi * gi) * oneMinusRho));
    acc[i] = a;
    const au = accUpd[i];
    const upd = r(r(r(Math.sqrt(r(au + eps))) * r(1 / r(Math.sqrt(r(a + eps))))) * gi);
    v[i] = r(v[i] - r(upd * lr));
    accUpd[i] = r(r(au * rho) + r(r(upd * upd) * oneMinusRho));
  }
}

/** ms += (grad² - ms) * (1 - rho); mom = mom * momentum + grad * lr / sqrt(ms + eps); var -= mom. */
export function applyRMSProp(v: FloatData, ms: FloatData, mom: FloatData, lr: number, rho: number, momentum: number, eps: number, g: FloatData, r: Round): void {
  const oneMinusRho = r(1 - rho);
  for (let i = 0; i < v.length; i++) {
    const gi = g[i];
    const s = r(ms[i] + r(r(r(gi * gi) - ms[i]) * oneMinusRho));
    ms[i] = s;
    const m = r(r(mom[i] * momentum) + r(r(gi * lr) / r(Math.sqrt(r(s + eps)))));
    mom[i] = m;
    v[i] = r(v[i] - m);
  }
}

/** RMSProp normalized by the estimated variance: mg += (grad - mg) * (1 - rho); denom = ms - mg² + eps. */
export function applyCenteredRMSProp(v: FloatData, mg: FloatData, ms: FloatData, mom: FloatData, lr: number, rho: number, momentum: number, eps: number, g: FloatData, r: Round): void {
  const oneMinusRho = r(1 - rho);
  for (let i = 0; i < v.length; i++) {
    const gi = g[i];
    const s = r(ms[i] + r(r(r(gi * gi) - ms[i]) * oneMinusRho));
    ms[i] = s;
    const a = r(mg[i] + r(r(gi - mg[i]) * oneMinusRho));
    mg[i] = a;
    const denom = r(r(s - r(a * a)) + eps);
    const m = r(r(mom[i] * momentum) + r(r(gi * lr) / r(Math.sqrt(denom))));
    mom[i] = m;
    v[i] = r(v[i] - m);
  }
}

/**
 * alpha = lr * sqrt(1 - beta2_power) / (1 - beta1_power);
 * m += (grad - m) * (1 - beta1); v += (grad² - v) * (1 - beta2); var -= m * alpha / (sqrt(v) + eps)
 * (Nesterov: (grad * (1 - beta1) + beta1 * m) in place of m).
 */
export function applyAdam(
  v: FloatData, m: FloatData, s: FloatData, beta1Power: number, beta2Power: number, lr: number,
  beta1: number, beta2: number, eps: number, g: FloatData, nesterov: boolean, r: Round,
): void {
  const alpha = r(r(lr * r(Math.sqrt(r(1 - beta2Power)))) / r(1 - beta1Power));
  const oneMinusB1 = r(1 - beta1), oneMinusB2 = r(1 - beta2);
  for (let i = 0; i < v.length; i++) {
    const gi = g[i];
    const mi = r(m[i] + r(r(gi - m[i]) * oneMinusB1));
    m[i] = mi;
    const si = r(s[i] + r(r(r(gi * gi) - s[i]) * oneMinusB2));
    s[i] = si;
    const num = nesterov ? r(r(gi * oneMinusB1) + r(beta1 * mi)) : mi;
    v[i] = r(v[i] - r(r(num * alpha) / r(r(Math.sqrt(si)) + eps)));
  }
}
