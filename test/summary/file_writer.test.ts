// FileWriter and summaryIterator: file naming, the file_version / graph events first,
// golden bytes for a scalar event, buffering (queue, timer, flush, close, process exit),
// reopen, bad logdirs, and reading the event file real TensorFlow wrote.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import * as summary from '../../src/summary/index.js';
import { encodeEvent } from '../../src/summary/event.js';
import { decodeMessage } from '../../src/io/proto_message.js';
import { DataLossError, FailedPreconditionError, PermissionDeniedError } from '../../src/framework/errors.js';
import { FIXTURE_DIR, fixture, hex } from './fixture.js';

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'tg-events-'));
const events = (file: string) => [...summary.summaryIterator(file)] as Record<string, any>[];
const onlyFile = (dir: string): string => {
  const files = readdirSync(dir).filter(f => f.includes('tfevents'));
  assert.equal(files.length, 1, files.join(', '));
  return path.join(dir, files[0]);
};

test('an event equals TF\'s serialization byte for byte (object or pre-serialized summary)', () => {
  const want = fixture.golden_event.event;
  const base = { wall_time: 1700000000.25, step: 7 };
  assert.equal(Buffer.from(encodeEvent({ ...base, summary: { value: [{ tag: 'loss', simple_value: 0.5 }] } })).toString('hex'), want);
  const bytes = summary.encodeProto('Summary', { value: [{ tag: 'loss', simple_value: 0.5 }] });
  assert.equal(Buffer.from(encodeEvent({ ...base, summary: bytes })).toString('hex'), want);
  // and FileWriter frames it as tf.io.TFRecordWriter does
  const dir = tmp();
  try {
    const w = new summary.FileWriter(dir);
    w.addEvent({ ...base, summary: bytes });
    w.close();
    const file = readFileSync(onlyFile(dir));
    const tfRecord = hex(fixture.golden_event.records).subarray(0, 16 + want.length / 2);
    assert.deepEqual(file.subarray(file.length - tfRecord.length), tfRecord);
  } finally { rmSync(dir, { recursive: true }); }
});

test('the file is named events.out.tfevents.<seconds>.<host><suffix> and starts with file_version', () => {
  const dir = path.join(tmp(), 'nested', 'logs');
  try {
    const before = Math.floor(Date.now() / 1000);
    const w = new summary.FileWriter(dir, null, { filenameSuffix: '.v2' });
    const name = path.basename(w.eventFilePath);
    const m = /^events\.out\.tfevents\.(\d{10})\.(.+)\.v2$/.exec(name);
    assert.ok(m, name);
    assert.equal(m[2], hostname());
    assert.ok(Number(m[1]) >= before && Number(m[1]) <= before + 5);
    assert.equal(w.getLogdir(), dir);
    // the first event is on disk at once
    const [first] = events(w.eventFilePath);
    assert.equal(first.what, 'file_version');
    assert.equal(first.file_version, 'brain.Event:2');
    assert.equal(first.wall_time, Number(m[1]));
    assert.deepEqual(first.source_metadata, { writer: 'tensorflow.core.util.events_writer' });
    w.close();
  } finally { rmSync(path.dirname(path.dirname(dir)), { recursive: true }); }
});

test('with a graph, the GraphDef (with _output_shapes) and the MetaGraphDef follow file_version', () => tf.withGraph(g => {
  const dir = tmp();
  try {
    const a = tf.placeholder('float32', [null, 3], 'input_a');
    tf.nameScope('layer', () => tf.reduceSum(a, { axis: 1, name: 'sum' }));
    const w = new summary.FileWriter(dir, g);
    w.close();
    const evs = events(w.eventFilePath);
    assert.equal(evs[1].what, 'graph_def');
    const gd = decodeMessage('GraphDef', evs[1].graph_def) as { node: { name: string; op: string; attr: Record<string, unknown> }[] };
    assert.deepEqual(gd.node.map(n => n.name), g.operations.map(o => o.name));
    assert.ok(gd.node.every(n => '_output_shapes' in n.attr));
    assert.equal(evs[2].what, 'meta_graph_def');
    const meta = decodeMessage('MetaGraphDef', evs[2].meta_graph_def) as { graph_def: { node: { name: string }[] } };
    assert.deepEqual(meta.graph_def.node.map(n => n.name), g.operations.map(o => o.name));
    assert.equal(evs.length, 3);
    // options-object form and a hand-made GraphDef
    const w2 = new summary.FileWriter(dir, { graphDef: { node: [{ name: 'x', op: 'NoOp' }] } as never, filenameSuffix: '.b' });
    w2.close();
    const gd2 = decodeMessage('GraphDef', events(w2.eventFilePath)[1].graph_def) as { node: { name: string }[] };
    assert.deepEqual(gd2.node.map(n => n.name), ['x']);
  } finally { rmSync(dir, { recursive: true }); }
}));

