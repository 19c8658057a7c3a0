// Lazy loading of the native addon, the fallback to the reference kernels, and backendInfo().
// The addon is loaded on first use (the first Session, or the first native kernel call). If it
// cannot be loaded, one warning says why and how to fix it, and everything runs on the
// reference kernels. TENSORGRAPH_BACKEND=reference skips the addon (and the warning);
// TENSORGRAPH_NUM_THREADS sets the threads per kernel, TENSORGRAPH_CPU_PATH forces a slower path.

import { availableParallelism } from 'node:os';
import { requireAddon, type NativeAddon, type NativeIsa } from './binding.js';

let addon: NativeAddon | null | undefined;
let failure = '';

/** The loaded addon, or null when it is unavailable (warns once, on the first call). */
export function nativeAddon(): NativeAddon | null {
  if (addon !== undefined) return addon;
  const choice = process.env.TENSORGRAPH_BACKEND;
  if (choice === 'reference') {
    failure = 'TENSORGRAPH_BACKEND=reference';
    return (addon = null);
  }
  try {
    addon = requireAddon();
  } catch (e) {
    addon = null;
    failure = (e as Error).message.split('\n')[0];
    process.emitWarning(
      `tensorgraph: the native kernels could not be loaded (${failure}). Running on the reference ` +
      'TypeScript kernels, which are correct but much slower. To build the native kernels run ' +
      '`npm run install` in the tensorgraph package (needs python3, make and a C++17 compiler); ' +
      'set TENSORGRAPH_BACKEND=reference to silence this warning.',
      { code: 'TENSORGRAPH_NO_NATIVE' },
    );
  }
  return addon;
}

/** True when the native kernels are loaded (loads them on first call). */
export function nativeAvailable(): boolean {
  return nativeAddon() !== null;
}

/** The backend new Sessions use by default: 'native' when the addon loads, else 'reference'. */
export function defaultBackend(): 'native' | 'reference' {
  return nativeAvailable() ? 'native' : 'reference';
}

export interface BackendInfo {
  /** The default backend: 'native' (C++ kernels) or 'reference' (TypeScript kernels). */
  backend: 'native' | 'reference';
  /** The CPU kernel path in use ('avx512', 'avx2', 'scalar'), or null without the addon. */
  cpuPath: NativeIsa | null;
  /** The best path this machine supports, or null without the addon. */
  bestCpuPath: NativeIsa | null;
  /** Threads per kernel (1 without the addon). */
  threads: number;
  hardwareThreads: number;
  cpu: string;
  /** Why the addon is not used, when it is not. */
  reason?: string;
}

/**
 * Which kernels run, on which CPU path, with how many threads.
 *
 * ```ts
 * tf.backendInfo();   // {backend: 'native', cpuPath: 'avx512', threads: 2, ...}
 * ```
 */
export function backendInfo(): BackendInfo {
  const a = nativeAddon();
  if (!a) return { backend: 'reference', cpuPath: null, bestCpuPath: null, threads: 1, hardwareThreads: availableParallelism(), cpu: '', reason: failure };
  const i = a.info();
  return { backend: 'native', cpuPath: i.isa, bestCpuPath: i.bestIsa, threads: i.threads, hardwareThreads: i.hardwareThreads, cpu: i.cpu };
}

/**
 * Sets the default threads of native kernels (process-wide, like the pool it sizes; 0 or
 * undefined keeps it). A Session's ConfigProto.intraOpParallelismThreads overrides it for that
 * session's kernels. Returns the default in use.
 */
export function setNativeThreads(n: number | undefined): number {
  const a = nativeAddon();
  if (!a) return 1;
  if (n && n > 0) return a.setThreads(Math.min(Math.floor(n), 64));
  return a.info().threads;
}
