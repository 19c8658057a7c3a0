// Per-tag storage of a run's data. Scalars live in growable typed-array columns (24 bytes a
// point, so 10M points stay ~240 MB and are never walked by the GC); images and audio keep
// only where their record sits in the event file, and are re-read when the page asks.

import type { FastTag } from './events.js';

/** A run's data kinds, as the API names them. */
export type Kind = 'scalars' | 'histograms' | 'images' | 'audio' | 'text';
export const KINDS: readonly Kind[] = ['scalars', 'histograms', 'images', 'audio', 'text'];

/** A growable numeric column stored narrow (int32 or float32) until a value needs float64. */
class Column {
  data: Int32Array | Float32Array | Float64Array;
  /** Whether data is a Float64Array already. */
  wide = false;
  constructor(private readonly narrow: 'int32' | 'float32') {
    this.data = narrow === 'int32' ? new Int32Array(64) : new Float32Array(64);
  }

  /** Whether `v` is stored exactly by the current array. */
  fits(v: number): boolean {
    if (this.wide) return true;
    if (this.narrow === 'int32') return (v | 0) === v;
    return Math.fround(v) === v || v !== v;
  }

  widen(): void {
    const wide = new Float64Array(this.data.length); wide.set(this.data); this.data = wide; this.wide = true;
  }

  set(i: number, v: number): void {
    if (!this.fits(v)) this.widen();
    this.data[i] = v;
  }

  /** Takes `d` as the column's array. */
  adopt(d: Int32Array | Float32Array | Float64Array): void { this.data = d; this.wide = d instanceof Float64Array; }

  resize(n: number, keep: number): void {
    const d = new (this.data.constructor as Float64ArrayConstructor)(n);
    d.set(this.data.subarray(0, keep));
    this.data = d;
  }

  /** Copies `n` values of `src` to position `at` (capacity already there), widening when needed. */
  copyIn(src: Int32Array | Float32Array | Float64Array, at: number, n: number): void {
    if (src instanceof Float64Array && !this.wide) this.widen();
    this.data.set(src.subarray(0, n), at);
  }
}

/** A ScalarSeries as plain typed arrays (what a parse worker sends; the buffers are transferred). */
export interface ScalarDelta {
  wall: Float64Array<ArrayBuffer>; step: Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>; value: Float32Array<ArrayBuffer> | Float64Array<ArrayBuffer>; length: number; sorted: boolean;
}

/**
 * Scalars of one tag as columns, in arrival order; sorted by step on demand. Steps are kept as
 * int32 and values as float32 (what simple_value holds) until one needs more: 16 bytes a point.
 */
export class ScalarSeries {
  wall = new Float64Array(64);
  private readonly steps = new Column('int32');
  private readonly values = new Column('float32');
  length = 0;
  private sorted = true;

  get step(): ArrayLike<number> { return this.steps.data; }
  get value(): ArrayLike<number> { return this.values.data; }

  push(wall: number, step: number, value: number): void {
    if (this.length === this.wall.length) this.resize(this.length * 2);
    const i = this.length++;
    const st = this.steps, va = this.values;
    if (!st.wide && (step | 0) !== step) st.widen();
    if (!va.wide && Math.fround(value) !== value && value === value) va.widen();
    if (i > 0 && step < st.data[i - 1]) this.sorted = false;
    this.wall[i] = wall; st.data[i] = step; va.data[i] = value;
  }

  private resize(n: number): void {
    const w = new Float64Array(n);
    w.set(this.wall.subarray(0, this.length));
    this.wall = w;
    this.steps.resize(n, this.length);
    this.values.resize(n, this.length);
  }

  /** The columns as they are (for sending to the main thread). */
  toDelta(): ScalarDelta {
    return { wall: this.wall, step: this.steps.data as ScalarDelta["step"], value: this.values.data as ScalarDelta["value"], length: this.length, sorted: this.sorted };
  }

  /** Appends the points of `d` (read after the ones held); adopts its arrays when empty. */
  append(d: ScalarDelta): void {
    if (!d.length) return;
    const sorted = this.sorted && d.sorted && (this.length === 0 || d.step[0] >= this.steps.data[this.length - 1]);
    if (this.length === 0) {
      this.wall = d.wall; this.steps.adopt(d.step); this.values.adopt(d.value);
    } else {
      if (this.wall.length < this.length + d.length) this.resize(Math.max(this.length + d.length, this.wall.length * 2));
      this.wall.set(d.wall.subarray(0, d.length), this.length);
      this.steps.copyIn(d.step, this.length, d.length);
      this.values.copyIn(d.value, this.length, d.length);
    }
    this.length += d.length;
    this.sorted = sorted;
  }

