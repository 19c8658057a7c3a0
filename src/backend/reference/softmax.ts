// Reference softmax, log-softmax and the two softmax cross-entropy kernels, over the last
// axis, in the numerically stable form TF uses: shift by the row max, then log-sum-exp.

import { InvalidArgumentError } from '../../framework/errors.js';

type Num = ArrayLike<number>;

/** softmax (or log-softmax) of each row of length `depth`. */
export function softmaxRows(x: Num, depth: number, log: boolean): Float64Array {
  const n = x.length, y = new Float64Array(n);
  for (let r = 0; r < n; r += depth) {
    let max = -Infinity;
    for (let j = r; j < r + depth; j++) if (x[j] > max) max = x[j];
    let sum = 0;
    for (let j = r; j < r + depth; j++) sum += Math.exp(x[j] - max);
    if (log) {
      const lse = Math.log(sum);
      for (let j = r; j < r + depth; j++) y[j] = x[j] - max - lse;
    } else {
      for (let j = r; j < r + depth; j++) y[j] = Math.exp(x[j] - max) / sum;
    }
  }
  return y;
}

/**
 * Softmax cross-entropy of [batch, depth] logits and labels, each possibly broadcast along
 * a dimension of size 1 (`lb`, `lc`: logits' batch/depth sizes; `yb`, `yc`: labels').
 * Returns [loss [batch], backprop [batch, depth]] with backprop = softmax - labels.
 */
export function softmaxXent(logits: Num, [lb, lc]: number[], labels: Num, [yb, yc]: number[]): [Float64Array, Float64Array] {
  const batch = Math.max(lb, yb), depth = Math.max(lc, yc);
  const loss = new Float64Array(batch), back = new Float64Array(batch * depth);
  const shifted = new Float64Array(depth);
  for (let b = 0; b < batch; b++) {
    const lr = (lb === 1 ? 0 : b) * lc, yr = (yb === 1 ? 0 : b) * yc;
    let max = -Infinity;
    for (let j = 0; j < depth; j++) { const v = logits[lr + (lc === 1 ? 0 : j)]; if (v > max) max = v; }
    let sum = 0;
    for (let j = 0; j < depth; j++) { const s = logits[lr + (lc === 1 ? 0 : j)] - max; shifted[j] = s; sum += Math.exp(s); }
    const lse = Math.log(sum);
    let l = 0;
    for (let j = 0; j < depth; j++) {
      const y = labels[yr + (yc === 1 ? 0 : j)];
      l += y * (lse - shifted[j]);
      back[b * depth + j] = Math.exp(shifted[j]) / sum - y;
    }
    loss[b] = l;
  }
  return [loss, back];
}

/** Sparse softmax cross-entropy: labels are class indices; an index out of range is an error. */
export function sparseSoftmaxXent(logits: Num, batch: number, depth: number, labels: ArrayLike<number | bigint>): [Float64Array, Float64Array] {
  for (let b = 0; b < batch; b++) {
    const k = Number(labels[b]);
    if (!(k >= 0 && k < depth)) {
      const all = Array.from(labels, v => String(v)).join(' ');
      throw new InvalidArgumentError(`Received a label value of ${k} which is outside the valid range of [0, ${depth}).  Label values: ${all}`);
    }
  }
  const loss = new Float64Array(batch), back = softmaxRows(logits, depth, false);
  for (let b = 0; b < batch; b++) {
    const r = b * depth, k = Number(labels[b]);
    let max = -Infinity;
    for (let j = r; j < r + depth; j++) if (logits[j] > max) max = logits[j];
    let sum = 0;
    for (let j = r; j < r + depth; j++) sum += Math.exp(logits[j] - max);
    loss[b] = Math.log(sum) - (logits[r + k] - max);
    back[r + k] -= 1;
  }
  return [loss, back];
}
