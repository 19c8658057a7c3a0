// The file:line of the user's code that built a node: the first stack frame outside this
// library. Captured once per op; Graph.captureCallSites turns it off for huge graphs.

import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/src/framework -> dist/src (the library's compiled sources)
const libRoot = path.resolve(here, '..') + path.sep;
const FRAME = /\((.*):(\d+):(\d+)\)$|at (.*):(\d+):(\d+)$/;

export function callSite(): string {
  const old = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = old;
  const lines = stack.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const m = FRAME.exec(lines[i].trim());
    if (!m) continue;
    let file = m[1] ?? m[4];
    const line = m[2] ?? m[5];
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file.startsWith(libRoot) || file.startsWith('node:')) continue;
    return `${path.relative(process.cwd(), file) || file}:${line}`;
  }
  return '';
}
