// Session: runs (part of) a graph. Fetches and feeds are normalized, a cached plan is
// looked up (or built), executed, and the results are shaped like the fetches.
// Variable values and random-generator state live here, not in the graph.

import type { DType } from '../framework/dtypes.js';
import { NDArray, toNDArray, describe } from '../framework/ndarray.js';
import { Tensor, installEvalHooks } from '../framework/tensor.js';
import { Operation } from '../framework/operation.js';
import { Graph, getDefaultGraph } from '../framework/graph.js';
import { InvalidArgumentError, ValueError, RuntimeError } from '../framework/errors.js';
import { buildPlan, executePlan, type Plan, type OptimizerOptions } from './plan.js';
import { SessionStateImpl } from './state.js';

/** ConfigProto, in the spirit of TF's: the options users set. */
export interface ConfigProto {
  logDevicePlacement?: boolean;
  allowSoftPlacement?: boolean;
  /** Threads one native kernel of this session may use (default: TENSORGRAPH_NUM_THREADS or the CPUs available). */
  intraOpParallelismThreads?: number;
  interOpParallelismThreads?: number;
  deviceCount?: Record<string, number>;
  gpuOptions?: { perProcessGpuMemoryFraction?: number; allowGrowth?: boolean };
  /** TF's graph_options.optimizer_options: constant folding and CSE at plan time (default on). */
  graphOptions?: { optimizerOptions?: OptimizerOptions };
}
export interface SessionOptions {
  graph?: Graph;
  config?: ConfigProto;
  /** Kernel backend: 'native' when the addon is built, else 'reference'. */
  backend?: string;
}

/** Something that names a graph element: a Tensor, an Operation, a variable, or 'name' / 'name:0'. */
export type Fetchable = Tensor | Operation | string | { toTensor(): Tensor };
export type Fetches = Fetchable | null | readonly Fetches[] | { readonly [k: string]: Fetches };

/** The result of run() for a fetch structure: arrays mirror arrays, objects mirror objects. */
export type FetchResult<F> =
  F extends Tensor<infer D> ? NDArray<D> :
  F extends Operation ? null :
  F extends string ? NDArray | null :
  F extends { toTensor(): Tensor<infer D> } ? NDArray<D> :
  F extends readonly unknown[] ? { -readonly [K in keyof F]: FetchResult<F[K]> } :
  F extends object ? { -readonly [K in keyof F]: FetchResult<F[K]> } :
  never;

export type FeedValue = unknown;
export type FeedKey = Tensor | string | { toTensor(): Tensor };
/** feed_dict: a Map, a list of [key, value] pairs, or an object keyed by tensor name. */
export type FeedDict = Map<FeedKey, FeedValue> | readonly (readonly [FeedKey, FeedValue])[] | { readonly [name: string]: FeedValue };

let defaultSessionStack: Session[] = [];

interface Compiled {
  plan: Plan;
  /** Rebuilds the user's structure from the flat fetched values. */
  shape: (vals: (NDArray | null)[]) => unknown;
  fetchIsOp: boolean[];
}

export class Session {
  readonly graph: Graph;
  readonly config: ConfigProto;
  readonly backend: string;
  private closed = false;
  private state: SessionStateImpl;
  private cache = new Map<string, Compiled>();
  private single = new WeakMap<Tensor, Map<string, Compiled>>();
  // graph-growth detection (ops created inside a training loop)
  private lastVersion = -1;
  private growthStreak = 0;
  private warnedGrowth = false;
  /**
   * Counters: runs executed, plans built (a repeated run builds none), and tensor memory: bytes
   * the runs' buffer pools allocated fresh and bytes they recycled. In a steady-state loop only
   * the fetched values (which the caller keeps) are fresh allocations.
   */
  readonly stats = { runs: 0, plansBuilt: 0, allocatedBytes: 0, reusedBytes: 0 };

  constructor(opts: SessionOptions | Graph = {}) {
    const o: SessionOptions = opts instanceof Graph ? { graph: opts } : opts;
    this.graph = o.graph ?? getDefaultGraph();
    this.config = o.config ?? {};
    this.backend = o.backend ?? defaultBackend();
    this.state = new SessionStateImpl(this.graph, line => process.stderr.write(line + '\n'));
  }

