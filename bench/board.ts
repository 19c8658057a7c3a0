// Board benchmark (issue 6): a log directory of 100 runs x 10 tags x 10,000 steps of scalars
// (10M points, ~150 MB of event files), served by `tensorgraph board` in a child process.
// Measures how soon the run list and a chart answer while the files are still being indexed,
// a chart once everything is indexed, the time to index everything, and the server's memory.
// `boardBench()` returns rows; `node dist/bench/board.js` prints them.

import { spawn } from 'node:child_process';
import { Agent, get } from 'node:http';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const parts: Buffer[] = [frame(Buffer.concat([Buffer.from([0x09]), f64(t0), Buffer.from([0x1a, 13]), Buffer.from('brain.Event:2')]))];
  const f32 = Buffer.alloc(4);
  for (let s = 0; s < steps; s++) {
    const summary: number[] = [];
    for (let k = 0; k < tags; k++) {
      const v = Math.exp(-s / 3000) * (1 + k) + 0.05 * Math.sin(s * 0.1 + runIndex + k);
      f32.writeFloatLE(v, 0);
      const t = tagBytes[k];
      const value = [0x0a, t.length, ...t, 0x15, ...f32];
      summary.push(0x0a, value.length, ...value);
    }
    const ev: number[] = [0x09, ...f64(t0 + s * 0.5 + runIndex * 1e-3), 0x10];
    varint(ev, s);
    ev.push(0x2a);
    varint(ev, summary.length);
    parts.push(frame(Buffer.from(ev.concat(summary))));
  }
  return Buffer.concat(parts);
}

function f64(x: number): Buffer { const b = Buffer.alloc(8); b.writeDoubleLE(x, 0); return b; }

/** Writes the log directory (reused when an earlier call left the same one). */
export function generateLogdir(dir: string, runs: number, tags: number, steps: number): number {
  const marker = path.join(dir, 'bench.json');
  const spec = JSON.stringify({ runs, tags, steps, v: 1 });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === spec) return -1;
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    const runDir = path.join(dir, `run_${String(r).padStart(3, '0')}`);
    mkdirSync(runDir, { recursive: true });
    const b = eventFileBytes(r, tags, steps);
    bytes += b.length;
    writeFileSync(path.join(runDir, 'events.out.tfevents.1700000000.bench'), b);
  }
  writeFileSync(marker, spec);
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

