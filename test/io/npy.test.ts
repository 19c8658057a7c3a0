// .npy/.npz: files real NumPy wrote (test/fixtures/npy, tools/gen_npy_fixtures.py), round trips,
// byte-identical output to np.save, corrupt input, and files we write read back by NumPy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import * as tf from '../../src/index.js';
import { readNpy, writeNpy, loadNpz, writeNpz } from '../../src/io/index.js';
import type { DType } from '../../src/framework/dtypes.js';

type Enc = number | string | boolean | Enc[];
const FIXTURES = new URL('../../../test/fixtures/npy/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', FIXTURES), 'utf8')) as {
  files: Record<string, { dtype: DType; shape: number[]; values: Enc[]; same_bytes: boolean }>;
  errors: Record<string, string>;
};

const num = (v: Enc): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

/** Flat values of an NDArray in the fixtures' JSON encoding. */
function encode(a: tf.NDArray): Enc[] {
  return a.toFlat().map(v => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'object') return [v.re, v.im].map(x => (Number.isFinite(x) ? x : String(x).replace('Infinity', 'inf').toLowerCase()));
    if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    return v;
  });
}

/** Same values, NaN equal to NaN, -0 distinct from 0. */
function assertSameValues(actual: Enc[], expected: Enc[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: element count`);
  actual.forEach((v, i) => {
    const e = expected[i];
    if (Array.isArray(e)) { assertSameValues(v as Enc[], e, `${what}[${i}]`); return; }
    if (typeof e === 'number') assert.ok(Object.is(num(v), e), `${what}[${i}]: got ${String(v)}, expected ${e}`);
    else assert.equal(v, e, `${what}[${i}]`);
  });
}

function assertSameArray(a: tf.NDArray, b: tf.NDArray, what = 'array'): void {
  assert.equal(a.dtype, b.dtype, `${what}: dtype`);
  assert.deepEqual([...a.shape], [...b.shape], `${what}: shape`);
  assertSameValues(encode(a), encode(b), what);
}

test('reads every .npy file NumPy wrote (both byte orders, Fortran order, format 1/2/3)', async t => {
  for (const [file, want] of Object.entries(manifest.files)) {
    await t.test(file, () => {
      const a = readNpy(new URL(file, FIXTURES));
      assert.equal(a.dtype, want.dtype);
      assert.deepEqual([...a.shape], want.shape);
      assertSameValues(encode(a), want.values, file);
    });
  }
});

test('writeNpy reproduces np.save byte for byte', async t => {
  for (const [file, want] of Object.entries(manifest.files)) {
    if (!want.same_bytes) continue;
    await t.test(file, () => {
      const bytes = readFileSync(new URL(file, FIXTURES));
      const version = `${bytes[6]}.0` as '1.0' | '2.0' | '3.0';
      const out = writeNpy(null, readNpy(bytes), bytes[6] === 1 ? {} : { version });
      assert.ok(out.equals(bytes), `${file}: bytes differ\n ours: ${out.subarray(0, 128).toString('latin1')}\n numpy: ${bytes.subarray(0, 128).toString('latin1')}`);
    });
  }
});

test('unsupported dtypes are refused with a message naming the file and the dtype', async t => {
  for (const [file, msg] of Object.entries(manifest.errors)) {
    await t.test(file, () => {
      const path = new URL(file, FIXTURES).pathname;
      assert.throws(() => readNpy(path), (e: Error) => {
        assert.ok(e instanceof tf.ValueError, `${e.name}: ${e.message}`);
        assert.ok(e.message.startsWith(`Failed to read '${path}': `), e.message);
        assert.ok(e.message.includes(msg), e.message);
        return true;
      });
    });
  }
});

const SAMPLES: tf.NDArray[] = [
  tf.NDArray.zeros('float32', [0, 3]),
  new tf.NDArray('float32', [], Float32Array.of(23.9)),
  new tf.NDArray('float32', [2, 3], Float32Array.of(1.5, -0, NaN, Infinity, -Infinity, 1e-45)),
  new tf.NDArray('float64', [2, 2], Float64Array.of(0.1, 1 / 3, -1e300, 5e-324)),
  new tf.NDArray('float16', [5], Float32Array.of(0.0999755859375, 65504, -0, 5.960464477539063e-8, NaN)),
  new tf.NDArray('int8', [3], Int8Array.of(-128, 0, 127)),
  new tf.NDArray('int16', [1, 2], Int16Array.of(-32768, 32767)),
  new tf.NDArray('int32', [2, 1, 2], Int32Array.of(-2147483648, 1, 2, 2147483647)),
  new tf.NDArray('int64', [2], BigInt64Array.of(-(2n ** 63n), 2n ** 53n + 1n)),
  new tf.NDArray('uint8', [2], Uint8Array.of(0, 255)),
  new tf.NDArray('uint16', [2], Uint16Array.of(0, 65535)),
  new tf.NDArray('bool', [2, 2], Uint8Array.of(1, 0, 0, 1)),
  new tf.NDArray('complex64', [2], Float32Array.of(1, 2, -0.5, NaN)),
  new tf.NDArray('string', [2, 2], ['Hello', '', 'café', '😀 smile']),
  new tf.NDArray('string', [], ['Hello, TensorFlow!']),
];

test('writeNpy -> readNpy round-trips every dtype, shape and special value', () => {
  for (const a of SAMPLES) {
    for (const version of ['1.0', '2.0', '3.0'] as const) {
      const bytes = writeNpy(null, a, { version });
      assert.equal(bytes[6], Number(version[0]));
      assertSameArray(readNpy(bytes), a, `${a.dtype}[${a.shape}] v${version}`);
    }
    const header = writeNpy(null, a);
    assert.equal((8 + 2 + header.readUInt16LE(8)) % 64, 0, 'data starts on a 64-byte boundary');
  }
});

test('writeNpy accepts plain values, and reads/writes paths and file URLs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-npy-'));
  try {
    const path = join(dir, 'a.npy');
    const bytes = writeNpy(path, [[1, 2], [3, 4]]);
    assert.ok(readFileSync(path).equals(bytes));
    const a = readNpy(path);
    assert.equal(a.dtype, 'int32');
    assert.deepEqual(a.toArray(), [[1, 2], [3, 4]]);
    assertSameArray(readNpy(pathToFileURL(path)), a);
    assertSameArray(readNpy(new Uint8Array(bytes).buffer), a, 'ArrayBuffer');
    assert.throws(() => readNpy(join(dir, 'missing.npy')), (e: Error) =>
      e instanceof tf.NotFoundError && e.message === `${join(dir, 'missing.npy')}; No such file or directory`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a byte buffer that is not at offset 0 of its ArrayBuffer reads correctly', () => {
  const bytes = writeNpy(null, new tf.NDArray('float64', [3], Float64Array.of(1, 2, 3)));
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  assert.deepEqual(readNpy(shifted.subarray(3)).toArray(), [1, 2, 3]);
});

function header(dict: string, major = 1): Buffer {
  const body = Buffer.from(dict + '\n', 'latin1');
  const len = Buffer.alloc(major === 1 ? 2 : 4);
  if (major === 1) len.writeUInt16LE(body.length); else len.writeUInt32LE(body.length);
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]), len, body]);
}

test('corrupt or truncated input gives a ValueError naming the source, never a crash', () => {
  const ok = writeNpy(null, new tf.NDArray('float32', [2, 3], new Float32Array(6)));
  const cases: [Uint8Array, string][] = [
    [Buffer.alloc(0), 'the magic string is not correct'],
    [Buffer.from('hello world, not numpy'), 'the magic string is not correct'],
    [ok.subarray(0, 9), 'EOF: reading array header length, expected 2 bytes got 1'],
    [ok.subarray(0, 40), 'EOF: reading array header, expected 118 bytes got 30'],
    [ok.subarray(0, ok.length - 1), 'Failed to read all data for array. Expected (2, 3) = 6 elements, could only read 5 elements'],
    [Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 4, 0]), ok.subarray(8)]), 'we only support format version (1,0), (2,0), and (3,0), not (4, 0)'],
    [header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,"), 'Cannot parse header'],
    [header("[1, 2]"), 'Header is not a dictionary'],
    [header("{'descr': '<f4', 'shape': (2,), }"), "Header does not contain the correct keys: ['descr', 'shape']"],
    [header("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"), 'shape is not valid'],
    [header("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }"), 'fortran_order is not a valid bool: 0'],
    [header("{'descr': 'xyz', 'fortran_order': False, 'shape': (2,), }"), "descr is not a valid dtype descriptor: 'xyz'"],
    [header("{'descr': '<u8', 'fortran_order': False, 'shape': (), }"), "unsupported dtype '<u8' (uint64)"],
    [header("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000, 100000000000), }"), 'Failed to read all data for array'],
  ];
  for (const [bytes, msg] of cases) {
    assert.throws(() => readNpy(bytes, { name: "'bad.npy'" }), (e: Error) => {
      assert.ok(e instanceof tf.ValueError, `expected ValueError, got ${e.name}: ${e.message}`);
      assert.ok(e.message.startsWith("Failed to read 'bad.npy': "), e.message);
      assert.ok(e.message.includes(msg), `${JSON.stringify(e.message)} should include ${JSON.stringify(msg)}`);
      return true;
    });
  }
  // Python 2 headers (3L) and hand-written descr names parse
  const py2 = Buffer.concat([header("{'descr': 'float64', 'fortran_order': False, 'shape': (2L,), }"), Buffer.from(Float64Array.of(1, 2).buffer)]);
  assert.deepEqual(readNpy(py2).toArray(), [1, 2]);
  assert.throws(() => readNpy(Buffer.alloc(3)), /^ValueError: Failed to read <buffer>: the magic string is not correct/);
});

test('random corruption of a valid file never escapes as anything but ValueError', () => {
  const ok = writeNpy(null, new tf.NDArray('int16', [3, 2], Int16Array.of(1, 2, 3, 4, 5, 6)));
  let seed = 12345;
  const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  for (let k = 0; k < 3000; k++) {
    const b = Buffer.from(ok.subarray(0, rand(2) ? ok.length : rand(ok.length + 1)));
    for (let j = rand(4); j >= 0; j--) if (b.length) b[rand(Math.min(b.length, 80))] = rand(256);
    try { readNpy(b); } catch (e) {
      assert.ok(e instanceof tf.ValueError, `case ${k}: ${(e as Error).name}: ${(e as Error).message}`);
    }
  }
});

test('loadNpz reads np.savez and np.savez_compressed archives', () => {
  const z = loadNpz(new URL('savez.npz', FIXTURES));
  assert.deepEqual(Object.keys(z).sort(), ['names', 'x', 'y']);
  assert.equal(z.x.dtype, 'int32');
  assert.deepEqual(z.x.toArray(), [[0, 1, 2], [3, 4, 5]]);
  assert.deepEqual(z.y.toArray(), [0.5, -1.5]);
  assert.deepEqual(z.names.toArray(), ['a', 'bc']);
  const c = loadNpz(new URL('savez_compressed.npz', FIXTURES));
  assert.deepEqual([...c.w.shape], [5, 10]);
  assert.equal(c.w.get(4, 9), 1);
  assert.equal(c.flag.item(), true);
});

test('writeNpz -> loadNpz round-trips, stored and deflated; corruption is detected', () => {
  const arrays = Object.fromEntries(SAMPLES.map((a, i) => [`a${i}`, a]));
  for (const compressed of [false, true]) {
    const bytes = writeNpz(null, arrays, { compressed });
    const back = loadNpz(bytes);
    assert.deepEqual(Object.keys(back), Object.keys(arrays));
    for (const k of Object.keys(arrays)) assertSameArray(back[k], arrays[k], k);
  }
  const bytes = writeNpz(null, { x: [1, 2, 3] });
  const bad = Buffer.from(bytes);
  bad[80] ^= 0xff; // inside the member's data
  assert.throws(() => loadNpz(bad), /Failed to read <buffer>: 'x.npy' is corrupt \(size or CRC-32 mismatch\)/);
  assert.throws(() => loadNpz(bytes.subarray(0, 50)), /Failed to read <buffer>: not a zip file/);
});

function havePythonNumpy(): string | null {
  const r = spawnSyncSafe(['-c', 'import numpy']);
  return r === null ? 'python3 is not installed' : r.status !== 0 ? 'numpy is not installed for python3' : null;
}
function spawnSyncSafe(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } | null {
  const r = spawnSync('python3', args, { encoding: 'utf8', input });
  if (r.error) return null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const missing = havePythonNumpy();
test('files written by writeNpy/writeNpz read back in NumPy with the same values',
  { skip: missing ? `${missing}; cannot check interop with real NumPy` : false }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-npy-np-'));
    try {
      const names: string[] = [];
      SAMPLES.forEach((a, i) => { const p = join(dir, `s${i}.npy`); writeNpy(p, a); names.push(p); });
      writeNpz(join(dir, 'all.npz'), Object.fromEntries(SAMPLES.map((a, i) => [`s${i}`, a])), { compressed: true });
      const script = `
import json, math, sys, numpy as np
def enc(v, kind):
    if kind == 'c': return [enc(v.real, 'f'), enc(v.imag, 'f')]
    if kind == 'f':
        v = float(v)
        return 'nan' if math.isnan(v) else ('inf' if v == math.inf else '-inf' if v == -math.inf else v)
    if kind == 'S': return v.decode('utf-8')
    if kind == 'b': return bool(v)
    return str(int(v)) if np.asarray(v).dtype.itemsize == 8 else int(v)
def desc(a):
    return {'descr': a.dtype.str, 'shape': list(a.shape), 'values': [enc(v, a.dtype.kind) for v in a.reshape(-1)]}
out = {p: desc(np.load(p)) for p in sys.argv[1:]}
z = np.load(sys.argv[1].rsplit('/', 1)[0] + '/all.npz')
out.update({'npz:' + k: desc(z[k]) for k in z.files})
print(json.dumps(out))
`;
      const r = spawnSyncSafe(['-c', script, ...names]);
      assert.ok(r && r.status === 0, r?.stderr ?? 'python3 failed');
      const got = JSON.parse(r!.stdout) as Record<string, { descr: string; shape: number[]; values: Enc[] }>;
      const descr: Record<string, string> = {
        float16: '<f2', float32: '<f4', float64: '<f8', int8: '|i1', int16: '<i2', int32: '<i4', int64: '<i8',
        uint8: '|u1', uint16: '<u2', bool: '|b1', complex64: '<c8',
      };
      SAMPLES.forEach((a, i) => {
        for (const key of [names[i], `npz:s${i}`]) {
          const g = got[key];
          assert.ok(g, `numpy did not load ${key}`);
          if (a.dtype === 'string') assert.match(g.descr, /^\|S\d+$/);
          else assert.equal(g.descr, descr[a.dtype], key);
          assert.deepEqual(g.shape, [...a.shape], key);
          assertSameValues(g.values, encode(a), key);
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

test('fixture files exist (regenerate with python3 tools/gen_npy_fixtures.py)', () => {
  for (const f of [...Object.keys(manifest.files), ...Object.keys(manifest.errors)]) assert.ok(existsSync(new URL(f, FIXTURES)), f);
});
