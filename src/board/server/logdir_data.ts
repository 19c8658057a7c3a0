// The log directory's data: runs found by scanning, read round-robin in small chunks so that
// no run waits for the others and the server keeps answering while 10M points are indexed.
// A poll every `reloadMs` finds new runs and new bytes; listeners hear 'runs' (the run list or
// the warnings changed) and 'update' (a run gained data, with the kinds).

import { EventEmitter } from 'node:events';
import { promises as fsp, realpathSync as fsRealpath, statSync } from 'node:fs';
import * as path from 'node:path';
import { scanLogdir } from './logdir.js';
import { ParsePool, defaultParseWorkers } from './parse_pool.js';
import { Run } from './run.js';
import { ReadScheduler, SLICE_MS } from './scheduler.js';

export interface LogdirDataOptions {
  /** Milliseconds between polls of the log directory. Default 1000. */
  reloadMs?: number;
  /** How long a file may end inside a record before it is reported as truncated. Default 2000. */
  partialGraceMs?: number;
  /** Bytes read from one run before moving to the next during indexing. Default 256 KiB. */
  chunkBytes?: number;
  /** Parse workers (threads) reading large backlogs; 0 reads on the main thread only. Default: the hardware threads. */
  parseWorkers?: number;
  /** The parse worker's script (tests). */
  parseWorkerUrl?: URL;
}

/** Bytes read from a run the first time round: enough for its first events, so its tags. */
const FIRST_CHUNK = 32 << 10;

export interface Warning { file: string; message: string }

export class LogdirData extends EventEmitter {
  readonly runs = new Map<string, Run>();
  readonly scheduler = new ReadScheduler();
  /** Resolves after the first scan: from then on the run list is known. */
  readonly ready: Promise<void>;
  private scanWarnings = new Map<string, string>();
  private readonly reloadMs: number;
  private readonly graceMs: number;
  private readonly chunk: number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private warningKey = '';
  private firstCycleDone = false;
  /** Resolves when the first pass over every file has finished. */
  readonly indexed: Promise<void>;
  private resolveIndexed!: () => void;
  /** Sends what runs gained while they are read (by the indexer or for requests) every second. */
  private readonly flusher: NodeJS.Timeout;
  /** Parse workers for large backlogs, or null. */
  readonly pool: ParsePool | null;

