// The board's JSON API on real TensorFlow event files (TF 1 style and TF 2 tensor summaries
// with plugin metadata) and on files tensorgraph writes: runs, scalars, histograms, images,
// audio, text, graph; downsampling; 400s and 404s.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import { decodePng, decodeWav } from '../../src/summary/media.js';
import { startBoard, type Board } from '../../src/board/server/index.js';
import { ROOT, fixtureLogdir, getJson, rawGet, tmpDir } from './server_helpers.js';

const tf1 = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/events/summaries.json'), 'utf8')).run;
const tf2 = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/board/tf2_run.json'), 'utf8'));

let board: Board;
let dir: string;
const api = (p: string) => getJson(`${board.url}api/${p}`);
const q = encodeURIComponent;

before(async () => {
  dir = fixtureLogdir();
  board = await startBoard({ logdir: dir, port: 0 });
  await board.data.indexed;
});
after(async () => {
  await board.close();
  rmSync(dir, { recursive: true, force: true });
});

test('/api/runs lists every directory holding event files, with tags per kind and the graph flag', async () => {
  const r = await api('runs');
  assert.deepEqual(r.runs.map((x: any) => x.name), ['nested/tf2', 'tf1']);
  const [v2, v1] = r.runs;
  assert.deepEqual(v1.tags, {
    scalars: ['train/loss', 'train/x'], histograms: ['weights'], images: ['pictures/image/0', 'pictures/image/1', 'signed/image'],
    audio: ['sound/audio/0', 'sound/audio/1'], text: ['notes'],
  });
  assert.deepEqual(v2.tags, { scalars: ['loss', 'lr'], histograms: ['weights'], images: ['pics/image/0', 'pics/image/1'], audio: ['tone'], text: ['notes'] });
  assert.equal(v1.graph, true);
  assert.equal(v2.graph, true);
  assert.equal(v1.files, 1);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.indexing.done, true);
  assert.equal(r.indexing.bytes_read, r.indexing.bytes_total);
});

test('scalars from TF 1 simple_values and TF 2 scalar tensors, in step order', async () => {
  for (const tag of ['train/loss', 'train/x']) {
    const r = await api(`scalars?run=tf1&tag=${q(tag)}`);
    assert.equal(r.run, 'tf1');
    assert.equal(r.tag, tag);
    assert.equal(r.total, 3);
    assert.deepEqual(r.points.map((p: number[]) => p[1]), tf1.steps);
    assert.deepEqual(r.points.map((p: number[]) => p[2]), tf1.scalars[tag]);
    for (const p of r.points) assert.ok(p[0] > 1.6e9 && p[0] < 2e9, `wall time ${p[0]}`);
  }
  for (const tag of ['loss', 'lr']) {
    const r = await api(`scalars?run=nested/tf2&tag=${tag}`);
    assert.deepEqual(r.points.map((p: number[]) => p[1]), tf2.steps);
    assert.deepEqual(r.points.map((p: number[]) => p[2]), tf2.scalars[tag]);
  }
});

test('histograms: TF 1 HistogramProto and TF 2 [k,3] bucket tensors as [left, right, count]', async () => {
  const h1 = await api('histograms?run=tf1&tag=weights');
  assert.equal(h1.total, 3);
  for (const p of h1.points) {
    assert.equal(p.num, tf1.hist_data.length);
    assert.equal(p.buckets.reduce((a: number, b: number[]) => a + b[2], 0), tf1.hist_data.length);
    assert.equal(p.buckets[0][0], p.min);
    assert.equal(p.buckets.at(-1)[1], p.max);
    for (const [l, r] of p.buckets) assert.ok(l <= r, `${l} <= ${r}`);
  }
  assert.equal(h1.points[0].min, -7.25 * 1.5);
  const h2 = await api('histograms?run=nested/tf2&tag=weights');
  assert.deepEqual(h2.points.map((p: any) => p.step), tf2.steps);
  for (const [i, p] of h2.points.entries()) {
    assert.equal(p.buckets.length, 4);
    assert.equal(p.num, 5);
    assert.equal(p.min, 0);
    assert.equal(p.max, 3 + tf2.steps.indexOf(p.step) * 1 + (i - i));
  }
});

