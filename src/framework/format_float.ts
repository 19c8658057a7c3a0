// Decimal digits of binary floats exactly as NumPy's Dragon4 produces them
// (numpy/_core/src/multiarray/dragon4.c): shortest digits that identify the value among
// its neighbours in *its own* precision (float16/32/64), optionally cut at a precision and
// optionally continued with exact digits up to a minimum count, rounded half to even.
// Exact arithmetic with BigInt; printing is not a hot path.

import type { DType } from './dtypes.js';

/** Significand bits (with the hidden bit) and minimum normal exponent of a binary format. */
export interface FloatKind { readonly bits: number; readonly emin: number }
export const FLOAT16: FloatKind = { bits: 11, emin: -14 };
export const FLOAT32: FloatKind = { bits: 24, emin: -126 };
export const FLOAT64: FloatKind = { bits: 53, emin: -1022 };

export function floatKind(d: DType): FloatKind {
  return d === 'float16' ? FLOAT16 : d === 'float64' ? FLOAT64 : FLOAT32;
}

/** Python's trim modes: 'k' keep, '.' trim zeros keep point, '0' leave one zero, '-' drop point. */
export type Trim = 'k' | '.' | '0' | '-';

const view = new DataView(new ArrayBuffer(8));

/** x > 0 finite as m * 2^e with m the kind's integer significand. */
function decompose(x: number, kind: FloatKind): { m: number; e: number; unequal: boolean } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (hi & 0xfffff) * 2 ** 32 + lo;
  const m64 = biased === 0 ? frac : frac + 2 ** 52;
  const e64 = biased === 0 ? -1074 : biased - 1075;
  let bitLen = Math.floor(Math.log2(m64));
  if (2 ** bitLen > m64) bitLen--;
  else if (2 ** (bitLen + 1) <= m64) bitLen++;
  const log2 = e64 + bitLen;
  const e = Math.max(log2 - (kind.bits - 1), kind.emin - (kind.bits - 1));
  const m = m64 / 2 ** (e - e64);
  // A value not representable in `kind` (should not happen) is printed in float64.
  if (!Number.isInteger(m)) return kind === FLOAT64 ? { m: m64, e: e64, unequal: false } : decompose(x, FLOAT64);
  // Dragon4 narrows the lower margin whenever the stored fraction is zero (normal numbers).
  return { m, e, unequal: m === 2 ** (kind.bits - 1) };
}

const pow10Cache: bigint[] = [1n];
function pow10(n: number): bigint {
  while (pow10Cache.length <= n) pow10Cache.push(pow10Cache[pow10Cache.length - 1] * 10n);
  return pow10Cache[n];
}

export interface Digits { digits: string; exp: number } // d.ddd x 10^exp

/**
 * Dragon4 in "unique" mode. cutoff (-1 = none) is a count of significant digits ('total')
 * or of digits after the decimal point ('fraction'); minDigits (-1 = none) likewise.
 */
export function dragon4(x: number, kind: FloatKind, mode: 'total' | 'fraction', cutoff = -1, minDigits = -1): Digits {
  if (x === 0) return { digits: '0', exp: 0 };
  const { m, e, unequal } = decompose(x, kind);
  const M = BigInt(m);
  // IEEE round-half-even makes the interval's ends belong to x when its significand is even
  const even = m % 2 === 0;
  let value = 4n * M * (e > 0 ? 1n << BigInt(e) : 1n);
  let scale = 4n * (e < 0 ? 1n << BigInt(-e) : 1n);
  let high = 2n * (e > 0 ? 1n << BigInt(e) : 1n);
  let low = unequal ? high / 2n : high;
  // first digit position fp: 10^fp <= x < 10^(fp+1)
  let fp = Math.floor(Math.log10(x));
  const ge = (p: number): boolean => (p >= 0 ? value >= scale * pow10(p) : value * pow10(-p) >= scale);
  while (!ge(fp)) fp--;
  while (ge(fp + 1)) fp++;
  if (mode === 'fraction' && cutoff >= 0 && fp < -cutoff) fp = -cutoff; // first printed digit is a rounded 0
  if (fp >= 0) scale *= pow10(fp);
  else { const s = pow10(-fp); value *= s; low *= s; high *= s; }

  const lastPos = cutoff < 0 ? -Infinity : mode === 'total' ? fp - (cutoff - 1) : -cutoff;
  const minPos = minDigits < 0 ? Infinity : mode === 'total' ? fp - (minDigits - 1) : -minDigits;
  let out = '';
  let pos = fp;
  let digit: number, isLow: boolean, isHigh: boolean;
  for (;;) {
    digit = Number(value / scale);
    value %= scale;
    isLow = even ? value <= low : value < low;
    isHigh = even ? value + high >= scale : value + high > scale;
    if (((isLow || isHigh) && pos <= minPos) || pos <= lastPos) break;
    out += digit;
    value *= 10n; low *= 10n; high *= 10n;
    pos--;
  }
  let roundDown = isLow;
  if (isLow === isHigh) {
    const twice = value * 2n;
    roundDown = twice < scale || (twice === scale && digit % 2 === 0);
  }
  if (roundDown) return { digits: out + digit, exp: fp };
  if (digit < 9) return { digits: out + (digit + 1), exp: fp };
  // carry through trailing nines
  let i = out.length - 1;
  while (i >= 0 && out[i] === '9') i--;
  if (i < 0) return { digits: '1', exp: fp + 1 };
  return { digits: out.slice(0, i) + String(Number(out[i]) + 1), exp: fp };
}

