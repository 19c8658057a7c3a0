// Helpers for the checkpoint tests: the fixtures real TF wrote (tools/gen_checkpoint_fixtures.py),
// their expected values, temporary directories and the real-TF runner for conformance tests.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import { toNDArray } from '../../src/framework/ndarray.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixtureRoot = path.join(repoRoot, 'test/fixtures/checkpoints');

export interface Expected { dtype: tf.DType; shape: number[]; values: unknown[] | string }
export interface FixtureValues { prefix: string; tensors: Record<string, Expected>; spec?: { count: number; long: string } }

export function fixture(sub: string): FixtureValues & { dir: string; path: string } {
  const dir = path.join(fixtureRoot, sub);
  const v = JSON.parse(fs.readFileSync(path.join(dir, 'values.json'), 'utf8')) as FixtureValues;
  return { ...v, dir, path: path.join(dir, v.prefix) };
}

function num(x: unknown): number {
  if (x === 'nan') return NaN;
  if (x === 'inf') return Infinity;
  if (x === '-inf') return -Infinity;
  return x as number;
}

/** The fixture's value as an NDArray. */
export function expectedArray(e: Expected): tf.NDArray {
  const vals = e.values as unknown[];
  switch (e.dtype) {
    case 'int64': return new tf.NDArray('int64', e.shape, BigInt64Array.from(vals as string[], s => BigInt(s)));
    case 'complex64': return new tf.NDArray('complex64', e.shape, Float32Array.from((vals as number[][]).flat()));
    case 'bool': return new tf.NDArray('bool', e.shape, Uint8Array.from(vals as boolean[], b => (b ? 1 : 0)));
    case 'string': return new tf.NDArray('string', e.shape, (vals as string[]).slice());
    default: return toNDArray(vals.length ? vals.map(num) as number[] : [], e.dtype).reshape(e.shape);
  }
}

/** Same dtype, shape and elements (NaN equal to NaN, -0 distinct from 0 for floats). */
export function assertSameArray(actual: tf.NDArray, expected: tf.NDArray, what = ''): void {
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  assert.deepEqual([...actual.shape], [...expected.shape], `${what}: shape`);
  const a = actual.data as ArrayLike<unknown>, b = expected.data as ArrayLike<unknown>;
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) assert.fail(`${what}: element ${i}: ${String(a[i])} !== ${String(b[i])}`);
  }
}

/** The NUM_MANY fixture's i-th name (tools/gen_checkpoint_fixtures.py many_name). */
export function manyName(i: number, long: string): string {
  return `v${String(i).padStart(5, '0')}/${long}${i % 7}`;
}

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(tag = 'ckpt'): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `tg-${tag}-`));
  process.on('exit', () => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

export function sameFile(a: string, b: string): boolean {
  return Buffer.compare(fs.readFileSync(a), fs.readFileSync(b)) === 0;
}

// ---- real TensorFlow ------------------------------------------------------------------------

const venvPython = path.join(repoRoot, '.venv-tf/bin/python');

/** Why conformance tests cannot run here, or null when real TF is available. */
export function tfUnavailable(): string | null {
  const py = fs.existsSync(venvPython) ? venvPython : 'python3';
  const r = spawnSync(py, ['-c', 'import tensorflow'], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
  if (r.status !== 0) return `real TensorFlow is not installed (${venvPython} missing and python3 cannot import tensorflow); skipping the conformance test`;
  return null;
}

/** Runs a Python script with real TF; returns its stdout (throws with stderr on failure). */
export function runTfPython(script: string, args: string[] = []): string {
  const py = fs.existsSync(venvPython) ? venvPython : 'python3';
  const r = spawnSync(py, ['-c', script, ...args], {
    encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', CUDA_VISIBLE_DEVICES: '' },
  });
  if (r.status !== 0) throw new Error(`python failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}
