// Conformance with real TensorFlow (the local .venv-tf): TF's import_graph_def runs the
// GraphDefs we write (binary and text) and gets our numbers; TF's import_meta_graph loads our
// .meta with its variables and collections. Skips with a message where TF is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '../../src/index.js';
import { asGraphDef, writeGraph } from '../../src/io/graph_def.js';
import { exportMetaGraph } from '../../src/io/meta_graph.js';
import {
  manifest, tfMissing, runTF, PY_VALUE, assertMatches, encodeValue, toArray, type Value,
  buildSeed, buildLinear, buildScopes, buildZoo, buildVars,
} from './graph_def_fixtures.js';

const missing = tfMissing();
const skip = missing ?? false;

const RUN_GRAPHS = `${PY_VALUE}
import sys
import tensorflow.compat.v1 as tf
from google.protobuf import text_format
tf.disable_v2_behavior()

def decode(v):
    flat = v['values']
    if v['dtype'] == 'int64': flat = [int(x) for x in flat]
    if v['dtype'] == 'string': flat = [x.encode() for x in flat]
    if v['dtype'] == 'complex64': flat = [complex(*x) for x in flat]
    return np.array(flat, dtype=v['dtype'] if v['dtype'] != 'string' else object).reshape(v['shape'])

job = json.load(open(sys.argv[1]))
out = {}
for item in job['graphs']:
    gd = tf.GraphDef()
    data = open(item['file'], 'rb').read()
    if item['text']: text_format.Parse(data.decode(), gd)
    else: gd.ParseFromString(data)
    g = tf.Graph()
    with g.as_default():
        tf.import_graph_def(gd, name='')
        with tf.Session(graph=g) as sess:
            if item['init']: sess.run(item['init'])
            feeds = {k: decode(v) for k, v in item['feeds'].items()}
            vals = sess.run(item['fetches'], feeds)
    out[item['file']] = [value(v) for v in vals]
meta = job.get('meta')
if meta:
    g = tf.Graph()
    with g.as_default():
        saver = tf.train.import_meta_graph(meta['file'])
        with tf.Session(graph=g) as sess:
            sess.run(meta['init'])
            vals = sess.run(meta['fetches'], {k: decode(v) for k, v in meta['feeds'].items()})
            var_vals = [value(sess.run(v)) for v in tf.global_variables()]
        out['meta'] = {
            'variables': [v.name for v in tf.global_variables()], 'trainable': [v.name for v in tf.trainable_variables()],
            'local': [v.name for v in tf.local_variables()], 'collections': sorted(g.get_all_collection_keys()),
            'outputs': [x.name for x in g.get_collection('outputs')], 'sizes': g.get_collection('sizes'),
            'labels': [x.decode() if isinstance(x, bytes) else x for x in g.get_collection('labels')],
            'fetches': [value(v) for v in vals], 'var_values': var_vals, 'saver': saver is not None,
        }
print(json.dumps(out))
`;

interface Item { file: string; text: boolean; init: string | null; feeds: Record<string, Value>; fetches: string[] }

/** Our numbers for a program (fetches run after init, with the feeds). */
function ourValues(g: tf.Graph, init: string | null, feeds: Record<string, Value>, fetches: string[]): tf.NDArray[] {
  const sess = new tf.Session({ graph: g });
  if (init) sess.run(g.getOperationByName(init));
  const fd = Object.entries(feeds).map(([k, v]) => [g.getTensorByName(k), toArray(v)] as [tf.Tensor, tf.NDArray]);
  const out = sess.run(fetches.map(f => g.getTensorByName(f)), fd) as tf.NDArray[];
  sess.close();
  return out;
}

test('real TF imports and runs our GraphDefs (binary with shapes, and text) and gets our numbers', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-conform-'));
  try {
    const programs: [string, () => void, string | null, Record<string, Value>, string[]][] = [
      ['seed', buildSeed, null, { 'a:0': { dtype: 'int16', shape: [], values: [5] }, 'b:0': { dtype: 'int16', shape: [], values: [3] } }, ['Add_1:0', 'Mul:0']],
      ['linear', buildLinear, 'init', manifest.graphs.linear.feeds, Object.keys(manifest.graphs.linear.fetches)],
      ['scopes', buildScopes, 'global_ops/init', manifest.graphs.scopes.feeds, Object.keys(manifest.graphs.scopes.fetches)],
      ['zoo', buildZoo, null, manifest.graphs.zoo.feeds, Object.keys(manifest.graphs.zoo.fetches)],
    ];
    const items: Item[] = [];
    const ours = new Map<string, tf.NDArray[]>();
    for (const [name, build, init, feeds, fetches] of programs) {
      const g = tf.withGraph(gr => { build(); return gr; });
      const vals = ourValues(g, init, feeds, fetches);
      const pb = writeGraph(asGraphDef(g, { addShapes: true }), dir, `${name}.pb`, { asText: false });
      const txt = writeGraph(g, dir, `${name}.pbtxt`);
      for (const [file, text] of [[pb, false], [txt, true]] as const) {
        items.push({ file, text, init, feeds, fetches });
        ours.set(file, vals);
      }
    }
    const jobFile = join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify({ graphs: items }));
    const got = runTF(RUN_GRAPHS, [jobFile]) as Record<string, Value[]>;
    for (const item of items) {
      const mine = ours.get(item.file)!;
      item.fetches.forEach((f, i) => {
        assert.deepEqual(encodeValue(mine[i]).shape, got[item.file][i].shape, `${item.file} ${f}`);
        assertMatches(mine[i], got[item.file][i], `${item.file} ${f}`, 2e-6);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('real TF\'s import_meta_graph loads our .meta: variables, collections, values', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-conform-meta-'));
  try {
    const g = tf.withGraph(gr => { buildVars(); return gr; });
    const file = join(dir, 'vars.meta');
    exportMetaGraph(file, { graph: g });
    const rec = manifest.meta['vars.meta'];
    const [y] = ourValues(g, rec.init, rec.feeds, ['y:0']);
    const jobFile = join(dir, 'job.json');
    writeFileSync(jobFile, JSON.stringify({ graphs: [], meta: { file, init: rec.init, feeds: rec.feeds, fetches: ['y:0'] } }));
    const got = (runTF(RUN_GRAPHS, [jobFile]) as { meta: Record<string, unknown> }).meta;
    assert.deepEqual(got.variables, g.getCollection<tf.Variable>('variables').map(v => v.name));
    assert.deepEqual(got.trainable, rec.trainable);
    assert.deepEqual(got.local, rec.local);
    assert.deepEqual(got.collections, rec.collections);
    assert.deepEqual(got.outputs, ['y:0', 'y']);
    assert.deepEqual(got.sizes, [3]);
    assert.deepEqual(got.labels, ['cat']);
    assert.equal(got.saver, true); // no SaverDef: TF builds a fresh Saver for the variables
    assertMatches(y, (got.fetches as Value[])[0], 'y', 2e-6);
    const vars = g.getCollection<tf.Variable>('variables');
    (got.var_values as Value[]).forEach((v, i) => assertMatches(toArray(v), rec.values![vars[i].op.name], vars[i].name, 0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

