// The board's server side: `startBoard({logdir, port, host})` serves the page and the JSON
// API over node:http; the rest is exported for tests and tools.

export { startBoard } from './server.js';
export type { Board, BoardOptions } from './server.js';
export { LogdirData, resolveLogdir } from './logdir_data.js';
export type { LogdirDataOptions, Warning } from './logdir_data.js';
export { scanLogdir } from './logdir.js';
export { RecordTail } from './tail.js';
export { minMaxIndices, evenIndices } from './downsample.js';
export { VENDOR_FILES, defaultStaticDir } from './static_files.js';
export { MAX_POINTS } from './api.js';
