// Shape inference with unknown dims, and error messages in TF's wording (the graph-time
// ones compared with real TF's from test/fixtures/nn.json 'errors').

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, nn, losses, fixture, run } from './util.js';

const ph = (shape: (number | null)[] | null, name: string, dtype: tf.DType = 'float32') => tf.placeholder(dtype, shape, name);
const dims = (t: tf.Tensor) => t.shape.dims;

/** The first line of an error's message. */
function messageOf(fn: () => unknown): { type: string; message: string } {
  try {
    fn();
  } catch (e) {
    const err = e as Error;
    return { type: err.name, message: ((err as { rawMessage?: string }).rawMessage ?? err.message).split('\n')[0] };
  }
  throw new Error('expected an error');
}

/** TF's shape errors name the node as '{{node X}} = X[attrs](inputs)'; ours as 'X' (op: 'X'). */
const shapeCore = (m: string) => m.replace(/ for '.*'( \(op: '\w+'\))? with input shapes: /, ' with input shapes: ');

const TF_ERRORS: Record<string, () => unknown> = {
  conv2d_channels: () => nn.conv2d(ph([null, 4, 4, 3], 'x'), tf.ones([2, 2, 4, 6]), 1, 'VALID'),
  conv2d_too_small: () => nn.conv2d(ph([null, 2, 2, 3], 'x'), tf.ones([3, 3, 3, 6]), 1, 'VALID'),
  conv2d_rank: () => nn.conv2d(ph([4, 4, 3], 'x'), tf.ones([2, 2, 3, 6]), 1, 'VALID'),
  bias_add_mismatch: () => nn.biasAdd(ph([null, 5], 'v'), tf.ones([4])),
  mse_mismatch: () => losses.meanSquaredError(ph([4, 3], 'l'), ph([4, 2], 'p')),
  mse_bad_weights: () => losses.meanSquaredError(ph([4, 3], 'l'), ph([4, 3], 'p'), { weights: ph([2], 'w') }),
  mse_bad_weights_dim: () => losses.meanSquaredError(ph([4, 3], 'l'), ph([4, 3], 'p'), { weights: ph([2, 3], 'w') }),
  dropout_rate: () => nn.dropout(ph([2], 'v'), { rate: 1.5 }),
  sigmoid_xent_shapes: () => nn.sigmoidCrossEntropyWithLogits({ labels: ph([null, 4], 'l'), logits: ph([null, 5], 'v') }),
  sparse_xent_rank: () => nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ph([null, 2], 'l', 'int32'), logits: ph([null, 5], 'v') }),
  sparse_xent_label_range: () => run(nn.sparseSoftmaxCrossEntropyWithLogits({ labels: tf.constant([1, 5]), logits: tf.ones([2, 3]) })),
};

for (const [key, want] of Object.entries(fixture.errors)) {
  test(`error matches TF: ${key}`, () => {
    assert.ok(want, `TF raised no error for ${key}`);
    tf.withGraph(() => {
      const got = messageOf(TF_ERRORS[key]);
      assert.equal(got.type, want.type);
      assert.equal(shapeCore(got.message).replace(/\.$/, ''), shapeCore(want.message).replace(/\.$/, ''));
    });
  });
}

test('shape errors name our node and its input shapes', () => {
  tf.withGraph(() => {
    const m = messageOf(() => nn.conv2d(ph([null, 4, 4, 3], 'x'), tf.ones([2, 2, 4, 6]), 1, 'VALID', { name: 'conv1' })).message;
    assert.equal(m, "Depth of input (3) is not a multiple of input depth of filter (4) for 'conv1' (op: 'Conv2D') with input shapes: [?,4,4,3], [2,2,4,6].");
  });
});

test('builder argument errors say what is required and what was given', () => {
  tf.withGraph(() => {
    const x = ph([null, 4, 4, 3], 'x'), w = tf.ones([2, 2, 3, 6]);
    assert.throws(() => nn.conv2d(x, w, [1, 1, 1], 'SAME'), { name: 'ValueError', message: 'conv2d requires strides of length 1, 2 or 4, got [1,1,1].' });
    assert.throws(() => nn.conv2d(x, w, 1, 'SAME', { dilations: [1, 2, 2] }), { message: 'conv2d requires dilations of length 1, 2 or 4, got [1,2,2].' });
    assert.throws(() => nn.conv2d(x, w, 1, 'FULL'), { message: "conv2d requires padding 'SAME', 'VALID' or a list of 4 [before, after] pairs, got 'FULL'." });
    assert.throws(() => nn.conv2d(x, w, 1, undefined), { message: "conv2d requires padding ('SAME', 'VALID' or explicit pads)." });
    assert.throws(() => nn.conv2d(x, w, 1, 'SAME', { dataFormat: 'NCHW' }), { message: "conv2d supports data_format 'NHWC' only (the CPU layout), got 'NCHW'." });
    assert.throws(() => nn.conv2d(x, w, [2, 1, 1, 1], 'SAME'), /does not yet support strides in the batch and depth dimensions/);
    assert.throws(() => nn.maxPool(x, [1, 2, 2], 2, 'SAME'), { message: 'max_pool requires ksize of length 1, 2 or 4, got [1,2,2].' });
    assert.throws(() => nn.maxPool(x, 0, 2, 'SAME'), { message: '`ksize` cannot be zero. Received: ksize=[1, 0, 0, 1]' });
    assert.throws(() => nn.avgPool(x, 2, 2, [[0, 0], [1, 1], [1, 1], [0, 0]]), { message: 'avg_pool does not support explicit padding.' });
    assert.throws(() => nn.conv2d(x, tf.ones([2, 2, 3, 6], 'int32'), 1, 'SAME'), TypeError);
    assert.throws(() => nn.dropout(ph([2], 'i', 'int32'), 0.5), { message: '`x.dtype` must be a floating point tensor as `x` will be scaled. Received: x_dtype=int32' });
    assert.throws(() => nn.dropout(ph([2], 'v')), { message: '`rate` must be provided. Received: rate=undefined' });
    assert.throws(() => nn.softmaxCrossEntropyWithLogits({ logits: x }), /Both `labels` and `logits` must be provided/);
    assert.throws(() => losses.meanSquaredError(ph([2], 'a'), ph([2], 'b'), { reduction: 'avg' }), /Invalid Reduction Key avg/);
  });
});

