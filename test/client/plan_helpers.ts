// Helpers for the plan-optimization tests: build and run plans directly with chosen
// optimizer options, and run a whole program with the optimizer turned off.

import * as tf from '../../src/index.js';
import { buildPlan, executePlan, type Plan, type OptimizerOptions } from '../../src/client/plan.js';
import { SessionStateImpl } from '../../src/client/state.js';

export const ON: OptimizerOptions = {};
export const OFF: OptimizerOptions = { doConstantFolding: false, doCommonSubexpressionElimination: false };

export interface Runner {
  plan: Plan;
  state: SessionStateImpl;
  logs: string[];
  /** Runs the plan once; returns the fetched values. */
  run(feedValues?: tf.NDArray[]): tf.NDArray[];
}

/** A plan for `fetches` / `targets` fed at `feeds`, in its own session state, on `backend`. */
export function planOf(
  graph: tf.Graph, fetches: tf.Tensor[], opts: OptimizerOptions,
  more: { targets?: tf.Operation[]; feeds?: tf.Tensor[]; backend?: string; state?: SessionStateImpl } = {},
): Runner {
  const logs: string[] = [];
  const state = more.state ?? new SessionStateImpl(graph, line => logs.push(line));
  const plan = buildPlan(fetches, more.targets ?? [], more.feeds ?? [], {
    backend: more.backend ?? 'reference', state, allowSoftPlacement: false, logDevicePlacement: false,
    log: () => {}, optimizerOptions: opts,
  });
  return {
    plan, state, logs,
    run: (feedValues = []) => {
      const vals = executePlan(plan, feedValues);
      return Array.from(plan.fetchSlots, s => vals[s]!);
    },
  };
}

/** Runs fn with TENSORGRAPH_OPTIMIZER=off (plans built meanwhile are unoptimized). */
export function withOptimizerOff<T>(fn: () => T): T {
  const prev = process.env.TENSORGRAPH_OPTIMIZER;
  process.env.TENSORGRAPH_OPTIMIZER = 'off';
  try { return fn(); } finally {
    if (prev === undefined) delete process.env.TENSORGRAPH_OPTIMIZER; else process.env.TENSORGRAPH_OPTIMIZER = prev;
  }
}

/** Exact equality of two values: dtype, shape and every bit of the data (NaN equals NaN). */
export function sameBits(a: tf.NDArray, b: tf.NDArray): boolean {
  if (a.dtype !== b.dtype || a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return false;
  const x = a.data as ArrayLike<unknown>, y = b.data as ArrayLike<unknown>;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

/** Counts calls of op types' kernels on a backend of its own, falling back to the reference kernels. */
export function countingBackend(name: string, types: string[]): Map<string, number> {
  const counts = new Map<string, number>(types.map(t => [t, 0]));
  for (const type of types) {
    const def = tf.getOpDef(type)!;
    tf.registerKernel(type, name, (ins, attrs, ctx) => {
      counts.set(type, counts.get(type)! + 1);
      return def.kernel(ins, attrs, ctx);
    });
  }
  return counts;
}
