// CRC32C (Castagnoli) and TensorFlow's masked form (tensorflow/core/lib/hash/crc32c.h), used
// by TFRecord framing (event files) and by checkpoint bundles and their SSTable index. A CRC
// of data that itself holds CRCs is weak, so TF stores CRCs rotated and offset ("masked").

import crc32cModule from 'crc-32/crc32c.js';

const MASK_DELTA = 0xa282ead8;

/** crc32c of `data`, continuing from `crc` (crc32c::Extend; crc 0 gives crc32c::Value; "123456789" -> 0xe3069283). */
export function crc32c(data: Uint8Array, crc = 0): number {
  return crc32cModule.buf(data, crc) >>> 0;
}

/** crc32c::Mask: rotate right by 15 bits and add a constant (mod 2^32). */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/** crc32c::Unmask, the inverse of maskCrc. */
export function unmaskCrc(masked: number): number {
  const rot = (masked - MASK_DELTA) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}

/** maskCrc(crc32c(bytes)). */
export function maskedCrc32c(bytes: Uint8Array): number {
  return maskCrc(crc32c(bytes));
}
