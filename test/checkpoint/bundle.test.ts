// The tensor bundle (.index + .data): reading what real TF wrote, writing byte-identical
// files, every dtype, and clear errors for truncated or corrupt files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import {
  BundleReader, BundleWriter, writeBundle, dataFilename, indexFilename, bundleTestHooks, headerBytes, entryBytes,
} from '../../src/checkpoint/bundle.js';
import { TableBuilder } from '../../src/checkpoint/sstable.js';
import { floatToHalfBits, halfBitsToFloat, encodeTensor } from '../../src/checkpoint/tensor_bytes.js';
import { fixture, expectedArray, assertSameArray, manyName, tempDir, sameFile } from './fixture.js';

const { NDArray } = tf;

test('reads every tensor of TF\'s fixtures with the right dtype, shape and value', () => {
  for (const sub of ['dtypes', 'adam']) {
    const f = fixture(sub);
    const r = new BundleReader(f.path);
    assert.deepEqual(r.keys(), Object.keys(f.tensors).sort());
    for (const [k, e] of Object.entries(f.tensors)) assertSameArray(r.lookup(k), expectedArray(e), `${sub}:${k}`);
    r.close();
  }
});

test('reads the multi-block fixture: names, scalars and a tensor larger than a block', () => {
  const f = fixture('many');
  const r = new BundleReader(f.path);
  const keys = r.keys();
  assert.equal(keys.length, f.spec!.count + 1);
  for (const i of [0, 1, 17, 1234, f.spec!.count - 1]) {
    const v = r.lookup(manyName(i, f.spec!.long));
    assert.equal(v.dtype, 'float32');
    assert.deepEqual(v.shape, []);
    assert.equal(v.item(), Math.fround(i * 0.5 - 3));
  }
  const big = r.lookup('big');
  assert.deepEqual(big.shape, [256, 256]);
  const d = big.data as Float32Array;
  for (const i of [0, 1, 65535, 40000]) assert.equal(d[i], Math.fround(i * 0.25 - 100));
  r.close();
});

/** Rewrites a fixture with our writer (tensors in TF's data order) and compares the bytes. */
function rewrite(sub: string, out: string): void {
  const f = fixture(sub);
  const r = new BundleReader(f.path);
  const entries = r.keys().map(k => r.entry(k)).sort((a, b) => a.offset - b.offset);
  writeBundle(out, entries.map(e => [e.key, r.lookup(e.key)] as const));
  r.close();
}

test('our .index and .data are byte-identical to TF\'s for the same tensors', () => {
  const dir = tempDir();
  for (const sub of ['dtypes', 'adam', 'many']) {
    const f = fixture(sub);
    const out = path.join(dir, sub, 'model');
    fs.mkdirSync(path.dirname(out));
    rewrite(sub, out);
    assert.ok(sameFile(indexFilename(out), indexFilename(f.path)), `${sub}: .index differs`);
    assert.ok(sameFile(dataFilename(out), dataFilename(f.path)), `${sub}: .data differs`);
  }
});

test('writes the dtypes fixture from scratch (values from values.json) byte-identically', () => {
  const f = fixture('dtypes');
  const dir = tempDir();
  const out = path.join(dir, 'model.ckpt');
  // TF's Saver adds tensors in sorted key order
  writeBundle(out, Object.keys(f.tensors).sort().map(k => [k, expectedArray(f.tensors[k])] as const));
  assert.ok(sameFile(indexFilename(out), indexFilename(f.path)));
  assert.ok(sameFile(dataFilename(out), dataFilename(f.path)));
});

test('round trip of every dtype, scalars and empty tensors', () => {
  const dir = tempDir();
  const vals: [string, tf.NDArray][] = [
    ['f16', new NDArray('float16', [5], Float32Array.of(1, -0.5, 65504, 2 ** -24, -Infinity))],
    ['f32', new NDArray('float32', [2, 2], Float32Array.of(1.5, NaN, -0, 3e38))],
    ['f64', new NDArray('float64', [], Float64Array.of(Math.PI))],
    ['i8', new NDArray('int8', [2], Int8Array.of(-128, 127))],
    ['i16', new NDArray('int16', [1], Int16Array.of(-2))],
    ['i32', new NDArray('int32', [3], Int32Array.of(1, -2, 2147483647))],
    ['i64', new NDArray('int64', [2], BigInt64Array.of(-(2n ** 63n), 2n ** 63n - 1n))],
    ['u8', new NDArray('uint8', [2], Uint8Array.of(0, 255))],
    ['u16', new NDArray('uint16', [2], Uint16Array.of(0, 65535))],
    ['b', new NDArray('bool', [3], Uint8Array.of(1, 0, 1))],
    ['s', new NDArray('string', [2, 2], ['a', '', 'über', 'x'.repeat(1000)])],
    ['s0', new NDArray('string', [], ['scalar'])],
    ['c64', new NDArray('complex64', [2], Float32Array.of(1, 2, -3, 0.5))],
    ['empty_f', new NDArray('float32', [0, 4], new Float32Array(0))],
    ['empty_s', new NDArray('string', [3, 0], [])],
    ['scope/inner/name', new NDArray('int32', [], Int32Array.of(7))],
  ];
  const prefix = path.join(dir, 'rt');
  writeBundle(prefix, vals);
  const r = new BundleReader(prefix);
  assert.deepEqual(r.keys(), vals.map(([k]) => k).sort());
  for (const [k, v] of vals) assertSameArray(r.lookup(k), v, k);
  r.close();
  // no temporary files remain
  assert.deepEqual(fs.readdirSync(dir).sort(), ['rt.data-00000-of-00001', 'rt.index']);
});

