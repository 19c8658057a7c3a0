// Gradient spec rows: tf.nn (activations and their gradient ops, softmax, bias add,
// convolution, pooling, cross entropies, losses). The builders are looked up by name, so
// rows whose builder does not exist yet are skipped with a visible reason.

import * as tf from '../../src/index.js';
import { gradients } from '../../src/gradients/index.js';
import { type GradSpec, u, away, vals, f64, i32, api } from './grad_spec.js';

type Fn = (...args: unknown[]) => tf.Tensor;
const nn = (name: string) => api<Fn>(`nn.${name}`);
const vjp = (f: (x: tf.Tensor) => tf.Tensor) => ([x, z]: tf.Tensor[]) => gradients(f(x), x, z)[0]!;

// activation inputs kept away from the kinks at 0 (and 6 for relu6)
const ACT = away([2, 3], 0.2, 2);
const RELU6 = vals([2, 4], [-1.5, 0.5, 2.5, 5.5, 6.5, -0.3, 3.1, 7.2]);

const ACTIVATIONS: GradSpec[] = [
  { type: 'Relu', inputs: [ACT], build: ([x]) => nn('relu')(x) },
  { type: 'Relu6', inputs: [RELU6], build: ([x]) => nn('relu6')(x) },
  { type: 'Elu', inputs: [ACT], build: ([x]) => nn('elu')(x) },
  { type: 'Selu', inputs: [ACT], build: ([x]) => nn('selu')(x) },
  { type: 'LeakyRelu', inputs: [ACT], build: ([x]) => nn('leakyRelu')(x, { alpha: 0.3 }) },
  { type: 'ReluGrad', inputs: [ACT, u([2, 3])], build: vjp(x => nn('relu')(x)) },
  { type: 'Relu6Grad', inputs: [RELU6, u([2, 4])], build: vjp(x => nn('relu6')(x)) },
  { type: 'EluGrad', inputs: [ACT, u([2, 3])], build: vjp(x => nn('elu')(x)) },
  { type: 'SeluGrad', inputs: [ACT, u([2, 3])], build: vjp(x => nn('selu')(x)) },
  { type: 'LeakyReluGrad', inputs: [ACT, u([2, 3])], build: vjp(x => nn('leakyRelu')(x, { alpha: 0.3 })) },
  { type: 'Softmax', inputs: [u([2, 4], [-2, 2])], build: ([x]) => nn('softmax')(x) },
  { type: 'Softmax', variant: 'axis 0', inputs: [u([3, 2], [-2, 2])], build: ([x]) => nn('softmax')(x, 0) },
  { type: 'LogSoftmax', inputs: [u([2, 4], [-2, 2])], build: ([x]) => nn('logSoftmax')(x) },
  { type: 'L2Loss', inputs: [u([2, 3])], build: ([x]) => nn('l2Loss')(x) },
];

