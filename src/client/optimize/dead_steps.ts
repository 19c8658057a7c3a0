// Dead-step removal after folding and CSE: walking the plan backwards from the fetches, a
// step stays if something still reads one of its outputs or it must run anyway (stateful,
// a target, or a control input: its errors and effects are part of the run). Constant
// slots that no remaining step reads are dropped with it, so folded intermediates are
// not held.

import type { Draft } from './draft.js';

/** Marks dead steps removed; returns the slots still read (by steps or fetches) and the count removed. */
export function removeDeadSteps(d: Draft, fetchSlots: Int32Array): { live: Uint8Array; removed: number } {
  const live = new Uint8Array(d.numSlots);
  const alias = d.alias;
  for (const s of fetchSlots) live[alias[s]] = 1;
  let removed = 0;
  for (let k = d.steps.length - 1; k >= 0; k--) {
    const st = d.steps[k];
    if (st.removed) continue;
    let needed = st.mustRun;
    for (let i = 0; !needed && i < st.outputs.length; i++) if (st.outputs[i] >= 0 && live[st.outputs[i]]) needed = true;
    if (!needed) { st.removed = true; removed++; continue; }
    for (const s of st.inputs) if (s >= 0) live[alias[s]] = 1;
  }
  return { live, removed };
}
