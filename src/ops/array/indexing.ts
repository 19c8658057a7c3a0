// tf.index(x, ...specs): Python's `x[0, 1:3, ..., tf.newaxis, ::-1]` as TF's Tensor.__getitem__
// builds it - one StridedSlice named 'strided_slice' whose begin/end/strides are the
// packed consts 'strided_slice/stack', 'stack_1', 'stack_2'.

import type { DType } from '../../framework/dtypes.js';
import { Tensor } from '../../framework/tensor.js';
import { constant, convertToTensor, withScope, type TensorLike } from '../core.js';

/** `tf.newaxis` (Python's None in an index): inserts a dimension of size 1. */
export const newaxis = null;
/** `...` in an index: as many full slices as needed. The string '...' works too. */
export const ellipsis = '...';

/** A slice `start:stop:step`; any part may be omitted (or null) or be a scalar int tensor. */
export interface SliceSpec { start?: number | Tensor | null; stop?: number | Tensor | null; step?: number | Tensor | null }

/**
 * One index item: an integer or scalar int tensor (takes one element and drops the
 * dimension), a slice given as a string ('1:3', ':', '::-1', '-2:') or a {start, stop, step}
 * object, '...' (tf.ellipsis), or null / 'newaxis' (tf.newaxis). A single bool tensor as the
 * whole index applies tf.booleanMask, as in TF.
 */
export type IndexSpec = number | Tensor | null | string | SliceSpec;

const SLICE_TYPE_ERROR = 'Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar tf.int32/tf.int64 tensors are valid indices';
const INDEX_DTYPES: readonly DType[] = ['int16', 'int32', 'int64'];

function checkIndex(idx: unknown): void {
  if (typeof idx === 'number') {
    if (Number.isInteger(idx)) return;
  } else if (idx instanceof Tensor) {
    if (INDEX_DTYPES.includes(idx.dtype) && idx.shape.rank !== 1) return;
  }
  throw new TypeError(`${SLICE_TYPE_ERROR}, got ${idx instanceof Tensor ? idx.toString() : JSON.stringify(idx)}`);
}

type Item = { kind: 'index'; v: number | Tensor } | { kind: 'slice'; s: SliceSpec } | { kind: 'ellipsis' } | { kind: 'newaxis' };

function parseSpec(spec: IndexSpec): Item {
  if (spec === null || spec === 'newaxis' || spec === 'None') return { kind: 'newaxis' };
  if (spec === '...') return { kind: 'ellipsis' };
  if (typeof spec === 'number' || spec instanceof Tensor) return { kind: 'index', v: spec };
  if (typeof spec === 'string') {
    const parts = spec.split(':').map(p => p.trim());
    const num = (p: string) => {
      if (p === '') return null;
      if (!/^[+-]?\d+$/.test(p)) throw new TypeError(`${SLICE_TYPE_ERROR}, got '${spec}'`);
      return Number(p);
    };
    if (parts.length === 1) return { kind: 'index', v: num(parts[0]) ?? NaN };
    if (parts.length > 3) throw new TypeError(`${SLICE_TYPE_ERROR}, got '${spec}'`);
    return { kind: 'slice', s: { start: num(parts[0]), stop: num(parts[1]), step: parts.length > 2 ? num(parts[2]) : null } };
  }
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) return { kind: 'slice', s: spec };
  throw new TypeError(`${SLICE_TYPE_ERROR}, got ${JSON.stringify(spec)}`);
}

/**
 * Indexes a tensor like Python's `x[...]` (Tensor.__getitem__): builds one StridedSlice
 * exactly as TF does.
 *
 * ```ts
 * const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
 * tf.index(x, 0, ':');                  // x[0, :]        -> [1, 2, 3]
 * tf.index(x, '...', '::-1');           // x[..., ::-1]   -> [[3, 2, 1], [6, 5, 4]]
 * tf.index(x, tf.newaxis, 1, '1:');     // x[None, 1, 1:] -> [[5, 6]]
 * ```
 */
export function index(x: TensorLike, ...specs: IndexSpec[]): Tensor {
  const tensor = convertToTensor(x);
  if (specs.length === 1 && specs[0] instanceof Tensor && specs[0].dtype === 'bool') return booleanMask(tensor, specs[0]);
  const begin: (number | Tensor)[] = [], end: (number | Tensor)[] = [], strides: (number | Tensor)[] = [];
  let beginMask = 0, endMask = 0, ellipsisMask = 0, newAxisMask = 0, shrinkAxisMask = 0;
  specs.map(parseSpec).forEach((it, i) => {
    const bit = 1 << i;
    if (it.kind === 'slice') {
      const { start, stop, step } = it.s;
      let dtype: DType | null = null;
      for (const t of [start, stop, step]) {
        if (!(t instanceof Tensor)) continue;
        if (t.dtype === 'int64') dtype = 'int64';
        else if (t.dtype === 'int32' && dtype !== 'int64') dtype = 'int32';
        else if (t.dtype === 'int16' && dtype === null) dtype = 'int16';
      }
      const fill = (v: number) => (dtype ? constant(v, { dtype }) : v);
      if (start !== undefined && start !== null) { checkIndex(start); begin.push(start); } else { begin.push(fill(0)); beginMask |= bit; }
      if (stop !== undefined && stop !== null) { checkIndex(stop); end.push(stop); } else { end.push(fill(0)); endMask |= bit; }
      if (step !== undefined && step !== null) { checkIndex(step); strides.push(step); } else strides.push(fill(1));
    } else if (it.kind === 'ellipsis') {
      begin.push(0); end.push(0); strides.push(1); ellipsisMask |= bit;
    } else if (it.kind === 'newaxis') {
      begin.push(0); end.push(0); strides.push(1); newAxisMask |= bit;
    } else {
      const s = it.v;
      checkIndex(s);
      begin.push(s);
      end.push(s instanceof Tensor ? opAdd(s, 1) : s + 1);
      strides.push(s instanceof Tensor && (s.dtype === 'int16' || s.dtype === 'int64') ? constant(1, { dtype: s.dtype }) : 1);
      shrinkAxisMask |= bit;
    }
  });
  const tensors = [...begin, ...end, ...strides].filter((v): v is Tensor => v instanceof Tensor);
  return withScope(undefined, 'strided_slice', [tensor, ...tensors], scope => {
    let b: Tensor, e: Tensor, s: Tensor;
    if (begin.length) {
      [b, e, s] = [stack(begin), stack(end), stack(strides)];
      if ([b, e, s].some(t => t.dtype === 'int64')) {
        [b, e, s] = [b, e, s].map(t => (t.dtype === 'int64' ? t : genCast(t, 'int64')));
      } else if ([b, e, s].every(t => t.dtype === 'int16')) { /* already int16 */ }
    } else {
      b = e = s = constant([], { dtype: 'int32' });
    }
    return stridedSlice(tensor, b, e, s, { beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask, name: scope });
  });
}

import { stack } from './pack.js';
import { stridedSlice } from './slice.js';
import { booleanMask } from './mask.js';
import { opAdd, genCast } from './operators.js';
