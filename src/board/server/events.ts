// From Event records to the run's store. Both styles TensorFlow writes are understood:
// TF 1's Summary.Value kinds (simple_value, histo, image, audio) and TF 2's tensor summaries
// whose kind is named by plugin metadata (scalars, histograms, images, audio, text, graphs);
// TF writes that metadata with the first value of a tag only, so it is remembered per tag.

import { decodeProto, type ProtoObject } from '../../summary/proto_util.js';
import { makeNdarray } from '../../summary/tensor_proto.js';
import { Wire } from './wire.js';
import type { HistogramPoint, RunStore, ScalarSeries } from './series.js';

const SESSION_START = 1;

/** A record that is not a valid Event (framing was fine, the payload is not). */
export class BadEventError extends Error {}

/** Reads one Event record into `store`; `file` and `offset` locate it for media re-reads. */
export function ingestEvent(store: RunStore, file: string, offset: number, data: Buffer): void {
  if (ingestScalarEvent(store, data)) return;
  let wall = 0, step = 0, summary: [number, number] | null = null, start = false;
  try {
    const w = new Wire(data, 0, data.length);
    while (!w.done) {
      const [f, t] = w.tag();
      if (f === 1 && t === 1) wall = w.double();
      else if (f === 2 && t === 0) step = w.int64();
      else if (f === 5 && t === 2) summary = w.bytes();
      else if (f === 4 && t === 2) { w.bytes(); store.setGraph({ kind: 'graph_def', file, offset, value: -1 }); }
      else if (f === 9 && t === 2) { w.bytes(); store.setGraph({ kind: 'meta_graph_def', file, offset, value: -1 }); }
      else if (f === 7 && t === 2) { const [s, e] = w.bytes(); start = sessionStatus(data, s, e) === SESSION_START; }
      else w.skip(t);
    }
  } catch (e) {
    throw new BadEventError(`the record at ${offset} is not an Event (${(e as Error).message})`);
  }
  if (start) store.purgeFrom(step);
  if (summary) ingestSummary(store, data, summary[0], summary[1], { wall, step, file, offset });
}

// The fast path: an Event holding only wall_time, step and a Summary whose values are all
// `{tag, simple_value}` (what merge_all of tf.summary.scalar writes, i.e. nearly every record
// of a training log) is read here with no allocation: the tag of value i is compared with the
// bytes of value i of the previous such event (the order repeats from step to step), so the
// series is found without decoding the string. Anything else returns false before touching the
// store and goes through the general reader below.

const MAX_FAST_VALUES = 256;
const fastTagStart = new Int32Array(MAX_FAST_VALUES);
const fastTagEnd = new Int32Array(MAX_FAST_VALUES);
const fastValue = new Float64Array(MAX_FAST_VALUES);

/** A negative int64 varint (10 bytes, two's complement) read exactly (a double sum would round it). */
export function int64Exact(b: Uint8Array, s: number, e: number): number {
  let x = 0n, shift = 0n;
  for (let i = s; i < e; i++) { x |= BigInt(b[i] & 0x7f) << shift; shift += 7n; }
  return Number(BigInt.asIntN(64, x));
}

let dvBuffer: ArrayBufferLike | null = null;
let dvView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** Reads a varint at `p` of `b` (below `end`): the value is left in `vv`, the new position is returned; -1 when malformed. */
let vv = 0;
function varintAt(b: Buffer, p: number, end: number): number {
  let result = 0, mul = 1;
  for (let i = 0; i < 10; i++) {
    if (p >= end) return -1;
    const byte = b[p++];
    result += (byte & 0x7f) * mul;
    if (byte < 0x80) { vv = result; return p; }
    mul *= 128;
  }
  return -1;
}

