// GEMM benchmark (issue 4): the register-only FMA peak of this machine, and float32 C = A·B for
// square N x N matrices through the native kernel and through a Session, in GFLOP/s.
// Peers (NumPy, TensorFlow, PyTorch) are measured by bench/peers/gemm.py in the same run.

import * as tf from '../src/index.js';
import { nativeMatmul } from '../src/backend/native/kernels.js';
import { nativeAddon, backendInfo } from '../src/backend/native/load.js';

export const GEMM_SIZES = [64, 128, 256, 512, 1024];

export interface GemmRow {
  n: number;
  /** The kernel called directly (allocates its output, as NumPy's a @ b does). */
  kernelGflops: number;
  /** Session.run of a MatMul node (makeCallable, both operands fed). */
  sessionGflops: number;
  /** Median over repetitions of Session GFLOP/s / the FMA peak probed just before. */
  sessionOfPeak: number;
}

export interface GemmResult {
  peakGflops: number;
  /** Single-thread peak, for reference. */
  peak1Gflops: number;
  threads: number;
  cpuPath: string;
  rows: GemmRow[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Seven timed repetitions of about 0.1 s each, after a warm-up of at least 0.3 s and 256 MB of
 * outputs (until then fresh outputs page-fault in: V8 returns dead arrays to malloc only after a
 * GC). Each repetition is preceded by a short FMA peak probe, so that its efficiency is measured
 * against the machine as it was at that moment (these VMs share their cores with other guests).
 * Returns the median seconds per call and the median of the per-repetition fractions of peak.
 */
function secondsPerCall(flops: number, outBytes: number, peak: () => number, f: () => unknown): { sec: number; ofPeak: number } {
  const reps = Math.max(3, Math.round(2e10 / flops));  // ~0.1 s per repetition at ~200 GFLOP/s
  const warm = process.hrtime.bigint();
  for (let i = 0; i < Math.max(2, reps >> 1, (256 << 20) / outBytes) || Number(process.hrtime.bigint() - warm) < 3e8; i++) f();
  const times: number[] = [], fractions: number[] = [];
  for (let r = 0; r < 7; r++) {
    const p = peak();
    const t = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) f();
    const sec = Number(process.hrtime.bigint() - t) / 1e9 / reps;
    times.push(sec);
    fractions.push(flops / sec / 1e9 / p);
  }
  return { sec: median(times), ofPeak: median(fractions) };
}

function randomMatrix(n: number, seed: number): tf.NDArray<'float32'> {
  const a = tf.NDArray.zeros('float32', [n, n]);
  let s = seed;
  for (let i = 0; i < a.data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a.data[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

export function gemmBench(sizes = GEMM_SIZES): GemmResult | null {
  const addon = nativeAddon();
  if (!addon) return null;
  const info = backendInfo();
  const peaks: number[] = [];
  const probe = () => {
    const p = addon.fmaPeak(0.03, 0);
    peaks.push(p);
    return p;
  };
  for (let i = 0; i < 3; i++) probe();
  const peak1 = median([0, 1, 2].map(() => addon.fmaPeak(0.1, 1)));
  const rows: GemmRow[] = [];
  for (const n of sizes) {
    const a = randomMatrix(n, 1), b = randomMatrix(n, 2);
    const flops = 2 * n ** 3;
    const kernel = secondsPerCall(flops, 4 * n * n, probe, () => nativeMatmul(a, b, false, false));
    const session = tf.withGraph(() => {
      const pa = tf.placeholder(tf.float32, [n, n]), pb = tf.placeholder(tf.float32, [n, n]);
      const sess = new tf.Session({ backend: 'native' });
      const call = sess.makeCallable(tf.matmul(pa, pb), [pa, pb]);
      return secondsPerCall(flops, 4 * n * n, probe, () => call(a, b));
    });
    rows.push({ n, kernelGflops: flops / kernel.sec / 1e9, sessionGflops: flops / session.sec / 1e9, sessionOfPeak: session.ofPeak });
  }
  return { peakGflops: median(peaks), peak1Gflops: peak1, threads: info.threads, cpuPath: info.cpuPath ?? 'none', rows };
}

export interface GemmPeer { peer: string; n: number; gflops: number }

/**
 * Combines rounds (ours and the peers' alternate, so each side gets a chance at a quiet
 * machine): per size the round with the best Session median, per peer and size the best median.
 */
export function bestOfRounds(ours: (GemmResult | null)[], peers: GemmPeer[][]): { ours: GemmResult | null; peers: GemmPeer[]; rounds: number } {
  const valid = ours.filter((r): r is GemmResult => r !== null);
  let best: GemmResult | null = null;
  if (valid.length) {
    best = { ...valid[0], peakGflops: median(valid.map(r => r.peakGflops)), rows: [] };
    for (const row of valid[0].rows) {
      const candidates = valid.map(r => r.rows.find(x => x.n === row.n)!).filter(Boolean);
      best.rows.push(candidates.reduce((a, b) => (b.sessionGflops > a.sessionGflops ? b : a)));
    }
  }
  const merged = new Map<string, GemmPeer>();
  for (const p of peers.flat()) {
    const key = `${p.peer}|${p.n}`;
    const old = merged.get(key);
    if (!old || p.gflops > old.gflops) merged.set(key, p);
  }
  return { ours: best, peers: [...merged.values()], rounds: ours.length };
}

const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const ratio = (x: number, y: number | undefined) => (y ? `${(x / y).toFixed(2)}×` : '–');

/** The BENCHMARKS.md section. */
export function gemmSection(res: GemmResult | null, peers: GemmPeer[], rounds = 1): string[] {
  const lines = ['## GEMM float32: C = A·B, square N×N', ''];
  if (!res) return [...lines, 'Native addon not built: no GEMM numbers.', ''];
  const names = [...new Set(peers.map(p => p.peer))];
  const short = (p: string) => p.split(' ')[0];
  const peer = (name: string, n: number) => peers.find(p => p.peer === name && p.n === n)?.gflops;
  lines.push(
    `Register-only FMA peak probe (f32, ${res.cpuPath}): **${f1(res.peakGflops)} GFLOP/s** with ${res.threads} threads ` +
    `(${f1(res.peak1Gflops)} on one thread). tensorgraph: native backend, CPU path ${res.cpuPath}, ${res.threads} threads. ` +
    'GFLOP/s = 2N³ / median time; "kernel" calls the native MatMul kernel (output allocated per call, as `a @ b` does), ' +
    '"Session" runs a MatMul node with both operands fed (makeCallable). "% of peak" is the median over the 7 repetitions ' +
    'of each one\'s GFLOP/s over a peak probe run just before it (the VM\'s cores are shared, so the peak moves). ' +
    (rounds > 1 ? `Best of ${rounds} rounds for every implementation (each round a median of 7 repetitions; tensorgraph's and the peers' rounds alternate).` : ''), '',
    `Peers: ${names.join('; ') || 'none installed'}.`, '',
  );
  const head = ['N', 'kernel GFLOP/s', 'Session GFLOP/s', '% of peak (Session)', ...names.map(n => `${short(n)} GFLOP/s`), ...names.map(n => `Session vs ${short(n)}`)];
  lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---:').join('|')}|`);
  for (const r of res.rows) {
    const cells = [String(r.n), f1(r.kernelGflops), f1(r.sessionGflops), `${(100 * r.sessionOfPeak).toFixed(0)}%`,
      ...names.map(n => { const g = peer(n, r.n); return g ? f1(g) : '–'; }),
      ...names.map(n => ratio(r.sessionGflops, peer(n, r.n)))];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const big = res.rows.find(r => r.n === 1024);
  if (big) {
    const best = Math.max(0, ...names.map(n => peer(n, 1024) ?? 0));
    lines.push('', `Targets: N=1024 ≥ 85% of peak — ${(100 * big.sessionOfPeak).toFixed(0)}%; ` +
      `≥ 1.0× the best peer — ${best ? (big.sessionGflops / best).toFixed(2) + '×' : 'no peers'}; ` +
      `N=64 and N=128 ≥ 1.0× NumPy — ${[64, 128].map(n => {
        const r = res.rows.find(x => x.n === n);
        const np = names.find(x => x.startsWith('NumPy'));
        return r && np ? ratio(r.sessionGflops, peer(np, n)) : '–';
      }).join(', ')}.`);
  }
  lines.push('');
  return lines;
}
