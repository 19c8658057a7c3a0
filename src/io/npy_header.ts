// The .npy header: a Python dict literal ({'descr': '<f4', 'fortran_order': False, 'shape': (3,), })
// after the magic string and a little-endian length, padded with spaces to a 64-byte boundary
// (numpy/lib/_format_impl.py). We parse the literal ourselves: strings, ints (with Python 2's
// `L` suffix), True/False/None, tuples, lists and dicts - enough for every file numpy writes.

export type PyValue = string | number | boolean | null | PyTuple | PyValue[] | PyDict;
export class PyTuple { constructor(readonly items: PyValue[]) {} }
export class PyDict { constructor(readonly entries: Map<string, PyValue>) {} }

export const MAGIC = Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59); // \x93NUMPY
const ARRAY_ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21;

/** Parses a Python literal; throws Error with a short reason on bad input. */
export function parsePyLiteral(text: string): PyValue {
  let i = 0;
  const ws = (): void => { while (i < text.length && /\s/.test(text[i])) i++; };
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${i} of ${JSON.stringify(text.length > 120 ? text.slice(0, 120) + '...' : text)}`);
  };
  const expect = (c: string): void => { ws(); if (text[i] !== c) fail(`expected '${c}'`); i++; };
  const seq = (close: string): PyValue[] => {
    const items: PyValue[] = [];
    for (;;) {
      ws();
      if (text[i] === close) { i++; return items; }
      items.push(value());
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`expected ',' or '${close}'`);
    }
  };
  const str = (): string => {
    const q = text[i++];
    let out = '';
    while (i < text.length && text[i] !== q) {
      if (text[i] === '\\') {
        const c = text[++i];
        out += c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === '0' ? '\0' : c;
        i++;
      } else out += text[i++];
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    return out;
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === undefined) return fail('unexpected end of header');
    if (c === "'" || c === '"') return str();
    if (c === '(') { i++; return new PyTuple(seq(')')); }
    if (c === '[') { i++; return seq(']'); }
    if (c === '{') {
      i++;
      const entries = new Map<string, PyValue>();
      for (;;) {
        ws();
        if (text[i] === '}') { i++; return new PyDict(entries); }
        const k = value();
        if (typeof k !== 'string') fail('expected a string key');
        expect(':');
        entries.set(k as string, value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail("expected ',' or '}'");
      }
    }
    const m = /^(?:True|False|None|[-+]?\d+L?)/.exec(text.slice(i, i + 40));
    if (!m) return fail('unexpected character ' + JSON.stringify(c));
    i += m[0].length;
    if (m[0] === 'True') return true;
    if (m[0] === 'False') return false;
    if (m[0] === 'None') return null;
    return Number(m[0].replace(/L$/, ''));
  };
  const v = value();
  ws();
  if (i < text.length) fail('trailing characters');
  return v;
}

/** Python's repr() of a shape tuple: (), (3,), (2, 3). */
export function shapeRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * The complete header block numpy's np.save writes: magic, version, length, dict, padding.
 * version null picks 1.0, or 2.0 when the header does not fit a 16-bit length.
 */
export function buildHeader(descr: string, shape: readonly number[], version: 1 | 2 | 3 | null): Uint8Array {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const body = Buffer.from(dict, version === 3 ? 'utf8' : 'latin1');
  const wrap = (major: number): Uint8Array => {
    const lenBytes = major === 1 ? 2 : 4;
    const hlen = body.length + 1;
    const padlen = ARRAY_ALIGN - ((MAGIC.length + 2 + lenBytes + hlen) % ARRAY_ALIGN);
    const total = hlen + padlen;
    if (major === 1 && total > 0xffff) throw new RangeError(`Header length ${hlen} too big for version=(1, 0)`);
    const out = Buffer.alloc(MAGIC.length + 2 + lenBytes + total, 0x20);
    out.set(MAGIC, 0);
    out[6] = major; out[7] = 0;
    if (major === 1) out.writeUInt16LE(total, 8); else out.writeUInt32LE(total, 8);
    out.set(body, 8 + lenBytes);
    out[out.length - 1] = 0x0a;
    return out;
  };
  if (version !== null) return wrap(version);
  try { return wrap(1); } catch { return wrap(2); }
}
