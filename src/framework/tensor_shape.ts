// Partial shapes, as TensorFlow's InferenceContext sees them: a dimension is a
// number or null (unknown, printed `?`), and the rank itself may be unknown.

import { ShapeError } from './errors.js';

export type Dim = number | null;
export type ShapeLike = readonly Dim[] | TensorShape | null | undefined;

export class TensorShape {
  /** null when the rank is unknown. */
  readonly dims: readonly Dim[] | null;

  constructor(dims: readonly Dim[] | null) {
    if (dims) {
      for (const d of dims) {
        if (d !== null && (!Number.isInteger(d) || d < 0)) {
          throw new ShapeError(`Dimension ${String(d)} must be a non-negative integer or null, in shape [${dims.map(String).join(',')}]`);
        }
      }
    }
    this.dims = dims ? Object.freeze(dims.slice()) : null;
  }

  static unknown(): TensorShape { return UNKNOWN; }
  static scalar(): TensorShape { return SCALAR; }
  static from(s: ShapeLike): TensorShape {
    if (s instanceof TensorShape) return s;
    if (s == null) return UNKNOWN;
    return new TensorShape(s.map(d => (d === undefined || d === -1 ? null : d)));
  }

  get rank(): number | null { return this.dims ? this.dims.length : null; }
  get ndims(): number | null { return this.rank; }
  get isFullyDefined(): boolean { return !!this.dims && this.dims.every(d => d !== null); }
  isFullyDefinedShape(): this is { dims: number[] } { return this.isFullyDefined; }
  /** Number of elements, or null if unknown. */
  get numElements(): number | null {
    if (!this.isFullyDefined) return null;
    return (this.dims as number[]).reduce((a, b) => a * b, 1);
  }
  asList(): Dim[] {
    if (!this.dims) throw new ShapeError('asList() is not defined on an unknown TensorShape.');
    return this.dims.slice();
  }
  dim(i: number): Dim {
    if (!this.dims) return null;
    return this.dims[i < 0 ? this.dims.length + i : i] ?? null;
  }
  isCompatibleWith(other: ShapeLike): boolean {
    const o = TensorShape.from(other);
    if (!this.dims || !o.dims) return true;
    if (this.dims.length !== o.dims.length) return false;
    return this.dims.every((d, i) => d === null || o.dims![i] === null || d === o.dims![i]);
  }
  mergeWith(other: ShapeLike): TensorShape { return mergeShape(this, TensorShape.from(other)); }
  equals(other: ShapeLike): boolean {
    const o = TensorShape.from(other);
    if (!this.dims || !o.dims) return this.dims === o.dims;
    return this.dims.length === o.dims.length && this.dims.every((d, i) => d === o.dims![i]);
  }
  /** Python's tuple print: `(2, 3)`, `(?,)`, `()`, `<unknown>` — as `Tensor(...)` prints it. */
  toString(): string {
    if (!this.dims) return '<unknown>';
    const parts = this.dims.map(d => (d === null ? '?' : String(d)));
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
  }
  /** TF's error-message form: `[?,3]`, `<unknown>`. */
  toDebugString(): string { return formatShape(this); }
}

const UNKNOWN = new TensorShape(null);
const SCALAR = new TensorShape([]);

export function formatShape(s: TensorShape | readonly Dim[] | null): string {
  const dims = s instanceof TensorShape ? s.dims : s;
  if (!dims) return '<unknown>';
  return `[${dims.map(d => (d === null ? '?' : String(d))).join(',')}]`;
}

// ---- InferenceContext-style helpers used by shape functions ----------------------------

export function withRank(s: TensorShape, rank: number): TensorShape {
  if (!s.dims) return new TensorShape(new Array<Dim>(rank).fill(null));
  if (s.dims.length !== rank) throw new ShapeError(`Shape must be rank ${rank} but is rank ${s.dims.length}`);
  return s;
}
export function withRankAtLeast(s: TensorShape, rank: number): TensorShape {
  if (s.dims && s.dims.length < rank) throw new ShapeError(`Shape must be at least rank ${rank} but is rank ${s.dims.length}`);
  return s;
}
export function withRankAtMost(s: TensorShape, rank: number): TensorShape {
  if (s.dims && s.dims.length > rank) throw new ShapeError(`Shape must be at most rank ${rank} but is rank ${s.dims.length}`);
  return s;
}
export function mergeDim(a: Dim, b: Dim): Dim {
  if (a === null) return b;
  if (b === null) return a;
  if (a !== b) throw new ShapeError(`Dimensions must be equal, but are ${a} and ${b}`);
  return a;
}
export function mergeShape(a: TensorShape, b: TensorShape): TensorShape {
  if (!a.dims) return b;
  if (!b.dims) return a;
  if (a.dims.length !== b.dims.length) throw new ShapeError(`Shapes must be equal rank, but are ${a.dims.length} and ${b.dims.length}`);
  return new TensorShape(a.dims.map((d, i) => {
    if (d !== null && b.dims![i] !== null && d !== b.dims![i]) {
      throw new ShapeError(`Dimension ${i} in both shapes must be equal, but are ${d} and ${b.dims![i]}. Shapes are ${formatShape(a)} and ${formatShape(b)}.`);
    }
    return d ?? b.dims![i];
  }));
}

/** NumPy broadcasting on partial shapes. */
export function broadcastShapes(a: TensorShape, b: TensorShape): TensorShape {
  if (!a.dims || !b.dims) return UNKNOWN;
  const n = Math.max(a.dims.length, b.dims.length);
  const out: Dim[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.dims.length ? 1 : a.dims[i - (n - a.dims.length)];
    const db = i < n - b.dims.length ? 1 : b.dims[i - (n - b.dims.length)];
    if (da === 1) out[i] = db;
    else if (db === 1) out[i] = da;
    else if (da === null) out[i] = db;
    else if (db === null) out[i] = da;
    else if (da === db) out[i] = da;
    else throw new ShapeError(`Dimensions must be equal, but are ${da} and ${db}`);
  }
  return new TensorShape(out);
}

/** Broadcasting on concrete shapes (run time). Throws InvalidArgument-style text. */
export function broadcastConcrete(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return null;
  }
  return out;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
