// Common-subexpression elimination over a plan (TF's OptimizeCSE): two pure steps with the
// same op type, equal attrs and the same input slots compute the same value, so the later
// one is dropped and its output slots alias the earlier one's. Equal constants are shared
// first, so that steps reading two equal Consts also match. tf.gradients and TF-style
// compositions make many such duplicates (Shape, Const, Reshape, BroadcastGradientArgs).
//
// Variables are read by reference (a VariableV2 step's value is the variable's live
// buffer, which Assign/Apply* update in place), so a value computed before a state-writing
// step may differ from the same op computed after it: steps are only shared within one
// "epoch" between two state-writing steps.

import { type Draft, isPure, writesState } from './draft.js';
import { hashNDArray, ndarraysEqual, hashAttrs, attrsEqual, hashString, mix } from './value_key.js';
import type { Deadline } from './options.js';

/** Candidates compared per hash bucket: keeps adversarial collisions linear. */
const MAX_CANDIDATES = 8;

export interface CseResult { deduplicated: number; truncated: boolean }

export function eliminateCommonSubexpressions(d: Draft, deadline: Deadline): CseResult {
  let deduplicated = 0;
  const alias = d.alias;

  // 1. equal constants read by steps that still run share one slot
  const read = new Uint8Array(d.numSlots);
  for (const st of d.steps) if (!st.removed) for (const s of st.inputs) if (s >= 0) read[s] = 1;
  const constBuckets = new Buckets();
  for (let s = 0; s < d.numSlots; s++) {
    const v = d.consts[s];
    if (!v || !read[s] || alias[s] !== s) continue;
    if (deadline.expired()) return { deduplicated, truncated: true };
    const h = hashNDArray(v);
    const match = constBuckets.find(h, c => ndarraysEqual(d.consts[c]!, v));
    if (match >= 0) { alias[s] = match; deduplicated++; } else constBuckets.add(h, s);
  }

  // 2. identical steps, in run order (the first one of a kind is kept)
  const typeHash = new Map<string, number>();
  const buckets = new Buckets();
  const epochOf = new Int32Array(d.steps.length);
  let epoch = 0;
  for (let k = 0; k < d.steps.length; k++) {
    const st = d.steps[k];
    if (st.removed) continue;
    const op = st.op;
    if (!isPure(op)) {
      if (writesState(op)) epoch++;
      continue;
    }
    if (deadline.expired()) return { deduplicated, truncated: true };
    epochOf[k] = epoch;
    let th = typeHash.get(op.type);
    if (th === undefined) typeHash.set(op.type, (th = hashString(op.type)));
    let h = mix(mix(th, epoch), st.outputs.length);
    for (let i = 0; i < st.inputs.length; i++) h = mix(h, st.inputs[i] < 0 ? -1 : alias[st.inputs[i]]);
    h = mix(h, hashAttrs(op.attrs));
    const match = buckets.find(h, c => {
      const other = d.steps[c];
      return epochOf[c] === epoch && other.op.type === op.type && sameInputs(other.inputs, st.inputs, alias) &&
        other.outputs.length === st.outputs.length && attrsEqual(other.op.attrs, op.attrs);
    });
    if (match < 0) { buckets.add(h, k); continue; }
    const keep = d.steps[match];
    for (let i = 0; i < st.outputs.length; i++) {
      const s = st.outputs[i];
      if (s < 0) continue;
      if (keep.outputs[i] >= 0) alias[s] = keep.outputs[i]; else keep.outputs[i] = s;
    }
    keep.mustRun ||= st.mustRun;
    st.removed = true;
    deduplicated++;
  }
  return { deduplicated, truncated: false };
}

/** A hash table of indices: one entry per hash is a number, collisions make a short list. */
class Buckets {
  private readonly m = new Map<number, number | number[]>();
  /** The first of up to MAX_CANDIDATES entries under `h` that `eq` accepts, else -1. */
  find(h: number, eq: (i: number) => boolean): number {
    const b = this.m.get(h);
    if (b === undefined) return -1;
    if (typeof b === 'number') return eq(b) ? b : -1;
    for (let j = 0; j < b.length && j < MAX_CANDIDATES; j++) if (eq(b[j])) return b[j];
    return -1;
  }
  add(h: number, i: number): void {
    const b = this.m.get(h);
    if (b === undefined) this.m.set(h, i);
    else if (typeof b === 'number') this.m.set(h, [b, i]);
    else b.push(i);
  }
}

function sameInputs(a: readonly number[], b: readonly number[], alias: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] < 0 ? -1 : alias[a[i]], y = b[i] < 0 ? -1 : alias[b[i]];
    if (x !== y) return false;
  }
  return true;
}
