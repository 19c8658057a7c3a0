// Every case of test/fixtures/numpy_print.json (written by real NumPy, tools/gen_fixtures.py)
// and numpy_print_extra.json (tools/gen_numpy_print.py) must print exactly as numpy's str().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as tf from '../../src/index.js';
import { formatNDArray, formatScalar } from '../../src/framework/format.js';
import { isDType, allocData, type DType } from '../../src/framework/dtypes.js';

type Enc = number | string | boolean | Enc[];
interface Case { dtype: string; shape: number[]; values: Enc[]; str: string; scalar_str?: string }

const root = new URL('../../../', import.meta.url);
const num = (v: Enc): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

function toNDArray(c: Case): tf.NDArray {
  const dtype = c.dtype as DType;
  const n = c.values.length;
  const data = allocData(dtype, n);
  c.values.forEach((v, i) => {
    if (dtype === 'complex64') {
      const [re, im] = v as Enc[];
      (data as Float32Array)[2 * i] = num(re);
      (data as Float32Array)[2 * i + 1] = num(im);
    } else if (dtype === 'int64') (data as BigInt64Array)[i] = BigInt(v as string);
    else if (dtype === 'bool') (data as Uint8Array)[i] = v ? 1 : 0;
    else if (dtype === 'string') (data as string[])[i] = v as string;
    else (data as Float32Array)[i] = num(v);
  });
  return new tf.NDArray(dtype, c.shape, data);
}

for (const file of ['numpy_print.json', 'numpy_print_extra.json']) {
  const path = new URL(`test/fixtures/${file}`, root);
  if (!existsSync(path)) {
    test(`numpy print fixtures: ${file}`, { skip: `test/fixtures/${file} not found` }, () => {});
    continue;
  }
  const { cases } = JSON.parse(readFileSync(path, 'utf8')) as { cases: Case[] };
  test(`numpy print fixtures: ${file} (${cases.length} cases)`, async t => {
    for (const [k, c] of cases.entries()) {
      const label = `#${k} ${c.dtype}[${c.shape.join(',')}] ${JSON.stringify(c.str).slice(0, 60)}`;
      if (!isDType(c.dtype)) {
        await t.test(label, { skip: `numpy dtype ${c.dtype} has no tensorgraph counterpart` }, () => {});
        continue;
      }
      await t.test(label, () => {
        const a = toNDArray(c);
        if (c.shape.length === 0) {
          // sess.run returns numpy scalars (and bytes for strings), so a rank-0 NDArray prints as str(scalar)
          assert.equal(formatScalar(a.at(0), a.dtype), c.scalar_str);
          assert.equal(formatNDArray(a), c.scalar_str);
        } else {
          assert.equal(formatNDArray(a), c.str);
          assert.equal(a.toString(), c.str);
        }
      });
    }
  });
}
