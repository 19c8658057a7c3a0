// SaveV2 / RestoreV2: the graph ops a Saver runs (TF's io_ops.save_v2 / restore_v2, kernels
// in save_restore_v2_ops.cc). Their kernels do the file I/O, so a graph exported with a
// SaverDef pointing at them is restored by real TensorFlow and by tensorgraph alike.

import { type DType } from '../framework/dtypes.js';
import { NDArray } from '../framework/ndarray.js';
import { defineOp, type Attrs } from '../framework/op_def.js';
import type { Operation } from '../framework/operation.js';
import type { Tensor } from '../framework/tensor.js';
import { TensorShape, withRank } from '../framework/tensor_shape.js';
import { InvalidArgumentError, UnimplementedError, ValueError } from '../framework/errors.js';
import { cDTypeName } from '../framework/dtypes.js';
import { convertToTensor, withScope, type TensorLike } from '../ops/core.js';
import { BundleReader, writeBundle } from './bundle.js';

export interface SaveRestoreAttrs extends Attrs { dtypes: readonly DType[] }

function checkNames(names: NDArray, slices: NDArray, n: number, op: string): void {
  if (names.size !== n) {
    throw new InvalidArgumentError(`Got ${n} tensors but tensor_names has ${names.size} elements (${op}).`);
  }
  if (slices.size !== n) {
    throw new InvalidArgumentError(`Expected shape_and_slices to have ${n} elements, got ${slices.size}.`);
  }
  for (const s of slices.data as string[]) {
    if (s !== '') throw new UnimplementedError(`${op}: saving or restoring slices of partitioned variables ('${s}') is not supported.`);
  }
}

function scalarPrefix(prefix: NDArray): string {
  if (prefix.size !== 1) throw new InvalidArgumentError(`Input prefix should have a single element, got ${prefix.size}.`);
  return (prefix.data as string[])[0];
}

export const SaveV2 = defineOp<SaveRestoreAttrs>({
  type: 'SaveV2',
  stateful: true,
  infer: ([prefix, names, slices, ...tensors], a) => {
    withRank(prefix.shape, 0);
    withRank(names.shape, 1);
    withRank(slices.shape, 1);
    if (tensors.length !== a.dtypes.length) throw new ValueError(`SaveV2 expects ${a.dtypes.length} tensors, got ${tensors.length}.`);
    return [];
  },
  kernel: ([prefix, names, slices, ...tensors]) => {
    checkNames(names, slices, tensors.length, 'SaveV2');
    const keys = names.data as string[];
    writeBundle(scalarPrefix(prefix), keys.map((k, i) => [k, tensors[i]] as const));
    return [];
  },
});

export const RestoreV2 = defineOp<SaveRestoreAttrs>({
  type: 'RestoreV2',
  stateful: true,
  infer: ([prefix, names, slices], a) => {
    withRank(prefix.shape, 0);
    withRank(names.shape, 1);
    withRank(slices.shape, 1);
    return a.dtypes.map(dtype => ({ dtype, shape: TensorShape.unknown() }));
  },
  kernel: ([prefix, names, slices], a) => {
    checkNames(names, slices, a.dtypes.length, 'RestoreV2');
    const reader = new BundleReader(scalarPrefix(prefix));
    try {
      return (names.data as string[]).map((name, i) => {
        const e = reader.entry(name);
        if (e.dtype !== a.dtypes[i]) {
          throw new InvalidArgumentError(`tensor_name = ${name}; expected dtype ${cDTypeName(a.dtypes[i])} does not equal original dtype ${cDTypeName(e.dtype)} (checkpoint ${reader.prefix})`);
        }
        return reader.lookup(name);
      });
    } finally {
      reader.close();
    }
  },
});

const stringVector = (v: TensorLike, name: string): Tensor => convertToTensor(v, { dtype: 'string', name });

/**
 * Saves tensors in V2 checkpoint format (tf.raw_ops.SaveV2 / io_ops.save_v2): the op
 * writes `prefix.index` and `prefix.data-00000-of-00001` when run.
 *
 * ```ts
 * const op = tf.train.saveV2('/tmp/ckpt/m', ['a'], [''], [tf.constant([1, 2])]);
 * new tf.Session().run(op);
 * ```
 */
export function saveV2(prefix: TensorLike, tensorNames: TensorLike, shapeAndSlices: TensorLike, tensors: readonly TensorLike[], opts: { name?: string } = {}): Operation {
  return withScope(opts.name, 'SaveV2', [prefix, tensorNames, shapeAndSlices, ...tensors], (scope, g) => {
    const p = convertToTensor(prefix, { dtype: 'string', name: 'prefix' });
    const n = stringVector(tensorNames, 'tensor_names');
    const s = stringVector(shapeAndSlices, 'shape_and_slices');
    const ts = tensors.map(t => convertToTensor(t));
    return g.addOp(SaveV2, [p, n, s, ...ts], { dtypes: ts.map(t => t.dtype) }, { name: scope });
  });
}

/**
 * Reads tensors from a V2 checkpoint (tf.raw_ops.RestoreV2 / io_ops.restore_v2): one
 * output per name, of the given dtypes.
 *
 * ```ts
 * const [a] = tf.train.restoreV2('/tmp/ckpt/m', ['a'], [''], ['int32']);
 * ```
 */
export function restoreV2(prefix: TensorLike, tensorNames: TensorLike, shapeAndSlices: TensorLike, dtypes: readonly DType[], opts: { name?: string } = {}): Tensor[] {
  return withScope(opts.name, 'RestoreV2', [prefix, tensorNames, shapeAndSlices], (scope, g) => {
    const p = convertToTensor(prefix, { dtype: 'string', name: 'prefix' });
    const n = stringVector(tensorNames, 'tensor_names');
    const s = stringVector(shapeAndSlices, 'shape_and_slices');
    return g.addOp(RestoreV2, [p, n, s], { dtypes: [...dtypes] }, { name: scope }).outputs;
  });
}
