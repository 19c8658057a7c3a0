// Conformance: TensorBoard's EventAccumulator (from the local .venv-tf) loads an event file
// tensorgraph wrote and sees the scalars (values and steps), histograms, images, audio, text
// and the graph. Skips with a message where Python TensorBoard is not installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import * as tf from '../../src/index.js';
import * as summary from '../../src/summary/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PY = path.join(ROOT, '.venv-tf', 'bin', 'python');

function tensorboardMissing(): string | null {
  if (!existsSync(PY)) return `skipped: ${PY} not found (create .venv-tf with tensorflow and tensorboard to run the TensorBoard conformance test)`;
  const r = spawnSync(PY, ['-c', 'import tensorboard.backend.event_processing.event_accumulator'], { encoding: 'utf8' });
  return r.status === 0 ? null : `skipped: tensorboard is not importable in ${PY}: ${r.stderr.trim().split('\n').pop()}`;
}

const READER = `
import json, sys
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.util import tensor_util
acc = ea.EventAccumulator(sys.argv[1], size_guidance={ea.SCALARS: 0, ea.HISTOGRAMS: 0, ea.IMAGES: 0, ea.AUDIO: 0, ea.TENSORS: 0})
acc.Reload()
tags = acc.Tags()
out = {'tags': {k: (sorted(v) if isinstance(v, list) else v) for k, v in tags.items()}}
out['scalars'] = {t: [[e.step, e.value] for e in acc.Scalars(t)] for t in tags['scalars']}
out['histograms'] = {t: [[e.step, e.histogram_value.num, e.histogram_value.min, e.histogram_value.max,
                          list(e.histogram_value.bucket_limit), list(e.histogram_value.bucket)] for e in acc.Histograms(t)] for t in tags['histograms']}
out['images'] = {t: [[e.step, e.width, e.height, e.encoded_image_string[:8].hex()] for e in acc.Images(t)] for t in tags['images']}
out['audio'] = {t: [[e.step, e.content_type, e.sample_rate, e.length_frames, len(e.encoded_audio_string)] for e in acc.Audio(t)] for t in tags['audio']}
out['tensors'] = {t: [[e.step, [s.decode() for s in tensor_util.make_ndarray(e.tensor_proto).ravel().tolist()]] for e in acc.Tensors(t)] for t in tags['tensors']}
out['text_plugin'] = sorted(acc.PluginTagToContent('text').keys())
out['graph_nodes'] = sorted(n.name for n in acc.Graph().node)
print(json.dumps(out))
`;

test('TensorBoard\'s EventAccumulator reads what FileWriter wrote', t => {
  const missing = tensorboardMissing();
  if (missing) { t.skip(missing); return; }
  const dir = mkdtempSync(path.join(tmpdir(), 'tg-tensorboard-'));
  try {
    let nodes: string[] = [];
    tf.withGraph(g => {
      const x = tf.placeholder('float32', [], 'x');
      tf.nameScope('train', () => summary.scalar('loss', x.mul(x)));
      summary.histogram('weights', tf.constant([1, -2, 3, 0.5]).mul(x));
      summary.image('pictures', tf.constant(new Uint8Array(2 * 4 * 5 * 3).map((_, i) => i % 256), { shape: [2, 4, 5, 3] }), { maxOutputs: 2 });
      summary.audio('sound', tf.constant(new Float32Array(3 * 50).map((_, i) => Math.sin(i / 3)), { shape: [1, 50, 3] }), 16000, { maxOutputs: 1 });
      summary.text('notes', tf.constant(['hello', '**world**']));
      const merged = summary.mergeAll()!;
      nodes = g.operations.map(o => o.name).sort();
      const w = new summary.FileWriter(dir, g);
      tf.withSession(sess => { for (const [i, v] of [1, 2, 3].entries()) w.addSummary(sess.run(merged, [[x, v]]), 10 * i); });
      w.close();
    });
    const out = JSON.parse(execFileSync(PY, ['-c', READER, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    assert.deepEqual(out.tags.scalars, ['train/loss']);
    assert.deepEqual(out.tags.histograms, ['weights']);
    assert.deepEqual(out.tags.images, ['pictures/image/0', 'pictures/image/1']);
    assert.deepEqual(out.tags.audio, ['sound/audio']);
    assert.deepEqual(out.tags.tensors, ['notes']);
    assert.equal(out.tags.graph, true);
    assert.equal(out.tags.meta_graph, true);
    assert.deepEqual(out.scalars['train/loss'], [[0, 1], [10, 4], [20, 9]]);
    const h = out.histograms.weights;
    assert.deepEqual(h.map((e: number[]) => e.slice(0, 4)), [[0, 4, -2, 3], [10, 4, -4, 6], [20, 4, -6, 9]]);
    const ours = summary.histogramProto(Float64Array.from([1, -2, 3, 0.5]));
    assert.deepEqual(h[0].slice(4), [ours.bucket_limit, ours.bucket]);
    assert.deepEqual(out.images['pictures/image/1'].map((e: unknown[]) => e.slice(0, 3)), [[0, 5, 4], [10, 5, 4], [20, 5, 4]]);
    assert.equal(out.images['pictures/image/0'][0][3], '89504e470d0a1a0a');   // PNG signature
    assert.deepEqual(out.audio['sound/audio'][2], [20, 'audio/wav', 16000, 50, 44 + 50 * 3 * 2]);
    assert.deepEqual(out.tensors.notes.map((e: unknown[]) => e[1]), [['hello', '**world**'], ['hello', '**world**'], ['hello', '**world**']]);
    assert.deepEqual(out.text_plugin, ['notes']);
    assert.deepEqual(out.graph_nodes, nodes);
  } finally { rmSync(dir, { recursive: true }); }
});