  /** Gives back the spare capacity (after a run has been read to its end). */
  trim(): void {
    if (this.wall.length > this.length + 64 && this.wall.length > this.length * 1.125) this.resize(this.length + 16);
  }

  /** Sorts the columns by step (stable: equal steps keep arrival order). */
  ensureSorted(): void {
    if (this.sorted) return;
    const n = this.length;
    const idx = Array.from({ length: n }, (_, i) => i);
    const s = this.steps.data;
    idx.sort((a, b) => s[a] - s[b] || a - b);
    for (const col of [this.steps, this.values]) {
      const out = new (col.data.constructor as Float64ArrayConstructor)(col.data.length);
      for (let i = 0; i < n; i++) out[i] = col.data[idx[i]];
      col.data = out;
    }
    const w = new Float64Array(this.wall.length);
    for (let i = 0; i < n; i++) w[i] = this.wall[idx[i]];
    this.wall = w;
    this.sorted = true;
  }

  /** Drops points at `step` or later (TensorBoard's purge after a restart). */
  purgeFrom(step: number): number {
    let k = 0;
    const s = this.steps.data, v = this.values.data;
    for (let i = 0; i < this.length; i++) {
      if (s[i] < step) { this.wall[k] = this.wall[i]; s[k] = s[i]; v[k] = v[i]; k++; }
    }
    const dropped = this.length - k;
    this.length = k;
    return dropped;
  }
}

export interface HistogramPoint {
  wall_time: number; step: number; min: number; max: number; num: number; sum: number; sum_squares: number;
  buckets: [number, number, number][];
}

/** Where a media value sits: the record at `offset` of file `file`, value `value`, sample `sample`. */
export interface MediaRef { file: string; offset: number; value: number; sample: number }

export interface ImagePoint { wall_time: number; step: number; width: number; height: number; ref: MediaRef }
export interface AudioPoint { wall_time: number; step: number; sample_rate: number; length_frames: number; content_type: string; ref: MediaRef }
export interface TextPoint { wall_time: number; step: number; text: string }

/** Points of one tag as objects, in arrival order; sorted by step on demand. */
export class PointSeries<P extends { step: number }> {
  points: P[] = [];
  private sorted = true;
  push(p: P): void {
    const n = this.points.length;
    if (n && p.step < this.points[n - 1].step) this.sorted = false;
    this.points.push(p);
  }
  get length(): number { return this.points.length; }
  ensureSorted(): void {
    if (this.sorted) return;
    const idx = this.points.map((p, i) => [p, i] as const);
    idx.sort((a, b) => a[0].step - b[0].step || a[1] - b[1]);
    this.points = idx.map(x => x[0]);
    this.sorted = true;
  }
  append(points: P[]): void { for (const p of points) this.push(p); }
  purgeFrom(step: number): number {
    const before = this.points.length;
    this.points = this.points.filter(p => p.step < step);
    return before - this.points.length;
  }
}

/** Where the run's graph comes from; a graph_def event wins over the others. */
export interface GraphRef { kind: 'graph_def' | 'meta_graph_def' | 'run_metadata'; file: string; offset: number; value: number }
const GRAPH_RANK = { graph_def: 3, meta_graph_def: 2, run_metadata: 1 } as const;

/** A RunStore's content as structured-clonable data (see RunStore.toDelta / merge). */
export interface StoreDelta {
  scalars: [string, ScalarDelta][];
  histograms: [string, { step: number }[]][];
  images: [string, { step: number }[]][];
  audio: [string, { step: number }[]][];
  text: [string, { step: number }[]][];
  plugins: [string, string][];
  graph: GraphRef | null;
  purgedFrom: number | null;
}

/** Everything read from one run's event files. */
export class RunStore {
  readonly scalars = new Map<string, ScalarSeries>();
  readonly histograms = new Map<string, PointSeries<HistogramPoint>>();
  readonly images = new Map<string, PointSeries<ImagePoint>>();
  readonly audio = new Map<string, PointSeries<AudioPoint>>();
  readonly text = new Map<string, PointSeries<TextPoint>>();
  /** plugin_name of each tag, from the first value that carried metadata. */
  readonly plugins = new Map<string, string>();
  graph: GraphRef | null = null;
  /** Kinds that gained data since the last takeDirty(). */
  private dirty = new Set<Kind | 'graph'>();
  points = 0;
  /** A tag (or the graph) appeared since the last takeDirty(). */
  newTags = false;

