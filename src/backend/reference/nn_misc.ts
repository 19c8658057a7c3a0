// Reference kernels of the small nn ops: BiasAdd / BiasAddGrad, L2Loss, InTopKV2.

type Num = ArrayLike<number>;

/** y = x + bias along the channel axis: x viewed as [outer, channels, inner]. */
export function biasAdd(x: Num, bias: Num, outer: number, channels: number, inner: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let o = 0, i = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const b = bias[c];
      for (let k = 0; k < inner; k++, i++) y[i] = x[i] + b;
    }
  }
  return y;
}

/** The bias gradient: dy summed over everything but the channel axis. */
export function biasAddGrad(dy: Num, outer: number, channels: number, inner: number): Float64Array {
  const db = new Float64Array(channels);
  for (let o = 0, i = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      let s = 0;
      for (let k = 0; k < inner; k++, i++) s += dy[i];
      db[c] += s;
    }
  }
  return db;
}

/** sum(x^2) / 2. */
export function l2Loss(x: Num): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s / 2;
}

/**
 * For each row, whether the target class is among the k largest predictions (TF's InTopK:
 * fewer than k classes strictly larger; false when the target is out of range or any
 * prediction in the row is not finite).
 */
export function inTopK(pred: Num, batch: number, classes: number, targets: ArrayLike<number | bigint>, k: number): Uint8Array {
  const out = new Uint8Array(batch);
  for (let b = 0; b < batch; b++) {
    const t = Number(targets[b]);
    const r = b * classes;
    let cannotSay = !(t >= 0 && t < classes) || !Number.isFinite(pred[r + t]);
    let more = 0;
    if (!cannotSay) {
      const p = pred[r + t];
      for (let i = 0; i < classes; i++) {
        const v = pred[r + i];
        if (!Number.isFinite(v)) { cannotSay = true; break; }
        if (v > p && ++more > k) break;
      }
    }
    out[b] = !cannotSay && more < k ? 1 : 0;
  }
  return out;
}
