// tf.io: NumPy file formats.
export { readNpy, writeNpy } from './npy.js';
export type { NpySource, ReadNpyOptions, WriteNpyOptions } from './npy.js';
export { loadNpz, writeNpz } from './npz.js';
