// The buffers of one plan's intermediate values, recycled across runs: a steady-state training
// step allocates no tensor memory (as TF's BFC allocator and PyTorch's caching allocator do).
//
// Kernels ask their StepContext for outputs (KernelContext.allocate); the buffer handed out is
// "in flight" with a count of the reads still to come: each output slot it lands in adds the
// number of input positions that read that slot in later steps, and each step that has run
// subtracts one per input position holding it. At zero the buffer goes back to a free list keyed
// by dtype and length. A fetched value escapes: the pool forgets its buffer (the caller owns it).
// Buffers are recognised by their typed-array object, so a kernel may return an input's `data`
// as its output's (Identity, Reshape) but never a view (subarray) of a pooled input, and a
// kernel must not keep an input after it returns (Session state copies what it stores).
//
// An elementwise kernel may take over an input it is the last reader of (forwardInput): the
// count of the buffer then equals the positions of this step that read it.

import { NDArray } from '../framework/ndarray.js';
import { type DType, type AnyData, dtypeSize, allocData } from '../framework/dtypes.js';
import type { KernelContext, SessionState } from '../framework/op_def.js';
import type { Operation } from '../framework/operation.js';

type Data = Exclude<AnyData, string[]>;

/** Pending reads of a slot that is fetched: its value leaves the run. */
export const ESCAPES = -1;

/** Bytes of tensor memory the pools allocated fresh, and handed out again from their free lists. */
export interface PoolCounters { allocatedBytes: number; reusedBytes: number }

interface Bucket { free: Data[]; lastRun: number; dtype: DType; n: number }

const CTORS: Partial<Record<DType, (b: ArrayBuffer, n: number) => Data>> = {
  float32: (b, n) => new Float32Array(b, 0, n),
  float64: (b, n) => new Float64Array(b, 0, n),
  int32: (b, n) => new Int32Array(b, 0, n),
  uint8: (b, n) => new Uint8Array(b, 0, n),
  bool: (b, n) => new Uint8Array(b, 0, n),
  int8: (b, n) => new Int8Array(b, 0, n),
  int16: (b, n) => new Int16Array(b, 0, n),
  uint16: (b, n) => new Uint16Array(b, 0, n),
  int64: (b, n) => new BigInt64Array(b, 0, n),
};

export class BufferPool {
  /** Free buffers per dtype, then per element count. */
  private readonly buckets = new Map<DType, Map<number, Bucket>>();
  /** Buffers handed out in this run -> reads still to come. */
  private readonly inflight = new Map<Data, number>();
  /** Every buffer the pool made and still owns -> its bucket. */
  private readonly owner = new Map<Data, Bucket>();
  private run = 0;

  /** `counters` adds up what this pool allocates and recycles (a Session's stats). */
  constructor(private readonly counters: PoolCounters = { allocatedBytes: 0, reusedBytes: 0 }) {}

  /** A buffer of n elements (contents undefined). */
  take(dtype: DType, n: number): Data {
    let perType = this.buckets.get(dtype);
    if (!perType) this.buckets.set(dtype, (perType = new Map()));
    let b = perType.get(n);
    if (!b) perType.set(n, (b = { free: [], lastRun: this.run, dtype, n }));
    b.lastRun = this.run;
    let d = b.free.pop();
    const bytes = n * dtypeSize(dtype);
    if (d) {
      this.counters.reusedBytes += bytes;
    } else {
      const ctor = CTORS[dtype];
      // large buffers uninitialised (every kernel writes its whole output), each its own ArrayBuffer
      d = ctor && bytes > 64 ? ctor(Buffer.allocUnsafeSlow(bytes).buffer as ArrayBuffer, n) : allocData(dtype, n) as Data;
      this.counters.allocatedBytes += bytes;
      this.owner.set(d, b);
    }
    this.inflight.set(d, 0);
    return d;
  }

  /** A value landed in a slot with `reads` reads to come (ESCAPES when fetched). */
  retain(d: AnyData, reads: number): void {
    if (this.inflight.size === 0) return;  // plans whose kernels never use the pool pay nothing
    const c = this.inflight.get(d as Data);
    if (c === undefined) return;
    if (reads === ESCAPES) { this.inflight.delete(d as Data); this.owner.delete(d as Data); return; }
    this.inflight.set(d as Data, c + reads);
  }

  /** One read of a value is done (its buffer returns to the free list after the last). */
  release(d: AnyData): void {
    if (this.inflight.size === 0) return;
    const c = this.inflight.get(d as Data);
    if (c === undefined) return;
    if (c <= 1) this.recycle(d as Data); else this.inflight.set(d as Data, c - 1);
  }

  /** Reads still to come of a pooled buffer (undefined when it is not the pool's). */
  pending(d: AnyData): number | undefined {
    return this.inflight.get(d as Data);
  }

  /** After each run: buffers nobody holds go back (outputs nobody read); long-unused sizes are dropped. */
  endRun(): void {
    if (this.inflight.size) for (const [d, c] of this.inflight) {
      if (c <= 0) this.recycle(d); else this.owner.delete(d);
    }
    this.inflight.clear();
    this.run++;
    if ((this.run & 15) === 0) {
      for (const perType of this.buckets.values()) {
        for (const [n, b] of perType) {
          if (this.run - b.lastRun <= 16) continue;
          perType.delete(n);
          for (const d of b.free) this.owner.delete(d);
        }
      }
    }
  }

  /** After a failed run: forget the buffers in flight (values may still be referenced). */
  abortRun(): void {
    for (const d of this.inflight.keys()) this.owner.delete(d);
    this.inflight.clear();
    this.run++;
  }

  /** Bytes held in free lists. */
  freeBytes(): number {
    let s = 0;
    for (const perType of this.buckets.values()) for (const b of perType.values()) for (const d of b.free) s += d.byteLength;
    return s;
  }

  private recycle(d: Data): void {
    this.inflight.delete(d);
    const b = this.owner.get(d);
    if (b && this.buckets.get(b.dtype)?.get(b.n) === b) b.free.push(d);
    else this.owner.delete(d);
  }
}

/** The KernelContext of one plan step: allocations from the plan's pool while a run executes. */
export class StepContext implements KernelContext {
  /** The step's input values during its kernel call (set by the executor). */
  args: NDArray[] = [];
  /** True while executePlan runs this plan (constant folding at plan time allocates fresh). */
  running = false;

  constructor(readonly op: Operation, readonly state: SessionState, private readonly pool: BufferPool, readonly threads = 0) {}

  allocate(_index: number, dtype: DType, shape: readonly number[]): NDArray {
    let n = 1;
    for (let i = 0; i < shape.length; i++) n *= shape[i];
    if (!this.running || dtype === 'string' || dtype === 'complex64' || dtype === 'float16') return NDArray.zeros(dtype, shape);
    const d = this.pool.take(dtype, n);
    return new NDArray(dtype, shape, d as never);
  }

  forwardInput(i: number, dtype: DType, shape: readonly number[]): NDArray | null {
    if (!this.running) return null;
    const a = this.args[i];
    if (!a || a.dtype !== dtype) return null;
    const c = this.pool.pending(a.data);
    if (c === undefined) return null;
    let n = 1;
    for (let k = 0; k < shape.length; k++) n *= shape[k];
    if (a.size !== n) return null;
    // every read still to come must be one of this step's own
    let here = 0;
    const args = this.args;
    for (let k = 0; k < args.length; k++) if (args[k] !== undefined && args[k].data === a.data) here++;
    if (c !== here) return null;
    return sameShape(a.shape, shape) ? a : new NDArray(dtype, shape, a.data);
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