test('run-time errors are InvalidArgumentErrors in TF wording', () => {
  tf.withGraph(() => {
    const x = ph([null, null, null, 1], 'x');
    const y = nn.conv2d(x, tf.ones([3, 3, 1, 1]), 1, 'VALID');
    const small = new tf.NDArray('float32', [1, 2, 2, 1], new Float32Array(4));
    assert.throws(() => run(y, [[x, small]]), { name: 'InvalidArgumentError', message: /^Negative dimension size caused by subtracting 3 from 2/ });
    const l = nn.sparseSoftmaxCrossEntropyWithLogits({ labels: tf.constant([-1]), logits: tf.ones([1, 3]) });
    assert.throws(() => run(l), { name: 'InvalidArgumentError', message: /^Received a label value of -1 which is outside the valid range of \[0, 3\)/ });
  });
});

test('static shapes with unknown batch and spatial dims', () => {
  tf.withGraph(() => {
    const x = ph([null, 28, 28, 1], 'x');
    const w1 = tf.ones([5, 5, 1, 32]);
    assert.deepEqual(dims(nn.conv2d(x, w1, 1, 'SAME')), [null, 28, 28, 32]);
    assert.deepEqual(dims(nn.conv2d(x, w1, 2, 'VALID')), [null, 12, 12, 32]);
    assert.deepEqual(dims(nn.conv2d(x, w1, [3, 2], 'SAME')), [null, 10, 14, 32]);
    assert.deepEqual(dims(nn.conv2d(x, w1, 1, 'VALID', { dilations: 2 })), [null, 20, 20, 32]);
    assert.deepEqual(dims(nn.conv2d(x, w1, 1, [[0, 0], [2, 1], [0, 0], [0, 0]])), [null, 27, 24, 32]);
    assert.deepEqual(dims(nn.conv2d(ph([null, null, null, 3], 'u'), tf.ones([3, 3, 3, 8]), 2, 'SAME')), [null, null, null, 8]);
    assert.deepEqual(dims(nn.conv2d(ph(null, 'r'), tf.ones([3, 3, 3, 8]), 1, 'SAME')), [null, null, null, 8]);
    const h = nn.conv2d(x, w1, 1, 'SAME');
    assert.deepEqual(dims(nn.maxPool(h, 2, 2, 'SAME')), [null, 14, 14, 32]);
    assert.deepEqual(dims(nn.avgPool(h, 3, 2, 'VALID')), [null, 13, 13, 32]);
    assert.deepEqual(dims(nn.conv2dTranspose(ph([null, 7, 7, 4], 't'), tf.ones([3, 3, 2, 4]), [8, 14, 14, 2], 2)), [8, 14, 14, 2]);
    const v = ph([null, 10], 'v');
    assert.deepEqual(dims(nn.softmax(v)), [null, 10]);
    assert.deepEqual(dims(nn.softmax(v, 0)), [null, 10]);
    assert.deepEqual(dims(nn.biasAdd(v, tf.ones([10]))), [null, 10]);
    assert.deepEqual(dims(nn.softmaxCrossEntropyWithLogits({ labels: v, logits: v })), [null]);
    assert.deepEqual(dims(nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ph([null], 'i', 'int32'), logits: v })), [null]);
    assert.deepEqual(dims(nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ph([null, 3], 'j', 'int32'), logits: ph([null, 3, 10], 'z') })), [null, 3]);
    assert.deepEqual(dims(nn.sigmoidCrossEntropyWithLogits({ labels: v, logits: v })), [null, 10]);
    assert.deepEqual(dims(nn.dropout(v, 0.5)), [null, 10]);
    assert.deepEqual(dims(nn.l2Loss(v)), []);
    assert.deepEqual(dims(nn.inTopK(v, ph([null], 'k', 'int32'), 3)), [null]);
    assert.deepEqual(nn.moments(h, [0, 1, 2]).map(dims), [[32], [32]]);
    assert.deepEqual(nn.moments(h, [0, 1, 2], { keepDims: true }).map(dims), [[1, 1, 1, 32], [1, 1, 1, 32]]);
    assert.deepEqual(dims(losses.meanSquaredError(v, v)), []);
    assert.deepEqual(dims(losses.meanSquaredError(v, v, { reduction: losses.Reduction.NONE })), [null, 10]);
  });
});

test('nn ops reject bad dtypes with TF wording', () => {
  tf.withGraph(() => {
    assert.throws(() => nn.softmax(tf.constant([1, 2])), { name: 'TypeError', message: /parameter 'logits' has DataType int32 not in list of allowed values: float16, float32, float64/ });
    assert.throws(() => nn.elu(tf.constant([1, 2])), /DataType int32 not in list/);
    // relu and relu6 take integers, as TF's; leakyRelu casts them to float32
    assert.deepEqual(run(nn.relu(tf.constant([-2, 3]))).toArray(), [0, 3]);
    assert.equal(nn.leakyRelu(tf.constant([-2, 3])).dtype, 'float32');
  });
});
