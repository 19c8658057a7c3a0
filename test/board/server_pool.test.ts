// The parse workers (node:worker_threads) read large backlogs off the main thread: what they
// read must be exactly what the main thread reads, for every kind of data, restarts (purges),
// corrupt and truncated files, bad records, a run read partly on the main thread and partly in
// a worker, and files that keep growing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LogdirData } from '../../src/board/server/index.js';
import { encodeRecord } from '../../src/summary/record_writer.js';
import { KINDS, type RunStore } from '../../src/board/server/series.js';
import { TF1_RUN, TF2_RUN, tmpDir } from './server_helpers.js';

const TF1 = readFileSync(path.join(TF1_RUN, 'events.out.tfevents.1700000000.fixture'));
const TF2 = readFileSync(path.join(TF2_RUN, 'events.out.tfevents.1700000001.tf2.fixture'));

function varint(out: number[], v: number): void {
  while (v >= 0x80) { out.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); }
  out.push(v);
}
const f64 = (x: number) => { const b = Buffer.alloc(8); b.writeDoubleLE(x); return [...b]; };
const f32 = (x: number) => { const b = Buffer.alloc(4); b.writeFloatLE(x); return [...b]; };

/** An event of scalar values (merge_all style), optionally with a value that breaks the fast path. */
function scalarEvent(step: number, tags: string[], odd = false): Buffer {
  const summary: number[] = [];
  tags.forEach((t, k) => {
    const tb = [...Buffer.from(t)];
    const value = [0x0a, tb.length, ...tb, 0x15, ...f32(Math.sin(step + k) * (k + 1))];
    if (odd && k === 0) value.push(0x3a, 1, 0x78);                      // node_name: general path
    summary.push(0x0a, value.length, ...value);
  });
  const ev = [0x09, ...f64(1.7e9 + step), 0x10];
  varint(ev, step);
  ev.push(0x2a); varint(ev, summary.length); ev.push(...summary);
  return Buffer.from(encodeRecord(Buffer.from(ev)));
}

/** SessionLog START at `step` (a restart: later data from `step` on replaces the old). */
function startEvent(step: number): Buffer {
  const ev = [0x09, ...f64(1.7e9 + step), 0x10];
  varint(ev, step);
  ev.push(0x3a, 2, 0x08, 0x01);
  return Buffer.from(encodeRecord(Buffer.from(ev)));
}

function scalarRun(from: number, to: number, tags: string[]): Buffer {
  const parts: Buffer[] = [];
  for (let s = from; s < to; s++) parts.push(scalarEvent(s, tags, s % 97 === 0));
  return Buffer.concat(parts);
}

function snapshot(store: RunStore): unknown {
  const out: Record<string, unknown> = { graph: store.graph, points: store.points };
  for (const kind of KINDS) {
    for (const tag of store.tags(kind)) {
      const s = store[kind].get(tag)!;
      s.ensureSorted();
      if (kind === 'scalars') {
        const sc = store.scalars.get(tag)!;
        out[`${kind}:${tag}`] = Array.from({ length: sc.length }, (_, i) => [sc.wall[i], sc.step[i], sc.value[i]]);
      } else out[`${kind}:${tag}`] = JSON.parse(JSON.stringify((s as { points: unknown[] }).points));
    }
  }
  return out;
}

async function read(dir: string, parseWorkers: number): Promise<{ data: LogdirData; snap: Record<string, unknown>; warnings: unknown }> {
  const data = new LogdirData(dir, { parseWorkers, reloadMs: 100, partialGraceMs: 0 });
  await data.indexed;
  const snap: Record<string, unknown> = {};
  for (const [name, run] of data.runs) snap[name] = snapshot(run.store);
  return { data, snap, warnings: data.warnings() };
}

function build(dir: string): void {
  const put = (rel: string, b: Buffer) => { mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true }); writeFileSync(path.join(dir, rel), b); };
  const tags = ['loss', 'acc', 'lr/sched', 'μ/unicode'];
  // TF 1 and TF 2 fixtures repeated past the worker threshold: every kind, metadata, graphs
  put('tf1/events.out.tfevents.1', Buffer.concat(Array.from({ length: Math.ceil((600 << 10) / TF1.length) }, () => TF1)));
  put('tf2/events.out.tfevents.1', Buffer.concat(Array.from({ length: Math.ceil((600 << 10) / TF2.length) }, () => TF2)));
  // scalars, a restart in the middle, then more
  put('restart/events.out.tfevents.1', Buffer.concat([scalarRun(0, 6000, tags), startEvent(3000), scalarRun(3000, 9000, tags)]));
  // two files in one run, the second with a tag of its own and a step above 2^31
  put('two/events.out.tfevents.1', scalarRun(0, 5000, tags));
  put('two/events.out.tfevents.2', Buffer.concat([scalarRun(5000, 9000, [...tags, 'late']), scalarEvent(2 ** 40, ['loss'])]));
  // a corrupt record and a well-framed record that is not an Event, late in big files
  const corrupt = scalarRun(0, 8000, tags);
  corrupt[corrupt.length - 5000] ^= 0xff;
  put('corrupt/events.out.tfevents.1', corrupt);
  put('bad_event/events.out.tfevents.1', Buffer.concat([scalarRun(0, 4000, tags), Buffer.from(encodeRecord(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]))), scalarRun(4000, 8000, tags)]));
  const cut = scalarRun(0, 7000, tags);
  put('cut/events.out.tfevents.1', cut.subarray(0, cut.length - 7));
}

