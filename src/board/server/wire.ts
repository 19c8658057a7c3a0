// A minimal protobuf wire-format reader for the board's hot path: events with scalar values
// are decoded field by field here (several times faster than protobufjs's decode + toObject);
// everything rarer is handed to protobufjs via decodeProto.

/** Reads fields of one message in `buf[start, end)`. */
export class Wire {
  pos: number;
  constructor(readonly buf: Buffer, start: number, readonly end: number) { this.pos = start; }

  get done(): boolean { return this.pos >= this.end; }

  /** An unsigned varint, exact up to 2^53 (larger values lose precision, as numbers do). */
  varint(): number {
    const b = this.buf;
    let result = 0, mul = 1;
    for (;;) {
      if (this.pos >= this.end) throw new RangeError('truncated varint');
      const byte = b[this.pos++];
      result += (byte & 0x7f) * mul;
      if (byte < 0x80) return result;
      mul *= 128;
      if (mul > 2 ** 63) throw new RangeError('varint too long');
    }
  }

  /** A varint holding an int64: negative values (two's complement, 10 bytes) come back negative. */
  int64(): number {
    const at = this.pos;
    const v = this.varint();
    if (v < 2 ** 63) return v;
    // negative: two's complement over 10 bytes, exactly (summing doubles would round it)
    let x = 0n, shift = 0n;
    for (let i = at; i < this.pos; i++) { x |= BigInt(this.buf[i] & 0x7f) << shift; shift += 7n; }
    return Number(BigInt.asIntN(64, x));
  }

  /** The next field's key: field number << 3 | wire type (no allocation, for hot loops). */
  key(): number { return this.varint(); }

  /** After bytesAt(): where that field's bytes end. */
  end2 = 0;

  /** A length-delimited field's start; its end is left in `end2`. */
  bytesAt(): number {
    const n = this.varint();
    const s = this.pos;
    if (s + n > this.end) throw new RangeError('truncated length-delimited field');
    this.pos = this.end2 = s + n;
    return s;
  }

  /** Field number and wire type of the next field. */
  tag(): [field: number, wireType: number] {
    const t = this.varint();
    return [Math.floor(t / 8), t & 7];
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new RangeError('truncated double');
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  float(): number {
    if (this.pos + 4 > this.end) throw new RangeError('truncated float');
    const v = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return v;
  }

  /** A length-delimited field: [start, end) of its bytes; the reader moves past it. */
  bytes(): [number, number] {
    const n = this.varint();
    const s = this.pos;
    if (s + n > this.end) throw new RangeError('truncated length-delimited field');
    this.pos = s + n;
    return [s, s + n];
  }

  string(): string {
    const [s, e] = this.bytes();
    return this.buf.toString('utf8', s, e);
  }

  /** A short string field through a cache: tags repeat in every event, decoding them once is enough. */
  tagString(): string {
    const [s, e] = this.bytes();
    if (e - s > 64) return this.buf.toString('utf8', s, e);
    const b = this.buf;
    let h = 0x811c9dc5 ^ (e - s);
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const hit = internTable.get(h);
    if (hit && hit.length === e - s) {
      let same = true;
      for (let i = 0; i < hit.length; i++) if (hit.bytes[i] !== b[s + i]) { same = false; break; }
      if (same) return hit.str;
    }
    const str = b.toString('utf8', s, e);
    if (internTable.size >= INTERN_MAX) internTable.clear();
    internTable.set(h, { bytes: Uint8Array.prototype.slice.call(b, s, e), length: e - s, str });
    return str;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0: this.varint(); return;
      case 1: this.pos += 8; break;
      case 2: this.bytes(); return;
      case 5: this.pos += 4; break;
      default: throw new RangeError(`unsupported wire type ${wireType}`);
    }
    if (this.pos > this.end) throw new RangeError('truncated field');
  }
}

const INTERN_MAX = 1 << 16;
const internTable = new Map<number, { bytes: Uint8Array; length: number; str: string }>();