  /** For the scalar fast path (events.ts): value i of the last scalar-only event's tag bytes and series. */
  readonly fastTags: FastTag[] = [];

  scalar(tag: string, wall: number, step: number, value: number): void {
    this.scalarSeries(tag).push(wall, step, value);
    this.addedScalars(1);
  }

  /** The series of `tag`, created (and counted as a new tag) when missing. */
  scalarSeries(tag: string): ScalarSeries {
    let s = this.scalars.get(tag);
    if (!s) { this.scalars.set(tag, s = new ScalarSeries()); this.newTags = true; }
    return s;
  }

  /** Bookkeeping after `n` points were pushed straight into series. */
  addedScalars(n: number): void {
    this.points += n;
    this.dirty.add('scalars');
  }

  add<K extends Exclude<Kind, 'scalars'>>(kind: K, tag: string, p: RunStore[K] extends Map<string, PointSeries<infer P>> ? P : never): void {
    const m = this[kind] as unknown as Map<string, PointSeries<typeof p>>;
    let s = m.get(tag);
    if (!s) { m.set(tag, s = new PointSeries()); this.newTags = true; }
    s.push(p);
    this.points++;
    this.dirty.add(kind);
  }

  setGraph(ref: GraphRef): void {
    if (this.graph && GRAPH_RANK[this.graph.kind] > GRAPH_RANK[ref.kind]) return;
    if (!this.graph) this.newTags = true;
    this.graph = ref;
    this.dirty.add('graph');
  }

  /** The lowest step of a restart seen (null: none), for merging what a parse worker read. */
  purgedFrom: number | null = null;

  /** After a restart (SessionLog START at `step`), forget what was logged at `step` or later. */
  purgeFrom(step: number): void {
    this.purgedFrom = this.purgedFrom === null ? step : Math.min(this.purgedFrom, step);
    let dropped = 0;
    for (const kind of KINDS) {
      for (const s of (this[kind] as Map<string, ScalarSeries | PointSeries<{ step: number }>>).values()) dropped += s.purgeFrom(step);
    }
    if (dropped) { this.points -= dropped; for (const k of KINDS) this.dirty.add(k); }
  }

  /** What this store holds, to be merged into another one with merge() (scalar buffers to transfer in `transfer`). */
  toDelta(): StoreDelta {
    const scalars: [string, ScalarDelta][] = [];
    for (const [tag, series] of this.scalars) scalars.push([tag, series.toDelta()]);
    const points = (m: Map<string, PointSeries<{ step: number }>>) => [...m].map(([tag, ps]) => [tag, ps.points] as [string, { step: number }[]]);
    return {
      scalars, histograms: points(this.histograms), images: points(this.images), audio: points(this.audio), text: points(this.text),
      plugins: [...this.plugins], graph: this.graph, purgedFrom: this.purgedFrom,
    };
  }

  /** Appends what another store read after this one's data (a parse worker's delta). */
  merge(d: StoreDelta): void {
    if (d.purgedFrom !== null) this.purgeFrom(d.purgedFrom);
    for (const [tag, plugin] of d.plugins) if (!this.plugins.has(tag)) this.plugins.set(tag, plugin);
    for (const [tag, sd] of d.scalars) {
      if (!sd.length) continue;
      this.scalarSeries(tag).append(sd);
      this.addedScalars(sd.length);
    }
    for (const kind of ['histograms', 'images', 'audio', 'text'] as const) {
      const m = this[kind] as unknown as Map<string, PointSeries<{ step: number }>>;
      for (const [tag, pts] of d[kind]) {
        if (!pts.length) continue;
        let s = m.get(tag);
        if (!s) { m.set(tag, s = new PointSeries()); this.newTags = true; }
        s.append(pts);
        this.points += pts.length;
        this.dirty.add(kind);
      }
    }
    if (d.graph) this.setGraph(d.graph);
  }

  tags(kind: Kind): string[] { return [...this[kind].keys()].sort(); }

  /** Gives back spare capacity of the scalar columns. */
  trim(): void { for (const s of this.scalars.values()) s.trim(); }

  /** The kinds that gained data, and whether new tags appeared, since the last call. */
  takeDirty(): { kinds: string[]; newTags: boolean } {
    const d = { kinds: [...this.dirty], newTags: this.newTags };
    this.dirty.clear();
    this.newTags = false;
    return d;
  }
}
