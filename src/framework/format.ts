// Printing values the way NumPy does (what TF users see from print(sess.run(x))):
// shortest round-trip digits, columns padded to a common width, 75-column wrapping,
// `...` summaries above 1000 elements.

import type { DType, AnyData } from './dtypes.js';
import type { NDArray, Complex } from './ndarray.js';
import { elementAt } from './ndarray.js';

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const PRECISION = 8;

/** Shortest decimal digits that round-trip in the dtype's precision. */
export function shortestRepr(x: number, dtype: DType): string {
  if (dtype === 'float64' || Math.fround(x) !== x) return String(x);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

interface Parts { neg: boolean; int: string; frac: string; exp: number | null }

/** Decimal digits of |x| as (digits, pointPos): 12.5 -> ('125', 2). */
function digitsOf(x: number, dtype: DType): { digits: string; point: number } {
  const s = shortestRepr(Math.abs(x), dtype);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) return { digits: '0', point: 1 };
  let digits = m[1] + (m[2] ?? '');
  let point = m[1].length + (m[3] ? Number(m[3]) : 0);
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead); point -= lead;
  digits = digits.replace(/0+$/, '');
  if (!digits) return { digits: '0', point: 1 };
  return { digits, point };
}

function roundDigits(d: { digits: string; point: number }, keep: number): { digits: string; point: number } {
  // keep `keep` digits of `digits`, rounding half to even on the decimal string
  if (keep >= d.digits.length) return d;
  if (keep < 0) return { digits: '0', point: 1 };
  const head = d.digits.slice(0, keep);
  const next = Number(d.digits[keep]);
  const rest = d.digits.slice(keep + 1);
  let up = next > 5 || (next === 5 && (/[1-9]/.test(rest) || (head.length > 0 && Number(head[head.length - 1]) % 2 === 1)));
  if (!head.length) up = next >= 5;
  if (!up) return head.replace(/0+$/, '') ? { digits: head.replace(/0+$/, ''), point: d.point } : { digits: '0', point: 1 };
  const n = (BigInt(head || '0') + 1n).toString().padStart(keep, '0');
  const grew = n.length > keep ? 1 : 0;
  return { digits: n.replace(/0+$/, '') || '0', point: d.point + grew };
}

function positionalParts(x: number, dtype: DType, precision: number): Parts {
  let d = digitsOf(x, dtype);
  d = roundDigits(d, d.point + precision);
  const neg = x < 0 || Object.is(x, -0);
  if (d.digits === '0') return { neg, int: '0', frac: '', exp: null };
  let int: string, frac: string;
  if (d.point <= 0) { int = '0'; frac = '0'.repeat(-d.point) + d.digits; } else if (d.point >= d.digits.length) {
    int = d.digits + '0'.repeat(d.point - d.digits.length); frac = '';
  } else { int = d.digits.slice(0, d.point); frac = d.digits.slice(d.point); }
  return { neg, int, frac, exp: null };
}

function scientificParts(x: number, dtype: DType, precision: number): Parts {
  let d = digitsOf(x, dtype);
  d = roundDigits(d, precision + 1);
  const neg = x < 0 || Object.is(x, -0);
  if (x === 0) return { neg, int: '0', frac: '', exp: 0 };
  return { neg, int: d.digits[0], frac: d.digits.slice(1), exp: d.point - 1 };
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/** A formatter for all floats of one array (NumPy's FloatingFormat, floatmode 'maxprec'). */
function floatFormatter(values: number[], dtype: DType): (x: number) => string {
  const finite = values.filter(v => Number.isFinite(v));
  const abs = finite.map(Math.abs).filter(v => v !== 0);
  const maxV = abs.length ? Math.max(...abs) : 0;
  const minV = abs.length ? Math.min(...abs) : 0;
  const exp = abs.length > 0 && (maxV >= 1e8 || minV < 1e-4 || maxV / minV > 1000);
  const parts = finite.map(v => (exp ? scientificParts(v, dtype, PRECISION) : positionalParts(v, dtype, PRECISION)));
  const anyNeg = values.some(v => v < 0 || Object.is(v, -0) || v === -Infinity);
  const intW = Math.max(1, ...parts.map(p => p.int.length + (p.neg ? 1 : 0)), anyNeg ? 2 : 1);
  const fracW = Math.max(0, ...parts.map(p => p.frac.length));
  const expW = exp ? Math.max(2, ...parts.map(p => String(Math.abs(p.exp ?? 0)).length)) : 0;
  const nonFiniteW = values.some(v => !Number.isFinite(v)) ? intW + 1 + fracW + (exp ? 2 + expW : 0) : 0;
  return (x: number) => {
    const nf = nonFinite(x);
    if (nf !== null) return nf.padStart(nonFiniteW);
    const p = exp ? scientificParts(x, dtype, PRECISION) : positionalParts(x, dtype, PRECISION);
    let s = (p.neg ? '-' : '') + p.int;
    s = s.padStart(intW) + '.' + p.frac.padEnd(fracW);
    if (exp) {
      const e = p.exp ?? 0;
      s = s.trimEnd().padEnd(intW + 1 + fracW) + 'e' + (e < 0 ? '-' : '+') + String(Math.abs(e)).padStart(expW, '0');
    }
    return s;
  };
}

/** A numpy scalar's str(): 5, 2.5, 1e-05, True, b'hi'. */
export function formatScalar(v: unknown, dtype: DType): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return bytesRepr(v);
  if (typeof v === 'bigint') return v.toString();
  if (v && typeof v === 'object') {
    const c = v as Complex;
    return `(${formatScalar(c.re, 'float32')}${c.im < 0 || Object.is(c.im, -0) ? '-' : '+'}${formatScalar(Math.abs(c.im), 'float32')}j)`;
  }
  const x = v as number;
  if (dtype === 'float16' || dtype === 'float32' || dtype === 'float64') {
    const nf = nonFinite(x);
    if (nf) return nf;
    const a = Math.abs(x);
    if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
      const p = scientificParts(x, dtype, 17);
      return `${p.neg ? '-' : ''}${p.int}${p.frac ? '.' + p.frac : ''}e${(p.exp ?? 0) < 0 ? '-' : '+'}${String(Math.abs(p.exp ?? 0)).padStart(2, '0')}`;
    }
    const p = positionalParts(x, dtype, 17);
    return `${p.neg ? '-' : ''}${p.int}.${p.frac || '0'}`;
  }
  return String(x);
}

