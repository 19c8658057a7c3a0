// Elementwise fusion: a chain of elementwise steps whose intermediate values have one reader
// becomes one step that runs a small program over the output in blocks, reading each input and
// writing the result once instead of once per op (the memory traffic of `relu(x + b)` halves).
//
// A backend offers fusion by registering an ElementwiseFuser (the native backend's runs a
// bytecode interpreter in C++). The pass only rewrites the plan's steps: the fused step keeps
// the consumer's op for error messages, and if the fused kernel refuses its inputs (shapes that
// do not broadcast), the original kernels run one after another, so errors are the unfused ones.
//
// Fusing a producer into a consumer that broadcasts its output computes the producer at the
// broadcast shape: the same values (elementwise functions commute with broadcasting).

import type { NDArray } from '../../framework/ndarray.js';
import type { Attrs, Kernel, KernelContext } from '../../framework/op_def.js';
import type { DType } from '../../framework/dtypes.js';
import { type Draft, type DraftStep, writesState } from './draft.js';
import type { Deadline } from './options.js';

export interface FusedNode { op: string; args: readonly number[] }
/** nInputs leaves, then nodes; node k's args index leaves (< nInputs) or nodes (nInputs + j, j < k). The value is the last node. */
export interface FusedProgram { dtype: 'float32' | 'float64'; nInputs: number; nodes: readonly FusedNode[] }

export interface ElementwiseFuser {
  /** Op types a program may contain (attribute-free elementwise ops). */
  readonly ops: ReadonlySet<string>;
  /** A compiled program, or null when it cannot run it. */
  compile(p: FusedProgram): unknown;
  /** Runs a compiled program; inputs broadcast to one shape. Throws when they do not. */
  run(compiled: unknown, inputs: readonly NDArray[], ctx: KernelContext): NDArray;
}

const fusers = new Map<string, ElementwiseFuser>();

/** Registers a backend's fuser (the native backend does when its addon loads). */
export function registerElementwiseFuser(backend: string, f: ElementwiseFuser): void {
  fusers.set(backend, f);
}

export function fuserFor(backend: string): ElementwiseFuser | undefined {
  return fusers.get(backend);
}

/** BiasAdd in NHWC is an Add whose second input broadcasts along the last axis. */
function nodeOp(st: DraftStep): string {
  if (st.op.type === 'BiasAdd' || st.op.type === 'BiasAddV1') {
    const fmt = st.op.attrs.dataFormat ?? st.op.attrs.data_format;
    return fmt === undefined || fmt === 'NHWC' || fmt === 'N...C' ? 'AddV2' : '';
  }
  return st.op.type;
}

interface Group {
  /** Slots of the program's leaves. */
  leaves: number[];
  nodes: FusedNode[];
  /** The steps merged, in execution order (the consumer last). */
  members: DraftStep[];
}

/**
 * Fuses chains in the draft (after dead-step removal). Returns the number of steps merged
 * away and whether the deadline cut the pass short.
 */
