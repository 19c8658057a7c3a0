// Philox4x32-10, the counter-based generator behind TF's random ops, with TF's seeding
// (key from `seed`, upper counter words from `seed2`), TF's Skip, GuardedPhiloxRandom's
// reservations and SingleSampleAdapter, and TF's bits-to-number helpers
// (tensorflow/core/lib/random/{philox_random.h,random_distributions_utils.h}).
// Seeded graphs reproduce TF's CPU numbers exactly.

const M0 = 0xd2511f53, M1 = 0xcd9e8d57, W0 = 0x9e3779b9, W1 = 0xbb67ae85;
const TWO16 = 0x10000, TWO32 = 0x100000000;

/** High 32 bits of the 64-bit product of two uint32s (exact in doubles). */
function mulhi(a: number, b: number): number {
  const t = a * (b & 0xffff);                         // < 2^48
  const u = a * (b >>> 16) + Math.floor(t / TWO16);    // < 2^49
  return Math.floor(u / TWO16) >>> 0;
}

export class Philox {
  private key0 = 0;
  private key1 = 0;
  private readonly ctr = new Uint32Array(4);
  // single-sample view of the stream (SingleSampleAdapter): the unused rest of the last block
  private readonly buf = new Uint32Array(4);
  private pos = 4;

  /** TF's PhiloxRandom(seed_lo, seed_hi): seed -> key, seed2 -> counter words 2 and 3. */
  constructor(seed: number | bigint = 0, seed2: number | bigint = 0) {
    const s = BigInt.asUintN(64, BigInt(seed));
    const s2 = BigInt.asUintN(64, BigInt(seed2));
    this.key0 = Number(s & 0xffffffffn);
    this.key1 = Number(s >> 32n);
    this.ctr[2] = Number(s2 & 0xffffffffn);
    this.ctr[3] = Number(s2 >> 32n);
  }

  /** The 128-bit counter, low word first (for tests and debugging). */
  get counter(): readonly number[] { return Array.from(this.ctr); }
  get key(): readonly number[] { return [this.key0, this.key1]; }

  /** One 128-bit block (4 uint32s) at the current counter; the counter then advances by one. */
  nextBlock(out: Uint32Array = new Uint32Array(4)): Uint32Array {
    let c0 = this.ctr[0], c1 = this.ctr[1], c2 = this.ctr[2], c3 = this.ctr[3];
    let k0 = this.key0, k1 = this.key1;
    for (let r = 0; r < 10; r++) {
      const lo0 = Math.imul(M0, c0) >>> 0, hi0 = mulhi(M0, c0);
      const lo1 = Math.imul(M1, c2) >>> 0, hi1 = mulhi(M1, c2);
      c0 = (hi1 ^ c1 ^ k0) >>> 0; c1 = lo1;
      c2 = (hi0 ^ c3 ^ k1) >>> 0; c3 = lo0;
      k0 = (k0 + W0) >>> 0; k1 = (k1 + W1) >>> 0;
    }
    out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
    // SkipOne: 128-bit increment
    if (++this.ctr[0] === 0 && ++this.ctr[1] === 0 && ++this.ctr[2] === 0) ++this.ctr[3];
    return out;
  }

  /** Advances the counter by `count` 128-bit blocks (TF's Skip, a 64-bit count). */
  skip(count: number | bigint): void {
    let lo: number, hi: number;
    if (typeof count === 'bigint') {
      const c = BigInt.asUintN(64, count);
      lo = Number(c & 0xffffffffn); hi = Number(c >> 32n);
    } else {
      lo = count % TWO32; hi = Math.floor(count / TWO32);
    }
    const s0 = this.ctr[0] + lo;
    this.ctr[0] = s0 >>> 0;
    if (s0 >= TWO32) hi = (hi + 1) >>> 0;       // carry (hi is < 2^32 here)
    const s1 = this.ctr[1] + hi;
    this.ctr[1] = s1 >>> 0;
    if (s1 >= TWO32 && ++this.ctr[2] === 0) ++this.ctr[3];
    this.pos = 4;
  }

  /** A copy at the same position (TF copies PhiloxRandom by value). */
  clone(): Philox {
    return new Philox().copyFrom(this);
  }

  /** Makes this generator a copy of `other` (key, counter; the single-sample buffer is emptied). */
  copyFrom(other: Philox): this {
    this.key0 = other.key0; this.key1 = other.key1;
    this.ctr.set(other.ctr);
    this.pos = 4;
    return this;
  }

  /** GuardedPhiloxRandom::ReserveSamples128: a generator for `blocks` blocks; this one skips past them. */
  reserveSamples128(blocks: number): Philox {
    const local = this.clone();
    this.skip(blocks);
    return local;
  }

  /** GuardedPhiloxRandom::ReserveSamples32. */
  reserveSamples32(samples: number): Philox {
    return this.reserveSamples128(Math.floor((samples + 3) / 4));
  }

  /**
   * GuardedPhiloxRandom::ReserveRandomOutputs: reserves outputs * multiplier blocks (not
   * uint32s; TF is that conservative), so each run of a random op starts far past the last.
   */
  reserveRandomOutputs(outputs: number, multiplier = 256): Philox {
    return this.reserveSamples128(outputs * multiplier);
  }