test('images: metadata per step, and the PNG bytes by index (TF 1 and TF 2 multi-sample)', async () => {
  const r = await api('images?run=tf1&tag=pictures/image/1');
  assert.deepEqual(r.points.map((p: any) => [p.step, p.width, p.height, p.index]), [[0, 4, 3, 0], [10, 4, 3, 1], [20, 4, 3, 2]]);
  const res = await fetch(`${board.url}api/image?run=tf1&tag=pictures/image/1&index=2`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  const png = decodePng(new Uint8Array(await res.arrayBuffer()));
  assert.deepEqual([png.width, png.height, png.depth], [4, 3, 3]);
  const r2 = await api('images?run=nested/tf2&tag=pics/image/0');
  assert.deepEqual(r2.points.map((p: any) => [p.step, p.width, p.height]), [[0, 4, 2], [5, 4, 2], [10, 4, 2]]);
  const res2 = await fetch(`${board.url}api/image?run=nested/tf2&tag=pics/image/0&index=1`);
  const png2 = decodePng(new Uint8Array(await res2.arrayBuffer()));
  assert.deepEqual([png2.width, png2.height], [4, 2]);
  // 0.25 * (i + 1) at step 5 (i = 1): 0.5 -> 128 (TF rounds)
  assert.ok(Math.abs(png2.pixels[0] - 128) <= 1, `pixel ${png2.pixels[0]}`);
});

test('audio: metadata per step and the WAV clip by index', async () => {
  const r = await api('audio?run=tf1&tag=sound/audio/0');
  assert.deepEqual(r.points.map((p: any) => [p.step, p.sample_rate, p.length_frames, p.content_type]),
    [[0, 8000, 12, 'audio/wav'], [10, 8000, 12, 'audio/wav'], [20, 8000, 12, 'audio/wav']]);
  const res = await fetch(`${board.url}api/audio_clip?run=tf1&tag=sound/audio/0&index=0`);
  assert.equal(res.headers.get('content-type'), 'audio/wav');
  const wav = decodeWav(new Uint8Array(await res.arrayBuffer()));
  assert.equal(wav.frames, 12);
  const r2 = await api('audio?run=nested/tf2&tag=tone');
  assert.deepEqual(r2.points.map((p: any) => [p.sample_rate, p.length_frames]), [[8000, 16], [8000, 16], [8000, 16]]);
  const clip = await fetch(`${board.url}api/audio_clip?run=nested/tf2&tag=tone&index=2`);
  assert.equal(decodeWav(new Uint8Array(await clip.arrayBuffer())).frames, 16);
});

test('text: TF 1 text summaries (metadata on the first value only) and TF 2 text tensors', async () => {
  const r = await api('text?run=tf1&tag=notes');
  assert.deepEqual(r.points.map((p: any) => [p.step, p.text]), tf1.steps.map((s: number) => [s, 'hello **world**\nwörld']));
  const r2 = await api('text?run=nested/tf2&tag=notes');
  assert.deepEqual(r2.points.map((p: any) => p.text), tf2.text);
});

test('graph: the GraphDef of a TF 1 file and the traced function graph of a TF 2 file', async () => {
  const g = await api('graph?run=tf1');
  assert.deepEqual(g.nodes.map((n: any) => n.name).sort(), [...tf1.graph_nodes].sort());
  const byName = new Map(g.nodes.map((n: any) => [n.name, n]));
  assert.deepEqual(byName.get('x'), { name: 'x', op: 'Placeholder', inputs: [], device: '', attrs: { dtype: 'float32', shape: '[]' }, outputShapes: ['[]'], dtypes: ['float32'] });
  const mul: any = byName.get('mul');
  assert.equal(mul.op, 'Mul');
  assert.deepEqual(mul.inputs, ['Const', 'add']);
  assert.deepEqual(mul.outputShapes, ['[12]']);
  assert.equal((byName.get('train/loss/tags') as any).attrs.value, 'string [] "train/loss"');
  const g2 = await api('graph?run=nested/tf2');
  const matmul = g2.nodes.find((n: any) => n.name.endsWith('/MatMul'));
  assert.ok(matmul, 'a MatMul node in the traced graph');
  assert.equal(matmul.op, 'MatMul');
  assert.ok(g2.nodes.some((n: any) => n.name.endsWith('/act') && n.op === 'Relu'));
  const prefix = matmul.name.slice(0, matmul.name.indexOf('/') + 1);
  for (const i of matmul.inputs) assert.ok(i.replace(/^\^/, '').startsWith(prefix), `${i} has the graph prefix ${prefix}`);
});

test('400 for missing or malformed parameters, 404 for unknown runs, tags, indices and routes', async () => {
  const status = async (p: string) => (await rawGet(board.port, `/api/${p}`)).status;
  for (const p of ['scalars', 'scalars?run=tf1', 'scalars?tag=train/loss', 'scalars?run=&tag=train/loss', 'scalars?run=tf1&tag=train/loss&points=abc',
    'scalars?run=tf1&tag=train/loss&points=0', 'scalars?run=tf1&tag=train/loss&points=-5', 'scalars?run=tf1&tag=train/loss&points=1.5',
    'scalars?run=tf1&tag=train/loss&points=1e3', 'scalars?run=tf1&tag=train/loss&points=99999999999999', 'scalars?run=tf1&run=tf1&tag=train/loss',
    'scalars?run=tf1&tag=train/loss&points=%zz', 'image?run=tf1&tag=signed/image', 'image?run=tf1&tag=signed/image&index=x',
    'image?run=tf1&tag=signed/image&index=-1', 'histograms?run=tf1&tag=weights&points=', 'graph', `scalars?run=${'a'.repeat(5000)}&tag=t`,
    'scalars?run=tf1%00&tag=x', 'scalars?run=tf1&tag=train/loss&preview=2', 'scalars?run=tf1&tag=train/loss&preview=yes',
    'scalars?run=tf1&tag=train/loss&wait=', 'scalars?run=tf1&tag=train/loss&wait=1&wait=1', 'scalars?run=tf1&tag=train/loss&wait=true']) {
    assert.equal(await status(p), 400, p);
  }
  const bad = await rawGet(board.port, '/api/scalars?run=tf1&tag=train/loss&points=abc');
  assert.match(bad.json().error, /parameter 'points' must be an integer/);
  assert.equal(bad.headers['content-type'], 'application/json; charset=utf-8');
  for (const p of ['scalars?run=nope&tag=x', 'scalars?run=tf1&tag=nope', 'histograms?run=tf1&tag=train/loss', 'image?run=tf1&tag=signed/image&index=3',
    'graph?run=nope', 'nothing', 'audio_clip?run=tf1&tag=sound/audio/0&index=99']) {
    assert.equal(await status(p), 404, p);
  }
  assert.match((await rawGet(board.port, '/api/scalars?run=tf1&tag=nope')).json().error, /run 'tf1' has no scalars tag 'nope'/);
  assert.equal((await rawGet(board.port, '/nothing/here')).status, 404);
});

test('logs written by tensorgraph: the run at the log directory itself is ".", graph and summaries read back', async () => {
  const d = tmpDir();
  try {
    let nodeNames: string[] = [];
    tf.withGraph(() => {
      const x = tf.placeholder(tf.float32, [null, 3], { name: 'x' });
      const w = new tf.Variable(tf.ones([3, 2]), { name: 'w' });
      const y = tf.matmul(x, w, { name: 'y' });
      const loss = tf.reduceMean(tf.square(y), { name: 'mse' });
      tf.summary.scalar('loss', loss);
      tf.summary.histogram('y_hist', y);
      const merged = tf.summary.mergeAll()!;
      const sess = new tf.Session();
      sess.run(tf.globalVariablesInitializer());
      const writer = new tf.summary.FileWriter(d, tf.getDefaultGraph());
      for (let s = 0; s < 5; s++) writer.addSummary(sess.run(merged, [[x, [[s, 1, 2]]]]) as tf.NDArray, s * 10);
      writer.close();
      nodeNames = tf.getDefaultGraph().getOperations().map(o => o.name);
    });
    const b = await startBoard({ logdir: d, port: 0 });
    try {
      const r = await getJson(`${b.url}api/runs`);
      assert.deepEqual(r.runs.map((x: any) => [x.name, x.tags.scalars, x.tags.histograms, x.graph]), [['.', ['loss'], ['y_hist'], true]]);
      const s = await getJson(`${b.url}api/scalars?run=.&tag=loss`);
      assert.deepEqual(s.points.map((p: number[]) => p[1]), [0, 10, 20, 30, 40]);
      // loss = mean(((s + 3), (s + 3))^2) = (s + 3)^2
      assert.deepEqual(s.points.map((p: number[]) => p[2]), [9, 16, 25, 36, 49]);
      const h = await getJson(`${b.url}api/histograms?run=.&tag=y_hist`);
      assert.equal(h.points[4].num, 2);
      const g = await getJson(`${b.url}api/graph?run=.`);
      assert.deepEqual(g.nodes.map((n: any) => n.name).sort(), [...nodeNames].sort());
      const y = g.nodes.find((n: any) => n.name === 'y');
      assert.deepEqual([y.op, y.inputs, y.dtypes], ['MatMul', ['x', 'w/read'], ['float32']]);
    } finally { await b.close(); }
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('downsampling keeps first, last and extremes, in step order; NaN and infinities survive as strings', async () => {
  const d = tmpDir();
  try {
    const w = new tf.summary.FileWriter(path.join(d, 'big'));
    const n = 5000;
    for (let s = 0; s < n; s++) {
      const v = s === 2345 ? 1000 : s === 3456 ? -1000 : Math.sin(s / 100);
      w.addSummary({ value: [{ tag: 'v', simple_value: v }] }, s);
    }
    w.addSummary({ value: [{ tag: 'odd', simple_value: NaN }] }, 1);
    w.addSummary({ value: [{ tag: 'odd', simple_value: Infinity }] }, 2);
    w.addSummary({ value: [{ tag: 'odd', simple_value: -Infinity }] }, 3);
    // steps out of order come back sorted
    for (const s of [30, 10, 20]) w.addSummary({ value: [{ tag: 'shuffled', simple_value: s }] }, s);
    w.close();
    const b = await startBoard({ logdir: d, port: 0 });
    try {
      const all = await getJson(`${b.url}api/scalars?run=big&tag=v&points=100000`);
      assert.equal(all.points.length, n);
      const def = await getJson(`${b.url}api/scalars?run=big&tag=v`);
      assert.equal(def.total, n);
      assert.ok(def.points.length <= 1000 && def.points.length > 900, `${def.points.length}`);
      const small = await getJson(`${b.url}api/scalars?run=big&tag=v&points=50`);
      assert.ok(small.points.length <= 50);
      const steps = small.points.map((p: number[]) => p[1]);
      assert.equal(steps[0], 0);
      assert.equal(steps.at(-1), n - 1);
      for (let i = 1; i < steps.length; i++) assert.ok(steps[i] > steps[i - 1]);
      assert.ok(steps.includes(2345) && steps.includes(3456), 'spikes kept');
      assert.equal((await getJson(`${b.url}api/scalars?run=big&tag=v&points=1`)).points.length, 1);
      const odd = await getJson(`${b.url}api/scalars?run=big&tag=odd`);
      assert.deepEqual(odd.points.map((p: unknown[]) => p[2]), ['NaN', 'Infinity', '-Infinity']);
      const sh = await getJson(`${b.url}api/scalars?run=big&tag=shuffled`);
      assert.deepEqual(sh.points.map((p: number[]) => p[1]), [10, 20, 30]);
    } finally { await b.close(); }
  } finally { rmSync(d, { recursive: true, force: true }); }
});

test('a SessionLog START at step s drops what an earlier attempt logged at s and later (restart from a checkpoint)', async () => {
  const d = tmpDir();
  try {
    mkdirSync(path.join(d, 'r'));
    const w = new tf.summary.FileWriter(path.join(d, 'r'));
    for (let s = 0; s < 10; s++) w.addSummary({ value: [{ tag: 'loss', simple_value: 1 }] }, s);
    w.addSessionLog({ status: tf.summary.SessionLogStatus.START }, 5);
    for (let s = 5; s < 8; s++) w.addSummary({ value: [{ tag: 'loss', simple_value: 2 }] }, s);
    w.close();
    const b = await startBoard({ logdir: d, port: 0 });
    try {
      const r = await getJson(`${b.url}api/scalars?run=r&tag=loss`);
      assert.deepEqual(r.points.map((p: number[]) => [p[1], p[2]]), [[0, 1], [1, 1], [2, 1], [3, 1], [4, 1], [5, 2], [6, 2], [7, 2]]);
    } finally { await b.close(); }
  } finally { rmSync(d, { recursive: true, force: true }); }
});
