// Pieces of the board's server: downsampling, and the fast event parser agreeing with the
// protobufjs decoder (summaryIterator) on real TensorFlow files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { evenIndices, minMaxIndices } from '../../src/board/server/index.js';
import { ingestEvent } from '../../src/board/server/events.js';
import { RunStore } from '../../src/board/server/series.js';
import { readRecords } from '../../src/summary/record_reader.js';
import { summaryIterator } from '../../src/summary/index.js';
import { TF1_RUN, TF2_RUN } from './server_helpers.js';

test('minMaxIndices: all points when they fit; else first, last, and each bucket\'s min and max, increasing', () => {
  assert.deepEqual(minMaxIndices(new Float64Array([3, 1, 2]), 3, 10), [0, 1, 2]);
  const v = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10));
  v[500] = 99; v[501] = -99; v[777] = NaN;
  for (const n of [1, 2, 3, 4, 10, 101, 999]) {
    const idx = minMaxIndices(v, 1000, n);
    assert.ok(idx.length <= n, `${idx.length} <= ${n}`);
    for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1]);
    assert.equal(idx.at(-1), 999);
    if (n >= 2) assert.equal(idx[0], 0);
    if (n >= 10) { assert.ok(idx.includes(500) && idx.includes(501), `spikes for n=${n}`); assert.ok(idx.includes(777), `NaN for n=${n}`); }
  }
});

test('evenIndices: first and last kept, evenly spaced, no duplicates', () => {
  assert.deepEqual(evenIndices(5, 10), [0, 1, 2, 3, 4]);
  assert.deepEqual(evenIndices(11, 3), [0, 5, 10]);
  assert.deepEqual(evenIndices(10, 1), [9]);
  assert.deepEqual(evenIndices(0, 5), []);
  const idx = evenIndices(1001, 200);
  assert.equal(idx.length, 200);
  assert.equal(idx[0], 0);
  assert.equal(idx.at(-1), 1000);
});

test('the fast event parser reads what protobufjs decodes, on TF 1 and TF 2 files', () => {
  for (const dir of [TF1_RUN, TF2_RUN]) {
    const file = path.join(dir, dir === TF1_RUN ? 'events.out.tfevents.1700000000.fixture' : 'events.out.tfevents.1700000001.tf2.fixture');
    const store = new RunStore();
    for (const { offset, data } of readRecords(file)) ingestEvent(store, file, offset, data);
    const want = new Map<string, [number, number, number][]>();
    const plugins = new Map<string, string>();
    for (const ev of summaryIterator(file)) {
      for (const v of ev.summary?.value ?? []) {
        const plugin = v.metadata?.plugin_data?.plugin_name;
        if (plugin) plugins.set(v.tag!, plugin);
        let x: number | undefined;
        if (v.value === 'simple_value') x = v.simple_value;
        else if (v.value === 'tensor' && plugins.get(v.tag!) === 'scalars') {
          const c = v.tensor!.tensor_content as Uint8Array;
          x = Buffer.from(c).readFloatLE(0);
        }
        if (x === undefined) continue;
        if (!want.has(v.tag!)) want.set(v.tag!, []);
        want.get(v.tag!)!.push([ev.wall_time ?? 0, ev.step ?? 0, x]);
      }
    }
    assert.ok(want.size >= 2);
    assert.deepEqual(store.tags('scalars'), [...want.keys()].sort());
    for (const [tag, pts] of want) {
      const s = store.scalars.get(tag)!;
      const got = Array.from({ length: s.length }, (_, i) => [s.wall[i], s.step[i], s.value[i]]);
      assert.deepEqual(got, pts, tag);
    }
  }
});

