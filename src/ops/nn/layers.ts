// Two small layer helpers of TF 1's tf.nn, as compositions with TF's names:
// xw_plus_b (MatMul + BiasAdd) and embedding_lookup (a GatherV2 of one params tensor).

import type { Tensor } from '../../framework/tensor.js';
import { UnimplementedError } from '../../framework/errors.js';
import { convertToTensor, identity, withScope, type TensorLike } from '../core.js';
import { matmul } from '../math/matmul.js';
import { gather } from '../array/gather.js';
import { biasAdd } from './bias_add.js';

/**
 * matmul(x, weights) + biases — tf.nn.xw_plus_b (nodes 'xw_plus_b/MatMul', 'xw_plus_b').
 *
 * ```ts
 * tf.nn.xwPlusB(tf.ones([1, 2]), tf.ones([2, 3]), tf.constant([1, 2, 3], 'float32'));   // [[3 4 5]]
 * ```
 */
export function xwPlusB(x: TensorLike, weights: TensorLike, biases: TensorLike, opts: { name?: string } = {}): Tensor {
  return withScope(opts.name, 'xw_plus_b', [x, weights, biases], scope => {
    const xt = convertToTensor(x, { name: 'x' });
    const w = convertToTensor(weights, { name: 'weights' });
    const b = convertToTensor(biases, { name: 'biases' });
    return biasAdd(matmul(xt, w), b, { name: scope });
  });
}

/**
 * Rows of `params` at `ids` — tf.nn.embedding_lookup with one params tensor (or a list of
 * one): a GatherV2 named 'embedding_lookup' followed by an Identity, as TF builds it.
 * Sharded params (lists of several tensors) and `maxNorm` are not supported.
 *
 * ```ts
 * const table = tf.constant([[0, 0], [1, 1], [2, 2]], 'float32');
 * tf.nn.embeddingLookup(table, tf.constant([2, 0]));   // [[2 2] [0 0]]
 * ```
 */
export function embeddingLookup(params: TensorLike | readonly TensorLike[], ids: TensorLike,
                                opts: { partitionStrategy?: string; name?: string; maxNorm?: number | null } = {}): Tensor {
  const list = Array.isArray(params) ? (params as readonly TensorLike[]) : [params as TensorLike];
  if (list.length !== 1) throw new UnimplementedError(`embedding_lookup over ${list.length} sharded params tensors is not supported; pass one tensor.`);
  if (opts.maxNorm !== undefined && opts.maxNorm !== null) throw new UnimplementedError('embedding_lookup: maxNorm is not supported.');
  return withScope(opts.name, 'embedding_lookup', [list[0], ids], scope => {
    const p = convertToTensor(list[0], { name: 'params' });
    const i = convertToTensor(ids, { name: 'ids', dtypeHint: 'int32' });
    return identity(gather(p, i, { name: scope }));
  });
}
