// The TypeScript declaration of the native addon's surface (native/src/binding.cc), and the only
// file that loads it. Everything here is a thin, checked call into C++: the binding validates
// every length, shape, dtype and flag it receives and throws TypeError / RangeError on a bad
// call. Memory stays in the caller's typed arrays (outputs are written in place).
//
// Adding a kernel: a pure C++ function in native/src/<family>.cc over raw pointers and sizes;
// one wrapper in binding.cc that unwraps and checks its arguments; one method below; a
// registerKernel call in kernels.ts. Bump ADDON_ABI when a signature changes.

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElementwiseAddon } from './binding_elementwise.js';
import type { ReduceAddon } from './binding_reduce.js';
import type { ConvAddon } from './binding_conv.js';
import type { TrainAddon } from './binding_train.js';

/** Typed arrays the native kernels compute on (float32, float64, int32 tensors). */
export type NativeArray = Float32Array | Float64Array | Int32Array;
export type NativeIsa = 'avx512' | 'avx2' | 'scalar';

export interface NativeInfo {
  /** The kernel path in use (cpuid + xgetbv at load, or TENSORGRAPH_CPU_PATH / setIsa). */
  isa: NativeIsa;
  /** The best path this CPU and OS support. */
  bestIsa: NativeIsa;
  /** Threads a kernel uses by default (TENSORGRAPH_NUM_THREADS or the CPUs available). */
  threads: number;
  hardwareThreads: number;
  /** How long idle pool workers spin before sleeping. */
  spinUs: number;
  cpu: string;
  avx2: boolean;
  avx512: boolean;
}

/** The whole surface: the core (below) and one interface per kernel family (binding_<family>.ts). */
export interface NativeAddon extends ElementwiseAddon, ReduceAddon, ConvAddon, TrainAddon {
  /** Must equal ADDON_ABI; a stale build of an older surface is not used. */
  readonly abiVersion: number;
  /**
   * c = op(a) · op(b), batched over the leading dims with broadcasting (BatchMatMulV2).
   * a, b, c: one of Float32Array / Float64Array / Int32Array; c must hold the whole product and
   * must not overlap a or b. dims: [rankA, rankB, ...shapeA, ...shapeB] (a reusable
   * Float64Array, longer is fine; see packDims). flags: bit 0 transposes a, bit 1 transposes b,
   * bits 2.. are the thread count (0 = the pool's default).
   */
  matmul(a: NativeArray, b: NativeArray, c: NativeArray, dims: Float64Array, flags: number): void;
  info(): NativeInfo;
  /** Sets the default thread count (1..64); returns it. */
  setThreads(n: number): number;
  /** Sets how long idle workers spin (µs); returns it. */
  setSpinUs(us: number): number;
  /** Selects a kernel path (for tests); an unsupported one falls back to the best below it. Returns the path in use. */
  setIsa(name: NativeIsa): NativeIsa;
  /** Register-only f32 FMA throughput (GFLOP/s) of the current path over `seconds`, on `threads` threads (0 = default). */
  fmaPeak(seconds: number, threads: number): number;
}

export const ADDON_ABI = 2;
/** Ranks the binding accepts (2 matrix dims + 16 batch dims). */
export const MAX_RANK = 18;

const dimsScratch = new Float64Array(2 + 2 * MAX_RANK);
/**
 * Packs two shapes as the binding's dims descriptor [rankA, rankB, ...shapeA, ...shapeB] into a
 * reused Float64Array (one N-API call reads it all). Ranks must be <= MAX_RANK.
 */
export function packDims(a: readonly number[], b: readonly number[]): Float64Array {
  const d = dimsScratch;
  d[0] = a.length;
  d[1] = b.length;
  for (let i = 0; i < a.length; i++) d[2 + i] = a[i];
  for (let i = 0; i < b.length; i++) d[2 + a.length + i] = b[i];
  return d;
}
const ADDON_FILE = 'native/build/Release/tensorgraph_native.node';

/** Where the built addon is: TENSORGRAPH_NATIVE_PATH, else the package's native/build. */
export function addonPath(): string {
  const fromEnv = process.env.TENSORGRAPH_NATIVE_PATH;
  if (fromEnv) return path.resolve(fromEnv);
  // dist/src/backend/native/binding.js (or src/backend/native/binding.ts): walk up to the package root
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, ADDON_FILE);
    if (existsSync(p)) return p;
    dir = path.dirname(dir);
  }
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..', ADDON_FILE);
}

/** Loads the addon; throws (with the reason) when it is missing, unloadable or stale. */
export function requireAddon(): NativeAddon {
  const p = addonPath();
  if (!existsSync(p)) throw new Error(`${p} does not exist (the addon was not built)`);
  const addon = createRequire(import.meta.url)(p) as NativeAddon;
  if (addon.abiVersion !== ADDON_ABI) {
    throw new Error(`${p} is a build of another version (ABI ${String(addon.abiVersion)}, expected ${ADDON_ABI}); rebuild it`);
  }
  return addon;
}
