// Board benchmark (issue 6): a log directory of 100 runs x 10 tags x 10,000 steps of scalars
// (10M points, ~240 MB of event files, generated in a temporary directory removed afterwards),
// served by `tensorgraph board` in a child process. Cold rows use a fresh server process: the
// run list, one chart, and one tag overlaid over all runs (first answer: what is read so far
// plus a sampled preview of the rest; then until every point is read by the parse workers);
// then the time to index everything, warm charts and the server's memory.
// `boardBench()` returns rows; `node dist/bench/board.js` prints them.

import { spawn } from 'node:child_process';
import { Agent, get } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { maskedCrc32c } from '../src/io/crc32c.js';

export interface Row { name: string; value: number; unit: string; note?: string }

export interface BoardBenchOptions { runs?: number; tags?: number; steps?: number; dir?: string; keep?: boolean }

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '../src/cli.js');

function varint(out: number[], v: number): void {
  while (v >= 0x80) { out.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); }
  out.push(v);
}

function frame(payload: Buffer): Buffer {
  const rec = Buffer.allocUnsafe(payload.length + 16);
  rec.writeBigUInt64LE(BigInt(payload.length), 0);
  rec.writeUInt32LE(maskedCrc32c(rec.subarray(0, 8)), 8);
  payload.copy(rec, 12);
  rec.writeUInt32LE(maskedCrc32c(payload), 12 + payload.length);
  return rec;
}

/** One event file of `steps` events, each a Summary of `tags` simple_values (as merge_all writes them). */
export function eventFileBytes(runIndex: number, tags: number, steps: number, t0 = 1.7e9): Buffer {
  const tagBytes = Array.from({ length: tags }, (_, k) => Buffer.from(`metrics/tag_${k}`));
  // the Summary's layout is the same at every step: build it once, then fill in the floats
  const summary: number[] = [];
  const valueAt: number[] = [];
  for (const t of tagBytes) {
    const value = [0x0a, t.length, ...t, 0x15, 0, 0, 0, 0];
    summary.push(0x0a, value.length, ...value);
    valueAt.push(summary.length - 4);
  }
  const parts: Buffer[] = [frame(Buffer.concat([Buffer.from([0x09]), f64(t0), Buffer.from([0x1a, 13]), Buffer.from('brain.Event:2')]))];
  const sumLen: number[] = [];
  varint(sumLen, summary.length);
  for (let s = 0; s < steps; s++) {
    const stepBytes: number[] = [];
    varint(stepBytes, s);
    const head = 9 + 1 + stepBytes.length + 1 + sumLen.length;
    const ev = Buffer.allocUnsafe(head + summary.length);
    ev[0] = 0x09; ev.writeDoubleLE(t0 + s * 0.5 + runIndex * 1e-3, 1);
    ev[9] = 0x10; ev.set(stepBytes, 10);
    ev[10 + stepBytes.length] = 0x2a; ev.set(sumLen, 11 + stepBytes.length);
    ev.set(summary, head);
    for (let k = 0; k < tags; k++) ev.writeFloatLE(Math.exp(-s / 3000) * (1 + k) + 0.05 * Math.sin(s * 0.1 + runIndex + k), head + valueAt[k]);
    parts.push(frame(ev));
  }
  return Buffer.concat(parts);
}

function f64(x: number): Buffer { const b = Buffer.alloc(8); b.writeDoubleLE(x, 0); return b; }

/** Writes the log directory: `runs` runs of one event file each; returns the bytes written. */
export function generateLogdir(dir: string, runs: number, tags: number, steps: number): number {
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    const runDir = path.join(dir, `run_${String(r).padStart(3, '0')}`);
    mkdirSync(runDir, { recursive: true });
    const b = eventFileBytes(r, tags, steps);
    bytes += b.length;
    writeFileSync(path.join(runDir, 'events.out.tfevents.1700000000.bench'), b);
  }
  return bytes;
}

interface Served { url: string; pid: number; stop(): Promise<void> }