test('summaries from Session.run round-trip with their steps', () => tf.withGraph(() => {
  const dir = tmp();
  try {
    const x = tf.placeholder('float32', [], 'x');
    summary.scalar('loss', x.mul(x));
    summary.histogram('x', x);
    const merged = summary.mergeAll()!;
    const w = new summary.FileWriter(dir);
    tf.withSession(sess => {
      for (const [i, v] of [1.5, 2, 3].entries()) w.addSummary(sess.run(merged, [[x, v]]), i * 5);
    });
    w.addSummary({ value: [{ tag: 'manual', simple_value: 7 }] }, 100n);
    w.addSessionLog({ status: summary.SessionLogStatus.STOP }, 101);
    w.close();
    const evs = events(w.eventFilePath).slice(1);
    assert.deepEqual(evs.map(e => [e.what, e.step ?? 0]), [['summary', 0], ['summary', 5], ['summary', 10], ['summary', 100], ['session_log', 101]]);
    assert.deepEqual(evs.slice(0, 3).map(e => e.summary.value[0].simple_value), [2.25, 4, 9]);
    assert.deepEqual(evs[2].summary.value[1].histo.bucket.reduce((a: number, b: number) => a + b, 0), 1);
    assert.ok(evs.every(e => e.wall_time > 1.6e9));
    assert.equal(evs[4].session_log.status, 2);
    const again = new summary.FileWriter(dir, null, { filenameSuffix: '.bad' });
    assert.throws(() => again.addSummary(Buffer.from([0x0f, 0xff, 0xff])), /^TypeError: addSummary: the summary is not a serialized Summary proto/);
    assert.throws(() => again.addSummary(new tf.NDArray('float32', [], Float32Array.of(1))), /A summary must be a scalar string/);
    again.close();
  } finally { rmSync(dir, { recursive: true }); }
}));

test('summary metadata is written only with the first value of each tag, as TF does', () => tf.withGraph(() => {
  const dir = tmp();
  try {
    const t = summary.text('notes', tf.constant('hi'));
    const w = new summary.FileWriter(dir);
    tf.withSession(s => { w.addSummary(s.run(t), 1); w.addSummary(s.run(t), 2); });
    w.close();
    const vals = events(w.eventFilePath).slice(1).map(e => e.summary.value[0]);
    assert.deepEqual(vals[0].metadata, { plugin_data: { plugin_name: 'text' } });
    assert.equal(vals[1].metadata, undefined);
  } finally { rmSync(dir, { recursive: true }); }
}));

test('events are buffered: written when maxQueue are pending, by the flush timer, on flush()', async () => {
  const dir = tmp();
  try {
    const count = (w: summary.FileWriter) => events(w.eventFilePath).length;
    const w = new summary.FileWriter(dir, null, { maxQueue: 3 });
    w.addSummary({ value: [{ tag: 'a', simple_value: 1 }] }, 1);
    w.addSummary({ value: [{ tag: 'a', simple_value: 2 }] }, 2);
    assert.equal(count(w), 1);
    w.addSummary({ value: [{ tag: 'a', simple_value: 3 }] }, 3);
    assert.equal(count(w), 4);
    w.addSummary({ value: [{ tag: 'a', simple_value: 4 }] }, 4);
    w.flush();
    assert.equal(count(w), 5);
    w.close();

    const t = new summary.FileWriter(dir, null, { flushSecs: 0.05, filenameSuffix: '.timer' });
    t.addSummary({ value: [{ tag: 'b', simple_value: 1 }] }, 1);
    assert.equal(count(t), 1);
    await new Promise(r => setTimeout(r, 200));
    assert.equal(count(t), 2);
    t.close();
  } finally { rmSync(dir, { recursive: true }); }
});

test('pending events are written when the process exits without close()', () => {
  const dir = tmp();
  try {
    const mod = fileURLToPath(new URL('../../src/summary/index.js', import.meta.url));
    const script = `import * as s from ${JSON.stringify(mod)};
      const w = new s.FileWriter(${JSON.stringify(dir)});
      for (let i = 0; i < 5; i++) w.addSummary({ value: [{ tag: 'loss', simple_value: i }] }, i);`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script]);
    const evs = events(onlyFile(dir));
    assert.deepEqual(evs.slice(1).map(e => e.summary.value[0].simple_value ?? 0), [0, 1, 2, 3, 4]);
  } finally { rmSync(dir, { recursive: true }); }
});

test('close() makes the writer a no-op until reopen(), which starts a new file', () => {
  const dir = tmp();
  try {
    const w = new summary.FileWriter(dir);
    w.addSummary({ value: [{ tag: 'a', simple_value: 1 }] }, 1);
    w.close();
    w.close();
    const first = w.eventFilePath;
    w.addSummary({ value: [{ tag: 'a', simple_value: 2 }] }, 2);  // warns, writes nothing
    w.reopen();
    assert.notEqual(w.eventFilePath, first);
    w.addSummary({ value: [{ tag: 'a', simple_value: 3 }] }, 3);
    w.close();
    assert.deepEqual(events(first).slice(1).map(e => e.step), [1]);
    assert.deepEqual(events(w.eventFilePath).map(e => e.what), ['file_version', 'summary']);
    assert.deepEqual(readdirSync(dir).length, 2);
  } finally { rmSync(dir, { recursive: true }); }
});

