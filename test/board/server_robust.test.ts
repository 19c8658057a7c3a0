// Bad input and load: truncated, corrupt and foreign files named like event files are skipped
// with a warning in /api/runs (what could be read is kept), never a crash; the server answers
// every request of a bounded burst on loopback (2,000 requests, 100 connections) with bounded
// memory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { copyFileSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startBoard } from '../../src/board/server/index.js';
import { TF1_RUN, getJson, rawGet, tmpDir } from './server_helpers.js';

const FIXTURE = path.join(TF1_RUN, 'events.out.tfevents.1700000000.fixture');

test('truncated, corrupt and foreign "tfevents" files: warnings, the rest of the data, no crash', async () => {
  const d = tmpDir();
  const bytes = readFileSync(FIXTURE);
  const put = (rel: string, b: Buffer) => { mkdirSync(path.dirname(path.join(d, rel)), { recursive: true }); writeFileSync(path.join(d, rel), b); };
  put('good/events.out.tfevents.1', bytes);
  put('cut/events.out.tfevents.1', bytes.subarray(0, bytes.length - 30));                  // inside the last record
  put('cut_header/events.out.tfevents.1', bytes.subarray(0, 5));                           // not even a header
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 200] ^= 0xff;                                                   // data CRC of a late record
  put('corrupt/events.out.tfevents.1', flipped);
  put('garbage/events.out.tfevents.1', Buffer.from('this is not a TFRecord file at all, just text\n'.repeat(10)));
  put('empty/events.out.tfevents.1', Buffer.alloc(0));
  // a well-framed record whose payload is not an Event
  const junk = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]);
  const { encodeRecord } = await import('../../src/summary/record_writer.js');
  put('bad_event/events.out.tfevents.1', Buffer.concat([Buffer.from(encodeRecord(junk)), bytes]));
  // cut short long ago: reported at once
  const old = Date.now() / 1000 - 3600;
  for (const r of ['cut', 'cut_header']) utimesSync(path.join(d, r, 'events.out.tfevents.1'), old, old);
  const b = await startBoard({ logdir: d, port: 0 });
  try {
    await b.data.indexed;
    const r = await getJson(`${b.url}api/runs`);
    assert.deepEqual(r.runs.map((x: any) => x.name), ['bad_event', 'corrupt', 'cut', 'cut_header', 'empty', 'garbage', 'good']);
    const warned = new Map(r.warnings.map((w: any) => [w.file, w.message]));
    assert.deepEqual([...warned.keys()].sort(), ['bad_event/events.out.tfevents.1', 'corrupt/events.out.tfevents.1', 'cut/events.out.tfevents.1',
      'cut_header/events.out.tfevents.1', 'garbage/events.out.tfevents.1']);
    assert.match(warned.get('cut/events.out.tfevents.1') as string, /^truncated record at \d+ \(the file ends \d+ bytes into it\)/);
    assert.match(warned.get('corrupt/events.out.tfevents.1') as string, /^corrupted record at \d+ \(the checksum of the \d+-byte record data does not match\)/);
    assert.match(warned.get('garbage/events.out.tfevents.1') as string, /^corrupted record at 0 \(the checksum of the record length/);
    assert.match(warned.get('bad_event/events.out.tfevents.1') as string, /the record at 0 is not an Event/);
    // the records before the damage are served
    const steps = async (run: string) => (await getJson(`${b.url}api/scalars?run=${run}&tag=train/loss`)).points.map((p: number[]) => p[1]);
    assert.deepEqual(await steps('good'), [0, 10, 20]);
    assert.deepEqual(await steps('cut'), [0, 10, 20]);                 // only the final session_log is lost
    assert.deepEqual(await steps('bad_event'), [0, 10, 20]);
    assert.ok((await steps('corrupt')).length >= 2);
    assert.equal((await rawGet(b.port, '/api/scalars?run=garbage&tag=train/loss')).status, 404);
    // ... and the server is still fine
    assert.equal((await rawGet(b.port, '/api/runs')).status, 200);
  } finally {
    await b.close();
    rmSync(d, { recursive: true, force: true });
  }
});

