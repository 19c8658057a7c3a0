// The tensor bundle: a checkpoint's `prefix.index` (an SSTable mapping each tensor name to a
// BundleEntryProto, after a BundleHeaderProto under the key "") and its data file(s)
// `prefix.data-00000-of-00001` (TF's core/util/tensor_bundle/tensor_bundle.cc).
//
// Writes are atomic: each file is written to a temporary name in the same directory,
// fsynced, then renamed (data first, index last), so a reader never sees a half-written
// file and a failed save leaves earlier checkpoints untouched.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { type DType, dtypeEnum, dtypeFromEnum } from '../framework/dtypes.js';
import type { NDArray } from '../framework/ndarray.js';
import {
  DataLossError, InvalidArgumentError, NotFoundError, UnimplementedError,
} from '../framework/errors.js';
import { proto } from '../io/protos.js';
import { TableBuilder, TableReader, compareBytes } from './sstable.js';
import { encodeTensor, decodeTensor, expectedByteSize, TensorBytesError } from './tensor_bytes.js';
import { writeTempFile, wrapFsError, fsyncDir, tempName } from './atomic_file.js';
import { maskCrc } from '../io/crc32c.js';

/** Versions of the bundle format (tensor_bundle.cc kTensorBundleVersion etc). */
const BUNDLE_VERSION = 1;
const BUNDLE_MIN_PRODUCER = 0;

const pad5 = (n: number) => String(n).padStart(5, '0');
/** `prefix.data-00000-of-00001` */
export const dataFilename = (prefix: string, shard = 0, numShards = 1) => `${prefix}.data-${pad5(shard)}-of-${pad5(numShards)}`;
/** `prefix.index` */
export const indexFilename = (prefix: string) => `${prefix}.index`;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** What the index says about one tensor. */
export interface BundleEntry {
  key: string;
  dtype: DType;
  shape: number[];
  shardId: number;
  offset: number;
  size: number;
  /** Masked crc32c of the tensor's bytes. */
  crc32c: number;
  /** Partitioned variables: the slices saved (not read by tensorgraph). */
  numSlices: number;
}

/** Test hooks: called before each rename of a finished temporary file. */
export const bundleTestHooks: { beforeRename?: (stage: 'data' | 'index', prefix: string) => void } = {};

// ---- writing ------------------------------------------------------------------------------

interface PendingEntry { key: Uint8Array; name: string; dtype: DType; shape: readonly number[]; offset: number; size: number; crc: number }

/**
 * Writes one bundle (BundleWriter). `add` appends to a temporary data file right away;
 * `finish` writes the index and renames both into place.
 */
export class BundleWriter {
  private readonly dataTmp: string;
  private fd: number | null;
  private size = 0;
  private entries = new Map<string, PendingEntry>();
  private finished = false;

  constructor(readonly prefix: string) {
    const dir = path.dirname(prefix);
    try {
      fs.mkdirSync(dir); // one level, as TF's BundleWriter (Env::CreateDir)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw wrapFsError(e, dir);
    }
    this.dataTmp = tempName(dataFilename(prefix));
    try {
      this.fd = fs.openSync(this.dataTmp, 'w');
    } catch (e) {
      throw wrapFsError(e, dataFilename(prefix)); // the name the user knows, not the temporary one
    }
  }

  /** Adds a tensor under `key` (its data is written now). */
  add(key: string, value: NDArray): void {
    if (this.finished || this.fd === null) throw new Error('BundleWriter is closed');
    if (key === '') throw new InvalidArgumentError('The empty string is reserved for the bundle header and cannot name a tensor.');
    if (this.entries.has(key)) throw new InvalidArgumentError(`Adding duplicate key: ${key}`);
    const { bytes, crc } = encodeTensor(value);
    try {
      let off = 0;
      while (off < bytes.length) off += fs.writeSync(this.fd, bytes, off, bytes.length - off);
    } catch (e) {
      this.abort();
      throw wrapFsError(e, dataFilename(this.prefix));
    }
    this.entries.set(key, { key: utf8.encode(key), name: key, dtype: value.dtype, shape: value.shape, offset: this.size, size: bytes.length, crc });
    this.size += bytes.length;
  }

  /** Deletes the temporary data file (after an error). */
  abort(): void {
    if (this.fd !== null) { try { fs.closeSync(this.fd); } catch { /* already closed */ } this.fd = null; }
    try { fs.unlinkSync(this.dataTmp); } catch { /* never created or already gone */ }
    this.finished = true;
  }

  /**
   * Writes the index and moves both files into place. Both temporary files are complete and
   * fsynced before the first rename, so the two renames are all that can be interrupted.
   */
  finish(): void {
    if (this.finished || this.fd === null) throw new Error('BundleWriter is closed');
    const dataPath = dataFilename(this.prefix), indexPath = indexFilename(this.prefix);
    let indexTmp: string | null = null;
    try {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = null;
      indexTmp = writeTempFile(indexPath, buildIndex([...this.entries.values()]));
      bundleTestHooks.beforeRename?.('data', this.prefix);
      fs.renameSync(this.dataTmp, dataPath);
      bundleTestHooks.beforeRename?.('index', this.prefix);
      fs.renameSync(indexTmp, indexPath);
    } catch (e) {
      this.abort();
      if (indexTmp) try { fs.unlinkSync(indexTmp); } catch { /* ignore */ }
      throw wrapFsError(e, indexTmp ? indexPath : dataPath);
    }
    this.finished = true;
    fsyncDir(path.dirname(this.prefix));
  }
}

