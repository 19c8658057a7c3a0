// One run: its event files, each read incrementally, and the store they fill.

import { statSync } from 'node:fs';
import { BadEventError, ingestEvent } from './events.js';
import { RunStore } from './series.js';
import { SLICE_MS, type ReadScheduler } from './scheduler.js';
import { RecordTail, ShrunkError } from './tail.js';

/** Bytes read per step when a request is waiting for this run. */
const CATCH_UP_CHUNK = 128 << 10;

export class Run {
  /** Event files in name order. */
  tails: RecordTail[] = [];
  store = new RunStore();
  /** Per file: the first unreadable record and how many there were. */
  readonly badRecords = new Map<string, { message: string; count: number }>();
  private loading: Promise<void> | null = null;

  constructor(readonly name: string, readonly dir: string, private readonly scheduler: ReadScheduler) {}

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
    for (const t of this.tails) {
      if (!t.pending) continue;
      try {
        const n = t.read(budget, (data, offset) => this.ingest(t.path, data, offset)).consumed;
        if (!this.pending) this.store.trim();
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