test('a file that ends inside a record is waited for, not reported, while it is fresh (then reported)', async () => {
  const d = tmpDir();
  const bytes = readFileSync(FIXTURE);
  mkdirSync(path.join(d, 'r'));
  writeFileSync(path.join(d, 'r', 'events.out.tfevents.1'), bytes.subarray(0, bytes.length - 10));
  const b = await startBoard({ logdir: d, port: 0, partialGraceMs: 300, reloadMs: 100 });
  try {
    await b.data.indexed;
    assert.deepEqual((await getJson(`${b.url}api/runs`)).warnings, []);
    await new Promise(r => setTimeout(r, 600));
    assert.match((await getJson(`${b.url}api/runs`)).warnings[0]?.message ?? '', /^truncated record/);
  } finally {
    await b.close();
    rmSync(d, { recursive: true, force: true });
  }
});

test('a burst of 2,000 requests over 100 connections is answered in full, memory stays bounded', async () => {
  const d = tmpDir();
  for (let i = 0; i < 20; i++) {
    mkdirSync(path.join(d, `run${i}`));
    copyFileSync(FIXTURE, path.join(d, `run${i}`, 'events.out.tfevents.1'));
  }
  const b = await startBoard({ logdir: d, port: 0 });
  const paths = (i: number) => [
    '/api/runs', `/api/scalars?run=run${i % 20}&tag=train/loss`, `/api/histograms?run=run${i % 20}&tag=weights`,
    `/api/image?run=run${i % 20}&tag=signed/image&index=${i % 3}`, '/api/graph?run=run3', `/api/scalars?run=run${i % 20}&tag=train/loss&points=oops`,
    '/api/scalars?run=../../etc&tag=x', '/static/%2e%2e/package.json', `/api/text?run=run${i % 20}&tag=notes`,
  ][i % 9];
  const expected = (i: number) => [200, 200, 200, 200, 200, 400, 403, 403, 200][i % 9];
  const get = (agent: Agent, p: string) => new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: b.port, path: p, agent }, res => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    req.on('error', reject);
    req.end();
  });
  try {
    await b.data.indexed;
    for (const keepAlive of [true, false]) {
      const agent = new Agent({ keepAlive, maxSockets: 100 });
      const total = keepAlive ? 2000 : 500;
      globalThis.gc?.();
      const before = process.memoryUsage().heapUsed;
      const statuses: number[] = new Array(total);
      let next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 100 }, async () => {
        while (next < total) { const i = next++; statuses[i] = await get(agent, paths(i)); }
      }));
      const ms = performance.now() - t0;
      agent.destroy();
      const wrong = statuses.map((s, i) => [i, s, expected(i)]).filter(([, s, e]) => s !== e);
      assert.deepEqual(wrong, [], `keepAlive=${keepAlive}`);
      const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
      assert.ok(grown < 200, `heap grew ${grown.toFixed(0)} MB`);
      assert.ok(ms < 30000, `${total} requests took ${ms.toFixed(0)} ms`);
    }
    assert.equal((await rawGet(b.port, '/api/runs')).status, 200);
  } finally {
    await b.close();
    rmSync(d, { recursive: true, force: true });
  }
});

test('live-update streams are capped; past the cap a 503, and the server keeps answering', async () => {
  const d = tmpDir();
  const b = await startBoard({ logdir: d, port: 0, maxEventStreams: 3 });
  const ctl = new AbortController();
  try {
    const open = await Promise.all([0, 1, 2].map(() => fetch(`${b.url}api/events`, { signal: ctl.signal })));
    for (const r of open) assert.equal(r.status, 200);
    const over = await rawGet(b.port, '/api/events');
    assert.equal(over.status, 503);
    assert.equal((await rawGet(b.port, '/api/runs')).status, 200);
  } finally {
    ctl.abort();
    await b.close();
    rmSync(d, { recursive: true, force: true });
  }
});
