// Per-tag storage of a run's data. Scalars live in growable typed-array columns (24 bytes a
// point, so 10M points stay ~240 MB and are never walked by the GC); images and audio keep
// only where their record sits in the event file, and are re-read when the page asks.

/** A run's data kinds, as the API names them. */
export type Kind = 'scalars' | 'histograms' | 'images' | 'audio' | 'text';
export const KINDS: readonly Kind[] = ['scalars', 'histograms', 'images', 'audio', 'text'];

/** A growable numeric column stored narrow (int32 or float32) until a value needs float64. */
class Column {
  data: Int32Array | Float32Array | Float64Array;
  constructor(private readonly narrow: 'int32' | 'float32') {
    this.data = narrow === 'int32' ? new Int32Array(64) : new Float32Array(64);
  }

  private fits(v: number): boolean {
    if (this.data instanceof Float64Array) return true;
    if (this.narrow === 'int32') return (v | 0) === v;
    return Math.fround(v) === v || Number.isNaN(v);
  }

  set(i: number, v: number): void {
    if (!this.fits(v)) { const wide = new Float64Array(this.data.length); wide.set(this.data); this.data = wide; }
    this.data[i] = v;
  }

  resize(n: number, keep: number): void {
    const d = new (this.data.constructor as Float64ArrayConstructor)(n);
    d.set(this.data.subarray(0, keep));
    this.data = d;
  }
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
    if (i > 0 && step < this.steps.data[i - 1]) this.sorted = false;
    this.wall[i] = wall; this.steps.set(i, step); this.values.set(i, value);
  }

  private resize(n: number): void {
    const w = new Float64Array(n);
    w.set(this.wall.subarray(0, this.length));
    this.wall = w;
    this.steps.resize(n, this.length);
    this.values.resize(n, this.length);
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
  purgeFrom(step: number): number {
    const before = this.points.length;
    this.points = this.points.filter(p => p.step < step);
    return before - this.points.length;
  }
}

/** Where the run's graph comes from; a graph_def event wins over the others. */
export interface GraphRef { kind: 'graph_def' | 'meta_graph_def' | 'run_metadata'; file: string; offset: number; value: number }
const GRAPH_RANK = { graph_def: 3, meta_graph_def: 2, run_metadata: 1 } as const;

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

  scalar(tag: string, wall: number, step: number, value: number): void {
    let s = this.scalars.get(tag);
    if (!s) { this.scalars.set(tag, s = new ScalarSeries()); this.newTags = true; }
    s.push(wall, step, value);
    this.points++;
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

  /** After a restart (SessionLog START at `step`), forget what was logged at `step` or later. */
  purgeFrom(step: number): void {
    let dropped = 0;
    for (const kind of KINDS) {
      for (const s of (this[kind] as Map<string, ScalarSeries | PointSeries<{ step: number }>>).values()) dropped += s.purgeFrom(step);
    }
    if (dropped) { this.points -= dropped; for (const k of KINDS) this.dirty.add(k); }
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
