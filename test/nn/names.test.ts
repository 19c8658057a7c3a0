// Node names, op types and inputs of tf.nn / tf.losses graphs against real TF
// (test/fixtures/nn.json 'names', from tools/gen_nn_fixtures.py): each builder below makes
// the same calls as the generator's nodes_of(...) entry of the same key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, nn, losses, fixture, nodes } from './util.js';
import { gradients } from '../../src/gradients/index.js';

const ph = (shape: (number | null)[], name: string, dtype: tf.DType = 'float32') => tf.placeholder(dtype, shape, name);
const w4 = () => tf.constant(1, { dtype: 'float32', shape: [2, 2, 3, 6], name: 'w' });
const R = losses.Reduction;

const BUILDERS: Record<string, () => unknown> = {
  activations: () => [nn.relu(ph([null, 5], 'v')), nn.relu6(ph([null, 5], 'v1')), nn.elu(ph([2], 'v2')),
    nn.selu(ph([2], 'v3')), nn.leakyRelu(ph([2], 'v4'), { alpha: 0.1 }), nn.softplus(ph([2], 'v5'))],
  softmax_axis0: () => nn.softmax(ph([null, 5], 'v'), { axis: 0 }),
  log_softmax_axism2: () => nn.logSoftmax(ph([2, 3, 4], 'v'), -2),
  bias_add: () => nn.biasAdd(ph([null, 5], 'v'), tf.constant([1, 2, 3, 4, 5], 'float32')),
  conv_pool: () => nn.avgPool(nn.maxPool(nn.conv2d(ph([null, 4, 4, 3], 'x'), w4(), [1, 1, 1, 1], 'SAME'),
    [1, 2, 2, 1], [1, 2, 2, 1], 'SAME'), [1, 2, 2, 1], [1, 1, 1, 1], 'VALID'),
  conv2d_transpose: () => nn.conv2dTranspose(ph([2, 4, 4, 6], 'x'), w4(), [2, 8, 8, 3], [1, 2, 2, 1], 'SAME'),
  dropout_keep_prob: () => nn.dropout(ph([null, 5], 'v'), 0.5),
  dropout_tensor: () => nn.dropout(ph([null, 5], 'v'), ph([], 'kp')),
  dropout_noise: () => nn.dropout(ph([null, 5], 'v'), { rate: 0.1, noiseShape: [1, 5] }),
  moments: () => nn.moments(ph([null, 4, 4, 3], 'x'), [0, 1, 2]),
  moments_keep: () => nn.moments(ph([null, 5], 'v'), [0], { keepDims: true }),
  batch_norm: () => nn.batchNormalization(ph([null, 5], 'v'), 0.5, 2.0, 0.1, 3.0, 1e-3),
  batch_norm_tensors: () => nn.batchNormalization(ph([null, 5], 'v'), ph([5], 'm'), ph([5], 'var'), null, ph([5], 's'), 1e-3),
  l2: () => [nn.l2Loss(ph([null, 5], 'v')), nn.l2Normalize(ph([null, 5], 'u'), 1)],
  layers: () => [nn.xwPlusB(ph([null, 3], 'x'), tf.ones([3, 4]), tf.zeros([4])),
    nn.embeddingLookup(ph([10, 3], 'p'), ph([null], 'ids', 'int32'))],
  in_top_k: () => nn.inTopK(ph([null, 5], 'v'), ph([null], 'il', 'int32'), 2),
  softmax_xent: () => nn.softmaxCrossEntropyWithLogits({ labels: ph([null, 5], 'lab'), logits: ph([null, 5], 'v') }),
  softmax_xent_v2_static: () => nn.softmaxCrossEntropyWithLogitsV2({ labels: tf.constant([[0, 1]], 'float32'), logits: tf.constant([[1, 2]], 'float32') }),
  softmax_xent_axis0: () => nn.softmaxCrossEntropyWithLogitsV2({ labels: ph([null, 5], 'lab'), logits: ph([null, 5], 'v'), axis: 0 }),
  sparse_xent: () => nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ph([null], 'il', 'int32'), logits: ph([null, 5], 'v') }),
  sigmoid_xent: () => nn.sigmoidCrossEntropyWithLogits({ labels: ph([null, 5], 'lab'), logits: ph([null, 5], 'v') }),
  weighted_xent: () => nn.weightedCrossEntropyWithLogits({ labels: ph([null, 5], 'lab'), logits: ph([null, 5], 'v'), posWeight: 2.0 }),
  loss_mse: () => losses.meanSquaredError(ph([4, 3], 'l'), ph([4, 3], 'p')),
  loss_mse_w: () => losses.meanSquaredError(ph([4, 3], 'l'), ph([4, 3], 'p'), { weights: ph([4, 1], 'w') }),
  loss_mse_dyn: () => losses.meanSquaredError(ph([null, 3], 'l'), ph([null, 3], 'p')),
  loss_mse_mean: () => losses.meanSquaredError(ph([4, 3], 'l'), ph([4, 3], 'p'), { weights: 2.0, reduction: R.MEAN }),
  loss_mse_sobs: () => losses.meanSquaredError(ph([4, 3], 'l'), ph([4, 3], 'p'), { reduction: R.SUM_OVER_BATCH_SIZE }),
  loss_huber: () => losses.huberLoss(ph([4, 3], 'l'), ph([4, 3], 'p')),
  loss_log: () => losses.logLoss(ph([4, 3], 'l'), ph([4, 3], 'p')),
  loss_abs: () => losses.absoluteDifference(ph([4, 3], 'l'), ph([4, 3], 'p')),
  loss_softmax_ce_ls: () => losses.softmaxCrossEntropy(ph([4, 3], 'l'), ph([4, 3], 'p'), { labelSmoothing: 0.1 }),
  loss_sparse_ce: () => losses.sparseSoftmaxCrossEntropy(ph([4], 'l', 'int32'), ph([4, 3], 'p')),
  loss_sparse_ce_w: () => losses.sparseSoftmaxCrossEntropy(ph([4, 1], 'l', 'int32'), ph([4, 3], 'p'), { weights: ph([4, 1], 'w') }),
  loss_sigmoid_ce_ls: () => losses.sigmoidCrossEntropy(ph([4, 3], 'l'), ph([4, 3], 'p'), { labelSmoothing: 0.2 }),
  loss_total: () => {
    losses.meanSquaredError(ph([4, 3], 'l'), ph([4, 3], 'p'));
    tf.addToCollection('regularization_losses', tf.constant(1, 'float32'));
    losses.getTotalLoss();
    losses.getRegularizationLoss();
  },
  grad_conv2d: () => gradsOf((x, w) => nn.conv2d(x, w, [1, 1, 1, 1], 'SAME')),
  grad_relu_pool: () => gradsOf(x => nn.avgPool(nn.maxPool(nn.relu(x), [1, 2, 2, 1], [1, 2, 2, 1], 'SAME'), [1, 2, 2, 1], [1, 1, 1, 1], 'VALID')),
  grad_fused_batch_norm: () => {
    const x = ph([null, 2, 2, 3], 'x');
    const [y] = nn.fusedBatchNorm(x, tf.ones([3]), tf.zeros([3]));
    gradients(tf.reduceSum(y), [x]);
  },
  grad_softmax_xent: () => {
    const v = ph([null, 5], 'v');
    gradients(tf.reduceMean(nn.softmaxCrossEntropyWithLogitsV2({ labels: ph([null, 5], 'lab'), logits: v })), [v]);
  },
};

