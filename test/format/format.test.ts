// Hand cases for NumPy-style printing; the exhaustive checks against real NumPy are in
// numpy_print.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import * as tf from '../../src/index.js';
import { formatScalar, formatNDArray } from '../../src/framework/format.js';
import { FLOAT16, FLOAT32, FLOAT64, formatPositional, formatScientific } from '../../src/framework/format_float.js';

test('numpy scalars print as str(np.float32(...)) etc.', () => {
  assert.equal(formatScalar(Math.fround(23.9), 'float32'), '23.9');
  assert.equal(formatScalar(0, 'float32'), '0.0');
  assert.equal(formatScalar(-0, 'float64'), '-0.0');
  assert.equal(formatScalar(Math.fround(1e-5), 'float32'), '1e-05');
  assert.equal(formatScalar(Math.fround(1e16), 'float32'), '1e+16');
  assert.equal(formatScalar(1e6, 'float32'), '1e+06');          // float32 goes scientific at 1e6
  assert.equal(formatScalar(1e6, 'float64'), '1000000.0');      // float64 only at 1e16
  assert.equal(formatScalar(0.1 + 0.2, 'float64'), '0.30000000000000004');
  assert.equal(formatScalar(Math.fround(1 / 3), 'float32'), '0.33333334');
  assert.equal(formatScalar(NaN, 'float32'), 'nan');
  assert.equal(formatScalar(-Infinity, 'float64'), '-inf');
  assert.equal(formatScalar(5, 'int16'), '5');
  assert.equal(formatScalar(2n ** 63n - 1n, 'int64'), '9223372036854775807');
  assert.equal(formatScalar(true, 'bool'), 'True');
  assert.equal(formatScalar('Hello, TensorFlow!', 'string'), "b'Hello, TensorFlow!'");
  assert.equal(formatScalar("it's", 'string'), `b"it's"`);
  assert.equal(formatScalar({ re: 1, im: 2 }, 'complex64'), '(1+2j)');
  assert.equal(formatScalar({ re: 0, im: -0.5 }, 'complex64'), '-0.5j');
});

test('arrays print as numpy str(): widths, signs, scientific mode, nan/inf, bools, bytes', () => {
  const p = (v: tf.ValueLike, d?: tf.DType): string => formatNDArray(toArr(v, d));
  assert.equal(p([[1, 2], [3, 4]], 'float32'), '[[1. 2.]\n [3. 4.]]');
  assert.equal(p([1.5, -2, 3.25], 'float32'), '[ 1.5  -2.    3.25]');
  assert.equal(p([1e-5, 1], 'float32'), '[1.e-05 1.e+00]');
  assert.equal(p([1e8, 1], 'float64'), '[1.e+08 1.e+00]');
  assert.equal(p([NaN, 1, Infinity, -Infinity], 'float32'), '[ nan   1.  inf -inf]');
  assert.equal(p([0, -0], 'float32'), '[ 0. -0.]');
  assert.equal(p([true, false, true]), '[ True False  True]');
  assert.equal(p(['a', 'bc']), "[b'a' b'bc']");
  assert.equal(p([-1, 20, -300], 'int32'), '[  -1   20 -300]');
  assert.equal(p([], 'float32'), '[]');
  assert.equal(p([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], 'int32'), '[[[1 2]\n  [3 4]]\n\n [[5 6]\n  [7 8]]]');
});

test('long rows wrap at 75 columns; more than 1000 elements are summarized', () => {
  const wide = formatNDArray(new tf.NDArray('int32', [40], Int32Array.from({ length: 40 }, (_, i) => i * 1000)));
  for (const line of wide.split('\n')) assert.ok(line.length <= 75, line);
  assert.ok(wide.startsWith('[    0  1000  2000'));
  const big = formatNDArray(new tf.NDArray('float32', [1200], Float32Array.from({ length: 1200 }, (_, i) => 1 + i / 2)));
  assert.equal(big, '[  1.    1.5   2.  ... 599.5 600.  600.5]');
});

test('Dragon4 digits: exact extra digits, cutoff rounding, per-dtype shortest digits', () => {
  assert.equal(formatPositional(Math.fround(0.3), FLOAT32, { minDigits: 10 }), '0.3000000119');
  assert.equal(formatPositional(Math.fround(0.3), FLOAT32), '0.3');
  assert.equal(formatPositional(0.3, FLOAT64), '0.3');
  assert.equal(formatPositional(0.0999755859375, FLOAT16), '0.1');
  assert.equal(formatPositional(0.0999755859375, FLOAT32), '0.099975586');
  assert.equal(formatScientific(1e23, FLOAT64), '1.e+23');
  assert.equal(formatScientific(8192, FLOAT16, { trim: '-' }), '8.19e+03');
  assert.equal(formatPositional(1 / 3, FLOAT64, { precision: 8, trim: '.' }), '0.33333333');
  assert.equal(formatScientific(Math.PI, FLOAT32, { precision: 3, trim: 'k', padLeft: 3, expDigits: 3 }), '  3.142e+000');
});

test('NDArray.toString, util.inspect and sess.run results print like numpy', () => {
  const r = tf.withGraph(() => new tf.Session().run(tf.constant([[1.5, 2], [3, 4]])));
  assert.equal(String(r), '[[1.5 2. ]\n [3.  4. ]]');
  assert.equal(inspect(r), '[[1.5 2. ]\n [3.  4. ]]');
  const s = tf.withGraph(() => new tf.Session().run(tf.constant('Hello, TensorFlow!')));
  assert.equal(String(s), "b'Hello, TensorFlow!'");
  const x = tf.withGraph(() => new tf.Session().run(tf.constant(23.9)));
  assert.equal(`${x}`, '23.9');
});

function toArr(v: tf.ValueLike, d?: tf.DType): tf.NDArray {
  if (d === undefined) {
    const flat = (v as unknown[]).flat(Infinity);
    if (typeof flat[0] === 'boolean') return new tf.NDArray('bool', [flat.length], Uint8Array.from(flat as boolean[], b => (b ? 1 : 0)));
    return new tf.NDArray('string', [flat.length], flat as string[]);
  }
  const shape: number[] = [];
  for (let x: unknown = v; Array.isArray(x); x = x[0]) shape.push(x.length);
  const flat = (v as unknown[]).flat(Infinity) as number[];
  const data = tf.NDArray.zeros(d, shape).data as Float32Array;
  flat.forEach((n, i) => { data[i] = n; });
  return new tf.NDArray(d, shape, data);
}
