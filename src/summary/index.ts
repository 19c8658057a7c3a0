// tf.summary: summary ops, FileWriter and event-file reading (TF 1's tf.summary and the TF 0.x
// names that seeds still use). The lead wires this as `tf.summary` plus the aliases listed in
// the report.

export {
  scalar, histogram, image, audio, text, tensorSummary, merge, mergeAll, cleanTag,
  scalarSummary, histogramSummary, imageSummary, audioSummary, mergeSummary, mergeAllSummaries,
} from './summary.js';
export type { SummaryOptions, TensorSummaryOptions } from './summary.js';
export {
  ScalarSummary, HistogramSummary, ImageSummary, AudioSummaryV2, TensorSummaryV2, MergeSummary,
} from './summary_ops.js';
export { FileWriter, SessionLogStatus } from './file_writer.js';
export type { FileWriterOptions, SummaryInput } from './file_writer.js';
export type { GraphDefInput } from './graph_bytes.js';
export { summaryIterator } from './summary_iterator.js';
export type { Event, SummaryValue } from './summary_iterator.js';
export { TFRecordWriter, encodeRecord } from './record_writer.js';
export { tfRecordIterator, readRecords } from './record_reader.js';
export { crc32c, maskCrc, unmaskCrc, maskedCrc32c } from '../io/crc32c.js';
export { histogramProto, defaultBucketLimits } from './histogram.js';
export { encodePng, decodePng, encodeWav, decodeWav } from './media.js';
export { makeNdarray } from './tensor_proto.js';
export { encodeProto, decodeProto } from './proto_util.js';
