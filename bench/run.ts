// npm run bench: runs every benchmark beside the peers that are installed, prints a table
// and writes BENCHMARKS.md (machine, date, medians, ratios).

import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { machineInfo } from './machine.js';
import { seed004Loop, mlpStepsPerSecond } from './training.js';
import { backendInfo } from '../src/index.js';
import { tinyGraph, type Row } from './tiny_graph.js';
import { gemmBench, gemmSection, bestOfRounds, type GemmPeer } from './gemm.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const python = [path.join(root, '.venv-tf/bin/python'), 'python3'].find(p => p === 'python3' || existsSync(p))!;

function peers(script: string): { peer: string; [k: string]: unknown }[] {
  try {
    const out = execFileSync(python, [path.join(root, 'bench/peers', script)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 600000 });
    return out.trim().split('\n').filter(Boolean).map(l => JSON.parse(l) as { peer: string });
  } catch (e) {
    console.error(`(peers from ${script} unavailable: ${(e as Error).message.split('\n')[0]})`);
    return [];
  }
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function main(): void {
  const date = new Date().toISOString().slice(0, 10);
  const lines: string[] = [
    '# Benchmarks', '',
    `Measured ${date} on ${machineInfo()}.`, '',
    'Written by `npm run bench` (bench/run.ts); medians of 7 repetitions after warm-up. Peers run in the same',
    'invocation where installed (Python peers from `.venv-tf`).', '',
  ];
  console.log('tiny graph ...');
  const ours = tinyGraph();
  const tfPeers = peers('tiny_graph.py');
  lines.push('## Session.run latency: seed graph (a+b)+(a*b), two scalar int16 feeds', '');
  lines.push('| implementation | µs per run | vs tensorgraph sess.run |', '|---|---:|---:|');
  const base = ours[0].value;
  for (const r of ours) lines.push(`| tensorgraph — ${r.name.replace('tiny graph: ', '')} (${r.note}) | ${fmt(r.value)} | ${(r.value / base).toFixed(2)}× |`);
  for (const p of tfPeers) lines.push(`| ${p.peer} | ${fmt(p.us_per_run as number)} | ${((p.us_per_run as number) / base).toFixed(1)}× |`);
  lines.push('');
  const gemmRuns: ReturnType<typeof gemmBench>[] = [], gemmPeerRuns: GemmPeer[][] = [];
  for (let round = 0; round < 2; round++) {
    console.log(`GEMM round ${round + 1} ...`);
    gemmRuns.push(gemmBench());
    gemmPeerRuns.push(peers('gemm.py').map(p => ({ peer: p.peer, n: p.n as number, gflops: p.gflops as number })));
  }
  const gemm = bestOfRounds(gemmRuns, gemmPeerRuns);
  lines.push(...gemmSection(gemm.ours, gemm.peers, gemm.rounds));
  console.log('training ...');
  const loop = seed004Loop(), mlp = mlpStepsPerSecond();
  const trainPeers = peers('training.py');
  lines.push('', '## Training (issue 3)', '');
  lines.push('| benchmark | implementation | result |', '|---|---|---:|');
  lines.push(`| ${loop.name} | tensorgraph (${backendInfo().backend} backend) | ${loop.value.toFixed(2)} s |`);
  for (const p of trainPeers.filter(p => p.bench === 'seed004')) lines.push(`| ${loop.name} | ${p.peer} | ${(p.seconds as number).toFixed(1)} s |`);
  lines.push(`| ${mlp.name} | tensorgraph (${backendInfo().backend} backend: native MatMul, reference elsewhere) | ${mlp.value.toFixed(1)} steps/s |`);
  for (const p of trainPeers.filter(p => p.bench === 'mlp')) lines.push(`| ${mlp.name} | ${p.peer} | ${(p.steps_per_s as number).toFixed(1)} steps/s |`);
  lines.push('');
  const text = lines.join('\n');
  writeFileSync(path.join(root, 'BENCHMARKS.md'), text);
  console.log(text);
}

main();
export type { Row };
