// An NDArray as a TensorProto object, the way TensorSummaryV2 stores it: strings as
// string_val (Tensor::AsProtoField), everything else as raw little-endian tensor_content
// (Tensor::AsProtoTensorContent).

import { dtypeEnum, dtypeFromEnum, type TypedArray } from '../framework/dtypes.js';
import { NDArray } from '../framework/ndarray.js';
import { UnimplementedError } from '../framework/errors.js';
import type { ProtoObject } from './proto_util.js';

export function shapeProto(shape: readonly number[]): ProtoObject {
  return { dim: shape.map(size => ({ size })) };
}

export function tensorProto(value: NDArray): ProtoObject {
  const base = { dtype: dtypeEnum(value.dtype), tensor_shape: shapeProto(value.shape) };
  if (value.dtype === 'string') return { ...base, string_val: (value.data as string[]).map(s => Buffer.from(s, 'utf8')) };
  if (value.dtype === 'float16') throw new UnimplementedError('Tensor summaries of float16 tensors are not supported; cast to float32.');
  const a = value.data as TypedArray;
  return { ...base, tensor_content: Buffer.from(a.buffer, a.byteOffset, a.byteLength) };
}

/** A decoded TensorProto object (as summaryIterator yields them) as an NDArray. */
export function makeNdarray(t: ProtoObject): NDArray {
  const dtype = dtypeFromEnum(Number(t.dtype ?? 0));
  const shape = (((t.tensor_shape as ProtoObject | undefined)?.dim ?? []) as ProtoObject[]).map(d => Number(d.size ?? 0));
  const n = shape.reduce((a, b) => a * b, 1);
  if (dtype === 'string') {
    const vals = ((t.string_val ?? []) as Uint8Array[]).map(b => Buffer.from(b).toString('utf8'));
    return new NDArray('string', shape, n === vals.length ? vals : new Array<string>(n).fill(vals[vals.length - 1] ?? ''));
  }
  const out = NDArray.zeros(dtype, shape);
  const content = t.tensor_content as Uint8Array | undefined;
  const dst = out.data as TypedArray;
  if (content && content.length) {
    new Uint8Array(dst.buffer, dst.byteOffset, dst.byteLength).set(content.subarray(0, dst.byteLength));
    return out;
  }
  const field = ({ float32: 'float_val', float64: 'double_val', int64: 'int64_val', bool: 'bool_val', complex64: 'scomplex_val' } as Record<string, string>)[dtype] ?? 'int_val';
  const vals = (t[field] ?? []) as (number | boolean)[];
  const w = dtype === 'complex64' ? 2 : 1;
  for (let i = 0; i < n * w && vals.length; i++) {
    const v = vals[Math.min(i, vals.length - 1)];
    (dst as unknown as (number | bigint)[])[i] = dtype === 'int64' ? BigInt(v as number) : Number(v);
  }
  return out;
}
