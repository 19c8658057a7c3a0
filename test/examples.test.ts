// Every seed port runs and prints what it printed when checked against TensorFlow's
// behaviour: examples/seeds/expected/<name>.txt holds stdout, and <name>.stderr.txt (when
// present) the lines tf.Print wrote to stderr.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const expectedDir = path.join(root, 'examples/seeds/expected');

for (const f of readdirSync(expectedDir).filter(f => f.endsWith('.txt') && !f.endsWith('.stderr.txt'))) {
  const name = f.replace(/\.txt$/, '');
  test(`example ${name} prints what TensorFlow prints`, () => {
    const r = spawnSync(process.execPath, [path.join(root, 'dist/examples/seeds', `${name}.js`)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(path.join(expectedDir, f), 'utf8'));
    const errFile = path.join(expectedDir, `${name}.stderr.txt`);
    assert.equal(r.stderr, existsSync(errFile) ? readFileSync(errFile, 'utf8') : '');
  });
}
