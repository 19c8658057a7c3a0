// Dropout statistics and seeding, the tf.losses collections and reductions, and the speed
// of the reference convolution on a LeNet-sized batch.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, nn, losses, run, flat, assertClose } from './util.js';
import { gradients } from '../../src/gradients/index.js';

test('dropout keeps about keepProb of the elements and scales them by 1/keepProb', () => {
  tf.withGraph(() => {
    const y = flat(run(nn.dropout(tf.ones([100, 100]), 0.7)));
    const kept = y.filter(v => v !== 0);
    assert.ok(Math.abs(kept.length / y.length - 0.7) < 0.02, `kept fraction ${kept.length / y.length}`);
    assert.ok(kept.every(v => v === Math.fround(1 / 0.7)), 'kept values are 1/keepProb');
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    assert.ok(Math.abs(mean - 1) < 0.03, `mean ${mean}`);
  });
});

test('dropout with a seed draws the same mask in every session, a new one on each run', () => {
  tf.withGraph(g => {
    const d = nn.dropout(tf.ones([8, 8]), { rate: 0.5, seed: 42 });
    const a = flat(new tf.Session({ graph: g }).run(d));
    const s = new tf.Session({ graph: g });
    assert.deepEqual(flat(s.run(d)), a, 'same seed, new session: same mask');
    assert.notDeepEqual(flat(s.run(d)), a, 'second run in a session: next numbers');
    const other = flat(run(nn.dropout(tf.ones([8, 8]), { rate: 0.5, seed: 43 })));
    assert.notDeepEqual(other, a, 'another seed: another mask');
  });
  const graphSeeded = () => tf.withGraph(g => {
    g.seed = 5;
    return flat(run(nn.dropout(tf.ones([6, 6]), 0.5)));
  });
  assert.deepEqual(graphSeeded(), graphSeeded(), 'graph-level seed: reproducible');
});

test('dropout keepProb fed at run time; noiseShape shares the mask', () => {
  tf.withGraph(() => {
    const x = tf.constant(Array.from({ length: 12 }, (_, i) => i + 1), { dtype: 'float32', shape: [4, 3] });
    const kp = tf.placeholder('float32', [], 'keep_prob');
    const y = nn.dropout(x, kp);
    assert.deepEqual(flat(run(y, [[kp, 1]])), flat(run(x)), 'keepProb 1: identity');
    const half = flat(run(y, [[kp, 0.5]]));
    half.forEach((v, i) => assert.ok(v === 0 || v === 2 * (i + 1)));
    const rows = flat(run(nn.dropout(tf.ones([50, 4]), { rate: 0.5, noiseShape: [50, 1] })));
    for (let r = 0; r < 50; r++) assert.equal(new Set(rows.slice(4 * r, 4 * r + 4)).size, 1, `row ${r} shares one decision`);
    const same = tf.placeholder('float32', [2]);
    assert.equal(nn.dropout(same, 1), same, 'rate 0 returns x itself');
  });
});

test('losses go to the LOSSES collection (or another, or none); getTotalLoss sums them', () => {
  tf.withGraph(g => {
    const y = tf.constant([[1, 2], [3, 4]], 'float32');
    const p = tf.constant([[1, 1], [1, 1]], 'float32');
    const a = losses.meanSquaredError(y, p);
    const b = losses.absoluteDifference(y, p, { lossCollection: null });
    const c = losses.huberLoss(y, p, { lossCollection: 'mine' });
    assert.deepEqual(g.getCollection(tf.GraphKeys.LOSSES), [a]);
    assert.deepEqual(g.getCollection('mine'), [c]);
    assert.deepEqual(losses.getLosses(), [a]);
    assert.equal(a.name, 'mean_squared_error/value:0');
    assert.equal(b.name, 'absolute_difference/value:0');
    const d = losses.logLoss(tf.constant([1, 0], 'float32'), tf.constant([0.9, 0.2], 'float32'));
    g.addToCollection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.5, 'float32'));
    const total = losses.getTotalLoss();
    assert.equal(total.name, 'total_loss:0');
    const [va, vd, vt, vr] = run([a, d, total, losses.getRegularizationLoss()]).map(v => v.item() as number);
    assertClose([va], [(0 + 1 + 4 + 9) / 4], 1e-6, 'mse');
    assertClose([vt], [va + vd + 0.5], 1e-6, 'total');
    assertClose([vr], [0.5], 1e-6, 'regularization');
  });
  tf.withGraph(() => {
    assert.equal(run(losses.getRegularizationLoss()).item(), 0);
    assert.throws(() => losses.getTotalLoss(), /No losses to sum/);
  });
});