function gradsOf(build: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor): void {
  const x = ph([null, 4, 4, 3], 'x');
  const w = tf.constant(1, { dtype: 'float32', shape: [2, 2, 3, 2], name: 'w' });
  gradients(tf.reduceSum(build(x, w)), [x, w]);
}

/**
 * Where we knowingly differ from TF (kept visible, not silently skipped):
 * - loss_mse_dyn: with shapes known only at run time TF adds an Assert inside a cond
 *   (Switch/Merge) for the weights' broadcastability; we check statically only.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  loss_mse_dyn: 'no run-time assert_broadcastable (TF builds cond + Assert)',
};

/** Our DivNoNan is a composition under 'div_no_nan' plus an Identity 'value' (TF: one DivNoNan op). */
function normalize(list: [string, string, string[]][]): [string, string, string[]][] {
  const out: [string, string, string[]][] = [];
  for (const [n, t, ins] of list) {
    if (/(^|\/)div_no_nan(_\d+)?\//.test(n)) continue;
    if (/(^|\/)value$/.test(n) && (t === 'Identity' || t === 'DivNoNan')) { out.push([n, 'DivNoNan', []]); continue; }
    out.push([n, t, ins]);
  }
  return out;
}

for (const [key, want] of Object.entries(fixture.names)) {
  const build = BUILDERS[key];
  test(`node names match TF: ${key}`, { skip: !build ? 'no builder' : KNOWN_DIFFERENCES[key] }, () => {
    tf.withGraph(g => {
      build!();
      let got = normalize(nodes(g));
      let exp = normalize(want);
      const names = (l: [string, string, string[]][]) => l.map(([n, t]) => `${n} (${t})`);
      if (key.startsWith('grad_')) {
        // only the gradient scopes of this family's ops (reduce_sum's own gradient is not ours)
        const ours = /^gradients\/(Conv2D|Relu|MaxPool|AvgPool|FusedBatchNormV3|softmax_cross_entropy_with_logits)_grad\//;
        got = got.filter(([n]) => ours.test(n));
        exp = exp.filter(([n]) => ours.test(n));
        assert.ok(exp.length > 0, `${key}: no gradient nodes in the fixture`);
        assert.deepEqual(names(got), names(exp), `${key}: gradient nodes`);
        return;
      }
      assert.deepEqual(names(got), names(exp), `${key}: nodes`);
      assert.deepEqual(got, exp, `${key}: inputs`);
    });
  });
}