export interface PositionalOptions {
  precision?: number; minDigits?: number; trim?: Trim; sign?: boolean; padLeft?: number; padRight?: number;
}

/** np.format_float_positional(x, unique=True, fractional=True, ...) for finite x. */
export function formatPositional(x: number, kind: FloatKind, o: PositionalOptions = {}): string {
  const precision = o.precision ?? -1, trim = o.trim ?? 'k';
  const neg = x < 0 || Object.is(x, -0);
  const { digits, exp } = dragon4(Math.abs(x), kind, 'fraction', precision, o.minDigits ?? -1);
  let whole: string, frac: string;
  if (exp >= 0) {
    whole = digits.length <= exp + 1 ? digits + '0'.repeat(exp + 1 - digits.length) : digits.slice(0, exp + 1);
    frac = digits.length <= exp + 1 ? '' : digits.slice(exp + 1);
  } else {
    whole = '0';
    frac = '0'.repeat(-exp - 1) + digits;
  }
  if (trim === '0' && frac === '') frac = '0';
  if (precision >= 0 && trim !== 'k' && frac !== '') {
    frac = frac.replace(/0+$/, '');
    if (frac === '' && trim === '0') frac = '0';
  }
  const signStr = neg ? '-' : o.sign ? '+' : '';
  let s = signStr + whole + (frac !== '' || trim !== '-' ? '.' : '') + frac;
  const padRight = o.padRight ?? -1;
  if (padRight >= frac.length) s += (trim === '-' && frac === '' ? ' ' : '') + ' '.repeat(padRight - frac.length);
  const padLeft = o.padLeft ?? -1;
  if (padLeft > whole.length + signStr.length) s = ' '.repeat(padLeft - whole.length - signStr.length) + s;
  return s;
}

export interface ScientificOptions {
  precision?: number; minDigits?: number; trim?: Trim; sign?: boolean; padLeft?: number; expDigits?: number;
}

/** np.format_float_scientific(x, unique=True, ...) for finite x. */
export function formatScientific(x: number, kind: FloatKind, o: ScientificOptions = {}): string {
  const precision = o.precision ?? -1, trim = o.trim ?? 'k', minDigits = o.minDigits ?? -1;
  const neg = x < 0 || Object.is(x, -0);
  const d = dragon4(Math.abs(x), kind, 'total', precision < 0 ? -1 : precision + 1, minDigits < 0 ? -1 : minDigits + 1);
  let frac = d.digits.slice(1);
  if (trim === '0' && frac === '') frac = '0';
  else if (trim === 'k' && precision > frac.length) frac += '0'.repeat(precision - frac.length);
  if (precision >= 0 && trim !== 'k' && frac !== '') {
    frac = frac.replace(/0+$/, '');
    if (frac === '' && trim === '0') frac = '0';
  }
  const signStr = neg ? '-' : o.sign ? '+' : '';
  const expDigits = Math.min(5, (o.expDigits ?? -1) < 0 ? 2 : o.expDigits!);
  const expStr = (d.exp < 0 ? '-' : '+') + String(Math.abs(d.exp)).padStart(expDigits, '0');
  const s = signStr + d.digits[0] + (frac !== '' || trim !== '-' ? '.' : '') + frac + 'e' + expStr;
  const padLeft = o.padLeft ?? -1;
  return padLeft > 1 + signStr.length ? ' '.repeat(padLeft - 1 - signStr.length) + s : s;
}

/** Largest magnitude a numpy scalar of this kind prints positionally (str(np.float32(1e6)) is '1e+06'). */
function scalarCutoff(kind: FloatKind): number {
  return kind === FLOAT16 ? 1e3 : kind === FLOAT32 ? 1e6 : 1e16;
}

/** str() of a numpy float scalar: '23.9', '0.0', '-0.0', '1e-05', '1e+16', 'nan', '-inf'. */
export function floatScalarStr(x: number, kind: FloatKind, trimPositional: Trim = '0', sign = false): string {
  if (Number.isNaN(x)) return (sign ? '+' : '') + 'nan';
  if (!Number.isFinite(x)) return (x < 0 ? '-' : sign ? '+' : '') + 'inf';
  const a = Math.abs(x);
  if (a === 0 || (a >= 1e-4 && a < scalarCutoff(kind))) return formatPositional(x, kind, { trim: trimPositional, sign });
  return formatScientific(x, kind, { trim: '-', sign });
}

/** str() of a numpy complex scalar: '(1+2j)', '0.5j', '(-0-0.5j)', '(nan+1j)'. */
export function complexScalarStr(re: number, im: number, kind: FloatKind): string {
  const imStr = (sign: boolean): string => floatScalarStr(im, kind, '-', sign) + 'j';
  if (re === 0 && !Object.is(re, -0)) return imStr(false);
  return `(${floatScalarStr(re, kind, '-')}${imStr(true)})`;
}
