// The sorted string table of a checkpoint's .index file: TensorFlow's copy of LevelDB's
// table format (core/lib/io/table_builder.cc, block_builder.cc, format.cc, table.cc).
//
//   file   = data block* | metaindex block | index block | footer (48 bytes)
//   block  = entries | restart offsets (uint32 LE each) | num_restarts (uint32 LE)
//            followed by a 5-byte trailer: compression type, masked crc32c(contents + type)
//   entry  = varint32 shared | varint32 unshared | varint32 value_len | key delta | value
//   footer = metaindex handle | index handle (varint64 offset, size each), zero-padded to
//            40 bytes | magic 0xdb4775248b80fb57 (LE)
//
// The writer reproduces TF's bytes exactly (block size 256 KiB, restart interval 16, index
// keys shortened with FindShortestSeparator / FindShortSuccessor, no compression).

import { ByteWriter, readFixed32, readVarint } from './coding.js';
import { crc32c, maskCrc, unmaskCrc } from '../io/crc32c.js';
import { snappyUncompress, SnappyError } from './snappy.js';
import { DataLossError } from '../framework/errors.js';

export const TABLE_MAGIC_LO = 0x8b80fb57;
export const TABLE_MAGIC_HI = 0xdb477524;
export const FOOTER_SIZE = 48;
const BLOCK_TRAILER_SIZE = 5;
const MAX_HANDLE_SIZE = 20;

export const NO_COMPRESSION = 0;
export const SNAPPY_COMPRESSION = 1;

export interface TableOptions {
  /** Target uncompressed size of a data block (TF: 262144). */
  blockSize?: number;
  /** Keys between restart points (TF: 16; the index block always uses 1). */
  blockRestartInterval?: number;
}

/** Bytewise comparison, as LevelDB's BytewiseComparator. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

class BlockBuilder {
  private out = new ByteWriter(1024);
  private restarts: number[] = [0];
  private counter = 0;
  private lastKey: Uint8Array = new Uint8Array(0);
  constructor(private readonly restartInterval: number) {}

  get empty(): boolean { return this.out.length === 0; }
  currentSizeEstimate(): number { return this.out.length + this.restarts.length * 4 + 4; }

  add(key: Uint8Array, value: Uint8Array): void {
    let shared = 0;
    if (this.counter < this.restartInterval) {
      const n = Math.min(this.lastKey.length, key.length);
      while (shared < n && this.lastKey[shared] === key[shared]) shared++;
    } else {
      this.restarts.push(this.out.length);
      this.counter = 0;
    }
    this.out.varint(shared);
    this.out.varint(key.length - shared);
    this.out.varint(value.length);
    this.out.bytes(key.subarray(shared));
    this.out.bytes(value);
    this.lastKey = key;
    this.counter++;
  }

  finish(): Uint8Array {
    for (const r of this.restarts) this.out.fixed32(r);
    this.out.fixed32(this.restarts.length);
    return this.out.toBytes();
  }

  reset(): void {
    this.out.reset();
    this.restarts = [0];
    this.counter = 0;
    this.lastKey = new Uint8Array(0);
  }
}

/** The shortest key k with start <= k < limit when one is easily found (else start). */
function shortestSeparator(start: Uint8Array, limit: Uint8Array): Uint8Array {
  const n = Math.min(start.length, limit.length);
  let i = 0;
  while (i < n && start[i] === limit[i]) i++;
  if (i >= n) return start; // one is a prefix of the other
  const b = start[i];
  if (b < 0xff && b + 1 < limit[i]) {
    const out = start.slice(0, i + 1);
    out[i]++;
    return out;
  }
  return start;
}

/** A short key >= key (the first byte that can be incremented, incremented; the rest dropped). */
function shortSuccessor(key: Uint8Array): Uint8Array {
  for (let i = 0; i < key.length; i++) {
    if (key[i] !== 0xff) {
      const out = key.slice(0, i + 1);
      out[i]++;
      return out;
    }
  }
  return key;
}

