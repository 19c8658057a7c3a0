// An execution plan: the ops a run needs (pruned to the fetches and targets, cut off at
// the feeds), in dependency order, bound to kernels, with value slots and lifetimes.
// Built once per (fetches, feeds, targets) and cached by the Session. While it is built,
// constant folding, common-subexpression elimination and dead-step removal (optimize/)
// rewrite the plan's steps, never the Graph.

import type { Operation } from '../framework/operation.js';
import type { Tensor } from '../framework/tensor.js';
import { NDArray } from '../framework/ndarray.js';
import { type Kernel, type Attrs, type KernelContext, type SessionState, kernelFor } from '../framework/op_def.js';
import { InvalidArgumentError } from '../framework/errors.js';
import { type DType, type AnyData, cDTypeName } from '../framework/dtypes.js';
import { formatShape } from '../framework/tensor_shape.js';
import { type Draft, type DraftStep, isPure } from './optimize/draft.js';
import { foldConstants } from './optimize/constant_folding.js';
import { eliminateCommonSubexpressions } from './optimize/cse.js';
import { removeDeadSteps } from './optimize/dead_steps.js';
import { fuseElementwise, fuserFor } from './optimize/fusion.js';
import { BufferPool, StepContext, ESCAPES, type PoolCounters } from './buffer_pool.js';
import {
  type OptimizerOptions, type ResolvedOptimizerOptions, type PlanStats, Deadline, resolveOptimizerOptions, CONTROL_ONLY_SKIPPABLE,
} from './optimize/options.js';

export type { OptimizerOptions, PlanStats } from './optimize/options.js';

export interface Step {
  readonly op: Operation;
  readonly kernel: Kernel<Attrs>;
  readonly attrs: Attrs;
  readonly ctx: StepContext;
  /** Slot of each input (-1 for reference inputs, which kernels resolve themselves). */
  readonly inputs: readonly number[];
  /** Slot of each output (-1 when nobody reads it). */
  readonly outputs: readonly number[];
  /** Slots whose last reader is this step (freed after it). */
  readonly frees: readonly number[];
}

export interface Plan {
  readonly steps: Step[];
  readonly numSlots: number;
  readonly feedSlots: Int32Array;
  readonly fetchSlots: Int32Array;
  readonly feeds: readonly Tensor[];
  /**
   * Values of slots 0 .. constValues.length-1, the same arrays in every run (Consts and
   * values folded while planning): kernels must never write into them.
   */
  readonly constValues: readonly NDArray[];
  /** Fetched constant slots computed while planning: copied per run, as a computed value would be fresh. */
  readonly copySlots: Int32Array;
  /** Per slot: input positions of the steps that read it (ESCAPES for fetched slots). */
  readonly reads: Int32Array;
  /** Recycles intermediate buffers across runs of this plan. */
  readonly pool: BufferPool;
  readonly stats: PlanStats;
}

export interface PlanOptions {
  backend: string;
  state: SessionState;
  allowSoftPlacement: boolean;
  logDevicePlacement: boolean;
  log: (line: string) => void;
  /** ConfigProto.graphOptions.optimizerOptions (default: folding and CSE on). */
  optimizerOptions?: OptimizerOptions;
  /** Where the plan's buffer pool counts its allocations (the Session's stats). */
  memory?: PoolCounters;
  /** Threads per native kernel (ConfigProto.intraOpParallelismThreads; 0 = the pool's default). */
  threads?: number;
}

