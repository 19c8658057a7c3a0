// Summary ops against real TensorFlow: node names, exact serialized Summaries (scalars,
// histograms with TF's buckets, audio WAVs, text and tensor summaries, merges), images
// whose PNGs decode to the pixels TF's do, and TF's run-time errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../../src/index.js';
import * as summary from '../../src/summary/index.js';
import type { DType } from '../../src/framework/dtypes.js';
import { fixture, floats, hex, opCase, type OpCase } from './fixture.js';

const T = tf as unknown as Record<string, (...a: unknown[]) => unknown>;
const runBytes = (t: tf.Tensor): Buffer => tf.withSession(s => Buffer.from(s.run(t).item() as unknown as string, 'latin1'));
const decode = (b: Uint8Array) => summary.decodeProto('Summary', b) as { value: Record<string, any>[] };

function build(c: OpCase): tf.Tensor {
  const a = c.args as Record<string, any>;
  switch (c.kind) {
    case 'scalar': return summary.scalar(a.name, tf.constant(a.value, a.dtype as DType));
    case 'histogram': return summary.histogram(a.name, tf.constant(a.values as number[], { dtype: a.dtype as DType, shape: [a.values.length] }));
    case 'image': {
      const vals = floats(a.values);
      const t = tf.constant(a.dtype === 'uint8' ? Uint8Array.from(vals) : a.dtype === 'float64' ? Float64Array.from(vals) : Float32Array.from(vals), { shape: a.shape });
      return summary.image(a.name, t, { maxOutputs: a.max_outputs });
    }
    case 'audio': return summary.audio(a.name, tf.constant(Float32Array.from(floats(a.values)), { shape: a.shape }), a.sample_rate, { maxOutputs: a.max_outputs });
    case 'text': return summary.text(a.name, a.shape.length ? tf.constant(a.values) : tf.constant(a.values[0]));
    case 'tensor': return summary.tensorSummary(a.name, tf.constant(a.values, { dtype: a.dtype, shape: a.shape }),
      { summaryDescription: a.summary_description, displayName: a.display_name });
    case 'merge': return summary.merge(a.scalars.map(([n, v]: [string, number]) => summary.scalar(n, v)));
  }
}

for (const c of fixture.ops.filter(o => o.kind !== 'image')) {
  test(`${c.id}: the serialized Summary equals TF's byte for byte`, () => tf.withGraph(() => {
    const got = runBytes(build(c));
    assert.equal(got.toString('hex'), c.summary, JSON.stringify(decode(got)).slice(0, 500));
  }));
}

for (const c of fixture.ops.filter(o => o.kind === 'image')) {
  test(`${c.id}: PNGs decode to the pixels TF's PNGs decode to`, () => tf.withGraph(() => {
    const values = decode(runBytes(build(c))).value;
    const ref = decode(hex(c.summary)).value;
    assert.deepEqual(values.map(v => v.tag), ref.map(v => v.tag));
    values.forEach((v, i) => {
      const want = c.images![i];
      assert.deepEqual([v.image.height, v.image.width, v.image.colorspace], [want.height, want.width, want.colorspace]);
      const png = summary.decodePng(v.image.encoded_image_string);
      assert.deepEqual([png.height, png.width, png.depth], want.shape);
      assert.deepEqual(Array.from(png.pixels), want.pixels, `${c.id} image ${i}`);
    });
  }));
}

test('uint8 images are stored losslessly: the PNG decodes to the input pixels', () => tf.withGraph(() => {
  const pixels = new Uint8Array(3 * 5 * 7 * 4).map((_, i) => (i * 37) % 256);
  const v = decode(runBytes(summary.image('rgba', tf.constant(pixels, { shape: [3, 5, 7, 4] }), { maxOutputs: 5 }))).value;
  assert.deepEqual(v.map(x => x.tag), ['rgba/image/0', 'rgba/image/1', 'rgba/image/2']);
  v.forEach((x, i) => assert.deepEqual(summary.decodePng(x.image.encoded_image_string).pixels, pixels.subarray(i * 140, (i + 1) * 140)));
}));

test('the histogram of the run fixture matches TF bucket for bucket', () => {
  const h = summary.histogramProto(Float64Array.from(Float32Array.from(fixture.run.hist_data)));
  const ref = decode(hex(opCase('hist_mixed').summary)).value[0].histo;
  assert.deepEqual(h.bucket_limit, ref.bucket_limit);
  assert.deepEqual(h.bucket, ref.bucket);
  assert.equal(h.sum_squares, ref.sum_squares);
  const limits = summary.defaultBucketLimits();
  assert.equal(limits.length, 1551);
  assert.equal(limits[775], 0);
  assert.equal(limits[776], 1e-12);
  assert.equal(limits[0], -Number.MAX_VALUE);
  assert.equal(limits[1550], Number.MAX_VALUE);
});