test('parse workers read exactly what the main thread reads (all kinds, restarts, damage, several files)', async () => {
  const dir = tmpDir();
  try {
    build(dir);
    const main = await read(dir, 0);
    const pool = await read(dir, 2);
    try {
      assert.ok(pool.data.pool && pool.data.pool.jobsDone >= 7, `every run went through a worker (${pool.data.pool?.jobsDone} jobs)`);
      assert.deepEqual(Object.keys(pool.snap).sort(), ['bad_event', 'corrupt', 'cut', 'restart', 'tf1', 'tf2', 'two']);
      for (const run of Object.keys(main.snap)) assert.deepEqual(pool.snap[run], main.snap[run], run);
      assert.deepEqual(pool.warnings, main.warnings);
      const files = (pool.warnings as { file: string }[]).map(w => w.file);
      assert.deepEqual(files, ['bad_event/events.out.tfevents.1', 'corrupt/events.out.tfevents.1', 'cut/events.out.tfevents.1']);
      const restart = pool.snap.restart as Record<string, [number, number, number][]>;
      assert.deepEqual(restart['scalars:loss'].map(p => p[1]), Array.from({ length: 9000 }, (_, i) => i));
      assert.equal((pool.snap.two as Record<string, unknown[]>)['scalars:loss'].length, 9001);
    } finally {
      main.data.stop();
      pool.data.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parse workers: a growing file is read incrementally (big appends in a worker, small ones on the main thread)', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'run', 'events.out.tfevents.1');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, scalarRun(0, 4000, ['a', 'b']));
  const data = new LogdirData(dir, { parseWorkers: 2, reloadMs: 50 });
  try {
    await data.indexed;
    const len = () => data.runs.get('run')!.store.scalars.get('a')!.length;
    assert.equal(len(), 4000);
    appendFileSync(file, scalarRun(4000, 12000, ['a', 'b']));          // ~400 KB: a worker job
    for (let i = 0; i < 200 && len() < 12000; i++) await new Promise(r => setTimeout(r, 25));
    assert.equal(len(), 12000);
    appendFileSync(file, scalarRun(12000, 12010, ['a', 'b']));         // small: the main thread
    for (let i = 0; i < 200 && len() < 12010; i++) await new Promise(r => setTimeout(r, 25));
    const s = data.runs.get('run')!.store.scalars.get('a')!;
    assert.deepEqual(Array.from({ length: s.length }, (_, i) => s.step[i]), Array.from({ length: 12010 }, (_, i) => i));
    // a request catching a run up while a worker holds it waits for the worker's part
    appendFileSync(file, scalarRun(12010, 20000, ['a', 'b']));
    await data.runs.get('run')!.catchUp();
    assert.equal(len(), 20000);
    assert.ok(data.pool!.jobsDone >= 2, `${data.pool!.jobsDone} jobs`);
  } finally {
    data.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a burst of requests while the parse workers read: every answer is 200 (partial or whole), the server stays up', async () => {
  const { startBoard } = await import('../../src/board/server/index.js');
  const { rawGet } = await import('./server_helpers.js');
  const dir = tmpDir();
  try {
    for (let r = 0; r < 6; r++) {
      mkdirSync(path.join(dir, `run${r}`));
      writeFileSync(path.join(dir, `run${r}`, 'events.out.tfevents.1'), scalarRun(0, 20000, ['loss', 'acc']));
    }
    const b = await startBoard({ logdir: dir, port: 0, parseWorkers: 2 });
    try {
      const targets = Array.from({ length: 300 }, (_, i) => i % 7 === 0 ? '/api/runs' : `/api/scalars?run=run${i % 6}&tag=${i % 2 ? 'loss' : 'acc'}&points=${100 + i}`);
      const answers: number[] = [];
      for (let i = 0; i < targets.length; i += 60) {
        answers.push(...(await Promise.all(targets.slice(i, i + 60).map(t => rawGet(b.port, t)))).map(r => r.status));
      }
      assert.deepEqual([...new Set(answers)], [200]);
      await b.data.indexed;
      const full = await rawGet(b.port, '/api/scalars?run=run5&tag=loss&points=100000');
      assert.equal(full.json().total, 20000);
      assert.equal(full.json().loading, undefined);
    } finally {
      await b.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parse workers that cannot start: the pool gives up at once and every run is read on the main thread', async () => {
  const dir = tmpDir();
  try {
    for (let r = 0; r < 3; r++) {
      mkdirSync(path.join(dir, `run${r}`));
      writeFileSync(path.join(dir, `run${r}`, 'events.out.tfevents.1'), scalarRun(0, 12000, ['loss']));
    }
    const data = new LogdirData(dir, { parseWorkers: 2, parseWorkerUrl: new URL('./no_such_worker.js', import.meta.url) });
    try {
      await data.indexed;
      assert.ok(data.pool!.broken, 'the pool is marked broken');
      assert.equal(data.pool!.jobsDone, 0);
      for (let r = 0; r < 3; r++) assert.equal(data.runs.get(`run${r}`)!.store.scalars.get('loss')!.length, 12000);
    } finally {
      data.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
