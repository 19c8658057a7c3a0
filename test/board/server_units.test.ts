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
