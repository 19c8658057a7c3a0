// Byte-level encodings shared by the SSTable and the tensor bundle (TF's core/coding.h):
// little-endian fixed-width integers and varints, plus a growable byte buffer.

/** A growable byte buffer (std::string used as a byte sink in TF's writers). */
export class ByteWriter {
  private buf: Uint8Array;
  length = 0;
  constructor(capacity = 256) { this.buf = new Uint8Array(capacity); }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + extra) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.length));
    this.buf = nb;
  }
  bytes(b: Uint8Array): void { this.ensure(b.length); this.buf.set(b, this.length); this.length += b.length; }
  byte(v: number): void { this.ensure(1); this.buf[this.length++] = v & 0xff; }
  fixed32(v: number): void {
    this.ensure(4);
    const b = this.buf, i = this.length;
    b[i] = v & 0xff; b[i + 1] = (v >>> 8) & 0xff; b[i + 2] = (v >>> 16) & 0xff; b[i + 3] = (v >>> 24) & 0xff;
    this.length += 4;
  }
  /** Varint of a non-negative integer below 2^53 (covers varint32 and our varint64 uses). */
  varint(v: number): void {
    if (!(v >= 0) || !Number.isSafeInteger(v)) throw new RangeError(`varint of ${v}`);
    while (v >= 0x80) { this.byte((v % 0x80) | 0x80); v = Math.floor(v / 0x80); }
    this.byte(v);
  }
  /** A view of the bytes written so far (valid until the next write). */
  view(): Uint8Array { return this.buf.subarray(0, this.length); }
  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array { return this.buf.slice(0, this.length); }
  reset(): void { this.length = 0; }
}

export function readFixed32(b: Uint8Array, pos: number): number {
  return (b[pos] | (b[pos + 1] << 8) | (b[pos + 2] << 16) | (b[pos + 3] << 24)) >>> 0;
}

/** Decodes a varint at `pos`; returns [value, next position], or null when truncated or longer than 64 bits. */
export function readVarint(b: Uint8Array, pos: number, limit = b.length): [number, number] | null {
  let result = 0, mul = 1;
  for (let i = 0; i < 10 && pos < limit; i++) {
    const byte = b[pos++];
    result += (byte & 0x7f) * mul;
    if (!(byte & 0x80)) return [result, pos];
    mul *= 0x80;
  }
  return null;
}