  /** Session.run: computes `fetches`, feeding `feedDict`. The result mirrors the fetch structure. */
  run<const F extends Fetches>(fetches: F, feedDict?: FeedDict | null): FetchResult<F> {
    if (this.closed) throw new RuntimeError('Attempted to use a closed Session.');
    let keys: Tensor[] = EMPTY_T;
    let values: unknown[] = EMPTY_V;
    if (feedDict) ({ keys, values } = this.normalizeFeeds(feedDict));
    let feedKey = '';
    for (let i = 0; i < keys.length; i++) feedKey += keys[i].id + ',';
    let c: Compiled | undefined;
    if (fetches instanceof Tensor) {
      let m = this.single.get(fetches);
      if (!m) this.single.set(fetches, (m = new Map()));
      c = m.get(feedKey);
      if (!c) { c = this.compile(fetches, keys); m.set(feedKey, c); }
    } else {
      const key = fetchKey(fetches, this.graph) + '|' + feedKey;
      c = this.cache.get(key);
      if (!c) { c = this.compile(fetches, keys); this.cache.set(key, c); }
    }
    this.noteGrowth();
    const feedVals = new Array<NDArray>(keys.length);
    for (let i = 0; i < keys.length; i++) feedVals[i] = convertFeed(keys[i], values[i]);
    return this.execute(c, feedVals) as FetchResult<F>;
  }

  /**
   * A function with the plan already made (Session.make_callable): pass the feed values in
   * the order of `feedList`. The lowest per-call overhead.
   */
  makeCallable<const F extends Fetches>(fetches: F, feedList: readonly FeedKey[] = []): (...feedValues: FeedValue[]) => FetchResult<F> {
    const keys = feedList.map(k => this.resolveFeedKey(k));
    const c = this.compile(fetches, keys);
    return (...vals: FeedValue[]) => {
      if (this.closed) throw new RuntimeError('Attempted to use a closed Session.');
      if (vals.length !== keys.length) throw new InvalidArgumentError(`This callable takes ${keys.length} feed values, got ${vals.length}.`);
      const feedVals = new Array<NDArray>(keys.length);
      for (let i = 0; i < keys.length; i++) feedVals[i] = convertFeed(keys[i], vals[i]);
      return this.execute(c, feedVals) as FetchResult<F>;
    };
  }

  private execute(c: Compiled, feedVals: NDArray[]): unknown {
    this.stats.runs++;
    const vals = executePlan(c.plan, feedVals);
    const fs = c.plan.fetchSlots;
    const out: (NDArray | null)[] = new Array(fs.length);
    for (let i = 0; i < fs.length; i++) out[i] = c.fetchIsOp[i] ? null : this.state.detach(vals[fs[i]]!);
    return c.shape(out);
  }

  private compile(fetches: Fetches, feeds: Tensor[]): Compiled {
    const fetchTensors: Tensor[] = [];
    const targets: Operation[] = [];
    const fetchIsOp: boolean[] = [];
    const leaf = (f: Fetchable): number => {
      const el = this.resolveFetch(f);
      if (el instanceof Operation) targets.push(el); else fetchTensors.push(el);
      fetchIsOp.push(el instanceof Operation);
      return fetchIsOp.length - 1;
    };
    const build = (f: Fetches): (vals: (NDArray | null)[]) => unknown => {
      if (f === null || f === undefined) throw new TypeError(`Argument \`fetch\` = ${String(f)} has invalid type "${String(f)}". Cannot be ${String(f)} (a fetch is a Tensor, an Operation, a name, or an array/object of them).`);
      if (Array.isArray(f)) {
        const parts = f.map(build);
        return vals => parts.map(p => p(vals));
      }
      if (typeof f === 'object' && !(f instanceof Tensor) && !(f instanceof Operation) && !isConvertible(f)) {
        const entries = Object.entries(f as Record<string, Fetches>).map(([k, v]) => [k, build(v)] as const);
        return vals => Object.fromEntries(entries.map(([k, p]) => [k, p(vals)]));
      }
      const i = leaf(f as Fetchable);
      return vals => vals[i];
    };
    const shape = build(fetches);
    this.stats.plansBuilt++;
    // operations are fetched as targets; their (absent) value is null
    const plan = buildPlan(fetchTensors, targets, feeds, {
      backend: this.backend, state: this.state,
      allowSoftPlacement: !!this.config.allowSoftPlacement, logDevicePlacement: !!this.config.logDevicePlacement,
      optimizerOptions: this.config.graphOptions?.optimizerOptions,
      memory: this.stats,
      threads: Math.max(0, Math.min(64, Math.floor(this.config.intraOpParallelismThreads ?? 0))),
      log: line => process.stderr.write(line + '\n'),
    });
    // map flat fetch index -> plan fetch slot (ops get slot -1)
    let k = 0;
    const slots = Int32Array.from(fetchIsOp, isOp => (isOp ? -1 : plan.fetchSlots[k++]));
    return { plan: { ...plan, fetchSlots: slots }, shape, fetchIsOp };
  }

