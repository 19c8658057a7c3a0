// An execution plan: the ops a run needs (pruned to the fetches and targets, cut off at
// the feeds), in dependency order, bound to kernels, with value slots and lifetimes.
// Built once per (fetches, feeds, targets) and cached by the Session.

import type { Operation } from '../framework/operation.js';
import type { Tensor } from '../framework/tensor.js';
import type { NDArray } from '../framework/ndarray.js';
import { type Kernel, type Attrs, type KernelContext, type SessionState, kernelFor } from '../framework/op_def.js';
import { InvalidArgumentError } from '../framework/errors.js';
import { type DType, cDTypeName } from '../framework/dtypes.js';
import { formatShape } from '../framework/tensor_shape.js';

export interface Step {
  readonly op: Operation;
  readonly kernel: Kernel<Attrs>;
  readonly attrs: Attrs;
  readonly ctx: KernelContext;
  /** Slot of each input (-1 for reference inputs, which kernels resolve themselves). */
  readonly inputs: Int32Array;
  /** Slot of each output (-1 when nobody reads it). */
  readonly outputs: Int32Array;
  /** Slots whose last reader is this step (freed after it). */
  readonly frees: Int32Array;
}

export interface Plan {
  readonly steps: Step[];
  readonly numSlots: number;
  readonly feedSlots: Int32Array;
  readonly fetchSlots: Int32Array;
  readonly feeds: readonly Tensor[];
}

export interface PlanOptions {
  backend: string;
  state: SessionState;
  allowSoftPlacement: boolean;
  logDevicePlacement: boolean;
  log: (line: string) => void;
}

/** Builds the plan; throws InvalidArgumentError for unfed placeholders and impossible placements. */
export function buildPlan(fetches: readonly Tensor[], targets: readonly Operation[], feeds: readonly Tensor[], o: PlanOptions): Plan {
  const fed = new Set<Tensor>(feeds);
  // which outputs of each op are fed (an op runs unless every needed output is fed)
  const order: Operation[] = [];
  const state = new Map<Operation, 1 | 2>(); // 1 = visiting, 2 = done
  const neededOutputs = new Set<Tensor>();

  const visit = (root: Operation): void => {
    // iterative DFS (deep graphs must not overflow the JS stack)
    const stack: [Operation, number][] = [[root, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [op, i] = top;
      if (i === 0) {
        const s = state.get(op);
        if (s === 2) { stack.pop(); continue; }
        if (s === 1) throw new InvalidArgumentError(`Graph contains a cycle through node '${op.name}'`);
        state.set(op, 1);
      }
      const deps = op.inputs.length + op.controlInputs.length;
      if (i < deps) {
        top[1]++;
        let next: Operation | null = null;
        if (i < op.inputs.length) {
          if (op.def.refInputs?.includes(i)) continue;
          const t = op.inputs[i];
          neededOutputs.add(t);
          if (!fed.has(t)) next = t.op;
        } else {
          // a control edge to an op whose outputs are all fed is satisfied by the feed
          const c = op.controlInputs[i - op.inputs.length];
          if (!(c.outputs.length && c.outputs.every(t => fed.has(t)))) next = c;
        }
        if (next && state.get(next) !== 2) {
          if (state.get(next) === 1) throw new InvalidArgumentError(`Graph contains a cycle through node '${next.name}'`);
          stack.push([next, 0]);
        }
        continue;
      }
      state.set(op, 2);
      order.push(op);
      stack.pop();
    }
  };

  for (const t of fetches) { neededOutputs.add(t); if (!fed.has(t)) visit(t.op); }
  for (const op of targets) visit(op);

  // every visited op runs: the walk never enters an op through a fed tensor
  const steps = order;

  const slotOf = new Map<Tensor, number>();
  let numSlots = 0;
  const slot = (t: Tensor) => { let s = slotOf.get(t); if (s === undefined) { s = numSlots++; slotOf.set(t, s); } return s; };
  const feedSlots = Int32Array.from(feeds, slot);
  const fetchSlots = Int32Array.from(fetches, slot);

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

  // lifetimes: the last step reading each slot; fetched and fed slots live to the end
  const pinned = new Set<number>([...feedSlots, ...fetchSlots]);
  const built: Step[] = steps.map(op => {
    const inputs = Int32Array.from(op.inputs, (t, i) => (op.def.refInputs?.includes(i) ? -1 : slot(t)));
    const outputs = Int32Array.from(op.outputs, t => (neededOutputs.has(t) ? slot(t) : -1));
    const ctx: KernelContext = { op, state: o.state };
    return { op, kernel: kernelFor(op.def, o.backend), attrs: op.attrs, ctx, inputs, outputs, frees: new Int32Array(0) };
  });
  const lastUse = new Int32Array(numSlots).fill(-1);
  built.forEach((st, k) => { for (const s of st.inputs) if (s >= 0) lastUse[s] = k; });
  const frees: number[][] = built.map(() => []);
  for (let s = 0; s < numSlots; s++) if (!pinned.has(s) && lastUse[s] >= 0) frees[lastUse[s]].push(s);
  const final = built.map((st, k) => ({ ...st, frees: Int32Array.from(frees[k]) }));
  return { steps: final, numSlots, feedSlots, fetchSlots, feeds };
}

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

/** Runs a plan over feed values; returns the slot array (fetches are read by the caller). */
export function executePlan(plan: Plan, feedValues: readonly NDArray[]): (NDArray | undefined)[] {
  const vals: (NDArray | undefined)[] = new Array(plan.numSlots);
  for (let i = 0; i < plan.feedSlots.length; i++) vals[plan.feedSlots[i]] = feedValues[i];
  const steps = plan.steps;
  for (let k = 0; k < steps.length; k++) {
    const st = steps[k];
    const ins = st.inputs;
    const args: NDArray[] = new Array(ins.length);
    for (let i = 0; i < ins.length; i++) { const s = ins[i]; if (s >= 0) args[i] = vals[s]!; }
    let out: NDArray | NDArray[];
    try {
      out = st.kernel(args, st.attrs, st.ctx);
    } catch (e) {
      throw annotate(e, st.op);
    }
    const outs = st.outputs;
    if (!Array.isArray(out)) { if (outs.length && outs[0] >= 0) vals[outs[0]] = out; } else {
      for (let i = 0; i < outs.length; i++) if (outs[i] >= 0) vals[outs[i]] = out[i];
    }
    const fr = st.frees;
    for (let i = 0; i < fr.length; i++) vals[fr[i]] = undefined;
  }
  return vals;
}

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