export function bytesRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let body = '';
  for (const ch of Buffer.from(s, 'utf8')) {
    if (ch === 0x5c) body += '\\\\';
    else if (ch === q.charCodeAt(0)) body += '\\' + q;
    else if (ch === 0x0a) body += '\\n';
    else if (ch === 0x0d) body += '\\r';
    else if (ch === 0x09) body += '\\t';
    else if (ch < 0x20 || ch >= 0x7f) body += '\\x' + ch.toString(16).padStart(2, '0');
    else body += String.fromCharCode(ch);
  }
  return `b${q}${body}${q}`;
}

function elementFormatter(a: NDArray, indices: number[]): (i: number) => string {
  const dt = a.dtype;
  const data = a.data as AnyData;
  if (dt === 'float16' || dt === 'float32' || dt === 'float64') {
    const f = floatFormatter(indices.map(i => (data as Float32Array)[i]), dt);
    return i => f((data as Float32Array)[i]);
  }
  if (dt === 'bool') {
    const anyFalse = indices.some(i => (data as Uint8Array)[i] === 0);
    return i => ((data as Uint8Array)[i] ? 'True' : 'False').padStart(anyFalse ? 5 : 4);
  }
  if (dt === 'complex64') {
    const re = floatFormatter(indices.map(i => (data as Float32Array)[2 * i]), 'float32');
    const im = floatFormatter(indices.map(i => Math.abs((data as Float32Array)[2 * i + 1])), 'float32');
    return i => {
      const b = (data as Float32Array)[2 * i + 1];
      return `${re((data as Float32Array)[2 * i])}${b < 0 ? '-' : '+'}${im(Math.abs(b)).trim()}j`;
    };
  }
  const strs = new Map<number, string>();
  for (const i of indices) strs.set(i, dt === 'string' ? bytesRepr((data as string[])[i]) : String(elementAt(dt, data, i)));
  const w = Math.max(0, ...[...strs.values()].map(s => s.length));
  return i => (dt === 'string' ? strs.get(i)!.padEnd(w) : strs.get(i)!.padStart(w));
}

/** Prints an array like `print(np_array)` (str, not repr). */
export function formatNDArray(a: NDArray): string {
  if (a.shape.length === 0) return formatScalar(a.at(0), a.dtype);
  const size = a.size;
  const summarize = size > THRESHOLD;
  const shape = a.shape;
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = acc; acc *= shape[i]; }
  // indices that are shown (for column widths)
  const shown: number[] = [];
  const collect = (dim: number, off: number): void => {
    if (dim === shape.length) { shown.push(off); return; }
    const n = shape[dim];
    if (summarize && n > 2 * EDGE_ITEMS) {
      for (let i = 0; i < EDGE_ITEMS; i++) collect(dim + 1, off + i * strides[dim]);
      for (let i = n - EDGE_ITEMS; i < n; i++) collect(dim + 1, off + i * strides[dim]);
    } else for (let i = 0; i < n; i++) collect(dim + 1, off + i * strides[dim]);
  };
  collect(0, 0);
  const fmt = elementFormatter(a, shown);
  const render = (dim: number, off: number, indent: string): string => {
    const n = shape[dim];
    const items: number[] = [];
    const ellipsisAt = summarize && n > 2 * EDGE_ITEMS ? EDGE_ITEMS : -1;
    if (ellipsisAt >= 0) {
      for (let i = 0; i < EDGE_ITEMS; i++) items.push(i);
      for (let i = n - EDGE_ITEMS; i < n; i++) items.push(i);
    } else for (let i = 0; i < n; i++) items.push(i);
    if (dim === shape.length - 1) {
      const words = items.map(i => fmt(off + i * strides[dim]));
      if (ellipsisAt >= 0) words.splice(ellipsisAt, 0, '...');
      let line = indent + '[';
      const lines: string[] = [];
      const hang = ' '.repeat(indent.length + 1);
      words.forEach((w, k) => {
        const sep = k === 0 ? '' : ' ';
        const tail = k === words.length - 1 ? 1 : 0; // room for ']'
        if (k > 0 && line.length + sep.length + w.length + tail > LINE_WIDTH) {
          lines.push(line.trimEnd());
          line = hang + w;
        } else line += sep + w;
      });
      lines.push(line + ']');
      return lines.join('\n').slice(indent.length);
    }
    const inner = indent + ' ';
    const blank = '\n'.repeat(shape.length - dim - 1);
    const parts = items.map(i => render(dim + 1, off + i * strides[dim], inner));
    if (ellipsisAt >= 0) parts.splice(ellipsisAt, 0, '...');
    return '[' + parts.join(blank + inner).replace(/^/, '') + ']';
  };
  return render(0, 0, '');
}
