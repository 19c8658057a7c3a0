// Reading TFRecord files (tensorflow/core/lib/io/record_reader.cc): verifies both masked
// CRC32Cs of every record and reports a truncated or corrupt record as a DataLossError
// naming the file and the byte offset where the bad record starts.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DataLossError, NotFoundError } from '../framework/errors.js';
import { maskedCrc32c } from '../io/crc32c.js';

const HEADER = 12;
const FOOTER = 4;

/** One record's payload and where its framing starts in the file. */
export interface RecordAt { offset: number; data: Buffer }

/** Something to read records from: a path, or bytes (with a name for messages). */
type Reader = { name: string; size: number; read(buf: Buffer, at: number): number; close(): void };

function fileReader(path: string): Reader {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch (e) {
    throw new (errorFor(e))(`${path}: cannot open the record file (${(e as Error).message})`);
  }
  return {
    name: path, size: fstatSync(fd).size,
    read: (buf, at) => { let n = 0; while (n < buf.length) { const k = readSync(fd, buf, n, buf.length - n, at + n); if (!k) break; n += k; } return n; },
    close: () => closeSync(fd),
  };
}

function bytesReader(bytes: Uint8Array, name: string): Reader {
  const src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { name, size: src.length, read: (buf, at) => src.copy(buf, 0, at, Math.min(at + buf.length, src.length)), close: () => {} };
}

function* records(r: Reader): Generator<RecordAt> {
  const head = Buffer.alloc(HEADER);
  let offset = 0;
  try {
    while (offset < r.size) {
      const got = r.read(head, offset);
      if (got < HEADER) throw truncated(r.name, offset, `the file ends ${got} bytes into the 12-byte record header`);
      const len = head.readBigUInt64LE(0);
      if (maskedCrc32c(head.subarray(0, 8)) !== head.readUInt32LE(8)) {
        throw new DataLossError(`${r.name}: corrupted record at ${offset} (the checksum of the record length does not match; not a TFRecord file, or damaged)`);
      }
      const remaining = r.size - offset - HEADER;
      if (len > BigInt(remaining)) {
        throw truncated(r.name, offset, `the record holds ${len} bytes plus a 4-byte checksum but only ${remaining} bytes remain`);
      }
      const n = Number(len);
      if (n + FOOTER > remaining) throw truncated(r.name, offset, `the record's 4-byte data checksum is missing (${remaining - n} of 4 bytes present)`);
      const body = Buffer.allocUnsafe(n + FOOTER);
      r.read(body, offset + HEADER);
      const data = body.subarray(0, n);
      if (maskedCrc32c(data) !== body.readUInt32LE(n)) {
        throw new DataLossError(`${r.name}: corrupted record at ${offset} (the checksum of the ${n}-byte record data does not match)`);
      }
      yield { offset, data };
      offset += HEADER + n + FOOTER;
    }
  } finally {
    r.close();
  }
}

function truncated(name: string, offset: number, why: string): Error {
  return new DataLossError(`${name}: truncated record at ${offset} (${why})`);
}

function errorFor(e: unknown): typeof DataLossError {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT' ? NotFoundError : DataLossError;
}

/**
 * Yields the payload of every record of a TFRecord file (tf.io.tf_record_iterator /
 * tf.python_io.tf_record_iterator), checking lengths and CRCs. Throws DataLossError naming
 * the file and offset of a truncated or corrupt record; NotFoundError for a missing file.
 *
 * ```ts
 * const w = new tf.io.TFRecordWriter('/tmp/data.tfrecord');
 * w.write('hello');
 * w.close();
 * const records = [...tf.io.tfRecordIterator('/tmp/data.tfrecord')].map(r => r.toString());   // ['hello']
 * ```
 */
export function* tfRecordIterator(path: string): Generator<Buffer> {
  for (const r of records(fileReader(path))) yield r.data;
}

/** Like tfRecordIterator, also giving each record's byte offset; reads a path or bytes. */
export function readRecords(source: string | Uint8Array, name = '<bytes>'): Generator<RecordAt> {
  return records(typeof source === 'string' ? fileReader(source) : bytesReader(source, name));
}