test('float16 bits: rounding to nearest even, subnormals, infinities', () => {
  assert.equal(floatToHalfBits(1), 0x3c00);
  assert.equal(floatToHalfBits(-2), 0xc000);
  assert.equal(floatToHalfBits(65504), 0x7bff);
  assert.equal(floatToHalfBits(65520), 0x7c00);
  assert.equal(floatToHalfBits(2 ** -24), 0x0001);
  assert.equal(floatToHalfBits(2 ** -25), 0x0000);
  assert.equal(floatToHalfBits(3 * 2 ** -25), 0x0002);
  assert.equal(floatToHalfBits(1 + 2 ** -11), 0x3c00); // tie -> even
  assert.equal(floatToHalfBits(1 + 3 * 2 ** -11), 0x3c02);
  assert.equal(floatToHalfBits(-0), 0x8000);
  assert.ok(Number.isNaN(halfBitsToFloat(floatToHalfBits(NaN))));
  for (let h = 0; h < 0x7c00; h += 37) assert.equal(floatToHalfBits(halfBitsToFloat(h)), h);
});

test('string tensors: layout and checksums as tensor_bundle.cc writes them', () => {
  const { bytes } = encodeTensor(new NDArray('string', [2], ['ab', 'c']));
  // varint lengths 2, 1; 4-byte masked crc of the lengths; then the bytes
  assert.deepEqual([...bytes.subarray(0, 2)], [2, 1]);
  assert.equal(bytes.length, 2 + 4 + 3);
  assert.equal(Buffer.from(bytes.subarray(6)).toString(), 'abc');
});

test('a missing key is NotFoundError "Key ... not found in checkpoint"', () => {
  const r = new BundleReader(fixture('adam').path);
  assert.throws(() => r.lookup('dense/nope'), (e: Error) => e instanceof tf.NotFoundError && /^Key dense\/nope not found in checkpoint/.test(e.message));
  r.close();
});

function copyFixture(sub: string): string {
  const f = fixture(sub);
  const dir = tempDir();
  for (const ext of ['.index', '.data-00000-of-00001']) fs.copyFileSync(f.path + ext, path.join(dir, f.prefix + ext));
  return path.join(dir, f.prefix);
}

test('corrupt data: a flipped byte is DataLossError naming the file and the tensor', () => {
  const p = copyFixture('adam');
  const r0 = new BundleReader(p);
  const e = r0.entry('dense/w');
  r0.close();
  const data = fs.readFileSync(dataFilename(p));
  data[e.offset + 1] ^= 0x40;
  fs.writeFileSync(dataFilename(p), data);
  const r = new BundleReader(p);
  assert.throws(() => r.lookup('dense/w'), (err: Error) =>
    err instanceof tf.DataLossError && err.message.includes("'dense/w'") && err.message.includes(dataFilename(p)) && /Checksum does not match/.test(err.message));
  // other tensors are still readable
  assert.equal(r.lookup('dense/b').shape[0], 2);
  r.close();
});

test('truncated data file: DataLossError, no crash', () => {
  const p = copyFixture('dtypes');
  const size = fs.statSync(dataFilename(p)).size;
  fs.truncateSync(dataFilename(p), size - 10);
  const r = new BundleReader(p);
  const last = r.keys().map(k => r.entry(k)).sort((a, b) => b.offset + b.size - (a.offset + a.size))[0];
  assert.throws(() => r.lookup(last.key), (err: Error) => err instanceof tf.DataLossError && /truncated/.test(err.message) && err.message.includes(last.key));
  r.close();
});

test('truncated or corrupt index file: DataLossError naming the file', () => {
  const p = copyFixture('adam');
  const idx = fs.readFileSync(indexFilename(p));
  fs.writeFileSync(indexFilename(p), idx.subarray(0, idx.length - 7));
  assert.throws(() => new BundleReader(p), (e: Error) => e instanceof tf.DataLossError && e.message.includes(indexFilename(p)));
  const flipped = Buffer.from(idx); flipped[20] ^= 1;
  fs.writeFileSync(indexFilename(p), flipped);
  assert.throws(() => new BundleReader(p), (e: Error) => e instanceof tf.DataLossError && /checksum mismatch/.test(e.message));
  fs.writeFileSync(indexFilename(p), 'this is not a checkpoint index, just some text that is long enough to have a footer');
  assert.throws(() => new BundleReader(p), (e: Error) => e instanceof tf.DataLossError && /bad magic/.test(e.message));
});

