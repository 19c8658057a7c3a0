// Philox4x32-10, the counter-based generator TF's random ops use, with TF's seeding
// (key from `seed`, upper counter from `seed2`) so seeded graphs can reproduce TF's numbers.

const M0 = 0xd2511f53, M1 = 0xcd9e8d57, W0 = 0x9e3779b9, W1 = 0xbb67ae85;

/** 32x32 -> 64-bit product as [hi, lo] (exact, via 16-bit halves). */
function mulhilo(a: number, b: number): [number, number] {
  const lo = Math.imul(a, b) >>> 0;
  const aH = a >>> 16, aL = a & 0xffff, bH = b >>> 16, bL = b & 0xffff;
  const mid1 = aH * bL, mid2 = aL * bH;
  const loFull = aL * bL;
  const carry = ((loFull >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  const hi = (aH * bH + (mid1 >>> 16) + (mid2 >>> 16) + carry) >>> 0;
  return [hi, lo];
}

export class Philox {
  private key0: number;
  private key1: number;
  private ctr = new Uint32Array(4);
  private buf = new Uint32Array(4);
  private pos = 4;

  /** seed -> key (low, high 32 bits); seed2 -> counter words 2 and 3. */
  constructor(seed: number | bigint, seed2: number | bigint) {
    const s = BigInt.asUintN(64, BigInt(seed));
    const s2 = BigInt.asUintN(64, BigInt(seed2));
    this.key0 = Number(s & 0xffffffffn);
    this.key1 = Number(s >> 32n);
    this.ctr[2] = Number(s2 & 0xffffffffn);
    this.ctr[3] = Number(s2 >> 32n);
  }

  /** One 128-bit block (4 uint32s), then the counter advances by one. */
  nextBlock(out: Uint32Array = new Uint32Array(4)): Uint32Array {
    let c0 = this.ctr[0], c1 = this.ctr[1], c2 = this.ctr[2], c3 = this.ctr[3];
    let k0 = this.key0, k1 = this.key1;
    for (let r = 0; r < 10; r++) {
      const [hi0, lo0] = mulhilo(M0, c0);
      const [hi1, lo1] = mulhilo(M1, c2);
      const n0 = (hi1 ^ c1 ^ k0) >>> 0, n1 = lo1, n2 = (hi0 ^ c3 ^ k1) >>> 0, n3 = lo0;
      c0 = n0; c1 = n1; c2 = n2; c3 = n3;
      k0 = (k0 + W0) >>> 0; k1 = (k1 + W1) >>> 0;
    }
    out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
    this.skip(1);
    return out;
  }

  /** Advances the 128-bit counter by n blocks (TF's Skip). */
  skip(n: number): void {
    let lo = n % 2 ** 32, hi = Math.floor(n / 2 ** 32);
    for (let i = 0; i < 4 && (lo || hi); i++) {
      const sum = this.ctr[i] + lo;
      this.ctr[i] = sum >>> 0;
      lo = hi + (sum >= 2 ** 32 ? 1 : 0);
      hi = 0;
    }
  }

  /** TF's ReserveRandomOutputs: a generator for this run, and skips ahead for the next run. */
  reserve(outputs: number, multiplier = 256): Philox {
    const local = this.clone();
    this.skip(Math.ceil((outputs * multiplier) / 4));
    return local;
  }

  clone(): Philox {
    const p = Object.create(Philox.prototype) as Philox;
    p.key0 = this.key0; p.key1 = this.key1;
    p.ctr = this.ctr.slice(); p.buf = new Uint32Array(4); p.pos = 4;
    return p;
  }

  nextUint32(): number {
    if (this.pos === 4) { this.nextBlock(this.buf); this.pos = 0; }
    return this.buf[this.pos++];
  }

  /** A float in [0, 1) from 23 random mantissa bits (TF's Uint32ToFloat). */
  nextFloat(): number { return uint32ToFloat(this.nextUint32()); }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
export function uint32ToFloat(x: number): number {
  u32[0] = ((x & 0x7fffff) | (127 << 23)) >>> 0;
  return f32[0] - 1;
}

const f64 = new Float64Array(1);
const u64 = new Uint32Array(f64.buffer);
/** A double in [0, 1) from 52 bits of two uint32s (TF's Uint64ToDouble). */
export function uint64ToDouble(x0: number, x1: number): number {
  u64[0] = x0 >>> 0;                                       // low 32 mantissa bits
  u64[1] = ((x1 & 0xfffff) | (1023 << 20)) >>> 0;          // high 20 bits + exponent
  return f64[0] - 1;
}

/** TF's BoxMullerFloat: two uniforms -> two standard normals (float32 math). */
export function boxMullerFloat(x0: number, x1: number): [number, number] {
  const fr = Math.fround;
  let u1 = uint32ToFloat(x0);
  if (u1 < 1e-7) u1 = fr(1e-7);
  const v1 = fr(fr(2 * Math.PI) * uint32ToFloat(x1));
  const u2 = fr(Math.sqrt(fr(-2 * fr(Math.log(u1)))));
  return [fr(fr(Math.sin(v1)) * u2), fr(fr(Math.cos(v1)) * u2)];
}

/** TF's BoxMullerDouble from four uint32s. */
export function boxMullerDouble(x0: number, x1: number, x2: number, x3: number): [number, number] {
  let u1 = uint64ToDouble(x0, x1);
  if (u1 < 1e-7) u1 = 1e-7;
  const v1 = 2 * Math.PI * uint64ToDouble(x2, x3);
  const u2 = Math.sqrt(-2 * Math.log(u1));
  return [Math.sin(v1) * u2, Math.cos(v1) * u2];
}
