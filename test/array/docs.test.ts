// Runs the JSDoc examples of the array builders (src/ops/array/*.ts). In a ```ts block,
// a statement followed by `// <value>` (or `// ... -> <value>`) must evaluate to that value;
// T and F stand for true and false. Other lines just have to run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as tf from '../../src/index.js';

const dir = new URL('../../../src/ops/array/', import.meta.url);

/** The value a comment announces, or undefined when it is prose. */
function expected(comment: string): unknown {
  const text = comment.includes('->') ? comment.split('->').pop()!.trim() : comment.trim();
  const m = /^(\[.*\]|-?\d+(\.\d+)?|true|false)/.exec(text);
  if (!m) return undefined;
  try { return JSON.parse(m[1].replace(/\bT\b/g, 'true').replace(/\bF\b/g, 'false')); } catch { return undefined; }
}

const show = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? Number(x) : x));

function close(a: unknown, b: unknown, path: string): void {
  if (Array.isArray(b)) {
    assert.ok(Array.isArray(a) && a.length === b.length, `${path}: ${show(a)} vs ${show(b)}`);
    b.forEach((x, i) => close((a as unknown[])[i], x, `${path}[${i}]`));
  } else if (typeof b === 'number') assert.ok(Math.abs(Number(a) - b) < 1e-5, `${path}: ${String(a)} vs ${b}`);
  else assert.equal(a, b, path);
}

for (const file of readdirSync(dir).filter(f => f.endsWith('.ts'))) {
  const src = readFileSync(new URL(file, dir), 'utf8');
  const blocks = [...src.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1].split('\n').map(l => l.replace(/^\s*\* ?/, '')));
  blocks.forEach((lines, k) => {
    test(`doc example ${file} #${k + 1}`, () => tf.withGraph(() => {
      let checks = 0;
      const body = lines.map(line => {
        const m = /^(.*?);\s*\/\/(.*)$/.exec(line);
        if (!m || /^\s*(const|let)\b/.test(m[1])) return line;
        const want = expected(m[2]);
        if (want === undefined) return `${m[1]};`;
        checks++;
        return `__check(${m[1]}, ${JSON.stringify(want)});`;
      }).join('\n');
      const check = (v: unknown, want: unknown) => {
        const nd = v instanceof tf.Tensor ? new tf.Session().run(v) : v as tf.NDArray;
        close(nd.toArray(), want, 'value');
      };
      new Function('tf', '__check', body)(tf, check);
      assert.ok(checks > 0 || !lines.some(l => /\/\/\s*[[\d]/.test(l)), 'an expected value was not checked');
    }));
  });
}