/** Runs the benchmark; rows are milliseconds (and MB, seconds, counts). */
export async function boardBench(opts: BoardBenchOptions = {}): Promise<Row[]> {
  const runs = opts.runs ?? 100, tags = opts.tags ?? 10, steps = opts.steps ?? 10000;
  const dir = opts.dir ?? path.join(tmpdir(), `tensorgraph-board-bench-${runs}x${tags}x${steps}`);
  const tg = performance.now();
  const written = generateLogdir(dir, runs, tags, steps);
  const genMs = performance.now() - tg;
  const points = runs * tags * steps;
  const rows: Row[] = [];
  if (written >= 0) rows.push({ name: 'board: generate the log directory', value: genMs / 1000, unit: 's', note: `${(written / 2 ** 20).toFixed(0)} MB, ${(points / 1e6).toFixed(0)}M points` });
  const srv = await serve(dir);
  const t0 = performance.now();
  rows.push({ name: 'board: command start to URL printed', value: srv.startMs, unit: 'ms', note: 'node start-up included' });
  try {
    const [first, runsMs] = await timed(() => getJson<RunsReply>(`${srv.url}api/runs`));
    const knownTags = first.runs.reduce((a, r) => a + r.tags.scalars.length, 0);
    rows.push({ name: 'board: run list, first request after start', value: runsMs, unit: 'ms', note: `target < 1000; ${first.runs.length} runs, ${knownTags} of ${runs * tags} tags known` });
    let all: RunsReply = first;
    while (all.runs.length < runs || all.runs.some(r => r.tags.scalars.length < tags)) {
      await new Promise(r => setTimeout(r, 20));
      all = await getJson<RunsReply>(`${srv.url}api/runs`);
    }
    rows.push({ name: 'board: every run and tag listed, after start', value: performance.now() - t0, unit: 'ms', note: 'target < 1000' });
    const lastRun = `run_${String(runs - 1).padStart(3, '0')}`;
    const [chart, chartMs] = await timed(() => getJson<{ points: unknown[]; total: number; loading?: boolean }>(`${srv.url}api/scalars?run=${lastRun}&tag=metrics/tag_${tags - 1}`));
    rows.push({ name: 'board: one chart while indexing (cold run)', value: chartMs, unit: 'ms', note: `target < 1000; ${chart.points.length} of ${chart.total} points${chart.loading ? ' so far' : ''}` });
    // a chart overlays one tag of every run; a browser sends the requests over 6 connections
    const browser = new Agent({ keepAlive: true, maxSockets: 6 });
    const overlay = async (only?: number[]) => timed(() => Promise.all((only ?? Array.from({ length: runs }, (_, r) => r)).map(r =>
      agentJson<{ total: number; loading?: boolean }>(browser, `${srv.url}api/scalars?run=run_${String(r).padStart(3, '0')}&tag=metrics/tag_0`).then(x => ({ r, ...x })))));
    const tc = performance.now();
    const [cold, coldMs] = await overlay();
    rows.push({ name: `board: one tag of all ${runs} runs while indexing`, value: coldMs, unit: 'ms', note: `target < 1000; 6 connections; ${cold.filter(c => c.loading).length} runs partial (still loading)` });
    let partial = cold.filter(c => c.loading).map(c => c.r);
    while (partial.length) {
      await new Promise(r => setTimeout(r, 1000));                 // as a page refetching on SSE updates
      partial = (await overlay(partial))[0].filter(c => c.loading).map(c => c.r);
    }
    rows.push({ name: `board: one tag of all ${runs} runs complete, cold`, value: performance.now() - tc, unit: 'ms', note: 'every point of every run, read with priority' });
    const during: number[] = [];
    while (!all.indexing.done) {
      const [, ms] = await timed(() => getJson<RunsReply>(`${srv.url}api/runs`));
      during.push(ms);
      all = await getJson<RunsReply>(`${srv.url}api/runs`);
      await new Promise(r => setTimeout(r, 50));
    }
    rows.push({ name: `board: index all ${(points / 1e6).toFixed(0)}M points`, value: (performance.now() - t0) / 1000, unit: 's', note: 'in the background' });
    if (during.length) rows.push({ name: 'board: run list while indexing (worst)', value: Math.max(...during), unit: 'ms', note: `${during.length} requests` });
    const warm: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = `run_${String((i * 37) % runs).padStart(3, '0')}`;
      const [, ms] = await timed(() => getJson(`${srv.url}api/scalars?run=${r}&tag=metrics/tag_${i % tags}`));
      warm.push(ms);
    }
    rows.push({ name: 'board: one chart, indexed (median of 20)', value: median(warm), unit: 'ms', note: 'target < 1000; 1000 of 10000 points' });
    const [, overlayMs] = await overlay();
    rows.push({ name: `board: one tag of all ${runs} runs, indexed`, value: overlayMs, unit: 'ms', note: `target < 1000; ${runs} requests over 6 connections` });
    browser.destroy();
    const [, listMs] = await timed(() => getJson(`${srv.url}api/runs`));
    rows.push({ name: 'board: run list, indexed', value: listMs, unit: 'ms', note: 'target < 1000' });
    rows.push({ name: 'board: server memory after indexing', value: rssMb(srv.pid), unit: 'MB', note: 'resident set size' });
  } finally {
    await srv.stop();
    if (!opts.keep && !opts.dir) { /* keep the generated directory for the next run: it is in tmpdir */ }
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