test('losses: zero weights give 0 (safe mean), weights and reductions as TF', () => {
  tf.withGraph(() => {
    const y = tf.constant([1, 2, 3], 'float32'), p = tf.constant([1, 3, 5], 'float32');
    const w = [0, 1, 0.25];
    const R = losses.Reduction;
    const v = (o: object) => run(losses.meanSquaredError(y, p, o)).item() as number;
    assert.equal(v({ weights: [0, 0, 0] }), 0);
    assertClose([v({ weights: w })], [1], 1e-6, 'SUM_BY_NONZERO_WEIGHTS');
    assertClose([v({ weights: w, reduction: R.SUM_OVER_BATCH_SIZE })], [2 / 3], 1e-6, 'SUM_OVER_BATCH_SIZE');
    assertClose([v({ weights: w, reduction: R.SUM })], [2], 1e-6, 'SUM');
    assertClose([v({ weights: w, reduction: R.MEAN })], [2 / 1.25], 1e-6, 'MEAN');
    assert.deepEqual(R.all().slice(0, 5), ['none', 'weighted_sum', 'weighted_mean', 'weighted_sum_over_batch_size', 'weighted_sum_by_nonzero_weights']);
    const raw = losses.computeWeightedLoss(tf.constant([[1, 2], [3, 4]], 'float32'), { weights: tf.constant([[0], [1]], 'float32') });
    assertClose([run(raw).item() as number], [3.5], 1e-6, 'computeWeightedLoss');
  });
});

test('softmaxCrossEntropy stops gradients into the labels; sparse labels [batch, 1] are squeezed', () => {
  tf.withGraph(() => {
    const labels = tf.placeholder('float32', [2, 3]);
    const logits = tf.placeholder('float32', [2, 3]);
    const loss = losses.softmaxCrossEntropy(labels, logits, { labelSmoothing: 0.1 });
    const [dl, dz] = gradients(loss, [labels, logits]);
    assert.equal(dl, null);
    assert.ok(dz);
    const sparse = losses.sparseSoftmaxCrossEntropy(tf.constant([[0], [2]]), tf.constant([[2, 1, 0], [0, 1, 2]], 'float32'));
    const lse = Math.log(Math.exp(2) + Math.exp(1) + 1);
    assertClose([run(sparse).item() as number], [lse - 2], 1e-6, 'sparse');
  });
});

test('LeNet-sized conv layers on a batch of 64 run well under a second', () => {
  tf.withGraph(() => {
    const x = tf.placeholder('float32', [null, 32, 32, 1]);
    const w1 = tf.constant(0.1, { dtype: 'float32', shape: [5, 5, 1, 6] });
    const w2 = tf.constant(0.05, { dtype: 'float32', shape: [5, 5, 6, 16] });
    const h1 = nn.maxPool(nn.relu(nn.conv2d(x, w1, 1, 'VALID')), 2, 2, 'VALID');
    const h2 = nn.maxPool(nn.relu(nn.conv2d(h1, w2, 1, 'VALID')), 2, 2, 'VALID');
    const s = new tf.Session();
    const batch = new tf.NDArray('float32', [64, 32, 32, 1], Float32Array.from({ length: 64 * 32 * 32 }, (_, i) => Math.sin(i)));
    s.run(h2, [[x, batch]]);
    const t0 = performance.now();
    const out = s.run(h2, [[x, batch]]);
    const ms = performance.now() - t0;
    assert.deepEqual([...out.shape], [64, 5, 5, 16]);
    assert.ok(ms < 600, `forward pass took ${ms.toFixed(0)} ms`);
  });
});
