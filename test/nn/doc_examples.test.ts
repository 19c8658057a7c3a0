// Runs the JSDoc examples of tf.nn and tf.losses: every ```ts block in src/ops/nn and
// src/ops/losses is executed in a fresh graph, and each line `expr;  // value` is checked:
// `// [[1 2] [3 4]]` or `// 0.5` against the values (to 1e-5), `// shape [?, 28, 28, 32]`
// against the static shape; other comments are prose.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { tf, nn, losses, flat, assertClose } from './util.js';

const T = { ...tf, nn, losses };

function blocks(dir: string): { file: string; code: string }[] {
  const base = new URL(`../../../src/ops/${dir}/`, import.meta.url);
  const out: { file: string; code: string }[] = [];
  for (const f of readdirSync(base).filter(n => n.endsWith('.ts'))) {
    const src = readFileSync(new URL(f, base), 'utf8');
    const re = /```ts\n([\s\S]*?)```/g;
    for (let m = re.exec(src); m; m = re.exec(src)) {
      out.push({ file: `${dir}/${f}`, code: m[1].split('\n').map(l => l.replace(/^\s*\* ?/, '')).join('\n') });
    }
  }
  return out;
}

/** The value part of a comment: a bracketed array or the first token. */
function leading(comment: string): string {
  if (!comment.startsWith('[')) return comment.split(/\s+/)[0];
  let depth = 0;
  for (let i = 0; i < comment.length; i++) {
    if (comment[i] === '[') depth++;
    if (comment[i] === ']' && --depth === 0) return comment.slice(0, i + 1);
  }
  return comment;
}

function check(t: unknown, comment: string, where: string): void {
  if (!(t instanceof tf.Tensor)) return;
  const shape = /^shape \[([^\]]*)\]/.exec(comment);
  if (shape) {
    assert.equal(`[${(t.shape.dims ?? []).map(d => (d === null ? '?' : d)).join(', ')}]`, `[${shape[1]}]`, where);
    return;
  }
  if (!/^[[\d-]/.test(comment)) return;
  const want = leading(comment).replace(/true/g, '1').replace(/false/g, '0').match(/-?\d+(\.\d+)?(e-?\d+)?/g)!.map(Number);
  const got = flat(new tf.Session({ graph: t.graph }).run(t));
  assertClose(got, want, 1e-5, where, 1e-6);
}

for (const { file, code } of [...blocks('nn'), ...blocks('losses')]) {
  const first = code.trim().split('\n')[0];
  test(`JSDoc example runs: ${file}: ${first.slice(0, 70)}`, () => {
    const body = code.split('\n').map((line, i) => {
      const m = /^(?!\s*(const|let)\b)(.+?);\s*\/\/\s*(.+)$/.exec(line);
      return m ? `__check(${m[2]}, ${JSON.stringify(m[3])}, ${JSON.stringify(`${file} line ${i + 1}: ${m[2]}`)});` : line;
    }).join('\n');
    tf.withGraph(() => new Function('tf', '__check', body)(T, check));
  });
}
