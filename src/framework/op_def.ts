// The one op registry. Every op type is declared once with defineOp: how its outputs'
// shapes and dtypes follow from its inputs (at graph-construction time), its gradient
// (built as graph ops), and its reference kernel (pure TypeScript). Backends may add
// faster kernels for the same type with registerKernel.

import type { DType } from './dtypes.js';
import type { NDArray } from './ndarray.js';
import type { TensorShape } from './tensor_shape.js';
import type { Operation } from './operation.js';
import type { Tensor } from './tensor.js';
import type { Philox } from '../backend/reference/philox.js';

export type AttrValue =
  | string | number | boolean | bigint | null | DType | TensorShape | NDArray
  | readonly number[] | readonly string[] | readonly DType[] | readonly (number | null)[] | readonly TensorShape[];
export type Attrs = Record<string, AttrValue | undefined>;

/** What a shape function sees of an input. */
export interface InputSpec {
  readonly dtype: DType;
  readonly shape: TensorShape;
  /** The input's value when it is known while building (a Const, or a shape that is fully known). */
  value(): NDArray | null;
}
export interface OutputSpec { dtype: DType; shape: TensorShape }

/** What a kernel sees besides its inputs. */
export interface KernelContext {
  readonly op: Operation;
  /** The session's state for stateful ops (variables, random generators). */
  readonly state: SessionState;
  /**
   * Threads a native kernel may use for this run (the Session's intraOpParallelismThreads);
   * 0 or absent: the pool's default (TENSORGRAPH_NUM_THREADS or the CPUs available).
   */
  readonly threads?: number;
  /**
   * A buffer for output `index` with this dtype and shape; its contents are undefined, so the
   * kernel must write every element. In a Session run it comes from the plan's buffer pool and
   * is recycled once the last reader of the value has run (a steady-state step allocates no
   * tensor memory). Absent outside a run (kernels then allocate themselves: see
   * backend/native/alloc.ts).
   */
  allocate?(index: number, dtype: DType, shape: readonly number[]): NDArray;
  /**
   * Input `i`'s array, reshaped to `shape`, when the kernel may overwrite it in place: this step
   * is the last reader of that buffer, it came from the pool (not a constant, feed, variable or
   * fetched value) and it has this dtype and element count. Otherwise null. Only for kernels
   * that read each element before writing that same element (elementwise).
   */
  forwardInput?(i: number, dtype: DType, shape: readonly number[]): NDArray | null;
}

/** Session-owned state reachable from kernels (implemented in client/). */
export interface SessionState {
  readVariable(op: Operation): NDArray;
  writeVariable(op: Operation, value: NDArray): void;
  isInitialized(op: Operation): boolean;
  /** The op's Philox generator in this session (TF's per-kernel GuardedPhiloxRandom). */
  random(op: Operation): Philox;
  log(line: string): void;
}

export type Kernel<A extends Attrs> = (inputs: NDArray[], attrs: A, ctx: KernelContext) => NDArray | NDArray[];
/** Builds gradient ops: one gradient (or null) per input, given one (possibly null) gradient per output. */
export type GradFn<A extends Attrs> = (op: Operation<A>, grads: (Tensor | null)[]) => (Tensor | null)[];

export interface OpDef<A extends Attrs = Attrs> {
  readonly type: string;
  /** Shape and dtype inference; throw ShapeError / TypeError with a short reason. */
  readonly infer: (inputs: InputSpec[], attrs: A) => OutputSpec[];
  readonly kernel: Kernel<A>;
  readonly grad?: GradFn<A>;
  /** Ops with side effects or state (never folded, deduplicated or pruned from a run's targets). */
  readonly stateful?: boolean;
  /** Inputs that are references to variables (Assign's `ref`): read as state, not values. */
  readonly refInputs?: readonly number[];
  /** Why no gradient exists, for the error message (e.g. integer-valued outputs). */
  readonly noGradient?: boolean;
}

const registry = new Map<string, OpDef<Attrs>>();
const kernels = new Map<string, Map<string, Kernel<Attrs>>>();

export function defineOp<A extends Attrs>(def: OpDef<A>): OpDef<A> {
  if (registry.has(def.type)) throw new Error(`Op type '${def.type}' is defined twice.`);
  registry.set(def.type, def as unknown as OpDef<Attrs>);
  return def;
}

export function getOpDef(type: string): OpDef<Attrs> | undefined {
  return registry.get(type);
}

export function registeredOpTypes(): string[] {
  return [...registry.keys()].sort();
}

/** Registers a faster kernel for a backend ('native'); the reference kernel stays the fallback. */
export function registerKernel(type: string, backend: string, kernel: Kernel<Attrs>): void {
  let m = kernels.get(type);
  if (!m) kernels.set(type, (m = new Map()));
  m.set(backend, kernel);
}

export function kernelFor(def: OpDef<Attrs>, backend: string): Kernel<Attrs> {
  return kernels.get(def.type)?.get(backend) ?? def.kernel;
}

/** Registers another type name (e.g. TF 2's AddV2) that imported graphs may use. */
export function aliasOp(alias: string, type: string): void {
  const def = registry.get(type);
  if (!def) throw new Error(`aliasOp: unknown op type ${type}`);
  registry.set(alias, def);
}
