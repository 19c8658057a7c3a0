// Printing values the way NumPy's str() does (what TF users see from print(sess.run(x))),
// following numpy/_core/arrayprint.py with default print options: precision 8 in 'maxprec'
// mode, common column widths, 75-column lines, `...` summaries above 1000 elements.

import { type DType, type AnyData, roundHalf } from './dtypes.js';
import type { NDArray } from './ndarray.js';
import {
  type FloatKind, FLOAT16, FLOAT32, floatKind, formatPositional, formatScientific, floatScalarStr, complexScalarStr,
} from './format_float.js';

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const PRECISION = 8;

type Formatter = (i: number) => string;

/** NumPy's FloatingFormat: one layout (positional or scientific, paddings) for all values shown. */
function floatingFormat(values: number[], kind: FloatKind, sign: boolean): (x: number) => string {
  const finite = values.filter(Number.isFinite);
  const nonZero = finite.filter(v => v !== 0).map(Math.abs);
  let expFormat = false;
  if (nonZero.length) {
    let max = nonZero[0], min = nonZero[0];
    for (const v of nonZero) { if (v > max) max = v; if (v < min) min = v; }
    // numpy compares in the array's own dtype (Python floats are 'weak' scalars)
    const round = kind === FLOAT16 ? roundHalf : kind === FLOAT32 ? Math.fround : (v: number) => v;
    const cutoff = kind === FLOAT16 ? 1e3 : kind === FLOAT32 ? 1e6 : 1e8; // 10**min(8, finfo.precision)
    expFormat = max >= cutoff || min < round(1e-4) || round(max / min) > 1000;
  }
  let padLeft = 0, padRight = 0, precision = PRECISION, expSize = -1;
  if (finite.length && expFormat) {
    precision = 0;
    for (const x of finite) {
      const [mant, ex] = formatScientific(x, kind, { precision: PRECISION, trim: '.', sign }).split('e');
      const [int, frac] = mant.split('.');
      padLeft = Math.max(padLeft, int.length);
      precision = Math.max(precision, frac.length);
      expSize = Math.max(expSize, ex.length - 1);
    }
    padRight = expSize + 2 + precision;
  } else if (finite.length) {
    for (const x of finite) {
      const [int, frac] = formatPositional(x, kind, { precision: PRECISION, minDigits: 0, trim: '.', sign }).split('.');
      padLeft = Math.max(padLeft, int.length);
      padRight = Math.max(padRight, frac.length);
    }
  }
  if (finite.length !== values.length) {
    const negInf = sign || values.some(v => v === -Infinity);
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + (negInf ? 1 : 0) - (padRight + 1));
  }
  return (x: number) => {
    if (!Number.isFinite(x)) {
      const s = Number.isNaN(x) ? (sign ? '+nan' : 'nan') : x < 0 ? '-inf' : sign ? '+inf' : 'inf';
      return s.padStart(padLeft + padRight + 1);
    }
    return expFormat
      ? formatScientific(x, kind, { precision, minDigits: precision, trim: 'k', sign, padLeft, expDigits: expSize })
      : formatPositional(x, kind, { precision: PRECISION, minDigits: 0, trim: '.', sign, padLeft, padRight });
  };
}