/** The scalar-only fast path; false (with the store untouched) for any other event. */
export function ingestScalarEvent(store: RunStore, b: Buffer): boolean {
  const end = b.length;
  // one DataView per underlying buffer (a whole chunk of records), not per record
  if (b.buffer !== dvBuffer) { dvBuffer = b.buffer; dvView = new DataView(dvBuffer); }
  const dv = dvView, o = b.byteOffset;
  let p = 0, wall = 0, step = 0, ss = -1, se = -1;
  while (p < end) {
    const k = b[p++];
    if (k === 0x09) {                                             // 1: wall_time (double)
      if (p + 8 > end) return false;
      wall = dv.getFloat64(o + p, true); p += 8;
    } else if (k === 0x10) {                                      // 2: step (int64)
      const at = p;
      p = varintAt(b, p, end); if (p < 0) return false;
      step = vv >= 2 ** 63 ? int64Exact(b, at, p) : vv;
    } else if (k === 0x2a) {                                      // 5: summary
      p = varintAt(b, p, end); if (p < 0 || p + vv > end) return false;
      ss = p; se = p + vv; p = se;
    } else return false;
  }
  if (ss < 0) return false;
  // pass 1: collect the values, bailing out on anything that is not {tag, simple_value}
  let n = 0;
  p = ss;
  while (p < se) {
    if (b[p++] !== 0x0a || n === MAX_FAST_VALUES) return false;
    p = varintAt(b, p, se); if (p < 0 || p + vv > se) return false;
    const ve = p + vv;
    let ts = -1, te = -1, got = false, v = 0;
    while (p < ve) {
      const k = b[p++];
      if (k === 0x0a) {
        p = varintAt(b, p, ve); if (p < 0 || p + vv > ve) return false;
        ts = p; te = p + vv; p = te;
      } else if (k === 0x15) {
        if (p + 4 > ve) return false;
        v = dv.getFloat32(o + p, true); p += 4; got = true;
      } else return false;
    }
    if (!got || te <= ts) return false;
    fastTagStart[n] = ts; fastTagEnd[n] = te; fastValue[n] = v; n++;
  }
  if (n === 0) return false;
  // pass 2: into the store
  const cache = store.fastTags;
  for (let i = 0; i < n; i++) {
    const ts = fastTagStart[i], te = fastTagEnd[i];
    let c = cache[i];
    if (!c || !sameTag(c, dv, o, b, ts, te)) {
      const tag = b.toString('utf8', ts, te);
      const len = te - ts, words = new Int32Array(len >> 2);
      for (let w = 0; w < words.length; w++) words[w] = dv.getInt32(o + ts + 4 * w, true);
      const rest = new Uint8Array(len & 3);
      for (let k = 0; k < rest.length; k++) rest[k] = b[ts + 4 * words.length + k];
      cache[i] = c = { len, words, rest, series: store.scalarSeries(tag) };
    }
    c.series.push(wall, step, fastValue[i]);
  }
  store.addedScalars(n);
  return true;
}

/** Whether `b[s, e)` holds the cached tag (compared 4 bytes at a time). */
function sameTag(c: FastTag, dv: DataView, o: number, b: Buffer, s: number, e: number): boolean {
  if (c.len !== e - s) return false;
  const words = c.words, n = words.length;
  for (let w = 0; w < n; w++) if (dv.getInt32(o + s + 4 * w, true) !== words[w]) return false;
  const rest = c.rest, at = s + 4 * n;
  for (let k = 0; k < rest.length; k++) if (rest[k] !== b[at + k]) return false;
  return true;
}

/** A tag of the scalar fast path's cache: its bytes as little-endian int32 words and the last 0-3 bytes. */
export interface FastTag { len: number; words: Int32Array; rest: Uint8Array; series: ScalarSeries }

interface At { wall: number; step: number; file: string; offset: number }

function sessionStatus(b: Buffer, s: number, e: number): number {
  const w = new Wire(b, s, e);
  while (!w.done) { const [f, t] = w.tag(); if (f === 1 && t === 0) return w.varint(); w.skip(t); }
  return 0;
}

function ingestSummary(store: RunStore, b: Buffer, s: number, e: number, at: At): void {
  const w = new Wire(b, s, e);
  let index = 0;
  while (!w.done) {
    const k = w.key();
    if (k !== 0x0a) { w.skip(k & 7); continue; }
    const vs = w.bytesAt(), ve = w.end2;
    try {
      ingestValue(store, b, vs, ve, index, at);
    } catch (err) {
      throw new BadEventError(`the summary value ${index} of the record at ${at.offset} cannot be read (${(err as Error).message})`);
    }
    index++;
  }
}