test('a wrong size or dtype in an entry is DataLossError / UnimplementedError naming the tensor', () => {
  const p = copyFixture('adam');
  const r = new BundleReader(p);
  const e = r.entry('dense/b');
  r.close();
  const writeIndex = (entry: Uint8Array) => {
    const t = new TableBuilder();
    t.add(new Uint8Array(0), headerBytes());
    t.add(new TextEncoder().encode('dense/b'), entry);
    fs.writeFileSync(indexFilename(p), t.finish());
  };
  writeIndex(entryBytes({ dtype: 'float32', shape: [2], offset: e.offset, size: 4, crc: 0 }));
  let r2 = new BundleReader(p);
  assert.throws(() => r2.lookup('dense/b'), (err: Error) => err instanceof tf.DataLossError && /Invalid size in bundle entry: key dense\/b; stored size 4; expected size 8/.test(err.message));
  r2.close();
  // an unknown DataType enum (bfloat16 = 14)
  const raw = entryBytes({ dtype: 'float32', shape: [2], offset: e.offset, size: 8, crc: 0 });
  raw[1] = 14;
  writeIndex(raw);
  r2 = new BundleReader(p);
  assert.throws(() => r2.lookup('dense/b'), (err: Error) => err instanceof tf.UnimplementedError && /dense\/b/.test(err.message) && /DataType 14/.test(err.message));
  r2.close();
});

test('missing files: NotFoundError naming the path', () => {
  assert.throws(() => new BundleReader('/nonexistent/dir/model'), (e: Error) => e instanceof tf.NotFoundError && e.message.includes('/nonexistent/dir/model.index'));
  const p = copyFixture('adam');
  fs.unlinkSync(dataFilename(p));
  const r = new BundleReader(p);
  assert.throws(() => r.lookup('dense/w'), (e: Error) => e instanceof tf.NotFoundError && e.message.includes(dataFilename(p)));
});

test('writer: duplicate keys, missing parent directories', () => {
  const dir = tempDir();
  const w = new BundleWriter(path.join(dir, 'dup'));
  w.add('a', new NDArray('int32', [], Int32Array.of(1)));
  assert.throws(() => w.add('a', new NDArray('int32', [], Int32Array.of(1))), /Adding duplicate key: a/);
  w.abort();
  assert.deepEqual(fs.readdirSync(dir), []);
  // one missing level is created (as TF's BundleWriter), two are an error
  writeBundle(path.join(dir, 'sub', 'm'), [['x', new NDArray('int32', [], Int32Array.of(1))]]);
  assert.ok(fs.existsSync(path.join(dir, 'sub', 'm.index')));
  assert.throws(() => writeBundle(path.join(dir, 'a', 'b', 'm'), [['x', new NDArray('int32', [], Int32Array.of(1))]]),
    (e: Error) => e instanceof tf.NotFoundError && e.message.includes(path.join(dir, 'a', 'b')));
});

test('a failure between the data and index renames leaves the previous bundle intact', () => {
  const dir = tempDir();
  const prefix = path.join(dir, 'm');
  writeBundle(prefix, [['v', new NDArray('float32', [2], Float32Array.of(1, 2))]]);
  const before = [fs.readFileSync(indexFilename(prefix)), fs.readFileSync(dataFilename(prefix))];
  for (const stage of ['data', 'index'] as const) {
    bundleTestHooks.beforeRename = s => { if (s === stage) throw new Error(`simulated crash before the ${s} rename`); };
    try {
      assert.throws(() => writeBundle(path.join(dir, 'other'), [['v', new NDArray('float32', [2], Float32Array.of(3, 4))]]), /simulated crash/);
    } finally {
      bundleTestHooks.beforeRename = undefined;
    }
    // no temporary files left; the earlier bundle is untouched and readable
    assert.ok(!fs.readdirSync(dir).some(n => n.includes('tempstate')), fs.readdirSync(dir).join(','));
    assert.ok(Buffer.compare(fs.readFileSync(indexFilename(prefix)), before[0]) === 0);
    assert.ok(Buffer.compare(fs.readFileSync(dataFilename(prefix)), before[1]) === 0);
    const r = new BundleReader(prefix);
    assert.deepEqual([...(r.lookup('v').data as Float32Array)], [1, 2]);
    r.close();
    // the failed bundle has no index, so it is not a checkpoint
    assert.ok(!fs.existsSync(indexFilename(path.join(dir, 'other'))));
  }
});
