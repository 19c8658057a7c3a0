// Live updates: data appended by tf.summary.FileWriter reaches the page as an SSE `update`
// within ~2 s (default 1 s polling); new runs and new tags as `runs`; event files are read
// incrementally from per-file offsets, a half-written record is waited for, and a rewritten
// (shorter) file is read again from its start.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import { encodeRecord } from '../../src/summary/record_writer.js';
import { encodeEvent } from '../../src/summary/event.js';
import { RecordTail, startBoard } from '../../src/board/server/index.js';
import { getJson, sseUntil, tmpDir } from './server_helpers.js';

const scalarEvent = (tag: string, step: number, v: number) => Buffer.from(encodeRecord(encodeEvent({ wall_time: 1.7e9 + step, step, summary: { value: [{ tag, simple_value: v }] } })));

test('an event appended with FileWriter arrives as an SSE update within ~2 s, without reloading', async () => {
  const d = tmpDir();
  const writer = new tf.summary.FileWriter(path.join(d, 'live'));
  writer.addSummary({ value: [{ tag: 'loss', simple_value: 1 }] }, 0);
  writer.flush();
  const b = await startBoard({ logdir: d, port: 0 });          // default polling: every 1 s
  try {
    await b.data.indexed;
    assert.equal((await getJson(`${b.url}api/scalars?run=live&tag=loss`)).total, 1);
    const got = await sseUntil(`${b.url}api/events`, (ev, data) => ev === 'update' && data.run === 'live', 4000, () => {
      writer.addSummary({ value: [{ tag: 'loss', simple_value: 0.5 }] }, 1);
      writer.flush();
    });
    assert.ok(got, 'no update event');
    assert.deepEqual(got.data, { run: 'live', kinds: ['scalars'] });
    assert.ok(got.after < 2500, `the update took ${got.after.toFixed(0)} ms`);
    const s = await getJson(`${b.url}api/scalars?run=live&tag=loss`);
    assert.deepEqual(s.points.map((p: number[]) => [p[1], p[2]]), [[0, 1], [1, 0.5]]);
    // a new tag in the run changes the tag list: `runs`
    const tagged = await sseUntil(`${b.url}api/events`, ev => ev === 'runs', 4000, () => {
      writer.addSummary({ value: [{ tag: 'accuracy', simple_value: 0.9 }] }, 1);
      writer.flush();
    });
    assert.ok(tagged, 'no runs event for a new tag');
    assert.deepEqual((await getJson(`${b.url}api/runs`)).runs[0].tags.scalars, ['accuracy', 'loss']);
  } finally {
    writer.close();
    await b.close();
    rmSync(d, { recursive: true, force: true });
  }
});

test('a new run directory arrives as an SSE `runs` event', async () => {
  const d = tmpDir();
  const b = await startBoard({ logdir: d, port: 0 });
  let w: InstanceType<typeof tf.summary.FileWriter> | null = null;
  try {
    assert.deepEqual((await getJson(`${b.url}api/runs`)).runs, []);
    const got = await sseUntil(`${b.url}api/events`, (ev, data) => ev === 'runs' && data.runs.includes('exp/1'), 4000, () => {
      w = new tf.summary.FileWriter(path.join(d, 'exp', '1'));
      w.addSummary({ value: [{ tag: 'x', simple_value: 3 }] }, 7);
      w.flush();
    });
    assert.ok(got, 'no runs event');
    assert.ok(got.after < 2500, `took ${got.after.toFixed(0)} ms`);
    const s = await getJson(`${b.url}api/scalars?run=exp/1&tag=x`);
    assert.deepEqual(s.points.map((p: number[]) => [p[1], p[2]]), [[7, 3]]);
  } finally {
    (w as InstanceType<typeof tf.summary.FileWriter> | null)?.close();
    await b.close();
    rmSync(d, { recursive: true, force: true });
  }
});

