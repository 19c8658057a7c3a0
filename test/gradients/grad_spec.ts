// The row type of the gradient spec tables and small helpers for writing rows. One row
// builds a graph from float64 placeholders; op_grads.test.ts checks tf.gradients of it
// numerically and that the graph contains an op of the row's type.

import * as tf from '../../src/index.js';
import type { CheckOptions, GradInput } from '../harness/numeric_grad.js';

export interface GradSpec {
  /** The op type this row exercises. */
  type: string;
  /** What distinguishes this row from the type's other rows (e.g. 'broadcast [2,1]*[3]'). */
  variant?: string;
  inputs: GradInput[];
  build: (xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  opts?: CheckOptions;
  /** A known bug in the op's gradient rule: the row runs but its failure is reported as a todo. */
  todo?: string;
}

/** Thrown by a row's builder when what it needs does not exist yet (the row is skipped). */
export class Unavailable extends Error {}

/** A uniformly drawn input. */
export const u = (shape: number[], range?: [number, number], more: Partial<GradInput> = {}): GradInput => ({ shape, range, ...more });
/** An input drawn from [lo, hi] with random signs (values away from 0). */
export const away = (shape: number[], lo = 0.3, hi = 1.5): GradInput => ({ shape, range: [lo, hi], randomSign: true });
/** An input with explicit values. */
export const vals = (shape: number[], values: number[], more: Partial<GradInput> = {}): GradInput => ({ shape, values, ...more });

/** Adds an op of `type` directly (for types without a builder of their own, e.g. Div or Add). */
export function raw(type: string, attrs: Record<string, unknown> = {}) {
  return (...inputs: tf.Tensor[]): tf.Tensor => {
    const def = tf.getOpDef(type);
    if (!def) throw new Unavailable(`op type ${type} is not registered`);
    return inputs[0].graph.addOp(def, inputs, attrs as tf.Attrs).outputs[0];
  };
}

/** A float64 constant. */
export const f64 = (v: number[] | number[][] | number, shape?: number[]): tf.Tensor =>
  shape ? tf.constant(v, { dtype: 'float64', shape }) : tf.constant(v, 'float64');
/** An int32 constant. */
export const i32 = (v: number[] | number[][] | number): tf.Tensor => tf.constant(v, 'int32');

/** The identity matrix times `s`, batched to `batch`, as a float64 constant. */
export function eyeTimes(n: number, s: number, batch: number[] = []): tf.Tensor {
  const m = Array.from({ length: n * n }, (_, i) => (Math.floor(i / n) === i % n ? s : 0));
  const count = batch.reduce((a, b) => a * b, 1);
  return f64(Array.from({ length: count }, () => m).flat(), [...batch, n, n]);
}

/** A member of a namespace that another engineer may not have written yet (tf.nn.relu, ...). */
export function api<F = (...args: never[]) => tf.Tensor>(path: string): F {
  let v: unknown = tf;
  for (const k of path.split('.')) {
    v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
  }
  if (typeof v !== 'function') throw new Unavailable(`tf.${path} does not exist yet`);
  return v as F;
}
