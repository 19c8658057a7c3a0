// Incremental TFRecord reading for a file that may still be growing: remembers the offset of
// the next record and reads only new bytes. A record that is not all there yet (a writer in
// the middle of a write, or a file cut short) is left for the next poll; one that fails its
// checksum ends reading of the file, with a warning.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { maskedCrc32c } from '../../io/crc32c.js';
import { maskedCrcRange } from './crc.js';

const HEADER = 12;
const FOOTER = 4;
/** Larger records are taken for damage (TF's own limit for a GraphDef is 2 GiB; summaries are far smaller). */
const MAX_RECORD = 1 << 30;

export type RecordSink = (data: Buffer, offset: number) => void;

export interface TailStep {
  /** Bytes of whole records consumed. */
  consumed: number;
  /** The file holds more bytes than were consumed (either more records, or an incomplete one). */
  more: boolean;
}

export interface TailState {
  path: string; offset: number; size: number; corrupt: string | null;
  partial: { offset: number; size: number; since: number } | null; ino: number | null;
}

/** The reading position in one event file. */
export class RecordTail {
  /** Where the next record starts. */
  offset = 0;
  /** The file's size when last looked at. */
  size = 0;
  /** Set when a record failed its checksum; the file is not read further. */
  corrupt: string | null = null;
  /** Set while the file ends inside a record: the offset of that record, and since when (ms). */
  partial: { offset: number; size: number; since: number } | null = null;

  /** The file's inode when first read: another one means the file was replaced. */
  private ino: number | null = null;

  constructor(readonly path: string) {}

  /** The reading position as data (for a parse worker, and back). */
  state(): TailState {
    return { path: this.path, offset: this.offset, size: this.size, corrupt: this.corrupt, partial: this.partial, ino: this.ino };
  }

  restore(s: TailState): void {
    this.offset = s.offset; this.size = s.size; this.corrupt = s.corrupt; this.partial = s.partial; this.ino = s.ino;
  }

  /** Whether there may be complete records left to read (given the size last seen). */
  get pending(): boolean {
    if (this.corrupt) return false;
    if (this.partial) return this.size !== this.partial.size;
    return this.size !== this.offset;                          // smaller: rewritten, read() says so
  }

  /**
   * Reads the complete records from `offset` on, about `budget` bytes of them (a record larger
   * than the budget is read whole), giving each to `sink`. Throws only for I/O errors.
   */
  read(budget: number, sink: RecordSink): TailStep {
    if (this.corrupt) return { consumed: 0, more: false };
    const fd = openSync(this.path, 'r');
    try {
      const st = fstatSync(fd);
      const size = st.size;
      this.size = size;
      if (size < this.offset || (this.ino !== null && st.ino !== this.ino)) throw new ShrunkError(this.path, size, this.offset);
      this.ino = st.ino;
      const start = this.offset;
      const n = Math.min(size - start, Math.max(budget, HEADER));
      const buf = Buffer.allocUnsafe(n);
      readFull(fd, buf, start);
      let p = 0;
      while (p + HEADER <= n) {
        const len = buf.readUInt32LE(p) + buf.readUInt32LE(p + 4) * 2 ** 32;
        if (maskedCrcRange(buf, p, p + 8) !== buf.readUInt32LE(p + 8)) {
          this.corrupt = `corrupted record at ${start + p} (the checksum of the record length does not match); the rest of the file is skipped`;
          break;
        }
        if (len > MAX_RECORD) {
          this.corrupt = `record at ${start + p} claims ${len} bytes, more than the ${MAX_RECORD >> 20} MiB the board reads; the rest of the file is skipped`;
          break;
        }
        const total = HEADER + len + FOOTER;
        let rec = buf, at = p;
        if (p + total > n) {
          if (start + p + total > size || p > 0) break;       // incomplete, or next round
          rec = Buffer.allocUnsafe(total);                      // one record bigger than the budget
          readFull(fd, rec, start);
          at = 0;
        }
        const data = rec.subarray(at + HEADER, at + HEADER + len);
        if (maskedCrc32c(data) !== rec.readUInt32LE(at + HEADER + len)) {
          this.corrupt = `corrupted record at ${start + p} (the checksum of the ${len}-byte record data does not match); the rest of the file is skipped`;
          break;
        }
        p += total;
        this.offset = start + p;
        sink(data, start + p - total);
      }
      const end = this.offset;
      if (!this.corrupt && end < size && isIncomplete(buf, end - start, n, size - start)) {
        // counted from the file's last change: a file cut short long ago is reported at once
        if (!this.partial || this.partial.offset !== end || this.partial.size !== size) {
          this.partial = { offset: end, size, since: Math.min(Date.now(), st.mtimeMs) };
        }
      } else this.partial = null;
      return { consumed: end - start, more: !this.corrupt && end < size && !this.partial };
    } finally {
      closeSync(fd);
    }
  }

  /** A warning for the file's state, or null: corrupt, or cut short for longer than `graceMs`. */
  problem(graceMs: number, now = Date.now()): string | null {
    if (this.corrupt) return this.corrupt;
    if (this.partial && now - this.partial.since >= graceMs) {
      const have = this.partial.size - this.partial.offset;
      return `truncated record at ${this.partial.offset} (the file ends ${have} bytes into it); waiting for the rest`;
    }
    return null;
  }
}

/** Whether the bytes from `p` (relative to the read start) hold only the start of a record. */
function isIncomplete(buf: Buffer, p: number, n: number, avail: number): boolean {
  if (avail - p < HEADER) return true;                     // not even a whole header
  if (p + HEADER > n) return false;                        // beyond this read's budget: not known yet
  const len = Number(buf.readBigUInt64LE(p));
  return p + HEADER + len + FOOTER > avail;
}

function readFull(fd: number, buf: Buffer, at: number): void {
  let got = 0;
  while (got < buf.length) {
    const k = readSync(fd, buf, got, buf.length - got, at + got);
    if (!k) throw new ShrunkError('', at + got, at + buf.length);
    got += k;
  }
}

/** The file got shorter than what was already read, or is another file: it was replaced or rewritten. */
export class ShrunkError extends Error {
  constructor(path: string, size: number, offset: number) {
    super(`${path}: the file was replaced or rewritten (${size} bytes now, ${offset} already read)`);
  }
}
