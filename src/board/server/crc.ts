// CRC32C (Castagnoli) over a range of a buffer, slicing by 8 bytes, for the board's record
// scanner: the same values as src/io/crc32c.ts, without making a view of each record first.

const T = new Int32Array(8 * 256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  T[n] = c;
}
for (let n = 0; n < 256; n++) {
  for (let k = 1; k < 8; k++) T[k * 256 + n] = (T[(k - 1) * 256 + n] >>> 8) ^ T[T[(k - 1) * 256 + n] & 255];
}

/** crc32c of `b[start, end)`. */
export function crc32cRange(b: Uint8Array, start: number, end: number): number {
  let crc = -1;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const a = (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) ^ crc;
    crc = T[1792 + (a & 255)] ^ T[1536 + ((a >>> 8) & 255)] ^ T[1280 + ((a >>> 16) & 255)] ^ T[1024 + (a >>> 24)]
      ^ T[768 + b[i + 4]] ^ T[512 + b[i + 5]] ^ T[256 + b[i + 6]] ^ T[b[i + 7]];
  }
  for (; i < end; i++) crc = T[(crc ^ b[i]) & 255] ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** TF's masked crc32c of `b[start, end)` (what TFRecord framing stores). */
export function maskedCrcRange(b: Uint8Array, start: number, end: number): number {
  const crc = crc32cRange(b, start, end);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
