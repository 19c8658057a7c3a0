// TFRecord framing (tensorflow/core/lib/io/record_writer.cc): each record is
//   uint64 length (LE) | uint32 masked crc32c(length) | data | uint32 masked crc32c(data)
// with no file header. Event files are TFRecords of serialized Event protos.

import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { maskedCrc32c } from '../io/crc32c.js';

/** The framed bytes of one record. */
export function encodeRecord(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(data.length + 16);
  out.writeBigUInt64LE(BigInt(data.length), 0);
  out.writeUInt32LE(maskedCrc32c(out.subarray(0, 8)), 8);
  out.set(data, 12);
  out.writeUInt32LE(maskedCrc32c(data), 12 + data.length);
  return out;
}

/**
 * Writes records to a file (tf.io.TFRecordWriter / tf.python_io.TFRecordWriter). Each
 * write goes straight to the file; `flush()` also syncs it to disk.
 *
 * ```ts
 * const w = new tf.io.TFRecordWriter('/tmp/data.tfrecord');
 * w.write(Buffer.from('hello'));
 * w.write('world');
 * w.close();
 * ```
 */
export class TFRecordWriter {
  readonly path: string;
  private fd: number | null;

  constructor(path: string, opts: { append?: boolean } = {}) {
    this.path = path;
    this.fd = openSync(path, opts.append ? 'a' : 'w');
  }

  /** Appends one record (a string is written as its UTF-8 bytes). */
  write(record: Uint8Array | string): void {
    if (this.fd === null) throw new Error(`TFRecordWriter for '${this.path}' is closed.`);
    const data = typeof record === 'string' ? Buffer.from(record, 'utf8') : record;
    writeAll(this.fd, encodeRecord(data));
  }

  flush(): void {
    if (this.fd !== null) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try { fsyncSync(fd); } finally { closeSync(fd); }
  }
}

/** writeSync until every byte is written. */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}