  /** The next uint32 of the stream, one at a time (TF's SingleSampleAdapter). */
  nextUint32(): number {
    if (this.pos === 4) { this.nextBlock(this.buf); this.pos = 0; }
    return this.buf[this.pos++];
  }

  /** A float32 in [0, 1) from the next uint32 (SimplePhilox::RandFloat). */
  nextFloat(): number { return uint32ToFloat(this.nextUint32()); }

  /** A double in [0, 1) from the next two uint32s (SimplePhilox::RandDouble). */
  nextDouble(): number {
    const x0 = this.nextUint32();
    return uint64ToDouble(x0, this.nextUint32());
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** TF's Uint32ToFloat: a float in [0, 1) from the low 23 bits (mantissa of 1.x, minus 1). */
export function uint32ToFloat(x: number): number {
  u32[0] = ((x & 0x7fffff) | 0x3f800000) >>> 0;
  return f32[0] - 1; // exact in float32
}

const f64 = new Float64Array(1);
const u64 = new Uint32Array(f64.buffer);
/** TF's Uint64ToDouble: 20 mantissa bits from x0's low bits (high part), 32 from x1 (low part). */
export function uint64ToDouble(x0: number, x1: number): number {
  u64[0] = x1 >>> 0;                              // little-endian: low word first
  u64[1] = ((x0 & 0xfffff) | 0x3ff00000) >>> 0;
  return f64[0] - 1;
}

/** TF's Uint16ToHalf (the low 10 bits as the mantissa of 1.x, minus 1), as a JS number. */
export function uint16ToHalf(x: number): number {
  return (x & 0x3ff) / 1024;
}

const fr = Math.fround;
/** TF's BoxMullerFloat: two uint32s -> two standard normals, in float32 arithmetic. */
export function boxMullerFloat(x0: number, x1: number, out: Float32Array | Float64Array | number[], at: number): void {
  let u1 = uint32ToFloat(x0);
  if (u1 < 1e-7) u1 = fr(1e-7);
  // `2.0f * M_PI * u` is computed in double (M_PI is a double), then stored to float
  const v1 = fr(2 * Math.PI * uint32ToFloat(x1));
  const u2 = fr(Math.sqrt(fr(-2 * logf(u1))));   // sqrtf is correctly rounded, as is this
  sincosf(v1, out, at);
  out[at] = fr(out[at] * u2);
  out[at + 1] = fr(out[at + 1] * u2);
}

// ---- glibc's logf and sincosf ----------------------------------------------------------------
// TF's CPU kernels call the C library's float logf/sincosf, which are not correctly rounded
// (about 1% of results differ by one ulp from the float nearest the true value). To give
// TF's exact numbers on Linux we evaluate the same table-and-polynomial schemes as glibc
// (>= 2.28, from Arm's optimized-routines), in double, rounding to float at the end.

/** Parses a C hex-float literal such as '0x1.921fb54442d18p-1' exactly. */
function hexf(s: string): number {
  const m = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i.exec(s);
  if (!m) throw new Error(`bad hex float ${s}`);
  const frac = m[3] ?? '';
  const v = parseInt(m[2] + frac, 16) * 2 ** (Number(m[4]) - 4 * frac.length);
  return m[1] ? -v : v;
}

// logf: log(x) = log1p(z/c - 1) + log(c) + k ln2, with x = 2^k z, z in [0x3f330000, 2 * that) split
// into 16 subintervals; invc ~ 1/c and logc = log(c) per subinterval, a degree-4 polynomial
const LOGF_TAB = [
  ['0x1.661ec79f8f3bep+0', '-0x1.57bf7808caadep-2'], ['0x1.571ed4aaf883dp+0', '-0x1.2bef0a7c06ddbp-2'],
  ['0x1.49539f0f010bp+0', '-0x1.01eae7f513a67p-2'], ['0x1.3c995b0b80385p+0', '-0x1.b31d8a68224e9p-3'],
  ['0x1.30d190c8864a5p+0', '-0x1.6574f0ac07758p-3'], ['0x1.25e227b0b8eap+0', '-0x1.1aa2bc79c81p-3'],
  ['0x1.1bb4a4a1a343fp+0', '-0x1.a4e76ce8c0e5ep-4'], ['0x1.12358f08ae5bap+0', '-0x1.1973c5a611cccp-4'],
  ['0x1.0953f419900a7p+0', '-0x1.252f438e10c1ep-5'], ['0x1p+0', '0x0p+0'],
  ['0x1.e608cfd9a47acp-1', '0x1.aa5aa5df25984p-5'], ['0x1.ca4b31f026aap-1', '0x1.c5e53aa362eb4p-4'],
  ['0x1.b2036576afce6p-1', '0x1.526e57720db08p-3'], ['0x1.9c2d163a1aa2dp-1', '0x1.bc2860d22477p-3'],
  ['0x1.886e6037841edp-1', '0x1.1058bc8a07ee1p-2'], ['0x1.767dcf5534862p-1', '0x1.4043057b6ee09p-2'],
].map(([a, b]) => [hexf(a), hexf(b)]);
const LN2 = hexf('0x1.62e42fefa39efp-1');
const LOGF_A = ['-0x1.00ea348b88334p-2', '0x1.5575b0be00b6ap-2', '-0x1.ffffef20a4123p-2'].map(hexf);
const LOGF_OFF = 0x3f330000;

const fbits = (x: number): number => { f32[0] = x; return u32[0]; };
const fromBits = (b: number): number => { u32[0] = b; return f32[0]; };

/** glibc's logf for normal positive floats (all that Box-Muller passes it). */
export function logf(x: number): number {
  const ix = fbits(x);
  if (ix === 0x3f800000) return 0;
  if (ix < 0x00800000 || ix >= 0x7f800000) return fr(Math.log(x)); // zero, subnormal, negative, inf, nan
  const tmp = (ix - LOGF_OFF) >>> 0;
  const i = (tmp >>> 19) & 15;
  const k = (tmp | 0) >> 23;
  const z = fromBits((ix - (tmp & 0xff800000)) >>> 0);
  const [invc, logc] = LOGF_TAB[i];
  const r = z * invc - 1;
  const y0 = logc + k * LN2;
  const r2 = r * r;
  let y = LOGF_A[1] * r + LOGF_A[2];
  y = LOGF_A[0] * r2 + y;
  y = y * r2 + (y0 + r);
  return fr(y);
}

// sincosf: reduce to [-pi/4, pi/4] by one multiply-subtract of pi/2 (exact enough below 120),
// then a degree-8 cosine and degree-7 sine polynomial; the second table negates cosine
const SINCOS_C = ['0x1p0', '-0x1.ffffffd0c621cp-2', '0x1.55553e1068f19p-5', '-0x1.6c087e89a359dp-10', '0x1.99343027bf8c3p-16'].map(hexf);
const SINCOS_S = ['-0x1.555545995a603p-3', '0x1.1107605230bc4p-7', '-0x1.994eb3774cf24p-13'].map(hexf);
const HPI_INV = hexf('0x1.45F306DC9C883p+23'); // 2/pi * 2^24
const HPI = hexf('0x1.921FB54442D18p0');
const abstop12 = (x: number): number => (fbits(x) >>> 20) & 0x7ff;
const TOP_PIO4 = abstop12(hexf('0x1.921FB54442D18p-1')), TOP_TINY = abstop12(2 ** -12), TOP_120 = abstop12(120);

/** glibc's sincosf for |y| < 120 (Box-Muller's angles are in [0, 2 pi)): out[at] = sin, out[at + 1] = cos. */
export function sincosf(y: number, out: Float32Array | Float64Array | number[], at: number): void {
  const top = abstop12(y);
  if (top >= TOP_120) { out[at] = fr(Math.sin(y)); out[at + 1] = fr(Math.cos(y)); return; }
  let x = y, n = 0, negCos = false;
  if (top < TOP_PIO4) {
    if (top < TOP_TINY) { out[at] = y; out[at + 1] = 1; return; }
  } else {
    n = (((x * HPI_INV) | 0) + 0x800000) >> 24;
    x = x - n * HPI;
    negCos = (n & 2) !== 0;
  }
  const sign = (n & 3) === 1 || (n & 3) === 2 ? -1 : 1;
  const x2 = x * x;
  const xs = x * sign;
  const c0 = negCos ? -SINCOS_C[0] : SINCOS_C[0], c1 = negCos ? -SINCOS_C[1] : SINCOS_C[1];
  const c2 = negCos ? -SINCOS_C[2] : SINCOS_C[2], c3 = negCos ? -SINCOS_C[3] : SINCOS_C[3];
  const c4 = negCos ? -SINCOS_C[4] : SINCOS_C[4];
  const x4 = x2 * x2, x3 = x2 * xs;
  const cc2 = c3 + x2 * c4;
  const ss1 = SINCOS_S[1] + x2 * SINCOS_S[2];
  const cc1 = c0 + x2 * c1;
  const x5 = x3 * x2, x6 = x4 * x2;
  const s = xs + x3 * SINCOS_S[0];
  const c = cc1 + x4 * c2;
  const sinv = fr(s + x5 * ss1), cosv = fr(c + x6 * cc2);
  // odd quadrants swap the two results
  if (n & 1) { out[at] = cosv; out[at + 1] = sinv; } else { out[at] = sinv; out[at + 1] = cosv; }
}

/** TF's BoxMullerDouble: four uint32s -> two standard normals in double. */
export function boxMullerDouble(x0: number, x1: number, x2: number, x3: number, out: Float32Array | Float64Array | number[], at: number): void {
  let u1 = uint64ToDouble(x0, x1);
  if (u1 < 1e-7) u1 = 1e-7;
  const v1 = 2 * Math.PI * uint64ToDouble(x2, x3);
  const u2 = Math.sqrt(-2 * Math.log(u1));
  out[at] = Math.sin(v1) * u2;
  out[at + 1] = Math.cos(v1) * u2;
}
