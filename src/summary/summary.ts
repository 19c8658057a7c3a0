// tf.summary (TF 1, tensorflow/python/summary/summary.py): summary ops named and collected
// as TF names them. `tf.summary.scalar('loss', x)` inside scope 'train' makes node
// 'train/loss' (tag 'train/loss') with its tag in the Const 'train/loss/tags', and adds the
// output to the 'summaries' collection.

import { NDArray } from '../framework/ndarray.js';
import type { Tensor } from '../framework/tensor.js';
import type { Graph } from '../framework/graph.js';
import { GraphKeys, getDefaultGraph } from '../framework/graph.js';
import { ValueError } from '../framework/errors.js';
import { convertToTensor, withScope, type TensorLike } from '../ops/core.js';
import { encodeProto, type ProtoObject } from './proto_util.js';
import {
  AudioSummaryV2, HistogramSummary, ImageSummary, MergeSummary, ScalarSummary, TensorSummaryV2, stringOfBytes,
} from './summary_ops.js';

/** Options every summary builder takes: the collections to add to (default ['summaries']) and a family. */
export interface SummaryOptions { collections?: readonly string[]; family?: string }

const INVALID_TAG_CHARACTERS = /[^-/\p{L}\p{N}\p{M}_.]/gu;

/** TF's summary_op_util.clean_tag: characters outside [-/\w.] become '_', leading '/' dropped. */
export function cleanTag(name: string): string {
  return name.replace(INVALID_TAG_CHARACTERS, '_').replace(/^\/+/, '');
}

/**
 * TF's summary_scope: a name scope for a summary op and the tag it writes (the scope without
 * its '/', prefixed by the family when one is given).
 */
export function summaryScope<T>(name: string, family: string | undefined, defaultName: string | undefined, values: readonly unknown[],
  fn: (tag: string, scope: string, g: Graph) => T): T {
  const clean = cleanTag(name);
  const fam = family === undefined ? undefined : cleanTag(family);
  const base = fam === undefined ? clean : `${fam}/${clean}`;
  return withScope(base || undefined, defaultName ?? base, values, (scope, g) => {
    const bare = scope.replace(/\/$/, '');
    return fn(fam === undefined ? bare : `${fam}/${bare}`, scope, g);
  });
}

function collect(g: Graph, val: Tensor, collections: readonly string[] | undefined, defaults: readonly string[]): void {
  for (const key of collections ?? defaults) g.addToCollection(key, val);
}

const stringConst = (s: string | Tensor, name: string): Tensor => convertToTensor(s, { dtype: 'string', name });

/**
 * A scalar summary (tf.summary.scalar): a ScalarSummary op whose output is a serialized
 * Summary with one simple_value, tagged with the op's scoped name.
 *
 * ```ts
 * const loss = tf.constant(0.5);
 * const s = tf.summary.scalar('loss', loss);   // node 'loss', tag 'loss'
 * ```
 */
export function scalar(name: string, tensor: TensorLike, opts: SummaryOptions = {}): Tensor<'string'> {
  return summaryScope(name, opts.family, undefined, [tensor], (tag, scope, g) => {
    const tags = stringConst(tag, 'tags');
    const values = convertToTensor(tensor, { name: 'values' });
    const val = g.addOp(ScalarSummary, [tags, values], {}, { name: scope }).outputs[0] as Tensor<'string'>;
    collect(g, val, opts.collections, [GraphKeys.SUMMARIES]);
    return val;
  });
}

/**
 * A histogram summary (tf.summary.histogram) with TF's exponential default buckets. NaN or
 * infinite values make the op fail when run.
 *
 * ```ts
 * const h = tf.summary.histogram('weights', tf.randomNormal([100]));
 * ```
 */
export function histogram(name: string, values: TensorLike, opts: SummaryOptions = {}): Tensor<'string'> {
  return summaryScope(name, opts.family, undefined, [values], (tag, scope, g) => {
    const t = stringConst(tag, 'tag');
    const v = convertToTensor(values, { name: 'values' });
    const val = g.addOp(HistogramSummary, [t, v], {}, { name: scope }).outputs[0] as Tensor<'string'>;
    collect(g, val, opts.collections, [GraphKeys.SUMMARIES]);
    return val;
  });
}