const LAYERS: GradSpec[] = [
  { type: 'BiasAdd', inputs: [u([2, 3, 4]), u([4])], build: ([x, b]) => nn('biasAdd')(x, b) },
  { type: 'BiasAdd', variant: 'dynamic batch', inputs: [u([3, 4], undefined, { staticShape: [null, 4] }), u([4])], build: ([x, b]) => nn('biasAdd')(x, b) },
  { type: 'BiasAddGrad', inputs: [u([4]), u([2, 4])], build: ([b, z]) => gradients(nn('biasAdd')(f64([[1, 2, 3, 4], [5, 6, 7, 8]]), b), b, z)[0]! },
  { type: 'Conv2D', variant: 'VALID', inputs: [u([1, 4, 4, 2]), u([2, 2, 2, 3])], build: ([x, w]) => nn('conv2d')(x, w, [1, 1, 1, 1], 'VALID') },
  { type: 'Conv2D', variant: 'SAME, stride 2', inputs: [u([2, 5, 5, 1]), u([3, 3, 1, 2])], build: ([x, w]) => nn('conv2d')(x, w, [1, 2, 2, 1], 'SAME') },
  { type: 'Conv2D', variant: 'dilations 2', inputs: [u([1, 5, 5, 1]), u([2, 2, 1, 1])], build: ([x, w]) => nn('conv2d')(x, w, [1, 1, 1, 1], 'VALID', { dilations: [1, 2, 2, 1] }) },
  { type: 'Conv2D', variant: 'dynamic batch', inputs: [u([2, 4, 4, 1], undefined, { staticShape: [null, 4, 4, 1] }), u([2, 2, 1, 2])], build: ([x, w]) => nn('conv2d')(x, w, [1, 1, 1, 1], 'SAME') },
  { type: 'Conv2DBackpropInput', inputs: [u([3, 3, 1, 2]), u([1, 3, 3, 2])], build: ([w, dy]) => nn('conv2dBackpropInput')(i32([1, 5, 5, 1]), w, dy, [1, 2, 2, 1], 'SAME') },
  { type: 'Conv2DBackpropFilter', inputs: [u([1, 5, 5, 1]), u([1, 3, 3, 2])], build: ([x, dy]) => nn('conv2dBackpropFilter')(x, i32([3, 3, 1, 2]), dy, [1, 2, 2, 1], 'SAME') },
  // distinct values per window, so the max is never tied
  { type: 'MaxPool', variant: 'VALID 2x2', inputs: [vals([1, 4, 4, 1], perm(16))], build: ([x]) => nn('maxPool')(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID') },
  { type: 'MaxPool', variant: 'SAME 3x3 stride 2', inputs: [vals([1, 5, 5, 1], perm(25))], build: ([x]) => nn('maxPool')(x, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME') },
  { type: 'MaxPoolGrad', inputs: [vals([1, 4, 4, 1], perm(16)), u([1, 2, 2, 1])], build: vjp(x => nn('maxPool')(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID')) },
  { type: 'MaxPoolGradGrad', inputs: [vals([1, 4, 4, 1], perm(16)), u([1, 2, 2, 1]), u([1, 4, 4, 1])], build: ([x, z, w]) => {
    const [dx] = gradients(nn('maxPool')(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID'), x, z);
    return gradients(dx!, z, w)[0]!;
  } },
  { type: 'AvgPool', variant: 'VALID 2x2', inputs: [u([1, 4, 4, 2])], build: ([x]) => nn('avgPool')(x, [1, 2, 2, 1], [1, 2, 2, 1], 'VALID') },
  { type: 'AvgPool', variant: 'SAME 3x3 stride 2', inputs: [u([2, 5, 5, 1])], build: ([x]) => nn('avgPool')(x, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME') },
  { type: 'AvgPoolGrad', inputs: [u([1, 5, 5, 1]), u([1, 3, 3, 1])], build: vjp(x => nn('avgPool')(x, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME')) },
];

/** 0.05·(a permutation of 0..n-1): distinct values in [0, n/20). */
function perm(n: number): number[] {
  return Array.from({ length: n }, (_, i) => ((i * 7 + 3) % n) * 0.05);
}

const labels = () => f64([[0.1, 0.6, 0.3, 0], [0.25, 0.25, 0.25, 0.25]]);
const LOSSES: GradSpec[] = [
  { type: 'SoftmaxCrossEntropyWithLogits', inputs: [u([2, 4], [-2, 2])], build: ([x]) => nn('softmaxCrossEntropyWithLogitsV2')({ labels: labels(), logits: x }) },
  // labels must sum to 1 (the op's logits gradient is softmax - labels): a softmax of an input
  { type: 'SoftmaxCrossEntropyWithLogits', variant: 'd/dlabels too', inputs: [u([2, 4], [-2, 2]), u([2, 4])], build: ([x, l]) => nn('softmaxCrossEntropyWithLogitsV2')({ labels: nn('softmax')(l), logits: x }) },
  { type: 'SoftmaxCrossEntropyWithLogits', variant: 'second order', inputs: [u([2, 3], [-2, 2])], build: ([x]) => gradients(tf.reduceSum(tf.square(nn('softmaxCrossEntropyWithLogitsV2')({ labels: f64([[0.2, 0.5, 0.3], [1, 0, 0]]), logits: x }))), x)[0]! },
  { type: 'SparseSoftmaxCrossEntropyWithLogits', inputs: [u([3, 4], [-2, 2])], build: ([x]) => nn('sparseSoftmaxCrossEntropyWithLogits')({ labels: i32([1, 0, 3]), logits: x }) },
  { type: 'SparseSoftmaxCrossEntropyWithLogits', variant: 'second order', inputs: [u([2, 3], [-2, 2])], build: ([x]) => gradients(tf.reduceSum(tf.square(nn('sparseSoftmaxCrossEntropyWithLogits')({ labels: i32([2, 0]), logits: x }))), x)[0]! },
];

export const NN_SPECS: GradSpec[] = [...ACTIVATIONS, ...LAYERS, ...LOSSES];

/** Compositions of tf.nn checked as whole functions (no op type of their own). */
export const NN_COMPOSITIONS: GradSpec[] = [
  { type: 'sigmoidCrossEntropyWithLogits', inputs: [u([2, 3], [-3, 3])], build: ([x]) => nn('sigmoidCrossEntropyWithLogits')({ labels: f64([[0, 1, 0.5], [1, 0, 0.2]]), logits: x }) },
  { type: 'moments', inputs: [u([3, 4])], build: ([x]) => api<(...a: unknown[]) => tf.Tensor[]>('nn.moments')(x, [0]) },
  { type: 'batchNormalization', inputs: [u([3, 2]), u([2]), u([2], [0.5, 1.5]), u([2]), u([2])], build: ([x, m, v, o, s]) => nn('batchNormalization')(x, m, v, o, s, 1e-3) },
  { type: 'l2Normalize', inputs: [away([2, 3])], build: ([x]) => nn('l2Normalize')(x, 1) },
];
