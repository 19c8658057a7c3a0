// A parse worker (node:worker_threads): reads the backlog of one run's event files, from the
// positions the main thread hands over, into a RunStore of its own and sends back what it read
// (scalar columns as transferred buffers) and where each file's reading stopped. Reading is
// the same code as on the main thread (RecordTail + ingestEvent), so behaviour is identical.

import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { BadEventError, ingestEvent } from './events.js';
import { RunStore } from './series.js';
import { RecordTail, ShrunkError } from './tail.js';
import type { ParseJob, ParseResult } from './parse_pool.js';

/** Bytes given to RecordTail.read at a time. */
const READ_CHUNK = 1 << 20;

export function parseJob(job: ParseJob): { result: ParseResult; transfer: ArrayBuffer[] } {
  const store = new RunStore();
  for (const [tag, plugin] of job.plugins) store.plugins.set(tag, plugin);
  const bad = new Map<string, { message: string; count: number }>();
  const tails = job.files.map(s => { const t = new RecordTail(s.path); t.restore(s); return t; });
  let used = 0, shrunk = false;
  outer: for (const t of tails) {
    const sink = (data: Buffer, offset: number) => {
      try {
        ingestEvent(store, t.path, offset, data);
      } catch (e) {
        if (!(e instanceof BadEventError)) throw e;
        const b = bad.get(t.path);
        if (b) b.count++; else bad.set(t.path, { message: e.message, count: 1 });
      }
    };
    while (t.pending && used < job.budget) {
      let n: number;
      try {
        n = t.read(READ_CHUNK, sink).consumed;
      } catch (e) {
        if (e instanceof ShrunkError) { shrunk = true; break outer; }
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') { t.corrupt = 'the file disappeared'; break; }
        throw e;
      }
      if (!n) break;
      used += n;
    }
    if (used >= job.budget) break;
  }
  const delta = store.toDelta();
  const transfer: ArrayBuffer[] = [];
  for (const [, d] of delta.scalars) transfer.push(d.wall.buffer as ArrayBuffer, d.step.buffer as ArrayBuffer, d.value.buffer as ArrayBuffer);
  return { result: { id: job.id, tails: tails.map(t => t.state()), bad: [...bad], delta, shrunk, bytes: used }, transfer };
}

if (parentPort) {
  const port = parentPort;
  // below the main thread (on Linux this applies to this thread only): requests are answered
  // first, and the training that writes the logs is not slowed down by the reading
  try { setPriority(0, 5); } catch { /* not allowed: keep the default */ }
  port.on('message', (job: ParseJob) => {
    try {
      const { result, transfer } = parseJob(job);
      port.postMessage(result, transfer);
    } catch (e) {
      port.postMessage({ id: job.id, error: (e as Error).message ?? String(e) });
    }
  });
}