export function fuseElementwise(d: Draft, fetchSlots: Int32Array, fuser: ElementwiseFuser, deadline: Deadline): { fused: number; truncated: boolean } {
  const alias = d.alias;
  const n = d.numSlots;
  // readers of each slot (input positions) and the one step reading it, or -1 when several do
  const reads = new Int32Array(n);
  const reader = new Int32Array(n).fill(-1);
  const producer = new Int32Array(n).fill(-1);
  const pinned = new Uint8Array(n);
  for (const s of fetchSlots) pinned[alias[s]] = 1;
  const steps = d.steps;
  for (let k = 0; k < steps.length; k++) {
    const st = steps[k];
    if (st.removed) continue;
    for (const s0 of st.inputs) {
      if (s0 < 0) continue;
      const s = alias[s0];
      reads[s]++;
      reader[s] = reader[s] === -1 || reader[s] === k ? k : -2;
    }
    for (const s of st.outputs) if (s >= 0) producer[s] = k;
  }
  // a producer never moves past a step that writes variables (it might read one)
  const writesBefore = new Int32Array(steps.length + 1);
  for (let k = 0; k < steps.length; k++) writesBefore[k + 1] = writesBefore[k] + (!steps[k].removed && writesState(steps[k].op) ? 1 : 0);
  const dtypeOf = (st: DraftStep): DType => st.op.outputs[0].dtype;
  const fusable = (st: DraftStep): boolean => {
    if (st.removed || st.outputs.length !== 1 || st.op.controlInputs.length) return false;
    const dt = dtypeOf(st);
    if (dt !== 'float32' && dt !== 'float64') return false;
    if (!fuser.ops.has(nodeOp(st))) return false;
    for (const t of st.op.inputs) if (t.dtype !== dt) return false;
    return st.inputs.every(s => s >= 0);
  };
  const groups = new Map<number, Group>();  // by the index of the step that holds the group
  let fused = 0;
  for (let k = 0; k < steps.length; k++) {
    if (deadline.expired(8)) return { fused, truncated: true };
    const st = steps[k];
    if (!fusable(st)) continue;
    const dt = dtypeOf(st);
    const g: Group = { leaves: [], nodes: [], members: [] };
    const leafOf = (s: number): number => {
      let i = g.leaves.indexOf(s);
      if (i < 0) { i = g.leaves.length; g.leaves.push(s); }
      return i;
    };
    // the producer's group is inlined when its output is read by this step only
    const argRefs: ({ leaf: number } | { group: Group })[] = [];
    const inlined = new Map<number, Group>();
    for (const s0 of st.inputs) {
      const s = alias[s0];
      const p = producer[s];
      const pg = p >= 0 ? groups.get(p) : undefined;
      if (pg && reader[s] === k && !pinned[s] && !steps[p].mustRun && dtypeOf(steps[p]) === dt && writesBefore[k] === writesBefore[p + 1]) {
        inlined.set(s, pg);
        argRefs.push({ group: pg });
      } else {
        argRefs.push({ leaf: s });
      }
    }
    // node indices are resolved after all leaves are known: build with placeholders, then renumber
    type Pending = { op: string; args: ({ leaf: number } | { node: number })[] };
    const pending: Pending[] = [];
    const emitted = new Map<Group, number>();
    const emit = (grp: Group): number => {
      const done = emitted.get(grp);
      if (done !== undefined) return done;
      // a group's own nodes reference its leaves and earlier nodes of the same group
      const base = pending.length;
      for (const node of grp.nodes) {
        pending.push({
          op: node.op,
          args: node.args.map(a => (a < grp.leaves.length ? { leaf: grp.leaves[a] } : { node: base + a - grp.leaves.length })),
        });
      }
      emitted.set(grp, pending.length - 1);
      return pending.length - 1;
    };
    const myArgs = argRefs.map(r => ('group' in r ? { node: emit(r.group) } : { leaf: r.leaf }));
    pending.push({ op: nodeOp(st), args: myArgs });
    for (const p of pending) for (const a of p.args) if ('leaf' in a) leafOf(a.leaf);
    g.nodes = pending.map(p => ({ op: p.op, args: p.args.map(a => ('leaf' in a ? g.leaves.indexOf(a.leaf) : g.leaves.length + a.node)) }));
    g.members = [...[...inlined.values()].flatMap(x => x.members), st];
    groups.set(k, g);
    for (const s of inlined.keys()) {
      const p = producer[s];
      groups.delete(p);
      steps[p].removed = true;
      fused++;
    }
  }
  // install a fused kernel on every step that absorbed others
  for (const [k, g] of groups) {
    if (g.members.length < 2) continue;
    const st = steps[k];
    const program: FusedProgram = { dtype: dtypeOf(st) as 'float32' | 'float64', nInputs: g.leaves.length, nodes: g.nodes };
    const compiled = fuser.compile(program);
    if (compiled === null || compiled === undefined) {
      // keep the members as they were
      for (const m of g.members) if (m !== st) { m.removed = false; fused--; }
      continue;
    }
    st.kernel = fusedKernel(compiled, fuser, g, alias);
    st.inputs.length = 0;
    st.inputs.push(...g.leaves);
    st.fusedOps = g.members.map(m => m.op.name);
  }
  return { fused, truncated: false };
}

/** The fused step's kernel; on a refusal it replays the members' own kernels (their errors). */
function fusedKernel(compiled: unknown, fuser: ElementwiseFuser, g: Group, alias: Int32Array): Kernel<Attrs> {
  const leaves = g.leaves.slice();
  // each member's kernel and input slots as they were before the consumer was rewritten
  const members = g.members.map(m => ({ m, kernel: m.kernel, inputs: m.inputs.map(s => alias[s]), output: alias[m.outputs[0]] }));
  return (inputs: NDArray[], _attrs: Attrs, ctx: KernelContext) => {
    try {
      return fuser.run(compiled, inputs, ctx);
    } catch {
      const val = new Map<number, NDArray>();
      leaves.forEach((s, i) => val.set(s, inputs[i]));
      let out: NDArray | NDArray[] = inputs[0];
      for (const { m, kernel, inputs: ins, output } of members) {
        // (no in-place forwarding here: the context's inputs are the fused step's)
        const mctx: KernelContext = { op: m.op, state: ctx.state, allocate: ctx.allocate?.bind(ctx) };
        out = kernel(ins.map(s => val.get(s)!), m.op.attrs, mctx);
        val.set(output, Array.isArray(out) ? out[0] : out);
      }
      return out;
    }
  };
}
