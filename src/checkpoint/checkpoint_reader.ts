// Reading checkpoints without a graph: tf.train.load_checkpoint / NewCheckpointReader,
// list_variables and load_variable (TF's training/checkpoint_utils.py, py_checkpoint_reader).

import * as fs from 'node:fs';
import type { DType } from '../framework/dtypes.js';
import type { NDArray } from '../framework/ndarray.js';
import { NotFoundError, ValueError } from '../framework/errors.js';
import { BundleReader, checkpointExists } from './bundle.js';
import { latestCheckpoint } from './checkpoint_state.js';

/**
 * A reader of one checkpoint (tf.train.NewCheckpointReader / load_checkpoint): names,
 * shapes and dtypes of the saved tensors, and their values.
 */
export class CheckpointReader {
  private readonly bundle: BundleReader;

  constructor(readonly prefix: string) {
    if (!checkpointExists(prefix)) {
      throw new NotFoundError(`Unsuccessful TensorSliceReader constructor: Failed to find any matching files for ${prefix}`);
    }
    this.bundle = new BundleReader(prefix);
  }

  hasTensor(name: string): boolean { return this.bundle.has(name); }

  /** The saved value; NotFoundError "Key <name> not found in checkpoint" when absent. */
  getTensor(name: string): NDArray { return this.bundle.lookup(name); }

  getVariableToShapeMap(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const k of this.bundle.keys()) out[k] = this.bundle.entry(k).shape.slice();
    return out;
  }

  getVariableToDtypeMap(): Record<string, DType> {
    const out: Record<string, DType> = {};
    for (const k of this.bundle.keys()) out[k] = this.bundle.entry(k).dtype;
    return out;
  }

  /** One line per tensor: `name (DT_FLOAT) [3,2]`, as CheckpointReader.debug_string. */
  debugString(): string {
    return this.bundle.keys().map(k => {
      const e = this.bundle.entry(k);
      return `${k} (${e.dtype}) [${e.shape.join(',')}]\n`;
    }).join('');
  }

  close(): void { this.bundle.close(); }
}

/** A checkpoint prefix from a directory (its latest checkpoint) or a prefix. */
function checkpointFilename(ckptDirOrFile: string): string {
  let isDir = false;
  try { isDir = fs.statSync(ckptDirOrFile).isDirectory(); } catch { /* a prefix, not a file */ }
  if (!isDir) return ckptDirOrFile;
  const latest = latestCheckpoint(ckptDirOrFile);
  if (!latest) throw new ValueError(`Couldn't find 'checkpoint' file or checkpoints in given directory ${ckptDirOrFile}`);
  return latest;
}

/**
 * A CheckpointReader for a checkpoint prefix, or for the latest checkpoint in a directory
 * (tf.train.load_checkpoint).
 *
 * ```ts
 * const r = tf.train.loadCheckpoint('/tmp/model');
 * r.getVariableToShapeMap();   // { 'dense/w': [3, 2], ... }
 * ```
 */
export function loadCheckpoint(ckptDirOrFile: string): CheckpointReader {
  return new CheckpointReader(checkpointFilename(ckptDirOrFile));
}

/** TF 1's tf.train.NewCheckpointReader(prefix). */
export function NewCheckpointReader(prefix: string): CheckpointReader {
  return new CheckpointReader(prefix);
}

/**
 * The saved tensors' names and shapes, sorted by name (tf.train.list_variables).
 *
 * ```ts
 * tf.train.listVariables('/tmp/model');   // [['dense/b', [2]], ['dense/w', [3, 2]], ['global_step', []]]
 * ```
 */
export function listVariables(ckptDirOrFile: string): [string, number[]][] {
  const r = loadCheckpoint(ckptDirOrFile);
  try {
    const m = r.getVariableToShapeMap();
    return Object.keys(m).sort().map(k => [k, m[k]]);
  } finally {
    r.close();
  }
}

/** The value saved under `name` (a trailing ':0' is ignored), as tf.train.load_variable. */
export function loadVariable(ckptDirOrFile: string, name: string): NDArray {
  const r = loadCheckpoint(ckptDirOrFile);
  try {
    return r.getTensor(name.endsWith(':0') ? name.slice(0, -2) : name);
  } finally {
    r.close();
  }
}