test('RecordTail reads only new bytes, waits for a half-written record, stops at a corrupt one', () => {
  const d = tmpDir();
  try {
    const f = path.join(d, 'events.out.tfevents.1');
    writeFileSync(f, '');
    const tail = new RecordTail(f);
    const seen: number[] = [];
    const sink = (data: Buffer, offset: number) => seen.push(offset, data.length);
    assert.deepEqual(tail.read(1 << 20, sink), { consumed: 0, more: false });
    const r1 = scalarEvent('a', 1, 1), r2 = scalarEvent('a', 2, 2);
    appendFileSync(f, r1);
    assert.deepEqual(tail.read(1 << 20, sink), { consumed: r1.length, more: false });
    assert.deepEqual(seen, [0, r1.length - 16]);
    // half of the next record: nothing consumed, the file is "partial", not pending until it grows
    appendFileSync(f, r2.subarray(0, 7));
    assert.deepEqual(tail.read(1 << 20, sink), { consumed: 0, more: false });
    assert.equal(tail.partial?.offset, r1.length);
    assert.equal(tail.pending, false);
    assert.equal(tail.problem(60000), null);
    appendFileSync(f, r2.subarray(7, 20));
    tail.size += 13;
    assert.equal(tail.pending, true);
    assert.deepEqual(tail.read(1 << 20, sink), { consumed: 0, more: false });
    appendFileSync(f, r2.subarray(20));
    assert.deepEqual(tail.read(1 << 20, sink), { consumed: r2.length, more: false });
    assert.equal(tail.partial, null);
    assert.deepEqual(seen, [0, r1.length - 16, r1.length, r2.length - 16]);
    // a small budget reads record by record; a record bigger than the budget is read whole
    const t2 = new RecordTail(f);
    assert.deepEqual(t2.read(r1.length + 3, () => {}), { consumed: r1.length, more: true });
    assert.deepEqual(t2.read(5, () => {}), { consumed: r2.length, more: false });
    // a damaged record ends reading of the file, with a warning
    const bad = Buffer.from(scalarEvent('a', 3, 3));
    bad[bad.length - 1] ^= 1;
    appendFileSync(f, Buffer.concat([bad, scalarEvent('a', 4, 4)]));
    assert.deepEqual(tail.read(1 << 20, sink), { consumed: 0, more: false });
    assert.match(tail.problem(0) ?? '', new RegExp(`^corrupted record at ${r1.length + r2.length} `));
    assert.equal(tail.pending, false);
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('the server picks up a record completed after a partial write, and re-reads a rewritten file', async () => {
  const d = tmpDir();
  mkdirSync(path.join(d, 'r'));
  const f = path.join(d, 'r', 'events.out.tfevents.1');
  const recs = [0, 1, 2].map(s => scalarEvent('v', s, s * 10));
  writeFileSync(f, Buffer.concat([recs[0], recs[1].subarray(0, 9)]));
  const b = await startBoard({ logdir: d, port: 0, reloadMs: 100 });
  const points = async () => (await getJson(`${b.url}api/scalars?run=r&tag=v`)).points.map((p: number[]) => p[1]);
  try {
    await b.data.indexed;
    assert.deepEqual(await points(), [0]);
    appendFileSync(f, Buffer.concat([recs[1].subarray(9), recs[2]]));
    assert.deepEqual(await points(), [0, 1, 2]);            // requests read new bytes at once
    assert.deepEqual((await getJson(`${b.url}api/runs`)).warnings, []);
    // the file is replaced by a shorter one: everything is read again
    writeFileSync(f, scalarEvent('w', 5, 1));
    await new Promise(r => setTimeout(r, 400));
    const runs = await getJson(`${b.url}api/runs`);
    assert.deepEqual(runs.runs[0].tags.scalars, ['w']);
    assert.equal(readFileSync(f).length, b.data.runs.get('r')!.tails[0].offset);
  } finally {
    await b.close();
    rmSync(d, { recursive: true, force: true });
  }
});

test('a run with a large backlog answers at once with what is known (loading), then completes with SSE updates', async () => {
  const { eventFileBytes } = await import('../../bench/board.js');
  const d = tmpDir();
  const runs = 4, steps = 10000;
  for (let r = 0; r < runs; r++) {
    mkdirSync(path.join(d, `run${r}`));
    writeFileSync(path.join(d, `run${r}`, 'events.out.tfevents.1'), eventFileBytes(r, 10, steps));   // 2.4 MB each
  }
  const b = await startBoard({ logdir: d, port: 0 });
  try {
    const updates = new Set<string>();
    const sse = sseUntil(`${b.url}api/events`, (ev, data) => { if (ev === 'update') updates.add(data.run); return updates.size === runs; }, 20000);
    const first = await Promise.all(Array.from({ length: runs }, (_, r) => getJson(`${b.url}api/scalars?run=run${r}&tag=metrics/tag_3&points=100000`)));
    for (const f of first) {
      const s = f.points.map((p: number[]) => p[1]);
      if (f.loading) {
        // the steps read so far, then a preview sampled from the unread bytes, increasing
        assert.ok(f.total < steps, `partial: ${f.total}`);
        assert.equal(f.points.length, f.total + (f.preview ?? 0));
        assert.deepEqual(s.slice(0, f.total), Array.from({ length: f.total }, (_, i) => i), 'a prefix of the steps');
        for (let i = f.total; i < s.length; i++) assert.ok(s[i] > (i ? s[i - 1] : -1) && s[i] < steps, `preview step ${s[i]}`);
        if (f.preview) assert.ok(s.at(-1) > steps * 0.9, `the preview reaches the end (${s.at(-1)})`);
      } else {
        assert.equal(f.total, steps);
        assert.deepEqual(s, Array.from({ length: f.total }, (_, i) => i));
      }
    }
    // preview=0: only what is read
    const plain = await getJson(`${b.url}api/scalars?run=run${runs - 1}&tag=metrics/tag_3&points=100000&preview=0`);
    assert.equal(plain.preview, undefined);
    assert.equal(plain.points.length, plain.total);
    // wait=1: every point (downloads)
    const all = await getJson(`${b.url}api/scalars?run=run0&tag=metrics/tag_5&points=100000&wait=1`);
    assert.equal(all.total, steps);
    assert.equal(all.points.length, steps);
    assert.equal(all.loading, undefined);
    await b.data.indexed;
    for (let r = 0; r < runs; r++) {
      const full = await getJson(`${b.url}api/scalars?run=run${r}&tag=metrics/tag_3`);
      assert.equal(full.total, steps);
      assert.equal(full.loading, undefined);
    }
    assert.ok(await sse, `update events for ${[...updates].join(', ')}`);
  } finally {
    await b.close();
    rmSync(d, { recursive: true, force: true });
  }
});
