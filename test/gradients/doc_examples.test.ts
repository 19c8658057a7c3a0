// The JSDoc examples of src/gradients/ run, and a line `expr;  // value` shows what expr
// computes (as NumPy prints it; a list of results prints as [a, b]).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tfAll from '../../src/index.js';
import * as grads from '../../src/gradients/index.js';

// until src/index.ts re-exports src/gradients, the examples see both
const tf = { ...tfAll, ...grads };

function blocks(file: string): string[] {
  const src = readFileSync(new URL(`../../../src/gradients/${file}.ts`, import.meta.url), 'utf8');
  const out: string[] = [];
  const re = /```ts\n([\s\S]*?)```/g;
  for (let m = re.exec(src); m; m = re.exec(src)) out.push(m[1].split('\n').map(l => l.replace(/^\s*\* ?/, '')).join('\n'));
  return out;
}

const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map(show).join(', ')}]` : String(v));

for (const file of ['gradients', 'broadcast_gradient_args']) {
  test(`JSDoc examples of src/gradients/${file}.ts run and show what they compute`, () => {
    const code = blocks(file);
    assert.ok(code.length > 0);
    for (const block of code) {
      const checks: [string, string][] = [];
      const body = block.split('\n').map(line => {
        const m = /^(.*?);\s*\/\/\s*(.*)$/.exec(line);
        if (!m || /^\s*(const|let)\b/.test(m[1])) return line;
        checks.push([m[1], m[2].trim()]);
        return `__out.push(${m[1]});`;
      }).join('\n');
      const outs: unknown[] = [];
      tfAll.withGraph(() => new Function('tf', '__out', body)(tf, outs));
      assert.deepEqual(outs.map(show), checks.map(c => c[1]), block);
    }
  });
}