async function serve(logdir: string): Promise<Served & { startMs: number }> {
  const t = performance.now();
  const child = spawn(process.execPath, [cli, 'board', '--logdir', logdir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '', err = '';
    child.stdout.on('data', (d: Buffer) => { out += d; const m = /(http:\/\/\S+)/.exec(out); if (m) resolve(m[1]); });
    child.stderr.on('data', (d: Buffer) => { err += d; });
    child.once('exit', code => reject(new Error(`tensorgraph board exited with ${code}: ${err}`)));
  });
  return {
    url, pid: child.pid!, startMs: performance.now() - t,
    stop: () => new Promise(resolve => { child.once('exit', () => resolve()); child.kill('SIGINT'); }),
  };
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

interface RunsReply { runs: { name: string; tags: { scalars: string[] } }[]; indexing: { done: boolean } }
function agentJson<T>(agent: Agent, url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, res => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200) reject(new Error(`${url}: ${res.statusCode} ${body}`)); else resolve(JSON.parse(body) as T);
      });
    }).on('error', reject);
  });
}

const getJson = async <T>(url: string): Promise<T> => {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch { return NaN; }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface ScalarsReply { points: unknown[]; total: number; loading?: boolean; preview?: number }

/**
 * Runs the benchmark; rows are milliseconds (and MB, seconds). Cold rows are measured on a
 * fresh server process (the OS file cache is warm: the files were just written).
 */
export async function boardBench(opts: BoardBenchOptions = {}): Promise<Row[]> {
  const runs = opts.runs ?? 100, tags = opts.tags ?? 10, steps = opts.steps ?? 10000;
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'tensorgraph-board-bench-'));
  const points = runs * tags * steps;
  const rows: Row[] = [];
  const runName = (r: number) => `run_${String(r).padStart(3, '0')}`;
  try {
    const tg = performance.now();
    const written = generateLogdir(dir, runs, tags, steps);
    rows.push({ name: 'board: generate the log directory', value: (performance.now() - tg) / 1000, unit: 's', note: `${(written / 2 ** 20).toFixed(0)} MB, ${(points / 1e6).toFixed(0)}M points` });

    // 1. a fresh server: the run list, one chart, then everything indexed and warm requests
    let srv = await serve(dir);
    const t0 = performance.now();
    rows.push({ name: 'board: command start to URL printed', value: srv.startMs, unit: 'ms', note: 'node start-up included' });
    try {
      const [first, runsMs] = await timed(() => getJson<RunsReply>(`${srv.url}api/runs`));
      const knownTags = first.runs.reduce((a, r) => a + r.tags.scalars.length, 0);
      rows.push({ name: 'board: run list, cold', value: runsMs, unit: 'ms', note: `target < 1000; ${first.runs.length} runs, ${knownTags} of ${runs * tags} tags known` });
      let all: RunsReply = first;
      while (all.runs.length < runs || all.runs.some(r => r.tags.scalars.length < tags)) {
        await new Promise(r => setTimeout(r, 20));
        all = await getJson<RunsReply>(`${srv.url}api/runs`);
      }
      rows.push({ name: 'board: every run and tag listed, after start', value: performance.now() - t0, unit: 'ms', note: 'target < 1000' });
      const chartUrl = `${srv.url}api/scalars?run=${runName(runs - 1)}&tag=metrics/tag_${tags - 1}`;
      const [chart, chartMs] = await timed(() => getJson<ScalarsReply>(chartUrl));
      rows.push({ name: 'board: one chart, cold', value: chartMs, unit: 'ms', note: `target < 1000; ${chart.points.length} points (${chart.total} read${chart.preview ? ` + ${chart.preview} sampled preview` : ''})` });
      const tc = performance.now();
      for (;;) {
        const c = await getJson<ScalarsReply>(chartUrl);
        if (!c.loading) break;
        await new Promise(r => setTimeout(r, 20));
      }
      rows.push({ name: 'board: one chart, cold, every point read', value: chartMs + performance.now() - tc, unit: 'ms', note: 'polled every 20 ms' });
      while (!all.indexing.done) {
        await new Promise(r => setTimeout(r, 50));
        all = await getJson<RunsReply>(`${srv.url}api/runs`);
      }
      rows.push({ name: `board: index all ${(points / 1e6).toFixed(0)}M points`, value: (performance.now() - t0) / 1000, unit: 's', note: 'in the background, parse workers' });
      const warm: number[] = [];
      for (let i = 0; i < 20; i++) {
        const [, ms] = await timed(() => getJson(`${srv.url}api/scalars?run=${runName((i * 37) % runs)}&tag=metrics/tag_${i % tags}`));
        warm.push(ms);
      }
      rows.push({ name: 'board: one chart, warm (median of 20)', value: median(warm), unit: 'ms', note: `target < 1000; 1000 of ${steps} points` });
      const browser = new Agent({ keepAlive: true, maxSockets: 6 });
      const [, overlayMs] = await timed(() => Promise.all(Array.from({ length: runs }, (_, r) => agentJson(browser, `${srv.url}api/scalars?run=${runName(r)}&tag=metrics/tag_1`))));
      browser.destroy();
      rows.push({ name: `board: one tag of all ${runs} runs, warm`, value: overlayMs, unit: 'ms', note: `target < 1000; ${runs} requests over 6 connections` });
      const [, listMs] = await timed(() => getJson(`${srv.url}api/runs`));
      rows.push({ name: 'board: run list, warm', value: listMs, unit: 'ms', note: 'target < 1000' });
      rows.push({ name: 'board: server memory after indexing', value: rssMb(srv.pid), unit: 'MB', note: 'resident set size' });
    } finally {
      await srv.stop();
    }

    // 2. another fresh server: the page asks for the run list, then one tag of every run
    srv = await serve(dir);
    try {
      const t1 = performance.now();
      await getJson<RunsReply>(`${srv.url}api/runs`);
      const browser = new Agent({ keepAlive: true, maxSockets: 6 });
      const overlay = (only: number[]) => Promise.all(only.map(r =>
        agentJson<ScalarsReply>(browser, `${srv.url}api/scalars?run=${runName(r)}&tag=metrics/tag_0`).then(x => ({ r, ...x }))));
      const [cold, coldMs] = await timed(() => overlay(Array.from({ length: runs }, (_, r) => r)));
      const previews = cold.filter(c => c.preview).length, partial = cold.filter(c => c.loading).length;
      rows.push({ name: `board: one tag of all ${runs} runs, cold (first answer)`, value: coldMs, unit: 'ms',
        note: `target < 1000; 6 connections; ${partial} runs still being read, ${previews} of them with a sampled preview of the whole range` });
      // every point: poll the (cheap) reading status, then check that no answer is partial
      for (;;) {
        const st = await getJson<RunsReply>(`${srv.url}api/runs`);
        if (st.indexing.done) break;
        await new Promise(r => setTimeout(r, 50));
      }
      const tAll = performance.now() - t1;
      const last = await overlay(Array.from({ length: runs }, (_, r) => r));
      const stillPartial = last.filter(c => c.loading).length;
      rows.push({ name: `board: one tag of all ${runs} runs, cold (every point read)`, value: tAll, unit: 'ms',
        note: `from the run list request to every file read (parse workers)${stillPartial ? `; ${stillPartial} answers still partial` : `; then all ${runs} answers whole`}` });
      browser.destroy();
    } finally {
      await srv.stop();
    }
  } finally {
    if (!opts.keep && !opts.dir) rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The BENCHMARKS.md section for the rows of boardBench(). */
export function boardSection(rows: Row[], runs = 100, tags = 10, steps = 10000): string[] {
  const fmt = (r: Row) => (r.unit === 'ms' ? r.value.toFixed(r.value < 10 ? 1 : 0) : r.value.toFixed(2));
  return [
    `## Board: ${runs} runs × ${tags} tags × ${steps.toLocaleString('en')} steps of scalars (${((runs * tags * steps) / 1e6).toFixed(0)}M points)`, '',
    '`tensorgraph board` in a child process on a generated log directory (bench/board.ts); times are wall-clock from the',
    'client, measured while the server indexes the files in the background and again once it has read them.', '',
    '| measurement | value | unit | note |', '|---|---:|---|---|',
    ...rows.map(r => `| ${r.name.replace(/^board: /, '')} | ${fmt(r)} | ${r.unit} | ${r.note ?? ''} |`), '',
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await boardBench();
  for (const r of rows) console.log(`${r.name.padEnd(48)} ${r.value.toFixed(r.unit === 'ms' ? 1 : 2).padStart(9)} ${r.unit}  ${r.note ?? ''}`);
}