/** Python's repr() of a bytes object (strings are UTF-8 bytes, as in TF). */
export function bytesRepr(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  const q = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let body = '';
  for (const ch of bytes) {
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

/** str() of a numpy scalar as sess.run returns it: 23.9, 1e-05, 5, True, b'hi', (1+2j). */
export function formatScalar(v: unknown, dtype: DType): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return bytesRepr(v);
  if (typeof v === 'bigint') return v.toString();
  if (v !== null && typeof v === 'object' && 're' in v && 'im' in v) {
    return complexScalarStr(Number(v.re), Number(v.im), floatKind('float32'));
  }
  const x = Number(v);
  if (dtype === 'float16' || dtype === 'float32' || dtype === 'float64') return floatScalarStr(x, floatKind(dtype));
  if (dtype === 'bool') return x ? 'True' : 'False';
  return String(x);
}

/** The formatter for the elements at the given flat indices (numpy's _get_format_function). */
function formatterFor(dtype: DType, data: AnyData, shown: number[]): Formatter {
  switch (dtype) {
    case 'float16': case 'float32': case 'float64': {
      const d = data as Float32Array;
      const f = floatingFormat(shown.map(i => d[i]), floatKind(dtype), false);
      return i => f(d[i]);
    }
    case 'complex64': {
      const d = data as Float32Array;
      const kind = floatKind('float32');
      const re = floatingFormat(shown.map(i => d[2 * i]), kind, false);
      const im = floatingFormat(shown.map(i => d[2 * i + 1]), kind, true);
      return i => {
        const s = im(d[2 * i + 1]);
        const end = s.trimEnd().length;
        return re(d[2 * i]) + s.slice(0, end) + 'j' + s.slice(end);
      };
    }
    case 'bool': return i => ((data as Uint8Array)[i] ? ' True' : 'False');
    case 'string': return i => bytesRepr((data as string[])[i]);
    default: {
      const d = data as ArrayLike<number | bigint>;
      let width = 0;
      if (shown.length) {
        let max = d[shown[0]], min = d[shown[0]];
        for (const i of shown) { if (d[i] > max) max = d[i]; if (d[i] < min) min = d[i]; }
        width = Math.max(String(max).length, String(min).length);
      }
      return i => String(d[i]).padStart(width);
    }
  }
}

function extendLine(s: string, line: string, word: string, width: number, prefix: string): [string, string] {
  if (line.length + word.length > width && line.length > prefix.length) {
    s += line.trimEnd() + '\n';
    line = prefix;
  }
  return [s, line + word];
}

/** Prints an array like `print(np_array)`; a rank-0 array prints as its scalar (what sess.run returns). */
export function formatNDArray(a: NDArray): string {
  const shape = a.shape;
  const data = a.data as AnyData;
  if (shape.length === 0) return formatScalar(a.at(0), a.dtype);
  if (a.size === 0) return '[]';
  const summarize = a.size > THRESHOLD;
  const strides: number[] = new Array(shape.length);
  for (let i = shape.length - 1, acc = 1; i >= 0; acc *= shape[i], i--) strides[i] = acc;
  const cut = (n: number): boolean => summarize && n > 2 * EDGE_ITEMS;

  // numpy's _leading_trailing: the corners that will be shown decide the column widths
  const shown: number[] = [];
  const collect = (dim: number, off: number): void => {
    if (dim === shape.length) { shown.push(off); return; }
    const n = shape[dim];
    for (let i = 0; i < n; i++) {
      if (cut(n) && i === EDGE_ITEMS) i = n - EDGE_ITEMS;
      collect(dim + 1, off + i * strides[dim]);
    }
  };
  collect(0, 0);
  const fmt = formatterFor(a.dtype, data, shown);

  // numpy's _formatArray with separator ' ' and legacy=False
  const recurse = (dim: number, off: number, hanging: string, width: number): string => {
    if (dim === shape.length) return fmt(off);
    const nextHanging = hanging + ' ';
    const nextWidth = width - 1;
    const n = shape[dim];
    const summary = cut(n);
    const lead = summary ? EDGE_ITEMS : 0;
    const trail = summary ? EDGE_ITEMS : n;
    const at = (i: number): string => recurse(dim + 1, off + (i < 0 ? n + i : i) * strides[dim], nextHanging, nextWidth);
    let s = '';
    if (dim === shape.length - 1) {
      const elemWidth = width - 1;
      let line = hanging;
      for (let i = 0; i < lead; i++) { [s, line] = extendLine(s, line, at(i), elemWidth, hanging); line += ' '; }
      if (summary) { [s, line] = extendLine(s, line, '...', elemWidth, hanging); line += ' '; }
      for (let i = trail; i > 1; i--) { [s, line] = extendLine(s, line, at(-i), elemWidth, hanging); line += ' '; }
      [s, line] = extendLine(s, line, at(-1), elemWidth, hanging);
      s += line;
    } else {
      const lineSep = '\n'.repeat(shape.length - dim - 1);
      for (let i = 0; i < lead; i++) s += hanging + at(i) + lineSep;
      if (summary) s += hanging + '...' + lineSep;
      for (let i = trail; i > 1; i--) s += hanging + at(-i) + lineSep;
      s += hanging + at(-1);
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  return recurse(0, 0, ' ', LINE_WIDTH);
}
