// Every value case of test/fixtures/nn.json (real TF 2.21, tf.compat.v1): the same builder
// call (or raw op) on the same inputs gives TF's outputs, dtypes and shapes. Covers the
// activations and their gradient ops, softmax, bias add, conv2d (SAME/VALID/explicit,
// strides, dilations) and its backprops, pools and their gradients (ties included), the
// cross entropies at extreme logits, the normalizations, in_top_k, seeded dropout and losses.

import { test } from 'node:test';
import { tf, nn, losses, fixture, toND, assertMatches, run, type FixCase } from './util.js';
import { gradients } from '../../src/gradients/index.js';

type T = tf.Tensor;
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A raw op (gradient ops and the two-output cross-entropy ops) added directly. */
function raw(type: string, inputs: T[], attrs: Record<string, unknown>): T[] {
  const def = tf.getOpDef(type);
  if (!def) throw new Error(`op ${type} is not registered`);
  return inputs[0].graph.addOp(def, inputs, attrs as tf.Attrs).outputs;
}
const poolAttrs = (a: Record<string, unknown>) => ({ ksize: a.ksize, strides: a.strides, padding: a.padding, explicitPaddings: [], dataFormat: 'NHWC' });

function build(c: FixCase, ins: T[], g: tf.Graph): T[] {
  const a = c.attrs as Record<string, never>;
  const one = (t: T) => [t];
  switch (c.op) {
    case 'relu': case 'relu6': case 'elu': case 'selu': case 'softplus': case 'softsign':
      return one((nn as unknown as Record<string, (x: T) => T>)[c.op](ins[0]));
    case 'leakyRelu': return one(nn.leakyRelu(ins[0], { alpha: a.alpha }));
    case 'ReluGrad': case 'Relu6Grad': case 'EluGrad': case 'SeluGrad': case 'LeakyReluGrad':
      return raw(c.op, ins, c.op === 'LeakyReluGrad' ? { alpha: a.alpha } : {});
    case 'softmax': return one(nn.softmax(ins[0], a.axis));
    case 'logSoftmax': return one(nn.logSoftmax(ins[0], a.axis));
    case 'biasAdd': return one(nn.biasAdd(ins[0], ins[1]));
    case 'BiasAddGrad': return raw('BiasAddGrad', ins, { dataFormat: 'NHWC' });
    case 'conv2d': return one(nn.conv2d(ins[0], ins[1], a.strides, a.padding, { dilations: a.dilations }));
    case 'conv2dBackpropInput': return one(nn.conv2dBackpropInput(ins[0], ins[1], ins[2], a.strides, a.padding, { dilations: a.dilations }));
    case 'conv2dBackpropFilter': return one(nn.conv2dBackpropFilter(ins[0], ins[1], ins[2], a.strides, a.padding, { dilations: a.dilations }));
    case 'conv2dTranspose': return one(nn.conv2dTranspose(ins[0], ins[1], ins[2], a.strides, a.padding));
    case 'maxPool': return one(nn.maxPool(ins[0], a.ksize, a.strides, a.padding));
    case 'avgPool': return one(nn.avgPool(ins[0], a.ksize, a.strides, a.padding));
    case 'MaxPoolGrad': case 'MaxPoolGradGrad': case 'AvgPoolGrad': return raw(c.op, ins, poolAttrs(a));
    case 'SoftmaxCrossEntropyWithLogits': case 'SparseSoftmaxCrossEntropyWithLogits': return raw(c.op, ins, {});
    case 'softmaxCrossEntropyWithLogits': return one(nn.softmaxCrossEntropyWithLogits({ labels: ins[0], logits: ins[1] }));
    case 'softmaxCrossEntropyWithLogitsV2': return one(nn.softmaxCrossEntropyWithLogitsV2({ labels: ins[0], logits: ins[1], axis: a.axis }));
    case 'sparseSoftmaxCrossEntropyWithLogits': return one(nn.sparseSoftmaxCrossEntropyWithLogits({ labels: ins[0], logits: ins[1] }));
    case 'sigmoidCrossEntropyWithLogits': return one(nn.sigmoidCrossEntropyWithLogits({ labels: ins[0], logits: ins[1] }));
    case 'weightedCrossEntropyWithLogits': return one(nn.weightedCrossEntropyWithLogits({ labels: ins[0], logits: ins[1], posWeight: a.posWeight }));
    case 'l2Loss': return one(nn.l2Loss(ins[0]));
    case 'l2Normalize': return one(a.axis === null ? nn.l2Normalize(ins[0]) : nn.l2Normalize(ins[0], a.axis));
    case 'moments': return nn.moments(ins[0], a.axes, { keepDims: a.keepDims });
    case 'batchNormalization': return one(nn.batchNormalization(ins[0], ins[1], ins[2], ins[3] ?? null, ins[4] ?? null, a.epsilon));
    case 'fusedBatchNorm':
      return nn.fusedBatchNorm(ins[0], ins[1], ins[2], { mean: ins[3], variance: ins[4], isTraining: a.isTraining, exponentialAvgFactor: a.exponentialAvgFactor });
    case 'fusedBatchNormGrad': {
      const [y] = nn.fusedBatchNorm(ins[0], ins[1], ins[2], a.isTraining ? {} : { mean: ins[3], variance: ins[4], isTraining: false });
      return gradients(y, [ins[0], ins[1], ins[2]], ins[5]) as T[];
    }
    case 'inTopK': return one(nn.inTopK(ins[0], ins[1], a.k));
    case 'dropout':
      if (a.graphSeed !== undefined) g.seed = a.graphSeed;
      if (a.keepProb !== undefined) return one(nn.dropout(ins[0], a.keepProb, { seed: a.seed }));
      return one(nn.dropout(ins[0], { rate: a.rate, seed: a.seed, noiseShape: a.noiseShape }));
    default: {
      const fn = (losses as unknown as Record<string, (l: T, p: T, o: object) => T>)[camel(c.op)];
      if (!fn) throw new Error(`no builder for ${c.op}`);
      const red = a.reduction ? (losses.Reduction as Record<string, unknown>)[a.reduction] : undefined;
      return one(fn(ins[0], ins[1], { weights: ins[2], reduction: red, delta: a.delta, labelSmoothing: a.labelSmoothing }));
    }
  }
}

test(`fixture is from TF ${fixture.tf_version} with ${fixture.cases.length} cases`, () => {});

const groups = new Map<string, FixCase[]>();
for (const c of fixture.cases) {
  const k = c.op.startsWith('loss') || /_(error|difference|loss|entropy)$/.test(c.op) ? 'tf.losses' : c.op;
  if (!groups.has(k)) groups.set(k, []);
  groups.get(k)!.push(c);
}

for (const [group, cases] of groups) {
  test(`values match TF: ${group} (${cases.map(c => c.id).join(', ')})`, () => {
    for (const c of cases) {
      tf.withGraph(g => {
        const ins = c.inputs.map(x => tf.constant(toND(x)));
        const outs = build(c, ins, g);
        const got = run(outs);
        // the losses compute in float32 even for float64 inputs (then cast back), as TF's
        const rtol = group === 'tf.losses' ? 2e-6 : undefined;
        c.outputs.forEach((want, i) => assertMatches(got[i], want, `${c.id} output ${i}`, rtol));
      });
    }
  });
}
