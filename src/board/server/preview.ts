// A quick look at data not read yet: while a large backlog is being read (by the parse
// workers), a chart request gets the points read so far plus a preview of the rest, taken from
// records sampled at evenly spaced byte positions of the unread part of the files. A position
// that falls inside a record is moved to the next record start, found by its framing (a length
// whose masked CRC follows it, and data whose CRC matches). The page refetches as reading
// progresses (SSE updates), so the preview is refined into the full series.

import { closeSync, openSync, readSync } from 'node:fs';
import { maskedCrc32c } from '../../io/crc32c.js';
import { maskedCrcRange } from './crc.js';
import { ingestEvent } from './events.js';
import { RunStore } from './series.js';
import type { RecordTail } from './tail.js';

/** Bytes looked at from each sampled position (records longer than this are not sampled). */
const WINDOW = 2 << 10;
/** An unread part up to this size is read whole (one read), larger ones window by window. */
const WHOLE = 256 << 10;

export interface Preview { wall: number[]; step: number[]; value: number[] }

/** The first whole, CRC-valid record at or after `q` in `buf[0, n)`: [start of data, length], or null. */
function findRecord(buf: Buffer, q: number, n: number): [number, number] | null {
  for (; q + 16 <= n; q++) {
    if (buf[q + 4] | buf[q + 5] | buf[q + 6] | buf[q + 7]) continue;      // lengths are < 2^32
    const len = buf.readUInt32LE(q);
    if (q + 16 + len > n) continue;
    if (maskedCrcRange(buf, q, q + 8) !== buf.readUInt32LE(q + 8)) continue;
    if (maskedCrc32c(buf.subarray(q + 12, q + 12 + len)) !== buf.readUInt32LE(q + 12 + len)) continue;
    return [q + 12, len];
  }
  return null;
}

/**
 * A store of about `samples` records spread over the unread bytes of `tails`, in file order
 * (`plugins`: the run's known tag plugins, for TF 2 tensor scalars).
 */
export function sampleUnread(tails: readonly RecordTail[], samples: number, plugins: ReadonlyMap<string, string>): RunStore {
  const parts = tails.filter(t => !t.corrupt && t.size > t.offset);
  const total = parts.reduce((a, t) => a + (t.size - t.offset), 0);
  const store = new RunStore();
  for (const [k, v] of plugins) store.plugins.set(k, v);
  for (const t of parts) {
    const from = t.offset, bytes = t.size - t.offset;
    const k = Math.max(1, Math.round((samples * bytes) / total));
    let fd: number;
    try { fd = openSync(t.path, 'r'); } catch { continue; }
    try {
      const take = (buf: Buffer, base: number, q: number, n: number) => {
        const r = findRecord(buf, q, n);
        if (!r) return;
        try { ingestEvent(store, t.path, base + r[0] - 12, buf.subarray(r[0], r[0] + r[1])); } catch { /* not an Event: skip */ }
      };
      if (bytes <= WHOLE) {
        const buf = Buffer.allocUnsafe(bytes);
        const n = readSync(fd, buf, 0, bytes, from);
        for (let j = 0; j < k; j++) take(buf, from, Math.floor((j * n) / k), n);
      } else {
        const buf = Buffer.allocUnsafe(WINDOW);
        for (let j = 0; j < k; j++) {
          const pos = from + Math.floor((j * bytes) / k);
          const n = readSync(fd, buf, 0, Math.min(WINDOW, t.size - pos), pos);
          take(buf, pos, 0, n);
        }
      }
    } catch { /* the file changed under us: a preview is best effort */ } finally {
      closeSync(fd);
    }
  }
  return store;
}

/** The scalars of `tag` in a sampled store, one point per record. */
export function previewOf(store: RunStore, tag: string): Preview {
  const s = store.scalars.get(tag);
  const out: Preview = { wall: [], step: [], value: [] };
  if (!s) return out;
  for (let i = 0; i < s.length; i++) {
    // two samples may land on the same record: keep one
    if (i && s.step[i] === s.step[i - 1] && s.wall[i] === s.wall[i - 1]) continue;
    out.wall.push(s.wall[i]); out.step.push(s.step[i]); out.value.push(s.value[i]);
  }
  return out;
}

/** Scalars of `tag` from about `samples` records spread over the unread bytes of `tails`. */
export function previewScalars(tails: readonly RecordTail[], tag: string, samples: number, plugins: ReadonlyMap<string, string>): Preview {
  return previewOf(sampleUnread(tails, samples, plugins), tag);
}