function encodeHandle(w: ByteWriter, offset: number, size: number): void {
  w.varint(offset);
  w.varint(size);
}

/** Builds an SSTable in memory; keys must be added in strictly increasing bytewise order. */
export class TableBuilder {
  private readonly blockSize: number;
  private readonly file = new ByteWriter(4096);
  private readonly dataBlock: BlockBuilder;
  private readonly indexBlock = new BlockBuilder(1);
  private lastKey: Uint8Array | null = null;
  private pendingHandle: [number, number] | null = null;
  private closed = false;

  constructor(opts: TableOptions = {}) {
    this.blockSize = opts.blockSize ?? 262144;
    this.dataBlock = new BlockBuilder(opts.blockRestartInterval ?? 16);
  }

  add(key: Uint8Array, value: Uint8Array): void {
    if (this.closed) throw new Error('TableBuilder: add() after finish()');
    if (this.lastKey !== null) {
      if (compareBytes(key, this.lastKey) <= 0) {
        throw new Error(`TableBuilder: keys must be added in increasing order ('${Buffer.from(key).toString()}' after '${Buffer.from(this.lastKey).toString()}')`);
      }
      // an entry twice the block size gets a block of its own
      if (key.length + value.length >= 2 * this.blockSize) this.flush();
    }
    if (this.pendingHandle) {
      this.addIndexEntry(shortestSeparator(this.lastKey!, key));
    }
    this.lastKey = key;
    this.dataBlock.add(key, value);
    if (this.dataBlock.currentSizeEstimate() >= this.blockSize) this.flush();
  }

  private addIndexEntry(key: Uint8Array): void {
    const h = new ByteWriter(MAX_HANDLE_SIZE);
    encodeHandle(h, this.pendingHandle![0], this.pendingHandle![1]);
    this.indexBlock.add(key, h.toBytes());
    this.pendingHandle = null;
  }

  private flush(): void {
    if (this.dataBlock.empty) return;
    this.pendingHandle = this.writeBlock(this.dataBlock);
  }

  private writeBlock(block: BlockBuilder): [number, number] {
    const contents = block.finish();
    block.reset();
    const offset = this.file.length;
    this.file.bytes(contents);
    const type = Uint8Array.of(NO_COMPRESSION);
    this.file.byte(NO_COMPRESSION);
    this.file.fixed32(maskCrc(crc32c(type, crc32c(contents))));
    return [offset, contents.length];
  }

  /** Writes the metaindex and index blocks and the footer; returns the whole file. */
  finish(): Uint8Array {
    this.flush();
    this.closed = true;
    const meta = this.writeBlock(new BlockBuilder(16));
    if (this.pendingHandle) this.addIndexEntry(shortSuccessor(this.lastKey!));
    const index = this.writeBlock(this.indexBlock);
    const footer = new ByteWriter(FOOTER_SIZE);
    encodeHandle(footer, meta[0], meta[1]);
    encodeHandle(footer, index[0], index[1]);
    while (footer.length < 2 * MAX_HANDLE_SIZE) footer.byte(0);
    footer.fixed32(TABLE_MAGIC_LO);
    footer.fixed32(TABLE_MAGIC_HI);
    this.file.bytes(footer.view());
    return this.file.toBytes();
  }
}

// ---- reading ---------------------------------------------------------------------------

/** An SSTable read from memory; every block's checksum is verified when it is read. */
export class TableReader {
  private readonly indexEntries: [Uint8Array, [number, number]][];

  /** `file` names the table in error messages. */
  constructor(private readonly data: Uint8Array, private readonly file: string) {
    if (data.length < FOOTER_SIZE) this.corrupt(`file is too short (${data.length} bytes) to be an sstable`);
    const f = data.length - FOOTER_SIZE;
    if (readFixed32(data, f + 40) !== TABLE_MAGIC_LO || readFixed32(data, f + 44) !== TABLE_MAGIC_HI) {
      this.corrupt('not an sstable (bad magic number)');
    }
    const meta = this.decodeHandle(data, f, f + 40);
    const index = this.decodeHandle(data, meta[2], f + 40);
    this.readBlock([meta[0], meta[1]]); // verifies its checksum, like Table::Open
    this.indexEntries = [...this.blockEntries(this.readBlock([index[0], index[1]]))].map(([k, v]) => {
      const h = this.decodeHandle(v, 0, v.length);
      return [k, [h[0], h[1]]];
    });
  }