test('a deleted event file is recreated on the next flush (TF\'s EventsWriter does the same)', () => {
  const dir = tmp();
  try {
    const w = new summary.FileWriter(dir);
    w.flush();
    unlinkSync(w.eventFilePath);
    w.addSummary({ value: [{ tag: 'a', simple_value: 1 }] }, 1);
    w.close();
    assert.deepEqual(events(w.eventFilePath).map(e => e.what), ['file_version', 'summary']);
  } finally { rmSync(dir, { recursive: true }); }
});

test('a logdir that cannot be created is a clear error naming it', () => {
  const dir = tmp();
  try {
    const file = path.join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const logdir = path.join(file, 'logs');
    assert.throws(() => new summary.FileWriter(logdir), (e: Error) =>
      e instanceof FailedPreconditionError && e.message.startsWith(`Failed to create the log directory '${logdir}'`));
  } finally { rmSync(dir, { recursive: true }); }
});

test('a logdir without write permission is a PermissionDeniedError naming it', t => {
  if (process.getuid?.() === 0) { t.skip('skipped: running as root, file permissions do not apply'); return; }
  const dir = tmp();
  try {
    chmodSync(dir, 0o500);
    const logdir = path.join(dir, 'logs');
    assert.throws(() => new summary.FileWriter(logdir), (e: Error) =>
      e instanceof PermissionDeniedError && e.message.startsWith(`Failed to create the log directory '${logdir}'`));
  } finally { chmodSync(dir, 0o700); rmSync(dir, { recursive: true }); }
});

test('summaryIterator reads the event file real TensorFlow wrote', () => {
  const evs = events(path.join(FIXTURE_DIR, fixture.run.file));
  assert.deepEqual(evs.slice(0, 3).map(e => e.what), ['file_version', 'graph_def', 'meta_graph_def']);
  assert.equal(evs[0].file_version, 'brain.Event:2');
  const gd = decodeMessage('GraphDef', evs[1].graph_def) as { node: { name: string }[] };
  assert.deepEqual(gd.node.map(n => n.name).sort(), fixture.run.graph_nodes);
  const sums = evs.filter(e => e.what === 'summary');
  assert.deepEqual(sums.map(e => e.step ?? 0), fixture.run.steps);
  for (const [tag, values] of Object.entries(fixture.run.scalars)) {
    assert.deepEqual(sums.map(e => e.summary.value.find((v: any) => v.tag === tag).simple_value), values.map(Math.fround), tag);
  }
  const v0 = sums[0].summary.value as any[];
  assert.deepEqual(v0.map(v => [v.tag, v.value]), [
    ['train/loss', 'simple_value'], ['train/x', 'simple_value'], ['weights', 'histo'], ['pictures/image/0', 'image'],
    ['pictures/image/1', 'image'], ['signed/image', 'image'], ['sound/audio/0', 'audio'], ['sound/audio/1', 'audio'], ['notes', 'tensor'],
  ]);
  const hist = v0[2].histo;
  assert.equal(hist.num, fixture.run.hist_data.length);
  assert.equal(hist.min, -7.25 * 1.5);
  const png = summary.decodePng(v0[3].image.encoded_image_string);
  assert.deepEqual(Array.from(png.pixels), Array.from({ length: 36 }, (_, i) => (i * 7) % 256));
  const wav = summary.decodeWav(v0[6].audio.encoded_audio_string);
  assert.deepEqual([wav.sampleRate, wav.channels, wav.frames], [8000, 1, 12]);
  assert.equal(wav.samples[1], 0.5);
  assert.deepEqual(summary.makeNdarray(v0[8].tensor).toFlat(), ['hello **world**', 'wörld']);
  assert.deepEqual(v0[8].metadata, { plugin_data: { plugin_name: 'text' } });
  assert.equal(evs[evs.length - 1].what, 'session_log');
  assert.equal(evs[evs.length - 1].step, 99);
});

test('a truncated copy of TF\'s event file yields its whole events, then a DataLossError', () => {
  const dir = tmp();
  try {
    const src = path.join(FIXTURE_DIR, fixture.run.file);
    const p = path.join(dir, 'events.out.tfevents.cut');
    copyFileSync(src, p);
    writeFileSync(p, readFileSync(p).subarray(0, statSync(p).size - 30));
    const got: unknown[] = [];
    assert.throws(() => { for (const e of summary.summaryIterator(p)) got.push(e); },
      (e: Error) => e instanceof DataLossError && e.message.startsWith(`${p}: truncated record at `));
    assert.equal(got.length, events(src).length - 1);
  } finally { rmSync(dir, { recursive: true }); }
});
