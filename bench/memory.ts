// Peak memory of a whole MLP training process (784-512-256-10 SGD, batch 128, 300 steps): each
// implementation runs in a fresh process and reports its peak resident set (getrusage
// ru_maxrss), so what is measured is what a user's training script costs, runtime included.
// Also the tensor bytes a steady-state tensorgraph step allocates (Session.stats).

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mlpStep } from './training.js';

const STEPS = 300;

export interface MemoryRow { peer: string; peakMB: number; note?: string }

/** Runs in the child process: trains, prints one JSON line. */
function child(): void {
  const { step, close, stats } = mlpStep();
  for (let i = 0; i < 20; i++) step();
  const before = stats().allocatedBytes;
  for (let i = 20; i < STEPS; i++) step();
  const perStep = (stats().allocatedBytes - before) / (STEPS - 20);
  close();
  const peakMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ peakMB, perStep }) + '\n');
}

/** tensorgraph's peak RSS (MB) and tensor bytes allocated per steady-state step. */
export function mlpPeakMemory(): { peakMB: number; bytesPerStep: number } {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8', timeout: 600000 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { peakMB: number; perStep: number };
  return { peakMB: r.peakMB, bytesPerStep: r.perStep };
}

if (process.argv.includes('--child')) child();