/** Builds the plan; throws InvalidArgumentError for unfed placeholders and impossible placements. */
export function buildPlan(fetches: readonly Tensor[], targets: readonly Operation[], feeds: readonly Tensor[], o: PlanOptions): Plan {
  // per-op tables indexed by op.id (1..n within a graph): Maps would cost ~1 µs per op
  const graph = fetches[0]?.graph ?? targets[0]?.graph ?? feeds[0]?.graph;
  const N = (graph?.operations.length ?? 0) + 2;
  const fed = new Set<Tensor>(feeds);
  const hasFed = new Uint8Array(N);
  for (const t of feeds) hasFed[t.op.id] = 1;
  const isFed = (t: Tensor) => hasFed[t.op.id] === 1 && fed.has(t);

  // value slots: each op touched gets consecutive slots for its outputs (compacted later)
  const slotStart = new Int32Array(N).fill(-1);
  let numSlots = 0;
  const needed: number[] = [];
  const slot = (t: Tensor): number => {
    const op = t.op;
    let s = slotStart[op.id];
    if (s < 0) {
      s = slotStart[op.id] = numSlots;
      numSlots += op.outputs.length;
      for (let i = 0; i < op.outputs.length; i++) needed.push(0);
    }
    return s + t.valueIndex;
  };

  const order: Operation[] = [];
  const state = new Uint8Array(N); // 1 = visiting, 2 = done
  const opStack: Operation[] = [];
  const posStack: number[] = [];
  const visit = (root: Operation): void => {
    // iterative DFS (deep graphs must not overflow the JS stack)
    opStack.push(root); posStack.push(0);
    while (opStack.length) {
      const top = opStack.length - 1;
      const op = opStack[top], i = posStack[top];
      if (i === 0) {
        const s = state[op.id];
        if (s === 2) { opStack.pop(); posStack.pop(); continue; }
        if (s === 1) throw new InvalidArgumentError(`Graph contains a cycle through node '${op.name}'`);
        state[op.id] = 1;
      }
      const nIn = op.inputs.length;
      if (i < nIn + op.controlInputs.length) {
        posStack[top] = i + 1;
        let next: Operation | null = null;
        if (i < nIn) {
          if (op.def.refInputs?.includes(i)) continue;
          const t = op.inputs[i];
          needed[slot(t)] = 1;
          if (!isFed(t)) next = t.op;
        } else {
          // a control edge to an op whose outputs are all fed is satisfied by the feed
          const c = op.controlInputs[i - nIn];
          if (!(c.outputs.length && c.outputs.every(isFed))) next = c;
        }
        if (next && state[next.id] !== 2) {
          if (state[next.id] === 1) throw new InvalidArgumentError(`Graph contains a cycle through node '${next.name}'`);
          opStack.push(next); posStack.push(0);
        }
        continue;
      }
      state[op.id] = 2;
      order.push(op);
      opStack.pop(); posStack.pop();
    }
  };

  const feedSlots = Int32Array.from(feeds, slot);
  const fetchSlots = Int32Array.from(fetches, slot);
  for (const s of fetchSlots) needed[s] = 1;
  for (const t of fetches) if (!isFed(t)) visit(t.op);
  for (const op of targets) visit(op);

  const steps = order;
  for (const op of steps) {
    if (op.type === 'Placeholder') {
      const a = op.attrs as unknown as { dtype: DType; shape: { dims: readonly (number | null)[] | null } };
      const shapeText = a.shape.dims ? ` and shape ${formatShape(a.shape.dims)}` : '';
      const fedNames = feeds.map(t => t.op.name);
      throw new InvalidArgumentError(
        `You must feed a value for placeholder tensor '${op.name}' with dtype ${cDTypeName(a.dtype)}${shapeText}` +
        (fedNames.length ? `\n  (fed were: ${fedNames.join(', ')})` : ''),
        { name: op.name, type: op.type, definedAt: op.definedAt },
      );
    }
    checkPlacement(op, o);
  }

  // steps that run even when nobody reads their outputs: stateful ops, targets, control inputs
  const mustRun = new Uint8Array(N);
  for (const op of targets) mustRun[op.id] = 1;
  for (const op of steps) for (const c of op.controlInputs) if (mustRun[c.id] !== 1) mustRun[c.id] = 2;
  const opts = resolveOptimizerOptions(o.optimizerOptions);
  // a pure computation that runs only as a control input, its value unread (the gradient of a
  // non-variable input, gated by tf.gradients' tuple): skipped unless the options keep it
  const controlOnlyRuns = (op: Operation) => !opts.skipControlOnly || !isPure(op) || !CONTROL_ONLY_SKIPPABLE.has(op.type);
  // (plain arrays: a typed array costs ~1 µs to create, which 50k-op plans would feel)
  const draftSteps: DraftStep[] = new Array(steps.length);
  for (let k = 0; k < steps.length; k++) {
    const op = steps[k];
    const refs = op.def.refInputs;
    const inputs: number[] = new Array(op.inputs.length);
    for (let i = 0; i < inputs.length; i++) inputs[i] = refs?.includes(i) ? -1 : slot(op.inputs[i]);
    // a fed output keeps the fed value: the op (run for its other outputs) does not overwrite it
    const base = slotStart[op.id];
    const outputs: number[] = new Array(op.outputs.length);
    for (let i = 0; i < outputs.length; i++) outputs[i] = base >= 0 && needed[base + i] && !isFed(op.outputs[i]) ? base + i : -1;
    const ctx: KernelContext = { op, state: o.state };
    draftSteps[k] = {
      op, kernel: kernelFor(op.def, o.backend), ctx, inputs, outputs,
      mustRun: !!op.def.stateful || mustRun[op.id] === 1 || (mustRun[op.id] === 2 && controlOnlyRuns(op)), removed: false,
    };
  }
  const draft: Draft = {
    steps: draftSteps, numSlots, consts: new Array(numSlots), fromConstOp: new Uint8Array(numSlots),
    alias: new Int32Array(numSlots),
  };
  for (let s = 0; s < numSlots; s++) draft.alias[s] = s;
  const stats = optimize(draft, fetchSlots, opts, o.backend);
  return assemble(draft, feedSlots, fetchSlots, feeds, stats, o.state, new BufferPool(o.memory), o.threads ?? 0);
}