/** TF's default bad_color attr: opaque red. */
const RED = (): NDArray => new NDArray('uint8', [4], new Uint8Array([255, 0, 0, 255]));

/**
 * An image summary (tf.summary.image) of a [batch, height, width, channels] tensor with 1, 3
 * or 4 channels, uint8 or float (floats are scaled into [0, 255] per image as TF does). The
 * first `maxOutputs` images are PNG-encoded, tagged '<tag>/image/<i>' ('<tag>/image' when
 * maxOutputs is 1).
 *
 * ```ts
 * const img = tf.summary.image('input', tf.zeros([2, 8, 8, 3]), { maxOutputs: 2 });
 * ```
 */
export function image(name: string, tensor: TensorLike, opts: SummaryOptions & { maxOutputs?: number } = {}): Tensor<'string'> {
  return summaryScope(name, opts.family, undefined, [tensor], (tag, scope, g) =>
    addImage(g, tag, tensor, opts.maxOutputs ?? 3, scope, opts.collections));
}

function addImage(g: Graph, tag: string | Tensor, tensor: TensorLike, maxImages: number, scope: string, collections?: readonly string[]): Tensor<'string'> {
  if (!(maxImages >= 1)) throw new ValueError(`Attr 'max_images' of 'ImageSummary' Op passed ${maxImages} less than minimum 1.`);
  const t = stringConst(tag, 'tag');
  const x = convertToTensor(tensor, { name: 'tensor' });
  const val = g.addOp(ImageSummary, [t, x], { maxImages, badColor: RED() }, { name: scope }).outputs[0] as Tensor<'string'>;
  collect(g, val, collections, [GraphKeys.SUMMARIES]);
  return val;
}

/**
 * An audio summary (tf.summary.audio) of a [batch, frames] or [batch, frames, channels]
 * float32 tensor with values in [-1, 1], encoded as 16-bit PCM WAV. Tags '<tag>/audio/<i>'.
 *
 * ```ts
 * const a = tf.summary.audio('sound', tf.zeros([1, 800]), 8000);
 * ```
 */
export function audio(name: string, tensor: TensorLike, sampleRate: TensorLike, opts: SummaryOptions & { maxOutputs?: number } = {}): Tensor<'string'> {
  return summaryScope(name, opts.family, undefined, [tensor], (tag, scope, g) =>
    addAudio(g, tag, tensor, sampleRate, opts.maxOutputs ?? 3, scope, opts.collections));
}

function addAudio(g: Graph, tag: string | Tensor, tensor: TensorLike, sampleRate: TensorLike, maxOutputs: number, scope: string, collections?: readonly string[]): Tensor<'string'> {
  if (!(maxOutputs >= 1)) throw new ValueError(`Attr 'max_outputs' of 'AudioSummaryV2' Op passed ${maxOutputs} less than minimum 1.`);
  const rate = convertToTensor(sampleRate, { dtype: 'float32', name: 'sample_rate' });
  const t = stringConst(tag, 'tag');
  const x = convertToTensor(tensor, { name: 'tensor' });
  const val = g.addOp(AudioSummaryV2, [t, x, rate], { maxOutputs }, { name: scope }).outputs[0] as Tensor<'string'>;
  collect(g, val, collections, [GraphKeys.SUMMARIES]);
  return val;
}

/** Options of tensorSummary: SummaryMetadata fields (summaryMetadata as a SummaryMetadata object). */
export interface TensorSummaryOptions extends SummaryOptions {
  summaryDescription?: string;
  displayName?: string;
  summaryMetadata?: ProtoObject;
}

/**
 * A tensor summary (tf.summary.tensor_summary): the whole tensor as a TensorProto in a
 * TensorSummaryV2 op, with SummaryMetadata (e.g. a plugin name).
 *
 * ```ts
 * const t = tf.summary.tensorSummary('weights', tf.constant([1, 2, 3]));
 * ```
 */
