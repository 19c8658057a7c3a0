// CRC32C (Castagnoli) and TensorFlow's masked form, used by TFRecord framing (event files)
// and by checkpoint bundles (tensorflow/core/lib/hash/crc32c.h).

import crc32cModule from 'crc-32/crc32c.js';

/** CRC32C of `bytes` as an unsigned 32-bit integer (crc32c("123456789") = 0xe3069283). */
export function crc32c(bytes: Uint8Array): number {
  return crc32cModule.buf(bytes) >>> 0;
}

const MASK_DELTA = 0xa282ead8;

/** TF's crc32c::Mask: rotate right by 15 bits and add a constant (mod 2^32). */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

/** TF's crc32c::Unmask, the inverse of maskCrc. */
export function unmaskCrc(masked: number): number {
  const rot = (masked - MASK_DELTA) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}

/** maskCrc(crc32c(bytes)). */
export function maskedCrc32c(bytes: Uint8Array): number {
  return maskCrc(crc32c(bytes));
}
