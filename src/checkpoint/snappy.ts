// Snappy block decompression (the format of LevelDB/TF table blocks with compression type
// 1): a varint uncompressed length, then literals and back-references. TF's bundle writer
// never compresses, but TableOptions' default is snappy, so readers accept it.

import { readVarint, readFixed32 } from './coding.js';

export class SnappyError extends Error {}

export function snappyUncompress(src: Uint8Array): Uint8Array {
  const head = readVarint(src, 0);
  if (!head || head[0] > 0x7fffffff) throw new SnappyError('corrupted compressed block contents');
  const [n, start] = head;
  const out = new Uint8Array(n);
  let ip = start, op = 0;
  while (ip < src.length) {
    const tag = src[ip++];
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (ip + extra > src.length) throw new SnappyError('corrupted compressed block contents');
        len = 0;
        for (let i = 0; i < extra; i++) len += src[ip + i] * 2 ** (8 * i);
        ip += extra;
      }
      len += 1;
      if (ip + len > src.length || op + len > n) throw new SnappyError('corrupted compressed block contents');
      out.set(src.subarray(ip, ip + len), op);
      ip += len; op += len;
      continue;
    }
    let len: number, offset: number;
    if (kind === 1) {
      if (ip + 1 > src.length) throw new SnappyError('corrupted compressed block contents');
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | src[ip++];
    } else if (kind === 2) {
      if (ip + 2 > src.length) throw new SnappyError('corrupted compressed block contents');
      len = (tag >>> 2) + 1;
      offset = src[ip] | (src[ip + 1] << 8);
      ip += 2;
    } else {
      if (ip + 4 > src.length) throw new SnappyError('corrupted compressed block contents');
      len = (tag >>> 2) + 1;
      offset = readFixed32(src, ip);
      ip += 4;
    }
    if (offset === 0 || offset > op || op + len > n) throw new SnappyError('corrupted compressed block contents');
    // byte by byte: copies may overlap their own output (run-length style)
    for (let i = 0; i < len; i++, op++) out[op] = out[op - offset];
  }
  if (op !== n) throw new SnappyError('corrupted compressed block contents');
  return out;
}