  private resolveFetch(f: Fetchable): Tensor | Operation {
    let el: Tensor | Operation;
    if (typeof f === 'string') {
      try { el = this.graph.asGraphElement(f); } catch (e) {
        throw new ValueError(`Argument \`fetch\` = ${f} cannot be interpreted as a Tensor. ("${(e as Error).message}")`);
      }
    } else if (f instanceof Tensor || f instanceof Operation) el = f;
    else if (isConvertible(f)) el = f.toTensor();
    else throw new TypeError(`Argument \`fetch\` = ${describe(f)} has invalid type "${typeof f}" must be a string or Tensor. (Can not convert a ${typeof f} into a Tensor or Operation.)`);
    if (el.graph !== this.graph) {
      const what = el instanceof Tensor ? el.toString() : `<tf.Operation '${el.name}'>`;
      throw new ValueError(`Argument \`fetch\` = ${what} cannot be interpreted as a Tensor. (${el instanceof Tensor ? 'Tensor' : 'Operation'} ${what} is not an element of this graph.)`);
    }
    return el;
  }

  private resolveFeedKey(k: FeedKey): Tensor {
    let t: Tensor;
    if (typeof k === 'string') {
      const el = (() => {
        try { return this.graph.asGraphElement(k.includes(':') ? k : `${k}:0`); } catch (e) {
          throw new TypeError(`Cannot interpret feed_dict key as Tensor: ${(e as Error).message}`);
        }
      })();
      t = el as Tensor;
    } else if (k instanceof Tensor) t = k;
    else if (isConvertible(k)) t = k.toTensor();
    else throw new TypeError(`Cannot interpret feed_dict key as Tensor: Can not convert a ${typeof k} into a Tensor.`);
    if (t.graph !== this.graph) throw new ValueError(`Cannot interpret feed_dict key as Tensor: Tensor ${t.toString()} is not an element of this graph.`);
    return t;
  }

  private normalizeFeeds(fd: FeedDict): { keys: Tensor[]; values: unknown[] } {
    const keys: Tensor[] = [], values: unknown[] = [];
    if (fd instanceof Map) {
      for (const [k, v] of fd) { keys.push(this.resolveFeedKey(k)); values.push(v); }
    } else if (Array.isArray(fd)) {
      for (const pair of fd as readonly (readonly [FeedKey, FeedValue])[]) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError('A feed list must hold [tensor, value] pairs.');
        keys.push(this.resolveFeedKey(pair[0])); values.push(pair[1]);
      }
    } else {
      for (const k of Object.keys(fd)) { keys.push(this.resolveFeedKey(k)); values.push((fd as Record<string, unknown>)[k]); }
    }
    return { keys, values };
  }

  private noteGrowth(): void {
    const v = this.graph.version;
    if (this.lastVersion >= 0 && v !== this.lastVersion) this.growthStreak++; else this.growthStreak = 0;
    this.lastVersion = v;
    if (this.growthStreak >= 50 && !this.warnedGrowth) {
      this.warnedGrowth = true;
      const last = this.graph.operations[this.graph.operations.length - 1];
      process.emitWarning(
        `The graph has grown between each of the last ${this.growthStreak} runs (now ${this.graph.operations.length} ops). ` +
        `Ops are being created inside the run loop${last?.definedAt ? `, e.g. '${last.name}' at ${last.definedAt}` : ''}: build them once, before the loop (graph.finalize() makes this an error).`,
        'TensorgraphGraphGrowth',
      );
    }
  }

  /** Makes this the default session while fn runs (`with sess.as_default():`). */
  asDefault<T>(fn: (sess: this) => T): T {
    defaultSessionStack.push(this);
    try { return this.graph.asDefault(() => fn(this)); } finally { defaultSessionStack.pop(); }
  }

  get isClosed(): boolean { return this.closed; }

  close(): void {
    this.closed = true;
    this.cache.clear();
    this.single = new WeakMap();
    this.state.clear();
    defaultSessionStack = defaultSessionStack.filter(s => s !== this);
  }
  [Symbol.dispose](): void { this.close(); }
}