/** Runs the enabled passes over the draft, each within its time budget. */
function optimize(d: Draft, fetchSlots: Int32Array, opts: ResolvedOptimizerOptions, backend: string): PlanStats {
  const stats: PlanStats = { steps: 0, folded: 0, constants: 0, deduplicated: 0, removed: 0, fused: 0, optimizeMs: 0, truncated: [] };
  const fuser = opts.fusion ? fuserFor(backend) : undefined;
  if (!opts.constantFolding && !opts.cse && !fuser) return stats;
  const t0 = performance.now();
  const budget = opts.budgetBaseMs + opts.budgetPerStepMs * d.steps.length;
  if (opts.constantFolding) {
    const r = foldConstants(d, opts.maxFoldedBytes, new Deadline(budget));
    stats.folded = r.folded;
    if (r.truncated) stats.truncated.push('constantFolding');
  }
  if (opts.cse) {
    const r = eliminateCommonSubexpressions(d, new Deadline(budget));
    stats.deduplicated = r.deduplicated;
    if (r.truncated) stats.truncated.push('commonSubexpressionElimination');
  }
  stats.removed = removeDeadSteps(d, fetchSlots).removed;
  if (fuser) {
    const r = fuseElementwise(d, fetchSlots, fuser, new Deadline(budget));
    stats.fused = r.fused;
    if (r.truncated) stats.truncated.push('elementwiseFusion');
  }
  stats.optimizeMs = performance.now() - t0;
  return stats;
}

/**
 * The final plan: live slots renumbered densely (constants first, so a run starts from
 * them), aliases resolved, lifetimes computed (the last step reading each slot frees it;
 * fed, fetched and constant slots are never freed).
 */
function assemble(d: Draft, feedSlotsIn: Int32Array, fetchSlotsIn: Int32Array, feeds: readonly Tensor[], stats: PlanStats, state: SessionState, pool: BufferPool, threads: number): Plan {
  const { alias, consts } = d;
  const live = new Uint8Array(d.numSlots);
  for (const s of fetchSlotsIn) live[alias[s]] = 1;
  for (const s of feedSlotsIn) live[s] = 1;
  for (const st of d.steps) if (!st.removed) for (const s of st.inputs) if (s >= 0) live[alias[s]] = 1;

  const remap = new Int32Array(d.numSlots).fill(-1);
  let n = 0;
  const constValues: NDArray[] = [];
  for (let s = 0; s < d.numSlots; s++) {
    const v = consts[s];
    if (v && live[s] && alias[s] === s) { remap[s] = n++; constValues.push(v); }
  }
  const numConsts = n;
  const map = (s: number) => { const c = alias[s]; if (remap[c] < 0) remap[c] = n++; return remap[c]; };
  const feedSlots = feedSlotsIn.map(map);
  const fetchSlots = fetchSlotsIn.map(map);
  const kept = d.steps.filter(st => !st.removed);
  // the draft's slot arrays are renumbered in place and become the steps'
  for (const st of kept) {
    const ins = st.inputs, outs = st.outputs;
    for (let i = 0; i < ins.length; i++) if (ins[i] >= 0) ins[i] = map(ins[i]);
    for (let i = 0; i < outs.length; i++) outs[i] = outs[i] >= 0 && live[outs[i]] ? map(outs[i]) : -1;
  }
  const numSlots = n;
  // fetched values computed while planning are copied per run (callers may mutate results)
  const copySlots = [...new Set(Array.from(fetchSlotsIn).filter(s => consts[alias[s]] && !d.fromConstOp[alias[s]]).map(map))];

  const pinned = new Uint8Array(numSlots);
  for (let s = 0; s < numConsts; s++) pinned[s] = 1;
  for (const s of feedSlots) pinned[s] = 1;
  for (const s of fetchSlots) pinned[s] = 1;
  const lastUse = new Int32Array(numSlots).fill(-1);
  kept.forEach((st, k) => { for (const s of st.inputs) if (s >= 0) lastUse[s] = k; });
  const frees: number[][] = new Array(kept.length);
  for (let s = 0; s < numSlots; s++) if (!pinned[s] && lastUse[s] >= 0) (frees[lastUse[s]] ??= []).push(s);
  const reads = new Int32Array(numSlots);
  for (const st of kept) for (const s of st.inputs) if (s >= 0) reads[s]++;
  for (const s of fetchSlots) reads[s] = ESCAPES;
  const final: Step[] = kept.map((st, k) => ({
    op: st.op, kernel: st.kernel, attrs: st.op.attrs, ctx: new StepContext(st.op, state, pool, threads), inputs: st.inputs, outputs: st.outputs, frees: frees[k] ?? NONE,
  }));
  stats.steps = final.length;
  stats.constants = numConsts;
  return { steps: final, numSlots, feedSlots, fetchSlots, feeds, constValues, copySlots: Int32Array.from(copySlots), reads, pool, stats };
}