  private corrupt(detail: string): never {
    throw new DataLossError(`Unable to read file (${this.file}). Perhaps the file is corrupt or was produced by a newer version of TensorFlow with format changes (${detail})`);
  }

  private decodeHandle(b: Uint8Array, pos: number, limit: number): [number, number, number] {
    const a = readVarint(b, pos, limit);
    const s = a && readVarint(b, a[1], limit);
    if (!a || !s) this.corrupt('bad block handle');
    return [a[0], s[0], s[1]];
  }

  private readBlock([offset, size]: [number, number]): Uint8Array {
    const end = offset + size + BLOCK_TRAILER_SIZE;
    if (end > this.data.length - FOOTER_SIZE) this.corrupt('truncated block read');
    const contents = this.data.subarray(offset, offset + size);
    const type = this.data[offset + size];
    const stored = unmaskCrc(readFixed32(this.data, offset + size + 1));
    if (crc32c(this.data.subarray(offset + size, offset + size + 1), crc32c(contents)) !== stored) {
      this.corrupt('block checksum mismatch');
    }
    if (type === NO_COMPRESSION) return contents;
    if (type === SNAPPY_COMPRESSION) {
      try { return snappyUncompress(contents); } catch (e) {
        if (e instanceof SnappyError) this.corrupt(e.message);
        throw e;
      }
    }
    return this.corrupt(`bad block type ${type}`);
  }

  private *blockEntries(block: Uint8Array): Generator<[Uint8Array, Uint8Array]> {
    if (block.length < 4) this.corrupt('bad block contents');
    const numRestarts = readFixed32(block, block.length - 4);
    const limit = block.length - 4 - 4 * numRestarts;
    if (numRestarts === 0 || limit < 0) this.corrupt('bad block contents');
    let pos = 0;
    let key = new Uint8Array(0);
    while (pos < limit) {
      const s = readVarint(block, pos, limit);
      const u = s && readVarint(block, s[1], limit);
      const v = u && readVarint(block, u[1], limit);
      if (!s || !u || !v) return this.corrupt('bad entry in block');
      const [shared] = s, [unshared] = u, [valueLen] = v;
      pos = v[1];
      if (shared > key.length || pos + unshared + valueLen > limit) this.corrupt('bad entry in block');
      const next = new Uint8Array(shared + unshared);
      next.set(key.subarray(0, shared));
      next.set(block.subarray(pos, pos + unshared), shared);
      key = next;
      pos += unshared;
      yield [key, block.subarray(pos, pos + valueLen)];
      pos += valueLen;
    }
  }

  /** Every (key, value) in key order. */
  *entries(): Generator<[Uint8Array, Uint8Array]> {
    let prev: Uint8Array | null = null;
    for (const [, handle] of this.indexEntries) {
      for (const kv of this.blockEntries(this.readBlock(handle))) {
        if (prev && compareBytes(kv[0], prev) <= 0) this.corrupt('keys out of order');
        prev = kv[0];
        yield kv;
      }
    }
  }

  /** The value stored under `key`, or undefined (reads only the one block that may hold it). */
  get(key: Uint8Array): Uint8Array | undefined {
    // the first block whose index key is >= key
    let lo = 0, hi = this.indexEntries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(this.indexEntries[mid][0], key) < 0) lo = mid + 1; else hi = mid;
    }
    if (lo === this.indexEntries.length) return undefined;
    for (const [k, v] of this.blockEntries(this.readBlock(this.indexEntries[lo][1]))) {
      const c = compareBytes(k, key);
      if (c === 0) return v;
      if (c > 0) return undefined;
    }
    return undefined;
  }
}
