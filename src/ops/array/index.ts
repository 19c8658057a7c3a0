// Array ops: creation, shape manipulation, indexing.
export { fill, zeros, ones, zerosLike, onesLike, range, linspace } from './fill.js';
export { shape, size, rank } from './shape.js';
export { reshape, broadcastTo, expandDims, squeeze } from './reshape.js';
export { where } from './where.js';
