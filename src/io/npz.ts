// NumPy's .npz archives (np.savez / np.savez_compressed): a zip file of `<name>.npy` members,
// stored or deflated. A small zip reader/writer (with the zip64 fields numpy's zipfile
// writes, force_zip64=True), so no dependency.

import { writeFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { NDArray, toNDArray, type ValueLike } from '../framework/ndarray.js';
import { ValueError } from '../framework/errors.js';
import { decodeNpy, readSource, writeNpy, type NpySource } from './npy.js';

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

interface Entry { name: string; method: number; crc: number; csize: number; usize: number; offset: number }

function centralDirectory(b: Buffer, fail: (m: string) => Error): Entry[] {
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw fail('not a zip file (no end of central directory record; truncated?)');
  let count = b.readUInt16LE(eocd + 10);
  let cdOffset = b.readUInt32LE(eocd + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && b.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z = Number(b.readBigUInt64LE(eocd - 12));
    if (z + 56 > b.length || b.readUInt32LE(z) !== 0x06064b50) throw fail('corrupt zip64 end of central directory');
    count = Number(b.readBigUInt64LE(z + 32));
    cdOffset = Number(b.readBigUInt64LE(z + 48));
  }
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) throw fail(`corrupt central directory entry ${k}`);
    const nameLen = b.readUInt16LE(p + 28), extraLen = b.readUInt16LE(p + 30), commentLen = b.readUInt16LE(p + 32);
    const e: Entry = {
      name: b.toString('utf8', p + 46, p + 46 + nameLen), method: b.readUInt16LE(p + 10), crc: b.readUInt32LE(p + 16),
      csize: b.readUInt32LE(p + 20), usize: b.readUInt32LE(p + 24), offset: b.readUInt32LE(p + 42),
    };
    // zip64 extra field: the 64-bit values of whichever fields are 0xffffffff, in this order
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
      const id = b.readUInt16LE(x), size = b.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        const next = (): number => { const v = Number(b.readBigUInt64LE(q)); q += 8; return v; };
        if (e.usize === 0xffffffff) e.usize = next();
        if (e.csize === 0xffffffff) e.csize = next();
        if (e.offset === 0xffffffff) e.offset = next();
      }
      x += 4 + size;
    }
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * Reads a NumPy .npz archive (np.load of np.savez output) into `{name: NDArray}`.
 *
 * ```ts
 * const {w, b} = tf.io.loadNpz('model.npz');
 * ```
 */
export function loadNpz(source: NpySource, opts: { name?: string } = {}): Record<string, NDArray> {
  const { bytes, name } = readSource(source, opts.name);
  const fail = (m: string): ValueError => new ValueError(`Failed to read ${name}: ${m}`);
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 22) throw fail(`not a zip file (${b.length} bytes)`);
  let entries: Entry[];
  try { entries = centralDirectory(b, fail); } catch (e) {
    if (e instanceof RangeError) throw fail('corrupt zip archive (a record points past the end of the file)');
    throw e;
  }
  const out: Record<string, NDArray> = {};
  for (const e of entries) {
    if (e.name.endsWith('/')) continue; // a directory entry
    const member = `${name} member '${e.name}'`;
    if (e.offset + 30 > b.length || b.readUInt32LE(e.offset) !== 0x04034b50) throw fail(`corrupt local header of '${e.name}'`);
    const start = e.offset + 30 + b.readUInt16LE(e.offset + 26) + b.readUInt16LE(e.offset + 28);
    if (start + e.csize > b.length) throw fail(`'${e.name}' is truncated`);
    const stored = b.subarray(start, start + e.csize);
    let data: Buffer;
    if (e.method === 0) data = stored;
    else if (e.method === 8) {
      try { data = inflateRawSync(stored); } catch (err) { throw fail(`cannot inflate '${e.name}': ${(err as Error).message}`); }
    } else throw fail(`'${e.name}' uses zip compression method ${e.method}; only stored (0) and deflate (8) are supported`);
    if (data.length !== e.usize || crc32(data) !== e.crc) throw fail(`'${e.name}' is corrupt (size or CRC-32 mismatch)`);
    out[e.name.replace(/\.npy$/, '')] = decodeNpy(data, member);
  }
  return out;
}

/**
 * Writes arrays as a .npz archive (np.savez; np.savez_compressed with `{compressed: true}`)
 * and returns the bytes; also writes them to `path` unless it is null.
 */
export function writeNpz(path: string | URL | null, arrays: Record<string, NDArray | ValueLike>,
                         opts: { compressed?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [key, value] of Object.entries(arrays)) {
    const name = Buffer.from(`${key}.npy`, 'utf8');
    const data = writeNpy(null, value instanceof NDArray ? value : toNDArray(value));
    const body = opts.compressed ? deflateRawSync(data) : data;
    if (offset + body.length > 0xfffffff0 || data.length > 0xfffffff0) throw new RangeError('writeNpz: archives over 4 GiB are not supported');
    const method = opts.compressed ? 8 : 0;
    const crc = crc32(data);
    const flags = /[^\x20-\x7e]/.test(key) ? 0x0800 : 0; // names are UTF-8
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8); local.writeUInt16LE(0, 10); local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(body.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26); local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 30); // flags .. name length, same layout
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(arrays).length, 8); end.writeUInt16LE(Object.keys(arrays).length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  const out = Buffer.concat([...locals, cd, end]);
  if (path !== null) writeFileSync(path, out);
  return out;
}
