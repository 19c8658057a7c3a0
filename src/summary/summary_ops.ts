// The summary op types as TensorFlow 1 registers them (tensorflow/core/ops/logging_ops.cc,
// kernels summary_op.cc, summary_image_op.cc, summary_audio_op.cc, summary_tensor_op.cc):
// every one outputs a scalar string holding a serialized Summary.
//
// A serialized proto travels in a string tensor as a binary string: one char per byte
// (Buffer 'latin1'), so that it survives Session.run and feeds unchanged.

import { NDArray } from '../framework/ndarray.js';
import { defineOp } from '../framework/op_def.js';
import { TensorShape } from '../framework/tensor_shape.js';
import { InvalidArgumentError } from '../framework/errors.js';
import { checkDType, REAL } from '../ops/dtype_sets.js';
import { decodeProto, encodeProto, type ProtoObject } from './proto_util.js';
import { histogramProto } from './histogram.js';
import { normalizedImage } from './image_normalize.js';
import { encodePng, encodeWav } from './media.js';
import { tensorProto } from './tensor_proto.js';
import type { DType } from '../framework/dtypes.js';

/** The bytes of a binary string (a serialized proto held by a string tensor). */
export const bytesOfString = (s: string): Buffer => Buffer.from(s, 'latin1');
/** A binary string holding `bytes`. */
export const stringOfBytes = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

const scalarString = [{ dtype: 'string' as DType, shape: TensorShape.scalar() }];
const summaryOutput = (values: ProtoObject[]): NDArray => new NDArray('string', [], [stringOfBytes(encodeProto('Summary', { value: values }))]);
const debugShape = (s: readonly number[]): string => `[${s.join(',')}]`;
/** A tag input's value (TF's IsLegacyScalar: a scalar, or a one-element vector). */
function scalarTag(t: NDArray, message: string, legacy = true): string {
  if (legacy ? t.size !== 1 || t.rank > 1 : t.rank !== 0) throw new InvalidArgumentError(message);
  return t.data[0] as string;
}
const toNumber = (v: number | bigint | boolean): number => Number(v);

export const ScalarSummary = defineOp({
  type: 'ScalarSummary',
  infer: ([, v]) => { checkDType('values', v.dtype, REAL); return scalarString; },
  kernel: ([tags, values]) => {
    const same = tags.shape.length === values.shape.length && tags.shape.every((d, i) => d === values.shape[i]);
    if (!same) {
      const single = tags.size === 1 ? ` (tag '${tags.data[0]}')` : '';
      throw new InvalidArgumentError(`tags and values are not the same shape: ${debugShape(tags.shape)} != ${debugShape(values.shape)}${single}`);
    }
    const t = tags.data as string[], v = values.data as ArrayLike<number | bigint>;
    const out: ProtoObject[] = [];
    for (let i = 0; i < t.length; i++) out.push({ tag: t[i], simple_value: toNumber(v[i]) });
    return summaryOutput(out);
  },
  noGradient: true,
});

export const HistogramSummary = defineOp({
  type: 'HistogramSummary',
  infer: ([, v]) => { checkDType('values', v.dtype, REAL); return scalarString; },
  kernel: ([tag, values], _a, ctx) => {
    const t = scalarTag(tag, 'tags must be scalar', false);
    const src = values.data as ArrayLike<number | bigint>;
    const vals = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const v = Number(src[i]);
      if (Number.isNaN(v)) throw new InvalidArgumentError(`Nan in summary histogram for: ${ctx.op.name}`);
      if (!Number.isFinite(v)) throw new InvalidArgumentError(`Infinity in Histogram for: ${ctx.op.name}`);
      vals[i] = v;
    }
    return summaryOutput([{ tag: t, histo: histogramProto(vals) }]);
  },
  noGradient: true,
});

export interface ImageSummaryAttrs { [k: string]: NDArray | number; maxImages: number; badColor: NDArray }

