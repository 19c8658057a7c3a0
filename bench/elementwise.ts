// Elementwise benchmark (issue 4): c = a + b over float32 arrays of 16M and 1M elements through
// the native kernel into a preallocated output (as PyTorch's torch.add(a, b, out=c)), in GB/s
// counting 3·4·n bytes (two reads, one write); and STREAM-like probes of the memory bandwidth
// (copy c = a, triad c = a + s·b) run as fused programs of the same engine. Peers (PyTorch,
// NumPy) are measured by bench/peers/elementwise.py. Run directly: node dist/bench/elementwise.js

import { NDArray } from '../src/framework/ndarray.js';
import { nativeAddon } from '../src/backend/native/load.js';
import { packDims } from '../src/backend/native/binding.js';
import { compileFused, runFused } from '../src/backend/native/kernels_elementwise.js';

export const ELEMENTWISE_SIZES = [16 << 20, 1 << 20];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median seconds per call over 7 repetitions of ~0.1 s each, after a warm-up. */
function secondsPerCall(bytes: number, f: () => void): number {
  const reps = Math.max(3, Math.round(1e9 / bytes));  // ~0.1 s per repetition at 10 GB/s
  for (let i = 0; i < Math.max(2, reps >> 1); i++) f();
  const times: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) f();
    times.push(Number(process.hrtime.bigint() - t) / 1e9 / reps);
  }
  return median(times);
}

function filled(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = ((i * 2654435761 + seed) % 1000) / 100 - 5;
  return a;
}

/** Rows: 'add' (the kernel), 'copy' and 'triad' (bandwidth probes), per size; GB/s. */
export function elementwiseBench(): { name: string; n: number; gbps: number }[] {
  const addon = nativeAddon();
  if (!addon) return [];
  const add = addon.ewOps().findIndex(([name]) => name === 'Add');
  const rows: { name: string; n: number; gbps: number }[] = [];
  for (const n of ELEMENTWISE_SIZES) {
    const a = filled(n, 1), b = filled(n, 2), c = new Float32Array(n);
    const dims = new Float64Array(packDims([n], [n]));
    const sec = secondsPerCall(12 * n, () => addon.ewBinary(add, a, b, c, dims, 0));
    rows.push({ name: 'add', n, gbps: (12 * n) / sec / 1e9 });
    // copy: c = |a| (one read, one write; Abs is a pure bit operation); triad: c = a + s·b as a
    // two-node fused program (the engine's block loop, one pass over memory)
    const abs = addon.ewOps().findIndex(([name]) => name === 'Abs');
    const csec = secondsPerCall(8 * n, () => addon.ewUnary(abs, a, c, 0));
    rows.push({ name: 'copy', n, gbps: (8 * n) / csec / 1e9 });
    const triad = compileFused({ dtype: 'float32', nInputs: 3, nodes: [{ op: 'Mul', args: [1, 2] }, { op: 'Add', args: [0, 3] }] });
    if (triad) {
      const A = new NDArray('float32', [n], a), B = new NDArray('float32', [n], b), s = new NDArray('float32', [1], new Float32Array([3]));
      // preallocated output: a context whose allocate hands back c
      const C = new NDArray('float32', [n], c);
      const ctx = { allocate: () => C } as unknown as Parameters<typeof runFused>[3];
      const tsec = secondsPerCall(12 * n, () => { runFused(triad, [A, s, B], [n], ctx); });
      rows.push({ name: 'triad', n, gbps: (12 * n) / tsec / 1e9 });
    }
  }
  return rows;
}

if (process.argv[1] && /bench[/\\]elementwise\.js$/.test(process.argv[1])) {
  for (const r of elementwiseBench()) console.log(JSON.stringify(r));
}
