// tf.io: NumPy file formats.
export { readNpy, writeNpy } from './npy.js';
export type { NpySource, ReadNpyOptions, WriteNpyOptions } from './npy.js';
export { loadNpz, writeNpz } from './npz.js';
// GraphDef / MetaGraphDef (binary and text format), TensorProto
export { asGraphDef, serializeGraphDef, parseGraphDef, graphDefToText, readGraphDef, writeGraph } from './graph_def.js';
export type { AsGraphDefOptions } from './graph_def.js';
export { importGraphDef } from './import_graph_def.js';
export type { ImportGraphDefOptions } from './import_graph_def.js';
export { makeTensorProto, makeNdarray } from './tensor_proto.js';
export { exportMetaGraph, importMetaGraph, readMetaGraph, writeMetaGraph } from './meta_graph.js';
export type { ExportMetaGraphOptions, ImportMetaGraphOptions, ImportedMetaGraph } from './meta_graph.js';
export { messageToText, messageFromText } from './proto_text.js';
export { encodeMessage, decodeMessage } from './proto_message.js';
export type {
  GraphDef, NodeDef, AttrValueProto, TensorProto, TensorShapeProto, MetaGraphDef, SaverDef, VariableDef, CollectionDef,
} from './graph_def_types.js';
// TFRecord files (tf.io.TFRecordWriter / tf.io.tf_record_iterator; tf.python_io in TF 1)
export { TFRecordWriter, tfRecordIterator } from '../summary/index.js';
