// The plan while it is being optimized: steps over value slots, which the passes mark as
// removed, constant or aliased. Passes never touch the Graph (the user's graph, GraphDef
// export and gradients see it unchanged); buildPlan turns the draft into the final Plan.

import type { Operation } from '../../framework/operation.js';
import type { NDArray } from '../../framework/ndarray.js';
import type { Attrs, Kernel, KernelContext } from '../../framework/op_def.js';

export interface DraftStep {
  readonly op: Operation;
  kernel: Kernel<Attrs>;
  readonly ctx: KernelContext;
  /** Names of the ops an elementwise fusion merged into this step (it computes the last). */
  fusedOps?: string[];
  /** Slot of each input (-1 for reference inputs). */
  readonly inputs: number[];
  /** Slot of each output (-1 when nobody reads it or it is fed); CSE may give one a slot. */
  readonly outputs: number[];
  /** Must run even if nobody reads its outputs (stateful, a target, or a control input). */
  mustRun: boolean;
  removed: boolean;
}

export interface Draft {
  readonly steps: DraftStep[];
  readonly numSlots: number;
  /** The value of each constant slot (a Const's, or one folded while planning). */
  readonly consts: (NDArray | undefined)[];
  /** 1 for slots holding a Const op's own value (not computed while planning). */
  readonly fromConstOp: Uint8Array;
  /** For each slot, the slot holding its value (itself unless CSE merged it into another). */
  readonly alias: Int32Array;
}

/** Ops whose kernels read or write session state, or have effects: never folded or shared. */
export function isPure(op: Operation): boolean {
  return !op.def.stateful && !op.def.refInputs?.length;
}

/** Ops that write variables (through a reference input): values read before and after may differ. */
export function writesState(op: Operation): boolean {
  return !!op.def.refInputs?.length;
}

export function byteSize(v: NDArray): number {
  const d = v.data as unknown;
  if (Array.isArray(d)) {
    let n = 0;
    for (const s of d as string[]) n += 16 + 2 * s.length;
    return n;
  }
  return (d as ArrayBufferView).byteLength;
}
