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
import { elementwiseBench } from './elementwise.js';
import { cnnTrainStepsPerSecond, cnnInferenceBatchesPerSecond } from './cnn.js';
import { mlpPeakMemory } from './memory.js';
import { boardBench, boardSection } from './board.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const python = [path.join(root, '.venv-tf/bin/python'), 'python3'].find(p => p === 'python3' || existsSync(p))!;

function peers(script: string): { peer: string; [k: string]: unknown }[] {
  try {
    const [file, ...args] = script.split(' ');
    const out = execFileSync(python, [path.join(root, 'bench/peers', file), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 600000 });
    return out.trim().split('\n').filter(Boolean).map(l => JSON.parse(l) as { peer: string });
  } catch (e) {
    console.error(`(peers from ${script} unavailable: ${(e as Error).message.split('\n')[0]})`);
    return [];
  }
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

async function main(): Promise<void> {
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
  lines.push(`| ${mlp.name} | tensorgraph (${backendInfo().backend} backend) | ${mlp.value.toFixed(1)} steps/s |`);
  for (const p of trainPeers.filter(p => p.bench === 'mlp')) lines.push(`| ${mlp.name} | ${p.peer} | ${(p.steps_per_s as number).toFixed(1)} steps/s |`);
  lines.push('');
  // TF.js peers (npm devDependencies), in a process of their own
  let tfjs: { peer: string; [k: string]: unknown }[] = [];
  try {
    tfjs = execFileSync(process.execPath, [path.join(root, 'bench/peers/tfjs.mjs')], { encoding: 'utf8', timeout: 900000, stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as { peer: string });
  } catch (e) { console.error(`(TF.js peers unavailable: ${(e as Error).message.split('\n')[0]})`); }
  for (const p of tfjs.filter(p => p.bench === 'mlp')) lines.splice(lines.length - 1, 0, `| ${mlp.name} | ${p.peer} | ${(p.steps_per_s as number).toFixed(1)} steps/s |`);
  if (tfjs.some(p => p.bench === 'gemm')) {
    lines.push('TF.js GEMM float32 (GFLOP/s): ' + tfjs.filter(p => p.bench === 'gemm').map(p => `${p.peer} N=${String(p.n)} ${(p.gflops as number).toFixed(1)}`).join('; ') + '.', '');
  }
  console.log('elementwise ...');
  lines.push('## Elementwise add, float32 (GB/s = 12·n bytes / time)', '', '| n | implementation | GB/s |', '|---:|---|---:|');
  for (const r of elementwiseBench()) lines.push(`| ${r.n} | tensorgraph — ${r.name} | ${r.gbps.toFixed(1)} |`);
  for (const p of [...peers('elementwise.py'), ...tfjs.filter(p => p.bench === 'add')]) lines.push(`| ${String(p.n)} | ${p.peer} | ${(p.gbps as number).toFixed(1)} |`);
  console.log('CNN ...');
  const cnn = [cnnTrainStepsPerSecond(), cnnInferenceBatchesPerSecond()];
  lines.push('', '## LeNet-5 CNN, batch 64', '', '| benchmark | implementation | result |', '|---|---|---:|');
  for (const r of cnn) lines.push(`| ${r.name} | tensorgraph | ${r.value.toFixed(1)} ${r.unit} |`);
  for (const p of peers('cnn.py')) lines.push(`| ${p.bench as string} | ${p.peer} | ${(p.value as number).toFixed(1)} ${p.unit as string} |`);
  console.log('peak memory ...');
  const mem = mlpPeakMemory();
  lines.push('', '## Peak memory of the MLP training process (300 steps, ru_maxrss)', '', '| implementation | peak MB |', '|---|---:|');
  lines.push(`| tensorgraph (fresh pool bytes per steady-state step: ${mem.bytesPerStep}, the fetched loss) | ${mem.peakMB.toFixed(0)} |`);
  for (const w of ['tf', 'torch']) for (const p of peers(`memory.py ${w}`)) lines.push(`| ${p.peer} | ${(p.peakMB as number).toFixed(0)} |`);
  console.log('board ...');
  lines.push('', ...boardSection(await boardBench()));
  const text = lines.join('\n');
  writeFileSync(path.join(root, 'BENCHMARKS.md'), text);
  console.log(text);
}

await main();
export type { Row };
