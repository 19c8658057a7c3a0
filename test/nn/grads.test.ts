// Gradient rules of the tf.nn ops checked numerically (float64 central differences through
// tf.gradients), including the rules of the gradient ops themselves (ReluGrad,
// Conv2DBackpropInput/Filter, MaxPoolGrad, MaxPoolGradGrad, AvgPoolGrad, BiasAddGrad and the
// cross entropies' second-order term), so that second derivatives work as in TF.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, nn, losses, run, flat, assertClose } from './util.js';
import { gradients } from '../../src/gradients/index.js';
import { checkGradients, type GradInput } from '../harness/numeric_grad.js';

type T = tf.Tensor;
const u = (shape: number[], range?: [number, number], more: Partial<GradInput> = {}): GradInput => ({ shape, range, ...more });
const away = (shape: number[]): GradInput => ({ shape, range: [0.2, 2], randomSign: true });
const distinct = (shape: number[]): GradInput => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, values: Array.from({ length: n }, (_, i) => ((i * 7 + 3) % n) * 0.05 - 0.3) };
};
const vjp = (f: (x: T) => T) => ([x, z]: T[]) => gradients(f(x), x, z)[0]!;
const i32 = (v: number[]) => tf.constant(v, 'int32');
const f64 = (v: number[][]) => tf.constant(v, 'float64');

const ROWS: [string, (xs: T[]) => T | T[], GradInput[]][] = [
  ['relu', ([x]) => nn.relu(x), [away([2, 3])]],
  ['relu6', ([x]) => nn.relu6(x), [{ shape: [2, 3], values: [-1.5, 0.5, 2.5, 5.5, 6.5, 3.1] }]],
  ['elu', ([x]) => nn.elu(x), [away([2, 3])]],
  ['selu', ([x]) => nn.selu(x), [away([2, 3])]],
  ['leakyRelu', ([x]) => nn.leakyRelu(x, 0.3), [away([2, 3])]],
  ['ReluGrad (second order)', vjp(x => nn.relu(x)), [away([2, 3]), u([2, 3])]],
  ['Relu6Grad (second order)', vjp(x => nn.relu6(x)), [{ shape: [4], values: [-1, 0.5, 5.5, 7] }, u([4])]],
  ['EluGrad (second order)', vjp(x => nn.elu(x)), [away([2, 3]), u([2, 3])]],
  ['SeluGrad (second order)', vjp(x => nn.selu(x)), [away([2, 3]), u([2, 3])]],
  ['LeakyReluGrad (second order)', vjp(x => nn.leakyRelu(x, { alpha: 0.3 })), [away([2, 3]), u([2, 3])]],
  ['softmax', ([x]) => nn.softmax(x), [u([2, 4], [-2, 2])]],
  ['softmax axis 0', ([x]) => nn.softmax(x, 0), [u([3, 2], [-2, 2])]],
  ['logSoftmax', ([x]) => nn.logSoftmax(x), [u([2, 4], [-2, 2])]],
  ['biasAdd', ([x, b]) => nn.biasAdd(x, b), [u([2, 3, 4]), u([4])]],
  ['BiasAddGrad (second order)', ([b, z]) => gradients(nn.biasAdd(f64([[1, 2, 3], [4, 5, 6]]), b), b, z)[0]!, [u([3]), u([2, 3])]],
  ['l2Loss', ([x]) => nn.l2Loss(x), [u([2, 3])]],
  ['conv2d VALID', ([x, w]) => nn.conv2d(x, w, 1, 'VALID'), [u([1, 4, 4, 2]), u([2, 2, 2, 3])]],
  ['conv2d SAME stride 2, dynamic batch', ([x, w]) => nn.conv2d(x, w, [1, 2, 2, 1], 'SAME'), [u([2, 5, 5, 1], undefined, { staticShape: [null, 5, 5, 1] }), u([3, 3, 1, 2])]],
  ['conv2d dilations 2', ([x, w]) => nn.conv2d(x, w, 1, 'SAME', { dilations: 2 }), [u([1, 5, 5, 1]), u([2, 2, 1, 2])]],
  ['conv2d explicit padding', ([x, w]) => nn.conv2d(x, w, 2, [[0, 0], [1, 0], [0, 2], [0, 0]]), [u([1, 4, 4, 1]), u([2, 2, 1, 1])]],
  ['Conv2DBackpropInput (second order)', ([w, dy]) => nn.conv2dBackpropInput(i32([1, 5, 5, 1]), w, dy, [1, 2, 2, 1], 'SAME'), [u([3, 3, 1, 2]), u([1, 3, 3, 2])]],
  ['Conv2DBackpropFilter (second order)', ([x, dy]) => nn.conv2dBackpropFilter(x, i32([3, 3, 1, 2]), dy, [1, 2, 2, 1], 'SAME'), [u([1, 5, 5, 1]), u([1, 3, 3, 2])]],
  ['conv2dTranspose', ([v, w]) => nn.conv2dTranspose(v, w, [1, 4, 4, 1], 2, 'SAME'), [u([1, 2, 2, 2]), u([3, 3, 1, 2])]],
  ['maxPool VALID', ([x]) => nn.maxPool(x, 2, 2, 'VALID'), [distinct([1, 4, 4, 1])]],
  ['maxPool SAME 3x3 stride 2', ([x]) => nn.maxPool(x, 3, 2, 'SAME'), [distinct([1, 5, 5, 2])]],
  ['MaxPoolGrad (second order)', vjp(x => nn.maxPool(x, 2, 2, 'VALID')), [distinct([1, 4, 4, 1]), u([1, 2, 2, 1])]],
  ['MaxPoolGradGrad (third order)', ([x, z, w]) => gradients(gradients(nn.maxPool(x, 2, 2, 'VALID'), x, z)[0]!, z, w)[0]!,
    [distinct([1, 4, 4, 1]), u([1, 2, 2, 1]), u([1, 4, 4, 1])]],
  ['avgPool SAME 3x3 stride 2', ([x]) => nn.avgPool(x, 3, 2, 'SAME'), [u([2, 5, 5, 1])]],
  ['AvgPoolGrad (second order)', vjp(x => nn.avgPool(x, 3, 2, 'SAME')), [u([1, 5, 5, 1]), u([1, 3, 3, 1])]],
  // TF's logits gradient (softmax - labels) assumes each row of labels sums to 1
  ['softmaxCrossEntropyWithLogitsV2 (logits and labels)', ([x, l]) => nn.softmaxCrossEntropyWithLogitsV2({ labels: tf.div(l, tf.reduceSum(l, 1, true)), logits: x }), [u([2, 4], [-2, 2]), u([2, 4], [0.1, 1])]],
  ['softmax xent second order', ([x]) => gradients(tf.reduceSum(tf.square(nn.softmaxCrossEntropyWithLogitsV2({ labels: f64([[0.2, 0.5, 0.3], [1, 0, 0]]), logits: x }))), x)[0]!, [u([2, 3], [-2, 2])]],
  ['sparse xent second order', ([x]) => gradients(tf.reduceSum(tf.square(nn.sparseSoftmaxCrossEntropyWithLogits({ labels: i32([2, 0]), logits: x }))), x)[0]!, [u([2, 3], [-2, 2])]],
  ['sparse xent rank 3', ([x]) => nn.sparseSoftmaxCrossEntropyWithLogits({ labels: tf.constant([[0, 2], [1, 1]], 'int64'), logits: x }), [u([2, 2, 3], [-2, 2])]],
  ['sigmoidCrossEntropyWithLogits', ([x]) => nn.sigmoidCrossEntropyWithLogits({ labels: f64([[0, 1, 0.5], [1, 0, 0.2]]), logits: x }), [away([2, 3])]],
  ['weightedCrossEntropyWithLogits', ([x]) => nn.weightedCrossEntropyWithLogits({ labels: f64([[0, 1, 0.5], [1, 0, 0.2]]), logits: x, posWeight: 3 }), [away([2, 3])]],
  ['moments', ([x]) => nn.moments(x, [0]), [u([3, 4])]],
  ['batchNormalization', ([x, m, v, o, s]) => nn.batchNormalization(x, m, v, o, s, 1e-3), [u([3, 2]), u([2]), u([2], [0.5, 1.5]), u([2]), u([2])]],
  ['l2Normalize', ([x]) => nn.l2Normalize(x, 1), [away([2, 3])]],
  ['losses.huberLoss (float64 in, float32 math)', ([p]) => tf.cast(losses.huberLoss(f64([[0, 1], [2, 3]]), p), 'float64'), [u([2, 2], [-1, 4])]],
];