export const ImageSummary = defineOp<ImageSummaryAttrs>({
  type: 'ImageSummary',
  infer: ([, t]) => { checkDType('tensor', t.dtype, ['uint8', 'float32', 'float16', 'float64']); return scalarString; },
  kernel: ([tag, tensor], a) => {
    const base = scalarTag(tag, 'Tags must be a scalar');
    const s = tensor.shape;
    if (s.length !== 4 || !(s[3] === 1 || s[3] === 3 || s[3] === 4)) {
      throw new InvalidArgumentError(`Tensor must be 4-D with last dim 1, 3, or 4, not ${debugShape(s)}`);
    }
    if (s[1] * s[2] >= 2 ** 29) throw new InvalidArgumentError(`Tensor too large for summary ${debugShape(s)}`);
    const [batch, h, w, depth] = s;
    const hw = h * w;
    const bad = a.badColor.data as Uint8Array;
    if (tensor.dtype !== 'uint8' && bad.length < depth) {
      throw new InvalidArgumentError(`expected depth <= bad_color.size, got depth = ${depth}, bad_color.size = ${bad.length}`);
    }
    const out: ProtoObject[] = [];
    for (let i = 0; i < Math.min(a.maxImages, batch); i++) {
      const pixels = tensor.dtype === 'uint8'
        ? (tensor.data as Uint8Array).subarray(i * hw * depth, (i + 1) * hw * depth)
        : normalizedImage(tensor.data as Float32Array | Float64Array, i * hw * depth, hw, depth, tensor.dtype, bad);
      out.push({
        tag: a.maxImages > 1 ? `${base}/image/${i}` : `${base}/image`,
        image: { height: h, width: w, colorspace: depth, encoded_image_string: encodePng(pixels, h, w, depth) },
      });
    }
    return summaryOutput(out);
  },
  noGradient: true,
});

/** TF's lrintf: round half to even. */
function lrint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export const AudioSummaryV2 = defineOp<{ maxOutputs: number }>({
  type: 'AudioSummaryV2',
  infer: ([, t, r]) => { checkDType('tensor', t.dtype, ['float32']); checkDType('sample_rate', r.dtype, ['float32']); return scalarString; },
  kernel: ([tag, tensor, rate], a) => {
    const base = scalarTag(tag, 'Tag must be a scalar');
    if (tensor.rank < 2 || tensor.rank > 3) throw new InvalidArgumentError(`Tensor must be 3-D or 2-D, got: ${debugShape(tensor.shape)}`);
    const sampleRate = (rate.data as Float32Array)[0];
    if (!(sampleRate > 0)) throw new InvalidArgumentError('sample_rate must be > 0');
    const [batch, frames] = tensor.shape;
    const channels = tensor.rank === 2 ? 1 : tensor.shape[2];
    const data = tensor.data as Float32Array;
    const out: ProtoObject[] = [];
    for (let i = 0; i < Math.min(a.maxOutputs, batch); i++) {
      const samples = data.subarray(i * frames * channels, (i + 1) * frames * channels);
      out.push({
        tag: a.maxOutputs > 1 ? `${base}/audio/${i}` : `${base}/audio`,
        audio: {
          sample_rate: sampleRate, num_channels: channels, length_frames: frames, content_type: 'audio/wav',
          encoded_audio_string: encodeWav(samples, Math.max(1, lrint(sampleRate)), channels, frames),
        },
      });
    }
    return summaryOutput(out);
  },
  noGradient: true,
});

export const TensorSummaryV2 = defineOp({
  type: 'TensorSummaryV2',
  infer: () => scalarString,
  kernel: ([tag, tensor, meta]) => {
    const t = scalarTag(tag, 'tag must be scalar', false);
    let metadata: ProtoObject;
    try { metadata = decodeProto('SummaryMetadata', bytesOfString(meta.data[0] as string)); } catch {
      throw new InvalidArgumentError('Could not parse serialized_summary_metadata as a SummaryMetadata');
    }
    return summaryOutput([{ tag: t, tensor: tensorProto(tensor), metadata }]);
  },
  noGradient: true,
});

export const MergeSummary = defineOp<{ N: number }>({
  type: 'MergeSummary',
  infer: ins => { ins.forEach(i => checkDType('inputs', i.dtype, ['string'])); return scalarString; },
  kernel: inputs => {
    const tags = new Set<string>();
    const parts: Buffer[] = [];
    for (const input of inputs) {
      for (const s of input.data as string[]) {
        const bytes = bytesOfString(s);
        let summary: ProtoObject;
        try { summary = decodeProto('Summary', bytes); } catch {
          throw new InvalidArgumentError('Could not parse one of the summary inputs');
        }
        for (const v of (summary.value ?? []) as ProtoObject[]) {
          const tag = (v.tag ?? '') as string;
          if (tag && tags.has(tag)) throw new InvalidArgumentError(`Duplicate tag ${tag} found in summary inputs `);
          tags.add(tag);
        }
        // a Summary is a repeated field: concatenating serializations appends the values
        parts.push(bytes);
      }
    }
    return new NDArray('string', [], [stringOfBytes(Buffer.concat(parts))]);
  },
  noGradient: true,
});
