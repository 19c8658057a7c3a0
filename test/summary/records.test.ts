// TFRecord framing and CRC32C: known vectors, byte-exact framing against TF's
// tf.io.TFRecordWriter, and clear errors for truncated, corrupt and foreign files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as summary from '../../src/summary/index.js';
import { DataLossError, NotFoundError } from '../../src/framework/errors.js';
import { fixture, hex } from './fixture.js';

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'tg-records-'));

test('crc32c matches the RFC 3720 test vectors', () => {
  for (const [input, crc] of fixture.crc32c) assert.equal(summary.crc32c(hex(input)), crc, input);
});

test('maskCrc / unmaskCrc are inverses and match TF framing', () => {
  for (const c of [0, 1, 0xffffffff, 0xe3069283, 0x80000000]) assert.equal(summary.unmaskCrc(summary.maskCrc(c)), c);
  // the first record header written by TF: masked crc of the 8 length bytes
  const rec = hex(fixture.golden_event.records);
  assert.equal(summary.maskedCrc32c(rec.subarray(0, 8)), rec.readUInt32LE(8));
});

test('encodeRecord produces the bytes tf.io.TFRecordWriter writes', () => {
  const framed = Buffer.concat(fixture.golden_event.payloads.map(p => summary.encodeRecord(hex(p))));
  assert.deepEqual(framed, hex(fixture.golden_event.records));
});

test('TFRecordWriter and tfRecordIterator round-trip, including empty and large records', () => {
  const dir = tmp();
  try {
    const p = path.join(dir, 'data.tfrecord');
    const w = new summary.TFRecordWriter(p);
    const payloads = [Buffer.from('hello'), Buffer.alloc(0), Buffer.alloc(70000, 7), Buffer.from('wörld', 'utf8')];
    for (const b of payloads.slice(0, 3)) w.write(b);
    w.write('wörld');
    w.close();
    assert.deepEqual([...summary.tfRecordIterator(p)], payloads);
    // TF's own record file reads back too
    writeFileSync(p, hex(fixture.golden_event.records));
    assert.deepEqual([...summary.tfRecordIterator(p)].map(b => b.toString('hex')), fixture.golden_event.payloads);
    writeFileSync(p, Buffer.alloc(0));
    assert.deepEqual([...summary.tfRecordIterator(p)], []);
  } finally { rmSync(dir, { recursive: true }); }
});

test('a truncated record is a DataLossError naming the file and offset', () => {
  const dir = tmp();
  try {
    const good = hex(fixture.golden_event.records);
    const first = 16 + hex(fixture.golden_event.payloads[0]).length;
    const p = path.join(dir, 'cut.tfrecord');
    // cut inside the third record's data: the first two records still come out
    writeFileSync(p, good.subarray(0, good.length - 10));
    const seen: Buffer[] = [];
    assert.throws(() => { for (const r of summary.tfRecordIterator(p)) seen.push(r); }, (e: Error) => {
      assert.ok(e instanceof DataLossError, String(e));
      assert.match(e.message, new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated record at ${first + 16}`));
      return true;
    });
    assert.equal(seen.length, 2);
    // cut inside a header
    writeFileSync(p, good.subarray(0, first + 5));
    assert.throws(() => [...summary.tfRecordIterator(p)], /truncated record at \d+ \(the file ends 5 bytes into the 12-byte record header\)/);
    // only the data checksum missing
    writeFileSync(p, good.subarray(0, first - 2));
    assert.throws(() => [...summary.tfRecordIterator(p)], /truncated record at 0 \(the record's 4-byte data checksum is missing/);
  } finally { rmSync(dir, { recursive: true }); }
});

test('corrupt records and foreign files are reported, not misread', () => {
  const dir = tmp();
  try {
    const good = hex(fixture.golden_event.records);
    const p = path.join(dir, 'bad.tfrecord');
    const flipped = Buffer.from(good);
    flipped[20] ^= 0x40;   // a byte of the first record's data
    writeFileSync(p, flipped);
    assert.throws(() => [...summary.tfRecordIterator(p)], (e: Error) =>
      e instanceof DataLossError && /bad\.tfrecord: corrupted record at 0 \(the checksum of the \d+-byte record data does not match\)/.test(e.message));
    const lenFlip = Buffer.from(good);
    lenFlip[0] ^= 1;
    writeFileSync(p, lenFlip);
    assert.throws(() => [...summary.tfRecordIterator(p)], /corrupted record at 0 \(the checksum of the record length does not match/);
    writeFileSync(p, Buffer.from('{"this is": "a JSON file, not a TFRecord file"}'));
    assert.throws(() => [...summary.tfRecordIterator(p)], (e: Error) => e instanceof DataLossError && /corrupted record at 0/.test(e.message));
    assert.throws(() => [...summary.tfRecordIterator(path.join(dir, 'missing'))], (e: Error) => e instanceof NotFoundError && /missing: cannot open/.test(e.message));
  } finally { rmSync(dir, { recursive: true }); }
});
