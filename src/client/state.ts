// Per-session state: variable values and random generators. Two sessions on one graph
// hold independent values (seed 000's sess1 / sess2).

import type { Graph } from '../framework/graph.js';
import type { Operation } from '../framework/operation.js';
import { NDArray, sharedBuffers } from '../framework/ndarray.js';
import type { AnyData } from '../framework/dtypes.js';
import type { SessionState } from '../framework/op_def.js';
import { FailedPreconditionError } from '../framework/errors.js';
import { Philox } from '../backend/reference/philox.js';

export class SessionStateImpl implements SessionState {
  private vars = new Map<Operation, NDArray>();
  private owned = new WeakSet<object>();
  private rngs = new Map<Operation, Philox>();

  constructor(readonly graph: Graph, readonly log: (line: string) => void) {}

  readVariable(op: Operation): NDArray {
    const v = this.vars.get(op);
    if (!v) {
      throw new FailedPreconditionError(
        `Attempting to use uninitialized value ${op.name}\n  Did you run tf.globalVariablesInitializer() (or the variable's initializer) in this session?`,
        { name: op.name, type: op.type, definedAt: op.definedAt },
      );
    }
    return v;
  }

  writeVariable(op: Operation, value: NDArray): void {
    const cur = this.vars.get(op);
    if (cur && cur.data !== value.data && sameShape(cur.shape, value.shape) && cur.dtype === value.dtype) {
      // in place: the buffer stays the variable's
      if (value.dtype === 'string') (cur.data as string[]).splice(0, cur.size, ...(value.data as string[]));
      else (cur.data as Exclude<AnyData, string[]>).set(value.data as never);
      return;
    }
    const copy = new NDArray(value.dtype, value.shape.slice(), (value.data as AnyData).slice() as never);
    this.owned.add(copy.data);
    sharedBuffers.add(copy.data);
    this.vars.set(op, copy);
  }

  isInitialized(op: Operation): boolean { return this.vars.has(op); }

  /** A copy of a value the session owns (a variable's buffer), so callers cannot mutate state. */
  detach(v: NDArray): NDArray {
    if (!sharedBuffers.has(v.data)) return v;
    return new NDArray(v.dtype, v.shape.slice(), (v.data as AnyData).slice() as never);
  }

  /**
   * The generator of one random op in this session. Seeded ops (graph or op seed) give the
   * same sequence in every new session; unseeded ones differ per session.
   */
  random(op: Operation): Philox {
    let r = this.rngs.get(op);
    if (!r) {
      const seed = Number(op.attrs.seed ?? 0), seed2 = Number(op.attrs.seed2 ?? 0);
      r = seed === 0 && seed2 === 0
        ? new Philox(Math.floor(Math.random() * 2 ** 52), Math.floor(Math.random() * 2 ** 52))
        : new Philox(seed, seed2);
      this.rngs.set(op, r);
    }
    return r;
  }

  clear(): void {
    this.vars.clear();
    this.rngs.clear();
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