export function tensorSummary(name: string, tensor: TensorLike, opts: TensorSummaryOptions = {}): Tensor<'string'> {
  const meta: ProtoObject = { ...(opts.summaryMetadata ?? {}) };
  if (opts.summaryDescription !== undefined) meta.summary_description = opts.summaryDescription;
  if (opts.displayName !== undefined) meta.display_name = opts.displayName;
  const serialized = stringOfBytes(encodeProto('SummaryMetadata', meta));
  return summaryScope(name, opts.family, undefined, [tensor], (tag, scope, g) => {
    const t = stringConst(tag, 'tag');
    const x = convertToTensor(tensor, { name: 'tensor' });
    const m = stringConst(serialized, 'serialized_summary_metadata');
    const val = g.addOp(TensorSummaryV2, [t, x, m], {}, { name: scope }).outputs[0] as Tensor<'string'>;
    collect(g, val, opts.collections, [GraphKeys.SUMMARIES]);
    return val;
  });
}

/**
 * A text summary (tf.summary.text): a string tensor stored as a tensor summary with the
 * 'text' plugin, shown in TensorBoard's Text tab (Markdown).
 *
 * ```ts
 * const t = tf.summary.text('notes', tf.constant('**hello**'));
 * ```
 */
export function text(name: string, tensor: TensorLike, opts: { collections?: readonly string[] } = {}): Tensor<'string'> {
  const t = convertToTensor(tensor);
  if (t.dtype !== 'string') throw new ValueError(`Expected tensor ${t.name} to have dtype string, got <dtype: '${t.dtype}'>`);
  return tensorSummary(name, t, { collections: opts.collections, summaryMetadata: { plugin_data: { plugin_name: 'text' } } });
}

/**
 * Merges summaries (tf.summary.merge): a MergeSummary op named '<name>/<name>' (default
 * 'Merge/MergeSummary') whose value holds every input's values; duplicate tags fail at run time.
 *
 * ```ts
 * const all = tf.summary.merge([tf.summary.scalar('a', 1.0), tf.summary.scalar('b', 2.0)]);
 * ```
 */
export function merge(inputs: readonly TensorLike[], opts: { collections?: readonly string[]; name?: string } = {}): Tensor<'string'> {
  const name = opts.name === undefined ? undefined : cleanTag(opts.name);
  return mergeIn(inputs, name, 'Merge', opts.collections);
}

function mergeIn(inputs: readonly TensorLike[], name: string | undefined, defaultScope: string, collections?: readonly string[]): Tensor<'string'> {
  if (!inputs.length) throw new ValueError("List argument 'inputs' to 'MergeSummary' Op with length 0 shorter than minimum length 1.");
  return withScope(name, defaultScope, inputs, (_scope, g) => {
    const ts = inputs.map(i => convertToTensor(i, { name: 'inputs' }));
    const val = g.addOp(MergeSummary, ts, { N: ts.length }, { name: name ?? 'MergeSummary' }).outputs[0] as Tensor<'string'>;
    collect(g, val, collections, []);
    return val;
  });
}

/**
 * Merges every summary in a collection of the default graph (tf.summary.merge_all); null
 * when the collection is empty, as TF returns None.
 *
 * ```ts
 * tf.summary.scalar('loss', tf.constant(1.0));
 * const merged = tf.summary.mergeAll();   // 'Merge/MergeSummary'
 * ```
 */
export function mergeAll(key: string | { key?: string; scope?: string; name?: string } = GraphKeys.SUMMARIES,
  opts: { scope?: string; name?: string } = {}): Tensor<'string'> | null {
  if (typeof key === 'object') { opts = key; key = key.key ?? GraphKeys.SUMMARIES; }
  const ops = getDefaultGraph().getCollection<Tensor>(key, opts.scope);
  return ops.length ? merge(ops, { name: opts.name }) : null;
}

// ---- TF 0.x names (deprecated in TF 1, kept in logging_ops.py) ----------------------------

/**
 * tf.scalar_summary (TF 0.x): like tf.summary.scalar, but `tags` are given verbatim (a
 * string or a string tensor of the values' shape) and the node is `name` or 'ScalarSummary'.
 *
 * ```ts
 * tf.scalarSummary('Output', tf.constant(1.5), { name: 'output_summary' });
 * ```
 */