function ingestValue(store: RunStore, b: Buffer, s: number, e: number, index: number, at: At): void {
  const w = new Wire(b, s, e);
  let tag = '', nodeName = '', field = 0, simple = 0, bs = 0, be = 0;
  while (!w.done) {
    const k = w.key();
    if (k === 0x0a) tag = w.tagString();                          // 1: tag
    else if (k === 0x15) { field = 2; simple = w.float(); }       // 2: simple_value
    else if (k === 0x3a) nodeName = w.string();                    // 7: node_name
    else if (k === 0x4a) {                                         // 9: metadata
      const ms = w.bytesAt();
      const plugin = pluginName(b, ms, w.end2);
      if (plugin) store.plugins.set(tag || nodeName, plugin);
    } else if (k === 0x22 || k === 0x2a || k === 0x32 || k === 0x42) { field = k >>> 3; bs = w.bytesAt(); be = w.end2; }
    else w.skip(k & 7);
  }
  tag ||= nodeName;
  if (!tag) return;
  if (field === 2) { store.scalar(tag, at.wall, at.step, simple); return; }
  const body: [number, number] = [bs, be];
  const { wall, step } = at;
  const ref = (sample: number) => ({ file: at.file, offset: at.offset, value: index, sample });
  switch (field) {
    case 5: store.add('histograms', tag, histogramOfProto(decodeProto('HistogramProto', b.subarray(...body)), wall, step)); return;
    case 4: {
      const im = smallFields(b, body);
      store.add('images', tag, { wall_time: wall, step, width: im.get(2) ?? 0, height: im.get(1) ?? 0, ref: ref(-1) });
      return;
    }
    case 6: {
      const au = smallFields(b, body);
      store.add('audio', tag, {
        wall_time: wall, step, sample_rate: au.get(1) ?? 0, length_frames: au.get(3) ?? 0,
        content_type: au.ct ?? 'audio/wav', ref: ref(-1),
      });
      return;
    }
    case 8: ingestTensor(store, tag, decodeProto('TensorProto', b.subarray(...body)), at, ref); return;
  }
}

/** SummaryMetadata.plugin_data.plugin_name. */
function pluginName(b: Buffer, s: number, e: number): string {
  const w = new Wire(b, s, e);
  while (!w.done) {
    const [f, t] = w.tag();
    if (f !== 1 || t !== 2) { w.skip(t); continue; }
    const [ps, pe] = w.bytes();
    const p = new Wire(b, ps, pe);
    while (!p.done) { const [g, u] = p.tag(); if (g === 1 && u === 2) return p.string(); p.skip(u); }
  }
  return '';
}

/** The varint and float fields of a Summary.Image or Summary.Audio, and Audio's content_type. */
function smallFields(b: Buffer, [s, e]: [number, number]): Map<number, number> & { ct?: string } {
  const out: Map<number, number> & { ct?: string } = new Map();
  const w = new Wire(b, s, e);
  while (!w.done) {
    const [f, t] = w.tag();
    if (t === 0) out.set(f, w.varint());
    else if (t === 5) out.set(f, w.float());
    else if (f === 5 && t === 2) out.ct = w.string();
    else w.skip(t);
  }
  return out;
}

/**
 * TF 1's HistogramProto as [left, right, count] buckets, as TensorBoard's data_compat does
 * (left edges: min, then the previous limits; right edges: the limits, the last one max), with
 * edges clamped to [min, max] so that the empty outer buckets TF writes are never inverted.
 */
export function histogramOfProto(h: ProtoObject, wall: number, step: number): HistogramPoint {
  const limits = (h.bucket_limit ?? []) as number[], counts = (h.bucket ?? []) as number[];
  const min = Number(h.min ?? 0), max = Number(h.max ?? 0);
  const k = Math.min(limits.length, counts.length);
  const buckets: [number, number, number][] = [];
  const clamp = (x: number) => (x < min ? min : x > max ? max : x);
  for (let i = 0; i < k; i++) buckets.push([i === 0 ? min : clamp(limits[i - 1]), i === k - 1 ? max : clamp(limits[i]), counts[i]]);
  return {
    wall_time: wall, step, min, max, num: Number(h.num ?? 0), sum: Number(h.sum ?? 0), sum_squares: Number(h.sum_squares ?? 0), buckets,
  };
}

