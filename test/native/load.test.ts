// Loading the addon: backendInfo(), the fallback with exactly one warning when the addon is
// missing, TENSORGRAPH_BACKEND / TENSORGRAPH_NUM_THREADS / TENSORGRAPH_CPU_PATH, and the thread
// pool under concurrent callers (worker_threads). Fallback cases run in child processes, since
// the load is once per process.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { nativeAddon, backendInfo, defaultBackend } from '../../src/backend/native/load.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const distSrc = path.resolve(here, '../../src');
const addon = nativeAddon();
const skip = addon ? false : 'the native addon is not built (npm run install)';

/** Runs an ES module snippet in a child Node with extra env; returns {stdout, stderr}. */
function child(code: string, env: Record<string, string>): { stdout: string; stderr: string } {
  const script = `const load = await import(${JSON.stringify(path.join(distSrc, 'backend/native/load.js'))});\n` +
    `const kernels = await import(${JSON.stringify(path.join(distSrc, 'backend/native/kernels.js'))});\n` +
    `const tf = await import(${JSON.stringify(path.join(distSrc, 'index.js'))});\n` + code;
  try {
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TENSORGRAPH_BACKEND: '', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { stdout, stderr: '' };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; message: string };
    throw new Error(`child failed: ${err.message}\n${err.stdout}\n${err.stderr}`);
  }
}

const useMatmul = `
let warnings = 0;
process.on('warning', w => { if (w.code === 'TENSORGRAPH_NO_NATIVE') warnings++; });
const a = new tf.NDArray('float32', [2, 3], Float32Array.from([1, 2, 3, 4, 5, 6]));
const b = new tf.NDArray('float32', [3, 2], Float32Array.from([1, 0, 0, 1, 1, 1]));
let out;
for (let i = 0; i < 5; i++) out = kernels.nativeMatmul(a, b, false, false);
const sess = new tf.Session({ backend: 'native' });
const y = tf.matmul(tf.constant([[1, 2], [3, 4]]), tf.constant([[5], [6]]));
const r = sess.run(y);
await new Promise(res => setTimeout(res, 10));
console.log(JSON.stringify({ info: load.backendInfo(), dflt: load.defaultBackend(), out: Array.from(out.data), r: r.toArray(), warnings }));
`;

test('without the addon: reference kernels, one warning, backendInfo says why', () => {
  const { stdout } = child(useMatmul, { TENSORGRAPH_NATIVE_PATH: '/nonexistent/tensorgraph_native.node' });
  const res = JSON.parse(stdout);
  assert.equal(res.info.backend, 'reference');
  assert.equal(res.info.cpuPath, null);
  assert.match(res.info.reason, /does not exist/);
  assert.equal(res.dflt, 'reference');
  assert.deepEqual(res.out, [4, 5, 10, 11]);
  assert.deepEqual(res.r, [[17], [39]]);
  assert.equal(res.warnings, 1);
});

test('TENSORGRAPH_BACKEND=reference: no addon and no warning', () => {
  const { stdout } = child(useMatmul, { TENSORGRAPH_BACKEND: 'reference' });
  const res = JSON.parse(stdout);
  assert.equal(res.info.backend, 'reference');
  assert.equal(res.warnings, 0);
  assert.deepEqual(res.out, [4, 5, 10, 11]);
});

test('backendInfo reports the CPU path and threads; env vars override them', { skip }, () => {
  const info = backendInfo();
  assert.equal(info.backend, 'native');
  assert.equal(defaultBackend(), 'native');
  assert.ok(['avx512', 'avx2', 'scalar'].includes(info.cpuPath!));
  assert.ok(info.threads >= 1 && info.hardwareThreads >= 1);
  const { stdout } = child(useMatmul, { TENSORGRAPH_NUM_THREADS: '1', TENSORGRAPH_CPU_PATH: 'scalar' });
  const res = JSON.parse(stdout);
  assert.equal(res.info.backend, 'native');
  assert.equal(res.info.cpuPath, 'scalar');
  assert.equal(res.info.threads, 1);
  assert.equal(res.warnings, 0);
  assert.deepEqual(res.out, [4, 5, 10, 11]);
  assert.deepEqual(res.r, [[17], [39]]);
});

test('concurrent callers on worker threads get correct products', { skip }, async () => {
  const workerCode = `
    const { parentPort, workerData } = require('node:worker_threads');
    const addon = require(workerData.path);
    const n = 96, a = new Float32Array(n * n), b = new Float32Array(n * n), c = new Float32Array(n * n);
    for (let i = 0; i < n * n; i++) { a[i] = (i % 7) - 3; b[i] = (i % 5) - 2; }
    const dims = new Float64Array([2, 2, n, n, n, n]);
    addon.matmul(a, b, c, dims, 0);
    const want = Float32Array.from(c);
    let bad = 0;
    for (let it = 0; it < 300; it++) {
      c.fill(0);
      addon.matmul(a, b, c, dims, 2 << 2);
      for (let i = 0; i < c.length; i++) if (c[i] !== want[i]) { bad++; break; }
    }
    parentPort.postMessage(bad);
  `;
  const { addonPath } = await import('../../src/backend/native/binding.js');
  const runs = [0, 1, 2].map(() => new Promise<number>((resolve, reject) => {
    const w = new Worker(workerCode, { eval: true, workerData: { path: addonPath() } });
    w.on('message', resolve);
    w.on('error', reject);
  }));
  // and the main thread at the same time
  const n = 64, a = new Float32Array(n * n).fill(1), b = new Float32Array(n * n).fill(2), c = new Float32Array(n * n);
  for (let it = 0; it < 200; it++) {
    addon!.matmul(a, b, c, new Float64Array([2, 2, n, n, n, n]), 0);
    assert.ok(c.every(x => x === 2 * n));
  }
  assert.deepEqual(await Promise.all(runs), [0, 0, 0]);
});