  constructor(readonly root: string, opts: LogdirDataOptions = {}) {
    super();
    this.reloadMs = opts.reloadMs ?? 1000;
    this.graceMs = opts.partialGraceMs ?? 2000;
    this.chunk = opts.chunkBytes ?? 128 << 10;
    const workers = opts.parseWorkers ?? defaultParseWorkers();
    this.pool = workers > 0 ? new ParsePool(workers, opts.parseWorkerUrl) : null;
    let resolveReady!: () => void;
    this.ready = new Promise(r => { resolveReady = r; });
    this.indexed = new Promise(r => { this.resolveIndexed = r; });
    this.flusher = setInterval(() => this.flush(), Math.min(1000, this.reloadMs));
    this.flusher.unref();
    void this.loop(resolveReady);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.flusher);
    this.pool?.close();
    this.resolveIndexed();
    if (this.timer) clearTimeout(this.timer);
  }

  private async loop(onFirstScan: () => void): Promise<void> {
    while (!this.stopped) {
      try {
        await this.scan();
      } catch (e) {
        this.scanWarnings.set('.', `cannot scan the log directory (${(e as Error).message})`);
      }
      onFirstScan();
      try {
        await this.index();
      } catch (e) {
        this.scanWarnings.set('.', `reading failed (${(e as Error).message})`);
      }
      this.firstCycleDone = true;
      this.resolveIndexed();
      this.flush();
      if (this.stopped) break;
      await new Promise<void>(r => { this.timer = setTimeout(r, this.reloadMs); });
    }
  }

  /** Finds runs and their files; emits 'runs' when the list changes. */
  private async scan(): Promise<void> {
    const { runs, warnings } = await scanLogdir(this.root);
    if (this.stopped) return;
    let changed = false;
    for (const [name, files] of runs) {
      let run = this.runs.get(name);
      if (!run) { this.runs.set(name, run = new Run(name, path.join(this.root, name), this.scheduler, this.pool)); changed = true; }
      if (run.setFiles(files)) changed = true;
    }
    for (const name of [...this.runs.keys()]) if (!runs.has(name)) { this.runs.delete(name); changed = true; }
    this.scanWarnings = warnings;
    for (const run of this.runs.values()) {
      for (const t of run.tails) {
        try { t.size = (await fsp.stat(t.path)).size; } catch { /* removed since the scan */ }
      }
    }
    if (changed) this.emit('runs', this.runNames());
  }

  /**
   * Reads new bytes of every run, one chunk per run in turn; runs not read before get a small
   * first chunk so that every run's tags are known early.
   */
  private async index(): Promise<void> {
    let active = [...this.runs.values()].filter(r => r.pending);
    const fresh = new Set(active.filter(r => r.progress().read === 0));
    const live = (r: Run) => this.runs.get(r.name) === r && (r.pending || r.inPool);
    let next = 0;
    while (active.length && !this.stopped) {
      await this.scheduler.idle();
      if (this.stopped) return;
      // a time slice of chunks, one run after the other, then the event loop's turn; large
      // backlogs go to the parse workers (after a first small chunk here: the run's tags)
      const until = performance.now() + SLICE_MS;
      let stepped = false;
      do {
        const run = active[next++ % active.length];
        if (this.runs.get(run.name) === run && run.pending && !run.inPool) {
          if (fresh.delete(run)) { run.step(FIRST_CHUNK); stepped = true; }
          else if (run.wantsPool()) void run.readInPool(false);
          else { run.step(this.chunk); stepped = true; }
        }
        if (next % active.length === 0) { active = active.filter(live); next = 0; }
      } while (active.length && performance.now() < until);
      if (!stepped && active.length && active.every(r => r.inPool)) {
        // everything left is in the workers' hands: wait for one of them
        await Promise.race(active.map(r => r.readInPool(false)));
      } else await this.scheduler.turn();
    }
  }

  /** Emits 'update' for runs that gained data, and 'runs' when the warnings changed. */
  flush(): void {
    let listChanged = false;
    for (const run of this.runs.values()) {
      const { kinds, newTags } = run.store.takeDirty();
      if (kinds.length) this.emit('update', run.name, kinds);
      listChanged ||= newTags;
    }
    const key = JSON.stringify(this.warnings());
    if (key !== this.warningKey) { listChanged ||= this.warningKey !== '' || key !== '[]'; this.warningKey = key; }
    if (listChanged) this.emit('runs', this.runNames());
  }

  runNames(): string[] { return [...this.runs.keys()].sort(); }

  /** Problems found so far: unreadable directories, corrupt or truncated files, bad records. */
  warnings(): Warning[] {
    const out: Warning[] = [];
    for (const [file, message] of this.scanWarnings) out.push({ file, message });
    const now = Date.now();
    for (const run of this.runs.values()) {
      for (const t of run.tails) {
        const p = t.problem(this.graceMs, now);
        if (p) out.push({ file: this.rel(t.path), message: p });
      }
      for (const [file, b] of run.badRecords) {
        out.push({ file: this.rel(file), message: b.count > 1 ? `${b.message} (and ${b.count - 1} more unreadable records)` : b.message });
      }
    }
    return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  private rel(p: string): string { return path.relative(this.root, p).split(path.sep).join('/'); }

  /** Whether every file has been read to its end (as of the last look). */
  status(): { done: boolean; bytes_read: number; bytes_total: number } {
    let read = 0, total = 0;
    for (const run of this.runs.values()) { const p = run.progress(); read += p.read; total += p.total; }
    const done = this.firstCycleDone && ![...this.runs.values()].some(r => r.pending);
    return { done, bytes_read: read, bytes_total: total };
  }
}

/** Resolves and checks the log directory; throws an Error with `code` ENOENT / ENOTDIR. */
export function resolveLogdir(dir: string): string {
  const abs = path.resolve(dir);
  let st;
  try { st = statSync(abs); } catch {
    throw Object.assign(new Error(`Log directory '${dir}' does not exist.`), { code: 'ENOENT' });
  }
  if (!st.isDirectory()) throw Object.assign(new Error(`Log directory '${dir}' is not a directory.`), { code: 'ENOTDIR' });
  return fsRealpath(abs);
}

