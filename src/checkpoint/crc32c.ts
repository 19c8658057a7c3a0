// CRC32C (Castagnoli) as TensorFlow's crc32c.h uses it: Value, Extend, and the masked
// form stored in files (a CRC of data that itself holds CRCs is weak, so TF rotates and
// offsets the stored value).

import crc32cModule from 'crc-32/crc32c.js';

const MASK_DELTA = 0xa282ead8;

/** crc32c of `data`, continuing from `crc` (crc32c::Extend; crc 0 gives crc32c::Value). */
export function crc32c(data: Uint8Array, crc = 0): number {
  return crc32cModule.buf(data, crc) >>> 0;
}

/** crc32c::Mask: rotate right by 15 bits and add a constant. */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/** crc32c::Unmask. */
export function unmaskCrc(masked: number): number {
  const rot = (masked - MASK_DELTA) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}