for (const [name, build, inputs] of ROWS) {
  test(`gradient: ${name}`, () => {
    const opts = name.startsWith('losses.') ? { rtol: 2e-3, eps: 1e-3 } : {};
    checkGradients(build, inputs, { ...opts, what: name });
  });
}

test('gradient ops are the TF op types under gradients/<Op>_grad/', () => {
  tf.withGraph(g => {
    const x = tf.placeholder('float32', [null, 6, 6, 3], 'x');
    const w = new tf.Variable(tf.ones([3, 3, 3, 4]), { name: 'w' });
    const h = nn.maxPool(nn.relu(nn.conv2d(x, w, 1, 'SAME')), 2, 2, 'VALID');
    const [dx, dw] = gradients(tf.reduceSum(h), [x, w]);
    const types = new Set(g.operations.filter(o => o.name.startsWith('gradients/')).map(o => o.type));
    for (const t of ['MaxPoolGrad', 'ReluGrad', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'ShapeN']) assert.ok(types.has(t), `no ${t}`);
    assert.equal(dx!.op.name, 'gradients/Conv2D_grad/Conv2DBackpropInput');
    assert.deepEqual(dx!.shape.dims, [null, 6, 6, 3]);
    assert.deepEqual(dw!.shape.dims, [3, 3, 3, 4]);
  });
});

test('softmax xent gradient is softmax - labels, stable at extreme logits', () => {
  tf.withGraph(() => {
    const logits = tf.constant([[1000, -1000, 0], [-1e4, 1e4, 3]], 'float32');
    const labels = tf.constant([[0, 1, 0], [1, 0, 0]], 'float32');
    const loss = nn.softmaxCrossEntropyWithLogitsV2({ labels, logits });
    const [d] = gradients(tf.reduceSum(loss), [logits]);
    const [l, g] = run([loss, d!]);
    assertClose(flat(l), [2000, 2e4], 1e-6, 'loss');
    assertClose(flat(g), [1, -1, 0, -1, 1, 0], 1e-6, 'grad');
  });
});
