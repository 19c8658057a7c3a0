// One run: its event files, each read incrementally, and the store they fill.

import { statSync } from 'node:fs';
import { BadEventError, ingestEvent } from './events.js';
import { RunStore } from './series.js';
import type { ParsePool } from './parse_pool.js';
import { previewOf, sampleUnread, type Preview } from './preview.js';
import { SLICE_MS, type ReadScheduler } from './scheduler.js';
import { RecordTail, ShrunkError } from './tail.js';

/** Bytes read per step when a request is waiting for this run. */
const CATCH_UP_CHUNK = 128 << 10;
/** A backlog at least this large is read by a parse worker (when there is a pool). */
export const POOL_MIN_BYTES = 256 << 10;
/** Bytes one worker job reads at most (a huge run comes back in parts, so it shows progress). */
const JOB_BYTES = 32 << 20;

export class Run {
  /** Event files in name order. */
  tails: RecordTail[] = [];
  store = new RunStore();
  /** Per file: the first unreadable record and how many there were. */
  readonly badRecords = new Map<string, { message: string; count: number }>();
  private loading: Promise<void> | null = null;
  /** A parse-worker job reading this run (queued or running): the main thread does not read meanwhile. */
  private job: { done: Promise<void>; hurry(): void } | null = null;
  /** Bumped by reset(): a worker's result for an older generation is dropped. */
  private generation = 0;
  /** Set when a worker failed on this run: it is read on the main thread from then on. */
  private poolFailed = false;

  constructor(readonly name: string, readonly dir: string, private readonly scheduler: ReadScheduler, private readonly pool: ParsePool | null = null) {}

  /** Records sampled from the unread bytes, for previews; valid while the reading positions are `key`. */
  private sampled: { key: string; store: RunStore } | null = null;

  /**
   * A preview of `tag` over the bytes not read yet (see preview.ts); the samples are taken
   * once per reading position and shared by every tag's request.
   */
  preview(tag: string, samples: number): Preview {
    const key = `${samples}|${this.generation}|` + this.tails.map(t => `${t.offset}:${t.size}`).join(',');
    if (this.sampled?.key !== key) this.sampled = { key, store: sampleUnread(this.tails, samples, this.store.plugins) };
    return previewOf(this.sampled.store, tag);
  }

  /** Whether a parse worker has (or will get) this run's backlog. */
  get inPool(): boolean { return this.job !== null; }

  /** Whether the backlog is worth a parse worker. */
  wantsPool(): boolean { return this.pool !== null && !this.poolFailed && this.remaining() >= POOL_MIN_BYTES; }

  /**
   * Hands the backlog to a parse worker (one job at a time); resolves when its result is
   * merged. `urgent`: a request waits for it.
   */
  readInPool(urgent: boolean): Promise<void> {
    if (this.job) { if (urgent) this.job.hurry(); return this.job.done; }
    const pool = this.pool!;
    const gen = this.generation;
    let tails: RecordTail[] = [];
    const { done, hurry } = pool.run(() => {
      tails = this.tails;
      return { files: tails.map(t => t.state()), plugins: [...this.store.plugins], budget: JOB_BYTES };
    }, urgent);
    const job = {
      hurry,
      done: done.then(r => {
        if (gen !== this.generation) return;
        if (r.shrunk) { this.reset(); return; }
        r.tails.forEach((s, i) => tails[i]?.restore(s));
        for (const [file, b] of r.bad) {
          const have = this.badRecords.get(file);
          if (have) have.count += b.count; else this.badRecords.set(file, { ...b });
        }
        this.store.merge(r.delta);
        if (!this.pending) { this.store.trim(); this.sampled = null; }
      }, () => { this.poolFailed = true; }).finally(() => { if (this.job === job) this.job = null; }),
    };
    this.job = job;
    return job.done;
  }

  /** Takes the run's current file list (sorted); new files are read from their start. */
  setFiles(paths: string[]): boolean {
    const old = new Map(this.tails.map(t => [t.path, t]));
    const same = paths.length === this.tails.length && paths.every((p, i) => this.tails[i].path === p);
    if (same) return false;
    this.tails = paths.map(p => old.get(p) ?? new RecordTail(p));
    return true;
  }

  get pending(): boolean { return this.tails.some(t => t.pending); }

  /** Looks at the files' sizes now (between polls, so requests see the newest data). */
  refreshSizes(): void {
    for (const t of this.tails) {
      try { t.size = statSync(t.path).size; } catch { /* gone: the next scan drops it */ }
    }
  }

  /** Reads about `budget` bytes of new records from the first file that has some; returns bytes read. */
  step(budget: number): number {
    if (this.job) return 0;
    for (const t of this.tails) {
      if (!t.pending) continue;
      try {
        const n = t.read(budget, (data, offset) => this.ingest(t.path, data, offset)).consumed;
        if (!this.pending) { this.store.trim(); this.sampled = null; }
        return n;
      } catch (e) {
        if (e instanceof ShrunkError) { this.reset(); return 0; }
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') { t.corrupt = 'the file disappeared'; return 0; }
        throw e;
      }
    }
    return 0;
  }

  private ingest(file: string, data: Buffer, offset: number): void {
    try {
      ingestEvent(this.store, file, offset, data);
    } catch (e) {
      if (!(e instanceof BadEventError)) throw e;
      const b = this.badRecords.get(file);
      if (b) b.count++; else this.badRecords.set(file, { message: e.message, count: 1 });
    }
  }

  /** A file was rewritten: forget everything and read all files again. */
  reset(): void {
    this.generation++;
    this.store = new RunStore();
    this.badRecords.clear();
    this.tails = this.tails.map(t => new RecordTail(t.path));
    this.refreshSizes();
  }

  /** Reads everything the run's files hold now, yielding to other work between chunks. */
  catchUp(): Promise<void> {
    if (this.loading) return this.loading;
    this.refreshSizes();
    if (!this.pending) return Promise.resolve();
    const end = this.scheduler.begin();
    this.loading = (async () => {
      // a short time slice per turn: many requests may be catching runs up at once, and each
      // must be able to answer with what is known when its wait is over
      for (let guard = 0; guard < 1e6; guard++) {
        if (this.job || this.wantsPool()) { await this.readInPool(true); continue; }
        await this.scheduler.turn();
        if (!this.pending) break;
        const until = performance.now() + SLICE_MS;
        do this.step(CATCH_UP_CHUNK); while (this.pending && performance.now() < until);
      }
    })().finally(() => { this.loading = null; end(); });
    return this.loading;
  }

  /** Bytes not read yet (as of the last look at the sizes). */
  remaining(): number {
    let n = 0;
    for (const t of this.tails) if (t.pending) n += Math.max(0, t.size - t.offset);
    return n;
  }

  /** Bytes read so far and bytes in the files. */
  progress(): { read: number; total: number } {
    let read = 0, total = 0;
    for (const t of this.tails) { read += t.offset; total += Math.max(t.size, t.offset); }
    return { read, total };
  }
}
