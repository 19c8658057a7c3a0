// A pool of parse workers (parse_worker.ts) so that the first reading of a large log
// directory uses every core: each job reads one run's backlog (up to a byte budget) off the
// main thread, which only merges the results. Jobs asked for by a request go before background
// ones. Workers start on the first job and do not keep the process alive.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { StoreDelta } from './series.js';
import type { TailState } from './tail.js';

export interface ParseJob { id: number; files: TailState[]; plugins: [string, string][]; budget: number }

export interface ParseResult {
  id: number; tails: TailState[]; bad: [string, { message: string; count: number }][];
  delta: StoreDelta; shrunk: boolean; bytes: number; error?: undefined;
}

interface Pending {
  make: () => Omit<ParseJob, 'id'>;
  resolve: (r: ParseResult) => void;
  reject: (e: Error) => void;
  urgent: boolean;
}

/** Default number of workers: the hardware threads, at most 8. */
export function defaultParseWorkers(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

export class ParsePool {
  private readonly workers: { worker: Worker; job: (Pending & { id: number }) | null }[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Jobs finished (for tests and the benchmark). */
  jobsDone = 0;

  /** Set when a worker failed before finishing any job (it cannot start): every job is refused. */
  broken: Error | null = null;

  constructor(readonly size: number, private readonly workerUrl: URL = new URL('./parse_worker.js', import.meta.url)) {}

  /**
   * Queues a job; `make` builds its input when a worker takes it (so the positions handed over
   * are the newest). `urgent` jobs (a request waits) go before the others.
   */
  run(make: () => Omit<ParseJob, 'id'>, urgent: boolean): { done: Promise<ParseResult>; hurry(): void } {
    let entry!: Pending;
    const done = new Promise<ParseResult>((resolve, reject) => { entry = { make, resolve, reject, urgent }; });
    if (this.closed || this.broken) { entry.reject(this.broken ?? new Error('the parse pool is closed')); return { done, hurry() {} }; }
    this.enqueue(entry);
    this.dispatch();
    return {
      done,
      hurry: () => {
        const i = this.queue.indexOf(entry);
        if (i < 0 || entry.urgent) return;
        this.queue.splice(i, 1);
        entry.urgent = true;
        this.enqueue(entry);
      },
    };
  }

  private enqueue(e: Pending): void {
    if (!e.urgent) { this.queue.push(e); return; }
    const i = this.queue.findIndex(q => !q.urgent);
    if (i < 0) this.queue.push(e); else this.queue.splice(i, 0, e);
  }

  private dispatch(): void {
    while (this.queue.length && !this.closed) {
      let slot = this.workers.find(w => !w.job);
      if (!slot && this.workers.length < this.size) {
        try { slot = this.spawn(); } catch (e) {
          this.broken = e as Error;
          for (const p of this.queue.splice(0)) p.reject(this.broken);
          return;
        }
      }
      if (!slot) return;
      const p = this.queue.shift()!;
      let input: Omit<ParseJob, 'id'>;
      try { input = p.make(); } catch (e) { p.reject(e as Error); continue; }
      const id = this.nextId++;
      slot.job = { ...p, id };
      slot.worker.ref();
      slot.worker.postMessage({ ...input, id });
    }
  }

  private spawn(): { worker: Worker; job: (Pending & { id: number }) | null } {
    const worker = new Worker(this.workerUrl);
    const slot = { worker, job: null as (Pending & { id: number }) | null };
    let finished = 0;
    worker.unref();
    worker.on('message', (r: ParseResult | { id: number; error: string }) => {
      const job = slot.job;
      slot.job = null;
      worker.unref();
      if (job) {
        this.jobsDone++;
        finished++;
        if (r.error !== undefined) job.reject(new Error(r.error)); else job.resolve(r as ParseResult);
      }
      this.dispatch();
    });
    const fail = (e: Error) => {
      const i = this.workers.indexOf(slot);
      if (i < 0) return;                                         // already handled ('error' then 'exit')
      this.workers.splice(i, 1);
      const job = slot.job;
      slot.job = null;
      job?.reject(e);
      if (!finished && !this.closed) {
        // it never got to work: do not keep spawning; the runs are read on the main thread
        this.broken = e;
        for (const p of this.queue.splice(0)) p.reject(e);
        return;
      }
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', code => fail(new Error(`a parse worker exited (code ${code})`)));
    this.workers.push(slot);
    return slot;
  }

  /** Ends the workers; queued and running jobs are rejected. */
  close(): void {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the parse pool is closed'));
    for (const { worker, job } of this.workers.splice(0)) {
      job?.reject(new Error('the parse pool is closed'));
      void worker.terminate();
    }
  }
}