/** The serialized BundleHeaderProto TF writes: num_shards 1, LITTLE endian, version {producer 1}. */
export function headerBytes(numShards = 1): Uint8Array {
  const H = proto('BundleHeaderProto');
  return H.encode(H.fromObject({ num_shards: numShards, version: { producer: BUNDLE_VERSION } })).finish();
}

/** A BundleEntryProto with default fields omitted, as C++ serializes it. */
export function entryBytes(e: { dtype: DType; shape: readonly number[]; shardId?: number; offset: number; size: number; crc: number }): Uint8Array {
  const E = proto('BundleEntryProto');
  const obj: Record<string, unknown> = {
    dtype: dtypeEnum(e.dtype),
    shape: { dim: e.shape.map(d => (d === 0 ? {} : { size: d })) },
  };
  if (e.shape.length === 0) obj.shape = {};
  if (e.shardId) obj.shard_id = e.shardId;
  if (e.offset) obj.offset = e.offset;
  if (e.size) obj.size = e.size;
  obj.crc32c = maskCrc(e.crc);
  return E.encode(E.fromObject(obj)).finish();
}

function buildIndex(entries: PendingEntry[]): Uint8Array {
  entries.sort((a, b) => compareBytes(a.key, b.key));
  const t = new TableBuilder();
  t.add(new Uint8Array(0), headerBytes());
  for (const e of entries) t.add(e.key, entryBytes(e));
  return t.finish();
}

/** Writes `tensors` (in the order given) as the bundle `prefix`. */
export function writeBundle(prefix: string, tensors: Iterable<readonly [string, NDArray]>): void {
  const w = new BundleWriter(prefix);
  try {
    for (const [k, v] of tensors) w.add(k, v);
  } catch (e) {
    w.abort();
    throw e;
  }
  w.finish();
}

// ---- reading ------------------------------------------------------------------------------

/** Reads a bundle: the index is loaded and verified at once; tensors are read on demand. */
export class BundleReader {
  readonly numShards: number;
  private readonly table: TableReader;
  private readonly entryCache = new Map<string, BundleEntry>();
  private readonly fds = new Map<number, { fd: number; size: number; file: string }>();
  private keyList: string[] | null = null;
  /** Every entry's serialized proto, once keys() has walked the table. */
  private rawEntries: Map<string, Uint8Array> | null = null;

  constructor(readonly prefix: string) {
    const file = indexFilename(prefix);
    let data: Uint8Array;
    try {
      data = fs.readFileSync(file);
    } catch (e) {
      throw wrapFsError(e, file);
    }
    this.table = new TableReader(data, file);
    const head = this.table.get(new Uint8Array(0));
    if (!head) this.corrupt(file, 'failed to seek to header entry');
    let header: { num_shards?: number; endianness?: number; version?: { producer?: number; min_consumer?: number; bad_consumers?: number[] } };
    try {
      header = proto('BundleHeaderProto').decode(head) as typeof header;
    } catch {
      this.corrupt(file, 'unable to parse header');
    }
    this.numShards = header.num_shards ?? 0;
    if (header.endianness === 1) {
      throw new UnimplementedError(`The checkpoint ${prefix} was written on a big-endian machine; tensorgraph reads little-endian checkpoints only.`);
    }
    const v = header.version ?? {};
    if ((v.producer ?? 0) < BUNDLE_MIN_PRODUCER) {
      throw new InvalidArgumentError(`Checkpoint producer version ${v.producer ?? 0} below min producer ${BUNDLE_MIN_PRODUCER} supported by TensorFlow ${BUNDLE_VERSION}. Please regenerate your checkpoint. (${file})`);
    }
    if ((v.min_consumer ?? 0) > BUNDLE_VERSION) {
      throw new InvalidArgumentError(`Checkpoint min consumer version ${v.min_consumer} above current version ${BUNDLE_VERSION} for TensorFlow. Please upgrade TensorFlow. (${file})`);
    }
    if ((v.bad_consumers ?? []).includes(BUNDLE_VERSION)) {
      throw new InvalidArgumentError(`Checkpoint disallows consumer version ${BUNDLE_VERSION}. Please upgrade TensorFlow: this version is likely buggy. (${file})`);
    }
  }

  private corrupt(file: string, detail: string): never {
    throw new DataLossError(`Unable to read file (${file}). Perhaps the file is corrupt or was produced by a newer version of TensorFlow with format changes (${detail})`);
  }

