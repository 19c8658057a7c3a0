// The SSTable writer/reader (LevelDB table format as TF's core/lib/io/table_*).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TableBuilder, TableReader, compareBytes } from '../../src/checkpoint/sstable.js';
import { snappyUncompress } from '../../src/checkpoint/snappy.js';
import { crc32c, maskCrc, unmaskCrc } from '../../src/io/crc32c.js';
import { ByteWriter } from '../../src/checkpoint/coding.js';
import { DataLossError } from '../../src/framework/errors.js';
import { fixture } from './fixture.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function build(entries: [string, string][], opts = {}): Uint8Array {
  const t = new TableBuilder(opts);
  for (const [k, v] of entries) t.add(enc(k), enc(v));
  return t.finish();
}

test('crc32c: known value, mask/unmask', () => {
  assert.equal(crc32c(enc('123456789')), 0xe3069283);
  assert.equal(crc32c(enc('56789'), crc32c(enc('1234'))), 0xe3069283);
  for (const c of [0, 1, 0xe3069283, 0xffffffff]) assert.equal(unmaskCrc(maskCrc(c)), c);
  assert.equal(maskCrc(0), 0xa282ead8);
});

test('round trip: keys, values, prefix compression and lookups', () => {
  const entries: [string, string][] = [['', 'header'], ['a', '1'], ['ab', '2'], ['abc', ''], ['b/c/d', 'x'.repeat(300)], ['zz', 'last']];
  const bytes = build(entries);
  // footer magic
  assert.deepEqual([...bytes.subarray(bytes.length - 8)], [0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb]);
  const r = new TableReader(bytes, 'mem');
  assert.deepEqual([...r.entries()].map(([k, v]) => [dec(k), dec(v)]), entries);
  for (const [k, v] of entries) assert.equal(dec(r.get(enc(k))!), v);
  assert.equal(r.get(enc('aa')), undefined);
  assert.equal(r.get(enc('zzz')), undefined);
});

test('index keys are short separators; the last is a short successor (as TF writes them)', () => {
  // a tiny block size forces one block per entry
  const bytes = build([['layer1/w', '1'], ['layer2/b', '2'], ['m', '3'], ['n\xff', '4']], { blockSize: 1 });
  const r = new TableReader(bytes, 'mem') as unknown as { indexEntries: [Uint8Array, unknown][] };
  const keys = r.indexEntries.map(([k]) => Buffer.from(k).toString('latin1'));
  // no byte can be incremented and stay below the next key, so these stay whole; the last
  // key's successor is its first byte + 1
  assert.deepEqual(keys, ['layer1/w', 'layer2/b', 'm', 'o']);
  const r2 = new TableReader(build([['apple', '1'], ['cherry', '2']], { blockSize: 1 }), 'mem') as unknown as { indexEntries: [Uint8Array, unknown][] };
  assert.deepEqual(r2.indexEntries.map(([k]) => dec(k)), ['b', 'd']);
});

test('many entries span several blocks and restart points', () => {
  const entries: [string, string][] = [];
  for (let i = 0; i < 2000; i++) entries.push([`scope/var_${String(i).padStart(5, '0')}`, `value ${i}`]);
  const bytes = build(entries, { blockSize: 1024 });
  const r = new TableReader(bytes, 'mem');
  const all = [...r.entries()].map(([k, v]) => [dec(k), dec(v)]);
  assert.deepEqual(all, entries);
  assert.equal(dec(r.get(enc('scope/var_01234'))!), 'value 1234');
  assert.ok((r as unknown as { indexEntries: unknown[] }).indexEntries.length > 10);
});

test('TF\'s multi-block index (fixture "many") is read entry by entry', () => {
  const f = fixture('many');
  const r = new TableReader(fs.readFileSync(f.path + '.index'), 'many.index');
  const n = [...r.entries()].length;
  assert.equal(n, f.spec!.count + 2); // header + scalars + 'big'
  assert.ok((r as unknown as { indexEntries: unknown[] }).indexEntries.length >= 3, 'several data blocks');
});

test('keys must be added in increasing order', () => {
  const t = new TableBuilder();
  t.add(enc('b'), enc(''));
  assert.throws(() => t.add(enc('a'), enc('')), /increasing order/);
  assert.throws(() => t.add(enc('b'), enc('')), /increasing order/);
});

