// Re-reading one record of an event file: images, audio clips and graphs are not kept in
// memory; the store remembers where they are and they are read again when asked for.

import { closeSync, openSync, readSync } from 'node:fs';
import { maskedCrc32c } from '../../io/crc32c.js';
import { decodeProto, type ProtoObject } from '../../summary/proto_util.js';
import type { MediaRef } from './series.js';

/** The payload of the record starting at `offset` of `file` (CRC-checked). */
export function readRecordAt(file: string, offset: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(12);
    if (readSync(fd, head, 0, 12, offset) !== 12) throw new Error(`${file}: no record at ${offset}`);
    const len = Number(head.readBigUInt64LE(0));
    const body = Buffer.allocUnsafe(len + 4);
    let got = 0;
    while (got < body.length) {
      const k = readSync(fd, body, got, body.length - got, offset + 12 + got);
      if (!k) throw new Error(`${file}: the record at ${offset} is cut short`);
      got += k;
    }
    const data = body.subarray(0, len);
    if (maskedCrc32c(data) !== body.readUInt32LE(len)) throw new Error(`${file}: the record at ${offset} changed on disk`);
    return data;
  } finally {
    closeSync(fd);
  }
}

/** The decoded Event at `offset` of `file`. */
export function eventAt(file: string, offset: number): ProtoObject {
  return decodeProto('Event', readRecordAt(file, offset));
}

/** The encoded bytes (PNG, WAV) of a media value. */
export function mediaBytes(ref: MediaRef): Buffer {
  const ev = eventAt(ref.file, ref.offset);
  const v = (((ev.summary as ProtoObject | undefined)?.value ?? []) as ProtoObject[])[ref.value];
  if (!v) throw new Error(`${ref.file}: the record at ${ref.offset} has no value ${ref.value}`);
  let bytes: Uint8Array | undefined;
  if (ref.sample >= 0) bytes = (((v.tensor as ProtoObject | undefined)?.string_val ?? []) as Uint8Array[])[ref.sample];
  else bytes = ((v.image ?? v.audio) as ProtoObject | undefined)?.[v.image ? 'encoded_image_string' : 'encoded_audio_string'] as Uint8Array | undefined;
  if (!bytes) throw new Error(`${ref.file}: the value at ${ref.offset} holds no media`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