  /** Tensor names in key order (not the header; not the slices of partitioned tensors). */
  keys(): string[] {
    if (!this.keyList) {
      const out: string[] = [];
      this.rawEntries = new Map();
      for (const [k, v] of this.table.entries()) {
        if (k.length === 0 || k[0] === 0) continue; // header; encoded slice names start with a 0 byte
        const key = utf8Decoder.decode(k);
        out.push(key);
        this.rawEntries.set(key, v);
      }
      this.keyList = out;
    }
    return this.keyList;
  }

  private rawEntry(key: string): Uint8Array | undefined {
    if (key === '') return undefined;
    return this.rawEntries ? this.rawEntries.get(key) : this.table.get(utf8.encode(key));
  }

  has(key: string): boolean {
    return this.rawEntry(key) !== undefined;
  }

  /** The entry for `key`; NotFoundError "Key <key> not found in checkpoint". */
  entry(key: string): BundleEntry {
    const cached = this.entryCache.get(key);
    if (cached) return cached;
    const file = indexFilename(this.prefix);
    const raw = this.rawEntry(key);
    if (!raw) throw new NotFoundError(`Key ${key} not found in checkpoint ${this.prefix}`);
    let e: { dtype?: number; shape?: { dim?: { size?: number | { toNumber(): number } }[]; unknown_rank?: boolean }; shard_id?: number; offset?: unknown; size?: unknown; crc32c?: number; slices?: unknown[] };
    try {
      e = proto('BundleEntryProto').decode(raw) as typeof e;
    } catch {
      throw new DataLossError(`Entry for key ${key} not parseable (${file}).`);
    }
    const num = (x: unknown) => (x === undefined || x === null ? 0 : typeof x === 'number' ? x : Number(x as { toString(): string }));
    const shape = (e.shape?.dim ?? []).map(d => num(d.size));
    if (e.shape?.unknown_rank || shape.some(d => !(d >= 0))) {
      throw new DataLossError(`Invalid tensor shape: ${key} ${JSON.stringify(e.shape)} (${file})`);
    }
    let dtype: DType;
    try {
      dtype = dtypeFromEnum(e.dtype ?? 0);
    } catch {
      throw new UnimplementedError(`Tensor '${key}' in ${file} has DataType ${e.dtype ?? 0}, which tensorgraph does not support.`);
    }
    const entry: BundleEntry = {
      key, dtype, shape, shardId: e.shard_id ?? 0, offset: num(e.offset), size: num(e.size),
      crc32c: (e.crc32c ?? 0) >>> 0, numSlices: e.slices?.length ?? 0,
    };
    this.entryCache.set(key, entry);
    return entry;
  }

  /** The tensor saved under `key`, with its size and checksum verified. */
  lookup(key: string): NDArray {
    const e = this.entry(key);
    if (e.numSlices > 0) {
      throw new UnimplementedError(`Tensor '${key}' in ${this.prefix} is saved as ${e.numSlices} slices (a partitioned variable); tensorgraph cannot read partitioned tensors.`);
    }
    const file = dataFilename(this.prefix, e.shardId, this.numShards);
    const expected = expectedByteSize(e.dtype, e.shape);
    if (expected >= 0 && e.size !== expected) {
      throw new DataLossError(`Invalid size in bundle entry: key ${key}; stored size ${e.size}; expected size ${expected} (${indexFilename(this.prefix)})`);
    }
    if (e.shardId < 0 || e.shardId >= this.numShards) {
      throw new DataLossError(`Tensor '${key}' refers to shard ${e.shardId}, but the bundle ${this.prefix} has ${this.numShards} shard(s).`);
    }
    const bytes = this.read(e, file);
    try {
      return decodeTensor(e.dtype, e.shape, bytes, e.crc32c);
    } catch (err) {
      if (err instanceof TensorBytesError) {
        throw new DataLossError(`TensorBundle at ${this.prefix} shard ${e.shardId} (${e.size} bytes): tensor '${key}' in ${file}: ${err.message}`);
      }
      throw err;
    }
  }

  private read(e: BundleEntry, file: string): Uint8Array {
    let f = this.fds.get(e.shardId);
    if (!f) {
      try {
        const fd = fs.openSync(file, 'r');
        f = { fd, size: fs.fstatSync(fd).size, file };
      } catch (err) {
        throw wrapFsError(err, file);
      }
      this.fds.set(e.shardId, f);
    }
    if (e.offset + e.size > f.size) {
      throw new DataLossError(`Unable to read tensor '${e.key}' from ${file}: the file is truncated (the tensor needs bytes ${e.offset}..${e.offset + e.size}, the file has ${f.size}).`);
    }
    const out = new Uint8Array(e.size);
    let got = 0;
    while (got < e.size) {
      const n = fs.readSync(f.fd, out, got, e.size - got, e.offset + got);
      if (n === 0) throw new DataLossError(`Unable to read tensor '${e.key}' from ${file}: unexpected end of file.`);
      got += n;
    }
    return out;
  }

  close(): void {
    for (const f of this.fds.values()) { try { fs.closeSync(f.fd); } catch { /* ignore */ } }
    this.fds.clear();
  }
}

/** Whether a V2 checkpoint (its .index) exists for `prefix` (checkpoint_exists_internal). */
export function checkpointExists(prefix: string): boolean {
  return fs.existsSync(indexFilename(prefix));
}