test('corrupt tables: bad magic, checksum mismatch, truncation -> DataLossError naming the file', () => {
  const good = build([['', 'h'], ['k', 'v']]);
  const badMagic = good.slice(); badMagic[badMagic.length - 1] ^= 1;
  assert.throws(() => new TableReader(badMagic, '/x/m.index'), (e: Error) => e instanceof DataLossError && /\/x\/m\.index/.test(e.message) && /bad magic number/.test(e.message));
  const flipped = good.slice(); flipped[3] ^= 0x10; // inside the data block
  assert.throws(() => [...new TableReader(flipped, 'f.index').entries()], (e: Error) => e instanceof DataLossError && /block checksum mismatch/.test(e.message));
  assert.throws(() => new TableReader(good.subarray(0, 20), 'short.index'), (e: Error) => e instanceof DataLossError && /too short/.test(e.message));
  const cut = good.subarray(10); // footer intact, blocks shifted: handles point past the data
  assert.throws(() => [...new TableReader(cut, 'cut.index').entries()], DataLossError);
});

test('snappy-compressed blocks (type 1) are decoded', () => {
  // literal + back-reference stream for "abcabcabcabcX"
  const raw = enc('abcabcabcabcX');
  const sn = new ByteWriter();
  sn.varint(raw.length);
  sn.byte((3 - 1) << 2); sn.bytes(enc('abc'));          // literal 'abc'
  sn.byte(((9 - 4) << 2) | 1 | (0 << 5)); sn.byte(3);   // copy len 9, offset 3 (1-byte offset)
  sn.byte(0); sn.bytes(enc('X'));                        // literal 'X'
  assert.equal(dec(snappyUncompress(sn.toBytes())), 'abcabcabcabcX');
  assert.throws(() => snappyUncompress(Uint8Array.of(5, 0x09, 1)), /corrupted/);

  // re-pack a table's data block as snappy and read it back
  const table = build([['', 'h'], ['key', 'value']]);
  const r0 = new TableReader(table, 'm') as unknown as { indexEntries: [Uint8Array, [number, number]][] };
  const [off, size] = r0.indexEntries[0][1];
  const block = table.subarray(off, off + size);
  const s = new ByteWriter();
  s.varint(block.length);
  s.byte(60 << 2); s.byte(block.length - 1); s.bytes(block); // one long literal (1-byte length)
  const comp = s.toBytes();
  const out = new ByteWriter();
  out.bytes(comp); out.byte(1); out.fixed32(maskCrc(crc32c(Uint8Array.of(1), crc32c(comp))));
  // metaindex (empty) + index pointing at the new block + footer
  const meta = Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0);
  const metaOff = out.length;
  out.bytes(meta); out.byte(0); out.fixed32(maskCrc(crc32c(Uint8Array.of(0), crc32c(meta))));
  const idx = new ByteWriter();
  const handle = new ByteWriter(); handle.varint(0); handle.varint(comp.length);
  idx.varint(0); idx.varint(1); idx.varint(handle.length); idx.bytes(enc('l')); idx.bytes(handle.view());
  idx.fixed32(0); idx.fixed32(1);
  const idxBytes = idx.toBytes();
  const idxOff = out.length;
  out.bytes(idxBytes); out.byte(0); out.fixed32(maskCrc(crc32c(Uint8Array.of(0), crc32c(idxBytes))));
  const footer = new ByteWriter();
  footer.varint(metaOff); footer.varint(meta.length); footer.varint(idxOff); footer.varint(idxBytes.length);
  while (footer.length < 40) footer.byte(0);
  footer.fixed32(0x8b80fb57); footer.fixed32(0xdb477524);
  out.bytes(footer.view());
  const r = new TableReader(out.toBytes(), 'snappy.index');
  assert.deepEqual([...r.entries()].map(([k, v]) => [dec(k), dec(v)]), [['', 'h'], ['key', 'value']]);
});

test('compareBytes is bytewise (UTF-8 order)', () => {
  assert.ok(compareBytes(enc('a'), enc('b')) < 0);
  assert.ok(compareBytes(enc('ab'), enc('a')) > 0);
  assert.ok(compareBytes(enc('Z'), enc('a')) < 0);
  assert.ok(compareBytes(enc('\u00e9'), enc('z')) > 0);
});
