// tf.train: optimizers, learning-rate schedules and the global step.
//   import * as tf from 'tensorgraph';  new tf.train.AdamOptimizer(0.01).minimize(loss)

export { Optimizer, GATE_NONE, GATE_OP, GATE_GRAPH } from './optimizer.js';
export type {
  Hyper, GradAndVar, GateGradients, ComputeGradientsOptions, ApplyGradientsOptions, MinimizeOptions,
} from './optimizer.js';
export { GradientDescentOptimizer } from './gradient_descent.js';
export type { GradientDescentOptions } from './gradient_descent.js';
export { MomentumOptimizer } from './momentum.js';
export type { MomentumOptions } from './momentum.js';
export { AdagradOptimizer } from './adagrad.js';
export type { AdagradOptions } from './adagrad.js';
export { AdadeltaOptimizer } from './adadelta.js';
export type { AdadeltaOptions } from './adadelta.js';
export { RMSPropOptimizer } from './rmsprop.js';
export type { RMSPropOptions } from './rmsprop.js';
export { AdamOptimizer } from './adam.js';
export type { AdamOptions } from './adam.js';
export {
  exponentialDecay, naturalExpDecay, inverseTimeDecay, polynomialDecay, cosineDecay, cosineDecayRestarts,
  linearCosineDecay, piecewiseConstant, piecewiseConstant as piecewiseConstantDecay,
} from './learning_rate_decay.js';
export type { PolynomialDecayOptions, CosineDecayRestartsOptions, LinearCosineDecayOptions } from './learning_rate_decay.js';
export { getGlobalStep, createGlobalStep, getOrCreateGlobalStep, assertGlobalStep, globalStep } from './training_util.js';
export type { GlobalStep } from './training_util.js';

// ---- checkpoints, graphs and event files under tf.train ---------------------------------------
export {
  Saver, getCheckpointState, latestCheckpoint, updateCheckpointState, generateCheckpointStateProto, removeCheckpoint,
  getCheckpointMtimes, checkpointExists, loadCheckpoint, NewCheckpointReader, CheckpointReader, listVariables, loadVariable,
} from '../checkpoint/index.js';
export type { SaverOptions, SaveOptions, VarList, CheckpointState } from '../checkpoint/index.js';
export { writeGraph } from '../io/graph_def.js';
export { exportMetaGraph } from '../io/meta_graph.js';
export { summaryIterator } from '../summary/index.js';
import { FileWriter } from '../summary/index.js';
import { Saver } from '../checkpoint/index.js';
import { importMetaGraph as importMetaGraphIo, type ImportMetaGraphOptions } from '../io/meta_graph.js';
import type { MetaGraphDef } from '../io/graph_def_types.js';

/** @deprecated TF 0.x name of tf.summary.FileWriter (seed 000). */
export const SummaryWriter = FileWriter;

/**
 * Rebuilds a graph, its variables and collections from a MetaGraph (`.meta` file, bytes or
 * object) into the default graph and returns a Saver for it (tf.train.import_meta_graph), so
 * `saver.restore(sess, prefix)` works in a fresh process without the model code. Null when the
 * MetaGraph has no SaverDef.
 */
export function importMetaGraph(source: string | Uint8Array | MetaGraphDef, opts: ImportMetaGraphOptions = {}): Saver | null {
  const imp = importMetaGraphIo(source, opts);
  return imp.saverDef ? Saver.fromProto(imp.saverDef, imp.importScope) : null;
}
