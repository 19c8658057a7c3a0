// Checkpoints in TensorFlow's V2 format (tensor bundle + SSTable index) and tf.train.Saver.

// ---- public: wire these under tf.train ----------------------------------------------------
export { Saver } from './saver.js';
export type { SaverOptions, SaveOptions, VarList, Saveable, SessionLike } from './saver.js';
export {
  getCheckpointState, latestCheckpoint, updateCheckpointState, generateCheckpointStateProto,
  removeCheckpoint, getCheckpointMtimes,
} from './checkpoint_state.js';
export type { CheckpointState, UpdateCheckpointStateOptions } from './checkpoint_state.js';
export { checkpointExists } from './bundle.js';
export { CheckpointReader, loadCheckpoint, NewCheckpointReader, listVariables, loadVariable } from './checkpoint_reader.js';

// ---- the raw ops (tf.raw_ops.SaveV2 / RestoreV2); importing this module registers them ------
export { SaveV2, RestoreV2, saveV2, restoreV2 } from './io_ops.js';

// ---- internals, for tools and tests -------------------------------------------------------
export { parseCheckpointState, formatCheckpointState } from './checkpoint_state.js';
export { BundleReader, BundleWriter, writeBundle, dataFilename, indexFilename } from './bundle.js';
export type { BundleEntry } from './bundle.js';
export { TableBuilder, TableReader } from './sstable.js';
