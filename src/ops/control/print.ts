// tf.Print: an identity that logs `data` when (and only when) it runs, as seed 004 shows.
// The text follows TF's PrintOp: message, then each tensor summarized as [1 2 3...].

import { type DType } from '../../framework/dtypes.js';
import type { NDArray } from '../../framework/ndarray.js';
import { defineOp } from '../../framework/op_def.js';
import type { Tensor } from '../../framework/tensor.js';
import { convertToTensor, withScope, type TensorLike } from '../core.js';

/** TF's StrCat of a float: %.6g (float) / %.15g (double), more digits if that does not round-trip. */
function cFloat(x: number, dtype: DType): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [p1, p2] = dtype === 'float64' ? [15, 17] : [6, 9];
  const same = (s: string) => (dtype === 'float64' ? Number(s) === x : Math.fround(Number(s)) === Math.fround(x));
  let s = gFormat(x, p1);
  if (!same(s)) s = gFormat(x, p2);
  return s;
}
/** C's %.{p}g. */
function gFormat(x: number, p: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let s: string;
  const exp = Number(x.toExponential(p - 1).split('e')[1]);
  if (exp < -4 || exp >= p) {
    const [m, ex] = x.toExponential(p - 1).split('e');
    const mm = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(ex);
    s = `${mm}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  } else {
    s = x.toFixed(Math.max(0, p - 1 - exp));
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  }
  return s;
}

function element(a: NDArray, i: number): string {
  const d = a.data as ArrayLike<unknown>;
  switch (a.dtype) {
    case 'float16': case 'float32': case 'float64': return cFloat(d[i] as number, a.dtype);
    case 'complex64': return `(${cFloat(d[2 * i] as number, 'float32')},${cFloat(d[2 * i + 1] as number, 'float32')})`;
    case 'bool': return d[i] ? '1' : '0';
    default: return String(d[i]);
  }
}

/** TF's Tensor::SummarizeValue(limit) (print_v2 = false). */
export function summarizeValue(a: NDArray, maxEntries: number): string {
  const n = a.size;
  const limit = Math.min(maxEntries, n);
  let out = '';
  if (a.rank === 0) {
    for (let i = 0; i < limit; i++) out += (i ? ' ' : '') + element(a, i);
  } else {
    let idx = 0;
    const dim = (d: number): void => {
      if (idx >= limit) return;
      const count = a.shape[d];
      if (d === a.rank - 1) {
        for (let i = 0; i < count; i++) {
          if (idx >= limit) { if (d !== 0) out += '...'; return; }
          if (i > 0) out += ' ';
          out += element(a, idx++);
        }
        return;
      }
      for (let i = 0; i < count; i++) {
        let flag = false;
        if (idx < limit) { out += '['; flag = true; }
        dim(d + 1);
        if (idx < limit || flag) out += ']';
      }
    };
    dim(0);
  }
  if (n > limit) out += '...';
  return out;
}

export const PrintOp = defineOp<{ message: string; firstN: number; summarize: number }>({
  type: 'Print',
  stateful: true,
  infer: ([x]) => [{ dtype: x.dtype, shape: x.shape }],
  kernel: ([x, ...data], a, ctx) => {
    const count = (printCounts.get(ctx.state) ?? new Map<unknown, number>());
    printCounts.set(ctx.state, count);
    const k = (count.get(ctx.op) ?? 0) + 1;
    count.set(ctx.op, k);
    if (a.firstN < 0 || k <= a.firstN) {
      ctx.state.log(a.message + data.map(d => `[${summarizeValue(d, a.summarize)}]`).join(''));
    }
    return x;
  },
  grad: (op, [dy]) => [dy, ...op.inputs.slice(1).map(() => null)],
});
const printCounts = new WeakMap<object, Map<unknown, number>>();

/**
 * Identity on `input` that prints `data` to stderr each time it runs (tf.Print).
 * Printing is a side effect: nothing prints unless the Print node is on the run's path.
 *
 * ```ts
 * const p = tf.Print(sum, [two, three]);   // sess.run(p) logs "[2][3]"
 * ```
 */
export function Print<D extends DType>(input: Tensor<D> | TensorLike, data: readonly TensorLike[], opts: { message?: string; firstN?: number; summarize?: number; name?: string } = {}): Tensor<D> {
  return withScope(opts.name, 'Print', [input, ...data], (scope, g) => {
    const x = convertToTensor(input, { name: 'input' });
    const ds = data.map(d => convertToTensor(d, { name: 'data' }));
    return g.addOp(PrintOp, [x, ...ds], { message: opts.message ?? '', firstN: opts.firstN ?? -1, summarize: opts.summarize ?? 3 }, { name: scope }).outputs[0] as Tensor<D>;
  });
}
