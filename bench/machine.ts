// What machine a benchmark ran on (for BENCHMARKS.md).

import * as os from 'node:os';
import { readFileSync } from 'node:fs';

export function machineInfo(): string {
  let flags = '';
  try {
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    const f = /^flags\s*:\s*(.*)$/m.exec(cpuinfo)?.[1].split(' ') ?? [];
    flags = ['avx512f', 'avx2', 'fma'].filter(x => f.includes(x)).join(', ');
  } catch { /* not Linux */ }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores${flags ? ` (${flags})` : ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version}, ${os.type()} ${os.release()}`;
}