test('the scalar fast path: tags that change, tags of every length, NaN/inf, big and negative steps, fallbacks', async () => {
  const { decodeProto } = await import('../../src/summary/proto_util.js');
  const varint = (out: number[], v: number) => { while (v >= 0x80) { out.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); } out.push(v); };
  const int64 = (out: number[], v: number) => { if (v >= 0) { varint(out, v); return; } let x = BigInt.asUintN(64, BigInt(v)); while (x >= 0x80n) { out.push(Number(x & 0x7fn) | 0x80); x >>= 7n; } out.push(Number(x)); };
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  const names = ['a', 'ab', 'abc', 'abcd', 'abcde', 'loss/x', 'lossy/x', 'μ', 'tag_with_nine', 'metrics/accuracy/top_5', 'abcdefgh', 'abcdefgi'];
  const specials = [NaN, Infinity, -Infinity, 0, -0, 3.4e38, 1e-45];
  const store = new RunStore();
  for (let e = 0; e < 400; e++) {
    const k = 1 + Math.floor(rnd() * 4);
    const tags = Array.from({ length: k }, () => names[Math.floor(rnd() * names.length)]);
    const summary: number[] = [];
    const odd = rnd() < 0.1;
    for (const [i, t] of tags.entries()) {
      const tb = [...Buffer.from(t)];
      const f = Buffer.alloc(4);
      f.writeFloatLE(rnd() < 0.2 ? specials[Math.floor(rnd() * specials.length)] : rnd() * 10 - 5);
      const value = [0x0a, tb.length, ...tb, 0x15, ...f];
      if (odd && i === 0) value.push(0x3a, 1, 0x6e);                  // node_name: the general path
      summary.push(0x0a, value.length, ...value);
    }
    const step = rnd() < 0.05 ? -Math.floor(rnd() * 1e6) : rnd() < 0.05 ? 2 ** 40 + e : e;
    const ev: number[] = [0x09];
    const w = Buffer.alloc(8); w.writeDoubleLE(1.7e9 + e / 8);
    ev.push(...w, 0x10);
    int64(ev, step);
    ev.push(0x2a); varint(ev, summary.length); ev.push(...summary);
    ingestEvent(store, 'f', e, Buffer.from(ev));
    // what protobufjs reads, against the last point of each tag of this event
    const dec = decodeProto('Event', Buffer.from(ev)) as any;
    const seen = new Map<string, number>();
    for (const v of dec.summary.value) seen.set(v.tag, (seen.get(v.tag) ?? 0) + 1);
    for (const [tag, count] of seen) {
      const s = store.scalars.get(tag)!;
      const vals = dec.summary.value.filter((v: any) => v.tag === tag);
      for (let j = 0; j < count; j++) {
        const i = s.length - count + j;
        assert.equal(s.step[i], Number(String(dec.step ?? 0)), `step of ${tag}`);
        assert.equal(s.wall[i], dec.wall_time ?? 0);
        assert.ok(Object.is(s.value[i], vals[j].simple_value) || (Number.isNaN(s.value[i]) && Number.isNaN(vals[j].simple_value)), `${tag}: ${s.value[i]} vs ${vals[j].simple_value}`);
      }
    }
  }
  assert.equal(store.points, [...store.scalars.values()].reduce((a, s) => a + s.length, 0));
});

test('crc32cRange agrees with src/io/crc32c on any range (TFRecord framing checks)', async () => {
  const { crc32cRange, maskedCrcRange } = await import('../../src/board/server/crc.js');
  const { crc32c, maskedCrc32c } = await import('../../src/io/crc32c.js');
  assert.equal(crc32cRange(Buffer.from('123456789'), 0, 9), 0xe3069283);
  const b = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 2654435761) >>> 24));
  for (let s = 0; s < 40; s++) {
    for (const len of [0, 1, 7, 8, 9, 15, 16, 17, 255, 1000]) {
      assert.equal(crc32cRange(b, s, s + len), crc32c(b.subarray(s, s + len)), `${s}+${len}`);
      assert.equal(maskedCrcRange(b, s, s + len), maskedCrc32c(b.subarray(s, s + len)));
    }
  }
});
