// Which ops lie on a path from xs to ys, and how many gradient contributions each awaits
// (TF's gradients_util._PendingCount). Consumers are indexed once per call, scanning only
// ops created after the earliest x, so the walk is linear in the size of the graph.

import type { DType } from '../framework/dtypes.js';
import type { Graph } from '../framework/graph.js';
import type { Operation } from '../framework/operation.js';
import type { Tensor } from '../framework/tensor.js';

/** Gradients flow only through floating and complex tensors (TF's backprop_util.IsTrainable). */
export function isTrainable(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'complex64';
}

/** Consumers of each tensor, for ops created at or after `fromId`. */
function consumerMap(g: Graph, fromId: number): Map<Tensor, Operation[]> {
  const map = new Map<Tensor, Operation[]>();
  const ops = g.operations;
  for (let i = Math.max(0, fromId - 1); i < ops.length; i++) {
    const op = ops[i];
    for (const t of op.inputs) {
      const list = map.get(t);
      if (list) { if (list[list.length - 1] !== op) list.push(op); } else map.set(t, [op]);
    }
  }
  return map;
}

export interface Between {
  /** Ops on a path of trainable tensors from an x to a y, in discovery order (from the ys). */
  ops: Operation[];
  set: Set<Operation>;
  /** For each op of `set`: how many of its outputs' uses lie in `set` (counted per input edge). */
  pending: Map<Operation, number>;
  /** The ys' ops that an x reaches. */
  reachableToOps: Set<Operation>;
}

export function betweenOps(g: Graph, toOps: readonly Operation[], fromOps: readonly Operation[]): Between {
  // ops reachable forward from the xs through trainable tensors (TF's _MarkReachedOps)
  const consumers = consumerMap(g, fromOps.reduce((m, o) => Math.min(m, o.id), Infinity));
  const reached = new Set<Operation>();
  const fromSet = new Set(fromOps);
  const queue: Operation[] = [...fromOps];
  for (let h = 0; h < queue.length; h++) {
    const op = queue[h];
    if (reached.has(op)) continue;
    reached.add(op);
    // nothing flows out of a StopGradient: ops behind it are constants (so an op without a
    // gradient rule behind it is no error; TF would visit it and raise)
    if (op.type === 'StopGradient' && !fromSet.has(op)) continue;
    for (const out of op.outputs) {
      if (!isTrainable(out.dtype)) continue;
      const cs = consumers.get(out);
      if (cs) for (const c of cs) if (!reached.has(c)) queue.push(c);
    }
  }
  const reachableToOps = new Set(toOps.filter(op => reached.has(op)));

  // of those, the ops that lead back to a y
  const ops: Operation[] = [];
  const set = new Set<Operation>();
  const back: Operation[] = [...toOps];
  for (let h = 0; h < back.length; h++) {
    const op = back[h];
    if (!reached.has(op)) continue;
    reached.delete(op);
    set.add(op);
    ops.push(op);
    for (const t of op.inputs) back.push(t.op);
  }

  const pending = new Map<Operation, number>();
  for (const op of ops) {
    for (const t of op.inputs) if (set.has(t.op)) pending.set(t.op, (pending.get(t.op) ?? 0) + 1);
  }
  return { ops, set, pending, reachableToOps };
}