/** A session that installs itself as the default session (tf.InteractiveSession). */
export class InteractiveSession extends Session {
  constructor(opts: SessionOptions | Graph = {}) {
    super(opts);
    defaultSessionStack.push(this);
  }
}

/** Opens a session, makes it the default while fn runs, then closes it (`with tf.Session() as sess:`). */
export function withSession<T>(fnOrOpts: ((sess: Session) => T) | SessionOptions, maybeFn?: (sess: Session) => T): T {
  const opts = typeof fnOrOpts === 'function' ? {} : fnOrOpts;
  const fn = typeof fnOrOpts === 'function' ? fnOrOpts : maybeFn!;
  const sess = new Session(opts);
  try { return sess.asDefault(fn); } finally { sess.close(); }
}

export function getDefaultSession(): Session | null {
  return defaultSessionStack.length ? defaultSessionStack[defaultSessionStack.length - 1] : null;
}

// ---- helpers ---------------------------------------------------------------------------------

const EMPTY_T: Tensor[] = [];
const EMPTY_V: unknown[] = [];

function isConvertible(x: unknown): x is { toTensor(): Tensor } {
  return typeof x === 'object' && x !== null && typeof (x as { toTensor?: unknown }).toTensor === 'function';
}

function fetchKey(f: Fetches, g: Graph): string {
  if (f instanceof Tensor) return 't' + f.id;
  if (f instanceof Operation) return 'o' + f.name;
  if (typeof f === 'string') return 's' + f;
  if (Array.isArray(f)) return '[' + f.map(x => fetchKey(x, g)).join(',') + ']';
  if (isConvertible(f)) return 't' + f.toTensor().id;
  if (f && typeof f === 'object') return '{' + Object.entries(f).map(([k, v]) => JSON.stringify(k) + ':' + fetchKey(v as Fetches, g)).join(',') + '}';
  return '?' + String(f);
}

/** Converts a fed value to the tensor's dtype (numpy casting) and checks its shape. */
export function convertFeed(t: Tensor, v: unknown): NDArray {
  let arr: NDArray;
  const dt: DType = t.dtype;
  if (v instanceof NDArray && v.dtype === dt) arr = v;
  else if (typeof v === 'number' && dt !== 'int64' && dt !== 'string' && dt !== 'bool' && dt !== 'complex64') {
    arr = toNDArray(v, dt, false);
  } else {
    try {
      arr = toNDArray(v, dt, false);
    } catch (e) {
      throw new ValueError(`Cannot feed ${describe(v)} to Tensor ${t.name} of dtype ${dt}: ${(e as Error).message}`);
    }
  }
  const dims = t.shape.dims;
  if (dims) {
    let ok = dims.length === arr.shape.length;
    for (let i = 0; ok && i < dims.length; i++) if (dims[i] !== null && dims[i] !== arr.shape[i]) ok = false;
    if (!ok) {
      const py = (s: readonly (number | null)[]) => (s.length === 1 ? `(${s[0] ?? '?'},)` : `(${s.map(d => d ?? '?').join(', ')})`);
      throw new ValueError(`Cannot feed value of shape ${py(arr.shape)} for Tensor ${t.name}, which has shape ${py(dims)}`);
    }
  }
  return arr;
}

let backendChooser: () => string = () => 'reference';
export function setDefaultBackendChooser(f: () => string): void { backendChooser = f; }
function defaultBackend(): string { return backendChooser(); }

installEvalHooks({
  evalTensor(t, feedDict, session) {
    const s = pickSession(session, t.graph, 'evaluate tensor');
    return s.run(t, feedDict as FeedDict | undefined) as NDArray;
  },
  runOp(op, feedDict, session) {
    const s = pickSession(session, op.graph, 'execute operation');
    s.run(op, feedDict as FeedDict | undefined);
  },
});

function pickSession(session: unknown, g: Graph, what: string): Session {
  const s = (session as Session | undefined) ?? getDefaultSession();
  if (!s) {
    throw new ValueError(`Cannot ${what} using \`eval()\`: No default session is registered. Use \`sess.asDefault(() => ...)\` or \`tf.withSession(...)\`, or pass an explicit session to \`eval(feedDict, sess)\``);
  }
  if (s.graph !== g) throw new ValueError(`Cannot use the given session to ${what}: the ${what.split(' ')[1]}'s graph is different from the session's graph.`);
  return s;
}