export function scalarSummary(tags: TensorLike, values: TensorLike, opts: { collections?: readonly string[]; name?: string } = {}): Tensor<'string'> {
  return withScope(opts.name, 'ScalarSummary', [tags, values], (scope, g) => {
    const t = convertToTensor(tags, { dtype: 'string', name: 'tags' });
    const v = convertToTensor(values, { name: 'values' });
    const val = g.addOp(ScalarSummary, [t, v], {}, { name: scope }).outputs[0] as Tensor<'string'>;
    collect(g, val, opts.collections, [GraphKeys.SUMMARIES]);
    return val;
  });
}

/**
 * tf.histogram_summary (TF 0.x): tf.summary.histogram with a verbatim tag.
 *
 * ```ts
 * tf.histogramSummary('weights', tf.constant([1, 2, 3]));   // node 'HistogramSummary'
 * ```
 */
export function histogramSummary(tag: TensorLike, values: TensorLike, opts: { collections?: readonly string[]; name?: string } = {}): Tensor<'string'> {
  return withScope(opts.name, 'HistogramSummary', [tag, values], (scope, g) => {
    const t = convertToTensor(tag, { dtype: 'string', name: 'tag' });
    const v = convertToTensor(values, { name: 'values' });
    const val = g.addOp(HistogramSummary, [t, v], {}, { name: scope }).outputs[0] as Tensor<'string'>;
    collect(g, val, opts.collections, [GraphKeys.SUMMARIES]);
    return val;
  });
}

/**
 * tf.image_summary (TF 0.x): tf.summary.image with a verbatim tag and `maxImages`.
 *
 * ```ts
 * tf.imageSummary('inputs', tf.zeros([4, 8, 8, 1]), { maxImages: 2 });   // tags 'inputs/image/0', 'inputs/image/1'
 * ```
 */
export function imageSummary(tag: string | Tensor, tensor: TensorLike, opts: { maxImages?: number; collections?: readonly string[]; name?: string } = {}): Tensor<'string'> {
  return withScope(opts.name, 'ImageSummary', [tag, tensor], (scope, g) => addImage(g, tag, tensor, opts.maxImages ?? 3, scope, opts.collections));
}

/**
 * tf.audio_summary (TF 0.x): tf.summary.audio with a verbatim tag.
 *
 * ```ts
 * tf.audioSummary('sound', tf.zeros([1, 100]), 8000);   // node 'AudioSummary'
 * ```
 */
export function audioSummary(tag: string | Tensor, tensor: TensorLike, sampleRate: TensorLike,
  opts: { maxOutputs?: number; collections?: readonly string[]; name?: string } = {}): Tensor<'string'> {
  return withScope(opts.name, 'AudioSummary', [tag, tensor], (scope, g) => addAudio(g, tag, tensor, sampleRate, opts.maxOutputs ?? 3, scope, opts.collections));
}

/**
 * tf.merge_summary (TF 0.x): a MergeSummary op in scope `name` or 'MergeSummary'.
 *
 * ```ts
 * tf.mergeSummary([tf.scalarSummary('a', 1.0)]);   // node 'MergeSummary/MergeSummary'
 * ```
 */
export function mergeSummary(inputs: readonly TensorLike[], opts: { collections?: readonly string[]; name?: string } = {}): Tensor<'string'> {
  return mergeIn(inputs, opts.name, 'MergeSummary', opts.collections);
}

/**
 * tf.merge_all_summaries (TF 0.x): mergeSummary of a collection, or null when it is empty.
 *
 * ```ts
 * tf.scalarSummary('loss', 0.5);
 * const merged = tf.mergeAllSummaries();   // 'MergeSummary/MergeSummary'
 * ```
 */
export function mergeAllSummaries(key: string = GraphKeys.SUMMARIES): Tensor<'string'> | null {
  const ops = getDefaultGraph().getCollection<Tensor>(key);
  return ops.length ? mergeSummary(ops) : null;
}