/** The frees of most steps (shared; a plain array so executePlan's loads stay monomorphic). */
const NONE: readonly number[] = [];

function checkPlacement(op: Operation, o: PlanOptions): void {
  const dev = op.device;
  if (dev && !/CPU/i.test(dev) && /GPU|TPU/i.test(dev) && !o.allowSoftPlacement) {
    throw new InvalidArgumentError(
      `Cannot assign a device for operation ${op.name}: Could not satisfy explicit device specification '${dev}' because no supported kernel for ${/TPU/i.test(dev) ? 'TPU' : 'GPU'} devices is available.\n` +
      'This machine has only a CPU. Remove the device, or create the Session with { config: { allowSoftPlacement: true } }.',
      { name: op.name, type: op.type, definedAt: op.definedAt },
    );
  }
  if (o.logDevicePlacement) o.log(`${op.name}: (${op.type}): /job:localhost/replica:0/task:0/device:CPU:0`);
}

/**
 * Runs a plan over feed values; returns the slot array (fetches are read by the caller; other
 * slots may hold buffers the pool has already recycled).
 */
export function executePlan(plan: Plan, feedValues: readonly NDArray[]): (NDArray | undefined)[] {
  const vals: (NDArray | undefined)[] = new Array(plan.numSlots);
  const cv = plan.constValues;
  for (let i = 0; i < cv.length; i++) vals[i] = cv[i];
  for (let i = 0; i < plan.feedSlots.length; i++) vals[plan.feedSlots[i]] = feedValues[i];
  const { steps, pool, reads } = plan;
  let k = 0;
  try {
    for (; k < steps.length; k++) {
      const st = steps[k];
      const ins = st.inputs;
      const args: NDArray[] = new Array(ins.length);
      for (let i = 0; i < ins.length; i++) { const s = ins[i]; if (s >= 0) args[i] = vals[s]!; }
      const ctx = st.ctx;
      ctx.args = args;
      ctx.running = true;
      let out: NDArray | NDArray[];
      try {
        out = st.kernel(args, st.attrs, ctx);
      } finally {
        ctx.running = false;
        ctx.args = NO_ARGS;
      }
      const outs = st.outputs;
      if (!Array.isArray(out)) {
        const s = outs.length ? outs[0] : -1;
        if (s >= 0) vals[s] = out;
        pool.retain(out.data, s >= 0 ? reads[s] : 0);
      } else {
        for (let i = 0; i < out.length; i++) {
          const s = i < outs.length ? outs[i] : -1;
          if (s >= 0) vals[s] = out[i];
          pool.retain(out[i].data, s >= 0 ? reads[s] : 0);
        }
      }
      for (let i = 0; i < ins.length; i++) if (ins[i] >= 0) pool.release(args[i].data);
      const fr = st.frees;
      for (let i = 0; i < fr.length; i++) vals[fr[i]] = undefined;
    }
  } catch (e) {
    pool.abortRun();
    throw annotate(e, steps[k].op);
  }
  pool.endRun();
  const cs = plan.copySlots;
  for (let i = 0; i < cs.length; i++) {
    const v = vals[cs[i]]!;
    vals[cs[i]] = new NDArray(v.dtype, v.shape.slice(), (v.data as AnyData).slice() as never);
  }
  return vals;
}

const NO_ARGS: NDArray[] = [];

/** Adds the node (name, type, where it was defined) to an error thrown by a kernel. */
function annotate(e: unknown, op: Operation): unknown {
  const node = { name: op.name, type: op.type, definedAt: op.definedAt };
  if (e && typeof e === 'object' && 'rawMessage' in e && (e as { node?: string }).node === undefined) {
    const Ctor = (e as object).constructor as new (m: string, n: typeof node) => Error;
    return new Ctor((e as { rawMessage: string }).rawMessage, node);
  }
  if (e instanceof RangeError || e instanceof TypeError) {
    return new InvalidArgumentError(e.message, node);
  }
  return e;
}
