// Runs the JSDoc examples of src/train/: every ```ts block is executed in a fresh graph, and
// a line `expr;   // <expected>` is checked when the comment is a number, a bracketed list
// of numbers (to the digits shown), a quoted string or a list of quoted strings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as tfAll from '../../src/index.js';
import * as train from '../../src/train/index.js';

const tf = { ...tfAll, train };
const dir = new URL('../../../src/train/', import.meta.url);

function blocks(file: string): string[] {
  const src = readFileSync(new URL(file, dir), 'utf8');
  const out: string[] = [];
  const re = /```ts\n([\s\S]*?)```/g;
  for (let m = re.exec(src); m; m = re.exec(src)) out.push(m[1].split('\n').map(l => l.replace(/^\s*\* ?/, '')).join('\n'));
  return out;
}

function check(value: unknown, comment: string, where: string): void {
  const text = comment.replace(/\s+\(.*$/, '').trim();
  if (/^'[^']*'$/.test(text)) { assert.equal(value, text.slice(1, -1), where); return; }
  if (/^\['/.test(text)) { assert.deepEqual(value, JSON.parse(text.replace(/'/g, '"')), where); return; }
  if (!/^\[?-?\d/.test(text)) return;   // prose
  const expected = (text.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number);
  const digits = Math.max(0, ...(text.match(/\.\d+/g) ?? []).map(s => s.length - 1));
  const got = value instanceof tf.NDArray ? Array.from(value.data as ArrayLike<number | bigint>, Number) : [Number(value)];
  assert.equal(got.length, expected.length, `${where}: got ${got}`);
  got.forEach((g, i) => assert.ok(Math.abs(g - expected[i]) <= 0.5 * 10 ** -digits + 1e-6 * Math.abs(expected[i]), `${where}: got ${got}, expected ${text}`));
}

for (const file of readdirSync(dir).filter(f => f.endsWith('.ts'))) {
  blocks(file).forEach((code, k) => {
    test(`src/train/${file} example ${k + 1} runs`, () => {
      const body = code.split('\n').map((line, i) => {
        const m = /^(\s*)(?!const |let )(.+?);\s*\/\/\s*(.+)$/.exec(line);
        return m ? `${m[1]}__check(${m[2]}, ${JSON.stringify(m[3])}, ${JSON.stringify(`${file} example ${k + 1} line ${i + 1}`)});` : line;
      }).join('\n');
      tf.withGraph(() => new Function('tf', '__check', body)(tf, check));
    });
  });
}