test('node names, op types and inputs are TF\'s (summary_scope, families, legacy TF 0.x names)', () => tf.withGraph(g => {
  const x = tf.placeholder('float32', [null], 'x');
  const c = tf.constant(1.0, { name: 'c' });
  summary.scalar('loss', c);
  summary.scalar('loss', c);
  summary.scalar('bad name!', c);
  summary.scalar('/lead', c);
  summary.scalar('fam', c, { family: 'F' });
  summary.histogram('h', x);
  summary.image('img', T.zeros([2, 4, 4, 3], 'float32', { name: 'z' }) as tf.Tensor);
  summary.audio('aud', T.zeros([2, 10], 'float32', { name: 'za' }) as tf.Tensor, 8000);
  summary.text('txt', tf.constant('hello', { name: 's' }));
  summary.tensorSummary('ts', x);
  tf.nameScope('outer', () => summary.scalar('inner', c));
  summary.scalar('other', c, { collections: ['mine'] });
  const m = summary.mergeAll()!;
  summary.merge([m], { name: 'foo' });
  summary.mergeAll('mine');
  tf.nameScope('summaries', () => {
    summary.scalarSummary('Output', c, { name: 'output_summary' });
    summary.histogramSummary('H', x);
  });
  tf.nameScope('global_ops', () => summary.mergeAllSummaries());
  summary.mergeSummary([m], { name: 'legacy' });
  assert.equal(summary.mergeAll('nothing'), null);
  const got = g.operations.map(o => [o.name, o.type, o.inputs.map(t => t.op.name)]);
  assert.deepEqual(got, fixture.naming);
  assert.equal(m.name, 'Merge/MergeSummary:0');
  assert.equal(m.dtype, 'string');
  assert.deepEqual(m.shape.dims, []);
}));

test('the naming fixture case improved_graph (seed 003) builds the same summary nodes', () => tf.withGraph(g => {
  const a = tf.placeholder('float32', [null], 'a');
  const out = tf.nameScope('summaries', () => {
    summary.scalar('output_summary', a.mul(2));
    return summary.scalar('total_summary', a);
  });
  const merged = tf.nameScope('global_ops', () => summary.mergeAll())!;
  assert.equal(out.name, 'summaries/total_summary:0');
  assert.equal(merged.name, 'global_ops/Merge/MergeSummary:0');
  assert.deepEqual(g.getCollection<tf.Tensor>('summaries').map(t => t.name), ['summaries/output_summary:0', 'summaries/total_summary:0']);
}));

test('scalar tags are the scoped node names; summaries collect into "summaries" unless told otherwise', () => tf.withGraph(g => {
  const s = tf.nameScope('train', () => summary.scalar('loss', 0.5));
  const v = decode(runBytes(s)).value;
  assert.deepEqual(v, [{ tag: 'train/loss', simple_value: 0.5, value: 'simple_value' }]);
  summary.scalar('private', 1.0, { collections: [] });
  assert.deepEqual(g.getCollection<tf.Tensor>(tf.GraphKeys.SUMMARIES).map(t => t.name), ['train/loss:0']);
  const legacy = summary.scalarSummary(['a', 'b'], [1, 2]);
  assert.deepEqual(decode(runBytes(legacy)).value.map(x => [x.tag, x.simple_value]), [['a', 1], ['b', 2]]);
}));

test('run-time errors use TF\'s wording and name the node', () => tf.withGraph(() => {
  const sess = new tf.Session();
  const fails = (t: tf.Tensor, re: RegExp) => assert.throws(() => sess.run(t), (e: Error) => e instanceof tf.InvalidArgumentError && re.test(e.message), re.source);
  fails(summary.scalarSummary('bad', tf.constant([1, 2], 'float32')), /^tags and values are not the same shape: \[\] != \[2\] \(tag 'bad'\)/);
  fails(summary.histogram('hn', tf.constant([1, NaN])), /^Nan in summary histogram for: hn/);
  fails(summary.histogram('hi', tf.constant([1, Infinity])), /^Infinity in Histogram for: hi/);
  fails(summary.image('i5', T.zeros([1, 4, 4, 5]) as tf.Tensor), /^Tensor must be 4-D with last dim 1, 3, or 4, not \[1,4,4,5\]/);
  fails(summary.image('i3', T.zeros([4, 4, 3]) as tf.Tensor), /^Tensor must be 4-D with last dim 1, 3, or 4, not \[4,4,3\]/);
  fails(summary.audio('a4', T.zeros([1, 4, 4, 5]) as tf.Tensor, 100), /^Tensor must be 3-D or 2-D, got: \[1,4,4,5\]/);
  fails(summary.audio('a0', T.zeros([1, 4]) as tf.Tensor, 0), /^sample_rate must be > 0/);
  const d = summary.scalar('dd', 1.0);
  fails(summary.merge([d, d]), /^Duplicate tag dd found in summary inputs/);
  fails(summary.merge([tf.constant('garbage\xff')]), /^Could not parse one of the summary inputs/);
  assert.throws(() => summary.text('t', tf.constant(1)), /^ValueError: Expected tensor Const_\d+:0 to have dtype string, got <dtype: 'int32'>/);
  assert.throws(() => summary.scalar('s', tf.constant('x')), /Value passed to parameter 'values' has DataType string not in list of allowed values/);
  assert.throws(() => summary.merge([]), /List argument 'inputs' to 'MergeSummary' Op with length 0/);
}));

test('a merged summary can be fed back and merged again', () => tf.withGraph(() => {
  const a = summary.scalar('a', 1.0), b = summary.histogram('b', [1, 2, 3]);
  const m = summary.merge([a, b]);
  const p = tf.placeholder('string', [], 'p');
  const again = summary.merge([p, summary.scalar('c', 3.0)]);
  tf.withSession(s => {
    const first = s.run(m);
    const all = decode(Buffer.from(s.run(again, [[p, first]]).item() as unknown as string, 'latin1')).value;
    assert.deepEqual(all.map(v => v.tag), ['a', 'b', 'c']);
  });
}));