/** TF 2's histogram tensor ([k, 3]: left, right, count) with the moments TF 1 would give. */
function histogramOfBuckets(rows: number[][], wall: number, step: number): HistogramPoint {
  let num = 0, sum = 0, sq = 0;
  for (const [l, r, c] of rows) { const mid = (l + r) / 2; num += c; sum += c * mid; sq += c * mid * mid; }
  return {
    wall_time: wall, step, min: rows.length ? rows[0][0] : 0, max: rows.length ? rows[rows.length - 1][1] : 0,
    num, sum, sum_squares: sq, buckets: rows.map(([l, r, c]) => [l, r, c] as [number, number, number]),
  };
}

type Ref = (sample: number) => { file: string; offset: number; value: number; sample: number };

function ingestTensor(store: RunStore, tag: string, t: ProtoObject, at: At, ref: Ref): void {
  const plugin = store.plugins.get(tag);
  const { wall, step } = at;
  switch (plugin) {
    case 'scalars': {
      const v = makeNdarray(t);
      if (v.size !== 1 || v.dtype === 'string') return;
      store.scalar(tag, wall, step, Number(v.data[0]));
      return;
    }
    case 'histograms': {
      const v = makeNdarray(t);
      if (v.dtype === 'string' || (v.size && (v.shape.length !== 2 || v.shape[1] !== 3))) return;
      const rows: number[][] = [];
      for (let i = 0; i < v.size / 3; i++) rows.push([0, 1, 2].map(j => Number(v.data[3 * i + j])));
      store.add('histograms', tag, histogramOfBuckets(rows, wall, step));
      return;
    }
    case 'images': {
      const s = (t.string_val ?? []) as Uint8Array[];
      const n = s.length - 2;
      if (n < 1) return;
      const width = Number(Buffer.from(s[0]).toString()), height = Number(Buffer.from(s[1]).toString());
      for (let k = 0; k < n; k++) {
        store.add('images', n > 1 ? `${tag}/image/${k}` : tag, { wall_time: wall, step, width, height, ref: ref(2 + k) });
      }
      return;
    }
    case 'audio': {
      const s = (t.string_val ?? []) as Uint8Array[];
      const dims = (((t.tensor_shape as ProtoObject | undefined)?.dim ?? []) as ProtoObject[]).map(d => Number(d.size ?? 0));
      const cols = dims.length === 2 ? dims[1] : 1;
      const n = cols ? Math.floor(s.length / cols) : 0;
      for (let k = 0; k < n; k++) {
        const wav = wavInfo(s[k * cols]);
        store.add('audio', n > 1 ? `${tag}/audio/${k}` : tag, {
          wall_time: wall, step, sample_rate: wav.sampleRate, length_frames: wav.frames, content_type: 'audio/wav', ref: ref(k * cols),
        });
      }
      return;
    }
    case 'text': {
      const v = makeNdarray(t);
      if (v.dtype !== 'string') return;
      store.add('text', tag, { wall_time: wall, step, text: (v.data as string[]).join('\n') });
      return;
    }
    case 'graph_run_metadata_graph':
    case 'graph_run_metadata':
      store.setGraph({ kind: 'run_metadata', file: at.file, offset: at.offset, value: (ref(0)).value });
      return;
  }
}

/** Sample rate and frame count from a WAV header (zeros when it is not one). */
function wavInfo(bytes: Uint8Array | undefined): { sampleRate: number; frames: number } {
  if (!bytes || bytes.length < 44) return { sampleRate: 0, frames: 0 };
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') return { sampleRate: 0, frames: 0 };
  const channels = b.readUInt16LE(22) || 1, sampleRate = b.readUInt32LE(24), bits = b.readUInt16LE(34) || 16;
  let p = 12;
  while (p + 8 <= b.length && b.toString('latin1', p, p + 4) !== 'data') p += 8 + b.readUInt32LE(p + 4);
  const size = p + 8 <= b.length ? Math.min(b.readUInt32LE(p + 4), b.length - p - 8) : 0;
  return { sampleRate, frames: Math.floor(size / (channels * (bits / 8))) };
}
