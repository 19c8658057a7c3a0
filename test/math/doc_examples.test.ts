// Runs the JSDoc examples of the math-family builders written for this family: every
// ```ts block is executed, and a line `tf.foo(...);  // [1 2 3]` is checked against the
// numbers (to the digits shown) or shape its comment states.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '../../src/index.js';
import { flat } from './grad_util.js';

const FILES = ['add_n', 'scan', 'clip', 'reduce_extra', 'linalg', 'matrix_diag', 'linalg_compose', 'qr', 'special', 'complex', 'bitwise'];

function blocks(file: string): string[] {
  const src = readFileSync(new URL(`../../../src/ops/math/${file}.ts`, import.meta.url), 'utf8');
  const out: string[] = [];
  const re = /```ts\n([\s\S]*?)```/g;
  for (let m = re.exec(src); m; m = re.exec(src)) out.push(m[1].split('\n').map(l => l.replace(/^\s*\* ?/, '')).join('\n'));
  return out;
}

/** Checks a tensor against an example comment such as `[[1 0] [0 2]]`, `5`, `shape [2, 4, 3]`. */
function check(t: tf.Tensor, comment: string, where: string): void {
  const v = new tf.Session({ graph: t.graph }).run(t);
  const shape = /^shape \[([\d, ]*)\]/.exec(comment);
  if (shape) { assert.deepEqual([...v.shape], shape[1].split(',').map(Number), where); return; }
  if (!/^[[\d-]/.test(comment)) return; // prose only
  let text = comment;
  if (text.startsWith('[')) {
    let depth = 0, end = 0;
    for (; end < text.length; end++) { if (text[end] === '[') depth++; if (text[end] === ']' && --depth === 0) break; }
    text = text.slice(0, end + 1);
  } else text = text.split(/\s/)[0];
  const tokens = text.match(/[-+]?\d+(\.\d+)?(e[-+]?\d+)?/g) ?? [];
  const got = v.dtype === 'int64' ? v.toFlat().map(Number) : flat(v);
  assert.equal(got.length, tokens.length, `${where}: ${got.length} values vs comment ${comment}`);
  tokens.forEach((tok, i) => {
    const decimals = (tok.split('.')[1] ?? '').replace(/e.*/, '').length;
    // as printed: to the last digit shown (plus float32 rounding)
    const tol = 0.5 * 10 ** -decimals + 1e-6 * Math.abs(Number(tok));
    assert.ok(Math.abs(got[i] - Number(tok)) <= tol, `${where}: element ${i} is ${got[i]}, comment says ${tok}`);
  });
}

for (const file of FILES) {
  test(`JSDoc examples of src/ops/math/${file}.ts run and show what they compute`, () => {
    for (const code of blocks(file)) {
      const body = code.split('\n').map(line => {
        const m = /^(.*?);\s*\/\/\s*(.*)$/.exec(line);
        if (!m || /^\s*(const|let)\b/.test(m[1])) return line;
        const expr = m[1].replace(/^new tf\.Session\(\)\.run\((\w+)\)$/, '$1');
        return `__check(${expr}, ${JSON.stringify(m[2])}, ${JSON.stringify(line.trim())});`;
      }).join('\n');
      tf.withGraph(() => new Function('tf', '__check', body)(tf, check));
    }
  });
}
