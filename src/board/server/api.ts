// The JSON API the page uses: /api/runs, /api/scalars, /api/histograms, /api/images + /api/image,
// /api/audio + /api/audio_clip, /api/text, /api/graph (run and tag as query parameters; 400 for
// malformed ones, 404 for unknown runs and tags). Run names are checked before lookup: absolute
// paths and names that climb out of the log directory (also through a symbolic link) are 403s.
// While a run's large backlog is being read, /api/scalars answers at once with the points read
// so far plus a preview sampled from the unread bytes (`loading: true`, `preview: n`; turn the
// preview off with preview=0), and `wait=1` waits for every point (downloads).

import { existsSync, realpathSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import * as path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { evenIndices, minMaxIndices } from './downsample.js';
import { readGraph, type GraphNode } from './graph.js';
import { HttpError, intParam, param, send, sendJson } from './http_util.js';
import { isInside } from './logdir.js';
import type { LogdirData } from './logdir_data.js';
import { mediaBytes } from './media.js';
import type { Run } from './run.js';
import { KINDS, type GraphRef, type Kind, type PointSeries } from './series.js';

/** How long /api/runs waits for the first reading pass before answering with what is known. */
const RUNS_WAIT_MS = 250;
/** A run with at most this many unread bytes is read before a data request answers... */
const SMALL_BACKLOG = 2 << 20;
/** ... waiting at most this long; a larger backlog gets what is known at once (`loading`). */
const BACKLOG_WAIT_MS = 500;

/** Records sampled for the preview of a scalar tag's unread part (see preview.ts). */
const PREVIEW_SAMPLES = 80;

/** Most points one answer holds; a larger `points` is accepted and gives this many. */
export const MAX_POINTS = 1000000;
const POINTS_LIMIT = 1e9;

export class Api {
  private graphCache = new Map<string, { key: string; nodes: GraphNode[] }>();

  constructor(private readonly data: LogdirData) {}

  /** The run named by `name`, after the checks; 403 outside the log directory, 404 unknown. */
  run(name: string): Run {
    const run = this.data.runs.get(name);
    if (run) return run;
    const norm = name.replace(/\\/g, '/');
    if (norm.startsWith('/') || /^[A-Za-z]:/.test(norm) || norm.split('/').includes('..')) {
      throw new HttpError(403, `run '${name}' is outside the log directory`);
    }
    const target = path.resolve(this.data.root, norm);
    if (!isInside(this.data.root, target)) throw new HttpError(403, `run '${name}' is outside the log directory`);
    if (existsSync(target)) {
      let real = target;
      try { real = realpathSync(target); } catch { /* treat as unknown */ }
      if (!isInside(this.data.root, real)) throw new HttpError(403, `run '${name}' is outside the log directory`);
    }
    throw new HttpError(404, `unknown run '${name}'`);
  }

  async handle(req: IncomingMessage, res: ServerResponse, route: string, q: URLSearchParams): Promise<void> {
    await this.data.ready;                                          // the run list is known after the first scan
    switch (route) {
      case 'runs': return this.runs(req, res);
      case 'scalars': return this.scalars(req, res, q);
      case 'histograms': return this.histograms(req, res, q);
      case 'images': return this.media(req, res, q, 'images');
      case 'audio': return this.media(req, res, q, 'audio');
      case 'text': return this.text(req, res, q);
      case 'image': return this.mediaBytes(req, res, q, 'images');
      case 'audio_clip': return this.mediaBytes(req, res, q, 'audio');
      case 'graph': return this.graph(req, res, q);
      default: throw new HttpError(404, `unknown API route '${route}'`);
    }
  }

  private async runs(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // a small log directory is read in well under this; a large one answers with what is known
    await Promise.race([this.data.indexed, delay(RUNS_WAIT_MS, undefined, { ref: false })]);
    const runs = this.data.runNames().map(name => {
      const run = this.data.runs.get(name)!;
      const tags = Object.fromEntries(KINDS.map(k => [k, run.store.tags(k)]));
      return { name, tags, graph: run.store.graph !== null, files: run.tails.length };
    });
    sendJson(req, res, 200, { runs, warnings: this.data.warnings(), indexing: this.data.status() });
  }

  /**
   * The run, read up to date, and the tag's series. A run with a large backlog (the first
   * reading of a big log directory) answers at once with what is known so far and `loading`
   * true; it keeps being read with priority, and SSE `update` events follow.
   */
  private async series<K extends Kind, M extends boolean = false>(q: URLSearchParams, kind: K, full = false, allowMissing?: M): Promise<{ run: Run; tag: string; series: M extends true ? ReturnType<Run['store'][K]['get']> : NonNullable<ReturnType<Run['store'][K]['get']>>; loading: boolean; done: Promise<void> }> {
    const runName = param(q, 'run', true), tag = param(q, 'tag', true);
    const run = this.run(runName);
    const done = run.catchUp();
    const waitMs = full ? Infinity : run.remaining() <= SMALL_BACKLOG ? BACKLOG_WAIT_MS : 0;
    let loading = false;
    if (Number.isFinite(waitMs)) loading = await Promise.race([done.then(() => false), delay(waitMs, true, { ref: false })]);
    else await done;
    const get = () => run.store[kind].get(tag) as NonNullable<ReturnType<Run['store'][K]['get']>> | undefined;
    if (loading && !get() && !allowMissing) { await done; loading = false; }   // not seen yet: only a full read can say 404
    const series = get();
    if (!series && !(loading && allowMissing)) throw new HttpError(404, `run '${runName}' has no ${kind} tag '${tag}'`);
    return { run, tag, series: series as NonNullable<typeof series>, loading, done };
  }

  private async scalars(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> {
    const n = Math.min(MAX_POINTS, intParam(q, 'points', 1000, 1, POINTS_LIMIT));
    // wait=1: every point read so far (downloads); preview=0: no sampled preview while loading
    const wait = intParam(q, 'wait', 0, 0, 1) === 1;
    const previewOk = !wait && intParam(q, 'preview', 1, 0, 1) === 1;
    let { run, tag, series: s, loading, done } = await this.series(q, 'scalars', wait, previewOk);
    let wall: ArrayLike<number> = [], step: ArrayLike<number> = [], value: ArrayLike<number> = [], total = 0, sampled = 0;
    if (s) { s.ensureSorted(); wall = s.wall; step = s.step; value = s.value; total = s.length; }
    if (loading && previewOk) {
      // what is read so far, and a preview of the rest sampled from the unread bytes
      const pv = run.preview(tag, PREVIEW_SAMPLES);
      sampled = pv.step.length;
      if (sampled) {
        const last = total ? step[total - 1] : -Infinity;
        const keep = pv.step.map((x, i) => (x > last ? i : -1)).filter(i => i >= 0);
        const n2 = total + keep.length;
        const w = new Float64Array(n2), st = new Float64Array(n2), v = new Float64Array(n2);
        for (let i = 0; i < total; i++) { w[i] = wall[i]; st[i] = step[i]; v[i] = value[i]; }
        keep.forEach((i, j) => { w[total + j] = pv.wall[i]; st[total + j] = pv.step[i]; v[total + j] = pv.value[i]; });
        wall = w; step = st; value = v;
        sampled = keep.length;
      } else if (!s) {
        await done;                                                  // not seen yet: only a full read can say 404
        loading = false;
        s = run.store.scalars.get(tag);
        if (!s) throw new HttpError(404, `run '${run.name}' has no scalars tag '${tag}'`);
        s.ensureSorted(); wall = s.wall; step = s.step; value = s.value; total = s.length;
      }
    }
    const len = total + sampled;
    const idx = minMaxIndices(value, len, n);
    const parts: string[] = new Array(idx.length);
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j];
      parts[j] = `[${num(wall[i])},${num(step[i])},${num(value[i])}]`;
    }
    const more = (loading ? ',"loading":true' : '') + (sampled ? `,"preview":${sampled}` : '');
    sendJson(req, res, 200, `{"run":${JSON.stringify(run.name)},"tag":${JSON.stringify(tag)},"total":${total}${more},"points":[${parts.join(',')}]}`);
  }

  private async histograms(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> {
    const n = Math.min(MAX_POINTS, intParam(q, 'points', 200, 1, POINTS_LIMIT));
    const { run, tag, series: s, loading } = await this.series(q, 'histograms');
    s.ensureSorted();
    const points = evenIndices(s.length, n).map(i => s.points[i]);
    sendJson(req, res, 200, { run: run.name, tag, total: s.length, ...(loading ? { loading } : {}), points });
  }

  private async media(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, kind: 'images' | 'audio'): Promise<void> {
    const n = Math.min(MAX_POINTS, intParam(q, 'points', MAX_POINTS, 1, POINTS_LIMIT));
    const { run, tag, series, loading } = await this.series(q, kind);
    const s = series as PointSeries<{ step: number; ref: unknown }>;
    s.ensureSorted();
    const points = evenIndices(s.length, n).map(index => { const { ref: _ref, ...p } = s.points[index]; return { ...p, index }; });
    sendJson(req, res, 200, { run: run.name, tag, total: s.length, ...(loading ? { loading } : {}), points });
  }

  private async text(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> {
    const n = Math.min(MAX_POINTS, intParam(q, 'points', MAX_POINTS, 1, POINTS_LIMIT));
    const { run, tag, series: s, loading } = await this.series(q, 'text');
    s.ensureSorted();
    sendJson(req, res, 200, { run: run.name, tag, total: s.length, ...(loading ? { loading } : {}), points: evenIndices(s.length, n).map(i => s.points[i]) });
  }

  private async mediaBytes(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, kind: 'images' | 'audio'): Promise<void> {
    const index = intParam(q, 'index', undefined, 0, 2 ** 31 - 1);
    const { series } = await this.series(q, kind, true);
    series.ensureSorted();
    const p = series.points[index];
    if (!p) throw new HttpError(404, `index ${index} is out of range (the tag has ${series.length} ${kind === 'images' ? 'images' : 'clips'})`);
    let bytes: Buffer;
    try { bytes = mediaBytes(p.ref); } catch (e) { throw new HttpError(500, `cannot read the ${kind === 'images' ? 'image' : 'clip'}: ${(e as Error).message}`); }
    const type = kind === 'images' ? imageType(bytes) : ((p as { content_type?: string }).content_type || 'audio/wav');
    send(req, res, 200, type, bytes, { 'Cache-Control': 'no-cache' });
  }

  private async graph(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> {
    const run = this.run(param(q, 'run', true));
    await run.catchUp();
    const ref: GraphRef | null = run.store.graph;
    if (!ref) throw new HttpError(404, `run '${run.name}' has no graph`);
    const key = `${ref.kind}:${ref.file}:${ref.offset}:${ref.value}`;
    let cached = this.graphCache.get(run.name);
    if (!cached || cached.key !== key) {
      let nodes: GraphNode[];
      try { nodes = readGraph(ref); } catch (e) { throw new HttpError(500, `cannot read the graph of run '${run.name}': ${(e as Error).message}`); }
      this.graphCache.set(run.name, cached = { key, nodes });
    }
    sendJson(req, res, 200, { run: run.name, nodes: cached.nodes });
  }
}

/** A number as JSON; NaN and infinities as strings. */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : `"${x}"`;
}

function imageType(b: Buffer): string {
  if (b[0] === 0x89 && b[1] === 0x50) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  return 'application/octet-stream';
}

export type { Kind };
